package live

import (
	"context"
	"strings"
	"testing"

	"github.com/lambdasec/lambdasec/internal/source/live/awstest"
)

// TestPartitionFromCallerIdentity checks that the ARNs the collector
// writes take their partition from the caller identity, not from the
// region's name: us-iso-east-1 is in aws-iso, which no "cn-"/"us-gov-"
// prefix rule knows.
func TestPartitionFromCallerIdentity(t *testing.T) {
	a := &awstest.Account{ID: "111122223333", Partition: "aws-iso",
		Functions: []awstest.Function{{Name: "fn", Region: "us-iso-east-1", Runtime: "python3.12", Handler: "app.handler",
			SubnetIDs: []string{"subnet-0a"}, SecurityGroupIDs: []string{"sg-0a"}}}}
	s := awstest.New(t)
	s.ServeAccount(a)
	s.EmptyDefault()
	e, err := Collect(context.Background(), s.Config("us-iso-east-1"), fastOptions("us-iso-east-1"))
	if err != nil {
		t.Fatal(err)
	}
	var arns []string
	for _, st := range e.Settings {
		arns = append(arns, st.ID)
	}
	for _, sn := range e.Subnets {
		arns = append(arns, sn.ARN)
	}
	if len(arns) == 0 {
		t.Fatal("no settings or subnets to check the ARNs of")
	}
	for _, arn := range arns {
		if !strings.HasPrefix(arn, "arn:aws-iso:") {
			t.Errorf("ARN %s: want partition aws-iso, the caller identity's", arn)
		}
	}
}

func TestSplitFunctionARN(t *testing.T) {
	for _, c := range []struct {
		in, unqualified, qualifier string
		ok                         bool
	}{
		{"arn:aws:lambda:us-east-1:111122223333:function:fn", "arn:aws:lambda:us-east-1:111122223333:function:fn", "", true},
		{"arn:aws:lambda:us-east-1:111122223333:function:fn:live", "arn:aws:lambda:us-east-1:111122223333:function:fn", "live", true},
		{"arn:aws-cn:lambda:cn-north-1:111122223333:function:fn:${stageVariables.alias}", "arn:aws-cn:lambda:cn-north-1:111122223333:function:fn", "${stageVariables.alias}", true},
		{"arn:aws:lambda:us-east-1:111122223333:layer:deps:3", "arn:aws:lambda:us-east-1:111122223333:layer:deps:3", "", false},
		{"arn:aws:sqs:us-east-1:111122223333:queue", "arn:aws:sqs:us-east-1:111122223333:queue", "", false},
		{"fn", "fn", "", false},
	} {
		u, q, ok := splitFunctionARN(c.in)
		if u != c.unqualified || q != c.qualifier || ok != c.ok {
			t.Errorf("splitFunctionARN(%q) = %q, %q, %v; want %q, %q, %v", c.in, u, q, ok, c.unqualified, c.qualifier, c.ok)
		}
	}
}
