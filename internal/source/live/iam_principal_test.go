package live

import (
	"context"
	"slices"
	"testing"

	"github.com/lambdasec/lambdasec/internal/inventory"
	"github.com/lambdasec/lambdasec/internal/source/live/awstest"
)

// TestCollectUsersGroupsAndHumanRoles checks that the account's users and
// groups are read from GetAccountAuthorizationDetails with their policies
// and memberships, and that of the roles no function runs with only those
// principals other than AWS services may assume are kept.
func TestCollectUsersGroupsAndHumanRoles(t *testing.T) {
	lambdaTrust := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}`
	a := &awstest.Account{ID: "111122223333", ManagedPolicies: map[string]string{},
		Functions: []awstest.Function{{Name: "api", Region: "us-east-1", Runtime: "python3.13", Handler: "app.handler", Role: "api-role"}},
		Roles: []awstest.Role{
			{Name: "api-role", Trust: lambdaTrust},
			{Name: "ecs-task", Trust: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ecs-tasks.amazonaws.com"},"Action":"sts:AssumeRole"}]}`},
			{Name: "operator", Trust: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"sts:AssumeRole"}]}`,
				Managed: []string{"arn:aws:iam::aws:policy/AWSLambda_FullAccess"}},
		},
		Users: []awstest.User{{Name: "dev", Groups: []string{"deployers"},
			Inline: map[string]string{"hotfix": `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"lambda:UpdateFunctionCode","Resource":"*"}]}`}}},
		Groups: []awstest.Group{{Name: "deployers", Managed: []string{"arn:aws:iam::aws:policy/AWSLambda_ReadOnlyAccess"}}},
	}
	s := awstest.New(t)
	s.ServeAccount(a)
	e, err := Collect(context.Background(), s.Config("us-east-1"), fastOptions("us-east-1"))
	if err != nil {
		t.Fatal(err)
	}
	var roles []string
	for _, r := range e.Roles {
		roles = append(roles, r.Name)
	}
	if !slices.Equal(roles, []string{"api-role", "operator"}) {
		t.Errorf("roles %v: want the execution role and operator (assumable by the account), not the ECS task role", roles)
	}
	if len(e.Users) != 1 || len(e.Groups) != 1 {
		t.Fatalf("users %d, groups %d; want 1 and 1", len(e.Users), len(e.Groups))
	}
	u, g := e.Users[0], e.Groups[0]
	if u.ARN != "arn:aws:iam::111122223333:user/dev" || len(u.InlinePolicies) != 1 || string(u.InlinePolicies[0].Document[:1]) != "{" {
		t.Errorf("user dev: ARN %s, inline policies %+v (want one, URL-decoded)", u.ARN, u.InlinePolicies)
	}
	if !slices.Equal(u.Groups, []string{g.ID}) || g.ID != "arn:aws:iam::111122223333:group/deployers" {
		t.Errorf("user dev's groups %v, group ID %s: want the membership tied to the group's ID", u.Groups, g.ID)
	}
	if !slices.Equal(g.ManagedPolicies, []string{"arn:aws:iam::aws:policy/AWSLambda_ReadOnlyAccess"}) {
		t.Errorf("group managed policies %v", g.ManagedPolicies)
	}
}

// TestPrincipalsUnread checks that a denied GetAccountAuthorizationDetails
// leaves an estate-wide gap for the users, groups and roles people use.
func TestPrincipalsUnread(t *testing.T) {
	a := &awstest.Account{ID: "111122223333", ManagedPolicies: map[string]string{},
		Functions: []awstest.Function{{Name: "api", Region: "us-east-1", Runtime: "python3.13", Handler: "app.handler", Role: "api-role"}}}
	s := awstest.New(t)
	s.ServeAccount(a)
	s.Handle("iam", "GetAccountAuthorizationDetails", awstest.AccessDenied)
	e, err := Collect(context.Background(), s.Config("us-east-1"), fastOptions("us-east-1"))
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range e.Gaps {
		if g.Field == inventory.FieldPrincipals && g.Kind == inventory.GapDenied && g.Call == "iam:GetAccountAuthorizationDetails" {
			return
		}
	}
	t.Errorf("no principals gap for the denied listing: %+v", e.Gaps)
}
