package terraform

import (
	"slices"
	"testing"

	"github.com/lambdasec/lambdasec/internal/inventory"
)

// TestUsersAndGroups checks every resource that gives Terraform users and
// groups policies and members.
func TestUsersAndGroups(t *testing.T) {
	e, _, _, err := ReadDir(writeDir(t, map[string]string{"main.tf": `
resource "aws_iam_user" "dev" {
  name                 = "dev"
  permissions_boundary = aws_iam_policy.boundary.arn
}

resource "aws_iam_user" "ci" {
  name = "ci"
}

resource "aws_iam_group" "ops" {
  name = "ops"
}

resource "aws_iam_policy" "boundary" {
  name   = "boundary"
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }] })
}

resource "aws_iam_user_group_membership" "dev" {
  user   = aws_iam_user.dev.name
  groups = [aws_iam_group.ops.name, "elsewhere"]
}

resource "aws_iam_group_membership" "ops" {
  name  = "ops-members"
  group = aws_iam_group.ops.name
  users = [aws_iam_user.ci.name]
}

resource "aws_iam_user_policy" "dev" {
  name   = "dev-inline"
  user   = aws_iam_user.dev.name
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "lambda:Get*", Resource = "*" }] })
}

resource "aws_iam_group_policy" "ops" {
  name   = "ops-inline"
  group  = aws_iam_group.ops.name
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "lambda:Get*", Resource = "*" }] })
}

resource "aws_iam_user_policy_attachment" "dev" {
  user       = aws_iam_user.dev.name
  policy_arn = "arn:aws:iam::aws:policy/AWSLambda_ReadOnlyAccess"
}

resource "aws_iam_group_policy_attachment" "ops" {
  group      = aws_iam_group.ops.name
  policy_arn = "arn:aws:iam::aws:policy/AWSLambda_FullAccess"
}

resource "aws_iam_policy_attachment" "both" {
  name       = "both"
  users      = [aws_iam_user.ci.name]
  groups     = [aws_iam_group.ops.name]
  policy_arn = aws_iam_policy.boundary.arn
}
`}))
	if err != nil {
		t.Fatal(err)
	}
	if len(e.Users) != 2 || len(e.Groups) != 1 {
		t.Fatalf("%d users, %d groups; want 2 and 1", len(e.Users), len(e.Groups))
	}
	dev, ci, ops := e.Users[0], e.Users[1], e.Groups[0]
	if dev.ID != "aws_iam_user.dev" || dev.ARN != "arn:aws:iam::"+inventory.AccountIDToken+":user/dev" || dev.PermissionsBoundary != "aws_iam_policy.boundary" {
		t.Errorf("user dev: ID %s ARN %s boundary %q", dev.ID, dev.ARN, dev.PermissionsBoundary)
	}
	if !slices.Equal(dev.Groups, []string{"aws_iam_group.ops", "elsewhere"}) || !slices.Equal(ci.Groups, []string{"aws_iam_group.ops"}) {
		t.Errorf("groups of dev %v, of ci %v", dev.Groups, ci.Groups)
	}
	if len(dev.InlinePolicies) != 1 || !slices.Equal(dev.ManagedPolicies, []string{"arn:aws:iam::aws:policy/AWSLambda_ReadOnlyAccess"}) {
		t.Errorf("dev inline %d managed %v", len(dev.InlinePolicies), dev.ManagedPolicies)
	}
	if !slices.Equal(ci.ManagedPolicies, []string{"aws_iam_policy.boundary"}) {
		t.Errorf("ci managed %v", ci.ManagedPolicies)
	}
	if len(ops.InlinePolicies) != 1 || !slices.Equal(ops.ManagedPolicies, []string{"arn:aws:iam::aws:policy/AWSLambda_FullAccess", "aws_iam_policy.boundary"}) {
		t.Errorf("ops inline %d managed %v", len(ops.InlinePolicies), ops.ManagedPolicies)
	}
}
