package needs

import (
	"fmt"
	"sort"
	"strings"

	"github.com/lambdasec/lambdasec/internal/iampolicy"
	"github.com/lambdasec/lambdasec/internal/inventory"
)

// What an excess grant allows, worst first: the classes rule LS214 ranks
// its severity by.
const (
	ExcessEscalation = "privilege escalation" // a step of a method of iampolicy.Escalations
	ExcessWrite      = "write"                // actions of access level Write or Permissions management
	ExcessRead       = "read"                 // Read, List and Tagging actions only
)

// Grant is one Allow statement of a role's identity policies, held
// against a function's needs.
type Grant struct {
	Ref iampolicy.StatementRef `json:"statement"`
	// Summary is the statement in one line: "s3:* on *".
	Summary string `json:"summary"`
	// Used says whether some need is served by the statement.
	Used bool `json:"used"`
	// Excess are the actions the statement allows that no need asks for
	// (patterns expanded with the action catalogue; a pattern of a
	// service the catalogue does not know stays as written), sorted.
	Excess []string `json:"excess,omitempty"`
	// Wider are the statement's resources beyond what the needs it serves
	// name: "*" where the needs name one table.
	Wider []string `json:"wider,omitempty"`
	// Class is the worst of what the excess allows: ExcessEscalation,
	// ExcessWrite or ExcessRead.
	Class string `json:"class"`
	// Baseline is true when every action the statement allows is one a
	// function's own logs, traces and VPC network interfaces take (what
	// AWSLambdaBasicExecutionRole, AWSXrayWriteOnlyAccess and
	// AWSLambdaVPCAccessExecutionRole grant, on "*"): the excess is in
	// resources only, the grant AWS itself recommends.
	Baseline bool `json:"baseline,omitempty"`
}

// baselineActions are the actions of AWSLambdaBasicExecutionRole,
// AWSXrayWriteOnlyAccess and AWSLambdaVPCAccessExecutionRole.
// https://docs.aws.amazon.com/lambda/latest/dg/permissions-executionrole-update.html
// https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AWSLambdaVPCAccessExecutionRole.html
var baselineActions = map[string]bool{
	"logs:createloggroup": true, "logs:createlogstream": true, "logs:putlogevents": true,
	"xray:puttracesegments": true, "xray:puttelemetryrecords": true, "xray:getsamplingrules": true,
	"xray:getsamplingtargets": true, "xray:getsamplingstatisticsummaries": true,
	"ec2:createnetworkinterface": true, "ec2:describenetworkinterfaces": true, "ec2:describesubnets": true,
	"ec2:deletenetworkinterface": true, "ec2:assignprivateipaddresses": true, "ec2:unassignprivateipaddresses": true,
}

// Diff is a role held against a function's needs.
type Diff struct {
	// Unneeded are the grants that allow more than the needs: whole
	// statements no need uses, and statements with actions or resources
	// beyond the needs they serve — to remove or narrow.
	Unneeded []Grant `json:"unneeded"`
	// Missing are the needs no Allow statement of the role serves: calls
	// that would fail at run time.
	Missing []Need `json:"missing"`
}

// Class returns the worst class of the unneeded grants, "" when there are
// none.
func (d Diff) Class() string {
	worst := ""
	for _, g := range d.Unneeded {
		if rank(g.Class) > rank(worst) {
			worst = g.Class
		}
	}
	return worst
}

func rank(class string) int {
	switch class {
	case ExcessEscalation:
		return 3
	case ExcessWrite:
		return 2
	case ExcessRead:
		return 1
	}
	return 0
}

// escalationActions are the actions of the steps of every privilege
// escalation method (iampolicy.Escalations, the catalogue LS203 uses),
// lower-cased.
var escalationActions = func() map[string]bool {
	m := map[string]bool{}
	for _, r := range iampolicy.Escalations {
		for _, s := range r.Steps {
			m[strings.ToLower(s.Action)] = true
		}
	}
	return m
}()

// Compare holds the Allow statements of a role's identity policies
// against needs. A need whose resource is a placeholder is taken to be
// served by any resource of a statement that allows its action (what the
// resource is, is not known). Deny statements and permissions boundaries
// are not weighed: the diff is about what the role grants.
func Compare(identity []iampolicy.NamedPolicy, needs []Need) Diff {
	d := Diff{Unneeded: []Grant{}, Missing: []Need{}}
	cat := iampolicy.Actions()
	for _, n := range needs {
		probe := n
		if IsPlaceholder(n.Resource) {
			probe.Resource = "*"
		}
		served := false
		for _, np := range identity {
			for i := range np.Policy.Statements {
				st := &np.Policy.Statements[i]
				if st.Effect == iampolicy.Allow && st.Principal == nil && probe.ServedBy(st) {
					served = true
				}
			}
		}
		if !served {
			d.Missing = append(d.Missing, n)
		}
	}
	sortNeeds(d.Missing)
	for _, np := range identity {
		for i := range np.Policy.Statements {
			st := &np.Policy.Statements[i]
			if st.Effect != iampolicy.Allow || st.Principal != nil {
				continue
			}
			g := grantOf(cat, np.Name, st, needs)
			if len(g.Excess) > 0 || len(g.Wider) > 0 {
				d.Unneeded = append(d.Unneeded, g)
			}
		}
	}
	return d
}

func grantOf(cat *iampolicy.Catalogue, policy string, st *iampolicy.Statement, needs []Need) Grant {
	g := Grant{Ref: iampolicy.StatementRef{Policy: policy, Index: st.Index, Sid: st.Sid}, Summary: Summary(st)}
	var served []Need
	for _, n := range needs {
		probe := n
		if IsPlaceholder(n.Resource) {
			probe.Resource = "*"
		}
		if probe.ServedBy(st) {
			served = append(served, n)
		}
	}
	g.Used = len(served) > 0
	acts, complete := cat.GrantedActions(st)
	if !complete {
		acts = append([]string(nil), acts...) // the catalogue's slice is shared
		for _, a := range st.Action {
			if !strings.Contains(a, "*") && !strings.Contains(a, "?") {
				continue
			}
			if svc, _, _ := strings.Cut(a, ":"); !cat.Known(svc) {
				acts = append(acts, a)
			}
		}
	}
	var used []string
	for _, a := range acts {
		needed := false
		for _, n := range served {
			if iampolicy.MatchAction(n.Action, a) || iampolicy.MatchAction(a, n.Action) {
				needed = true
				break
			}
		}
		if needed {
			used = append(used, a)
		} else {
			g.Excess = append(g.Excess, a)
		}
	}
	sort.Strings(g.Excess)
	// A resource is wider when it covers more than the resource of a need
	// it serves, for an action no need with an unknown resource (which
	// may be anything) also asks for.
	unknownFor := func(action string) bool {
		for _, n := range served {
			if IsPlaceholder(n.Resource) && (iampolicy.MatchAction(n.Action, action) || iampolicy.MatchAction(action, n.Action)) {
				return true
			}
		}
		return false
	}
	for _, r := range st.Resource {
		for _, n := range served {
			if IsPlaceholder(n.Resource) || n.Resource == r || iampolicy.MatchResource(n.Resource, r) || !iampolicy.MatchResource(r, n.Resource) {
				continue
			}
			if !unknownFor(n.Action) {
				g.Wider = append(g.Wider, r)
				break
			}
		}
	}
	g.Baseline = len(acts) > 0
	for _, a := range acts {
		g.Baseline = g.Baseline && baselineActions[strings.ToLower(a)]
	}
	// What the excess allows: its own actions, and the used ones on the
	// wider resources.
	judged := g.Excess
	if len(g.Wider) > 0 {
		judged = append(append([]string(nil), g.Excess...), used...)
	}
	for _, a := range judged {
		c := ExcessRead
		if escalationActions[strings.ToLower(a)] {
			c = ExcessEscalation
		} else if lvl, ok := cat.Level(a); !ok || lvl == iampolicy.LevelWrite || lvl == iampolicy.LevelPermissions {
			c = ExcessWrite
		}
		if rank(c) > rank(g.Class) {
			g.Class = c
		}
	}
	return g
}

// Summary renders a statement compactly: "s3:GetObject,s3:PutObject on
// arn:aws:s3:::b/*".
func Summary(st *iampolicy.Statement) string {
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

// Describe says in one line what a grant allows beyond the needs: "s3:*
// on * (statement 0 of reports): 140 actions no need asks for (write):
// s3:DeleteBucket, ...; on * where the needs name arn:aws:s3:::b".
func (g Grant) Describe() string {
	var parts []string
	if !g.Used {
		parts = append(parts, "no need uses it")
	}
	if n := len(g.Excess); n > 0 && g.Used {
		parts = append(parts, fmt.Sprintf("%s no need asks for: %s", plural(n, "action"), listSome(g.Excess, 6)))
	}
	if len(g.Wider) > 0 {
		parts = append(parts, "on "+strings.Join(g.Wider, ", ")+" beyond the resources the needs name")
	}
	if g.Baseline {
		parts = append(parts, "the grant AWS's own execution policies make")
	}
	return fmt.Sprintf("%s (%s): %s [%s]", g.Summary, g.Ref.String(), strings.Join(parts, "; "), g.Class)
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// listSome lists up to n items, and how many more there are.
func listSome(items []string, n int) string {
	if len(items) <= n {
		return strings.Join(items, ", ")
	}
	return strings.Join(items[:n], ", ") + fmt.Sprintf(" and %d more", len(items)-n)
}

func describeAll(rs []string) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = inventory.Describe(r)
	}
	return out
}

// Significant returns the unneeded grants that are not Baseline ones.
func (d Diff) Significant() []Grant {
	var out []Grant
	for _, g := range d.Unneeded {
		if !g.Baseline {
			out = append(out, g)
		}
	}
	return out
}
