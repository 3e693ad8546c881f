package snapshot_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/lambdasec/lambdasec/internal/inventory"
	"github.com/lambdasec/lambdasec/internal/source/cloudformation"
	"github.com/lambdasec/lambdasec/internal/source/snapshot"
)

// FuzzRead feeds arbitrary bytes to the snapshot reader. Its contract: an
// error names the file, and a JSON syntax or type error also gives the
// line and column; a snapshot read is written and read again unchanged
// (Write(Read(x)) reads back, and writing that gives the same bytes), so
// a snapshot handed over survives being re-saved. The seeds are snapshots
// of the example application and of a rule fixture, written by Write.
func FuzzRead(f *testing.F) {
	for _, p := range []string{"../../../examples/orders-api/template.yaml", "../../rules/testdata/LS302/fail-secrets.yaml"} {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatalf("seed: %v", err)
		}
		e, _, err := cloudformation.Read(p, data)
		if err != nil {
			f.Fatalf("seed %s: %v", p, err)
		}
		var buf bytes.Buffer
		if err := snapshot.Write(&buf, &inventory.Snapshot{Tool: "fuzz seed", Estates: []*inventory.Estate{e}}); err != nil {
			f.Fatal(err)
		}
		f.Add(buf.Bytes())
	}
	f.Add([]byte(`{"schemaVersion": 1, "estates": []}`))
	f.Add([]byte(`{"schemaVersion": 1, "estates": [{"kind": "aws-account", "name": "111122223333", "account": "111122223333"}]}`))
	f.Add([]byte(`{"schemaVersion": 1, "estates": [null]}`))
	f.Add([]byte(`{"schemaVersion": 2, "estates": []}`))
	f.Add([]byte("{\"schemaVersion\": 1,\n \"estates\": [{\"kind\": 1}]}"))
	f.Add([]byte(`{"schemaVersion": 1, "estates": [], "newField": true}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := snapshot.Read("fuzz.json", data)
		if err != nil {
			if s != nil {
				t.Fatalf("a snapshot and an error: %v", err)
			}
			if !strings.HasPrefix(err.Error(), "fuzz.json: ") {
				t.Fatalf("error does not name the file: %v", err)
			}
			var se *json.SyntaxError
			var te *json.UnmarshalTypeError
			if (errors.As(err, &se) || errors.As(err, &te)) && !strings.Contains(err.Error(), "line ") {
				t.Fatalf("JSON error without a position: %v", err)
			}
			return
		}
		var w1 bytes.Buffer
		if err := snapshot.Write(&w1, s); err != nil {
			t.Fatalf("write: %v", err)
		}
		s2, err := snapshot.Read("again.json", w1.Bytes())
		if err != nil {
			t.Fatalf("a snapshot written does not read back: %v\n%s", err, w1.Bytes())
		}
		var w2 bytes.Buffer
		if err := snapshot.Write(&w2, s2); err != nil {
			t.Fatalf("write again: %v", err)
		}
		if !bytes.Equal(w1.Bytes(), w2.Bytes()) {
			t.Fatalf("round trip changed the snapshot:\n%s\n----\n%s", w1.Bytes(), w2.Bytes())
		}
	})
}
