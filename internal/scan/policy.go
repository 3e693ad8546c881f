package scan

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/lambdasec/lambdasec/internal/exposure"
	"github.com/lambdasec/lambdasec/internal/inventory"
	"github.com/lambdasec/lambdasec/internal/needs"
)

// PolicyRequest asks for the least-privilege policies of functions.
type PolicyRequest struct {
	// Request says what to read: only Paths, Live, Load, SkipDirs,
	// SkipFiles and ManagedPolicies matter.
	Request
	// Functions select the functions by ID (logical ID, Terraform
	// address), name or ARN; empty means every function read.
	Functions []string
	// Sources are the evidence beyond configuration: the code analyzer
	// and CloudTrail activity (either may be nil).
	Sources needs.Sources
}

// Policies reads what req names as Run does and returns, for each
// selected function, its least-privilege policy with the evidence and the
// diff against its current role, sorted by function; and the inputs that
// could not be read. The error is Live's, or a selector that matches no
// function (it names the functions there are).
func Policies(ctx context.Context, req PolicyRequest) ([]needs.Proposal, []inventory.Diagnostic, error) {
	estates, skipped, err := loadEstates(ctx, req.Request)
	if err != nil {
		return nil, skipped, err
	}
	if b, ok := req.Sources.Code.(needs.EstateBinder); ok {
		b.Bind(estates)
	}
	matched := make([]bool, len(req.Functions))
	var out []needs.Proposal
	var all []string
	for _, e := range estates {
		if e.Kind == inventory.KindActivity {
			continue
		}
		idx := inventory.NewIndex(e)
		a := exposure.New(e, idx, req.ManagedPolicies)
		for _, f := range e.Functions {
			all = append(all, f.Label())
			if len(req.Functions) > 0 && !selects(req.Functions, f, matched) {
				continue
			}
			out = append(out, Propose(e, idx, a, f, req.Sources))
		}
	}
	var missing []string
	for i, ok := range matched {
		if !ok {
			missing = append(missing, req.Functions[i])
		}
	}
	if len(missing) > 0 {
		sort.Strings(all)
		return nil, skipped, fmt.Errorf("no function %s among the %d read (%s)", strings.Join(missing, ", "), len(all), listFew(all, 8))
	}
	needs.SortProposals(out)
	return out, skipped, nil
}

// selects reports whether f is one of the functions sel names, marking
// the selectors that matched.
func selects(sel []string, f *inventory.Function, matched []bool) bool {
	hit := false
	for i, s := range sel {
		if s == f.ID || s != "" && (s == f.Name || s == f.ARN) {
			matched[i], hit = true, true
		}
	}
	return hit
}

func listFew(items []string, n int) string {
	if len(items) <= n {
		return strings.Join(items, ", ")
	}
	return strings.Join(items[:n], ", ") + fmt.Sprintf(" and %d more", len(items)-n)
}

// Propose works out function f's least-privilege policy from its whole
// evidence (needs.For), and holds its current role against it (a from
// exposure.New over e and idx resolves the role's policies).
func Propose(e *inventory.Estate, idx *inventory.Index, a *exposure.Analysis, f *inventory.Function, src needs.Sources) needs.Proposal {
	ev := needs.For(e, idx, f, src)
	p := needs.Proposal{Function: f.Label(), ID: f.ID, Basis: ev.Basis(), Statements: needs.Generate(ev.Needs)}
	if p.Statements == nil {
		p.Statements = []needs.Statement{}
	}
	r := idx.Role(f.Role)
	if r == nil {
		p.Role = inventory.Describe(f.Role)
		p.RoleUnread = "execution role " + inventory.Describe(f.Role) + " is defined outside this estate"
		if f.Role == "" {
			p.RoleUnread = "the execution role is not known"
		}
		return p
	}
	p.Role = r.Label()
	v := a.RoleView(r, idx.FunctionsOfRole(r))
	d := needs.Compare(v.Identity, ev.Needs)
	p.Diff = &d
	if len(v.Unknown) > 0 {
		p.RoleUnread = "the diff leaves out what could not be read: " + strings.Join(v.Unknown, "; ")
	}
	return p
}

// loadEstates reads what req names: Live when set, else Paths (as Run's
// load stage, without a configuration file).
func loadEstates(ctx context.Context, req Request) ([]*inventory.Estate, []inventory.Diagnostic, error) {
	if req.Live != nil {
		es, err := req.Live(ctx)
		return es, nil, err
	}
	if len(req.Paths) == 0 {
		req.Paths = []string{"."}
	}
	opt := req.Load
	opt.SkipDirs = append(append([]string(nil), opt.SkipDirs...), req.SkipDirs...)
	opt.SkipFiles = append(append([]string(nil), opt.SkipFiles...), req.SkipFiles...)
	l := Load(req.Paths, opt)
	return l.Estates, l.Skipped, nil
}
