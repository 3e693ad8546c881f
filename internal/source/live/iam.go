package live

import (
	"context"
	"net/url"
	"sort"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	iamtypes "github.com/aws/aws-sdk-go-v2/service/iam/types"

	"github.com/lambdasec/lambdasec/internal/inventory"
)

// IAM is read with one paginated call for the whole account:
// GetAccountAuthorizationDetails returns every role with its trust policy,
// inline policies, attached policies and boundary, and every managed
// policy with its versions — far fewer calls than GetRole, ListRolePolicies,
// GetRolePolicy, ListAttachedRolePolicies and GetPolicyVersion per role.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetAccountAuthorizationDetails.html
var opGAAD = op("IAM", "GetAccountAuthorizationDetails", "iam:GetAccountAuthorizationDetails",
	"execution roles (trust, inline and attached policies, boundaries), the users, groups and roles people use, and managed policy documents, in one listing",
	"LS201", "LS202", "LS203", "LS204", "LS205", "LS206", "LS207", "LS208", "LS209", "LS210", "LS211", "LS212")

// iamResult is what the IAM listing returned, applied to the estate once
// the functions (and so the execution roles that matter) are known.
type iamResult struct {
	roles    map[string]*inventory.Role
	policies map[string]*inventory.ManagedPolicy
	// users and groups are every user and group of the account, in the
	// order IAM listed them (iam_principal.go).
	users  []*inventory.User
	groups []*inventory.Group
	err    error
}

// collectIAM reads the account's roles and managed policies.
func (a *account) collectIAM(ctx context.Context) iamResult {
	res := iamResult{roles: map[string]*inventory.Role{}, policies: map[string]*inventory.ManagedPolicy{}}
	client := iam.NewFromConfig(a.cfg)
	p := iam.NewGetAccountAuthorizationDetailsPaginator(client, &iam.GetAccountAuthorizationDetailsInput{
		Filter: []iamtypes.EntityType{iamtypes.EntityTypeRole, iamtypes.EntityTypeLocalManagedPolicy, iamtypes.EntityTypeAWSManagedPolicy,
			iamtypes.EntityTypeUser, iamtypes.EntityTypeGroup},
	})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			res.err = err
			return res
		}
		for _, rd := range page.RoleDetailList {
			r := roleOf(rd)
			res.roles[r.ARN] = r
		}
		res.addPrincipals(page)
		for _, pd := range page.Policies {
			if mp := managedPolicyOf(pd); mp != nil {
				res.policies[mp.ARN] = mp
			}
		}
	}
	return res
}

func roleOf(rd iamtypes.RoleDetail) *inventory.Role {
	arn := aws.ToString(rd.Arn)
	src := inventory.Source{ARN: arn}
	r := &inventory.Role{Resource: inventory.Resource{ID: arn, ARN: arn, Name: aws.ToString(rd.RoleName), Source: src}, Path: aws.ToString(rd.Path)}
	if d := aws.ToString(rd.AssumeRolePolicyDocument); d != "" {
		doc, err := decodePolicy(d)
		if err != nil {
			r.AddGap(inventory.FieldTrustPolicy, "the trust policy is not URL-encoded JSON: "+err.Error(), call(opGAAD))
		} else {
			r.TrustPolicy = &inventory.Policy{Name: "trust policy", Document: doc, Source: src}
		}
	}
	r.InlinePolicies = inlinePolicies(&r.Resource, rd.RolePolicyList)
	r.ManagedPolicies = attachedPolicies(rd.AttachedManagedPolicies)
	if rd.PermissionsBoundary != nil {
		r.PermissionsBoundary = aws.ToString(rd.PermissionsBoundary.PermissionsBoundaryArn)
	}
	if len(rd.Tags) > 0 {
		r.Tags = map[string]string{}
		for _, t := range rd.Tags {
			r.Tags[aws.ToString(t.Key)] = aws.ToString(t.Value)
		}
	}
	return r
}

// managedPolicyOf keeps a managed policy's default version.
func managedPolicyOf(pd iamtypes.ManagedPolicyDetail) *inventory.ManagedPolicy {
	arn := aws.ToString(pd.Arn)
	src := inventory.Source{ARN: arn}
	mp := &inventory.ManagedPolicy{Resource: inventory.Resource{ID: arn, ARN: arn, Name: aws.ToString(pd.PolicyName), Source: src},
		Version: aws.ToString(pd.DefaultVersionId)}
	for _, v := range pd.PolicyVersionList {
		if !v.IsDefaultVersion && aws.ToString(v.VersionId) != mp.Version {
			continue
		}
		doc, err := decodePolicy(aws.ToString(v.Document))
		if err != nil {
			mp.AddGap(inventory.FieldPolicies, "the policy document is not URL-encoded JSON: "+err.Error(), call(opGAAD))
			return mp
		}
		mp.Policy = inventory.Policy{Name: mp.Name, ARN: arn, Document: doc, Source: src}
		return mp
	}
	mp.AddGap(inventory.FieldPolicies, "the default version's document was not returned", call(opGAAD))
	return mp
}

// decodePolicy undoes the URL encoding (RFC 3986) IAM applies to policy
// documents in its API answers.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_RoleDetail.html
func decodePolicy(s string) ([]byte, error) {
	d, err := url.QueryUnescape(s)
	if err != nil {
		return nil, err
	}
	return []byte(d), nil
}

// apply adds the execution roles of the estate's functions, and the
// managed policies they attach, to the estate. When IAM could not be read,
// each execution role is added with a Gap, so the role rules say UNKNOWN.
func (res iamResult) apply(e *inventory.Estate) {
	wanted := map[string]bool{}
	for _, f := range e.Functions {
		if f.Role != "" {
			wanted[f.Role] = true
		}
	}
	arns := make([]string, 0, len(wanted))
	for a := range wanted {
		arns = append(arns, a)
	}
	sort.Strings(arns)
	policies := map[string]bool{}
	for _, arn := range arns {
		if res.err != nil {
			r := &inventory.Role{Resource: inventory.Resource{ID: arn, ARN: arn, Name: roleName(arn), Source: inventory.Source{ARN: arn}}}
			gap(&r.Resource, call(opGAAD), res.err, inventory.FieldTrustPolicy, inventory.FieldPolicies, inventory.FieldBoundary)
			e.Roles = append(e.Roles, r)
			continue
		}
		r := res.roles[arn]
		if r == nil {
			continue // in another account, or deleted: the rules say so
		}
		e.Roles = append(e.Roles, r)
		for _, p := range r.ManagedPolicies {
			policies[p] = true
		}
		if r.PermissionsBoundary != "" {
			policies[r.PermissionsBoundary] = true
		}
	}
	res.applyPrincipals(e, policies)
	for arn := range policies {
		if mp := res.policies[arn]; mp != nil {
			e.ManagedPolicies = append(e.ManagedPolicies, mp)
		}
	}
}

// roleName is the last path element of a role ARN.
func roleName(arn string) string {
	for i := len(arn) - 1; i >= 0; i-- {
		if arn[i] == '/' {
			return arn[i+1:]
		}
	}
	return arn
}
