package live

import (
	"sort"
	"strconv"

	"github.com/lambdasec/lambdasec/internal/inventory"
)

// normalize puts every list of a collected estate in a fixed order (by ID,
// qualifier, name), so that two collections of the same account give the
// same snapshot whatever order the concurrent calls finished in.
func normalize(e *inventory.Estate) {
	sort.Strings(e.Regions)
	byID(&e.Functions, func(f *inventory.Function) string { return f.ID })
	for _, f := range e.Functions {
		sort.Slice(f.Versions, func(i, j int) bool { return versionLess(f.Versions[i], f.Versions[j]) })
		sort.Slice(f.Aliases, func(i, j int) bool { return f.Aliases[i].Name < f.Aliases[j].Name })
		sort.SliceStable(f.Permissions, func(i, j int) bool {
			return qualifierLess(f.Permissions[i].Qualifier, f.Permissions[j].Qualifier)
		})
		sort.SliceStable(f.URLs, func(i, j int) bool { return qualifierLess(f.URLs[i].Qualifier, f.URLs[j].Qualifier) })
		sortGaps(f.Gaps)
	}
	byID(&e.Roles, func(r *inventory.Role) string { return r.ID })
	byID(&e.ManagedPolicies, func(p *inventory.ManagedPolicy) string { return p.ID })
	byID(&e.Layers, func(l *inventory.Layer) string { return l.ID })
	orderRegionCopies(e)
	byID(&e.Triggers, func(t *inventory.Trigger) string { return t.ID })
	byID(&e.APIs, func(a *inventory.API) string { return a.ID })
	byID(&e.LoadBalancers, func(l *inventory.LoadBalancer) string { return l.ID })
	byID(&e.TargetGroups, func(t *inventory.TargetGroup) string { return t.ID })
	byID(&e.Subnets, func(s *inventory.Subnet) string { return s.ID })
	byID(&e.SecurityGroups, func(s *inventory.SecurityGroup) string { return s.ID })
	byID(&e.VPCEndpoints, func(v *inventory.VPCEndpoint) string { return v.ID })
	byID(&e.Secrets, func(s *inventory.Secret) string { return s.ID })
	byID(&e.KMSKeys, func(k *inventory.KMSKey) string { return k.ID })
	byID(&e.Trails, func(t *inventory.Trail) string { return t.ID })
	byID(&e.LogGroups, func(l *inventory.LogGroup) string { return l.ID })
	byID(&e.Alarms, func(a *inventory.Alarm) string { return a.ID })
	byID(&e.CodeSigningConfigs, func(c *inventory.CodeSigningConfig) string { return c.ID })
	byID(&e.Others, func(o *inventory.Other) string { return o.ID })
	byID(&e.EventRules, func(r *inventory.EventRule) string { return r.ID })
	byID(&e.Settings, func(s *inventory.RegionSettings) string { return s.ID })
	for _, s := range e.Settings {
		sortGaps(s.Gaps)
	}
	sort.SliceStable(e.Gaps, func(i, j int) bool {
		if e.Gaps[i].Field != e.Gaps[j].Field {
			return e.Gaps[i].Field < e.Gaps[j].Field
		}
		return e.Gaps[i].Reason < e.Gaps[j].Reason
	})
}

// byID sorts items by key and drops later duplicates (a multi-region
// trail is listed by every region it covers).
func byID[T any](items *[]T, key func(T) string) {
	s := *items
	sort.SliceStable(s, func(i, j int) bool { return key(s[i]) < key(s[j]) })
	out := s[:0]
	for i, x := range s {
		if i > 0 && key(x) == key(s[i-1]) {
			continue
		}
		out = append(out, x)
	}
	*items = out
}

func sortGaps(gs []inventory.Gap) {
	sort.SliceStable(gs, func(i, j int) bool { return gs[i].Field < gs[j].Field })
}

// qualifierLess orders "" (the unqualified function) first, then aliases
// by name, then versions by number.
func qualifierLess(a, b string) bool {
	na, errA := strconv.Atoi(a)
	nb, errB := strconv.Atoi(b)
	switch {
	case a == "" || b == "":
		return a == "" && b != ""
	case errA == nil && errB == nil:
		return na < nb
	case errA == nil:
		return false
	case errB == nil:
		return true
	}
	return a < b
}

func versionLess(a, b string) bool {
	na, errA := strconv.Atoi(a)
	nb, errB := strconv.Atoi(b)
	if errA == nil && errB == nil {
		return na < nb
	}
	return a < b
}
