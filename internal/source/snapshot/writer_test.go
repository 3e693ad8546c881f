package snapshot_test

import (
	"bytes"
	"os"
	"testing"
	"time"

	"github.com/lambdasec/lambdasec/internal/inventory"
	"github.com/lambdasec/lambdasec/internal/source/cloudformation"
	"github.com/lambdasec/lambdasec/internal/source/snapshot"
)

// TestWriterSameBytesAsWrite: the streaming Writer writes exactly the
// bytes Write does, with zero, one and several estates, with and without
// the tool and time, and its output reads back.
func TestWriterSameBytesAsWrite(t *testing.T) {
	var estates []*inventory.Estate
	for _, p := range []string{"../../../examples/orders-api/template.yaml", "../../rules/testdata/LS302/fail-secrets.yaml"} {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		e, _, err := cloudformation.Read(p, data)
		if err != nil {
			t.Fatal(err)
		}
		estates = append(estates, e)
	}
	at := time.Date(2026, 12, 6, 22, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name    string
		tool    string
		at      time.Time
		estates []*inventory.Estate
	}{
		{"none", "lambdasec test", at, []*inventory.Estate{}},
		{"one", "lambdasec test", at, estates[:1]},
		{"two", "lambdasec test", at, estates},
		{"bare", "", time.Time{}, estates[1:]},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var want bytes.Buffer
			if err := snapshot.Write(&want, &inventory.Snapshot{Tool: tc.tool, CreatedAt: tc.at, Estates: tc.estates}); err != nil {
				t.Fatal(err)
			}
			var got bytes.Buffer
			w, err := snapshot.NewWriter(&got, tc.tool, tc.at)
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range tc.estates {
				if err := w.Estate(e); err != nil {
					t.Fatal(err)
				}
			}
			if err := w.Close(); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got.Bytes(), want.Bytes()) {
				t.Fatalf("Writer and Write differ:\n%s\n---\n%s", got.Bytes(), want.Bytes())
			}
			s, err := snapshot.Read("w.json", got.Bytes())
			if err != nil || len(s.Estates) != len(tc.estates) {
				t.Fatalf("read back: %v, %d estates", err, len(s.Estates))
			}
		})
	}
}
