package report

import (
	"encoding/json"
	"testing"

	"github.com/lambdasec/lambdasec/internal/inventory"
)

// TestSummaryDiagnosticsJSON pins the JSON shape of the summary's
// diagnostics, which must not change with their Go type: skipped inputs
// are objects (line and column left out when unknown), warnings and
// expired ignores are "file:line:col: message" strings.
func TestSummaryDiagnosticsJSON(t *testing.T) {
	sum := Summary{
		Skipped: SkippedInputs{
			inventory.At("bad.yaml", 3, 1, inventory.SeverityError, "invalid YAML"),
			inventory.At("dir", 0, 0, inventory.SeverityError, "permission denied"),
		},
		Warnings: Warnings{
			inventory.At("t.yaml", 12, 9, inventory.SeverityWarning, "Ref to \"X\" is left unresolved"),
			{Source: inventory.Source{File: "t.yaml", Line: 4, Column: 3, LogicalID: "Fn"}, Message: "skip of LS101 has no reason", Severity: inventory.SeverityWarning},
			{Message: "skip pattern \"x\" excluded nothing", Severity: inventory.SeverityWarning},
		},
		Expired: Warnings{inventory.At(".lambdasec.yaml", 6, 0, inventory.SeverityWarning, "ignore of LS101 expired")},
	}
	data, err := json.Marshal(sum)
	if err != nil {
		t.Fatal(err)
	}
	var got map[string]json.RawMessage
	if err := json.Unmarshal(data, &got); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"skipped":        `[{"path":"bad.yaml","line":3,"column":1,"reason":"invalid YAML"},{"path":"dir","reason":"permission denied"}]`,
		"warnings":       `["t.yaml:12:9: Ref to \"X\" is left unresolved","t.yaml:4:3 (Fn): skip of LS101 has no reason","skip pattern \"x\" excluded nothing"]`,
		"expiredIgnores": `[".lambdasec.yaml:6: ignore of LS101 expired"]`,
	}
	for k, w := range want {
		if string(got[k]) != w {
			t.Errorf("%s:\n got %s\nwant %s", k, got[k], w)
		}
	}
	// Empty lists are left out, as they were as []string.
	data, _ = json.Marshal(Summary{})
	got = nil
	if err := json.Unmarshal(data, &got); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"skipped", "warnings", "expiredIgnores"} {
		if _, ok := got[k]; ok {
			t.Errorf("empty %s is written", k)
		}
	}
}
