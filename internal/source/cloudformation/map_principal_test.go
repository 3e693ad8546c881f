package cloudformation

import (
	"slices"
	"testing"

	"github.com/lambdasec/lambdasec/internal/inventory"
)

// TestUsersAndGroups checks every way a template gives users and groups
// policies and members.
func TestUsersAndGroups(t *testing.T) {
	e := read(t, `
Resources:
  Dev:
    Type: AWS::IAM::User
    Properties:
      UserName: dev
      Groups: [!Ref Ops, external-group]
      ManagedPolicyArns: [arn:aws:iam::aws:policy/AWSLambda_ReadOnlyAccess]
      PermissionsBoundary: arn:aws:iam::123456789012:policy/boundary
  Ops:
    Type: AWS::IAM::Group
    Properties:
      GroupName: ops
      Policies:
        - {PolicyName: inline, PolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Action: "lambda:Get*", Resource: "*"}]}}
  Admins:
    Type: AWS::IAM::Group
  Join:
    Type: AWS::IAM::UserToGroupAddition
    Properties: {GroupName: !Ref Admins, Users: [!Ref Dev]}
  Shared:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      Users: [!Ref Dev]
      Groups: [!Ref Admins]
      PolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Action: "lambda:*", Resource: "*"}]}
  Both:
    Type: AWS::IAM::Policy
    Properties:
      PolicyName: both
      Users: [!Ref Dev]
      Groups: [!Ref Ops]
      PolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Action: "lambda:UpdateFunctionCode", Resource: "*"}]}
  UserOnly:
    Type: AWS::IAM::UserPolicy
    Properties:
      PolicyName: user-only
      UserName: !Ref Dev
      PolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Action: "lambda:AddPermission", Resource: "*"}]}
  GroupOnly:
    Type: AWS::IAM::GroupPolicy
    Properties:
      PolicyName: group-only
      GroupName: !Ref Admins
      PolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Action: "lambda:AddPermission", Resource: "*"}]}
`)
	if len(e.Users) != 1 || len(e.Groups) != 2 {
		t.Fatalf("%d users, %d groups; want 1 and 2", len(e.Users), len(e.Groups))
	}
	u := e.Users[0]
	names := func(ps []inventory.Policy) []string {
		var out []string
		for _, p := range ps {
			out = append(out, p.Name)
		}
		return out
	}
	if u.Name != "dev" || u.ARN != "arn:aws:iam::"+inventory.AccountIDToken+":user/dev" {
		t.Errorf("user name %q ARN %q", u.Name, u.ARN)
	}
	if !slices.Equal(u.Groups, []string{"Ops", "external-group", "Admins"}) {
		t.Errorf("user groups %v: want the estate's groups by ID, the outside one by name, and the UserToGroupAddition", u.Groups)
	}
	if !slices.Equal(u.ManagedPolicies, []string{"arn:aws:iam::aws:policy/AWSLambda_ReadOnlyAccess", "Shared"}) || u.PermissionsBoundary == "" {
		t.Errorf("user managed policies %v, boundary %q", u.ManagedPolicies, u.PermissionsBoundary)
	}
	if !slices.Equal(names(u.InlinePolicies), []string{"both", "user-only"}) {
		t.Errorf("user inline policies %v", names(u.InlinePolicies))
	}
	ops, admins := e.Groups[0], e.Groups[1]
	if ops.ID != "Ops" || !slices.Equal(names(ops.InlinePolicies), []string{"inline", "both"}) {
		t.Errorf("group %s inline policies %v", ops.ID, names(ops.InlinePolicies))
	}
	if admins.ID != "Admins" || !slices.Equal(admins.ManagedPolicies, []string{"Shared"}) || !slices.Equal(names(admins.InlinePolicies), []string{"group-only"}) {
		t.Errorf("group %s managed %v inline %v", admins.ID, admins.ManagedPolicies, names(admins.InlinePolicies))
	}
}
