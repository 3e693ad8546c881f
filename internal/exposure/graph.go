package exposure

import (
	"fmt"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws/arn"

	"github.com/lambdasec/lambdasec/internal/iampolicy"
	"github.com/lambdasec/lambdasec/internal/inventory"
)

// NodeKind is the layer of the exposure graph a node is in, left to
// right: the outside world, the doors into the estate, the functions
// behind them, their execution roles, and what the roles reach.
type NodeKind string

// The layers of the graph.
const (
	NodeInternet NodeKind = "internet" // anyone, or accounts not trusted
	NodeEntry    NodeKind = "entry"    // a route, URL, resource-policy grant or event source others can use
	NodeFunction NodeKind = "function" // a function, per qualifier (alias, version)
	NodeRole     NodeKind = "role"     // an execution role
	NodeImpact   NodeKind = "impact"   // what a role reaches: admin, escalation, data, every function
)

// Kinds of entry point (Node.EntryKind).
const (
	EntryRoute  = "api-route"       // an API Gateway route or method
	EntryURL    = "function-url"    // a function URL
	EntryPolicy = "resource-policy" // a statement of a function's resource policy
	EntryBucket = "s3"              // a bucket whose uploads trigger the function
	EntryTopic  = "sns"             // a topic the function subscribes to
	EntryQueue  = "sqs"             // a queue the function polls
)

// Who can use an entry point (Node.Access).
const (
	AccessPublic  = "public"  // anyone on the internet (or any AWS account)
	AccessForeign = "foreign" // accounts outside the estate that are not trusted
)

// Node is one node of the exposure graph.
type Node struct {
	// ID is unique in the graph: "entry:…", "fn:ID[:qualifier]",
	// "role:ID", "impact:ROLE:CLASS", "internet", "foreign".
	ID    string   `json:"id"`
	Kind  NodeKind `json:"kind"`
	Label string   `json:"label"`
	// Detail says what makes an entry a door, or what an impact is.
	Detail string `json:"detail,omitempty"`
	// EntryKind (one of the Entry* constants) and Access (AccessPublic
	// or AccessForeign) are set on entry nodes.
	EntryKind string `json:"entryKind,omitempty"`
	Access    string `json:"access,omitempty"`
	// Impact is an impact node's class.
	Impact Impact `json:"impact,omitempty"`
	// Unknown says why the node could not be seen whole (a condition
	// that cannot be judged, a role whose policies could not be read).
	Unknown string           `json:"unknown,omitempty"`
	Source  inventory.Source `json:"source"`
	// Rule and Resource name the finding about the node (the rule ID and
	// the resource its result is about), so a report can link a hop to
	// it; empty when no rule judges the node on its own.
	Rule     string `json:"rule,omitempty"`
	Resource string `json:"resource,omitempty"`
	// Key names an entry point uniquely and stably for findings about its
	// paths: "API METHOD PATH", "FUNCTION url", "FUNCTION statement SID",
	// the source's ID.
	Key string `json:"key,omitempty"`

	function *inventory.Function
}

// Edge joins two nodes by ID.
type Edge struct {
	From  string `json:"from"`
	To    string `json:"to"`
	Label string `json:"label,omitempty"`
	// Actions and MFA are set on a change edge (a principal may change a
	// function, changers.go): the change actions, and MFARequired or
	// MFANotRequired.
	Actions []string `json:"actions,omitempty"`
	MFA     string   `json:"mfa,omitempty"`
	// Source is, on a change edge, the statement that allows the first
	// change (the principal's position when the policy is not the
	// estate's, such as an AWS managed policy).
	Source inventory.Source `json:"source,omitzero"`
}

// Graph is an estate's exposure graph: nodes in layer order (internet,
// entries, functions, roles, impacts), edges in the order they were found.
type Graph struct {
	Estate string  `json:"estate"`
	Nodes  []*Node `json:"nodes"`
	Edges  []Edge  `json:"edges"`

	byID  map[string]*Node
	out   map[string][]string
	edges map[[2]string]bool
	// changes indexes the change edges by the node they start at.
	changes, changesTo map[string][]int
	everyChangers      []Changer // ChangedBy's answer for every function, once
	// coTenants are the co-tenancy edges (surfaces.go), by the function
	// node they start at.
	coTenants map[string][]coTenant
}

// Node returns the node with that ID, or nil.
func (g *Graph) Node(id string) *Node { return g.byID[id] }

// Out returns the IDs of the nodes an edge from id leads to.
func (g *Graph) Out(id string) []string { return g.out[id] }

func (g *Graph) add(n *Node) *Node {
	if old := g.byID[n.ID]; old != nil {
		return old
	}
	g.byID[n.ID] = n
	g.Nodes = append(g.Nodes, n)
	return n
}

func (g *Graph) edge(from, to, label string) {
	g.addEdge(Edge{From: from, To: to, Label: label})
}

func (g *Graph) addEdge(e Edge) {
	k := [2]string{e.From, e.To}
	if g.edges[k] {
		return
	}
	g.edges[k] = true
	g.out[e.From] = append(g.out[e.From], e.To)
	if len(e.Actions) > 0 {
		if g.changes == nil {
			g.changes, g.changesTo = map[string][]int{}, map[string][]int{}
		}
		g.changes[e.From] = append(g.changes[e.From], len(g.Edges))
		g.changesTo[e.To] = append(g.changesTo[e.To], len(g.Edges))
	}
	g.Edges = append(g.Edges, e)
}

// GraphOptions are what the caller knows beyond the estate.
type GraphOptions struct {
	// Trusted are the account IDs whose principals are not strangers
	// (--trusted-account); the estate's own account always is.
	Trusted []string
	// TrustedLayers trusts the publishers of layers beyond Trusted (AWS's
	// own, from rules' LS504 table); nil trusts none.
	TrustedLayers LayerTrust
}

// Graph builds the exposure graph of the analysis's estate. It makes no
// AWS call and reads only the model, so a template, a Terraform module, a
// snapshot and a live account with the same resources give the same
// graph. Entry points are: routes with no authorization (REST routes only
// when neither a private endpoint nor a resource policy bounds the API);
// function URLs with AuthType NONE whose resource policy grants both
// lambda:InvokeFunctionUrl and lambda:InvokeFunction to everyone (since
// October 2025 a new URL needs both: https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html);
// resource-policy grants of lambda:InvokeFunction to everyone or to
// accounts not trusted; Web Function endpoints with AuthType
// ApplicationManaged, or IamAuth ones whose Web Function's resource policy
// lets anyone or untrusted accounts call them (webEndpoints); buckets, topics and queues anyone can write
// to that trigger a function (Writable); load balancer routes, buses,
// streams and tables whose doors are open (Doors); and layers untrusted
// accounts publish. A route with an authorizer or AWS_IAM, a URL with
// AuthType AWS_IAM, and a bucket whose Block Public Access stops its
// public policy are not entry points. The principals that may change a
// function get edges to it (changers.go).
func (a *Analysis) Graph(opt GraphOptions) *Graph {
	g := &Graph{Estate: a.Estate.Name, byID: map[string]*Node{}, out: map[string][]string{}, edges: map[[2]string]bool{}}
	g.add(&Node{ID: "internet", Kind: NodeInternet, Label: "anyone on the internet"})
	b := &builder{a: a, g: g, opt: opt, roles: map[*inventory.Function]*RoleView{}, webRoles: map[string][]*RoleView{}}
	for _, v := range a.ExecutionRoles() {
		for _, f := range v.Functions {
			b.roles[f] = v
		}
	}
	b.routes()
	b.urlsAndPolicies()
	b.webEndpoints()
	b.triggers()
	b.loadBalancers()
	b.layers()
	b.eventSources()
	for _, f := range a.Estate.Functions {
		b.function(f, "")
	}
	b.coTenancy()
	b.impacts()
	b.changers()
	b.trustEntries()
	g.order()
	return g
}

type builder struct {
	a     *Analysis
	g     *Graph
	opt   GraphOptions
	roles map[*inventory.Function]*RoleView
	// webRoles are the execution roles of each Web Function node, by ID.
	webRoles map[string][]*RoleView
	// webRoleOf finds the view of a role, built the first time a Web
	// Function's roles are looked up.
	webRoleOf map[*inventory.Role]*RoleView
}

// function returns the node of f at qualifier q, adding it (and the edge
// from its unqualified node's role) when new.
func (b *builder) function(f *inventory.Function, q string) *Node {
	id := "fn:" + f.ID
	label := f.Label()
	if q != "" {
		id += ":" + q
		label += ":" + inventory.Describe(q)
	}
	if n := b.g.byID[id]; n != nil {
		return n
	}
	n := b.g.add(&Node{ID: id, Kind: NodeFunction, Label: label, Source: f.Source, Resource: f.ID, function: f})
	return n
}

// entry adds an entry node reached from the outside and leading to f:q.
func (b *builder) entry(n *Node, f *inventory.Function, q string) {
	n.Kind = NodeEntry
	n = b.g.add(n)
	from := "internet"
	if n.Access == AccessForeign {
		b.g.add(&Node{ID: "foreign", Kind: NodeInternet, Label: "accounts not trusted"})
		from = "foreign"
	}
	b.g.edge(from, n.ID, "")
	verb := "invokes"
	if n.EntryKind == EntryLayer {
		verb = "runs in"
	}
	b.g.edge(n.ID, b.function(f, q).ID, verb)
}

func (b *builder) fn(ref string) (*inventory.Function, string) {
	if f := b.a.Index.Function(ref); f != nil {
		return f, ""
	}
	for _, f := range b.a.Estate.InvocableFunctions() {
		if f.ID == ref || f.ARN == ref {
			return f, ""
		}
	}
	if i := strings.LastIndexByte(ref, ':'); i > 0 {
		if f := b.a.Index.Function(ref[:i]); f != nil {
			return f, ref[i+1:]
		}
	}
	return nil, ""
}

// routes adds every API route with no authorization that reaches a
// function, when nothing bounds who can reach the API.
func (b *builder) routes() {
	for _, api := range b.a.Estate.APIs {
		bound, unknown := "", ""
		if api.Protocol == inventory.ProtocolREST {
			bound, unknown = b.apiBound(api)
		}
		if g, ok := api.Gap(inventory.FieldAuthorization); ok {
			unknown = g.Reason
		}
		connect := b.connectRoute(api)
		for i := range api.Routes {
			rt := &api.Routes[i]
			f, q := b.fn(rt.Function)
			if f == nil || rt.Method == "OPTIONS" || bound != "" {
				continue
			}
			auth, authorizer, gaps := rt.AuthorizationType, rt.Authorizer, rt.Gaps
			if api.Protocol == inventory.ProtocolWebSocket && connect != nil {
				// A WebSocket API authorizes once, on $connect.
				auth, authorizer, gaps = connect.AuthorizationType, connect.Authorizer, connect.Gaps
			}
			why := unknown
			if len(gaps) > 0 {
				why = gaps[0].Reason
			}
			if why == "" && (auth != inventory.AuthNone || authorizer != "") {
				continue
			}
			label := fmt.Sprintf("%s %s %s", api.Label(), rt.Method, rt.Path)
			detail := "no authorization"
			if rt.APIKeyRequired {
				detail += " (an API key is required, which is not authorization)"
			}
			for _, az := range api.Authorizers {
				if az.Type != inventory.AuthIAM {
					detail += fmt.Sprintf("; the API defines authorizer %s but the route does not use it", authorizerName(az))
					break
				}
			}
			b.entry(&Node{ID: "entry:route:" + api.ID + " " + rt.Method + " " + rt.Path, Label: label, Detail: detail,
				EntryKind: EntryRoute, Access: AccessPublic, Unknown: why, Source: rt.Source,
				Rule: "LS107", Resource: fmt.Sprintf("%s %s %s", api.ID, rt.Method, rt.Path),
				Key: fmt.Sprintf("%s %s %s", api.ID, rt.Method, rt.Path)}, f, q)
		}
	}
}

// connectRoute returns a WebSocket API's $connect route, or nil.
func (b *builder) connectRoute(api *inventory.API) *inventory.Route {
	for i := range api.Routes {
		if api.Routes[i].Path == "$connect" {
			return &api.Routes[i]
		}
	}
	return nil
}

// apiBound says what bounds who can call a REST API (a private endpoint,
// a resource policy granting execute-api:Invoke to no one at large), or
// why that cannot be told.
func (b *builder) apiBound(api *inventory.API) (bound, unknown string) {
	if slices.Contains(api.EndpointTypes, "PRIVATE") {
		return "private API", ""
	}
	if api.Policy == nil {
		return "", ""
	}
	pol, err := b.a.Policy(api.Policy)
	if err != nil {
		return "", "the API resource policy does not parse: " + err.Error()
	}
	acc := iampolicy.Analyze(pol, iampolicy.Query{Actions: []string{"execute-api:Invoke"}})
	for _, g := range acc.Grants {
		switch reach, _ := g.Reach(b.a.Estate.Account); {
		case reach == iampolicy.ReachPublic:
			return "", ""
		case reach == iampolicy.ReachUnknown && g.PrincipalType == "*":
			return "", strings.Join(g.Uncertain, "; ")
		}
	}
	return "the API resource policy admits no one at large", ""
}

// Request contexts of a direct invocation and of a call through a URL.
// https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html
var (
	directInvoke = iampolicy.Context{"lambda:FunctionUrlAuthType": nil, "lambda:InvokedViaFunctionUrl": nil}
	urlNone      = iampolicy.Context{"lambda:FunctionUrlAuthType": {"NONE"}, "lambda:InvokedViaFunctionUrl": {"true"}}
)

// grants returns the grants of f's resource policies for the actions in
// ctx, with the policy each is in, or why they cannot be read.
func (b *builder) grants(f *inventory.Function, actions []string, ctx iampolicy.Context) ([]policyGrant, string) {
	if g, ok := f.Gap(inventory.FieldPermissions); ok {
		return nil, "the resource policy could not be read: " + g.Reason
	}
	var out []policyGrant
	for i := range f.Permissions {
		rp := &f.Permissions[i]
		pol, err := b.a.Policy(&rp.Policy)
		if err != nil {
			return nil, "the resource policy does not parse: " + err.Error()
		}
		for _, g := range iampolicy.Analyze(pol, iampolicy.Query{Actions: actions, Context: ctx}).Grants {
			out = append(out, policyGrant{rp.Qualifier, &rp.Policy, g})
		}
	}
	return out, ""
}

type policyGrant struct {
	qualifier string
	policy    *inventory.Policy
	iampolicy.Grant
}

// urlsAndPolicies adds public function URLs and the resource-policy
// grants that let anyone, or accounts not trusted, invoke a function.
func (b *builder) urlsAndPolicies() {
	for _, f := range b.a.Estate.InvocableFunctions() {
		for i := range f.URLs {
			u := &f.URLs[i]
			if u.AuthType != "NONE" {
				continue
			}
			urlG, why1 := b.grants(f, []string{"lambda:InvokeFunctionUrl"}, urlNone)
			fnG, why2 := b.grants(f, []string{"lambda:InvokeFunction"}, urlNone)
			pubURL, unsure1 := b.public(urlG, u.Qualifier)
			pubFn, unsure2 := b.public(fnG, u.Qualifier)
			why := why1 + why2 + unsure1 + unsure2
			if why == "" && !(pubURL && pubFn) {
				continue
			}
			res := f.ID
			if u.Qualifier != "" {
				res += ":" + u.Qualifier
			}
			b.entry(&Node{ID: "entry:url:" + res, Label: "URL of " + qualifiedLabel(f, u.Qualifier),
				Detail: "AuthType NONE, and the resource policy lets everyone call it", EntryKind: EntryURL,
				Access: AccessPublic, Unknown: why, Source: u.Source, Rule: "LS104", Resource: res, Key: res + " url"}, f, u.Qualifier)
		}
		gs, why := b.grants(f, []string{"lambda:InvokeFunction"}, directInvoke)
		if why != "" {
			continue // the policy rules say UNKNOWN; no door is shown
		}
		for _, g := range gs {
			reach, accts := g.Reach(b.a.Estate.Account)
			var access, who, rule, unknown string
			switch {
			case reach == iampolicy.ReachPublic:
				access, who, rule = AccessPublic, "anyone with AWS credentials", "LS101"
			case reach == iampolicy.ReachUnknown && (g.PrincipalType == "*" || g.NotPrincipal):
				access, who, rule, unknown = AccessPublic, "Principal \"*\"", "LS101", strings.Join(g.Uncertain, "; ")
			case reach == iampolicy.ReachCrossAccount && len(b.untrusted(accts)) > 0:
				access, who, rule = AccessForeign, "account "+strings.Join(b.untrusted(accts), ", "), "LS102"
			default:
				continue
			}
			at := g.policy.StatementSource(g.Statement)
			b.entry(&Node{ID: fmt.Sprintf("entry:policy:%s:%s:%d", f.ID, g.qualifier, g.Statement),
				Label:  "resource policy of " + qualifiedLabel(f, g.qualifier),
				Detail: fmt.Sprintf("statement %s: %s may call lambda:InvokeFunction", sid(g.Grant), who), EntryKind: EntryPolicy, Access: access, Unknown: unknown,
				Source: at, Rule: rule, Resource: f.ID, Key: qualifiedID(f, g.qualifier) + " statement " + sid(g.Grant)}, f, g.qualifier)
		}
	}
}

// public reports whether a grant for qualifier q admits anyone, or why
// that cannot be told.
func (b *builder) public(gs []policyGrant, q string) (bool, string) {
	for _, g := range gs {
		if g.qualifier != q {
			continue
		}
		switch reach, _ := g.Reach(b.a.Estate.Account); {
		case reach == iampolicy.ReachPublic:
			return true, ""
		case reach == iampolicy.ReachUnknown && g.PrincipalType == "*":
			return false, strings.Join(g.Uncertain, "; ")
		}
	}
	return false, ""
}

func (b *builder) untrusted(accts []string) []string {
	var out []string
	for _, a := range accts {
		if a != b.a.Estate.Account && !slices.Contains(b.opt.Trusted, a) {
			out = append(out, a)
		}
	}
	return out
}

// triggers adds the buckets, topics and queues anyone can write to that
// trigger a function (Feeds), and, as UNKNOWN entries, those the estate
// does not hold, whose policies cannot be seen.
func (b *builder) triggers() {
	for _, tr := range b.a.Feeds() {
		if !tr.Enabled {
			continue
		}
		f, q := b.fn(tr.Function)
		if f == nil {
			continue
		}
		if tr.Qualifier != "" {
			q = tr.Qualifier
		}
		kind := map[string]string{inventory.TriggerS3: EntryBucket, inventory.TriggerSNS: EntryTopic, inventory.TriggerSQS: EntryQueue}[tr.Type]
		o := b.a.TriggerSource(tr)
		if o == nil {
			noun := map[string]string{EntryBucket: "bucket", EntryTopic: "topic", EntryQueue: "queue"}[kind]
			n := &Node{ID: "entry:" + kind + ":" + tr.SourceARN, Label: noun + " " + sourceName(tr.SourceARN), EntryKind: kind,
				Access: AccessPublic, Source: tr.Source, Rule: "LS112", Resource: tr.SourceARN, Key: tr.SourceARN,
				Unknown: fmt.Sprintf("the %s is not in this estate, so who can write to it cannot be seen", noun)}
			b.entry(n, f, q)
			continue
		}
		acc := b.a.Writable(o)
		if !acc.Public && acc.Unknown == "" {
			continue
		}
		n := b.g.add(&Node{ID: "entry:" + kind + ":" + o.ID, Kind: NodeEntry, Label: sourceNoun(o) + " " + o.Label(),
			Detail: acc.Why, EntryKind: kind, Access: AccessPublic, Unknown: acc.Unknown, Source: acc.At,
			Rule: "LS112", Resource: o.ID, Key: o.ID})
		b.entry(n, f, q)
	}
}

// sourceName shortens a source ARN to its name (a bucket's, a topic's),
// or describes a token.
func sourceName(s string) string {
	if p, err := arn.Parse(s); err == nil {
		if i := strings.LastIndexAny(p.Resource, ":/"); i >= 0 {
			return p.Resource[i+1:]
		}
		return p.Resource
	}
	return inventory.Describe(s)
}

func sourceNoun(o *inventory.Other) string {
	switch o.Type {
	case inventory.TypeBucket:
		return "bucket"
	case inventory.TypeTopic:
		return "topic"
	}
	return "queue"
}

func qualifiedLabel(f *inventory.Function, q string) string {
	if q == "" {
		return f.Label()
	}
	return f.Label() + ":" + inventory.Describe(q)
}

// order sorts the nodes by layer, keeping the order found within each.
func (g *Graph) order() {
	rank := map[NodeKind]int{NodeInternet: 0, NodeEntry: 1, NodePrincipal: 1, NodeFunction: 2, NodeRole: 3, NodeImpact: 4}
	slices.SortStableFunc(g.Nodes, func(a, b *Node) int { return rank[a.Kind] - rank[b.Kind] })
}

func qualifiedID(f *inventory.Function, q string) string {
	if q == "" {
		return f.ID
	}
	return f.ID + ":" + q
}
