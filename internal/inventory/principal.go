package inventory

// User is an IAM user of the estate: an AWS::IAM::User, a Terraform
// aws_iam_user, or a user of a live account (iam:GetAccountAuthorizationDetails
// UserDetailList). Its policies are read like a Role's; Groups names the
// groups it belongs to, whose policies apply to it too.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_UserDetail.html
type User struct {
	Resource
	Path           string   `json:"path,omitempty"`
	InlinePolicies []Policy `json:"inlinePolicies,omitempty"`
	// ManagedPolicies are the attached managed policies: ARNs, or IDs of
	// ManagedPolicies in this estate.
	ManagedPolicies []string `json:"managedPolicies,omitempty"`
	// PermissionsBoundary is the boundary policy's ARN or ID.
	PermissionsBoundary string `json:"permissionsBoundary,omitempty"`
	// Groups are the groups the user is a member of: IDs of Groups in this
	// estate, or the group names (or tokens) the source gives for groups
	// defined elsewhere.
	Groups []string `json:"groups,omitempty"`
}

// Group is an IAM group: an AWS::IAM::Group, a Terraform aws_iam_group, or
// a group of a live account (GroupDetailList). Its policies apply to every
// member user.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_GroupDetail.html
type Group struct {
	Resource
	Path            string   `json:"path,omitempty"`
	InlinePolicies  []Policy `json:"inlinePolicies,omitempty"`
	ManagedPolicies []string `json:"managedPolicies,omitempty"`
}

// FieldPrincipals is the Gap.Field of an estate-wide gap saying the
// account's users, groups and roles could not all be read.
const FieldPrincipals = "principals"
