package scan

import (
	"slices"
	"strings"

	"github.com/lambdasec/lambdasec/internal/report"
	"github.com/lambdasec/lambdasec/internal/rules"
)

// assessment records what the run assessed and with what, for the HTML
// report: the paths given (none for a live read), the accounts read live
// or from snapshots with their regions, caller identity and collection
// time, the files read, the runtime table and the baseline.
func (r *run) assessment() report.Assessment {
	a := report.Assessment{Inputs: r.loaded.Inputs, Baseline: r.req.Baseline}
	if !r.isLive() {
		a.Paths = r.req.Paths
	}
	rt := r.req.Runtimes
	if rt == nil {
		rt = rules.DefaultRuntimes()
	}
	a.RuntimesAsOf, a.RuntimesSource = rt.AsOf, rt.Source
	byID := map[string]int{}
	for _, e := range r.live {
		i, ok := byID[e.account]
		if !ok {
			i = len(a.Accounts)
			byID[e.account] = i
			a.Accounts = append(a.Accounts, report.AssessedAccount{ID: e.account, Caller: e.caller, CollectedAt: e.collectedAt})
		}
		acct := &a.Accounts[i]
		for _, reg := range e.regions {
			if !slices.Contains(acct.Regions, reg) {
				acct.Regions = append(acct.Regions, reg)
			}
		}
		if acct.Caller == "" {
			acct.Caller = e.caller
		}
		if e.collectedAt.After(acct.CollectedAt) {
			acct.CollectedAt = e.collectedAt
		}
	}
	slices.SortFunc(a.Accounts, func(x, y report.AssessedAccount) int { return strings.Compare(x.ID, y.ID) })
	for i := range a.Accounts {
		slices.Sort(a.Accounts[i].Regions)
	}
	return a
}
