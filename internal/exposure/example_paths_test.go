package exposure_test

import (
	"os"
	"strings"
	"testing"

	"github.com/lambdasec/lambdasec/internal/exposure"
	"github.com/lambdasec/lambdasec/internal/iampolicy"
	"github.com/lambdasec/lambdasec/internal/inventory"
	"github.com/lambdasec/lambdasec/internal/source/cloudformation"
	"github.com/lambdasec/lambdasec/internal/source/terraform"
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

func readTerraform(t *testing.T, dir string) *inventory.Estate {
	t.Helper()
	e, _, _, err := terraform.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func pathsOf(e *inventory.Estate) []*exposure.Path {
	a := exposure.New(e, inventory.NewIndex(e), iampolicy.BuiltinManagedPolicies())
	return a.Graph(exposure.GraphOptions{}).Paths()
}

// shopPath is what the test expects of one of vulnerable-shop's top paths:
// the entry's label and line, the function, the impact and severity.
type shopPath struct {
	entry     string
	entryLine int
	function  string
	impact    exposure.Impact
	severity  string
}

// TestVulnerableShopPaths checks issue 10's Done-when on the example: the
// top three paths, in order, are the admin route (escalation), the public
// bucket -> function -> data path, and the route -> invoke any function ->
// every function path; every hop past "the internet" has a file and line.
func TestVulnerableShopPaths(t *testing.T) {
	for _, c := range []struct {
		name string
		e    *inventory.Estate
		file string
		want []shopPath
	}{
		{"SAM", readTemplate(t, "../../examples/vulnerable-shop/template.yaml"), "template.yaml", []shopPath{
			{"ShopApi POST /admin", 31, "AdminFunction", exposure.ImpactEscalation, "critical"},
			{"bucket ReceiptsBucket", 83, "ReceiptsFunction", exposure.ImpactData, "high"},
			{"ShopApi GET /orders", 37, "OrdersFunction", exposure.ImpactInvokeAny, "high"},
		}},
		{"Terraform", readTerraform(t, "../../examples/vulnerable-shop-tf"), "main.tf", []shopPath{
			{"vulnerable-shop POST /admin", 99, "shop-admin", exposure.ImpactEscalation, "critical"},
			{"bucket vulnerable-shop-receipts", 166, "shop-receipts", exposure.ImpactData, "high"},
			{"vulnerable-shop GET /orders", 121, "shop-orders", exposure.ImpactInvokeAny, "high"},
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			ps := pathsOf(c.e)
			if len(ps) != len(c.want) {
				for _, p := range ps {
					t.Logf("path %s", p.ID)
				}
				t.Fatalf("%d paths, want %d", len(ps), len(c.want))
			}
			for i, w := range c.want {
				p := ps[i]
				if p.Entry.Label != w.entry || p.Entry.Source.Line != w.entryLine || p.Function.Label != w.function || p.Impact != w.impact || p.Severity != w.severity || p.Unknown != "" {
					t.Errorf("path %d: %s at line %d -> %s -> %s (%s, unknown %q); want %s at line %d -> %s -> %s (%s)", i+1,
						p.Entry.Label, p.Entry.Source.Line, p.Function.Label, p.Impact, p.Severity, p.Unknown, w.entry, w.entryLine, w.function, w.impact, w.severity)
				}
				for j, h := range p.Hops[1:] {
					if !strings.HasSuffix(h.Source.File, c.file) || h.Source.Line == 0 {
						t.Errorf("path %d hop %d (%s %s) has no file and line: %+v", i+1, j+2, h.Kind, h.Label, h.Source)
					}
				}
			}
			if !strings.Contains(ps[0].Cut, "attach authorizer TokenAuthorizer") {
				t.Errorf("cut of the admin path %q does not say to attach the defined authorizer", ps[0].Cut)
			}
			last := ps[2].Hops[len(ps[2].Hops)-1]
			if last.Label != "every function (4)" {
				t.Errorf("the invoke-any path ends at %q, want every function (4)", last.Label)
			}
		})
	}
}
