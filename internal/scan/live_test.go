package scan

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/lambdasec/lambdasec/internal/iampolicy"
	"github.com/lambdasec/lambdasec/internal/inventory"
	"github.com/lambdasec/lambdasec/internal/report"
	"github.com/lambdasec/lambdasec/internal/rules"
	"github.com/lambdasec/lambdasec/internal/source/live"
	"github.com/lambdasec/lambdasec/internal/source/live/awstest"
	"github.com/lambdasec/lambdasec/internal/source/snapshot"
)

// An estate described once, rendered both as a CloudFormation template and
// as a fake AWS account: the two sources must give the same findings.

const liveAccount = "111122223333"

type permDesc struct {
	Qualifier     string
	Principal     string // "*", an account ID, or a service principal
	Action        string
	SourceAccount string
	SourceArn     string
	URLAuthType   string // condition lambda:FunctionUrlAuthType
}

type fnDesc struct {
	Name, Runtime, Role string
	Timeout             int
	Tracing             bool
	Reserved            int // 0: none
	Env                 map[string]string
	Perms               []permDesc
	URLAuth             string // "" for no URL
	URLQualifier        string
	CORSOrigins         []string
	Alias               string // an alias on version 1, when set
	OnFailure           string
}

type roleDesc struct {
	Name    string
	Inline  string // JSON policy document
	Managed []string
}

type estateDesc struct {
	Functions []fnDesc
	Roles     []roleDesc
}

var lambdaTrust = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}`

// description covers the function-level rules: public and cross-account
// policies (on the function and on an alias), confused deputy, URLs with
// and without auth and CORS, runtimes, tracing, concurrency, timeout,
// async failure handling, secrets in variables, shared and over-powered
// roles.
var description = estateDesc{
	Roles: []roleDesc{
		{Name: "api-role", Inline: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"dynamodb:*","Resource":"*"},{"Effect":"Allow","Action":"iam:PassRole","Resource":"*"},{"Effect":"Allow","Action":"lambda:CreateFunction","Resource":"*"}]}`,
			Managed: []string{"arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"}},
		{Name: "shared-role", Inline: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject"],"Resource":"arn:aws:s3:::uploads/*"}]}`,
			Managed: []string{"arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"}},
		{Name: "admin-role", Managed: []string{"arn:aws:iam::aws:policy/AdministratorAccess"}},
	},
	Functions: []fnDesc{
		{Name: "public-api", Runtime: "python3.12", Role: "api-role", Timeout: 900,
			Env:   map[string]string{"TABLE": "orders", "STRIPE_KEY": "sk_live_51HCOWu2eZvKYlo2Cp2rQw9Tz7fLkMnBvXc"},
			Perms: []permDesc{{Principal: "*", Action: "lambda:InvokeFunction"}}, URLAuth: "NONE", CORSOrigins: []string{"*"}},
		{Name: "partner", Runtime: "nodejs16.x", Role: "shared-role", Tracing: true, Reserved: 5,
			Perms: []permDesc{{Principal: "999988887777", Action: "lambda:InvokeFunction"}}},
		{Name: "uploader", Runtime: "python3.12", Role: "shared-role",
			Perms: []permDesc{{Principal: "s3.amazonaws.com", Action: "lambda:InvokeFunction"}}},
		{Name: "notifier", Runtime: "python3.12", Role: "shared-role", OnFailure: "arn:aws:sqs:us-east-1:111122223333:dlq",
			Perms: []permDesc{{Principal: "sns.amazonaws.com", Action: "lambda:InvokeFunction", SourceArn: "arn:aws:sns:us-east-1:111122223333:topic"}}},
		{Name: "aliased", Runtime: "python3.13", Role: "admin-role", Alias: "live",
			Perms: []permDesc{
				{Qualifier: "live", Principal: "*", Action: "lambda:InvokeFunctionUrl", URLAuthType: "NONE"},
				{Qualifier: "live", Principal: "*", Action: "lambda:InvokeFunction"},
			}, URLAuth: "NONE", URLQualifier: "live"},
		{Name: "private-url", Runtime: "python3.13", Role: "api-role", URLAuth: "AWS_IAM",
			Perms: []permDesc{{Principal: "apigateway.amazonaws.com", Action: "lambda:InvokeFunction", SourceArn: "arn:aws:execute-api:us-east-1:111122223333:abc123/*"}}},
	},
}

// own writes an ARN of the estate's own account as a template author does:
// !Sub with ${AWS::AccountId} (a template does not know its account).
func own(arn string) string {
	if !strings.Contains(arn, liveAccount) {
		return arn
	}
	return "!Sub " + strings.ReplaceAll(arn, liveAccount, "${AWS::AccountId}")
}

// template renders the description as a CloudFormation template.
func (d estateDesc) template() string {
	var b strings.Builder
	b.WriteString("AWSTemplateFormatVersion: \"2010-09-09\"\nResources:\n")
	q := func(s string) string { j, _ := json.Marshal(s); return string(j) }
	id := func(s string) string {
		return strings.ReplaceAll(strings.Title(strings.ReplaceAll(s, "-", " ")), " ", "")
	}
	for _, r := range d.Roles {
		fmt.Fprintf(&b, "  %s:\n    Type: AWS::IAM::Role\n    Properties:\n      RoleName: %s\n      AssumeRolePolicyDocument: %s\n", id(r.Name), r.Name, lambdaTrust)
		if r.Inline != "" {
			fmt.Fprintf(&b, "      Policies:\n        - PolicyName: inline\n          PolicyDocument: %s\n", r.Inline)
		}
		if len(r.Managed) > 0 {
			b.WriteString("      ManagedPolicyArns:\n")
			for _, m := range r.Managed {
				fmt.Fprintf(&b, "        - %s\n", m)
			}
		}
	}
	for _, f := range d.Functions {
		fid := id(f.Name)
		fmt.Fprintf(&b, "  %s:\n    Type: AWS::Lambda::Function\n    Properties:\n      FunctionName: %s\n      Runtime: %s\n      Handler: app.handler\n      Role: !GetAtt %s.Arn\n      Code: {S3Bucket: code, S3Key: %s.zip}\n",
			fid, f.Name, f.Runtime, id(f.Role), f.Name)
		if f.Timeout > 0 {
			fmt.Fprintf(&b, "      Timeout: %d\n", f.Timeout)
		}
		if f.Tracing {
			b.WriteString("      TracingConfig: {Mode: Active}\n")
		}
		if f.Reserved > 0 {
			fmt.Fprintf(&b, "      ReservedConcurrentExecutions: %d\n", f.Reserved)
		}
		if len(f.Env) > 0 {
			b.WriteString("      Environment:\n        Variables:\n")
			for _, k := range sortedKeys(f.Env) {
				fmt.Fprintf(&b, "          %s: %s\n", k, q(f.Env[k]))
			}
		}
		target := "!Ref " + fid
		if f.Alias != "" {
			fmt.Fprintf(&b, "  %sVersion:\n    Type: AWS::Lambda::Version\n    Properties: {FunctionName: !Ref %s}\n", fid, fid)
			fmt.Fprintf(&b, "  %sAlias:\n    Type: AWS::Lambda::Alias\n    Properties: {FunctionName: !Ref %s, Name: %s, FunctionVersion: !GetAtt %sVersion.Version}\n", fid, fid, f.Alias, fid)
		}
		for i, p := range f.Perms {
			fn := target
			if p.Qualifier != "" {
				fn = "!Ref " + fid + "Alias"
			}
			fmt.Fprintf(&b, "  %sPerm%d:\n    Type: AWS::Lambda::Permission\n    Properties:\n      FunctionName: %s\n      Action: %s\n      Principal: %s\n", fid, i, fn, p.Action, q(p.Principal))
			if p.SourceAccount != "" {
				fmt.Fprintf(&b, "      SourceAccount: %s\n", q(p.SourceAccount))
			}
			if p.SourceArn != "" {
				fmt.Fprintf(&b, "      SourceArn: %s\n", own(p.SourceArn))
			}
			if p.URLAuthType != "" {
				fmt.Fprintf(&b, "      FunctionUrlAuthType: %s\n", p.URLAuthType)
			}
		}
		if f.URLAuth != "" {
			fmt.Fprintf(&b, "  %sUrl:\n    Type: AWS::Lambda::Url\n    Properties:\n      TargetFunctionArn: !GetAtt %s.Arn\n      AuthType: %s\n", fid, fid, f.URLAuth)
			if f.URLQualifier != "" {
				fmt.Fprintf(&b, "      Qualifier: %s\n", f.URLQualifier)
			}
			if len(f.CORSOrigins) > 0 {
				var origins []string
				for _, o := range f.CORSOrigins {
					origins = append(origins, q(o))
				}
				fmt.Fprintf(&b, "      Cors: {AllowOrigins: [%s]}\n", strings.Join(origins, ", "))
			}
		}
		if f.OnFailure != "" {
			fmt.Fprintf(&b, "  %sInvokeConfig:\n    Type: AWS::Lambda::EventInvokeConfig\n    Properties:\n      FunctionName: !Ref %s\n      Qualifier: $LATEST\n      DestinationConfig:\n        OnFailure:\n          Destination: %s\n", fid, fid, own(f.OnFailure))
		}
	}
	return b.String()
}

// account renders the description as a fake account, with the resource
// policies Lambda's AddPermission writes.
// https://docs.aws.amazon.com/lambda/latest/api/API_AddPermission.html
func (d estateDesc) account() *awstest.Account {
	a := &awstest.Account{ID: liveAccount, ManagedPolicies: map[string]string{}}
	for _, r := range d.Roles {
		role := awstest.Role{Name: r.Name, Trust: lambdaTrust, Managed: r.Managed}
		if r.Inline != "" {
			role.Inline = map[string]string{"inline": r.Inline}
		}
		a.Roles = append(a.Roles, role)
	}
	for _, f := range d.Functions {
		af := awstest.Function{Name: f.Name, Region: "us-east-1", Runtime: f.Runtime, Handler: "app.handler", Role: f.Role,
			Timeout: f.Timeout, Env: f.Env, OnFailure: f.OnFailure, Policies: map[string]string{}}
		if f.Tracing {
			af.Tracing = "Active"
		}
		if f.Reserved > 0 {
			n := f.Reserved
			af.Reserved = &n
		}
		if f.Alias != "" {
			af.Versions = []string{"1"}
			af.Aliases = map[string]string{f.Alias: "1"}
		}
		if f.URLAuth != "" {
			af.URLs = []awstest.URL{{Qualifier: f.URLQualifier, AuthType: f.URLAuth, AllowOrigins: f.CORSOrigins}}
		}
		stmts := map[string][]map[string]any{}
		for i, p := range f.Perms {
			res := af.ARN(liveAccount)
			if p.Qualifier != "" {
				res += ":" + p.Qualifier
			}
			st := map[string]any{"Sid": fmt.Sprintf("perm%d", i), "Effect": "Allow", "Action": p.Action, "Resource": res}
			switch {
			case p.Principal == "*":
				st["Principal"] = "*"
			case iampolicy.IsAccountID(p.Principal):
				st["Principal"] = map[string]any{"AWS": "arn:aws:iam::" + p.Principal + ":root"}
			default:
				st["Principal"] = map[string]any{"Service": p.Principal}
			}
			cond := map[string]map[string]string{}
			if p.SourceAccount != "" {
				cond["StringEquals"] = map[string]string{"AWS:SourceAccount": p.SourceAccount}
			}
			if p.SourceArn != "" {
				cond["ArnLike"] = map[string]string{"AWS:SourceArn": p.SourceArn}
			}
			if p.URLAuthType != "" {
				cond["StringEquals"] = map[string]string{"lambda:FunctionUrlAuthType": p.URLAuthType}
			}
			if len(cond) > 0 {
				st["Condition"] = cond
			}
			stmts[p.Qualifier] = append(stmts[p.Qualifier], st)
		}
		for q, sts := range stmts {
			doc, _ := json.Marshal(map[string]any{"Version": "2012-10-17", "Id": "default", "Statement": sts})
			af.Policies[q] = string(doc)
		}
		a.Functions = append(a.Functions, af)
	}
	return a
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

var judgeDay = time.Date(2026, 11, 21, 0, 0, 0, 0, time.UTC)

func judge(estates []*inventory.Estate) []rules.Finding {
	return rules.Run(estates, rules.All(), judgeDay, &rules.Config{ManagedPolicies: iampolicy.BuiltinManagedPolicies()})
}

// collectLive reads the fake account through the real SDK.
func collectLive(t *testing.T, a *awstest.Account) *inventory.Estate {
	t.Helper()
	s := awstest.New(t)
	s.ServeAccount(a)
	e, err := live.Collect(context.Background(), s.Config("us-east-1"),
		live.Options{Regions: []string{"us-east-1"}, Limits: live.NewLimits(1000), MaxBackoff: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// functionLevel projects findings on functions and roles to what both
// sources can name alike: rule, status and the resource's name.
func functionLevel(fs []rules.Finding) []string {
	var out []string
	for _, f := range fs {
		if f.Kind != rules.KindFunction && f.Kind != rules.KindFunctionURL && f.Kind != rules.KindRole {
			continue
		}
		if f.Rule.ID == "LS604" {
			continue // judged by the account's trails, which the template does not define
		}
		if f.Rule.ID == "LS123" {
			continue // a function's public-access settings: no template property holds them
		}
		out = append(out, fmt.Sprintf("%s %-7s %s %s", f.Rule.ID, f.Status, f.Kind, f.Label))
	}
	sort.Strings(out)
	return out
}

// TestTemplateAndLiveAgree: one description, read as a template and
// collected from a fake AWS endpoint, gives the same findings on every
// function and role.
func TestTemplateAndLiveAgree(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "template.yaml")
	if err := os.WriteFile(path, []byte(description.template()), 0o644); err != nil {
		t.Fatal(err)
	}
	loaded := Load([]string{path}, Options{})
	if len(loaded.Skipped) > 0 || len(loaded.Estates) != 1 {
		t.Fatalf("template not read: %v", loaded.Skipped)
	}
	fromTemplate := functionLevel(judge(loaded.Estates))
	fromLive := functionLevel(judge([]*inventory.Estate{collectLive(t, description.account())}))
	if len(fromTemplate) < 40 {
		t.Fatalf("only %d findings from the template: %q", len(fromTemplate), fromTemplate)
	}
	t.Logf("%d function, URL and role findings compared", len(fromTemplate))
	if !slices.Equal(fromTemplate, fromLive) {
		t.Errorf("template and live account disagree:\n%s", diffLines(fromTemplate, fromLive))
	}
	// The description's intent, so that agreement on nothing cannot pass.
	for _, want := range []string{
		"LS101 FAIL    function public-api", "LS101 FAIL    function aliased", "LS102 FAIL    function partner",
		"LS103 FAIL    function uploader", "LS104 FAIL    function-url aliased", "LS104 FAIL    function-url public-api",
		"LS104 PASS    function-url private-url", "LS105 FAIL    function-url public-api", "LS201 FAIL    role admin-role",
		"LS302 FAIL    function public-api", "LS501 FAIL    function partner", "LS703 FAIL    function uploader",
		"LS703 PASS    function notifier",
	} {
		if !slices.Contains(fromLive, want) {
			t.Errorf("live findings lack %q", want)
		}
	}
}

func diffLines(a, b []string) string {
	var out []string
	for _, x := range a {
		if !slices.Contains(b, x) {
			out = append(out, "template only: "+x)
		}
	}
	for _, x := range b {
		if !slices.Contains(a, x) {
			out = append(out, "live only:     "+x)
		}
	}
	return strings.Join(out, "\n")
}

// TestSnapshotRoundTripLive: collect -> snapshot JSON -> scan gives
// byte-identical JSON findings to judging the collected estate directly.
func TestSnapshotRoundTripLive(t *testing.T) {
	e := collectLive(t, description.account())
	direct := jsonFindings(t, judge([]*inventory.Estate{e}))

	var buf bytes.Buffer
	if err := snapshot.Write(&buf, &inventory.Snapshot{Tool: "lambdasec test", Estates: []*inventory.Estate{e}}); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(buf.String(), "sk_live_51HCOWu2eZvKYlo2Cp2rQw9Tz7fLkMnBvXc") {
		t.Fatal("the snapshot holds the secret variable's value")
	}
	path := filepath.Join(t.TempDir(), "snapshot.json")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	loaded := Load([]string{path}, Options{})
	if len(loaded.Skipped) > 0 || len(loaded.Estates) != 1 {
		t.Fatalf("snapshot not read: %v", loaded.Skipped)
	}
	viaSnapshot := jsonFindings(t, judge(loaded.Estates))
	if !bytes.Equal(direct, viaSnapshot) {
		t.Fatalf("findings differ after the round trip:\n%s\n---\n%s", direct, viaSnapshot)
	}
	if len(direct) < 1000 {
		t.Fatalf("suspiciously few findings: %s", direct)
	}
}

// jsonFindings renders findings as the JSON report does and returns its
// findings array.
func jsonFindings(t *testing.T, fs []rules.Finding) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := report.Write(&buf, "json", fs, report.Summary{Now: judgeDay}, report.Options{Version: "test", ShowPass: true, Rules: rules.All()}); err != nil {
		t.Fatal(err)
	}
	var rep struct {
		Findings json.RawMessage `json:"findings"`
	}
	if err := json.Unmarshal(buf.Bytes(), &rep); err != nil {
		t.Fatal(err)
	}
	return rep.Findings
}
