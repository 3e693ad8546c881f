package exposure_test

import (
	"strings"
	"testing"

	"github.com/lambdasec/lambdasec/internal/inventory"
	"github.com/lambdasec/lambdasec/internal/source/cloudformation"
)

const samHead = `AWSTemplateFormatVersion: "2010-09-09"
Transform: AWS::Serverless-2016-10-31
Resources:
`

// adminFunction is a function whose role can do anything: any path to it
// would be critical.
const adminFunction = `  Admin:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.13
      Handler: app.handler
      CodeUri: src/
      Policies: [AdministratorAccess]
`

func readString(t *testing.T, body string) *inventory.Estate {
	t.Helper()
	e, _, err := cloudformation.Read("t.yaml", []byte(samHead+body))
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// TestNoPathWhereTheDoorIsShut checks the Done-when's negative cases: no
// path through an authorizer-protected route, a URL with AuthType AWS_IAM
// and no public policy, or a bucket whose Block Public Access stops its
// public policy; each beside the same estate with the door open, which
// must give a path, so the test fails if paths are never found.
func TestNoPathWhereTheDoorIsShut(t *testing.T) {
	bucket := func(bpa string) string {
		return adminFunction + `      Events:
        Up: {Type: S3, Properties: {Bucket: !Ref Drop, Events: "s3:ObjectCreated:*"}}
  Drop:
    Type: AWS::S3::Bucket
` + bpa + `  DropPolicy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref Drop
      PolicyDocument:
        Statement:
          - {Effect: Allow, Principal: "*", Action: s3:PutObject, Resource: !Sub "${Drop.Arn}/*"}
`
	}
	open := "    Properties:\n      PublicAccessBlockConfiguration: {BlockPublicAcls: false, IgnorePublicAcls: false, BlockPublicPolicy: false, RestrictPublicBuckets: false}\n"
	for _, c := range []struct {
		name, shut, open string
	}{
		{"authorizer-protected route",
			`  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      Auth:
        DefaultAuthorizer: Token
        Authorizers:
          Token: {FunctionArn: !GetAtt Admin.Arn}
` + adminFunction + `      Events:
        Get: {Type: Api, Properties: {RestApiId: !Ref Api, Path: /admin, Method: post}}
`,
			`  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
` + adminFunction + `      Events:
        Get: {Type: Api, Properties: {RestApiId: !Ref Api, Path: /admin, Method: post}}
`},
		{"function URL with AuthType AWS_IAM and no public policy",
			adminFunction + "      FunctionUrlConfig: {AuthType: AWS_IAM}\n",
			adminFunction + `      FunctionUrlConfig: {AuthType: NONE}
  UrlPermission:
    Type: AWS::Lambda::Permission
    Properties: {FunctionName: !Ref Admin, Action: lambda:InvokeFunctionUrl, Principal: "*", FunctionUrlAuthType: NONE}
  InvokePermission:
    Type: AWS::Lambda::Permission
    Properties: {FunctionName: !Ref Admin, Action: lambda:InvokeFunction, Principal: "*", InvokedViaFunctionUrl: true}
`},
		{"bucket with Block Public Access left at AWS's default", bucket(""), bucket(open)},
		{"bucket with BlockPublicPolicy on",
			bucket("    Properties:\n      PublicAccessBlockConfiguration: {BlockPublicAcls: false, IgnorePublicAcls: false, BlockPublicPolicy: true, RestrictPublicBuckets: false}\n"),
			bucket(open)},
		{"bucket with RestrictPublicBuckets on",
			bucket("    Properties:\n      PublicAccessBlockConfiguration: {BlockPublicAcls: false, IgnorePublicAcls: false, BlockPublicPolicy: false, RestrictPublicBuckets: true}\n"),
			bucket(open)},
	} {
		t.Run(c.name, func(t *testing.T) {
			if ps := pathsOf(readString(t, c.shut)); len(ps) != 0 {
				t.Errorf("%d paths, want none; first: %s (%s)", len(ps), ps[0].ID, ps[0].Hops[1].Detail)
			}
			ps := pathsOf(readString(t, c.open))
			if len(ps) != 1 || ps[0].Severity != "critical" || ps[0].Impact != "admin" {
				var ids []string
				for _, p := range ps {
					ids = append(ids, p.ID+" "+p.Severity)
				}
				t.Errorf("with the door open: paths %s; want one critical admin path", strings.Join(ids, "; "))
			}
		})
	}
}
