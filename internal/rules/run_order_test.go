package rules

import (
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/lambdasec/lambdasec/internal/inventory"
)

// TestRunOrderSameAsGlobalSort judges estates whose names are out of
// order, two of them sharing a name, serially and in parallel: each gives
// what sorting all the findings at once (SortFindings over the findings
// in estate order) gives, ties kept in estate order.
func TestRunOrderSameAsGlobalSort(t *testing.T) {
	names := []string{"c.yaml", "a.yaml", "b.yaml", "a.yaml", "a-b.yaml", "a/x.yaml"}
	var estates []*inventory.Estate
	for _, n := range names {
		estates = append(estates, &inventory.Estate{Name: n})
	}
	// Each estate's results: resources out of order, ties on resource,
	// rule and message that only the estate order decides.
	// The evidence says which estate (its index) and which of the two
	// "m" results a finding is: not part of the sort key.
	index := map[*inventory.Estate]int{}
	for i, e := range estates {
		index[e] = i
	}
	check := func(id string) func(in *Input) []Result {
		return func(in *Input) []Result {
			var out []Result
			for k, r := range []string{"z", "m", "a", "m"} {
				out = append(out, Result{Status: Fail, Resource: r, Message: "same",
					Evidence: []Evidence{{Label: "n", Value: fmt.Sprint(index[in.Estate], id, k)}}})
			}
			return out
		}
	}
	rs := []*Rule{{ID: "LS902", Check: check("2")}, {ID: "LS901", Check: check("1")}}
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	var want []Finding
	for _, e := range estates {
		for _, r := range rs {
			for _, res := range r.Check(NewInput(e, now, nil)) {
				want = append(want, newFinding(r, e, res))
			}
		}
	}
	SortFindings(want)
	for _, par := range []int{1, 3} {
		got := Run(estates, rs, now, &Config{Parallel: par})
		if len(got) != len(want) {
			t.Fatalf("parallel %d: %d findings, want %d", par, len(got), len(want))
		}
		for i := range got {
			w := want[i]
			if !reflect.DeepEqual(got[i].Result, w.Result) || got[i].Estate != w.Estate || got[i].Rule != w.Rule {
				t.Fatalf("parallel %d: finding %d is %s %s %s %v, want %s %s %s %v", par, i,
					got[i].Estate, got[i].Resource, got[i].Rule.ID, got[i].Evidence, w.Estate, w.Resource, w.Rule.ID, w.Evidence)
			}
		}
	}
}
