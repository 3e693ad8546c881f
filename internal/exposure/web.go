package exposure

import (
	"fmt"
	"strings"

	"github.com/lambdasec/lambdasec/internal/iampolicy"
	"github.com/lambdasec/lambdasec/internal/inventory"
)

// EntryWeb is the entry kind of a Lambda Web Function endpoint: one with
// AuthType ApplicationManaged, or an IamAuth one whose Web Function's
// resource policy lets anyone or untrusted accounts invoke it.
const EntryWeb = "web-endpoint"

// WebGrant is a statement of a Web Function's resource policy that grants
// lambda:InvokeWebFunctionEndpoint to callers outside the estate.
type WebGrant struct {
	iampolicy.Grant
	// Accounts are, on a grant to foreign accounts, the untrusted ones.
	Accounts []string
	// At is the statement's position.
	At inventory.Source
}

// WebAccess is who a Web Function's resource policy lets invoke its
// IamAuth endpoints beyond the estate: Public grants (Principal "*" with
// no bounding condition), Foreign grants (accounts not trusted), and
// Unsure, the first reason a grant to "*", an account or a NotPrincipal
// cannot be judged.
type WebAccess struct {
	Public, Foreign []WebGrant
	Unsure          string
}

// WebPolicyAccess judges w's resource policy for
// lambda:InvokeWebFunctionEndpoint the way AWS reads it (every statement
// together; a Deny or an aws:SourceArn, aws:SourceAccount or
// aws:PrincipalOrgID condition bounds a grant). untrusted returns the
// accounts of a list that are neither the estate's nor trusted. A Web
// Function with no policy gives the zero WebAccess; the error is the
// policy's parse error. It is LS120's judgement and the exposure graph's.
// https://docs.aws.amazon.com/lambda/latest/dg/web-functions-permissions.html
func (a *Analysis) WebPolicyAccess(w *inventory.WebFunction, untrusted func([]string) []string) (WebAccess, error) {
	var out WebAccess
	if w.Policy == nil {
		return out, nil
	}
	pol, err := a.Policy(w.Policy)
	if err != nil {
		return out, err
	}
	acc := iampolicy.Analyze(pol, iampolicy.Query{Actions: []string{"lambda:InvokeWebFunctionEndpoint"}})
	for _, g := range acc.Grants {
		reach, accts := g.Reach(a.Estate.Account)
		wg := WebGrant{Grant: g, At: w.Policy.StatementSource(g.Statement)}
		switch {
		case reach == iampolicy.ReachPublic:
			out.Public = append(out.Public, wg)
		case reach == iampolicy.ReachCrossAccount:
			if wg.Accounts = untrusted(accts); len(wg.Accounts) > 0 {
				out.Foreign = append(out.Foreign, wg)
			}
		case reach == iampolicy.ReachUnknown && (g.PrincipalType == "*" || g.PrincipalType == "AWS" || g.NotPrincipal):
			if out.Unsure == "" {
				out.Unsure = strings.Join(g.Uncertain, "; ")
			}
		}
	}
	return out, nil
}

// webEndpoints adds the Web Function endpoints outsiders can call, each
// leading to its Web Function's node and on to the execution roles of
// its revisions: an endpoint with AuthType ApplicationManaged, which
// Lambda "doesn't authenticate or authorize"
// (https://docs.aws.amazon.com/lambda/latest/dg/web-functions-endpoint-access-control.html),
// is a door for anyone (LS119); an IamAuth endpoint is one only when the
// Web Function's resource policy grants lambda:InvokeWebFunctionEndpoint
// to anyone or to untrusted accounts (LS120). An AuthType or a policy that
// cannot be read makes an UNKNOWN entry. An endpoint of a Web Function the
// estate does not hold leads nowhere lambdasec can see, and is left out.
func (b *builder) webEndpoints() {
	for _, ep := range b.a.Estate.WebFunctionEndpoints {
		w := b.a.Estate.WebFunctionOf(ep.Function)
		if w == nil {
			continue
		}
		n := &Node{ID: "entry:web:" + ep.ID, Label: "endpoint " + ep.Label() + " of Web Function " + w.Label(), EntryKind: EntryWeb,
			Access: AccessPublic, Source: ep.Source, Rule: "LS119", Resource: ep.ID, Key: ep.ID}
		switch g, gap := ep.Gap(inventory.FieldAuthType); {
		case gap:
			n.Detail, n.Unknown = "AuthType cannot be read", g.Reason
		case ep.AuthType == inventory.WebAuthApplication:
			n.Detail = "AuthType ApplicationManaged: Lambda authenticates no request"
		case ep.AuthType == inventory.WebAuthIAM:
			if !b.webPolicyDoor(n, w) {
				continue
			}
		default:
			n.Detail, n.Unknown = "AuthType "+ep.AuthType, fmt.Sprintf("AuthType %q is not one lambdasec knows", ep.AuthType)
		}
		n.Kind = NodeEntry
		n = b.g.add(n)
		from := "internet"
		if n.Access == AccessForeign {
			b.g.add(&Node{ID: "foreign", Kind: NodeInternet, Label: "accounts not trusted"})
			from = "foreign"
		}
		b.g.edge(from, n.ID, "")
		b.g.edge(n.ID, b.webFunction(w).ID, "invokes")
	}
}

// webPolicyDoor fills entry n of an IamAuth endpoint of w from w's
// resource policy and reports whether the policy makes it a door (or
// cannot be judged).
func (b *builder) webPolicyDoor(n *Node, w *inventory.WebFunction) bool {
	n.Rule, n.Resource = "LS120", w.ID
	if g, ok := w.Gap(inventory.FieldPermissions); ok {
		n.Detail, n.Unknown = "AuthType IamAuth; the resource policy cannot be read", g.Reason
		return true
	}
	acc, err := b.a.WebPolicyAccess(w, b.untrusted)
	switch {
	case err != nil:
		n.Detail, n.Unknown = "AuthType IamAuth; the resource policy does not parse", err.Error()
	case len(acc.Public) > 0:
		g := acc.Public[0]
		n.Detail = fmt.Sprintf("AuthType IamAuth, but statement %s lets anyone call lambda:InvokeWebFunctionEndpoint", sid(g.Grant))
		n.Source = g.At
	case len(acc.Foreign) > 0:
		g := acc.Foreign[0]
		n.Detail = fmt.Sprintf("AuthType IamAuth, but statement %s lets account %s call lambda:InvokeWebFunctionEndpoint", sid(g.Grant), strings.Join(g.Accounts, ", "))
		n.Access, n.Source = AccessForeign, g.At
	case acc.Unsure != "":
		n.Detail, n.Unknown = "AuthType IamAuth; a statement of the resource policy may let anyone call lambda:InvokeWebFunctionEndpoint", acc.Unsure
	default:
		return false
	}
	return true
}

// webFunction returns the node of Web Function w, adding it, and the
// execution roles of its revisions, when new.
func (b *builder) webFunction(w *inventory.WebFunction) *Node {
	id := "webfn:" + w.ID
	if n := b.g.byID[id]; n != nil {
		return n
	}
	n := b.g.add(&Node{ID: id, Kind: NodeFunction, Label: "Web Function " + w.Label(), Source: w.Source, Resource: w.ID})
	b.webRoles[id] = b.webRoleViews(w)
	return n
}

// webRoleViews returns the views of the execution roles of w's revisions,
// in order and once each: the view the role has as a function's execution
// role when it has one, else a new one; a role the estate does not hold,
// a role that cannot be resolved, or a Web Function with no revision in
// the estate gets an external view saying why, so its paths are UNKNOWN.
func (b *builder) webRoleViews(w *inventory.WebFunction) []*RoleView {
	if b.webRoleOf == nil {
		b.webRoleOf = map[*inventory.Role]*RoleView{}
		for _, v := range b.roles {
			b.webRoleOf[v.Role] = v
		}
	}
	byRole := b.webRoleOf
	phantom := func(ref, why string, at inventory.Source) *RoleView {
		if ref == "" {
			ref = w.ID + " (role)"
		}
		r := &inventory.Role{Resource: inventory.Resource{ID: ref, Source: at, Skips: w.Skips}}
		return &RoleView{Role: r, Unknown: []string{why}, External: true}
	}
	var out []*RoleView
	seen := map[string]bool{}
	for _, rev := range w.Revisions {
		if rev.Role == "" || seen[rev.Role] {
			continue
		}
		seen[rev.Role] = true
		r := b.a.Index.Role(rev.Role)
		switch {
		case r == nil:
			out = append(out, phantom(rev.Role, "execution role "+inventory.Describe(rev.Role)+" is defined outside this estate", rev.Source))
		case byRole[r] != nil:
			out = append(out, byRole[r])
		default:
			v := b.a.RoleView(r, nil)
			byRole[r] = v
			out = append(out, v)
		}
	}
	if g, ok := w.Gap(inventory.FieldRole); ok {
		out = append(out, phantom("", "execution role is not known: "+g.Reason, w.Source))
	} else if len(out) == 0 {
		out = append(out, phantom("", "the estate holds no revision of the Web Function, so its execution role is not known", w.Source))
	}
	return out
}
