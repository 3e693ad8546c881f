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

// loadBalancers adds the listener routes (default actions and rules) of
// internet-facing Application Load Balancers that forward to a function
// without authenticating users first: anyone on the internet can send it
// requests. Not entry points: an internal load balancer (reachable only
// from its VPC), a route whose actions start with authenticate-oidc or
// authenticate-cognito, and a load balancer whose security groups (all
// of them in the estate) admit no address of the internet (0.0.0.0/0 or
// ::/0) on the listener's port. A scheme that cannot be resolved, or
// security groups not given or not in the estate, make the entry UNKNOWN.
// https://docs.aws.amazon.com/elasticloadbalancing/latest/application/application-load-balancers.html#load-balancer-scheme
// https://docs.aws.amazon.com/elasticloadbalancing/latest/application/listener-authenticate-users.html
// https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-update-security-groups.html
func (b *builder) loadBalancers() {
	tgs := map[string]*inventory.TargetGroup{}
	for _, tg := range b.a.Estate.TargetGroups {
		for _, k := range []string{tg.ID, tg.ARN} {
			if k != "" {
				tgs[k] = tg
			}
		}
	}
	for _, lb := range b.a.Estate.LoadBalancers {
		if lb.Type != "" && lb.Type != "application" {
			continue
		}
		var unknown string
		if g, ok := lb.Gap(inventory.FieldScheme); ok {
			unknown = "whether the load balancer is internet-facing cannot be resolved: " + g.Reason
		} else if lb.Scheme == "internal" {
			continue
		}
		for li := range lb.Listeners {
			l := &lb.Listeners[li]
			why := unknown
			if why == "" {
				open, u := b.sgOpen(lb, l.Port)
				if !open && u == "" {
					continue
				}
				why = u
			}
			for _, r := range l.AllRoutes() {
				if r.Authenticates {
					continue
				}
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
						where := fmt.Sprintf("%s %s:%d", lb.Label(), l.Protocol, l.Port)
						key := lb.ID + " " + l.ID
						detail := "internet-facing; the listener's default action forwards to " + tg.Label() + " without authenticating users"
						if r.Rule != "" {
							where += " rule " + ruleName(r.Rule)
							key += " rule " + r.Rule
							detail = "internet-facing; listener rule " + ruleName(r.Rule) + " forwards to " + tg.Label() + " without authenticating users"
						}
						b.entry(&Node{ID: "entry:alb:" + key + ":" + tg.ID, Label: "load balancer " + where, Detail: detail,
							EntryKind: EntryALB, Access: AccessPublic, Unknown: why, Source: r.Source, Resource: lb.ID, Key: key}, f, q)
					}
				}
			}
		}
	}
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

// eventSources adds the EventBridge buses, Kinesis streams and DynamoDB
// tables (through their streams) feeding a function whose resource
// policy lets everyone, or accounts not trusted, put events or records
// in: an EventBridge rule on a bus with cross-account events:PutEvents, a
// stream or table that grants writes to another account. A grant bounded
// by aws:PrincipalOrgID (the estate's own organization), aws:SourceIp or
// aws:SourceVpce is not a door; a condition that cannot be judged, or a
// policy that could not be read, makes the entry UNKNOWN. A source the
// estate does not hold, or one without a resource policy (only its own
// account may write), is no entry. (Reading a stream's records is not a
// way into the function, so stream-read grants are not entries.)
func (b *builder) eventSources() {
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
		access, detail, unknown, at := b.writers(o, sourceWrites[o.Type])
		if access == "" {
			continue
		}
		noun := map[string]string{inventory.TypeEventBus: "bus", inventory.TypeStream: "stream", inventory.TypeTable: "stream of table"}[o.Type]
		label := noun + " " + o.Label()
		key := o.ID
		if kind == EntryBus {
			detail += "; rule " + sourceName(tr.ID) + " sends its events to the function"
			key += " rule " + tr.ID
		}
		b.entry(&Node{ID: "entry:" + kind + ":" + key, Label: label, Detail: detail, EntryKind: kind, Access: access,
			Unknown: unknown, Source: at, Resource: o.ID, Key: key}, f, q)
	}
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
		return "", "", "", inventory.Source{}
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
	return "", "", "", inventory.Source{}
}
