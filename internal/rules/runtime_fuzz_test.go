package rules

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/lambdasec/lambdasec/internal/inventory"
)

// FuzzRuntimeTable feeds arbitrary bytes to the --runtimes table reader.
// Its contract: an error names the file; a table read has a date and keys
// every runtime by its own non-empty ID; writing the table back in the
// same format and reading it again gives the same table (no date or name
// is lost or changed on the way); and the runtime rule judges a function
// on every runtime of the table, and on one not in it, without failing
// (rules.Run turns a panic into an UNKNOWN that says "please report this").
func FuzzRuntimeTable(f *testing.F) {
	f.Add(builtinRuntimes)
	f.Add([]byte("asOf: 2026-01-01\nruntimes:\n  - {id: python3.9, deprecation: 2025-12-15, blockCreate: 2026-06-01}\n"))
	f.Add([]byte("asOf: 2026-01-01\nruntimes: []\n"))
	f.Add([]byte("asOf: 2026-01-01\nsource: x\nruntimes:\n  - {id: a}\n  - {id: a, name: again}\n"))
	f.Add([]byte("asOf: '2026-02-30'\n"))
	f.Add([]byte("asOf: 2026-01-01\nruntimes:\n  - {name: no id}\n"))
	f.Add([]byte("asOf: 2026-01-01\nruntimes: &r\n  - {id: x, deprecation: 0001-01-01}\nother: *r\n"))
	f.Add([]byte("{}"))
	f.Add([]byte(""))
	now := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, data []byte) {
		tab, err := ParseRuntimeTable("fuzz.yaml", data)
		if err != nil {
			if tab != nil {
				t.Fatalf("a table and an error: %v", err)
			}
			if !strings.HasPrefix(err.Error(), "fuzz.yaml: ") {
				t.Fatalf("error does not name the file: %v", err)
			}
			return
		}
		if tab.AsOf.IsZero() {
			t.Fatal("table without a date")
		}
		for id, rt := range tab.Runtimes {
			if id == "" || rt.ID != id {
				t.Fatalf("runtime keyed %q has ID %q", id, rt.ID)
			}
		}

		// Round trip through the table's own format.
		var out runtimeFile
		out.AsOf, out.Source = day(tab.AsOf), tab.Source
		for _, rt := range tab.Runtimes {
			out.Runtimes = append(out.Runtimes, struct {
				ID          string `yaml:"id"`
				Name        string `yaml:"name"`
				Deprecation string `yaml:"deprecation"`
				BlockCreate string `yaml:"blockCreate"`
				BlockUpdate string `yaml:"blockUpdate"`
			}{rt.ID, rt.Name, dayIfSet(rt.Deprecation), dayIfSet(rt.BlockCreate), dayIfSet(rt.BlockUpdate)})
		}
		again, err := yaml.Marshal(out)
		if err != nil {
			t.Fatalf("marshal: %v", err)
		}
		tab2, err := ParseRuntimeTable("again.yaml", again)
		if err != nil {
			t.Fatalf("the table written back does not read: %v\n%s", err, again)
		}
		if !reflect.DeepEqual(tab, tab2) {
			t.Fatalf("round trip changed the table:\n%+v\n%+v", tab, tab2)
		}

		// Judge a function on every runtime, and one on a runtime the
		// table does not have.
		e := &inventory.Estate{Kind: inventory.KindTemplate, Name: "t.yaml"}
		for id := range tab.Runtimes {
			e.Functions = append(e.Functions, &inventory.Function{Resource: inventory.Resource{ID: "F" + id}, Runtime: id})
		}
		e.Functions = append(e.Functions, &inventory.Function{Resource: inventory.Resource{ID: "Fnone"}, Runtime: "\x00not-in-table"})
		fs := Run([]*inventory.Estate{e}, []*Rule{deprecatedRuntime}, now, &Config{Runtimes: tab})
		if len(fs) != len(e.Functions) {
			t.Fatalf("%d functions, %d results", len(e.Functions), len(fs))
		}
		for _, fd := range fs {
			switch {
			case strings.Contains(fd.Message, "please report this"):
				t.Fatalf("the rule failed: %s", fd.Message)
			case fd.Resource == "Fnone" && fd.Status != Unknown:
				t.Fatalf("a runtime not in the table is %s, want UNKNOWN", fd.Status)
			case fd.Status != Pass && fd.Status != Fail && fd.Status != Unknown:
				t.Fatalf("status %q", fd.Status)
			}
		}
	})
}

func dayIfSet(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return day(t)
}
