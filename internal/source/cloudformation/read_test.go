package cloudformation

import (
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/lambdasec/lambdasec/internal/inventory"
)

// read parses a template given as YAML text, failing the test on error.
func read(t *testing.T, src string) *inventory.Estate {
	t.Helper()
	e, _, err := Read("t.yaml", []byte(src))
	if err != nil {
		t.Fatalf("Read: %v", err)
	}
	return e
}

func fn(t *testing.T, e *inventory.Estate, id string) *inventory.Function {
	t.Helper()
	for _, f := range e.Functions {
		if f.ID == id {
			return f
		}
	}
	t.Fatalf("no function %s", id)
	return nil
}

// env returns a function's variable value.
func env(f *inventory.Function, name string) string {
	for _, v := range f.Environment {
		if v.Name == name {
			return v.Value
		}
	}
	return "<absent>"
}

const header = "AWSTemplateFormatVersion: '2010-09-09'\n"

// TestIntrinsics resolves each intrinsic function the way CloudFormation
// does, through a function's environment variable.
func TestIntrinsics(t *testing.T) {
	cases := []struct {
		name, params, value, want string
	}{
		{"literal", "", `plain`, "plain"},
		{"ref parameter default", "P: {Type: String, Default: dflt}", `!Ref P`, "dflt"},
		{"ref parameter without default", "P: {Type: String}", `!Ref P`, inventory.UnresolvedToken("parameter P has no default")},
		{"ref pseudo account", "", `!Ref AWS::AccountId`, inventory.AccountIDToken},
		{"ref pseudo partition", "", `!Ref AWS::Partition`, "aws"},
		{"ref resource", "", `!Ref Topic`, "arn:aws:sns:" + inventory.RegionToken + ":" + inventory.AccountIDToken + ":" + inventory.RefToken("Topic")},
		{"getatt short", "", `!GetAtt Queue.Arn`, "arn:aws:sqs:" + inventory.RegionToken + ":" + inventory.AccountIDToken + ":" + inventory.RefToken("Queue")},
		{"getatt list", "", `{"Fn::GetAtt": [Queue, QueueName]}`, inventory.AttrToken("Queue", "QueueName")},
		{"sub pseudo and param", "P: {Type: String, Default: x}", `!Sub "arn:${AWS::Partition}:s3:::${P}-bucket"`, "arn:aws:s3:::x-bucket"},
		{"sub literal escape", "", `!Sub "${!Literal}-${AWS::Region}"`, "${Literal}-" + inventory.RegionToken},
		{"sub with variables", "", `!Sub ["${A}-${B}", {A: one, B: !Ref AWS::StackName}]`, "one-" + inventory.StackNameToken},
		{"sub attribute", "", `!Sub "${Queue.QueueName}"`, inventory.AttrToken("Queue", "QueueName")},
		{"join", "", `!Join ["-", [a, !Ref AWS::Region, c]]`, "a-" + inventory.RegionToken + "-c"},
		{"select split", "", `!Select [1, !Split [",", "a,b,c"]]`, "b"},
		{"select getazs", "", `!Select [2, !GetAZs ""]`, inventory.AZToken("2")},
		{"split of a token is unknown", "", `!Select [0, !Split ["/", !GetAtt Queue.QueueUrl]]`, inventory.UnresolvedToken("Fn::Split of ${Queue.QueueUrl}")},
		{"findinmap", "", `!FindInMap [Sizes, small, mem]`, "128"},
		{"findinmap by region, entries agree", "", `!FindInMap [Regions, !Ref AWS::Region, same]`, "yes"},
		{"findinmap by region, entries differ", "", `!FindInMap [Regions, !Ref AWS::Region, ami]`, inventory.UnresolvedToken("Fn::FindInMap Regions/${AWS::Region}/ami")},
		{"if true condition", "P: {Type: String, Default: prod}", `!If [IsProd, big, small]`, "big"},
		{"if on unknown condition", "", `!If [InUsEast, east, other]`, inventory.UnresolvedToken("Fn::If on condition InUsEast, which depends on deploy-time values")},
		{"if with equal branches", "", `!If [InUsEast, same, same]`, "same"},
		{"importvalue", "", `!ImportValue shared-vpc`, inventory.UnresolvedToken("Fn::ImportValue shared-vpc")},
		{"base64", "", `!Base64 text`, "text"},
		{"json long form", "", `{"Fn::Join": ["", ["x", {"Ref": "AWS::Region"}]]}`, "x" + inventory.RegionToken},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			params := ""
			if c.params != "" {
				params = "Parameters:\n  " + c.params + "\n"
			}
			src := header + params + `Mappings:
  Sizes: {small: {mem: "128"}}
  Regions:
    us-east-1: {same: "yes", ami: ami-1}
    eu-west-1: {same: "yes", ami: ami-2}
Conditions:
  IsProd: !Equals [!Ref P, prod]
  InUsEast: !Equals [!Ref AWS::Region, us-east-1]
Resources:
  Topic: {Type: AWS::SNS::Topic}
  Queue: {Type: AWS::SQS::Queue}
  F:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: python3.13
      Role: arn:aws:iam::111122223333:role/r
      Environment:
        Variables:
          V: ` + c.value + "\n"
			if !strings.Contains(params, "P:") {
				src = strings.Replace(src, "  IsProd: !Equals [!Ref P, prod]\n", "", 1)
			}
			got := env(fn(t, read(t, src), "F"), "V")
			if got != c.want {
				t.Errorf("got %q, want %q", got, c.want)
			}
		})
	}
}

// TestReadErrors checks that bad input gives a one-line error naming the
// file and the position, never a panic.
func TestReadErrors(t *testing.T) {
	cases := []struct {
		name, src, want string
		line            int
	}{
		{"not yaml", "Resources: [unclosed\n  F: 1\n", "invalid YAML", 1},
		{"not a template", "name: my-app\nversion: 1\n", "not a CloudFormation template", 1},
		{"no AWS types", "Resources:\n  X: {Type: Custom::Thing}\n", "not a CloudFormation template", 2},
		{"binary", "Resources:\x00AWS::", "binary file", 0},
		{"cycle of refs", header + "Resources:\n  A:\n    Type: AWS::SNS::Topic\n    Properties: {TopicName: !GetAtt B.TopicName}\n  B:\n    Type: AWS::SNS::Topic\n    Properties: {TopicName: !GetAtt A.TopicName}\n", "circular dependency between resources: A -> B -> A", 3},
		{"json syntax", `{"Resources": {"A": {"Type": "AWS::SNS::Topic",}}}`, "invalid JSON", 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, _, err := Read("bad.yaml", []byte(c.src))
			if err == nil {
				t.Fatal("no error")
			}
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("error %T is not an *Error: %v", err, err)
			}
			if !strings.Contains(err.Error(), c.want) || !strings.HasPrefix(err.Error(), "bad.yaml") {
				t.Errorf("error %q does not name the file and say %q", err, c.want)
			}
			if c.line > 0 && e.Line != c.line {
				t.Errorf("line %d, want %d (%v)", e.Line, c.line, err)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("error is not one line: %q", err)
			}
		})
	}
}

// TestAliasBomb checks that a YAML document whose aliases expand
// exponentially is refused, not expanded.
func TestAliasBomb(t *testing.T) {
	var b strings.Builder
	b.WriteString("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n")
	for i := 1; i < 12; i++ {
		b.WriteString("a" + itoa(i) + ": &a" + itoa(i) + " [")
		for j := 0; j < 10; j++ {
			if j > 0 {
				b.WriteString(", ")
			}
			b.WriteString("*a" + itoa(i-1))
		}
		b.WriteString("]\n")
	}
	b.WriteString("Resources:\n  T: {Type: AWS::SNS::Topic}\n")
	_, _, err := Read("bomb.yaml", []byte(b.String()))
	if err == nil || !strings.Contains(err.Error(), "alias bomb") {
		t.Fatalf("want an alias bomb error, got %v", err)
	}
}

func itoa(i int) string { return strconv.Itoa(i) }

// TestPositions checks that the model keeps file, line and column.
func TestPositions(t *testing.T) {
	src := header + "Resources:\n  F:\n    Type: AWS::Lambda::Function\n    Properties:\n      Runtime: python3.13\n      Role: arn:aws:iam::111122223333:role/r\n      Environment:\n        Variables:\n          KEY: v\n"
	f := fn(t, read(t, src), "F")
	if f.Source.File != "t.yaml" || f.Source.Line != 3 || f.Source.Column != 3 || f.Source.LogicalID != "F" {
		t.Errorf("function source %+v, want t.yaml:3:3 (F)", f.Source)
	}
	if s := f.Environment[0].Source; s.Line != 10 || s.Column != 11 {
		t.Errorf("variable source %+v, want line 10 column 11", s)
	}
}

// TestJSONTemplate reads a JSON template with positions.
func TestJSONTemplate(t *testing.T) {
	src := "{\n  \"Resources\": {\n    \"F\": {\n      \"Type\": \"AWS::Lambda::Function\",\n      \"Properties\": {\"Runtime\": \"nodejs22.x\", \"Role\": {\"Fn::Sub\": \"arn:aws:iam::${AWS::AccountId}:role/r\"}}\n    }\n  }\n}\n"
	e := read(t, src)
	f := fn(t, e, "F")
	if f.Runtime != "nodejs22.x" || f.Source.Line != 3 {
		t.Errorf("got runtime %q at line %d", f.Runtime, f.Source.Line)
	}
	if f.Role != "arn:aws:iam::"+inventory.AccountIDToken+":role/r" {
		t.Errorf("role %q", f.Role)
	}
}

// TestSAMGlobals checks the Globals merge rules: a function's scalar
// replaces the global one, maps merge, lists concatenate with the global
// items first, and IgnoreGlobals opts out.
// https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-specification-template-anatomy-globals.html
func TestSAMGlobals(t *testing.T) {
	src := header + `Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Runtime: python3.12
    Timeout: 30
    Layers: [arn:aws:lambda:eu-west-1:111122223333:layer:global:1]
    Environment:
      Variables: {A: global, B: global}
Resources:
  Plain:
    Type: AWS::Serverless::Function
    Properties: {Handler: h, CodeUri: src/}
  Override:
    Type: AWS::Serverless::Function
    Properties:
      Handler: h
      CodeUri: src/
      Runtime: nodejs22.x
      Layers: [arn:aws:lambda:eu-west-1:111122223333:layer:local:1]
      Environment:
        Variables: {B: local, C: local}
  Ignoring:
    Type: AWS::Serverless::Function
    IgnoreGlobals: "*"
    Properties: {Handler: h, CodeUri: src/, Runtime: java21}
`
	e := read(t, src)
	p, o, ig := fn(t, e, "Plain"), fn(t, e, "Override"), fn(t, e, "Ignoring")
	if p.Runtime != "python3.12" || p.Timeout != 30 {
		t.Errorf("Plain: runtime %q timeout %d", p.Runtime, p.Timeout)
	}
	if o.Runtime != "nodejs22.x" || o.Timeout != 30 {
		t.Errorf("Override: runtime %q timeout %d", o.Runtime, o.Timeout)
	}
	if got := strings.Join(o.Layers, ","); got != "arn:aws:lambda:eu-west-1:111122223333:layer:global:1,arn:aws:lambda:eu-west-1:111122223333:layer:local:1" {
		t.Errorf("Override layers %s", got)
	}
	if env(o, "A") != "global" || env(o, "B") != "local" || env(o, "C") != "local" {
		t.Errorf("Override environment %+v", o.Environment)
	}
	if ig.Runtime != "java21" || ig.Timeout != 0 || len(ig.Environment) != 0 {
		t.Errorf("Ignoring got globals: %+v", ig)
	}
}

// TestSAMFunction checks what the transform generates for a function: the
// role with its managed and template policies, the alias and version, the
// URL with both public permissions, the event permissions on the alias.
func TestSAMFunction(t *testing.T) {
	src := header + `Transform: AWS::Serverless-2016-10-31
Resources:
  Table: {Type: AWS::Serverless::SimpleTable}
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.13
      Handler: h
      CodeUri: src/
      Tracing: Active
      AutoPublishAlias: live
      FunctionUrlConfig: {AuthType: NONE}
      Policies:
        - AmazonS3ReadOnlyAccess
        - DynamoDBReadPolicy: {TableName: !Ref Table}
      Events:
        Nightly: {Type: Schedule, Properties: {Schedule: rate(1 day)}}
`
	e := read(t, src)
	f := fn(t, e, "Fn")
	if f.Role != "FnRole" {
		t.Fatalf("role %q, want the generated FnRole", f.Role)
	}
	var role *inventory.Role
	for _, r := range e.Roles {
		if r.ID == "FnRole" {
			role = r
		}
	}
	wantManaged := "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole,arn:aws:iam::aws:policy/AWSXrayWriteOnlyAccess,arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"
	if got := strings.Join(role.ManagedPolicies, ","); got != wantManaged {
		t.Errorf("managed policies\n got %s\nwant %s", got, wantManaged)
	}
	if len(role.InlinePolicies) != 1 || role.InlinePolicies[0].Name != "FnRolePolicy1" {
		t.Fatalf("inline policies %+v", role.InlinePolicies)
	}
	var doc struct {
		Statement []struct{ Action, Resource []string }
	}
	if err := json.Unmarshal(role.InlinePolicies[0].Document, &doc); err != nil {
		t.Fatal(err)
	}
	wantRes := "arn:aws:dynamodb:" + inventory.RegionToken + ":" + inventory.AccountIDToken + ":table/" + inventory.RefToken("Table")
	if len(doc.Statement) != 1 || doc.Statement[0].Resource[0] != wantRes || !contains(doc.Statement[0].Action, "dynamodb:GetItem") {
		t.Errorf("DynamoDBReadPolicy expanded to %+v", doc.Statement)
	}
	if len(f.Aliases) != 1 || f.Aliases[0].Name != "live" || len(f.Versions) != 1 {
		t.Errorf("aliases %+v versions %v", f.Aliases, f.Versions)
	}
	if len(f.URLs) != 1 || f.URLs[0].AuthType != "NONE" || f.URLs[0].Qualifier != "live" {
		t.Errorf("urls %+v", f.URLs)
	}
	if len(f.Permissions) != 1 || f.Permissions[0].Qualifier != "live" {
		t.Fatalf("permissions %+v", f.Permissions)
	}
	perm := string(f.Permissions[0].Policy.Document)
	for _, want := range []string{"FnUrlPublicPermissions", "FnURLInvokeAllowPublicAccess", "lambda:InvokedViaFunctionUrl", "FnNightlyPermission", "events.amazonaws.com"} {
		if !strings.Contains(perm, want) {
			t.Errorf("alias policy lacks %s: %s", want, perm)
		}
	}
	var schedule bool
	for _, tr := range e.Triggers {
		if tr.Function == "Fn" && tr.Type == inventory.TriggerSchedule && tr.Async && tr.Qualifier == "live" {
			schedule = true
		}
	}
	if !schedule {
		t.Errorf("no asynchronous schedule trigger on the alias: %+v", e.Triggers)
	}
}

func contains(l []string, s string) bool {
	for _, x := range l {
		if x == s {
			return true
		}
	}
	return false
}

// TestSAMImplicitAPI checks the implicit REST API: routes with the
// DefaultAuthorizer from Globals and a per-event NONE override.
func TestSAMImplicitAPI(t *testing.T) {
	src := header + `Transform: AWS::Serverless-2016-10-31
Globals:
  Api:
    Auth:
      DefaultAuthorizer: AWS_IAM
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.13
      Handler: h
      CodeUri: src/
      Events:
        Get: {Type: Api, Properties: {Path: "/items/{id}", Method: get}}
        Ping: {Type: Api, Properties: {Path: /ping, Method: any, Auth: {Authorizer: NONE}}}
`
	e := read(t, src)
	if len(e.APIs) != 1 || e.APIs[0].ID != "ServerlessRestApi" {
		t.Fatalf("apis %+v", e.APIs)
	}
	a := e.APIs[0]
	got := map[string]string{}
	for _, rt := range a.Routes {
		got[rt.Method+" "+rt.Path] = rt.AuthorizationType + " " + rt.Function
	}
	want := map[string]string{"GET /items/{id}": "AWS_IAM Fn", "ANY /ping": "NONE Fn"}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("route %s: got %q, want %q", k, got[k], v)
		}
	}
	// The transform's deployment adds a stage named "Stage" beside Prod.
	if len(a.Stages) != 2 || a.Stages[0].Name != "Prod" || a.Stages[1].Name != "Stage" {
		t.Errorf("stages %+v", a.Stages)
	}
}

// TestConditionalResources drops resources whose condition is false with
// the parameters' defaults and keeps those whose condition depends on
// deployment.
func TestConditionalResources(t *testing.T) {
	src := header + `Parameters:
  Env: {Type: String, Default: dev}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  InEast: !Equals [!Ref AWS::Region, us-east-1]
Resources:
  ProdOnly: {Type: AWS::SNS::Topic, Condition: IsProd}
  Maybe: {Type: AWS::SQS::Queue, Condition: InEast}
  F:
    Type: AWS::Lambda::Function
    Condition: IsProd
    Properties: {Role: r}
`
	e := read(t, src)
	if len(e.Functions) != 0 {
		t.Errorf("function with a false condition was kept")
	}
}

// TestUnresolvedGaps checks that values a template leaves open become
// gaps, so rules say UNKNOWN.
func TestUnresolvedGaps(t *testing.T) {
	src := header + `Parameters:
  Runtime: {Type: String}
  Subnets: {Type: "List<AWS::EC2::Subnet::Id>"}
Resources:
  F:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: !Ref Runtime
      Role: !ImportValue shared-role
      Timeout: !Ref Runtime
`
	f := fn(t, read(t, src), "F")
	for _, field := range []string{inventory.FieldRuntime, inventory.FieldRole, inventory.FieldTimeout} {
		if _, ok := f.Gap(field); !ok {
			t.Errorf("no gap for %s: %+v", field, f.Gaps)
		}
	}
	if g, _ := f.Gap(inventory.FieldRole); !strings.Contains(g.Reason, "Fn::ImportValue shared-role") {
		t.Errorf("role gap reason %q", g.Reason)
	}
}

// TestARNsAgree checks that a function's ARN is written the same way
// wherever it is referred to, whether the reference comes before or after
// the function in the template: its permissions and integrations must find it.
func TestARNsAgree(t *testing.T) {
	src := header + `Resources:
  Early:
    Type: AWS::Lambda::Permission
    Properties:
      FunctionName: !GetAtt Fn.Arn
      Action: lambda:InvokeFunction
      Principal: "*"
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      FunctionName: !Sub "${AWS::StackName}-orders"
      Role: arn:aws:iam::111122223333:role/r
  Late:
    Type: AWS::Lambda::Permission
    Properties:
      FunctionName: !GetAtt Fn.Arn
      Action: lambda:InvokeFunction
      Principal: sns.amazonaws.com
`
	f := fn(t, read(t, src), "Fn")
	want := "arn:aws:lambda:" + inventory.RegionToken + ":" + inventory.AccountIDToken + ":function:" + inventory.StackNameToken + "-orders"
	if f.ARN != want {
		t.Errorf("ARN %q, want %q", f.ARN, want)
	}
	if len(f.Permissions) != 1 || len(f.Permissions[0].Policy.StatementSources) != 2 {
		t.Errorf("want both permissions on the function, got %+v", f.Permissions)
	}
}
