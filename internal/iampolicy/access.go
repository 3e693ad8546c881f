package iampolicy

import (
	"fmt"
	"net/netip"
	"slices"
	"sort"
	"strings"
)

// Query says which access to work out from a resource policy.
type Query struct {
	// Actions are the actions a caller needs ("lambda:InvokeFunction"); a
	// statement counts when it covers any of them.
	Actions []string
	// Resource is the resource's ARN; statements whose Resource does not
	// cover it are skipped. Empty means every statement's resource counts
	// (a template's permissions name the function by reference).
	Resource string
	// Context holds the condition keys whose values are fixed by the way
	// the request arrives — lambda:FunctionUrlAuthType for a call through a
	// function URL — and the keys known to be absent for it (a key mapped
	// to nil). Conditions on these keys are decided, not classified.
	Context Context
}

// RestrictionKind says what a restricting condition bounds the callers to.
type RestrictionKind string

// What a restricting condition can bound a grant to.
const (
	RestrictAccount      RestrictionKind = "account"       // aws:SourceAccount, aws:PrincipalAccount, ...
	RestrictOrganization RestrictionKind = "organization"  // aws:PrincipalOrgID, aws:SourceOrgID, ...
	RestrictNetwork      RestrictionKind = "network"       // aws:SourceIp, aws:SourceVpc, aws:SourceVpce
	RestrictSourceARN    RestrictionKind = "source-arn"    // aws:SourceArn naming an owned resource
	RestrictPrincipalARN RestrictionKind = "principal-arn" // aws:PrincipalArn
	RestrictToken        RestrictionKind = "token"         // lambda:EventSourceToken
	RestrictService      RestrictionKind = "aws-service"   // aws:PrincipalIsAWSService true
)

// Restriction is a condition that bounds who a grant admits. From a Deny
// statement it is the negation of the Deny's condition: "Deny unless
// aws:SourceIp is in 10.0.0.0/8" becomes "only from 10.0.0.0/8".
type Restriction struct {
	Kind     RestrictionKind
	Key      string
	Operator string
	Values   []string
	// Statement is the index of the statement the condition is in.
	Statement int
	// FromDeny is true when the restriction is a Deny's condition negated.
	FromDeny bool
	// Accounts are the accounts the restriction pins callers (or their
	// source resources) to, when it names them.
	Accounts []string
}

// String renders the restriction for a finding: "aws:SourceIp in
// [203.0.113.0/24] (from Deny statement 2)".
func (r Restriction) String() string {
	s := fmt.Sprintf("%s %s %v", r.Key, r.Operator, r.Values)
	if r.FromDeny {
		s += fmt.Sprintf(" (Deny statement %d, negated)", r.Statement+1)
	}
	return s
}

// Grant is one principal a resource policy's Allow statement admits for the
// query, with what narrows it.
type Grant struct {
	// Statement is the index of the Allow statement; Sid its Sid.
	Statement int
	Sid       string
	// PrincipalType is "*" (anyone), "AWS", "Service", "Federated" or
	// "CanonicalUser"; Principal is the value ("*", an account ID or ARN,
	// a service name).
	PrincipalType string
	Principal     string
	// NotPrincipal is true when the grant comes from an Allow with
	// NotPrincipal: everyone except Principal.
	NotPrincipal bool
	// Restrictions are the conditions that bound who can use the grant.
	Restrictions []Restriction
	// Ignored are the conditions that apply but do not bound the caller
	// (aws:SecureTransport, a StringLike "*", an ...IfExists, a negated
	// operator in an Allow), kept to explain why the grant is still open.
	Ignored []Condition
	// Uncertain lists why the grant's reach could not be judged (a
	// condition key lambdasec does not know, an unresolved value).
	Uncertain []string
}

// Access is the result of Analyze: the grants that remain after Deny
// statements are applied.
type Access struct {
	Grants []Grant
}

// Analyze works out who the resource policy p admits for q, over all
// statements together: each Allow covering q's action and resource yields
// grants, one per principal; conditions are sorted into restricting and
// non-restricting; a Deny without conditions removes what it covers, and a
// Deny whose conditions can be negated into a bound adds that bound.
func Analyze(p *Policy, q Query) Access {
	var acc Access
	if p == nil {
		return acc
	}
	for i := range p.Statements {
		st := &p.Statements[i]
		if st.Effect != Allow || !covers(st, q) {
			continue
		}
		base, drop := allowConditions(st, q.Context)
		if drop {
			continue
		}
		for _, g := range principalsOf(st) {
			g.Statement, g.Sid = st.Index, st.Sid
			g.Restrictions = append(g.Restrictions, base.restrictions...)
			g.Ignored = append(g.Ignored, base.ignored...)
			g.Uncertain = append(g.Uncertain, base.uncertain...)
			acc.Grants = append(acc.Grants, g)
		}
	}
	// Apply the Deny statements to every grant they cover.
	kept := acc.Grants[:0]
	for _, g := range acc.Grants {
		denied := false
		for i := range p.Statements {
			st := &p.Statements[i]
			if st.Effect != Deny || !covers(st, q) || !denyCoversGrant(st, g) {
				continue
			}
			d := denyEffect(st, q.Context)
			if d.always {
				denied = true
				break
			}
			if d.restriction != nil {
				g.Restrictions = append(g.Restrictions, *d.restriction)
			}
			g.Uncertain = append(g.Uncertain, d.uncertain...)
		}
		if !denied {
			kept = append(kept, g)
		}
	}
	acc.Grants = kept
	return acc
}

func covers(st *Statement, q Query) bool {
	ok := false
	for _, a := range q.Actions {
		if st.CoversAction(a) {
			ok = true
			break
		}
	}
	if !ok {
		return false
	}
	return q.Resource == "" || st.CoversResource(q.Resource)
}

// principalsOf expands an Allow statement's principal into one grant per
// principal value.
func principalsOf(st *Statement) []Grant {
	if st.NotPrincipal != nil {
		return []Grant{{PrincipalType: "*", Principal: "*", NotPrincipal: true}}
	}
	p := st.Principal
	if p == nil {
		return nil // an identity policy statement admits no one by itself
	}
	if p.IsWildcard() {
		return []Grant{{PrincipalType: "*", Principal: "*"}}
	}
	var out []Grant
	for _, v := range p.AWS {
		g := Grant{PrincipalType: "AWS", Principal: v}
		if AccountOf(v) == "" {
			if isUnresolved(v) {
				g.Uncertain = append(g.Uncertain, "principal is unresolved: "+v)
			} else if !strings.HasPrefix(v, "arn:") {
				g.Uncertain = append(g.Uncertain, "principal "+v+" names no account (a unique ID of a deleted principal?)")
			} else {
				g.Uncertain = append(g.Uncertain, "principal "+v+" has no account")
			}
		}
		out = append(out, g)
	}
	for _, v := range p.Service {
		out = append(out, Grant{PrincipalType: "Service", Principal: v})
	}
	for _, v := range p.Federated {
		out = append(out, Grant{PrincipalType: "Federated", Principal: v})
	}
	for _, v := range p.CanonicalUser {
		out = append(out, Grant{PrincipalType: "CanonicalUser", Principal: v})
	}
	return out
}

// denyCoversGrant reports whether a Deny statement's principal covers every
// caller the grant admits.
func denyCoversGrant(st *Statement, g Grant) bool {
	if st.NotPrincipal != nil {
		// Deny everyone except the listed principals: it covers the grant
		// unless the grant's principal is among the exceptions.
		return !principalListed(st.NotPrincipal, g)
	}
	if st.Principal == nil {
		return false
	}
	if st.Principal.IsWildcard() {
		return true
	}
	return principalListed(st.Principal, g)
}

func principalListed(p *Principal, g Grant) bool {
	if p.IsWildcard() {
		return true
	}
	var list []string
	switch g.PrincipalType {
	case "AWS":
		list = p.AWS
	case "Service":
		list = p.Service
	case "Federated":
		list = p.Federated
	case "CanonicalUser":
		list = p.CanonicalUser
	default:
		return false
	}
	for _, v := range list {
		if v == g.Principal {
			return true
		}
		if g.PrincipalType == "AWS" && isAccountID(v) && (AccountOf(g.Principal) == v) && strings.HasSuffix(g.Principal, ":root") {
			return true
		}
		if g.PrincipalType == "AWS" && strings.HasSuffix(v, ":root") && AccountOf(v) == g.Principal {
			return true
		}
	}
	return false
}

type conditionSummary struct {
	restrictions []Restriction
	ignored      []Condition
	uncertain    []string
}

// allowConditions sorts an Allow statement's conditions. drop is true when
// a condition on a context-fixed key is false for the query, so the
// statement does not apply at all.
func allowConditions(st *Statement, ctx Context) (sum conditionSummary, drop bool) {
	for _, c := range st.Conditions {
		if ctx.fixes(c.Key) {
			ok, err := c.Holds(ctx)
			if err != nil {
				sum.uncertain = append(sum.uncertain, fmt.Sprintf("condition %s %s: %v", c.Operator, c.Key, err))
				continue
			}
			if !ok {
				return sum, true
			}
			continue
		}
		r, verdict, why := classify(c, false)
		switch verdict {
		case bounds:
			r.Statement = st.Index
			sum.restrictions = append(sum.restrictions, r)
		case open:
			sum.ignored = append(sum.ignored, c)
		case unknown:
			sum.uncertain = append(sum.uncertain, why)
		}
	}
	return sum, false
}

type denyResult struct {
	always      bool
	restriction *Restriction
	uncertain   []string
}

// denyEffect works out what a Deny covering a grant does to it. A Deny
// applies when all its conditions hold, so the grant survives when any of
// them fails; the survival is bounded only when there is one condition to
// fail and its negation bounds the caller.
func denyEffect(st *Statement, ctx Context) denyResult {
	var live []Condition
	for _, c := range st.Conditions {
		if ctx.fixes(c.Key) {
			ok, err := c.Holds(ctx)
			if err != nil {
				return denyResult{uncertain: []string{fmt.Sprintf("Deny statement %d: condition %s %s: %v", st.Index+1, c.Operator, c.Key, err)}}
			}
			if !ok {
				return denyResult{} // the Deny never applies to this kind of request
			}
			continue
		}
		live = append(live, c)
	}
	if len(live) == 0 {
		return denyResult{always: true}
	}
	if len(live) > 1 {
		// Survives when any one condition fails: bounded only if every
		// condition's negation bounds; the grant then lies in a union of
		// bounds, which lambdasec reports by the first one and notes.
		var first *Restriction
		for _, c := range live {
			r, verdict, _ := classify(c, true)
			if verdict != bounds {
				return denyResult{}
			}
			if first == nil {
				r.Statement, r.FromDeny = st.Index, true
				first = &r
			}
		}
		return denyResult{restriction: first}
	}
	r, verdict, _ := classify(live[0], true)
	if verdict != bounds {
		return denyResult{}
	}
	r.Statement, r.FromDeny = st.Index, true
	return denyResult{restriction: &r}
}

type verdict int

const (
	open    verdict = iota // applies but does not bound the caller
	bounds                 // bounds the caller
	unknown                // cannot tell
)

// Condition keys that bound who can call, by kind. Keys are lower case.
// Global condition keys:
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
var restrictingKeys = map[string]RestrictionKind{
	"aws:sourceaccount":         RestrictAccount,
	"aws:sourceowner":           RestrictAccount,
	"aws:principalaccount":      RestrictAccount,
	"aws:principalorgid":        RestrictOrganization,
	"aws:principalorgpaths":     RestrictOrganization,
	"aws:sourceorgid":           RestrictOrganization,
	"aws:sourceorgpaths":        RestrictOrganization,
	"aws:sourceip":              RestrictNetwork,
	"aws:vpcsourceip":           RestrictNetwork,
	"aws:sourcevpc":             RestrictNetwork,
	"aws:sourcevpce":            RestrictNetwork,
	"aws:sourcearn":             RestrictSourceARN,
	"aws:principalarn":          RestrictPrincipalARN,
	"aws:userid":                RestrictPrincipalARN,
	"lambda:eventsourcetoken":   RestrictToken,
	"aws:principalisawsservice": RestrictService,
	"aws:principalservicename":  RestrictService,
}

// Condition keys that apply to a request but do not bound who makes it:
// anyone can send a request that satisfies them.
var openKeys = map[string]bool{
	"aws:securetransport":          true,
	"aws:currenttime":              true,
	"aws:epochtime":                true,
	"aws:useragent":                true,
	"aws:referer":                  true,
	"aws:multifactorauthpresent":   true,
	"aws:multifactorauthage":       true,
	"aws:principaltype":            true,
	"aws:requestedregion":          true,
	"aws:viaawsservice":            true,
	"aws:calledvia":                true,
	"aws:calledviafirst":           true,
	"aws:calledvialast":            true,
	"aws:tagkeys":                  true,
	"aws:tokenissuetime":           true,
	"aws:sourceidentity":           true,
	"lambda:functionurlauthtype":   true,
	"lambda:invokedviafunctionurl": true,
	"lambda:functionarn":           true,
	"lambda:principal":             true,
	"sts:externalid":               true,
	"sts:sourceidentity":           true,
	"sts:rolesessionname":          true,
	"sts:transitivetagkeys":        true,
}

// classify decides whether condition c bounds the caller. With negated set,
// it classifies the negation of c (a Deny's condition): "Deny when
// aws:SourceIp is not in X" bounds to X.
func classify(c Condition, negated bool) (Restriction, verdict, string) {
	set, base, ifExists := ParseOperator(c.Operator)
	key := strings.ToLower(c.Key)
	r := Restriction{Key: c.Key, Operator: c.Operator, Values: c.Values}
	kind, known := restrictingKeys[key]
	if !known {
		switch {
		case openKeys[key],
			strings.HasPrefix(key, "aws:principaltag/"),
			strings.HasPrefix(key, "aws:requesttag/"),
			strings.HasPrefix(key, "aws:resourcetag/"):
			return r, open, ""
		}
		return r, unknown, fmt.Sprintf("condition key %s is not one lambdasec can judge", c.Key)
	}
	for _, v := range c.Values {
		if isUnresolved(v) && !exactBound(kind, base) {
			return r, unknown, fmt.Sprintf("condition %s %s has an unresolved value", c.Operator, c.Key)
		}
	}
	positive, ok := operatorPolarity(base)
	if !ok {
		if base == "Null" {
			return r, open, ""
		}
		return r, unknown, fmt.Sprintf("condition operator %s is not one lambdasec can judge", c.Operator)
	}
	if negated {
		// The negation of a negated operator is a positive match on the
		// key, which must then be present: NotIpAddress(IfExists) denied
		// means the request had the key and it matched. The negation of a
		// positive operator admits everything else: no bound.
		if positive {
			return r, open, ""
		}
		if set == "ForAllValues" {
			// Deny unless every value is in the list: the key may be absent
			// (ForAllValues is true for an empty set), so no bound.
			return r, open, ""
		}
	} else {
		if !positive || ifExists || set == "ForAllValues" {
			return r, open, ""
		}
	}
	if base == "Bool" {
		if kind == RestrictService && len(c.Values) == 1 && strings.EqualFold(c.Values[0], "true") != negated {
			r.Kind = kind
			return r, bounds, ""
		}
		return r, open, ""
	}
	r.Kind = kind
	for _, v := range c.Values {
		acct, ok := boundedValue(kind, base, v)
		if !ok {
			return r, open, ""
		}
		if acct != "" {
			r.Accounts = appendUnique(r.Accounts, acct)
		}
	}
	return r, bounds, ""
}

// exactBound reports whether an exact-match condition on a key of this
// kind bounds the caller even when its value is not known: whatever a
// template parameter turns out to be, StringEquals aws:SourceVpce pins one
// endpoint. Values that could be anything (an IP range, an account that may
// or may not be the estate's own) do not qualify.
func exactBound(kind RestrictionKind, base string) bool {
	switch base {
	case "StringEquals", "StringNotEquals", "ArnEquals", "ArnNotEquals", "StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase":
	default:
		return false
	}
	switch kind {
	case RestrictNetwork, RestrictOrganization, RestrictSourceARN, RestrictPrincipalARN, RestrictToken:
		return true
	}
	return false
}

// operatorPolarity reports whether a base operator matches positively
// (StringEquals) or negatively (StringNotEquals), and false for operators
// that say nothing about identity (Numeric*, Date*, Null).
func operatorPolarity(base string) (positive, ok bool) {
	switch base {
	case "StringEquals", "StringEqualsIgnoreCase", "StringLike", "ArnEquals", "ArnLike", "IpAddress", "Bool", "BinaryEquals":
		return true, true
	case "StringNotEquals", "StringNotEqualsIgnoreCase", "StringNotLike", "ArnNotEquals", "ArnNotLike", "NotIpAddress":
		return false, true
	}
	return false, false
}

// boundedValue decides whether one condition value bounds the caller, and
// which account it pins, if any.
func boundedValue(kind RestrictionKind, base string, v string) (account string, ok bool) {
	like := base == "StringLike" || base == "ArnLike"
	wild := like && hasWildcard(v)
	switch kind {
	case RestrictAccount:
		if wild || v == "" {
			return "", false
		}
		return AccountOf(v), true
	case RestrictOrganization:
		if v == "" || (like && (v == "*" || strings.HasPrefix(v, "*") || v == "o-*")) {
			return "", false
		}
		if like {
			// o-abc/r-xyz/* still names one organization.
			org, _, _ := strings.Cut(v, "/")
			if hasWildcard(org) {
				return "", false
			}
		}
		return "", true
	case RestrictNetwork:
		if isUnresolved(v) {
			return "", true // exact match on a value chosen at deployment
		}
		if base == "IpAddress" || base == "NotIpAddress" {
			pfx, err := netip.ParsePrefix(v)
			if err != nil {
				if a, err2 := netip.ParseAddr(v); err2 == nil {
					pfx = netip.PrefixFrom(a, a.BitLen())
				} else {
					return "", false
				}
			}
			return "", pfx.Bits() > 0
		}
		if wild && strings.Trim(v, "*?") == "" {
			return "", false
		}
		return "", v != ""
	case RestrictSourceARN, RestrictPrincipalARN:
		return sourceARNBound(v, like)
	case RestrictToken, RestrictService:
		if wild && strings.Trim(v, "*?") == "" {
			return "", false
		}
		return "", v != ""
	}
	return "", false
}

// sourceARNBound decides whether an ARN condition value pins the caller's
// (or the source resource's) owner. An ARN pins its owner when its account
// field is a fixed account; an S3 bucket ARN (which has no account field)
// when the bucket name has no wildcard; a template reference to a resource
// in the same stack always does. "arn:aws:s3:::*" restricts nothing.
func sourceARNBound(v string, like bool) (account string, ok bool) {
	if isAccountToken(v) {
		// Exactly one Ref/GetAtt token: a resource of this stack.
		return "{{AWS.AccountId}}", true
	}
	if !strings.HasPrefix(v, "arn:") {
		if isAccountID(v) { // aws:userid can be an account's root ID
			return v, true
		}
		return "", !like || !hasWildcard(v)
	}
	parts := strings.SplitN(v, ":", 6)
	if len(parts) != 6 {
		return "", false
	}
	service, acct, res := parts[2], parts[4], parts[5]
	if like && hasWildcard(service) {
		return "", false
	}
	if acct == "" {
		// S3 bucket ARNs have no account; the bucket name is global.
		bucket, _, _ := strings.Cut(res, "/")
		if bucket == "" || (like && hasWildcard(bucket)) {
			return "", false
		}
		return "", true
	}
	if like && hasWildcard(acct) {
		return "", false
	}
	if a := AccountOf(v); a != "" {
		return a, true
	}
	return "", false
}

func appendUnique(list []string, s string) []string {
	if slices.Contains(list, s) {
		return list
	}
	return append(list, s)
}

// Reach says how far a grant extends.
type Reach string

// The reaches of a grant, from widest to narrowest.
const (
	ReachPublic          Reach = "public"            // anyone, anonymous included
	ReachPublicLimited   Reach = "public-limited"    // anyone, but only from given networks or with a token
	ReachOrganization    Reach = "organization"      // principals of one AWS Organization
	ReachCrossAccount    Reach = "cross-account"     // named other accounts
	ReachServiceNoSource Reach = "service-no-source" // an AWS service on behalf of any account
	ReachServiceSource   Reach = "service-source"    // an AWS service, for named sources
	ReachSameAccount     Reach = "same-account"      // the resource's own account
	ReachUnknown         Reach = "unknown"           // could not be judged
)

// Reach classifies g for a resource owned by account self, and returns the
// foreign accounts it admits (for ReachCrossAccount and for service grants
// whose source pins a foreign account).
func (g Grant) Reach(self string) (Reach, []string) {
	if len(g.Uncertain) > 0 {
		return ReachUnknown, nil
	}
	accounts := g.boundAccounts()
	has := func(k RestrictionKind) bool {
		for _, r := range g.Restrictions {
			if r.Kind == k {
				return true
			}
		}
		return false
	}
	switch g.PrincipalType {
	case "*":
		switch {
		case accounts != nil:
			return accountsReach(accounts, self)
		case has(RestrictPrincipalARN) || has(RestrictSourceARN):
			// Bound to principals or sources whose owner the ARN does not
			// show (an S3 bucket): not public, owner not known.
			return ReachServiceSource, nil
		case has(RestrictOrganization):
			return ReachOrganization, nil
		case has(RestrictService):
			return ReachServiceNoSource, nil
		case has(RestrictNetwork) || has(RestrictToken):
			return ReachPublicLimited, nil
		}
		return ReachPublic, nil
	case "AWS":
		acct := AccountOf(g.Principal)
		if acct == "" {
			return ReachUnknown, nil
		}
		if acct == self {
			return ReachSameAccount, nil
		}
		return ReachCrossAccount, []string{acct}
	case "Service":
		if has(RestrictAccount) || has(RestrictSourceARN) || has(RestrictOrganization) || has(RestrictToken) {
			var foreign []string
			for _, a := range accounts {
				if a != self {
					foreign = append(foreign, a)
				}
			}
			return ReachServiceSource, foreign
		}
		return ReachServiceNoSource, nil
	case "Federated", "CanonicalUser":
		return ReachCrossAccount, nil
	}
	return ReachUnknown, nil
}

// boundAccounts returns the accounts the grant's account-pinning
// restrictions allow (the intersection when several pin), or nil when no
// restriction pins an account.
func (g Grant) boundAccounts() []string {
	var out []string
	pinned := false
	for _, r := range g.Restrictions {
		if len(r.Accounts) == 0 || len(r.Accounts) != len(r.Values) {
			continue // some value does not name an account
		}
		if !pinned {
			out, pinned = append([]string(nil), r.Accounts...), true
			continue
		}
		var both []string
		for _, a := range out {
			for _, b := range r.Accounts {
				if a == b {
					both = append(both, a)
				}
			}
		}
		out = both
	}
	if pinned && out == nil {
		out = []string{}
	}
	sort.Strings(out)
	return out
}

func accountsReach(accounts []string, self string) (Reach, []string) {
	var foreign []string
	for _, a := range accounts {
		if a != self {
			foreign = append(foreign, a)
		}
	}
	if len(foreign) == 0 {
		return ReachSameAccount, nil
	}
	return ReachCrossAccount, foreign
}
