package cloudformation

import (
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/lambdasec/lambdasec/internal/inventory"
)

// TestSAMConnectors checks what SAM connectors generate, as the
// transform's outputs show: a Lambda permission for a push source (an
// embedded connector on a topic, a Connector resource from an API), and a
// managed policy on the source function's role (function to table).
func TestSAMConnectors(t *testing.T) {
	src := header + `Transform: AWS::Serverless-2016-10-31
Resources:
  Topic:
    Type: AWS::SNS::Topic
    Connectors:
      ToFn:
        Properties:
          Destination: {Id: Fn}
          Permissions: [Write]
  Api:
    Type: AWS::Serverless::Api
    Properties: {StageName: Prod}
  ApiToFn:
    Type: AWS::Serverless::Connector
    Properties:
      Source: {Id: Api}
      Destination: {Id: Fn}
      Permissions: [Write]
  Table:
    Type: AWS::DynamoDB::Table
  FnToTable:
    Type: AWS::Serverless::Connector
    Properties:
      Source: {Id: Fn}
      Destination: {Id: Table}
      Permissions: [Read]
  Fn:
    Type: AWS::Serverless::Function
    Properties: {Runtime: python3.13, Handler: h, CodeUri: src/}
`
	e := read(t, src)
	var fn *inventory.Function
	for _, f := range e.Functions {
		if f.ID == "Fn" {
			fn = f
		}
	}
	if fn == nil {
		t.Fatalf("no function Fn in %+v", e.Functions)
	}
	var doc string
	for _, p := range fn.Permissions {
		doc += string(p.Policy.Document)
	}
	for _, want := range []string{`"sns.amazonaws.com"`, `{{ref.Topic}}`, `"apigateway.amazonaws.com"`, `{{ref.Api}}/*`} {
		if !strings.Contains(doc, want) {
			t.Errorf("function permissions lack %s: %s", want, doc)
		}
	}
	var role *inventory.Role
	for _, r := range e.Roles {
		if r.ID == "FnRole" {
			role = r
		}
	}
	if role == nil || !slices.Contains(role.ManagedPolicies, "FnToTablePolicy") {
		t.Fatalf("role FnRole does not have the connector's policy: %+v", role)
	}
	for _, mp := range e.ManagedPolicies {
		if mp.ID == "FnToTablePolicy" {
			d := string(mp.Policy.Document)
			if !strings.Contains(d, "dynamodb:GetItem") || strings.Contains(d, "dynamodb:PutItem") {
				t.Errorf("Read connector policy: %s", d)
			}
		}
	}
}

// TestSAMMergeDefinitions checks that MergeDefinitions merges the events'
// routes only into a body the transform accepts as a definition.
func TestSAMMergeDefinitions(t *testing.T) {
	cases := []struct {
		name, body string
		routes     int
	}{
		{"valid", "{swagger: '2.0', paths: {/a: {get: {}}}}", 2},
		{"no paths", "{swagger: 2, x-amazon-apigateway-policy: {Version: '2012-10-17'}}", 0},
		{"null paths", "{swagger: 2, paths: null}", 0},
		{"no version", "{paths: {}}", 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			src := header + `Transform: AWS::Serverless-2016-10-31
Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: live
      MergeDefinitions: true
      DefinitionBody: ` + c.body + `
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.13
      Handler: h
      CodeUri: src/
      Events:
        Any: {Type: Api, Properties: {RestApiId: !Ref Api, Path: /proxy, Method: any}}
`
			e := read(t, src)
			if len(e.APIs) != 1 {
				t.Fatalf("apis %+v", e.APIs)
			}
			if got := len(e.APIs[0].Routes); got != c.routes {
				t.Errorf("%d routes, want %d: %+v", got, c.routes, e.APIs[0].Routes)
			}
		})
	}
}

// TestFunctionInURI reads the function ARN from Lambda integration URIs,
// the response-streaming form included.
func TestFunctionInURI(t *testing.T) {
	fn := "arn:aws:lambda:us-east-1:123456789012:function:F"
	cases := map[string]string{
		"arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/" + fn + "/invocations":                    fn,
		"arn:aws:apigateway:us-east-1:lambda:path/2021-11-15/functions/" + fn + "/response-streaming-invocations": fn,
		"arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/" + fn:                                     fn,
		"https://example.com/": "https://example.com/",
	}
	for uri, want := range cases {
		if got := functionInURI(uri); got != want {
			t.Errorf("functionInURI(%q) = %q, want %q", uri, got, want)
		}
	}
}

// TestSAMMergeKeepsSecurity checks that MergeDefinitions merges an event
// into an operation the definition already has, keeping its security.
func TestSAMMergeKeepsSecurity(t *testing.T) {
	src := header + `Transform: AWS::Serverless-2016-10-31
Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: Prod
      MergeDefinitions: true
      DefinitionBody:
        swagger: "2.0"
        securityDefinitions:
          sigv4: {type: apiKey, name: Authorization, in: header, x-amazon-apigateway-authtype: awsSigv4}
        paths:
          /test:
            get:
              security: [{sigv4: []}]
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.13
      Handler: h
      CodeUri: src/
      Events:
        Get: {Type: Api, Properties: {RestApiId: !Ref Api, Path: /test, Method: get}}
`
	e := read(t, src)
	if len(e.APIs) != 1 || len(e.APIs[0].Routes) != 1 {
		t.Fatalf("apis %+v", e.APIs)
	}
	rt := e.APIs[0].Routes[0]
	if rt.Function != "Fn" || rt.AuthorizationType != "AWS_IAM" {
		t.Errorf("route %+v, want function Fn with AWS_IAM", rt)
	}
}

// TestSAMHTTPAPIKeepsIntegration checks that an HttpApi event on an
// operation whose DefinitionBody already has an integration leaves that
// integration in place (SAM's OpenApiEditor.add_lambda_integration skips
// such an operation, as the translator pair http_api_existing_openapi
// shows), while an event on a new path, or on an operation whose
// integration is null, adds its route.
func TestSAMHTTPAPIKeepsIntegration(t *testing.T) {
	src := header + `Transform: AWS::Serverless-2016-10-31
Resources:
  Api:
    Type: AWS::Serverless::HttpApi
    Properties:
      DefinitionBody:
        openapi: 3.0.1
        paths:
          /basic:
            post:
              x-amazon-apigateway-integration:
                type: aws_proxy
                httpMethod: POST
                payloadFormatVersion: '1.0'
                uri: !Sub arn:${AWS::Partition}:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${Other.Arn}/invocations
          /nulled:
            put:
              x-amazon-apigateway-integration: null
  Other:
    Type: AWS::Serverless::Function
    Properties: {Runtime: python3.13, Handler: h, CodeUri: src/}
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.13
      Handler: h
      CodeUri: src/
      Events:
        Basic: {Type: HttpApi, Properties: {ApiId: !Ref Api, Path: /basic, Method: post}}
        New: {Type: HttpApi, Properties: {ApiId: !Ref Api, Path: /new, Method: get}}
        Nulled: {Type: HttpApi, Properties: {ApiId: !Ref Api, Path: /nulled, Method: put}}
`
	e := read(t, src)
	if len(e.APIs) != 1 {
		t.Fatalf("apis %+v", e.APIs)
	}
	got := map[string]string{}
	for _, rt := range e.APIs[0].Routes {
		got[rt.Method+" "+rt.Path] = rt.Function
	}
	want := map[string]string{"POST /basic": "Other", "GET /new": "Fn", "PUT /nulled": "Fn"}
	if !maps.Equal(got, want) {
		t.Errorf("routes to functions %v, want %v", got, want)
	}
}
