package exposure

import (
	"fmt"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws/arn"

	"github.com/lambdasec/lambdasec/internal/iampolicy"
	"github.com/lambdasec/lambdasec/internal/inventory"
)

// ManagedPolicySource finds a managed policy's document by ARN.
type ManagedPolicySource interface {
	// ManagedPolicy returns the policy with that ARN, and false when the
	// source does not know it.
	ManagedPolicy(arn string) (*iampolicy.Policy, bool)
}

// Analysis analyses one estate. It parses each policy document once and
// caches what it works out, so it is meant for one goroutine at a time.
type Analysis struct {
	Estate *inventory.Estate
	Index  *inventory.Index
	// Managed looks up the documents of managed policies the estate does
	// not hold; nil means none are known beyond the estate.
	Managed ManagedPolicySource

	parsed   map[*inventory.Policy]parsedPolicy
	riskSets map[*inventory.Role]map[string]bool
	// principals caches Principals.
	principals []*Principal
	// roles caches ExecutionRoles (rolesDone: computed, even if empty).
	roles     []*RoleView
	rolesDone bool
	// requests caches the probe requests of risk steps by step and
	// region (the account is the estate's).
	requests map[requestKey]request
}

type requestKey struct {
	step   *iampolicy.Step
	region string
}

type request struct {
	resource string
	ctx      iampolicy.Context
}

type parsedPolicy struct {
	p   *iampolicy.Policy
	err error
}

// New prepares the analysis of estate e, indexed by idx.
func New(e *inventory.Estate, idx *inventory.Index, managed ManagedPolicySource) *Analysis {
	return &Analysis{Estate: e, Index: idx, Managed: managed, parsed: map[*inventory.Policy]parsedPolicy{}}
}

// Policy parses a policy document of the estate, once per analysis; the
// error is iampolicy.Parse's.
func (a *Analysis) Policy(p *inventory.Policy) (*iampolicy.Policy, error) {
	if pp, ok := a.parsed[p]; ok {
		return pp.p, pp.err
	}
	pol, err := iampolicy.Parse(p.Document)
	a.parsed[p] = parsedPolicy{pol, err}
	return pol, err
}

// RoleView is an execution role with its policies parsed and the managed
// ones looked up: what the role may do, and what of it could not be read.
type RoleView struct {
	Role      *inventory.Role
	Functions []*inventory.Function // the functions that run with the role
	// WebFunctions are the Web Functions whose revisions run with the role
	// (ServiceConfig.ExecutionRoleArn), in estate order.
	WebFunctions []*inventory.WebFunction
	Identity     []iampolicy.NamedPolicy
	Boundary     *iampolicy.NamedPolicy
	// Sources finds the estate policy behind a policy name, for positions.
	Sources map[string]*inventory.Policy
	// Unknown lists the policies that could not be read; BoundaryUnknown
	// says why the boundary could not be.
	Unknown         []string
	BoundaryUnknown string
	// External is true for a role the estate does not hold: nothing of it
	// can be judged.
	External bool
	// AWSManaged names the identity policies that are AWS managed
	// policies, which AWS writes and the role's owner cannot change.
	AWSManaged map[string]bool
}

// ExecutionRoles returns the roles functions and Web Functions run with,
// in estate order, with their policies resolved (a role only Web Function
// revisions use is one too). A function whose role is not in the estate
// (another stack's role, an unresolved parameter) gets a view of its own
// with no policies and the reason, so every role rule can say UNKNOWN for
// it rather than nothing; so does a Web Function's (webPhantomRoles).
//
// The views are worked out once per analysis and shared: callers read
// them and never change them.
func (a *Analysis) ExecutionRoles() []*RoleView {
	if !a.rolesDone {
		a.roles, a.rolesDone = a.executionRoles(), true
	}
	return slices.Clip(a.roles)
}

func (a *Analysis) executionRoles() []*RoleView {
	var out []*RoleView
	web := a.webRoleUsers()
	for _, r := range a.Estate.Roles {
		fns := a.Index.FunctionsOfRole(r)
		if len(fns) == 0 && len(web[r]) == 0 {
			continue
		}
		v := a.RoleView(r, fns)
		v.WebFunctions = web[r]
		out = append(out, v)
	}
	for _, f := range a.Estate.Functions {
		if a.Index.Role(f.Role) != nil {
			continue
		}
		why := "execution role " + inventory.Describe(f.Role) + " is defined outside this estate"
		if g, ok := f.Gap(inventory.FieldRole); ok {
			why = "execution role is not known: " + g.Reason
		}
		ref := f.Role
		if ref == "" {
			ref = f.ID + " (role)"
		}
		phantom := &inventory.Role{Resource: inventory.Resource{ID: ref, Source: f.Source, Skips: f.Skips}}
		out = append(out, &RoleView{Role: phantom, Functions: []*inventory.Function{f}, Unknown: []string{why}, External: true})
	}
	return append(out, a.webPhantomRoles()...)
}

// RoleView resolves the policies of role r, which functions fns run with.
func (a *Analysis) RoleView(r *inventory.Role, fns []*inventory.Function) *RoleView {
	pv := a.identityPolicies(&r.Resource, r.InlinePolicies, r.ManagedPolicies, r.PermissionsBoundary)
	return &RoleView{Role: r, Functions: fns, Identity: pv.Identity, Boundary: pv.Boundary, Sources: pv.Sources,
		Unknown: pv.Unknown, BoundaryUnknown: pv.BoundaryUnknown, AWSManaged: pv.AWSManaged}
}

// policyView is the identity-based policies of a principal (role, user or
// group), parsed and looked up, with what could not be read: the fields
// RoleView and PrincipalView share.
type policyView struct {
	Identity        []iampolicy.NamedPolicy
	Boundary        *iampolicy.NamedPolicy
	Sources         map[string]*inventory.Policy
	Unknown         []string
	BoundaryUnknown string
	AWSManaged      map[string]bool
}

// identityPolicies resolves a principal's inline policies, attached
// managed policies (by reference) and permissions boundary; h carries the
// gaps the source recorded for them.
func (a *Analysis) identityPolicies(h *inventory.Resource, inline []inventory.Policy, managed []string, boundary string) policyView {
	v := policyView{Sources: map[string]*inventory.Policy{}}
	if g, ok := h.Gap(inventory.FieldPolicies); ok {
		v.Unknown = append(v.Unknown, g.Reason)
	}
	for i := range inline {
		p := &inline[i]
		name := "inline policy " + p.Name
		pol, err := a.Policy(p)
		if err != nil {
			v.Unknown = append(v.Unknown, fmt.Sprintf("%s does not parse: %v", name, err))
			continue
		}
		v.Identity = append(v.Identity, iampolicy.NamedPolicy{Name: name, Policy: pol})
		v.Sources[name] = p
	}
	for _, ref := range managed {
		np, src, why := a.managedPolicy(ref)
		if why != "" {
			v.Unknown = append(v.Unknown, why)
			continue
		}
		if awsManaged(ref) {
			if v.AWSManaged == nil {
				v.AWSManaged = map[string]bool{}
			}
			v.AWSManaged[np.Name] = true
		}
		v.Identity = append(v.Identity, np)
		if src != nil {
			v.Sources[np.Name] = src
		}
	}
	if boundary != "" {
		np, _, why := a.managedPolicy(boundary)
		if why != "" {
			v.BoundaryUnknown = "permissions boundary: " + why
		} else {
			np.Name = "permissions boundary " + strings.TrimPrefix(np.Name, "managed policy ")
			v.Boundary = &np
		}
	}
	if g, ok := h.Gap(inventory.FieldBoundary); ok {
		v.BoundaryUnknown = "permissions boundary: " + g.Reason
	}
	return v
}

// managedPolicy finds a managed policy by reference: in the estate first
// (customer managed, or AWS managed as a live account reported it), then
// in the configured source (the synced cache or the built-in table). It
// returns why instead when the policy cannot be had.
func (a *Analysis) managedPolicy(ref string) (np iampolicy.NamedPolicy, src *inventory.Policy, why string) {
	if mp := a.Index.ManagedPolicy(ref); mp != nil {
		name := "managed policy " + mp.Label()
		if g, ok := mp.Gap(inventory.FieldPolicies); ok {
			return iampolicy.NamedPolicy{}, nil, name + ": " + g.Reason
		}
		pol, err := a.Policy(&mp.Policy)
		if err != nil {
			return iampolicy.NamedPolicy{}, nil, fmt.Sprintf("%s does not parse: %v", name, err)
		}
		return iampolicy.NamedPolicy{Name: name, Policy: pol}, &mp.Policy, ""
	}
	if a.Managed != nil {
		if pol, ok := a.Managed.ManagedPolicy(ref); ok {
			return iampolicy.NamedPolicy{Name: "managed policy " + policyName(ref), Policy: pol}, nil, ""
		}
	}
	if reason, ok := inventory.UnresolvedReason(ref); ok {
		return iampolicy.NamedPolicy{}, nil, "a managed policy is unresolved: " + reason
	}
	return iampolicy.NamedPolicy{}, nil, "managed policy " + inventory.Describe(ref) + " is not known (run `lambdasec managed-policies sync`, or it is defined outside this estate)"
}

// awsManaged reports whether ref is the ARN of an AWS managed policy,
// which AWS owns (account "aws"): arn:aws:iam::aws:policy/NAME.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_managed-vs-inline.html#aws-managed-policies
func awsManaged(ref string) bool {
	a, err := arn.Parse(ref)
	return err == nil && a.Service == "iam" && a.AccountID == "aws" && strings.HasPrefix(a.Resource, "policy/")
}

// policyName shortens a managed policy ARN to its name.
func policyName(arn string) string {
	if i := strings.LastIndexByte(arn, '/'); i >= 0 {
		return arn[i+1:]
	}
	return arn
}

// Region returns the region to write probe ARNs with for the role: its
// first function's region, or the template token.
func (v *RoleView) Region() string {
	for _, f := range v.Functions {
		if f.Region != "" {
			return f.Region
		}
	}
	return inventory.RegionToken
}

// Risks checks a catalogue against role v: every risk whose steps are all
// may-allowed, each in the request context its method implies (a PassRole
// step names the service the role is passed to). permits[i] are the
// permits that allow the steps of found[i].
func (a *Analysis) Risks(v *RoleView, catalogue []iampolicy.Risk) (found []iampolicy.Risk, permits [][]iampolicy.Permit) {
	for _, risk := range catalogue {
		var all []iampolicy.Permit
		ok := true
		for i := range risk.Steps {
			st := &risk.Steps[i]
			rq := a.request(st, v.Region())
			ps := iampolicy.MayAllowIn(v.Identity, v.Boundary, st.Action, rq.resource, rq.ctx)
			if len(ps) == 0 {
				ok = false
				break
			}
			all = append(all, ps...)
		}
		if ok {
			found = append(found, risk)
			permits = append(permits, all)
		}
	}
	return found, permits
}

// request returns st.Request in the estate's account and region, worked
// out once per step and region: the catalogues are global and the same
// steps are asked of every role.
func (a *Analysis) request(st *iampolicy.Step, region string) request {
	k := requestKey{st, region}
	if rq, ok := a.requests[k]; ok {
		return rq
	}
	var rq request
	rq.resource, rq.ctx = st.Request(a.Estate.Account, region)
	if a.requests == nil {
		a.requests = map[requestKey]request{}
	}
	a.requests[k] = rq
	return rq
}

// FullAdmin is the RiskSet entry of a role that may do anything.
const FullAdmin = "full-admin"

// RiskSet returns the IDs of the risks of the escalation, exposure,
// credential-exposure and data-access catalogues role v holds, and
// FullAdmin when it may do anything; computed once per role.
func (a *Analysis) RiskSet(v *RoleView) map[string]bool {
	if s, ok := a.riskSets[v.Role]; ok {
		return s
	}
	s := map[string]bool{}
	for _, cat := range [][]iampolicy.Risk{iampolicy.Escalations, iampolicy.Exposures, iampolicy.CredentialExposures, iampolicy.DataAccess} {
		found, _ := a.Risks(v, cat)
		for _, r := range found {
			s[r.ID] = true
		}
	}
	if len(iampolicy.MayAllow(v.Identity, v.Boundary, "lambdasecprobe:AnyAction", "*")) > 0 {
		s[FullAdmin] = true
	}
	if a.riskSets == nil {
		a.riskSets = map[*inventory.Role]map[string]bool{}
	}
	a.riskSets[v.Role] = s
	return s
}
