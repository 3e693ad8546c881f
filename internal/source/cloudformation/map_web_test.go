package cloudformation

import (
	"strings"
	"testing"
)

// TestWebFunctionRevisionRole checks that a Web Function gets the
// execution role of each of its revisions (ServiceConfig.ExecutionRoleArn):
// a role of the template by logical ID, an outside one by ARN, and a role
// that cannot be resolved as a gap naming the revision.
func TestWebFunctionRevisionRole(t *testing.T) {
	e := read(t, `
Parameters:
  RoleArn: {Type: String}
Resources:
  SiteRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Principal: {Service: lambda.amazonaws.com}, Action: sts:AssumeRole}]}
  Site:
    Type: AWS::Lambda::WebFunction
    Properties:
      FunctionName: site
  SiteRevision:
    Type: AWS::Lambda::WebFunctionRevision
    Properties:
      FunctionName: !Ref Site
      BuildConfig: {CodeConfig: {S3Object: {Bucket: b, Key: k}}, RuntimeConfig: {Runtime: nodejs24.x}}
      ServiceConfig:
        ExecutionRoleArn: !GetAtt SiteRole.Arn
  SiteRevision2:
    Type: AWS::Lambda::WebFunctionRevision
    Properties:
      FunctionName: site
      BuildConfig: {CodeConfig: {S3Object: {Bucket: b, Key: k}}, RuntimeConfig: {Runtime: nodejs24.x}}
      ServiceConfig:
        ExecutionRoleArn: arn:aws:iam::111122223333:role/other
  Elsewhere:
    Type: AWS::Lambda::WebFunctionRevision
    Properties:
      FunctionName: not-here
      BuildConfig: {CodeConfig: {S3Object: {Bucket: b, Key: k}}, RuntimeConfig: {Runtime: nodejs24.x}}
      ServiceConfig:
        ExecutionRoleArn: !Ref RoleArn
`)
	if len(e.WebFunctions) != 2 {
		t.Fatalf("%d web functions; want Site and the one only a revision names", len(e.WebFunctions))
	}
	w := e.WebFunctions[0]
	if w.ID != "Site" || len(w.Revisions) != 2 {
		t.Fatalf("web function %q with %d revisions; want Site with 2", w.ID, len(w.Revisions))
	}
	if r := w.Revisions[0]; r.ID != "SiteRevision" || r.Role != "SiteRole" || r.Source.Line != 13 {
		t.Errorf("first revision %+v; want SiteRevision, role SiteRole, at line 13", r)
	}
	if r := w.Revisions[1]; r.Role != "arn:aws:iam::111122223333:role/other" {
		t.Errorf("second revision's role %q; want the ARN as written", r.Role)
	}
	o := e.WebFunctions[1]
	g, ok := o.Gap("role")
	if o.ID != "not-here" || len(o.Revisions) != 1 || o.Revisions[0].Role != "" || !ok || !strings.Contains(g.Reason, "Elsewhere: ServiceConfig.ExecutionRoleArn") {
		t.Errorf("revision of an outside web function: %+v (gap %q); want not-here, no role, a gap naming Elsewhere", o, g.Reason)
	}
}
