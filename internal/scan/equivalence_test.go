package scan

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/lambdasec/lambdasec/internal/iampolicy"
	"github.com/lambdasec/lambdasec/internal/inventory"
	"github.com/lambdasec/lambdasec/internal/rules"
	"github.com/lambdasec/lambdasec/internal/source/cloudformation"
	"github.com/lambdasec/lambdasec/internal/source/terraform"
)

// TestEquivalence reads one estate written four ways — SAM, plain
// CloudFormation, Terraform HCL and a Terraform plan JSON written by hand in
// Terraform's documented format — and wants the same findings from each,
// as (rule, resource name, status): a Terraform estate is judged exactly as
// the same estate in CloudFormation.
func TestEquivalence(t *testing.T) {
	dir := filepath.Join("testdata", "equivalence")
	read := map[string]func() (*inventory.Estate, error){
		"sam.yaml": func() (*inventory.Estate, error) { return readCFN(filepath.Join(dir, "sam.yaml")) },
		"cfn.yaml": func() (*inventory.Estate, error) { return readCFN(filepath.Join(dir, "cfn.yaml")) },
		"main.tf": func() (*inventory.Estate, error) {
			e, _, _, err := terraform.ReadFile(filepath.Join(dir, "main.tf"))
			return e, err
		},
		"plan.json": func() (*inventory.Estate, error) {
			data, err := os.ReadFile(filepath.Join(dir, "plan.json"))
			if err != nil {
				return nil, err
			}
			if !terraform.LooksLikePlan(data) {
				t.Error("plan.json is not recognised as a plan by its content")
			}
			e, _, err := terraform.ReadPlan(filepath.Join(dir, "plan.json"), data)
			return e, err
		},
	}
	cfg := &rules.Config{ManagedPolicies: iampolicy.BuiltinManagedPolicies()}
	got := map[string][]string{}
	for _, name := range []string{"sam.yaml", "cfn.yaml", "main.tf", "plan.json"} {
		e, err := read[name]()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		var lines []string
		for _, f := range rules.Run([]*inventory.Estate{e}, rules.All(), judgeDay, cfg) {
			lines = append(lines, fmt.Sprintf("%s %s %s", f.Rule.ID, f.Label, f.Status))
		}
		sort.Strings(lines)
		got[name] = lines
	}
	want := got["sam.yaml"]
	t.Logf("%d findings: %s", len(want), strings.Join(want, "; "))
	if len(want) < 20 {
		t.Fatalf("sam.yaml gives only %d findings: %v", len(want), want)
	}
	for _, name := range []string{"cfn.yaml", "main.tf", "plan.json"} {
		if d := diffCounts(want, got[name]); d != "" {
			t.Errorf("%s differs from sam.yaml (- sam, + %s):\n%s", name, name, d)
		}
	}
}

func readCFN(path string) (*inventory.Estate, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	e, _, err := cloudformation.Read(path, data)
	return e, err
}

// diffCounts lists the lines only in a (-) or only in b (+).
func diffCounts(a, b []string) string {
	count := map[string]int{}
	for _, s := range a {
		count[s]++
	}
	for _, s := range b {
		count[s]--
	}
	var out []string
	for s, n := range count {
		for ; n > 0; n-- {
			out = append(out, "- "+s)
		}
		for ; n < 0; n++ {
			out = append(out, "+ "+s)
		}
	}
	sort.Strings(out)
	return strings.Join(out, "\n")
}
