package exposure_test

import (
	"os"
	"testing"

	"github.com/lambdasec/lambdasec/internal/exposure"
	"github.com/lambdasec/lambdasec/internal/iampolicy"
	"github.com/lambdasec/lambdasec/internal/inventory"
	"github.com/lambdasec/lambdasec/internal/source/cloudformation"
)

func readTemplate(t *testing.T, path string) *inventory.Estate {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	e, _, err := cloudformation.Read(path, data)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func pathsOf(e *inventory.Estate) []*exposure.Path {
	a := exposure.New(e, inventory.NewIndex(e), iampolicy.BuiltinManagedPolicies())
	return a.Graph(exposure.GraphOptions{}).Paths()
}

func TestDebugPaths(t *testing.T) {
	e := readTemplate(t, "../../examples/vulnerable-shop/template.yaml")
	for _, p := range pathsOf(e) {
		t.Logf("%s %d %s unknown=%q cut=%q also=%v", p.Severity, p.Score, p.ID, p.Unknown, p.Cut, p.Also)
		for _, h := range p.Hops {
			t.Logf("    %s %s [%s] %s %s/%s %s", h.Kind, h.Label, h.Detail, h.Source, h.Rule, h.Resource, h.Unknown)
		}
	}
}
