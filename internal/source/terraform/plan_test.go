package terraform

import (
	"strings"
	"testing"

	"github.com/lambdasec/lambdasec/internal/inventory"
)

// TestLooksLikePlan recognises a plan or state by content only.
func TestLooksLikePlan(t *testing.T) {
	for _, tc := range []struct {
		data string
		want bool
	}{
		{`{"format_version":"1.2","planned_values":{"root_module":{}}}`, true},
		{`{"format_version":"1.0","values":{"root_module":{}}}`, true},
		{`{"AWSTemplateFormatVersion":"2010-09-09","Resources":{}}`, false},
		{`{"schemaVersion":1,"estates":[]}`, false},
		{`format_version: "1.2"`, false},
	} {
		if got := LooksLikePlan([]byte(tc.data)); got != tc.want {
			t.Errorf("LooksLikePlan(%s) = %v", tc.data, got)
		}
	}
}

// TestReadPlan reads values of a child module, follows a reference the
// configuration shows for a value known only after apply, and keeps any
// other such value UNKNOWN with the reason.
func TestReadPlan(t *testing.T) {
	plan := `{
  "format_version": "1.2",
  "planned_values": {"root_module": {"child_modules": [{"address": "module.app", "resources": [
    {"address": "module.app.aws_iam_role.r", "mode": "managed", "type": "aws_iam_role", "name": "r",
     "values": {"name": "app-role", "assume_role_policy": "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"sts:AssumeRole\",\"Principal\":{\"Service\":\"lambda.amazonaws.com\"}}]}"}},
    {"address": "module.app.aws_lambda_function.f", "mode": "managed", "type": "aws_lambda_function", "name": "f",
     "values": {"function_name": "app", "runtime": "python3.13", "handler": "a.b"}}
  ]}]}},
  "resource_changes": [
    {"address": "module.app.aws_lambda_function.f", "change": {"actions": ["create"], "after_unknown": {"role": true, "kms_key_arn": true, "arn": true}}}
  ],
  "configuration": {"root_module": {"module_calls": {"app": {"source": "./app", "module": {"resources": [
    {"address": "aws_lambda_function.f", "expressions": {"role": {"references": ["aws_iam_role.r.arn", "aws_iam_role.r"]}, "kms_key_arn": {"references": ["var.key"]}}}
  ]}}}}}
}`
	e, _, err := ReadPlan("plan.json", []byte(plan))
	if err != nil {
		t.Fatal(err)
	}
	if len(e.Functions) != 1 || len(e.Roles) != 1 {
		t.Fatalf("%d functions, %d roles", len(e.Functions), len(e.Roles))
	}
	f := e.Functions[0]
	if f.Role != "module.app.aws_iam_role.r" {
		t.Errorf("role %q, want the plan's role followed through the configuration's reference", f.Role)
	}
	if g, ok := f.Gap(inventory.FieldKMSKey); !ok || !strings.Contains(g.Reason, "known only after apply") {
		t.Errorf("kms key gap %+v, want known only after apply", f.Gaps)
	}
	if f.Source.String() != "plan.json (module.app.aws_lambda_function.f)" {
		t.Errorf("source %q, want the file and the address", f.Source.String())
	}
	if _, _, err := ReadPlan("x.json", []byte(`{"format_version":"9.0","values":{}}`)); err == nil || !strings.Contains(err.Error(), "format_version 9.0") {
		t.Errorf("a future format: %v", err)
	}
}
