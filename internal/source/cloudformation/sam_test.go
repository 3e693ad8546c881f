package cloudformation

import (
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
