package live

import (
	"sort"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	iamtypes "github.com/aws/aws-sdk-go-v2/service/iam/types"

	"github.com/lambdasec/lambdasec/internal/iampolicy"
	"github.com/lambdasec/lambdasec/internal/inventory"
)

// addPrincipals keeps the users and groups of one page of
// GetAccountAuthorizationDetails.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_UserDetail.html
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_GroupDetail.html
func (res *iamResult) addPrincipals(page *iam.GetAccountAuthorizationDetailsOutput) {
	for _, ud := range page.UserDetailList {
		arn := aws.ToString(ud.Arn)
		u := &inventory.User{Resource: inventory.Resource{ID: arn, ARN: arn, Name: aws.ToString(ud.UserName), Source: inventory.Source{ARN: arn}, Tags: tagMap(ud.Tags)},
			Path: aws.ToString(ud.Path), Groups: ud.GroupList}
		u.InlinePolicies = inlinePolicies(&u.Resource, ud.UserPolicyList)
		u.ManagedPolicies = attachedPolicies(ud.AttachedManagedPolicies)
		if ud.PermissionsBoundary != nil {
			u.PermissionsBoundary = aws.ToString(ud.PermissionsBoundary.PermissionsBoundaryArn)
		}
		res.users = append(res.users, u)
	}
	for _, gd := range page.GroupDetailList {
		arn := aws.ToString(gd.Arn)
		g := &inventory.Group{Resource: inventory.Resource{ID: arn, ARN: arn, Name: aws.ToString(gd.GroupName), Source: inventory.Source{ARN: arn}},
			Path: aws.ToString(gd.Path)}
		g.InlinePolicies = inlinePolicies(&g.Resource, gd.GroupPolicyList)
		g.ManagedPolicies = attachedPolicies(gd.AttachedManagedPolicies)
		res.groups = append(res.groups, g)
	}
}

// applyPrincipals adds to e the account's users and groups (a user's
// Groups are the group names IAM lists, which the estate's groups carry as
// Name), and the roles other than execution roles that principals other
// than AWS services may assume (their trust policy names an account, a
// user, a role, a federated provider or "*"): the roles people may use.
// Service roles stay out, as they did before. The managed policies they
// attach are marked in policies. When IAM could not be read, an
// estate-wide gap says so (inventory.FieldPrincipals).
func (res iamResult) applyPrincipals(e *inventory.Estate, policies map[string]bool) {
	if res.err != nil {
		kind, reason := classify(call(opGAAD), res.err)
		e.Gaps = append(e.Gaps, inventory.Gap{Field: inventory.FieldPrincipals, Reason: reason, Call: call(opGAAD), Kind: kind})
		return
	}
	mark := func(refs []string, boundary string) {
		for _, p := range refs {
			policies[p] = true
		}
		if boundary != "" {
			policies[boundary] = true
		}
	}
	groupARN := map[string]string{}
	for _, g := range res.groups {
		groupARN[g.Name] = g.ID
		e.Groups = append(e.Groups, g)
		mark(g.ManagedPolicies, "")
	}
	for _, u := range res.users {
		for i, name := range u.Groups {
			if id, ok := groupARN[name]; ok {
				u.Groups[i] = id
			}
		}
		e.Users = append(e.Users, u)
		mark(u.ManagedPolicies, u.PermissionsBoundary)
	}
	have := map[string]bool{}
	for _, r := range e.Roles {
		have[r.ARN] = true
	}
	arns := make([]string, 0, len(res.roles))
	for arn := range res.roles {
		arns = append(arns, arn)
	}
	sort.Strings(arns)
	for _, arn := range arns {
		r := res.roles[arn]
		if have[arn] || !assumableBeyondServices(r) {
			continue
		}
		e.Roles = append(e.Roles, r)
		mark(r.ManagedPolicies, r.PermissionsBoundary)
	}
}

// assumableBeyondServices reports whether r's trust policy has an Allow
// naming a principal other than an AWS service; a trust policy that cannot
// be read counts (the rules then say what they cannot see).
func assumableBeyondServices(r *inventory.Role) bool {
	if r.TrustPolicy == nil {
		return len(r.Gaps) > 0
	}
	pol, err := iampolicy.Parse(r.TrustPolicy.Document)
	if err != nil {
		return true
	}
	for _, st := range pol.Statements {
		if st.Effect != iampolicy.Allow {
			continue
		}
		if st.NotPrincipal != nil {
			return true
		}
		if p := st.Principal; p != nil && (p.All || len(p.AWS) > 0 || len(p.Federated) > 0 || len(p.CanonicalUser) > 0) {
			return true
		}
	}
	return false
}

// inlinePolicies decodes the inline policies IAM lists for a principal,
// sorted by name, recording on h those that are not URL-encoded JSON.
func inlinePolicies(h *inventory.Resource, list []iamtypes.PolicyDetail) []inventory.Policy {
	var out []inventory.Policy
	for _, ip := range list {
		doc, err := decodePolicy(aws.ToString(ip.PolicyDocument))
		if err != nil {
			h.AddGap(inventory.FieldPolicies, "inline policy "+aws.ToString(ip.PolicyName)+" is not URL-encoded JSON: "+err.Error(), call(opGAAD))
			continue
		}
		out = append(out, inventory.Policy{Name: aws.ToString(ip.PolicyName), Document: doc, Source: h.Source})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// attachedPolicies returns the ARNs of attached managed policies, sorted.
func attachedPolicies(list []iamtypes.AttachedPolicy) []string {
	var out []string
	for _, mp := range list {
		out = append(out, aws.ToString(mp.PolicyArn))
	}
	sort.Strings(out)
	return out
}

// tagMap turns IAM tags into a map; nil when there are none.
func tagMap(tags []iamtypes.Tag) map[string]string {
	if len(tags) == 0 {
		return nil
	}
	m := map[string]string{}
	for _, t := range tags {
		m[aws.ToString(t.Key)] = aws.ToString(t.Value)
	}
	return m
}
