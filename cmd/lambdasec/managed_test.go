package main

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/lambdasec/lambdasec/internal/source/live/awstest"
)

// TestManagedPoliciesSync syncs managed policies from a fake IAM endpoint
// into the cache, and checks that a scan then judges a role that attaches a
// policy the built-in table lacks, where it said UNKNOWN before.
func TestManagedPoliciesSync(t *testing.T) {
	srv := awstest.New(t)
	read := func(name string) awstest.Response {
		data, err := os.ReadFile(filepath.Join("..", "..", "internal", "source", "live", "testdata", "iam", name))
		if err != nil {
			t.Fatal(err)
		}
		return awstest.Response{ContentType: "text/xml", Body: data}
	}
	srv.Handle("iam", "ListPolicies", func(r *awstest.Request) awstest.Response {
		if r.Params.Get("Marker") == "page2" {
			return read("ListPolicies-page2.xml")
		}
		return read("ListPolicies-page1.xml")
	})
	srv.Handle("iam", "GetPolicyVersion", func(r *awstest.Request) awstest.Response {
		arn := r.Params.Get("PolicyArn")
		return read("GetPolicyVersion-" + arn[strings.LastIndexByte(arn, '/')+1:] + ".xml")
	})
	dir := t.TempDir()
	t.Setenv("LAMBDASEC_CACHE_DIR", filepath.Join(dir, "cache"))
	t.Setenv("AWS_ACCESS_KEY_ID", "AKIDTEST")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "secret")
	t.Setenv("AWS_CONFIG_FILE", filepath.Join(dir, "none"))
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", filepath.Join(dir, "none"))

	tmpl := filepath.Join(dir, "template.yaml")
	if err := os.WriteFile(tmpl, []byte(`Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Principal: {Service: lambda.amazonaws.com}, Action: sts:AssumeRole}]}
      ManagedPolicyArns: [arn:aws:iam::aws:policy/TranslateReadOnly]
  Fn:
    Type: AWS::Lambda::Function
    Properties: {Runtime: python3.13, Handler: a.b, Role: !GetAtt Role.Arn, Code: {ZipFile: x}}
`), 0o644); err != nil {
		t.Fatal(err)
	}
	scan := func() string {
		var out, errb bytes.Buffer
		run([]string{"lambdasec", "scan", "--no-color", "--show-pass", tmpl}, &out, &errb)
		return out.String()
	}
	if before := scan(); !regexp.MustCompile(`UNKNOWN  [LS0-9,]*LS201`).MatchString(before) || !strings.Contains(before, "TranslateReadOnly is not known") {
		t.Fatalf("before the sync the role should be UNKNOWN, naming the policy:\n%s", before)
	}
	var out, errb bytes.Buffer
	if code := run([]string{"lambdasec", "managed-policies", "sync", "--endpoint-url", srv.URL}, &out, &errb); code != 0 {
		t.Fatalf("sync exited %d: %s%s", code, out.String(), errb.String())
	}
	if !strings.Contains(out.String(), "wrote 2 managed policies") {
		t.Errorf("sync said %q", out.String())
	}
	after := scan()
	// LS214 rests on code analysis and CloudTrail, which no sync brings.
	if strings.Contains(strings.ReplaceAll(after, "UNKNOWN  LS214", ""), "UNKNOWN  LS2") || !strings.Contains(after, "PASS     LS201") {
		t.Errorf("after the sync the role should be judged:\n%s", after)
	}
	out.Reset()
	run([]string{"lambdasec", "managed-policies"}, &out, &errb)
	if !strings.Contains(out.String(), "2 synced from AWS") {
		t.Errorf("managed-policies said %q", out.String())
	}
}
