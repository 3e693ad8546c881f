package report

import (
	"bytes"
	"encoding/json"
	"testing"
)

// TestJSONStreamSameAsEncoder checks that the streamed JSON writer writes
// exactly what encoding/json's indenting Encoder writes for ToJSON's value,
// with findings and without.
func TestJSONStreamSameAsEncoder(t *testing.T) {
	fs, sum := goldenFindings(t)
	opt := Options{Version: "v0.0.0-test"}
	for _, tc := range []struct {
		name string
		n    int
	}{{"none", 0}, {"one", 1}, {"all", len(fs)}} {
		t.Run(tc.name, func(t *testing.T) {
			var want, got bytes.Buffer
			enc := json.NewEncoder(&want)
			enc.SetIndent("", "  ")
			if err := enc.Encode(ToJSON(fs[:tc.n], sum, opt)); err != nil {
				t.Fatal(err)
			}
			if err := JSON(&got, fs[:tc.n], sum, opt); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(want.Bytes(), got.Bytes()) {
				t.Errorf("streamed JSON differs from the Encoder's:\nwant %.300s\ngot  %.300s", want.String(), got.String())
			}
		})
	}
}
