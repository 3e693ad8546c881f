package rules_test

import (
	"slices"
	"testing"

	"github.com/lambdasec/lambdasec/internal/inventory"
	"github.com/lambdasec/lambdasec/internal/rules"
)

// TestSortFindings checks the order SortFindings documents: estate,
// resource, rule ID, message — and not the position, so a resource's
// findings stay together wherever their evidence is.
func TestSortFindings(t *testing.T) {
	r1, r2 := &rules.Rule{ID: "LS101"}, &rules.Rule{ID: "LS201"}
	f := func(estate, resource string, r *rules.Rule, msg string, line int) rules.Finding {
		return rules.Finding{Rule: r, Estate: estate, Result: rules.Result{Resource: resource, Message: msg, Source: inventory.Source{Line: line}}}
	}
	want := []rules.Finding{
		f("a.yaml", "Fn", r1, "m", 30),
		f("a.yaml", "Fn", r2, "a", 90),
		f("a.yaml", "Fn", r2, "b", 10),
		f("a.yaml", "Role", r1, "m", 5),
		f("b.yaml", "Fn", r1, "m", 1),
	}
	got := slices.Clone(want)
	slices.Reverse(got)
	rules.SortFindings(got)
	for i := range want {
		if got[i].Estate != want[i].Estate || got[i].Resource != want[i].Resource || got[i].Rule != want[i].Rule || got[i].Message != want[i].Message {
			t.Errorf("finding %d: %s %s %s %q, want %s %s %s %q", i, got[i].Estate, got[i].Resource, got[i].Rule.ID, got[i].Message,
				want[i].Estate, want[i].Resource, want[i].Rule.ID, want[i].Message)
		}
	}
}
