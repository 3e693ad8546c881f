package exposure

import (
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws/arn"

	"github.com/lambdasec/lambdasec/internal/iampolicy"
	"github.com/lambdasec/lambdasec/internal/inventory"
)

// More kinds of entry point (Node.EntryKind).
const (
	EntryALB    = "alb"    // a load balancer listener's default actions or rule
	EntryLayer  = "layer"  // a layer another account publishes, which runs in the function
	EntryBus    = "events" // an EventBridge bus other accounts may put events on, with a rule targeting the function
	EntryStream = "stream" // a Kinesis or DynamoDB stream other accounts may write to
)

// Door is a way into a function judged open or shut: a load balancer
// listener route that forwards to it, or a bus, stream or table that
// feeds it. Rules judge doors (LS124, LS125); the graph makes entry
// points of the open ones and of those that cannot be seen.
type Door struct {
	Kind     string              // EntryALB, EntryBus or EntryStream
	Resource *inventory.Resource // the load balancer, bus, stream or table
	Function *inventory.Function
	// Qualifier is the alias or version the door reaches ("" for the
	// function itself).
	Qualifier string
	// Label names the door ("load balancer web HTTPS:443", "bus orders");
	// Key names it uniquely and stably.
	Label, Key string
	// Access is AccessPublic or AccessForeign when the door is open to
	// them (or, with Unknown set, may be), "" when it is shut or when a
	// load balancer's openness cannot be seen (Unknown set).
	Access string
	// Why says what opens the door, or what shuts it; Unknown why that
	// cannot be told.
	Why, Unknown string
	// At is the statement, rule or listener Why rests on.
	At inventory.Source
}

// Doors returns the load balancer routes and the bus, stream and table
// triggers of the estate that reach a function, each judged (see
// loadBalancerDoors and sourceDoors), in estate order.
func (a *Analysis) Doors(opt GraphOptions) []Door {
	b := &builder{a: a, opt: opt}
	return append(b.loadBalancerDoors(), b.sourceDoors()...)
}

// loadBalancers adds the open doors of Application Load Balancers (and
// those that cannot be seen) as entry points.
func (b *builder) loadBalancers() {
	for _, d := range b.loadBalancerDoors() {
		b.door(d)
	}
}

// door adds an open door, or one that cannot be seen, as an entry point.
func (b *builder) door(d Door) {
	if d.Access == "" && d.Unknown == "" {
		return
	}
	access, rule := d.Access, map[string]string{EntryALB: "LS124", EntryBus: "LS125", EntryStream: "LS125"}[d.Kind]
	if access == "" {
		access = AccessPublic
		if d.Kind != EntryALB {
			access = AccessForeign
		}
	}
	b.entry(&Node{ID: "entry:" + d.Kind + ":" + d.Key, Label: d.Label, Detail: d.Why, EntryKind: d.Kind, Access: access,
		Unknown: d.Unknown, Source: d.At, Rule: rule, Resource: d.Key, Key: d.Key}, d.Function, d.Qualifier)
}

// loadBalancerDoors judges each listener route (default actions, each
// listener rule) of an Application Load Balancer that forwards to a
// function: open to anyone on the internet when the load balancer is
// internet-facing, its security groups (all of them in the estate) admit
// an address of the internet (0.0.0.0/0 or ::/0) on the listener's port,
// and the route forwards without authenticating users first. Shut: an
// internal load balancer (reachable only from its VPC), a route whose
// actions start with authenticate-oidc or authenticate-cognito, security
// groups that admit no internet address. A scheme that cannot be
// resolved, or security groups not given or not in the estate, cannot be
// seen.
// https://docs.aws.amazon.com/elasticloadbalancing/latest/application/application-load-balancers.html#load-balancer-scheme
// https://docs.aws.amazon.com/elasticloadbalancing/latest/application/listener-authenticate-users.html
// https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-update-security-groups.html
func (b *builder) loadBalancerDoors() []Door {
	tgs := map[string]*inventory.TargetGroup{}
	for _, tg := range b.a.Estate.TargetGroups {
		for _, k := range []string{tg.ID, tg.ARN} {
			if k != "" {
				tgs[k] = tg
			}
		}
	}
	var out []Door
	for _, lb := range b.a.Estate.LoadBalancers {
		if lb.Type != "" && lb.Type != "application" {
			continue
		}
		var lbUnknown string
		if g, ok := lb.Gap(inventory.FieldScheme); ok {
			lbUnknown = "whether the load balancer is internet-facing cannot be resolved: " + g.Reason
		}
		for li := range lb.Listeners {
			l := &lb.Listeners[li]
			var sgOpen bool
			var sgWhy string
			if lbUnknown == "" && lb.Scheme != "internal" {
				sgOpen, sgWhy = b.sgOpen(lb, l.Port)
			}
			for _, r := range l.AllRoutes() {
				for _, ref := range r.TargetGroups {
					tg := tgs[ref]
					if tg == nil {
						continue
					}
					for _, fref := range tg.Functions {
						f, q := b.fn(fref)
						if f == nil {
							continue
						}
						d := Door{Kind: EntryALB, Resource: &lb.Resource, Function: f, Qualifier: q, At: r.Source,
							Label: fmt.Sprintf("load balancer %s %s:%d", lb.Label(), l.Protocol, l.Port), Key: lb.ID + " " + l.ID}
						forward := "the listener's default action forwards to " + tg.Label()
						if r.Rule != "" {
							d.Label += " rule " + ruleName(r.Rule)
							d.Key += " rule " + r.Rule
							forward = "listener rule " + ruleName(r.Rule) + " forwards to " + tg.Label()
						}
						d.Key += " -> " + tg.ID
						switch {
						case lbUnknown != "":
							d.Unknown, d.Why = lbUnknown, forward
						case lb.Scheme == "internal":
							d.Why = "the load balancer is internal: only its VPC reaches it"
						case r.Authenticates:
							d.Why = forward + " after an authenticate action: users sign in first"
						case sgWhy != "":
							d.Unknown, d.Why = sgWhy, "internet-facing; "+forward+" without authenticating users"
						case !sgOpen:
							d.Why = fmt.Sprintf("internet-facing, but its security groups admit no internet address on port %d", l.Port)
						default:
							d.Access, d.Why = AccessPublic, "internet-facing; "+forward+" without authenticating users"
						}
						out = append(out, d)
					}
				}
			}
		}
	}
	return out
}

// ruleName shortens a listener rule's ARN to its ID.
func ruleName(r string) string {
	if i := strings.LastIndexByte(r, '/'); i >= 0 && strings.HasPrefix(r, "arn:") {
		return r[i+1:]
	}
	return r
}

// sgOpen reports whether lb's security groups admit the internet on port
// (0: any), or why that cannot be told.
func (b *builder) sgOpen(lb *inventory.LoadBalancer, port int) (bool, string) {
	if len(lb.SecurityGroups) == 0 {
		return false, "the load balancer's security groups are not given (the VPC's default group then applies), so who can reach it cannot be seen"
	}
	for _, ref := range lb.SecurityGroups {
		var sg *inventory.SecurityGroup
		for _, s := range b.a.Estate.SecurityGroups {
			if s.ID == ref || s.ARN == ref || (s.Name != "" && s.Name == ref) {
				sg = s
			}
		}
		if sg == nil {
			return false, "security group " + inventory.Describe(ref) + " of the load balancer is not in this estate, so who can reach it cannot be seen"
		}
		if _, ok := sg.Gap(inventory.FieldIngress); ok {
			return false, "the inbound rules of security group " + sg.Label() + " could not be read"
		}
		for _, r := range sg.Ingress {
			if (r.CIDRv4 == "0.0.0.0/0" || r.CIDRv6 == "::/0") && (r.Protocol == "-1" || port == 0 || r.FromPort <= port && port <= r.ToPort) {
				return true, ""
			}
		}
	}
	return false, ""
}

// LayerTrust says whether the publisher of a layer (its account, in a
// region) is trusted beyond the estate's own account and
// GraphOptions.Trusted: AWS's own layer publishers (see rules' LS504
// table). Nil trusts none.
type LayerTrust func(account, region string) bool

// layers adds, for each function, the layers another account publishes
// that are neither the estate's, nor a trusted account's, nor AWS's (as
// GraphOptions.TrustedLayers says): whoever controls that account
// controls code that runs inside the function, with its role — a
// supply-chain entry point of accounts not trusted. A layer whose owner
// cannot be resolved is an UNKNOWN entry.
// https://docs.aws.amazon.com/lambda/latest/dg/chapter-layers.html
// https://docs.aws.amazon.com/lambda/latest/dg/permissions-layer-cross-account.html
func (b *builder) layers() {
	for _, f := range b.a.Estate.Functions {
		if _, ok := f.Gap(inventory.FieldLayers); ok {
			continue
		}
		for _, ref := range f.Layers {
			if b.a.Index.Layer(ref) != nil {
				continue
			}
			p, err := arn.Parse(ref)
			if err != nil {
				continue
			}
			var unknown string
			switch {
			case inventory.IsUnresolved(p.AccountID):
				r, _ := inventory.UnresolvedReason(p.AccountID)
				unknown = "the owner of the layer cannot be resolved: " + r
			case p.AccountID == b.a.Estate.Account || len(b.untrusted([]string{p.AccountID})) == 0:
				continue
			case p.AccountID == "aws" || b.opt.TrustedLayers != nil && b.opt.TrustedLayers(p.AccountID, p.Region):
				continue
			}
			name := strings.TrimPrefix(p.Resource, "layer:")
			b.entry(&Node{ID: "entry:layer:" + f.ID + ":" + ref, Label: "layer " + name + " of account " + p.AccountID,
				Detail:    "account " + p.AccountID + " publishes this layer; its code runs inside the function, with its role",
				EntryKind: EntryLayer, Access: AccessForeign, Unknown: unknown, Source: f.Source, Rule: "LS504", Resource: f.ID,
				Key: f.ID + " layer " + ref}, f, "")
		}
	}
}

// sourceWrites are the actions that put an event into a bus, a stream or
// a table (whose stream then carries it to the function), by source type.
// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-bus-perms.html
// https://docs.aws.amazon.com/streams/latest/dev/controlling-access.html
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/access-control-resource-based.html
var sourceWrites = map[string][]string{
	inventory.TypeEventBus: {"events:PutEvents"},
	inventory.TypeStream:   {"kinesis:PutRecord", "kinesis:PutRecords"},
	inventory.TypeTable:    {"dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:BatchWriteItem"},
}

// eventSources adds the open doors of buses, streams and tables (and
// those that cannot be seen) as entry points.
func (b *builder) eventSources() {
	for _, d := range b.sourceDoors() {
		b.door(d)
	}
}

// sourceDoors judges the EventBridge buses, Kinesis streams and DynamoDB
// tables (through their streams) that feed a function, by their resource
// policies: open when they let everyone, or accounts not trusted, put
// events or records in — an EventBridge rule on a bus with cross-account
// events:PutEvents, a stream or table that grants writes to another
// account. A grant bounded by aws:PrincipalOrgID (the organization),
// aws:SourceIp or aws:SourceVpce does not open it; a condition that cannot
// be judged, or a policy that could not be read, cannot be seen. A source
// without a resource policy is shut (only its own account may write); one
// the estate does not hold is left out. (Reading a stream's records is
// not a way into the function, so stream-read grants do not open it.)
func (b *builder) sourceDoors() []Door {
	var out []Door
	for _, tr := range b.a.Estate.Triggers {
		if !tr.Enabled {
			continue
		}
		var o *inventory.Other
		var kind string
		switch tr.Type {
		case inventory.TriggerEventBridge:
			o, kind = b.other(inventory.TypeEventBus, tr.EventBus, "default"), EntryBus
		case inventory.TriggerKinesis:
			o, kind = b.other(inventory.TypeStream, tr.SourceARN, ""), EntryStream
		case inventory.TriggerDynamoDB:
			o, kind = b.other(inventory.TypeTable, tableOf(tr.SourceARN), ""), EntryStream
		}
		if o == nil {
			continue
		}
		f, q := b.fn(tr.Function)
		if f == nil {
			continue
		}
		if tr.Qualifier != "" {
			q = tr.Qualifier
		}
		noun := map[string]string{inventory.TypeEventBus: "bus", inventory.TypeStream: "stream", inventory.TypeTable: "stream of table"}[o.Type]
		d := Door{Kind: kind, Resource: &o.Resource, Function: f, Qualifier: q, Label: noun + " " + o.Label(), Key: o.ID}
		d.Access, d.Why, d.Unknown, d.At = b.writers(o, sourceWrites[o.Type])
		if kind == EntryBus {
			d.Why += "; rule " + sourceName(tr.ID) + " sends its events to " + f.Label()
			d.Key += " rule " + tr.ID
		}
		out = append(out, d)
	}
	return out
}

// other finds the Other of type typ that ref names (its ID, ARN, name, a
// token naming it, the name at the end of an ARN), or, when ref is empty,
// the one named dflt.
func (b *builder) other(typ, ref, dflt string) *inventory.Other {
	if ref == "" {
		ref = dflt
	}
	if ref == "" {
		return nil
	}
	id, _ := inventory.RefTarget(ref)
	name := ""
	if p, err := arn.Parse(ref); err == nil {
		name = p.Resource[strings.LastIndexAny(p.Resource, "/:")+1:]
	}
	for _, o := range b.a.Estate.Others {
		if o.Type != typ {
			continue
		}
		if o.ID == ref || o.ARN == ref || o.Name == ref || id != "" && o.ID == id || name != "" && o.Name == name {
			return o
		}
	}
	return nil
}

// tableOf turns a DynamoDB stream ARN (…:table/NAME/stream/LABEL) into
// the table's ARN; a token naming the table (GetAtt Table.StreamArn) is
// kept as it is.
func tableOf(s string) string {
	if i := strings.Index(s, "/stream/"); i > 0 && strings.HasPrefix(s, "arn:") {
		return s[:i]
	}
	return s
}

// writers judges o's resource policy for actions: who may use them
// (AccessPublic, AccessForeign, or "" for no one outside), what says so,
// why it cannot be told, and the statement.
func (b *builder) writers(o *inventory.Other, actions []string) (access, detail, unknown string, at inventory.Source) {
	if g, ok := o.Gap(inventory.FieldPermissions); ok {
		return AccessForeign, "its resource policy", "the resource policy of " + o.Label() + " could not be read: " + g.Reason, o.Source
	}
	if o.Policy == nil {
		return "", "it has no resource policy: only its own account may write to it", "", o.Source
	}
	pol, err := b.a.Policy(o.Policy)
	if err != nil {
		return AccessForeign, "its resource policy", "the resource policy of " + o.Label() + " does not parse: " + err.Error(), o.Policy.Source
	}
	for _, g := range iampolicy.Analyze(pol, iampolicy.Query{Actions: actions}).Grants {
		reach, accts := g.Reach(b.a.Estate.Account)
		at := o.Policy.StatementSource(g.Statement)
		acts := strings.Join(actions, " or ")
		switch {
		case reach == iampolicy.ReachPublic:
			return AccessPublic, fmt.Sprintf("statement %s of its policy lets anyone (Principal \"*\") %s", sid(g), acts), "", at
		case reach == iampolicy.ReachUnknown && (g.PrincipalType == "*" || g.NotPrincipal):
			return AccessPublic, fmt.Sprintf("statement %s of its policy allows %s to Principal \"*\"", sid(g), acts), strings.Join(g.Uncertain, "; "), at
		case reach == iampolicy.ReachCrossAccount && len(b.untrusted(accts)) > 0:
			return AccessForeign, fmt.Sprintf("statement %s of its policy lets account %s %s", sid(g), strings.Join(b.untrusted(accts), ", "), acts), "", at
		}
	}
	return "", "no statement of its policy lets anyone outside the estate's account (or its trusted accounts and organization) write to it", "", o.Policy.Source
}
