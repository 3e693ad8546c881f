package exposure

import (
	"slices"
	"strings"

	"github.com/lambdasec/lambdasec/internal/iampolicy"
	"github.com/lambdasec/lambdasec/internal/inventory"
)

// NodePrincipal is the kind of a node for a user, group or role of the
// estate that may change a function and is not an execution role of one
// (an execution role that may change a function keeps its NodeRole node,
// and the change edge starts there). It is drawn in the entry layer: a
// principal is a door into a function, for whoever holds its credentials.
const NodePrincipal NodeKind = "principal"

// Values of Edge.MFA on a change edge.
const (
	MFARequired    = "required"     // every grant of the change needs MFA
	MFANotRequired = "not-required" // some grant allows it without MFA
)

// takeoverChanges are the changes that let whoever makes them run code
// with the changed function's execution role: new code, a new
// configuration (a handler, a layer, an environment of theirs), or a new
// function given the role. Adding a permission or a URL only opens a
// door to the function, which is not taken to give its role.
var takeoverChanges = map[string]bool{
	"lambda:UpdateFunctionCode": true, "lambda:UpdateFunctionConfiguration": true, PassRoleCreate: true,
}

// shortAction drops the service prefix of the Lambda actions in labels.
func shortAction(a string) string {
	if a == PassRoleCreate {
		return "iam:PassRole + CreateFunction"
	}
	return strings.TrimPrefix(a, "lambda:")
}

// changers adds the "who can change a function" direction: an edge from
// each principal of the estate (Analysis.Principals) to each function it
// may change (Analysis.Changes), labelled with the actions and whether
// MFA guards them. A principal whose grants are on every function alike
// (Resource "*") gets one edge to the every-function node instead of one
// to each function, which keeps the graph linear in size. Execution roles
// start their edges at their role node, so a path through a function can
// go on through the function its role may change (Graph.Paths).
func (b *builder) changers() {
	fns := b.a.Estate.Functions
	if len(fns) == 0 {
		return
	}
	for _, p := range b.a.Principals() {
		if !b.a.mayChange(p) {
			continue
		}
		from := "role:" + p.Resource.ID
		if p.Kind != PrincipalRole || b.g.byID[from] == nil {
			from = ""
		}
		node := func() string {
			if from != "" {
				return from
			}
			why := p.Why
			if why == "" {
				why = "a role no person is shown to assume"
			}
			n := b.g.add(&Node{ID: "principal:" + p.Kind + ":" + p.Resource.ID, Kind: NodePrincipal, Label: p.Label(),
				Detail: why, Source: p.Resource.Source, Resource: p.Resource.ID})
			from = n.ID
			return from
		}
		if b.a.changesAlike(p) {
			if f := firstWithARN(fns); f != nil {
				if cs := b.a.Changes(p, f); len(cs) > 0 {
					b.changeEdge(node(), b.everyFunction().ID, cs, p)
				}
			}
			continue
		}
		var group []Change
		for _, c := range b.a.ChangesBy(p) {
			if len(group) > 0 && group[0].Function != c.Function {
				b.changeEdge(node(), b.function(group[0].Function, "").ID, group, p)
				group = group[:0]
			}
			group = append(group, c)
		}
		if len(group) > 0 {
			b.changeEdge(node(), b.function(group[0].Function, "").ID, group, p)
		}
	}
}

// changeEdge adds the edge from a principal's node to a function's for
// the changes cs (all of one principal and function).
func (b *builder) changeEdge(from, to string, cs []Change, p *Principal) {
	var acts []string
	mfa := MFARequired
	for _, c := range cs {
		acts = append(acts, c.Action)
		if c.WithoutMFA {
			mfa = MFANotRequired
		}
	}
	var short []string
	for _, a := range acts {
		short = append(short, shortAction(a))
	}
	label := "may " + strings.Join(short, ", ")
	if mfa == MFARequired {
		label += " (with MFA)"
	} else if p.Human {
		label += " (without MFA)"
	}
	at := p.Resource.Source
	for _, c := range cs {
		if len(c.Permits) > 0 && (c.WithoutMFA || mfa == MFARequired) {
			if src := p.Sources[c.Permits[0].Policy]; src != nil {
				at = src.StatementSource(c.Permits[0].Index)
			}
			break
		}
	}
	b.g.addEdge(Edge{From: from, To: to, Label: label, Actions: acts, MFA: mfa, Source: at})
}

// mayChange reports whether some Allow statement of p names a change
// action at all: the cheap filter before judging p on every function.
func (a *Analysis) mayChange(p *Principal) bool {
	if len(p.Identity) == 0 {
		return false
	}
	for _, act := range changeActions {
		if a.mayCover(p, act) {
			return true
		}
	}
	return a.mayCover(p, "iam:PassRole") && a.mayCover(p, "lambda:CreateFunction")
}

// changesAlike reports whether every statement of p naming a change
// action (or iam:PassRole, lambda:CreateFunction) is on Resource "*", so
// p may change every function alike.
func (a *Analysis) changesAlike(p *Principal) bool {
	for _, act := range append(slices.Clone(changeActions), "iam:PassRole", "lambda:CreateFunction") {
		if a.mayCover(p, act) && !onAnyResource(p, act) {
			return false
		}
	}
	return true
}

func firstWithARN(fns []*inventory.Function) *inventory.Function {
	for _, f := range fns {
		if f.ARN != "" {
			return f
		}
	}
	return nil
}

// ChangedBy returns the principals with an edge to function node id (or
// to every function), with the actions and whether MFA guards them: who
// can change the function.
// The principals that may change every function are worked out once per
// graph and shared by the results (which callers must not change).
func (g *Graph) ChangedBy(id string) []Changer {
	if g.everyChangers == nil {
		g.everyChangers = []Changer{}
		for _, i := range g.changesTo[EveryFunction] {
			g.everyChangers = append(g.everyChangers, g.changer(g.Edges[i]))
		}
	}
	own := g.changesTo[id]
	if len(own) == 0 || id == EveryFunction {
		return g.everyChangers
	}
	out := make([]Changer, 0, len(own)+len(g.everyChangers))
	for _, i := range own {
		out = append(out, g.changer(g.Edges[i]))
	}
	return append(out, g.everyChangers...)
}

func (g *Graph) changer(e Edge) Changer {
	n := g.byID[e.From]
	return Changer{Label: n.Label, Kind: n.Kind, Actions: e.Actions, MFA: e.MFA, Source: e.Source, Every: e.To == EveryFunction}
}

// Changer is a principal that may change a function, for reports.
type Changer struct {
	Label   string   `json:"label"`
	Kind    NodeKind `json:"kind"` // NodePrincipal, or NodeRole for an execution role
	Actions []string `json:"actions"`
	MFA     string   `json:"mfa"` // MFARequired or MFANotRequired
	Every   bool     `json:"every,omitempty"`
	// Source is the statement that allows the change.
	Source inventory.Source `json:"source"`
}

// viaChanges makes the paths that go on from role rn, reached through
// entry e and function fn, to a function rn may take over (new code, a
// new configuration, or its role passed to a new function, without MFA:
// a function's session has none) and that function's role's impacts, for
// the impact classes done does not hold yet; one path per class, the
// first such function in graph order. One change deep: a chain of
// changes is not followed further.
func (g *Graph) viaChanges(e, fn, rn *Node, done map[Impact]bool) []*Path {
	var out []*Path
	for _, i := range g.changes[rn.ID] {
		e2 := g.Edges[i]
		if e2.MFA != MFANotRequired || e2.To == EveryFunction || e2.To == fn.ID {
			continue
		}
		var acts []string
		for _, a := range e2.Actions {
			if takeoverChanges[a] {
				acts = append(acts, shortAction(a))
			}
		}
		if len(acts) == 0 {
			continue
		}
		fb := g.byID[e2.To]
		for _, rid := range g.out[fb.ID] {
			rb := g.byID[rid]
			if rb.Kind != NodeRole || rb.ID == rn.ID {
				continue
			}
			keep := g.keptImpacts(rb)
			for _, im := range keep {
				if done[im.Impact] {
					continue
				}
				done[im.Impact] = true
				change := hopOf(fb)
				change.Detail = "role " + rn.Label + " may " + strings.Join(acts, ", ") + " on it, and so run code as its role"
				change.Source = e2.Source
				p := &Path{ID: e.ID + " -> " + fb.ID + " -> " + string(im.Impact), Access: e.Access, Impact: im.Impact,
					Severity: pathSeverity(e.Access, im.Impact), Entry: e, Function: fn, Role: rn, Via: fb, ViaRole: rb}
				p.Hops = []Hop{{Kind: NodeInternet, Label: g.byID[g.from(e.ID)].Label}, hopOf(e), hopOf(fn), hopOf(rn), change, hopOf(rb), hopOf(im)}
				if im.Impact == ImpactInvokeAny {
					p.Hops = append(p.Hops, g.everyFunction(im))
				}
				switch {
				case e.Unknown != "":
					p.Unknown = e.Label + ": " + e.Unknown
				case rb.Unknown != "":
					p.Unknown = "role " + rb.Label + ": " + rb.Unknown
				}
				p.Cut = cutOf(e, fn, rn, nil) + "; or scope role " + rn.Label + " so it can no longer " + strings.Join(acts, ", ") + " on " + fb.Label
				p.Score = score(p.Severity, im.Impact.Rank(), e) - 5
				out = append(out, p)
			}
		}
	}
	return out
}

// EntryTrust is the kind of entry point a role's trust policy is when it
// lets everyone, or accounts not trusted, assume a role that may change
// functions: whoever assumes it may take those functions over.
const EntryTrust = "trust"

// trustEntries adds, for each role node that may change a function
// (after changers), the statements of its trust policy that let
// everyone or an account not trusted call sts:AssumeRole: an entry point
// with an edge to the role, so Graph.Paths can follow the role's change
// edges to the functions it may take over. MFA is not asked of the other
// account: it controls its own people's MFA. A condition that cannot be
// judged makes the entry UNKNOWN.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_common-scenarios_third-party.html
func (b *builder) trustEntries() {
	for _, p := range b.a.Principals() {
		if p.Kind != PrincipalRole {
			continue
		}
		node := b.g.byID["principal:"+p.Kind+":"+p.Resource.ID]
		if node == nil {
			node = b.g.byID["role:"+p.Resource.ID]
		}
		if node == nil || len(b.g.changes[node.ID]) == 0 {
			continue
		}
		r := b.a.Index.Role(p.Resource.ID)
		if r == nil || r.TrustPolicy == nil {
			continue
		}
		pol, err := b.a.Policy(r.TrustPolicy)
		if err != nil {
			continue
		}
		for _, g := range iampolicy.Analyze(pol, iampolicy.Query{Actions: []string{"sts:AssumeRole"}}).Grants {
			reach, accts := g.Reach(b.a.Estate.Account)
			var access, who, unknown string
			switch {
			case reach == iampolicy.ReachPublic:
				access, who = AccessPublic, "everyone"
			case reach == iampolicy.ReachUnknown && (g.PrincipalType == "*" || g.NotPrincipal):
				access, who, unknown = AccessPublic, "Principal \"*\"", strings.Join(g.Uncertain, "; ")
			case reach == iampolicy.ReachCrossAccount && len(b.untrusted(accts)) > 0:
				access, who = AccessForeign, "account "+strings.Join(b.untrusted(accts), ", ")
			default:
				continue
			}
			n := b.g.add(&Node{ID: "entry:trust:" + p.Resource.ID + ":" + sid(g), Kind: NodeEntry, Label: "trust policy of role " + p.Resource.Label(),
				Detail: "statement " + sid(g) + " lets " + who + " assume the role", EntryKind: EntryTrust, Access: access, Unknown: unknown,
				Source: r.TrustPolicy.StatementSource(g.Statement), Rule: "LS205", Resource: p.Resource.ID, Key: p.Resource.ID + " trust " + sid(g)})
			from := "internet"
			if access == AccessForeign {
				b.g.add(&Node{ID: "foreign", Kind: NodeInternet, Label: "accounts not trusted"})
				from = "foreign"
			}
			b.g.edge(from, n.ID, "")
			b.g.edge(n.ID, node.ID, "assumes")
		}
	}
}

// assumedPaths makes the paths from trust entry e through the role it
// lets others assume (rn) to the functions the role may take over, and
// their roles' impacts: one per impact class, the first such function in
// graph order.
func (g *Graph) assumedPaths(e, rn *Node) []*Path {
	var out []*Path
	done := map[Impact]bool{}
	for _, i := range g.changes[rn.ID] {
		ce := g.Edges[i]
		var acts []string
		for _, a := range ce.Actions {
			if takeoverChanges[a] {
				acts = append(acts, shortAction(a))
			}
		}
		if len(acts) == 0 || ce.To == EveryFunction {
			continue
		}
		fb := g.byID[ce.To]
		for _, rid := range g.out[fb.ID] {
			rb := g.byID[rid]
			if rb.Kind != NodeRole || rb.ID == rn.ID {
				continue
			}
			keep := g.keptImpacts(rb)
			for _, im := range keep {
				if done[im.Impact] {
					continue
				}
				done[im.Impact] = true
				change := hopOf(fb)
				change.Detail = rn.Label + " may " + strings.Join(acts, ", ") + " on it, and so run code as its role"
				if ce.MFA == MFARequired {
					change.Detail += " (with MFA)"
				}
				change.Source = ce.Source
				p := &Path{ID: e.ID + " -> " + fb.ID + " -> " + string(im.Impact), Access: e.Access, Impact: im.Impact,
					Severity: pathSeverity(e.Access, im.Impact), Entry: e, Function: fb, Role: rb, Principal: rn}
				p.Hops = []Hop{{Kind: NodeInternet, Label: g.byID[g.from(e.ID)].Label}, hopOf(e), hopOf(rn), change, hopOf(rb), hopOf(im)}
				if im.Impact == ImpactInvokeAny {
					p.Hops = append(p.Hops, g.everyFunction(im))
				}
				switch {
				case e.Unknown != "":
					p.Unknown = e.Label + ": " + e.Unknown
				case rb.Unknown != "":
					p.Unknown = "role " + rb.Label + ": " + rb.Unknown
				}
				p.Cut = "remove " + strings.SplitN(e.Detail, " lets", 2)[0] + " from the " + e.Label + "; or scope " + rn.Label +
					" so it can no longer " + strings.Join(acts, ", ") + " on " + fb.Label
				p.Score = score(p.Severity, im.Impact.Rank(), e) - 5
				p.ChangedBy = g.ChangedBy(fb.ID)
				out = append(out, p)
			}
		}
	}
	return out
}

// TakeOvers returns the functions execution role v may take over without
// MFA (a function's session has none) — new code, a new configuration, or
// its role passed to a new function — among those that run with another
// role, one Change per function and action, by function in estate order.
// A role whose grants are on every function alike is left out (that is
// "modify any function", LS211's); so is a role the estate does not hold.
func (a *Analysis) TakeOvers(v *RoleView) []Change {
	if v.External {
		return nil
	}
	var p *Principal
	for _, q := range a.Principals() {
		if q.Kind == PrincipalRole && q.Resource.ID == v.Role.ID {
			p = q
		}
	}
	if p == nil || !a.mayChange(p) || a.changesAlike(p) {
		return nil
	}
	var out []Change
	for _, c := range a.ChangesBy(p) {
		if !takeoverChanges[c.Action] || !c.WithoutMFA || a.Index.Role(c.Function.Role) == v.Role {
			continue
		}
		out = append(out, c)
	}
	return out
}

// keptImpacts returns the impacts role node rb reaches that a path goes
// on to: the strongest alone when it is a takeover (it subsumes the
// others), else all of them, strongest first.
func (g *Graph) keptImpacts(rb *Node) []*Node {
	var ims []*Node
	for _, id := range g.out[rb.ID] {
		if n := g.byID[id]; n.Kind == NodeImpact {
			ims = append(ims, n)
		}
	}
	slices.SortStableFunc(ims, func(a, b *Node) int { return b.Impact.Rank() - a.Impact.Rank() })
	if len(ims) > 0 && ims[0].Impact.Takeover() {
		return ims[:1]
	}
	return ims
}
