package iampolicy

import (
	"strings"
	"testing"
)

// fuzzSeeds are real policy shapes: identity policies, resource policies,
// trust policies, every grammar form Parse accepts.
var fuzzSeeds = []string{
	allowInvoke,
	denyInvoke,
	resourceAllow(`"*"`),
	resourceAllow(`{"AWS":["111122223333","arn:aws:iam::444455556666:root"]}`),
	resourceAllow(`{"Service":"s3.amazonaws.com"}`),
	`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"Service":"sns.amazonaws.com"},"Action":"SQS:SendMessage","Resource":"arn:aws:sqs:us-east-1:123456789012:QUEUE-ID","Condition":{"ArnEquals":{"aws:SourceArn":"arn:aws:sns:us-east-1:123456789012:TOPIC-ID"}}}}`,
	`{"Version":"2012-10-17","Statement":[{"Effect":"Deny","NotPrincipal":{"AWS":["arn:aws:iam::444455556666:user/Bob","arn:aws:iam::444455556666:root"]},"NotAction":"s3:Get*","NotResource":["arn:aws:s3:::b","arn:aws:s3:::b/*"]}]}`,
	`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"cognito-identity.amazonaws.com","CanonicalUser":"79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"},"Action":["sts:AssumeRoleWithWebIdentity"],"Condition":{"StringEquals":{"cognito-identity.amazonaws.com:aud":"us-east-1:12345678-abcd"},"ForAnyValue:StringLike":{"cognito-identity.amazonaws.com:amr":"authenticated"}}}]}`,
	`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::mybucket","Condition":{"StringLike":{"s3:prefix":["","home/","home/${aws:username}/"]},"NumericLessThanEquals":{"s3:max-keys":10},"Bool":{"aws:SecureTransport":true},"IpAddress":{"aws:SourceIp":["203.0.113.0/24","2001:DB8:1234:5678::/64"]},"DateGreaterThan":{"aws:CurrentTime":"2020-01-01T00:00:00Z"},"Null":{"aws:TokenIssueTime":"false"},"BinaryEquals":{"k":"QmluYXJ5VmFsdWVJbkJhc2U2NA=="}}}]}`,
	`{"Version":"2008-10-17","Id":"x","Statement":[{"Sid":"1","Effect":"Allow","Principal":{"AWS":"*"},"Action":"*","Resource":"arn:aws:s3:::b/${aws:PrincipalTag/team, 'company-wide'}/${*}"}]}`,
	`{"Statement":[{"Effect":"Allow","Action":"lambda:*","Resource":"*","Condition":{"ForAllValues:StringEquals":{"aws:TagKeys":["a","b"]},"StringNotEqualsIfExists":{"aws:RequestedRegion":"us-east-1"}}}]}`,
	`{"Version":"2012-10-17","Statement":[]}`,
	`{}`,
	`[]`,
	``,
	`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":[],"Resource":[]}]}`,
	`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringEquals":{"k":null}}}]}`,
}

func FuzzParse(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, doc []byte) {
		p, err := Parse(doc)
		if err != nil {
			if p != nil {
				t.Fatalf("Parse returned a policy and an error %v", err)
			}
			return
		}
		for i, st := range p.Statements {
			if st.Index != i {
				t.Fatalf("statement %d has Index %d", i, st.Index)
			}
			if st.Effect != Allow && st.Effect != Deny {
				t.Fatalf("statement %d has Effect %q", i, st.Effect)
			}
			if (st.Action == nil) == (st.NotAction == nil) {
				t.Fatalf("statement %d: Action %v, NotAction %v", i, st.Action, st.NotAction)
			}
		}
	})
}

func FuzzEvaluate(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add([]byte(s), "lambda:InvokeFunction", fnA, "arn:aws:sts::111122223333:assumed-role/app/s1", "aws:username", "alice")
		f.Add([]byte(s), "s3:ListBucket", "arn:aws:s3:::mybucket", "", "s3:prefix", "home/${aws:username}/")
		f.Add([]byte(s), "SQS:SendMessage", "arn:aws:sqs:us-east-1:123456789012:QUEUE-ID", "sns.amazonaws.com", "aws:SourceIp", "2001:db8::1")
	}
	f.Fuzz(func(t *testing.T, doc []byte, action, resource, caller, key, value string) {
		p, err := Parse(doc)
		if err != nil {
			return
		}
		ctx := Context{key: {value}, "aws:SourceIp": {value}, "aws:CurrentTime": {value, ""}, "aws:username": nil}
		var c Caller
		switch {
		case caller == "":
			c.Anonymous = true
		case strings.HasSuffix(caller, ".amazonaws.com"):
			c.Service = caller
		default:
			c.ARN = caller
		}
		np := NamedPolicy{Name: "p", Policy: p}
		res := Evaluate(PolicySet{Identity: []NamedPolicy{np}, Resource: &np, Boundary: &np}, Request{Caller: c, Action: action, Resource: resource, Context: ctx})
		switch res.Decision {
		case Allowed, ImplicitDeny, ExplicitDeny:
		default:
			t.Fatalf("Decision %q", res.Decision)
		}
		if res.Decision == ImplicitDeny && len(res.Deciding) > 0 {
			t.Fatalf("ImplicitDeny with Deciding %v", res.Deciding)
		}
		if res.Decision == ExplicitDeny && len(res.Deciding) == 0 {
			t.Fatal("ExplicitDeny without a deciding statement")
		}
		Analyze(p, Query{Actions: []string{action}, Resource: resource, Context: ctx})
		Analyze(p, Query{Actions: []string{action}})
		for _, st := range p.Statements {
			for _, a := range append(st.Action, st.NotAction...) {
				if matchAction(a, action) != MatchAction(a, action) {
					t.Fatalf("matchAction(%q, %q) differs from MatchAction", a, action)
				}
			}
			for _, r := range append(st.Resource, st.NotResource...) {
				if matchResource(r, resource) != MatchResource(r, resource) {
					t.Fatalf("matchResource(%q, %q) differs from MatchResource", r, resource)
				}
			}
			for _, cond := range st.Conditions {
				if ok, err := cond.Holds(ctx); ok && err != nil {
					t.Fatalf("Holds = true with error %v", err)
				}
				for _, v := range cond.Values {
					Substitute(v, ctx)
				}
			}
			for _, r := range st.Resource {
				matchResourceVars(r, resource, ctx)
				matchARN(r, value, ctx, true)
			}
		}
	})
}
