package iampolicy

import (
	"testing"
)

// TestMayAllowIn checks how a partly known request context decides the
// conditions of identity statements: conditions on fixed keys are
// evaluated, the others stay open, for Allow and Deny alike.
func TestMayAllowIn(t *testing.T) {
	lambda := Context{"iam:PassedToService": {"lambda.amazonaws.com"}}
	for _, tc := range []struct {
		name   string
		action string // iam:PassRole when empty
		policy string
		ctx    Context
		want   int // permits returned
	}{
		{"unconditional allow", "", `{"Effect":"Allow","Action":"iam:PassRole","Resource":"*"}`, lambda, 1},
		{"allow for the service", "", `{"Effect":"Allow","Action":"iam:PassRole","Resource":"*","Condition":{"StringEquals":{"iam:PassedToService":"lambda.amazonaws.com"}}}`, lambda, 1},
		{"allow for other services", "", `{"Effect":"Allow","Action":"iam:PassRole","Resource":"*","Condition":{"StringEquals":{"iam:PassedToService":["dax.amazonaws.com","application-autoscaling.amazonaws.com"]}}}`, lambda, 0},
		{"allow for other services, no context", "", `{"Effect":"Allow","Action":"iam:PassRole","Resource":"*","Condition":{"StringEquals":{"iam:PassedToService":"dax.amazonaws.com"}}}`, nil, 1},
		{"service wildcard", "", `{"Effect":"Allow","Action":"iam:PassRole","Resource":"*","Condition":{"StringLike":{"iam:PassedToService":"*.amazonaws.com"}}}`, Context{"iam:PassedToService": {AnyService}}, 1},
		{"negated operator excludes the service", "", `{"Effect":"Allow","Action":"iam:PassRole","Resource":"*","Condition":{"StringNotEquals":{"iam:PassedToService":"lambda.amazonaws.com"}}}`, lambda, 0},
		{"open key stays open", "", `{"Effect":"Allow","Action":"iam:PassRole","Resource":"*","Condition":{"StringEquals":{"aws:ResourceTag/team":"a"}}}`, lambda, 1},
		{"fixed false and open", "", `{"Effect":"Allow","Action":"iam:PassRole","Resource":"*","Condition":{"StringEquals":{"aws:ResourceTag/team":"a","iam:PassedToService":"ec2.amazonaws.com"}}}`, lambda, 0},
		{"known absent key", "iam:PutRolePolicy", `{"Effect":"Allow","Action":"iam:PutRolePolicy","Resource":"*","Condition":{"StringEquals":{"iam:PermissionsBoundary":"arn:aws:iam::1:policy/b"}}}`, Context{"iam:PermissionsBoundary": nil}, 0},
		{"known absent key, IfExists", "iam:PutRolePolicy", `{"Effect":"Allow","Action":"iam:PutRolePolicy","Resource":"*","Condition":{"StringEqualsIfExists":{"iam:PermissionsBoundary":"arn:aws:iam::1:policy/b"}}}`, Context{"iam:PermissionsBoundary": nil}, 1},
		{"deny on a fixed key that holds", "", `[{"Effect":"Allow","Action":"iam:PassRole","Resource":"*"},{"Effect":"Deny","Action":"iam:PassRole","Resource":"*","Condition":{"StringEquals":{"iam:PassedToService":"lambda.amazonaws.com"}}}]`, lambda, 0},
		{"deny on a fixed key that fails", "", `[{"Effect":"Allow","Action":"iam:PassRole","Resource":"*"},{"Effect":"Deny","Action":"iam:PassRole","Resource":"*","Condition":{"StringEquals":{"iam:PassedToService":"ec2.amazonaws.com"}}}]`, lambda, 1},
		{"deny with an open key", "", `[{"Effect":"Allow","Action":"iam:PassRole","Resource":"*"},{"Effect":"Deny","Action":"iam:PassRole","Resource":"*","Condition":{"StringEquals":{"iam:PassedToService":"lambda.amazonaws.com","aws:ResourceTag/x":"y"}}}]`, lambda, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := Parse([]byte(`{"Version":"2012-10-17","Statement":` + tc.policy + `}`))
			if err != nil {
				t.Fatal(err)
			}
			action := tc.action
			if action == "" {
				action = "iam:PassRole"
			}
			got := MayAllowIn([]NamedPolicy{{Name: "p", Policy: p}}, nil, action, "arn:aws:iam::1:role/r", tc.ctx)
			if len(got) != tc.want {
				t.Errorf("got %d permits %v, want %d", len(got), got, tc.want)
			}
		})
	}
}

// TestEscalationContexts checks that every escalation method that passes
// a role says to which service, and that Step.Request fills in the probe.
func TestEscalationContexts(t *testing.T) {
	for _, r := range Escalations {
		for _, s := range r.Steps {
			if s.Action != "iam:PassRole" {
				continue
			}
			_, ctx := s.Request("111122223333", "eu-west-1")
			svc, ok := ctx.Lookup("iam:PassedToService")
			if !ok || len(svc) != 1 {
				t.Errorf("%s: iam:PassRole step without iam:PassedToService", r.ID)
			}
			arn, ok := ctx.Lookup("iam:AssociatedResourceArn")
			if !ok || (arn[0] != "*" && !MatchResource("arn:aws:*:*:111122223333:*", arn[0])) {
				t.Errorf("%s: iam:AssociatedResourceArn %v is not a probe in the account", r.ID, arn)
			}
		}
	}
	res, ctx := passRole("lambda.amazonaws.com", "function").Request("111122223333", "eu-west-1")
	if want := "arn:aws:iam::111122223333:role/lambdasec-any-role"; res != want {
		t.Errorf("resource %s, want %s", res, want)
	}
	if got := ctx["iam:AssociatedResourceArn"]; len(got) != 1 || got[0] != "arn:aws:lambda:eu-west-1:111122223333:function:lambdasec-any-function" {
		t.Errorf("iam:AssociatedResourceArn %v", got)
	}
}
