package exposure

import (
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws/arn"

	"github.com/lambdasec/lambdasec/internal/iampolicy"
	"github.com/lambdasec/lambdasec/internal/inventory"
)

// Kinds of principal the estate holds.
const (
	PrincipalRole  = "role"
	PrincipalUser  = "user"
	PrincipalGroup = "group"
)

// Principal is a role, user or group of the estate with its identity
// policies resolved (a user's include those of its groups), and whether
// people act as it.
//
// How people are told from workloads: an IAM user is a person (it may also
// be a script with access keys; IAM cannot tell, and the same MFA guard
// applies to both); a group's policies apply to its users; a role is
// assumable by people when its trust policy admits, for sts:AssumeRole or
// sts:AssumeRoleWithSAML, everyone ("*"), an account (its own or another:
// that account's users and roles may assume it when their own policies let
// them), an IAM user, or a SAML provider. A role trusted only by services,
// by other roles (the role at the start of the chain is judged itself) or
// by web-identity (OIDC) providers — CI pipelines, Cognito app users, for
// which AWS sets no MFA context key — is a workload's, not judged here.
type Principal struct {
	Kind     string // PrincipalRole, PrincipalUser or PrincipalGroup
	Resource *inventory.Resource
	policyView
	// Human is set when people act as the principal; Why says how
	// ("an IAM user", "assumable by account 111122223333").
	Human bool
	Why   string
	// SAMLOnly is set for a role people reach only through SAML
	// federation: MFA is then the identity provider's to enforce, which
	// the estate does not show.
	SAMLOnly bool
	// TrustMFA is set for a role whose trust policy admits people only
	// with MFA (aws:MultiFactorAuthPresent true, aws:MultiFactorAuthAge):
	// every session of the role was opened with MFA.
	TrustMFA bool
	// TrustUnknown says why whether people may assume the role could not
	// be read (no trust policy, a document that does not parse).
	TrustUnknown string

	covers map[string]bool // mayCover's answers, by action
	// anyFunction holds, by action, the verdict of an action whose every
	// statement is on "*" (nil when it is not allowed), worked out once.
	anyFunction map[string]*Change
}

// Label returns the principal's kind and name: "user alice".
func (p *Principal) Label() string { return p.Kind + " " + p.Resource.Label() }

// Principals returns the estate's users, groups and roles, in that order
// (each in estate order), with their policies resolved and how people use
// them worked out; computed once per analysis.
func (a *Analysis) Principals() []*Principal {
	if a.principals != nil {
		return a.principals
	}
	groups := map[string]*inventory.Group{}
	for _, g := range a.Estate.Groups {
		for _, k := range []string{g.ID, g.Name, g.ARN} {
			if k != "" {
				groups[k] = g
			}
		}
	}
	out := []*Principal{}
	for _, u := range a.Estate.Users {
		p := &Principal{Kind: PrincipalUser, Resource: &u.Resource, Human: true, Why: "an IAM user"}
		p.policyView = a.identityPolicies(&u.Resource, u.InlinePolicies, u.ManagedPolicies, u.PermissionsBoundary)
		for _, ref := range u.Groups {
			g := groups[ref]
			if g == nil {
				p.Unknown = append(p.Unknown, "group "+inventory.Describe(ref)+" is defined outside this estate")
				continue
			}
			gv := a.identityPolicies(&g.Resource, g.InlinePolicies, g.ManagedPolicies, "")
			for _, np := range gv.Identity {
				src := gv.Sources[np.Name]
				np.Name = "group " + g.Label() + " " + np.Name
				p.Identity = append(p.Identity, np)
				if src != nil {
					p.Sources[np.Name] = src
				}
			}
			p.Unknown = append(p.Unknown, gv.Unknown...)
		}
		out = append(out, p)
	}
	for _, g := range a.Estate.Groups {
		p := &Principal{Kind: PrincipalGroup, Resource: &g.Resource, Human: true, Why: "an IAM group"}
		p.policyView = a.identityPolicies(&g.Resource, g.InlinePolicies, g.ManagedPolicies, "")
		out = append(out, p)
	}
	for _, r := range a.Estate.Roles {
		p := &Principal{Kind: PrincipalRole, Resource: &r.Resource}
		p.policyView = a.identityPolicies(&r.Resource, r.InlinePolicies, r.ManagedPolicies, r.PermissionsBoundary)
		a.judgeTrust(r, p)
		out = append(out, p)
	}
	a.principals = out
	return out
}

// humanAssume are the actions that open a session people use: AssumeRole
// (users and roles of an account) and AssumeRoleWithSAML (federated users).
var humanAssume = []string{"sts:AssumeRole", "sts:AssumeRoleWithSAML"}

// judgeTrust works out from role r's trust policy whether people may
// assume it, and whether only with MFA.
func (a *Analysis) judgeTrust(r *inventory.Role, p *Principal) {
	if g, ok := r.Gap(inventory.FieldTrustPolicy); ok {
		p.TrustUnknown = "its trust policy could not be read: " + g.Reason
		return
	}
	if r.TrustPolicy == nil {
		p.TrustUnknown = "its trust policy is not known"
		return
	}
	pol, err := a.Policy(r.TrustPolicy)
	if err != nil {
		p.TrustUnknown = "its trust policy does not parse: " + err.Error()
		return
	}
	guarded, open := 0, 0
	saml := true
	for i := range pol.Statements {
		st := &pol.Statements[i]
		if st.Effect != iampolicy.Allow || st.Principal == nil || !coversAny(st, humanAssume) {
			continue
		}
		who, isSAML := humanPrincipal(st.Principal, a.Estate.Account)
		if who == "" {
			continue
		}
		if !p.Human {
			p.Human, p.Why = true, "assumable by "+who
		}
		saml = saml && isSAML
		if requiresMFA(st.Conditions) {
			guarded++
		} else {
			open++
		}
	}
	p.SAMLOnly = p.Human && saml
	p.TrustMFA = p.Human && open == 0 && guarded > 0
}

// coversAny reports whether st's Action (or NotAction) covers one of
// actions.
func coversAny(st *iampolicy.Statement, actions []string) bool {
	for _, want := range actions {
		if st.NotAction != nil {
			hit := false
			for _, pat := range st.NotAction {
				hit = hit || iampolicy.MatchAction(pat, want)
			}
			if !hit {
				return true
			}
			continue
		}
		for _, pat := range st.Action {
			if iampolicy.MatchAction(pat, want) {
				return true
			}
		}
	}
	return false
}

// humanPrincipal names the first principal of a trust statement people
// may act as ("" when none is), and whether it is a SAML provider.
func humanPrincipal(pr *iampolicy.Principal, account string) (who string, saml bool) {
	if pr.All {
		return "everyone", false
	}
	for _, v := range pr.AWS {
		switch {
		case v == "*":
			return "everyone", false
		case iampolicy.AccountOf(v) == v || strings.HasSuffix(v, ":root"):
			if acct := iampolicy.AccountOf(v); acct != account {
				return "account " + acct, false
			}
			return "its own account", false
		case strings.Contains(v, ":user/"):
			return "IAM user " + v, false
		}
	}
	for _, v := range pr.Federated {
		if a, err := arn.Parse(v); err == nil && strings.HasPrefix(a.Resource, "saml-provider/") {
			return "SAML provider " + strings.TrimPrefix(a.Resource, "saml-provider/"), true
		}
	}
	return "", false
}

// Contexts of a request made by a person without MFA — with long-term
// access keys, where AWS sets no aws:MultiFactorAuthPresent, and with
// temporary credentials obtained without MFA, where it is "false" — and
// of one made with MFA. aws:ViaAWSService is false: the person calls
// Lambda directly.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-multifactorauthpresent
// https://repost.aws/knowledge-center/mfa-iam-user-aws-cli
var (
	longTermKeys = iampolicy.Context{"aws:MultiFactorAuthPresent": nil, "aws:MultiFactorAuthAge": nil, "aws:ViaAWSService": {"false"}}
	sessionNoMFA = iampolicy.Context{"aws:MultiFactorAuthPresent": {"false"}, "aws:MultiFactorAuthAge": nil, "aws:ViaAWSService": {"false"}}
	sessionMFA   = iampolicy.Context{"aws:MultiFactorAuthPresent": {"true"}, "aws:MultiFactorAuthAge": {"60"}, "aws:ViaAWSService": {"false"}}
)

// requiresMFA reports whether conditions admit no request made without
// MFA (neither long-term keys nor a session opened without MFA).
func requiresMFA(cs []iampolicy.Condition) bool {
	for _, ctx := range []iampolicy.Context{longTermKeys, sessionNoMFA} {
		holds := true
		for _, c := range cs {
			if !isMFAKey(c.Key) {
				continue
			}
			if ok, err := c.Holds(ctx); err == nil && !ok {
				holds = false
			}
		}
		if holds {
			return false
		}
	}
	return true
}

func isMFAKey(k string) bool {
	return strings.EqualFold(k, "aws:MultiFactorAuthPresent") || strings.EqualFold(k, "aws:MultiFactorAuthAge")
}

// Actions that change a function or what it runs with: its code, its
// configuration (role, layers, environment), who may invoke it, a new
// URL; and, with iam:PassRole of its execution role, a new function that
// runs with that role.
// https://docs.aws.amazon.com/lambda/latest/dg/lambda-api-permissions-ref.html
var changeActions = []string{"lambda:UpdateFunctionCode", "lambda:UpdateFunctionConfiguration", "lambda:AddPermission", "lambda:CreateFunctionUrlConfig"}

// PassRoleCreate is the Change.Action of passing a function's execution
// role to a new function (iam:PassRole with lambda:CreateFunction).
const PassRoleCreate = "iam:PassRole + lambda:CreateFunction"

// Change is one way a principal may change a function.
type Change struct {
	Principal *Principal
	Function  *inventory.Function
	// Action is one of lambda:UpdateFunctionCode,
	// lambda:UpdateFunctionConfiguration, lambda:AddPermission,
	// lambda:CreateFunctionUrlConfig, or PassRoleCreate.
	Action string
	// Permits are the statements that allow it: those that allow it
	// without MFA when WithoutMFA is set, those that allow it with MFA
	// otherwise.
	Permits []iampolicy.Permit
	// WithoutMFA is set when a person acting as the principal may do it
	// without MFA: an identity policy allows it in a request without MFA
	// and, for a role, its trust policy lets people assume it without MFA.
	WithoutMFA bool
}

// ChangesBy returns every way principal p may change a function of the
// estate, by function in estate order: the principal → functions edges of
// the "who can change a function" direction of the exposure graph.
// Grants are judged as MayAllowIn reads them (conditions on keys a request
// without MFA fixes are decided; others stay open, so they may allow).
func (a *Analysis) ChangesBy(p *Principal) []Change {
	var out []Change
	for _, f := range a.Estate.Functions {
		out = append(out, a.Changes(p, f)...)
	}
	return out
}

// Changes returns the ways principal p may change function f; none when
// f has no ARN to judge a grant against.
func (a *Analysis) Changes(p *Principal, f *inventory.Function) []Change {
	if f.ARN == "" || len(p.Identity) == 0 {
		return nil
	}
	var out []Change
	for _, action := range changeActions {
		if !a.mayCover(p, action) {
			continue
		}
		if c, ok := p.anyFunction[action]; ok {
			// Every statement about the action is on "*": the verdict is
			// the same for every function.
			if c != nil {
				c.Function = f
				out = append(out, *c)
			}
			continue
		}
		c, ok := a.change(p, f, action, func(ctx iampolicy.Context) []iampolicy.Permit {
			return iampolicy.MayAllowIn(p.Identity, p.Boundary, action, f.ARN, ctx)
		})
		if ok {
			out = append(out, c)
		}
		if onAnyResource(p, action) {
			if p.anyFunction == nil {
				p.anyFunction = map[string]*Change{}
			}
			p.anyFunction[action] = nil
			if ok {
				p.anyFunction[action] = &c
			}
		}
	}
	if !a.mayCover(p, "iam:PassRole") || !a.mayCover(p, "lambda:CreateFunction") {
		return out
	}
	if role := a.roleARN(f); role != "" {
		newFn := iampolicy.ProbeARN("function", a.Estate.Account, regionOf(f))
		if c, ok := a.change(p, f, PassRoleCreate, func(ctx iampolicy.Context) []iampolicy.Permit {
			pass := with(ctx, "iam:PassedToService", "lambda.amazonaws.com", "iam:AssociatedResourceArn", newFn)
			ps := iampolicy.MayAllowIn(p.Identity, p.Boundary, "iam:PassRole", role, pass)
			if len(ps) == 0 {
				return nil
			}
			cs := iampolicy.MayAllowIn(p.Identity, p.Boundary, "lambda:CreateFunction", newFn, ctx)
			if len(cs) == 0 {
				return nil
			}
			return append(ps, cs...)
		}); ok {
			out = append(out, c)
		}
	}
	return out
}

// change judges one action in the three request contexts.
func (a *Analysis) change(p *Principal, f *inventory.Function, action string, allow func(iampolicy.Context) []iampolicy.Permit) (Change, bool) {
	c := Change{Principal: p, Function: f, Action: action}
	if !p.TrustMFA {
		c.Permits = append(allow(longTermKeys), allow(sessionNoMFA)...)
		c.WithoutMFA = len(c.Permits) > 0
	}
	if !c.WithoutMFA {
		c.Permits = allow(sessionMFA)
	}
	return c, len(c.Permits) > 0
}

// mayCover reports whether some Allow statement of p names action at all:
// a cheap filter before judging it on every function, worked out once per
// principal and action.
func (a *Analysis) mayCover(p *Principal, action string) bool {
	if v, ok := p.covers[action]; ok {
		return v
	}
	found := false
	for _, np := range p.Identity {
		for i := range np.Policy.Statements {
			st := &np.Policy.Statements[i]
			found = found || st.Effect == iampolicy.Allow && coversAny(st, []string{action})
		}
	}
	if p.covers == nil {
		p.covers = map[string]bool{}
	}
	p.covers[action] = found
	return found
}

// onAnyResource reports whether every statement of p's policies and
// boundary that names action has Resource "*" and nothing else, so that
// whether p may call it does not depend on which function it names.
func onAnyResource(p *Principal, action string) bool {
	pols := p.Identity
	if p.Boundary != nil {
		pols = append(pols[:len(pols):len(pols)], *p.Boundary)
	}
	for _, np := range pols {
		for i := range np.Policy.Statements {
			st := &np.Policy.Statements[i]
			if !coversAny(st, []string{action}) {
				continue
			}
			if st.NotResource != nil || len(st.Resource) != 1 || st.Resource[0] != "*" {
				return false
			}
		}
	}
	return true
}

// roleARN returns the ARN of f's execution role: the estate role's, or the
// reference when it is an ARN; "" when neither is known.
func (a *Analysis) roleARN(f *inventory.Function) string {
	if r := a.Index.Role(f.Role); r != nil {
		return r.ARN
	}
	if strings.HasPrefix(f.Role, "arn:") {
		return f.Role
	}
	return ""
}

// regionOf is f's region, or the template token.
func regionOf(f *inventory.Function) string {
	if f.Region != "" {
		return f.Region
	}
	return inventory.RegionToken
}

// with returns a copy of ctx with the keys and values of kv (key, value,
// key, value...) set.
func with(ctx iampolicy.Context, kv ...string) iampolicy.Context {
	out := make(iampolicy.Context, len(ctx)+len(kv)/2)
	for k, v := range ctx {
		out[k] = v
	}
	for i := 0; i+1 < len(kv); i += 2 {
		out[kv[i]] = []string{kv[i+1]}
	}
	return out
}
