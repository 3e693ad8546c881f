package iampolicy

import "testing"

// benchPolicy is a realistic 10-statement identity policy for a Lambda
// deployment role: Allow and Deny, wildcards in actions and resources,
// NotAction, NotResource, policy variables and conditions of several
// operator families.
const benchPolicy = `{
  "Version": "2012-10-17",
  "Statement": [
    {"Sid": "ReadLogs", "Effect": "Allow", "Action": ["logs:Get*", "logs:Describe*", "logs:FilterLogEvents"], "Resource": "arn:aws:logs:*:111122223333:log-group:/aws/lambda/*"},
    {"Sid": "ManageOwnFunctions", "Effect": "Allow", "Action": ["lambda:Update*", "lambda:Publish*", "lambda:Get*", "lambda:InvokeFunction"],
     "Resource": "arn:aws:lambda:*:111122223333:function:${aws:PrincipalTag/team}-*",
     "Condition": {"StringEquals": {"aws:RequestedRegion": ["us-east-1", "eu-west-1"]}, "Bool": {"aws:SecureTransport": "true"}}},
    {"Sid": "PassRole", "Effect": "Allow", "Action": "iam:PassRole", "Resource": "arn:aws:iam::111122223333:role/lambda-*",
     "Condition": {"StringEquals": {"iam:PassedToService": "lambda.amazonaws.com"}}},
    {"Sid": "Artifacts", "Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"], "Resource": "arn:aws:s3:::deploy-artifacts/${aws:PrincipalTag/team}/*"},
    {"Sid": "Tagging", "Effect": "Allow", "Action": "lambda:TagResource", "Resource": "*",
     "Condition": {"ForAllValues:StringEquals": {"aws:TagKeys": ["team", "cost-center", "env"]}, "Null": {"aws:TagKeys": "false"}}},
    {"Sid": "OfficeHours", "Effect": "Allow", "Action": "lambda:CreateFunction", "Resource": "*",
     "Condition": {"DateGreaterThan": {"aws:CurrentTime": "2024-01-01T00:00:00Z"}, "IpAddress": {"aws:SourceIp": ["203.0.113.0/24", "2001:db8::/32"]}}},
    {"Sid": "DenyOutsideNetwork", "Effect": "Deny", "Action": "lambda:*", "Resource": "*",
     "Condition": {"NotIpAddress": {"aws:SourceIp": ["203.0.113.0/24", "198.51.100.0/24", "2001:db8::/32"]}, "Bool": {"aws:ViaAWSService": "false"}}},
    {"Sid": "DenyProdDelete", "Effect": "Deny", "Action": ["lambda:DeleteFunction", "lambda:DeleteAlias"], "Resource": "arn:aws:lambda:*:*:function:*-prod*"},
    {"Sid": "DenyEverythingElse", "Effect": "Deny", "NotAction": ["lambda:*", "logs:*", "s3:*", "iam:PassRole", "iam:Get*", "iam:List*"], "Resource": "*"},
    {"Sid": "DenyOtherBuckets", "Effect": "Deny", "Action": "s3:*", "NotResource": ["arn:aws:s3:::deploy-artifacts", "arn:aws:s3:::deploy-artifacts/*"],
     "Condition": {"StringNotLike": {"aws:PrincipalArn": "arn:aws:iam::111122223333:role/admin-*"}}}
  ]
}`

func BenchmarkEvaluate(b *testing.B) {
	p, err := Parse([]byte(benchPolicy))
	if err != nil {
		b.Fatal(err)
	}
	set := PolicySet{Identity: []NamedPolicy{{Name: "deploy", Policy: p}}, ResourceAccount: "111122223333"}
	reqs := []Request{
		{Action: "lambda:UpdateFunctionCode", Resource: "arn:aws:lambda:us-east-1:111122223333:function:payments-api"},
		{Action: "s3:PutObject", Resource: "arn:aws:s3:::deploy-artifacts/payments/build.zip"},
		{Action: "lambda:DeleteFunction", Resource: "arn:aws:lambda:us-east-1:111122223333:function:payments-prod"},
		{Action: "ec2:RunInstances", Resource: "arn:aws:ec2:us-east-1:111122223333:instance/*"},
	}
	ctx := Context{
		"aws:PrincipalTag/team": {"payments"},
		"aws:RequestedRegion":   {"us-east-1"},
		"aws:SecureTransport":   {"true"},
		"aws:SourceIp":          {"203.0.113.10"},
		"aws:ViaAWSService":     {"false"},
		"aws:CurrentTime":       {"2025-03-01T10:00:00Z"},
		"aws:PrincipalArn":      {"arn:aws:iam::111122223333:role/deployer"},
	}
	for i := range reqs {
		reqs[i].Caller = Caller{ARN: "arn:aws:sts::111122223333:assumed-role/deployer/ci"}
		reqs[i].Context = ctx
	}
	want := []Decision{Allowed, Allowed, ExplicitDeny, ExplicitDeny}
	for i, r := range reqs {
		if got := Evaluate(set, r).Decision; got != want[i] {
			b.Fatalf("request %d: %s, want %s", i, got, want[i])
		}
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		Evaluate(set, reqs[i%len(reqs)])
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "evals/s")
}

func BenchmarkConditionHolds(b *testing.B) {
	c := Condition{Operator: "StringLike", Key: "s3:prefix", Values: []string{"home/", "home/${aws:username}/*"}}
	ctx := Context{"aws:username": {"martha_rivera"}, "s3:prefix": {"home/martha_rivera/docs"}}
	b.ReportAllocs()
	for b.Loop() {
		if ok, _ := c.Holds(ctx); !ok {
			b.Fatal("no match")
		}
	}
}
