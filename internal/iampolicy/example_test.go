package iampolicy_test

import (
	"fmt"

	"github.com/lambdasec/lambdasec/internal/iampolicy"
)

// A Lambda function's resource-based policy lets Amazon S3 invoke it for
// one bucket of the function's account. S3 calling for that bucket is
// allowed; S3 calling for another account's bucket is not.
func ExampleEvaluate() {
	policy, err := iampolicy.Parse([]byte(`{
	  "Version": "2012-10-17",
	  "Statement": [{
	    "Sid": "s3invoke",
	    "Effect": "Allow",
	    "Principal": {"Service": "s3.amazonaws.com"},
	    "Action": "lambda:InvokeFunction",
	    "Resource": "arn:aws:lambda:us-east-1:111122223333:function:thumbnail",
	    "Condition": {
	      "StringEquals": {"aws:SourceAccount": "111122223333"},
	      "ArnLike": {"aws:SourceArn": "arn:aws:s3:::uploads-bucket"}
	    }
	  }]
	}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	set := iampolicy.PolicySet{Resource: &iampolicy.NamedPolicy{Name: "function policy", Policy: policy}}
	req := iampolicy.Request{
		Caller:   iampolicy.Caller{Service: "s3.amazonaws.com"},
		Action:   "lambda:InvokeFunction",
		Resource: "arn:aws:lambda:us-east-1:111122223333:function:thumbnail",
		Context: iampolicy.Context{
			"aws:SourceAccount": {"111122223333"},
			"aws:SourceArn":     {"arn:aws:s3:::uploads-bucket"},
		},
	}
	res := iampolicy.Evaluate(set, req)
	fmt.Println(res.Decision, res.Deciding[0])

	req.Context = iampolicy.Context{
		"aws:SourceAccount": {"444455556666"},
		"aws:SourceArn":     {"arn:aws:s3:::uploads-bucket"},
	}
	res = iampolicy.Evaluate(set, req)
	fmt.Println(res.Decision, "-", res.Reason)
	// Output:
	// Allowed function policy statement 1 (s3invoke)
	// ImplicitDeny - no resource-based policy allows service s3.amazonaws.com
}

// An identity-based policy allows everything but a permissions boundary
// allows only Lambda, and an explicit Deny in the same boundary wins over
// every Allow.
func ExampleEvaluate_boundary() {
	identity, _ := iampolicy.Parse([]byte(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`))
	boundary, _ := iampolicy.Parse([]byte(`{"Version":"2012-10-17","Statement":[
	  {"Sid":"LambdaOnly","Effect":"Allow","Action":"lambda:*","Resource":"*"},
	  {"Sid":"NoDelete","Effect":"Deny","Action":"lambda:DeleteFunction","Resource":"*"}]}`))
	set := iampolicy.PolicySet{
		Identity: []iampolicy.NamedPolicy{{Name: "admin", Policy: identity}},
		Boundary: &iampolicy.NamedPolicy{Name: "boundary", Policy: boundary},
	}
	caller := iampolicy.Caller{ARN: "arn:aws:sts::111122223333:assumed-role/deployer/ci"}
	fn := "arn:aws:lambda:us-east-1:111122223333:function:api"
	for _, action := range []string{"lambda:UpdateFunctionCode", "s3:GetObject", "lambda:DeleteFunction"} {
		res := iampolicy.Evaluate(set, iampolicy.Request{Caller: caller, Action: action, Resource: fn})
		fmt.Println(action, res.Decision, res.Deciding)
	}
	// Output:
	// lambda:UpdateFunctionCode Allowed [admin statement 1 boundary statement 1 (LambdaOnly)]
	// s3:GetObject ImplicitDeny []
	// lambda:DeleteFunction ExplicitDeny [boundary statement 2 (NoDelete)]
}

// Substitute fills in policy variables from the request context, with a
// default for a missing tag.
func ExampleSubstitute() {
	ctx := iampolicy.Context{"aws:username": {"martha_rivera"}}
	fmt.Println(iampolicy.Substitute("home/${aws:username}/", ctx))
	fmt.Println(iampolicy.Substitute("bucket-${aws:PrincipalTag/team, 'company-wide'}", ctx))
	fmt.Println(iampolicy.Substitute("home/${aws:PrincipalTag/team}/", ctx))
	// Output:
	// home/martha_rivera/ true
	// bucket-company-wide true
	//  false
}

// Holds decides one condition against a request context.
func ExampleCondition_Holds() {
	c := iampolicy.Condition{Operator: "IpAddress", Key: "aws:SourceIp", Values: []string{"203.0.113.0/24", "2001:DB8:1234:5678::/64"}}
	ok, err := c.Holds(iampolicy.Context{"aws:SourceIp": {"2001:db8:1234:5678::1"}})
	fmt.Println(ok, err)
	// Output:
	// true <nil>
}
