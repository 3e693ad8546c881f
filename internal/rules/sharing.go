package rules

import (
	"fmt"
	"sort"
	"strings"

	"github.com/lambdasec/lambdasec/internal/iampolicy"
	"github.com/lambdasec/lambdasec/internal/inventory"
	"github.com/lambdasec/lambdasec/internal/needs"
)

// grantUse is one Allow statement of a role and which functions' needs it
// serves.
type grantUse struct {
	ref     iampolicy.StatementRef
	summary string
	source  inventory.Source
	usedBy  map[string]bool
}

// statementSummary renders a statement compactly: "s3:GetObject,s3:PutObject on arn:aws:s3:::b/*".
func statementSummary(st *iampolicy.Statement) string {
	acts := strings.Join(st.Action, ",")
	if st.NotAction != nil {
		acts = "all but " + strings.Join(st.NotAction, ",")
	}
	res := strings.Join(describeAll(st.Resource), ",")
	if st.NotResource != nil {
		res = "all but " + strings.Join(describeAll(st.NotResource), ",")
	}
	if len(acts) > 120 {
		acts = acts[:117] + "..."
	}
	return acts + " on " + res
}

// sharedRoleUse works out, for a role shared by several functions, which
// of its Allow statements each function's known needs use.
func (in *Input) sharedRoleUse(v *roleView) ([]*grantUse, map[string]bool) {
	complete := map[string]bool{}
	fnNeeds := map[string][]needs.Need{}
	src := needs.Sources{Code: in.Config.Code, Activity: in.Config.Activity}
	for _, f := range v.Functions {
		ev := needs.For(in.Estate, in.Index, f, src)
		fnNeeds[f.ID], complete[f.ID] = ev.Needs, ev.Seen()
	}
	var uses []*grantUse
	for _, np := range v.Identity {
		for i := range np.Policy.Statements {
			st := &np.Policy.Statements[i]
			if st.Effect != iampolicy.Allow || st.Principal != nil || grantsNothing(st) {
				continue
			}
			g := &grantUse{ref: iampolicy.StatementRef{Policy: np.Name, Index: st.Index, Sid: st.Sid}, summary: statementSummary(st), source: v.Role.Source, usedBy: map[string]bool{}}
			if src := v.Sources[np.Name]; src != nil {
				g.source = src.StatementSource(st.Index)
			}
			for _, f := range v.Functions {
				for _, n := range fnNeeds[f.ID] {
					if n.ServedBy(st) {
						g.usedBy[f.ID] = true
						break
					}
				}
			}
			uses = append(uses, g)
		}
	}
	return uses, complete
}

// excessOf lists, for function f, the statements other functions of the
// role use and f does not, and the statements no function's known needs
// explain.
func excessOf(f *inventory.Function, uses []*grantUse, labels map[string]string) (others []string, unexplained []string) {
	for _, g := range uses {
		if g.usedBy[f.ID] {
			continue
		}
		if len(g.usedBy) == 0 {
			unexplained = append(unexplained, g.ref.String()+": "+g.summary)
			continue
		}
		var who []string
		for id := range g.usedBy {
			who = append(who, labels[id])
		}
		sort.Strings(who)
		others = append(others, fmt.Sprintf("%s (%s, needed by %s)", g.summary, g.ref.String(), strings.Join(who, ", ")))
	}
	return others, unexplained
}
