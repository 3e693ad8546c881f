package exposure

import (
	"fmt"
	"slices"
	"strings"

	"github.com/lambdasec/lambdasec/internal/iampolicy"
	"github.com/lambdasec/lambdasec/internal/inventory"
)

// Impact is a class of what an execution role reaches, worst first in
// Rank.
type Impact string

// The impact classes. Takeover classes (admin, escalation, modify any
// function) let whoever runs code in the function become someone
// stronger; data and invoke-any do not, and are judged apart.
const (
	ImpactAdmin      Impact = "admin"                // every action on every resource
	ImpactEscalation Impact = "privilege-escalation" // a method of iampolicy.Escalations
	ImpactModifyAny  Impact = "modify-any-function"  // lambda:UpdateFunctionCode/Configuration on every function
	ImpactData       Impact = "data"                 // read or write every store of a kind (iampolicy.DataAccess)
	ImpactInvokeAny  Impact = "invoke-any-function"  // lambda:InvokeFunction on every function (AWSLambdaRole)
)

// Rank orders impacts: 5 for admin down to 1 for invoke-any.
func (i Impact) Rank() int {
	switch i {
	case ImpactAdmin:
		return 5
	case ImpactEscalation:
		return 4
	case ImpactModifyAny:
		return 3
	case ImpactData:
		return 2
	case ImpactInvokeAny:
		return 1
	}
	return 0
}

// Takeover reports whether the impact lets an attacker become a stronger
// principal (admin, escalation, modify any function).
func (i Impact) Takeover() bool { return i.Rank() >= 3 }

// impactRules are the rules whose findings judge each impact on a role.
var impactRules = map[Impact]string{ImpactAdmin: "LS201", ImpactEscalation: "LS203", ImpactModifyAny: "LS203", ImpactData: "LS206", ImpactInvokeAny: "LS209"}

var impactTitles = map[Impact]string{
	ImpactAdmin: "full admin", ImpactEscalation: "privilege escalation", ImpactModifyAny: "modify any function",
	ImpactData: "data in every store of a kind", ImpactInvokeAny: "invoke any function",
}

// modifyRisks are the escalation methods that change other functions.
var modifyRisks = map[string]bool{"update-function-code": true, "update-function-configuration": true}

// impacts adds, for every function node, its role and what the role
// reaches; an invoke-any impact gets an edge to every function.
func (b *builder) impacts() {
	fns := slices.Clone(b.g.Nodes)
	for _, fn := range fns {
		if fn.Kind != NodeFunction {
			continue
		}
		views := b.webRoles[fn.ID]
		if v := b.roles[fn.function]; v != nil {
			views = []*RoleView{v}
		}
		for _, v := range views {
			b.roleImpacts(fn, v)
		}
	}
}

// roleImpacts adds the node of role v, the edge from function node fn to
// it and, the first time, what the role reaches.
func (b *builder) roleImpacts(fn *Node, v *RoleView) {
	rn := b.g.add(&Node{ID: "role:" + v.Role.ID, Kind: NodeRole, Label: v.Role.Label(), Source: v.Role.Source,
		Rule: "LS201", Resource: v.Role.ID})
	b.g.edge(fn.ID, rn.ID, "runs as")
	if rn.Detail != "" || rn.Unknown != "" {
		return // impacts already added
	}
	found := b.a.RoleImpacts(v)
	switch {
	case v.External || (len(found) == 0 && len(v.Unknown) > 0):
		rn.Unknown = "what the role may do cannot be read"
		if len(v.Unknown) > 0 {
			rn.Unknown = v.Unknown[0]
		}
		return
	case v.BoundaryUnknown != "":
		rn.Unknown = v.BoundaryUnknown
	}
	var titles []string
	for _, im := range found {
		titles = append(titles, impactTitles[im.Impact])
		n := b.g.add(&Node{ID: "impact:" + v.Role.ID + ":" + string(im.Impact), Kind: NodeImpact, Label: impactTitles[im.Impact],
			Detail: im.Detail, Impact: im.Impact, Source: im.At, Rule: impactRules[im.Impact], Resource: v.Role.ID})
		b.g.edge(rn.ID, n.ID, "may")
		if im.Impact == ImpactInvokeAny {
			b.g.edge(n.ID, b.everyFunction().ID, "invokes")
		}
	}
	if len(found) > 0 {
		rn.Rule = impactRules[found[0].Impact]
	}
	rn.Detail = "may: " + strings.Join(titles, ", ")
	if len(titles) == 0 {
		rn.Detail = "reaches nothing lambdasec ranks"
	}
}

// everyFunction returns the node that stands for every function of the
// estate, with an edge to each, added the first time a role may invoke
// any function: one hub rather than an edge from each such role to each
// function keeps the graph linear in size.
func (b *builder) everyFunction() *Node {
	if n := b.g.byID[EveryFunction]; n != nil {
		return n
	}
	fns := b.a.Estate.Functions
	n := b.g.add(&Node{ID: EveryFunction, Kind: NodeFunction, Label: fmt.Sprintf("every function (%d)", len(fns)),
		Detail: "each function of the estate: what may invoke or change every function leads here"})
	for _, f := range fns {
		b.g.edge(n.ID, b.function(f, "").ID, "any of")
	}
	return n
}

// EveryFunction is the ID of the node that stands for every function of
// the estate (see NodeFunction), which invoke-any impacts lead to.
const EveryFunction = "fn:*"

// RoleImpact is one class of what a role reaches, with the permission it
// rests on.
type RoleImpact struct {
	Impact Impact
	// Detail lists the methods or actions ("create a function with a
	// stronger role and invoke it; ...").
	Detail string
	// At is the first statement that allows it (the role's position when
	// the statement is in a policy the estate does not hold, such as an
	// AWS managed policy).
	At inventory.Source
}

// RoleImpacts returns what role v reaches, worst first: admin (Action
// "*"), the escalation methods, changing any function, data on any store
// of a kind, and invoking any function, each judged with the same
// catalogues and request contexts as the role rules (LS201, LS203, LS206,
// LS209), so a path never claims what those rules do not.
func (a *Analysis) RoleImpacts(v *RoleView) []RoleImpact {
	var out []RoleImpact
	if v.External {
		return nil
	}
	if ps := iampolicy.MayAllow(v.Identity, v.Boundary, "lambdasecprobe:AnyAction", "*"); len(ps) > 0 {
		out = append(out, RoleImpact{Impact: ImpactAdmin, Detail: "every action on every resource", At: v.at(ps[0])})
	}
	esc, escPermits := a.Risks(v, iampolicy.Escalations)
	var escTitles, modTitles []string
	var escAt, modAt *inventory.Source
	for i, r := range esc {
		at := v.at(escPermits[i][0])
		if modifyRisks[r.ID] {
			modTitles = append(modTitles, r.Title)
			if modAt == nil {
				modAt = &at
			}
			continue
		}
		escTitles = append(escTitles, r.Title)
		if escAt == nil {
			escAt = &at
		}
	}
	if len(escTitles) > 0 {
		out = append(out, RoleImpact{Impact: ImpactEscalation, Detail: strings.Join(escTitles, "; "), At: *escAt})
	}
	if len(modTitles) > 0 {
		out = append(out, RoleImpact{Impact: ImpactModifyAny, Detail: strings.Join(modTitles, "; "), At: *modAt})
	}
	if data, ps := a.Risks(v, iampolicy.DataAccess); len(data) > 0 {
		var ts []string
		for _, r := range data {
			ts = append(ts, r.Title)
		}
		out = append(out, RoleImpact{Impact: ImpactData, Detail: strings.Join(ts, "; "), At: v.at(ps[0][0])})
	}
	if inv, ps := a.Risks(v, iampolicy.Invocations[:1]); len(inv) > 0 {
		out = append(out, RoleImpact{Impact: ImpactInvokeAny, Detail: "lambda:InvokeFunction on every function", At: v.at(ps[0][0])})
	}
	return out
}

// at returns where a permit's statement is: in the estate's policy, or
// the role itself when the policy is not the estate's.
func (v *RoleView) at(p iampolicy.Permit) inventory.Source {
	if src := v.Sources[p.Policy]; src != nil {
		return src.StatementSource(p.Index)
	}
	return v.Role.Source
}

func authorizerName(a inventory.Authorizer) string {
	if a.Name != "" {
		return a.Name
	}
	return a.ID
}

// Hop is one step of a path, for reports.
type Hop struct {
	Kind  NodeKind `json:"kind"`
	Label string   `json:"label"`
	// Detail says what the hop contributes ("no authorization", "may:
	// full admin").
	Detail string           `json:"detail,omitempty"`
	Source inventory.Source `json:"source"`
	// Rule and Resource name the finding about the hop, if any.
	Rule     string `json:"rule,omitempty"`
	Resource string `json:"resource,omitempty"`
	// Unknown says why the hop could not be seen.
	Unknown string `json:"unknown,omitempty"`
	// CoTenancy marks a co-tenancy hop: a function reached because it
	// runs on the same capacity provider's instances as the one before it.
	// It is less certain than a direct hop (it needs an escape from the
	// function's container), and its path ranks below a direct one.
	CoTenancy bool `json:"coTenancy,omitempty"`
}

// Path is one way from the outside to an impact: an entry point, the
// function behind it, its role, and what the role reaches.
type Path struct {
	// ID is stable for the path: entry node ID and impact class.
	ID       string `json:"id"`
	Access   string `json:"access"`
	Impact   Impact `json:"impact"`
	Severity string `json:"severity"` // critical, high or medium
	// Score ranks paths, higher first: severity, then impact, then how
	// directly the entry is used.
	Score int   `json:"score"`
	Hops  []Hop `json:"hops"`
	// Also lists the weaker impacts of the same role that the path's
	// impact subsumes (a role that can escalate can also invoke any
	// function).
	Also []Impact `json:"also,omitempty"`
	// Unknown names the hop that could not be seen, and why; a path with
	// one is an UNKNOWN path.
	Unknown string `json:"unknown,omitempty"`
	// Cut is the one change that breaks the path.
	Cut string `json:"cut"`

	// ChangedBy are the principals that may change the path's function
	// (its code, configuration, policy or URL): another way in to it.
	ChangedBy []Changer `json:"changedBy,omitempty"`

	Entry, Function, Role *Node `json:"-"`
	// Via and ViaRole are, on a path that goes through a change, the
	// function Role may take over and that function's role; nil
	// otherwise.
	Via, ViaRole *Node `json:"-"`
	// Principal is, on a path from a trust policy (EntryTrust), the role
	// others may assume, which may take over Function; nil otherwise.
	Principal *Node `json:"-"`
	// CoTenant and CoTenantRole are, on a path through a co-tenancy hop,
	// the function that shares Function's capacity provider and that
	// function's role; nil otherwise.
	CoTenant, CoTenantRole *Node `json:"-"`
}

// Severity of a path from who can use its entry and its impact: anyone
// plus takeover is critical; anyone plus data or invoke-any, or foreign
// accounts plus takeover, is high; foreign plus the rest is medium.
func pathSeverity(access string, im Impact) string {
	switch {
	case access == AccessPublic && im.Takeover():
		return "critical"
	case access == AccessPublic || im.Takeover():
		return "high"
	}
	return "medium"
}

var severityScore = map[string]int{"critical": 3, "high": 2, "medium": 1}

var entryWeight = map[string]int{EntryTrust: 2, EntryRoute: 3, EntryURL: 3, EntryWeb: 3, EntryALB: 3, EntryPolicy: 2, EntryBucket: 2, EntryTopic: 2, EntryQueue: 2, EntryBus: 2, EntryStream: 2, EntryLayer: 1}

// Paths returns the graph's paths, ranked (highest Score first, then by
// ID): one per entry point and impact class, a takeover impact
// subsuming the weaker classes of the same role. A path through a hop
// that could not be seen (an entry whose condition cannot be judged, a
// role whose policies cannot be read) is an UNKNOWN path naming it; a
// function whose role reaches nothing ranked makes no path. Beyond the
// direct paths, a path goes on, for the impact classes they lack, through
// a function the reached function's role may take over (viaChanges) and
// then through a function that shares its capacity provider
// (viaCoTenants: a co-tenancy hop, ranked below a direct one).
func (g *Graph) Paths() []*Path {
	var out []*Path
	for _, e := range g.Nodes {
		if e.Kind != NodeEntry {
			continue
		}
		for _, fid := range g.out[e.ID] {
			fn := g.byID[fid]
			if e.EntryKind == EntryTrust {
				out = append(out, g.assumedPaths(e, fn)...)
				continue
			}
			for _, rid := range g.out[fid] {
				rn := g.byID[rid]
				if rn.Kind != NodeRole {
					continue
				}
				direct := g.pathsVia(e, fn, rn)
				// A path through a change is kept for an impact class the
				// direct paths lack and, when they reach a takeover, only
				// for a stronger one.
				done := map[Impact]bool{}
				for _, p := range direct {
					done[p.Impact] = true
					if p.Impact.Takeover() {
						for _, im := range []Impact{ImpactAdmin, ImpactEscalation, ImpactModifyAny, ImpactData, ImpactInvokeAny} {
							done[im] = done[im] || im.Rank() <= p.Impact.Rank()
						}
					}
				}
				found := append(direct, g.viaChanges(e, fn, rn, done)...)
				found = append(found, g.viaCoTenants(e, fn, rn, done)...)
				if len(found) > 0 {
					by := g.ChangedBy(fn.ID)
					for _, p := range found {
						p.ChangedBy = by
					}
				}
				out = append(out, found...)
			}
		}
	}
	slices.SortStableFunc(out, func(a, b *Path) int {
		if a.Score != b.Score {
			return b.Score - a.Score
		}
		return strings.Compare(a.ID, b.ID)
	})
	return out
}

// pathsVia makes the paths from entry e through function fn and role rn.
func (g *Graph) pathsVia(e, fn, rn *Node) []*Path {
	var ims []*Node
	for _, id := range g.out[rn.ID] {
		if n := g.byID[id]; n.Kind == NodeImpact {
			ims = append(ims, n)
		}
	}
	slices.SortStableFunc(ims, func(a, b *Node) int { return b.Impact.Rank() - a.Impact.Rank() })
	base := []Hop{
		{Kind: NodeInternet, Label: g.byID[g.from(e.ID)].Label},
		hopOf(e), hopOf(fn), hopOf(rn),
	}
	if len(ims) == 0 {
		if rn.Unknown == "" {
			return nil
		}
		p := &Path{ID: e.ID + " -> " + fn.ID + " -> ?", Access: e.Access, Impact: "", Severity: pathSeverity(e.Access, ImpactData),
			Hops: base, Unknown: "role " + rn.Label + ": " + rn.Unknown, Entry: e, Function: fn, Role: rn}
		p.Cut = cutOf(e, fn, rn, nil)
		p.Score = score(p.Severity, 0, e)
		return []*Path{p}
	}
	var keep []*Node
	if ims[0].Impact.Takeover() {
		keep = ims[:1]
	} else {
		keep = ims
	}
	var out []*Path
	for _, im := range keep {
		p := &Path{ID: e.ID + " -> " + string(im.Impact), Access: e.Access, Impact: im.Impact,
			Severity: pathSeverity(e.Access, im.Impact), Entry: e, Function: fn, Role: rn}
		p.Hops = append(slices.Clone(base), hopOf(im))
		if im.Impact == ImpactInvokeAny {
			p.Hops = append(p.Hops, g.everyFunction(im))
		}
		if ims[0].Impact.Takeover() {
			for _, o := range ims[1:] {
				p.Also = append(p.Also, o.Impact)
			}
		}
		switch {
		case e.Unknown != "":
			p.Unknown = e.Label + ": " + e.Unknown
		case rn.Unknown != "":
			p.Unknown = "role " + rn.Label + ": " + rn.Unknown
		}
		p.Cut = cutOf(e, fn, rn, im)
		p.Score = score(p.Severity, im.Impact.Rank(), e)
		out = append(out, p)
	}
	return out
}

func score(sev string, impactRank int, e *Node) int {
	return severityScore[sev]*1000 + impactRank*100 + entryWeight[e.EntryKind]*10
}

// from returns the outside node an entry is reached from.
func (g *Graph) from(entry string) string {
	for _, id := range []string{"internet", "foreign"} {
		if slices.Contains(g.out[id], entry) {
			return id
		}
	}
	return "internet"
}

// everyFunction is the last hop of an invoke-any path: every function the
// impact reaches.
func (g *Graph) everyFunction(im *Node) Hop {
	var names []string
	for _, id := range g.out[EveryFunction] {
		names = append(names, g.byID[id].Label)
	}
	shown := names
	if len(shown) > 10 {
		shown = append(slices.Clone(shown[:10]), fmt.Sprintf("and %d more", len(names)-10))
	}
	return Hop{Kind: NodeFunction, Label: fmt.Sprintf("every function (%d)", len(names)), Detail: strings.Join(shown, ", "), Source: im.Source}
}

func hopOf(n *Node) Hop {
	h := Hop{Kind: n.Kind, Label: n.Label, Detail: n.Detail, Source: n.Source, Rule: n.Rule, Resource: n.Resource, Unknown: n.Unknown}
	if n.Kind == NodeFunction && n.function != nil {
		h.Resource = n.function.ID
	}
	return h
}

// cutOf says the one change that breaks a path: close the entry (attach
// the authorizer, IAM auth on the URL, remove the statement, Block Public
// Access), or else scope the role.
func cutOf(e, fn, rn, im *Node) string {
	var entry string
	switch e.EntryKind {
	case EntryRoute:
		entry = "add authorization to " + e.Label
		if i := strings.Index(e.Detail, "defines authorizer "); i >= 0 {
			name := strings.Fields(e.Detail[i+len("defines authorizer "):])[0]
			entry = "attach authorizer " + name + " to " + e.Label
		}
	case EntryURL:
		entry = "set AuthType AWS_IAM on the " + e.Label
	case EntryWeb:
		entry = "set AuthType IamAuth on the " + e.Label
		if e.Rule == "LS120" {
			entry = "scope the resource policy of Web Function " + e.Resource + " so it grants lambda:InvokeWebFunctionEndpoint to no one at large"
		}
	case EntryPolicy:
		st, _, _ := strings.Cut(e.Detail, ":")
		entry = "remove " + st + " from the " + e.Label
	case EntryALB:
		entry = "add an authenticate-oidc or authenticate-cognito action before the forward of the " + e.Label + ", or make the load balancer internal"
	case EntryLayer:
		entry = "replace the " + e.Label + " with a layer built and published in your own account"
	case EntryBucket:
		entry = "turn on Block Public Access (BlockPublicPolicy, RestrictPublicBuckets) for " + e.Label + " and remove its public statement"
	default:
		entry = "remove the public statement from the policy of " + e.Label
	}
	if im == nil {
		return entry
	}
	return fmt.Sprintf("%s; or scope role %s so it no longer has %s", entry, rn.Label, impactTitles[im.Impact])
}
