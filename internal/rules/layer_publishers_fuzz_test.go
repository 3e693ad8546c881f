package rules

import (
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/lambdasec/lambdasec/internal/inventory"
)

// FuzzLayerPublishers feeds arbitrary bytes to the --layer-publishers table
// reader. Its contract: an error names the file and comes with no table;
// every account of a table read is 12 digits under a region name or "*",
// and Publisher finds it there; written back as YAML the table reads as
// the same table; and LS504 judges a function using a layer of each
// listed account without failing, passing it.
func FuzzLayerPublishers(f *testing.F) {
	f.Add(builtinLayerPublishers)
	f.Add([]byte("publishers: [{name: A, source: 'https://a', checked: 2026-12-06, accounts: {'*': '123456789012'}}]"))
	f.Add([]byte("publishers: [{name: A, source: 'https://a', checked: 2026-02-30, accounts: {us-east-1: '123456789012'}}]"))
	f.Add([]byte("publishers: [{name: \"a\\nb\", source: x, checked: 2026-12-06, accounts: {'*': '1'}}]"))
	f.Add([]byte("publishers: &p [{name: A}]\nother: *p\n"))
	f.Add([]byte("{}"))
	f.Add([]byte(""))
	f.Fuzz(func(t *testing.T, data []byte) {
		tab, err := ParseLayerPublishers("fuzz.yaml", data)
		if err != nil {
			if tab != nil {
				t.Fatalf("a table and an error: %v", err)
			}
			if !strings.HasPrefix(err.Error(), "fuzz.yaml: ") {
				t.Fatalf("error does not name the file: %v", err)
			}
			return
		}
		var layers []string
		for _, p := range tab.Publishers {
			for region, acct := range p.Accounts {
				if !accountIDRE.MatchString(acct) || !regionRE.MatchString(region) {
					t.Fatalf("%s: account %q under %q accepted", p.Name, acct, region)
				}
				if _, ok := tab.Publisher(acct, region); !ok {
					t.Fatalf("account %s listed for %s is not found", acct, region)
				}
				r := region
				if r == "*" {
					r = "us-east-1"
				}
				layers = append(layers, "arn:aws:lambda:"+r+":"+acct+":layer:x:1")
			}
		}
		out, err := yaml.Marshal(tab)
		if err != nil {
			t.Fatal(err)
		}
		back, err := ParseLayerPublishers("again.yaml", out)
		if err != nil {
			t.Fatalf("written back, the table does not read: %v\n%s", err, out)
		}
		if len(back.Publishers) != len(tab.Publishers) {
			t.Fatalf("round trip: %d publishers, then %d", len(tab.Publishers), len(back.Publishers))
		}
		e := &inventory.Estate{Kind: inventory.KindAccount, Account: "111122223333",
			Functions: []*inventory.Function{{Resource: inventory.Resource{ID: "fn"}, Layers: layers}}}
		in := NewInput(e, time.Date(2026, 12, 6, 0, 0, 0, 0, time.UTC), &Config{LayerPublishers: tab})
		for _, res := range layerForeign.Check(in) {
			if res.Status != Pass {
				t.Fatalf("a function using only listed publishers' layers: %s %s", res.Status, res.Message)
			}
		}
	})
}
