package rules_test

import (
	"strings"
	"testing"

	"github.com/lambdasec/lambdasec/internal/iampolicy"
	"github.com/lambdasec/lambdasec/internal/inventory"
	"github.com/lambdasec/lambdasec/internal/rules"
	"github.com/lambdasec/lambdasec/internal/source/cloudformation"
)

// TestUnknownActionIsNoGrant checks that a statement naming only actions
// that do not exist is not counted as a grant of a shared role (LS204
// lists grants no function's needs explain): it grants nothing, and LS210
// reports it.
func TestUnknownActionIsNoGrant(t *testing.T) {
	const tmpl = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Shared:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Principal: {Service: lambda.amazonaws.com}, Action: sts:AssumeRole}]}
      Policies:
        - PolicyName: p
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - {Effect: Allow, Action: [sts:GetCallerIdentify, lamda:ListFunctions], Resource: "*"}
              - {Effect: Allow, Action: s3:ListAllMyBuckets, Resource: "*"}
  A:
    Type: AWS::Lambda::Function
    Properties: {Runtime: python3.13, Handler: app.handler, Role: !GetAtt Shared.Arn, Code: {ZipFile: x}}
  B:
    Type: AWS::Lambda::Function
    Properties: {Runtime: python3.13, Handler: app.handler, Role: !GetAtt Shared.Arn, Code: {ZipFile: x}}
`
	e, _, err := cloudformation.Read("t.yaml", []byte(tmpl))
	if err != nil {
		t.Fatal(err)
	}
	cfg := &rules.Config{ManagedPolicies: iampolicy.BuiltinManagedPolicies()}
	fs := rules.Run([]*inventory.Estate{e}, []*rules.Rule{rules.ByID(rules.All(), "LS204")}, testNow, cfg)
	if len(fs) != 1 || fs[0].Status != rules.Fail {
		t.Fatalf("want one LS204 FAIL, got %+v", fs)
	}
	var unexplained string
	for _, ev := range fs[0].Evidence {
		if strings.HasPrefix(ev.Label, "grants no function") {
			unexplained = ev.Value
		}
	}
	if !strings.Contains(unexplained, "s3:ListAllMyBuckets") {
		t.Errorf("the real grant is missing from the unexplained grants: %q", unexplained)
	}
	if strings.Contains(unexplained, "GetCallerIdentify") {
		t.Errorf("a statement of unknown actions counts as a grant: %q", unexplained)
	}
}
