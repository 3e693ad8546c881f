package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestScanLambda2026Surfaces scans examples/lambda-2026-surfaces, a
// CloudFormation template that uses Lambda's 2025–2026 surfaces, and
// checks that each of their rules reports the resource the template sets
// up for it, with the reason.
func TestScanLambda2026Surfaces(t *testing.T) {
	dir := filepath.Join("..", "..", "examples", "lambda-2026-surfaces")
	code, out, stderr := runCmd(t, "scan", dir, "--format", "json", "--fail-on", "high", "--now", "2026-11-21")
	if code != exitFindings {
		t.Fatalf("scan exit %d, want %d (findings): %s", code, exitFindings, stderr)
	}
	if !strings.Contains(stderr, "read 1 CloudFormation/SAM template") {
		t.Errorf("stderr %q does not say the template was read", stderr)
	}
	var rep struct {
		Findings []struct {
			RuleID   string `json:"ruleId"`
			Status   string `json:"status"`
			Resource string `json:"resource"`
			Message  string `json:"message"`
		} `json:"findings"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("report is not JSON: %v", err)
	}
	for _, want := range []struct{ rule, resource, message string }{
		{"LS119", "SiteEndpoint", "AuthType ApplicationManaged"},
		{"LS110", "SiteEndpoint -> data", "call the endpoint prod of Web Function site, which runs Web Function site as role SiteRole"},
		{"LS215", "WorkflowRole", "may call lambda:CheckpointDurableExecution, lambda:GetDurableExecutionState on any function"},
		{"LS216", "SharedProvider", "operator role OperatorRole may"},
		{"LS306", "OrderWorkflow", "90 days (set) encrypted only with an AWS owned key"},
		{"LS412", "SharedProvider", "storefront is reachable from the internet and shares the provider's instances with payouts"},
		{"LS413", "SharedProvider", "encrypted only with an AWS managed key"},
		{"LS414", "ReportsApi", "no tenant isolation mode"},
		{"LS415", "CodeRunner", "tenant isolation mode with SnapStart"},
		{"LS417", "SandboxImage", "its MicroVMs have public internet access"},
	} {
		found := false
		for _, f := range rep.Findings {
			if f.RuleID == want.rule && f.Status == "FAIL" && f.Resource == want.resource && strings.Contains(f.Message, want.message) {
				found = true
				break
			}
		}
		if !found {
			t.Errorf("no FAIL %s %s %q in the report", want.rule, want.resource, want.message)
		}
	}
}

// TestMultiTenantConfig: a multi-tenant pattern in .lambdasec.yaml marks
// the functions it matches for LS414 as the tag does; a bad pattern is an
// error naming the file.
func TestMultiTenantConfig(t *testing.T) {
	dir := t.TempDir()
	tpl := `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  OrdersApi:
    Type: AWS::Lambda::Function
    Properties:
      FunctionName: orders-api
      Runtime: python3.13
      Handler: app.handler
      Role: arn:aws:iam::123456789012:role/r
      Code: {ZipFile: x}
  Billing:
    Type: AWS::Lambda::Function
    Properties:
      FunctionName: billing
      Runtime: python3.13
      Handler: app.handler
      Role: arn:aws:iam::123456789012:role/r
      Code: {ZipFile: x}
`
	writeFile(t, filepath.Join(dir, "template.yaml"), tpl)
	writeFile(t, filepath.Join(dir, "tenants.yaml"), "multi-tenant: [\"orders-*\"]\n")
	_, out, stderr := runCmd(t, "scan", dir, "--config", filepath.Join(dir, "tenants.yaml"), "--format", "json", "--show-pass", "--rule", "LS414")
	var rep struct {
		Findings []struct {
			RuleID, Status, Resource, Message string
		} `json:"findings"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("report is not JSON: %v (%s)", err, stderr)
	}
	if len(rep.Findings) != 1 || rep.Findings[0].Resource != "OrdersApi" || rep.Findings[0].Status != "FAIL" {
		t.Errorf("LS414 findings %+v, want one FAIL for OrdersApi (and none for billing)", rep.Findings)
	}
	writeFile(t, filepath.Join(dir, "bad.yaml"), "multi-tenant: [\"orders-[\"]\n")
	code, _, stderr := runCmd(t, "scan", dir, "--config", filepath.Join(dir, "bad.yaml"))
	if code == 0 || !strings.Contains(stderr, "bad.yaml: multi-tenant: \"orders-[\" is not a function name pattern") {
		t.Errorf("bad pattern: exit %d, stderr %q", code, stderr)
	}
}

func writeFile(t *testing.T, name, body string) {
	t.Helper()
	if err := os.WriteFile(name, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
}
