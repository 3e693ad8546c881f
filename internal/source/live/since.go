package live

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/lambdasec/lambdasec/internal/inventory"
)

// Reuse counts what an incremental collection (Options.Since) took from
// the earlier estate instead of asking AWS again.
type Reuse struct {
	// Account is the account collected.
	Account string
	// Reused is how many functions were taken from the earlier estate;
	// Read is how many were read whole (changed, new, or with a gap in
	// the earlier estate).
	Reused, Read int
	// Saved is the calls not made, by operation ("lambda:GetPolicy"):
	// what reading the reused functions again would have cost, counted
	// from what the earlier estate holds (one GetFunction, ListAliases
	// and ListFunctionUrlConfigs each, one GetPolicy per qualifier, and
	// ListFunctionEventInvokeConfigs for functions invoked
	// asynchronously, ListProvisionedConcurrencyConfigs for
	// tenant-isolated ones).
	Saved map[string]int
}

// since is the earlier estate of one account that an incremental
// collection reuses; nil means none (everything is read).
type since struct {
	byARN map[string]*inventory.Function

	mu    sync.Mutex
	stats Reuse
}

// newSince checks that prev is an earlier collection of the same account
// and the same regions, and indexes its functions. regions are the sorted
// regions asked for now.
func newSince(prev *inventory.Estate, account string, regions []string) (*since, error) {
	if err := CheckSince(prev, regions); err != nil {
		return nil, err
	}
	if prev.Account != account {
		return nil, fmt.Errorf("--since: the snapshot is of account %s, these credentials read account %s: give the snapshot of account %s, or collect again without --since", prev.Account, account, account)
	}
	s := &since{byARN: map[string]*inventory.Function{}, stats: Reuse{Account: account, Saved: map[string]int{}}}
	for _, f := range prev.Functions {
		if f != nil && f.ARN != "" {
			s.byARN[f.ARN] = f
		}
	}
	return s, nil
}

// CheckSince reports whether prev can serve as the earlier collection of
// an incremental one (Options.Since, SinceAccounts) that reads regions:
// it must be a live account's estate that asked for the same regions
// (those it read and those it skipped). The error says what to do.
func CheckSince(prev *inventory.Estate, regions []string) error {
	if prev.Kind != inventory.KindAccount || prev.Account == "" {
		return fmt.Errorf("--since: the snapshot holds %s %q, not a live collection of an account: collect again without --since", prev.Kind, prev.Name)
	}
	asked := sinceRegions(prev)
	if regions = slices.Compact(slices.Sorted(slices.Values(regions))); !slices.Equal(asked, regions) {
		return fmt.Errorf("--since: the snapshot of account %s covers regions %s, this collection asks for %s: use --regions %s, or collect again without --since",
			prev.Account, strings.Join(asked, ","), strings.Join(regions, ","), strings.Join(asked, ","))
	}
	return nil
}

// sinceRegions returns the regions an earlier collection asked for,
// sorted: those it read and those it skipped (Lambda not enabled there).
func sinceRegions(e *inventory.Estate) []string {
	set := map[string]bool{}
	for _, r := range e.Regions {
		set[r] = true
	}
	for _, g := range e.Gaps {
		if g.Kind == inventory.GapSkipped && strings.HasPrefix(g.Field, "region:") {
			set[strings.TrimPrefix(g.Field, "region:")] = true
		}
	}
	out := make([]string, 0, len(set))
	for r := range set {
		out = append(out, r)
	}
	sort.Strings(out)
	return out
}

// function returns the earlier read of f when it can stand for a new one:
// same ARN, same RevisionId and LastModified (both known), same published
// versions (a new version has its own policy to read), no gap — a gap is
// never carried over as if it were data — and, with scanCode, a code
// scan. It returns nil when f must be read whole. f has been filled from
// ListFunctions.
func (s *since) function(f *inventory.Function, scanCode bool) *inventory.Function {
	if s == nil {
		return nil
	}
	old := s.byARN[f.ARN]
	switch {
	case old == nil, old.External,
		f.RevisionID == "" || old.RevisionID != f.RevisionID,
		f.LastModified == "" || old.LastModified != f.LastModified,
		!slices.Equal(sortedVersions(old.Versions), sortedVersions(f.Versions)),
		len(old.Gaps) > 0,
		scanCode && old.CodeScan == nil:
		s.count(nil)
		return nil
	}
	return old
}

// reuse fills f, read from ListFunctions, with what the per-function
// calls gave the earlier collection, and counts the calls saved. Without
// scanCode, the earlier code scan is dropped, as a fresh collection
// would not have it.
func (s *since) reuse(old, f *inventory.Function, scanCode bool) {
	f.ReservedConcurrency = old.ReservedConcurrency
	f.Tags = old.Tags
	f.Code = old.Code
	if scanCode {
		f.CodeScan = old.CodeScan
	}
	f.Aliases = old.Aliases
	f.Permissions = old.Permissions
	f.URLs = old.URLs
	f.Async = old.Async
	reuseB(old, f)
	reuseProvisionedConcurrency(old, f)
	s.count(old)
}

// count records one function read whole (old nil) or reused.
func (s *since) count(old *inventory.Function) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if old == nil {
		s.stats.Read++
		return
	}
	s.stats.Reused++
	s.stats.Saved[call(opGetFunction)]++
	s.stats.Saved[call(opListAliases)]++
	s.stats.Saved[call(opListURLs)]++
	s.stats.Saved[call(opGetRecursionConfig)]++
	if old.PackageType == "Zip" && old.Runtime != "" {
		s.stats.Saved[call(opGetRuntimeManagement)]++
	}
	s.stats.Saved[call(opGetPolicy)] += 1 + len(old.Aliases) + len(old.Versions)
	if invokedAsync(old) {
		s.stats.Saved[call(opListInvokeConfigs)]++
	}
	if old.TenantIsolation != "" && old.ProvisionedConcurrencyListed {
		s.stats.Saved[call(opListProvisionedConcurrency)]++
	}
}

// sortedVersions returns a sorted copy of vs.
func sortedVersions(vs []string) []string {
	out := slices.Clone(vs)
	sort.Slice(out, func(i, j int) bool { return versionLess(out[i], out[j]) })
	return out
}
