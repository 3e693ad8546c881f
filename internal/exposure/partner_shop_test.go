package exposure_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/lambdasec/lambdasec/internal/exposure"
	"github.com/lambdasec/lambdasec/internal/inventory"
)

// TestPartnerShopPaths checks the entry points beyond routes, URLs and
// buckets give the same paths from the same application written as SAM
// and as Terraform: the internet-facing load balancer to the admin
// function (critical), the bus another account may put events on to the
// S3 worker (data), the stream another account may write to the
// invoke-any function, and the foreign layer in Reports, whose role may
// update the admin function's code (a path through a change to full
// admin); every hop past the outside with a file and line.
func TestPartnerShopPaths(t *testing.T) {
	want := []string{
		"critical public alb partner-admin admin",
		"high foreign layer partner-reports admin via partner-admin",
		"medium foreign events partner-worker data",
		"medium foreign stream partner-clicks invoke-any-function",
	}
	for _, c := range []struct{ name, file, path string }{
		{"SAM", "template.yaml", "testdata/partner-shop/template.yaml"},
		{"Terraform", "main.tf", "testdata/partner-shop-tf"},
	} {
		t.Run(c.name, func(t *testing.T) {
			e := readTemplateOrDir(t, c.path)
			ps := pathsOf(e)
			var got []string
			for _, p := range ps {
				s := fmt.Sprintf("%s %s %s %s %s", p.Severity, p.Access, p.Entry.EntryKind, functionName(p), p.Impact)
				if p.Via != nil {
					s += " via " + p.Via.Label
				}
				got = append(got, s)
				for j, h := range p.Hops[1:] {
					if !strings.HasSuffix(h.Source.File, c.file) || h.Source.Line == 0 {
						t.Errorf("%s: hop %d (%s %s) has no file and line: %+v", p.ID, j+2, h.Kind, h.Label, h.Source)
					}
				}
			}
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("paths:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
		})
	}
}

func functionName(p *exposure.Path) string {
	if p.Function == nil {
		return ""
	}
	return p.Function.Label
}

func readTemplateOrDir(t *testing.T, path string) *inventory.Estate {
	t.Helper()
	if strings.HasSuffix(path, ".yaml") {
		return readTemplate(t, path)
	}
	return readTerraform(t, path)
}
