package report

import (
	"bytes"
	"encoding/json"
	"os"
	"testing"
)

// TestAppendIndentedIsJSONIndent: for every value of the golden reports
// (and a few edge cases), appendIndented writes what json.Indent writes.
func TestAppendIndentedIsJSONIndent(t *testing.T) {
	var values []any
	for _, golden := range []string{"testdata/golden.json", "testdata/golden.sarif", "testdata/golden.asff"} {
		data, err := os.ReadFile(golden)
		if err != nil {
			t.Fatal(err)
		}
		var v any
		if err := json.Unmarshal(data, &v); err != nil {
			t.Fatalf("%s: %v", golden, err)
		}
		values = append(values, v)
	}
	values = append(values, map[string]any{}, []any{}, map[string]any{"a": []any{}, "b": map[string]any{}, "c": []any{map[string]any{}}},
		"quote \" backslash \\ <tag> & \u2028 \x01", 1.5e-7, nil, true, []any{"\\", "\\\"", "", ":", ",", "{", "]"})
	if len(values) < 5 {
		t.Fatal("no values to compare")
	}
	for _, v := range values {
		compact, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		for _, pi := range [][2]string{{"", "  "}, {"    ", "  "}, {"\t", "\t"}} {
			var want bytes.Buffer
			if err := json.Indent(&want, compact, pi[0], pi[1]); err != nil {
				t.Fatal(err)
			}
			if got := appendIndented(nil, compact, pi[0], pi[1]); !bytes.Equal(got, want.Bytes()) {
				t.Errorf("prefix %q indent %q: got\n%.300s\nwant\n%.300s", pi[0], pi[1], got, want.Bytes())
			}
		}
	}
}

// FuzzAppendIndented: for any valid compact JSON (as json.Compact makes
// it), appendIndented and json.Indent agree.
func FuzzAppendIndented(f *testing.F) {
	f.Add([]byte(`{"a":[1,{"b":"c\"d"},[]],"e":{}}`))
	f.Add([]byte(`"\\"`))
	f.Add([]byte(`[[],[{}],{"":""}]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var compact bytes.Buffer
		if json.Compact(&compact, data) != nil {
			return
		}
		var want bytes.Buffer
		if err := json.Indent(&want, compact.Bytes(), "  ", "\t"); err != nil {
			t.Fatal(err)
		}
		if got := appendIndented(nil, compact.Bytes(), "  ", "\t"); !bytes.Equal(got, want.Bytes()) {
			t.Fatalf("got %q want %q", got, want.Bytes())
		}
	})
}
