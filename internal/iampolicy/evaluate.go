package iampolicy

import (
	"fmt"
	"slices"
	"strings"
)

// Caller is who makes a request to Evaluate.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
type Caller struct {
	// ARN is the caller's ARN: an IAM user or role
	// ("arn:aws:iam::111122223333:role/r"), an assumed-role session
	// ("arn:aws:sts::111122223333:assumed-role/r/session"), an STS
	// federated user, or the account root user
	// ("arn:aws:iam::111122223333:root"). Empty for an anonymous caller
	// and for an AWS service.
	ARN string
	// Account is the caller's account ID; when empty it is taken from ARN.
	Account string
	// Service is the service principal ("s3.amazonaws.com") when an AWS
	// service calls on its own behalf.
	Service string
	// Anonymous is true for an unauthenticated caller.
	Anonymous bool
}

// Request is a request to decide: who calls, the action ("s3:GetObject"),
// the resource ARN, and the request context (condition keys and values).
// Evaluate does not derive context keys from Caller: a policy that tests
// aws:PrincipalArn or uses ${aws:username} needs them in Context.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html#policy-eval-reqcontext
type Request struct {
	Caller   Caller
	Action   string
	Resource string
	Context  Context
}

// NamedPolicy is a policy and the name that Evaluate's result uses for it
// (an ARN, a logical ID, "inline policy x of role y").
// https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies.html
type NamedPolicy struct {
	Name   string
	Policy *Policy
}

// PolicySet is the policies that apply to a request.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
type PolicySet struct {
	// Identity are the caller's identity-based policies.
	Identity []NamedPolicy
	// Resource is the resource's resource-based policy, if any.
	Resource *NamedPolicy
	// Boundary is the caller's permissions boundary, if any.
	Boundary *NamedPolicy
	// ResourceAccount is the account that owns the resource; when empty it
	// is taken from the account field of the resource ARN.
	ResourceAccount string
}

// Decision is the outcome of Evaluate.
type Decision string

// The decisions AWS's policy evaluation can reach.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_AccessPolicyLanguage_Interplay.html
const (
	Allowed      Decision = "Allowed"
	ImplicitDeny Decision = "ImplicitDeny"
	ExplicitDeny Decision = "ExplicitDeny"
)

// StatementRef names one statement: the policy's name in the PolicySet,
// the statement's index in the policy (from 0) and its Sid
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_sid.html).
type StatementRef struct {
	Policy string
	Index  int
	Sid    string
}

// String renders the reference as "policy statement 2 (Sid)", counting
// statements from 1.
func (r StatementRef) String() string {
	s := fmt.Sprintf("%s statement %d", r.Policy, r.Index+1)
	if r.Sid != "" {
		s += " (" + r.Sid + ")"
	}
	return s
}

// Result is the outcome of Evaluate: the decision of
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
// and what led to it.
type Result struct {
	Decision Decision
	// Deciding are the statements that decided: the Deny statements that
	// apply for ExplicitDeny; for Allowed the Allow statements of every
	// policy that was needed to allow (identity-based and boundary, or
	// resource-based, or both across accounts). Empty for ImplicitDeny, and
	// for the root user of the resource's account, whom no statement needs
	// to allow.
	Deciding []StatementRef
	// Reason says in one sentence why the decision was reached.
	Reason string
	// Problems lists what Evaluate could not judge as AWS would: a
	// condition with an unknown operator or a malformed value (the
	// statement is taken not to apply), an unsupported policy Version, an
	// element that does not belong in the kind of policy it is in, an
	// unknown resource account.
	Problems []string
}

// Evaluate decides req against the policies in set the way AWS's policy
// evaluation logic does, and returns the decision, the statements that
// decided it and the problems met on the way. It never panics and has no
// error: what it cannot judge is listed in Result.Problems.
//
// A statement applies when its Action (or NotAction) covers the action
// (case-insensitively), its Resource (or NotResource) covers the resource
// (case-sensitively, with policy variables substituted in the resource
// part when the policy's Version is 2012-10-17), its Principal (or
// NotPrincipal, resource-based policies only) names the caller, and every
// condition holds (see Condition.Holds; a condition that fails to evaluate
// does not hold, and is listed in Problems).
//
// Then, following
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html,
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html
// and https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html:
//
//   - A Deny that applies, in any of the policies, decides ExplicitDeny.
//   - An AWS service or an anonymous caller is allowed when the
//     resource-based policy allows it.
//   - The identity side allows when an identity-based policy allows and
//     the permissions boundary, if any, allows too. The root user of an
//     account has full access in it.
//   - Within the resource's account the caller is allowed when the
//     identity side allows, or the resource-based policy allows the caller
//     itself (its user, role session or federated user ARN, or "*"), which
//     no implicit deny in an identity-based policy or boundary limits, or
//     allows the caller's role by its role ARN, which the boundary limits.
//     A resource-based policy that names the caller's account delegates to
//     the account: the identity side must allow.
//   - Across accounts both the identity side and the resource-based
//     policy must allow.
//
// Not modelled: service control and resource control policies, session
// policies, and resources such as IAM role trust policies and KMS key
// policies that must allow even within their account.
func Evaluate(set PolicySet, req Request) Result {
	e := evaluator{req: req, caller: parseCaller(req.Caller)}
	c := &e.caller

	var idAllow, bAllow, rAllow, denies []hit
	for _, np := range set.Identity {
		a, d := e.scan(np, identityPolicy)
		idAllow = append(idAllow, a...)
		denies = append(denies, d...)
	}
	boundary := set.Boundary != nil && set.Boundary.Policy != nil
	if set.Boundary != nil {
		a, d := e.scan(*set.Boundary, boundaryPolicy) // reports a nil policy
		bAllow = a
		denies = append(denies, d...)
	}
	if set.Resource != nil {
		a, d := e.scan(*set.Resource, resourcePolicy)
		rAllow = a
		denies = append(denies, d...)
	}

	if len(denies) > 0 {
		return e.result(ExplicitDeny, "an explicit Deny applies", refs(denies))
	}

	switch c.kind {
	case kindService, kindAnonymous:
		who := "an anonymous caller"
		if c.kind == kindService {
			who = "service " + c.Service
		}
		if len(set.Identity) > 0 || boundary {
			e.problem("identity-based policies and permissions boundaries do not apply to " + who + "; ignored")
		}
		if len(rAllow) > 0 {
			return e.result(Allowed, "the resource-based policy allows "+who, refs(rAllow))
		}
		return e.result(ImplicitDeny, "no resource-based policy allows "+who, nil)
	}

	// The identity side: identity-based policies, limited by the boundary.
	var idRefs []StatementRef
	identityAllows := false
	switch {
	case c.kind == kindRoot:
		identityAllows = true
		if boundary {
			e.problem("a permissions boundary cannot apply to the root user; ignored")
		}
	case len(idAllow) > 0 && (!boundary || len(bAllow) > 0):
		identityAllows = true
		idRefs = append(refs(idAllow), refs(bAllow)...)
	}

	if e.crossAccount(set) {
		switch {
		case identityAllows && len(rAllow) > 0:
			return e.result(Allowed, "cross-account: both the identity side and the resource-based policy allow", append(idRefs, refs(rAllow)...))
		case len(rAllow) > 0:
			return e.result(ImplicitDeny, "cross-account: the resource-based policy allows but "+e.identityGap(idAllow, boundary), nil)
		case identityAllows:
			return e.result(ImplicitDeny, "cross-account: the identity side allows but no resource-based policy allows the caller", nil)
		}
		return e.result(ImplicitDeny, "cross-account: neither the identity side nor a resource-based policy allows", nil)
	}

	var deciding []StatementRef
	var reasons []string
	if direct := withGrant(rAllow, grantDirect); len(direct) > 0 {
		deciding = append(deciding, refs(direct)...)
		reasons = append(reasons, "the resource-based policy allows the caller itself")
	}
	if role := withGrant(rAllow, grantRole); len(role) > 0 {
		if !boundary || len(bAllow) > 0 {
			deciding = append(deciding, refs(role)...)
			deciding = append(deciding, refs(bAllow)...)
			reasons = append(reasons, "the resource-based policy allows the caller's role")
		} else if len(deciding) == 0 && !identityAllows {
			return e.result(ImplicitDeny, "the resource-based policy allows the caller's role, but the permissions boundary does not allow the action", nil)
		}
	}
	if identityAllows {
		deciding = append(deciding, idRefs...)
		if c.kind == kindRoot {
			reasons = append(reasons, "the root user has full access in its own account")
		} else {
			reasons = append(reasons, "an identity-based policy allows")
		}
	}
	if len(reasons) > 0 {
		return e.result(Allowed, strings.Join(reasons, "; "), dedupe(deciding))
	}
	reason := e.identityGap(idAllow, boundary)
	if len(withGrant(rAllow, grantAccount)) > 0 {
		reason = "the resource-based policy delegates to the caller's account, but " + reason
	}
	return e.result(ImplicitDeny, reason, nil)
}

// identityGap explains why the identity side does not allow.
func (e *evaluator) identityGap(idAllow []hit, boundary bool) string {
	if len(idAllow) > 0 && boundary {
		return "the permissions boundary does not allow the action"
	}
	return "no identity-based policy allows the action"
}

// policyKind says where a policy sits, which decides how its Principal
// element is read.
type policyKind int

const (
	identityPolicy policyKind = iota
	boundaryPolicy
	resourcePolicy
)

// grantKind says how a resource-based policy statement names the caller,
// which decides what else must allow within the resource's account.
type grantKind int

const (
	grantNone    grantKind = iota
	grantAccount           // the caller's account: a delegation to its identity policies
	grantRole              // the role of the caller's session: limited by the boundary
	grantDirect            // the caller itself, a service, or everyone
)

// hit is an applying statement.
type hit struct {
	ref   StatementRef
	grant grantKind
}

func refs(hs []hit) []StatementRef {
	if len(hs) == 0 {
		return nil
	}
	out := make([]StatementRef, len(hs))
	for i, h := range hs {
		out[i] = h.ref
	}
	return out
}

func withGrant(hs []hit, g grantKind) []hit {
	var out []hit
	for _, h := range hs {
		if h.grant == g {
			out = append(out, h)
		}
	}
	return out
}

func dedupe(rs []StatementRef) []StatementRef {
	out := rs[:0]
	seen := make(map[StatementRef]bool, len(rs))
	for _, r := range rs {
		if !seen[r] {
			seen[r] = true
			out = append(out, r)
		}
	}
	return out
}

type evaluator struct {
	req      Request
	caller   caller
	problems []string
}

func (e *evaluator) problem(p string) {
	if !slices.Contains(e.problems, p) {
		e.problems = append(e.problems, p)
	}
}

func (e *evaluator) result(d Decision, reason string, deciding []StatementRef) Result {
	return Result{Decision: d, Deciding: deciding, Reason: reason, Problems: e.problems}
}

// crossAccount reports whether the caller's account differs from the
// resource's.
func (e *evaluator) crossAccount(set PolicySet) bool {
	res := set.ResourceAccount
	if res == "" {
		res = AccountOf(e.req.Resource)
	}
	switch {
	case res == "":
		e.problem("the resource's account is unknown; the request is taken to be within the caller's account")
		return false
	case e.caller.account == "":
		e.problem("the caller's account is unknown; the request is taken to be within the resource's account")
		return false
	}
	return res != e.caller.account
}

// scan returns the Allow and Deny statements of np that apply to the
// request.
func (e *evaluator) scan(np NamedPolicy, kind policyKind) (allows, denies []hit) {
	p := np.Policy
	if p == nil {
		e.problem(fmt.Sprintf("policy %s is empty; ignored", np.Name))
		return nil, nil
	}
	vars := p.Version == VersionCurrent
	if p.Version != VersionCurrent && p.Version != "" && p.Version != "2008-10-17" {
		e.problem(fmt.Sprintf("policy %s has Version %q, which IAM does not support; policy variables are read as literal text", np.Name, p.Version))
	}
	for i := range p.Statements {
		st := &p.Statements[i]
		ref := StatementRef{Policy: np.Name, Index: st.Index, Sid: st.Sid}
		g := e.applies(st, ref, kind, vars)
		if g == grantNone {
			continue
		}
		switch st.Effect {
		case Allow:
			allows = append(allows, hit{ref: ref, grant: g})
		case Deny:
			denies = append(denies, hit{ref: ref, grant: g})
		}
	}
	return allows, denies
}

// applies reports whether st applies to the request, and for a
// resource-based policy how it names the caller (grantDirect for the other
// kinds of policy).
func (e *evaluator) applies(st *Statement, ref StatementRef, kind policyKind, vars bool) grantKind {
	if !coversAction(st, e.req.Action) || !e.coversResource(st, vars) {
		return grantNone
	}
	g := grantDirect
	if kind == resourcePolicy {
		switch {
		case st.Principal != nil:
			g = principalGrant(st.Principal, &e.caller)
		case st.NotPrincipal != nil:
			if st.Effect == Deny {
				if exempt(st.NotPrincipal, &e.caller) {
					g = grantNone
				}
			} else if excluded(st.NotPrincipal, &e.caller) {
				g = grantNone
			}
		default:
			e.problem(ref.String() + " has no Principal, which a resource-based policy needs; it applies to no one")
			g = grantNone
		}
	} else if st.Principal != nil || st.NotPrincipal != nil {
		e.problem(ref.String() + ": a Principal or NotPrincipal element does not belong in an identity-based policy; ignored")
	}
	if g == grantNone {
		return grantNone
	}
	for _, c := range st.Conditions {
		ok, err := c.holds(e.req.Context, vars)
		if err != nil {
			e.problem(fmt.Sprintf("%s: condition %s %s: %v; taken not to match", ref, c.Operator, c.Key, err))
			return grantNone
		}
		if !ok {
			return grantNone
		}
	}
	return g
}

// coversAction is Statement.CoversAction without allocating.
func coversAction(st *Statement, action string) bool {
	if st.NotAction != nil {
		for _, p := range st.NotAction {
			if matchAction(p, action) {
				return false
			}
		}
		return true
	}
	for _, p := range st.Action {
		if matchAction(p, action) {
			return true
		}
	}
	return false
}

// coversResource is Statement.CoversResource with policy variables
// substituted when vars is set.
func (e *evaluator) coversResource(st *Statement, vars bool) bool {
	match := func(p string) bool { return matchResource(p, e.req.Resource) }
	if vars {
		match = func(p string) bool { return matchResourceVars(p, e.req.Resource, e.req.Context) }
	}
	switch {
	case st.NotResource != nil:
		for _, p := range st.NotResource {
			if match(p) {
				return false
			}
		}
		return true
	case st.Resource != nil:
		for _, p := range st.Resource {
			if match(p) {
				return true
			}
		}
		return false
	}
	return true
}

// callerKind classifies a caller by its ARN.
type callerKind int

const (
	kindOther callerKind = iota
	kindRoot
	kindUser
	kindRole
	kindSession
	kindFederated
	kindService
	kindAnonymous
)

// caller is a Caller with its ARN taken apart.
type caller struct {
	Caller
	kind      callerKind
	partition string
	account   string
	roleName  string // for kindRole and kindSession
}

// parseCaller classifies c by its ARN.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-arns
func parseCaller(c Caller) caller {
	out := caller{Caller: c, account: c.Account}
	switch {
	case c.Anonymous:
		out.kind = kindAnonymous
		return out
	case c.Service != "" && c.ARN == "":
		out.kind = kindService
		return out
	}
	parts, ok := arnFields(c.ARN)
	if !ok {
		return out
	}
	out.partition = parts[1]
	if out.account == "" {
		out.account = parts[4]
	}
	switch res := parts[5]; {
	case parts[2] == "iam" && res == "root":
		out.kind = kindRoot
	case parts[2] == "iam" && strings.HasPrefix(res, "user/"):
		out.kind = kindUser
	case parts[2] == "iam" && strings.HasPrefix(res, "role/"):
		out.kind = kindRole
		out.roleName = lastSegment(res)
	case parts[2] == "sts" && strings.HasPrefix(res, "assumed-role/"):
		role, _, ok := strings.Cut(strings.TrimPrefix(res, "assumed-role/"), "/")
		if ok && role != "" {
			out.kind = kindSession
			out.roleName = role
		}
	case parts[2] == "sts" && strings.HasPrefix(res, "federated-user/"):
		out.kind = kindFederated
	}
	return out
}

func lastSegment(s string) string {
	if i := strings.LastIndexByte(s, '/'); i >= 0 {
		return s[i+1:]
	}
	return s
}

// principalGrant reports how the Principal element p names the caller c:
// "*" (or {"AWS": "*"}) names everyone, anonymous callers included; an
// account ID or "arn:aws:iam::ACCOUNT:root" every principal of the
// account; a role ARN the role and its sessions; any other ARN that
// principal exactly (IAM allows no partial wildcards in principals); a
// Service value that service. Federated and CanonicalUser values name no
// Caller that Evaluate can describe.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
func principalGrant(p *Principal, c *caller) grantKind {
	if p.IsWildcard() {
		return grantDirect
	}
	if c.kind == kindService {
		for _, s := range p.Service {
			if strings.EqualFold(s, c.Service) {
				return grantDirect
			}
		}
		return grantNone
	}
	best := grantNone
	for _, v := range p.AWS {
		if g := awsGrant(v, c); g > best {
			best = g
		}
	}
	return best
}

// awsGrant reports how one "AWS" principal value names c.
func awsGrant(v string, c *caller) grantKind {
	if c.kind == kindAnonymous || c.kind == kindService {
		return grantNone
	}
	if acct, ok := accountPrincipal(v, c); ok {
		if acct != c.account || c.account == "" {
			return grantNone
		}
		if c.kind == kindRoot {
			return grantDirect // the account is the root user
		}
		return grantAccount
	}
	if namesRole(v, c) {
		return grantRole
	}
	if c.ARN != "" && v == c.ARN {
		return grantDirect
	}
	return grantNone
}

// accountPrincipal reports whether v names an account — a 12-digit ID or
// "arn:PARTITION:iam::ACCOUNT:root" in c's partition — and which.
func accountPrincipal(v string, c *caller) (string, bool) {
	if isAccountID(v) {
		return v, true
	}
	parts, ok := arnFields(v)
	if ok && parts[2] == "iam" && parts[5] == "root" {
		if c.partition != "" && parts[1] != c.partition {
			return "", true
		}
		return parts[4], true
	}
	return "", false
}

// namesRole reports whether v is the ARN of the role c is, or whose session
// c is. Role names are unique within an account whatever their path, and a
// session ARN does not carry the path, so the name is compared.
func namesRole(v string, c *caller) bool {
	if c.kind != kindSession && c.kind != kindRole {
		return false
	}
	parts, ok := arnFields(v)
	return ok && parts[1] == c.partition &&
		parts[2] == "iam" && parts[4] == c.account &&
		strings.HasPrefix(parts[5], "role/") && lastSegment(parts[5]) == c.roleName
}

// exempt reports whether a Deny statement's NotPrincipal p spares c. AWS
// may check the account first, then the role, then the session, so a
// caller is spared only when each is listed: the account (ID or root ARN)
// and the user's ARN; or the account, the role's ARN and the
// assumed-role session's ARN.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html
func exempt(p *Principal, c *caller) bool {
	if p.IsWildcard() {
		return true
	}
	switch c.kind {
	case kindService:
		return listedService(p, c.Service)
	case kindAnonymous:
		return false
	}
	acct := accountListed(p, c)
	switch c.kind {
	case kindRoot:
		return acct
	case kindRole:
		return acct && roleListed(p, c)
	case kindSession:
		return acct && roleListed(p, c) && arnListed(p, c.ARN)
	}
	return acct && arnListed(p, c.ARN)
}

// excluded reports whether an Allow statement's NotPrincipal p leaves c
// out: "Doing so allows all principals except the one named" — the
// caller's account, role or own ARN.
func excluded(p *Principal, c *caller) bool {
	if p.IsWildcard() {
		return true
	}
	switch c.kind {
	case kindService:
		return listedService(p, c.Service)
	case kindAnonymous:
		return false
	}
	return accountListed(p, c) || roleListed(p, c) || arnListed(p, c.ARN)
}

func listedService(p *Principal, service string) bool {
	for _, s := range p.Service {
		if strings.EqualFold(s, service) {
			return true
		}
	}
	return false
}

func accountListed(p *Principal, c *caller) bool {
	for _, v := range p.AWS {
		if acct, ok := accountPrincipal(v, c); ok && acct != "" && acct == c.account {
			return true
		}
	}
	return false
}

func roleListed(p *Principal, c *caller) bool {
	for _, v := range p.AWS {
		if namesRole(v, c) {
			return true
		}
	}
	return false
}

func arnListed(p *Principal, arn string) bool {
	if arn == "" {
		return false
	}
	return slices.Contains(p.AWS, arn)
}

// arnFields splits s into the six colon-separated fields of an ARN, the
// last keeping any further colons, without allocating. It reports false
// when s does not start with "arn:" or has fewer than six fields.
func arnFields(s string) (f [6]string, ok bool) {
	if !strings.HasPrefix(s, "arn:") {
		return f, false
	}
	for i := 0; i < 5; i++ {
		var found bool
		f[i], s, found = strings.Cut(s, ":")
		if !found {
			return f, false
		}
	}
	f[5] = s
	return f, true
}

// matchResource is MatchResource without allocating.
func matchResource(pattern, arn string) bool {
	if pattern == "*" {
		return true
	}
	pf, ok := arnFields(pattern)
	af, ok2 := arnFields(arn)
	if !ok || !ok2 {
		return glob(pattern, arn)
	}
	for i := 1; i < 6; i++ {
		if !glob(pf[i], af[i]) {
			return false
		}
	}
	return true
}

// matchAction is MatchAction without allocating for ASCII names (every
// action name is ASCII).
func matchAction(pattern, action string) bool {
	if pattern == "*" {
		return true
	}
	if !isASCII(pattern) || !isASCII(action) {
		return MatchAction(pattern, action)
	}
	return globFold(pattern, action)
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}
