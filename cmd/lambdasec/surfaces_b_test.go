package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

// surfacesBRules are the checks of Lambda's 2024–2026 settings
// (internal/rules/surfaces_b.go).
const surfacesBRules = "LS121,LS122,LS123,LS506,LS507,LS614,LS615,LS616,LS708"

type surfaceFinding struct {
	RuleID   string `json:"ruleId"`
	Status   string `json:"status"`
	Severity string `json:"severity"`
	Resource string `json:"resource"`
	Message  string `json:"message"`
}

// surfaceFindings runs lambdasec with args and returns its JSON findings.
func surfaceFindings(t *testing.T, wantCode int, args ...string) []surfaceFinding {
	t.Helper()
	code, out, stderr := runCmd(t, args...)
	if code != wantCode {
		t.Fatalf("%v: exit %d, want %d: %s", args, code, wantCode, stderr)
	}
	var rep struct {
		Findings []surfaceFinding `json:"findings"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("report is not JSON: %v", err)
	}
	return rep.Findings
}

// checkSurfaceFindings fails for each wanted verdict no finding gives.
func checkSurfaceFindings(t *testing.T, got []surfaceFinding, wants []surfaceFinding) {
	t.Helper()
	for _, w := range wants {
		found := false
		for _, f := range got {
			if f.RuleID == w.RuleID && f.Status == w.Status && f.Resource == w.Resource && strings.Contains(f.Message, w.Message) &&
				(w.Severity == "" || f.Severity == w.Severity) {
				found = true
				break
			}
		}
		if !found {
			t.Errorf("no %s %s %s %q (severity %q)", w.RuleID, w.Status, w.Resource, w.Message, w.Severity)
		}
	}
}

// TestScanSurfacesBExample scans the surfb section of
// examples/lambda-2026-surfaces: each surface's check gives the verdict the
// template's comments promise.
func TestScanSurfacesBExample(t *testing.T) {
	dir := filepath.Join("..", "..", "examples", "lambda-2026-surfaces")
	got := surfaceFindings(t, exitFindings, "scan", "--no-color", "--format", "json", "--show-pass", "--rule", surfacesBRules, "--fail-on", "low", dir)
	checkSurfaceFindings(t, got, []surfaceFinding{
		{RuleID: "LS708", Status: "FAIL", Resource: "SurfbCheckout", Message: "lets recursive loops run (RecursiveLoop Allow)"},
		{RuleID: "LS708", Status: "PASS", Resource: "SurfbInvoices", Message: "Terminate"},
		{RuleID: "LS506", Status: "FAIL", Severity: "low", Resource: "SurfbCheckout", Message: "pins its runtime version (UpdateRuntimeOn Manual)"},
		{RuleID: "LS614", Status: "FAIL", Resource: "SurfbCheckout", Message: "logs at DEBUG and anyone on the internet reaches it through URL of surfb-checkout"},
		{RuleID: "LS615", Status: "FAIL", Resource: "SurfbCheckout", Message: "log group /surfb/shared of surfb-checkout (shop) is shared with functions of other applications: surfb-invoices (billing)"},
		{RuleID: "LS615", Status: "FAIL", Resource: "SurfbInvoices", Message: "surfb-checkout (shop)"},
		{RuleID: "LS616", Status: "FAIL", Resource: "SurfbInvoices", Message: "keeps logs forever (no retention) and has no KMS key"},
		{RuleID: "LS507", Status: "FAIL", Resource: "SurfbVendorRuntimeFunction", Message: "published by account 999988887777"},
		{RuleID: "LS507", Status: "PASS", Resource: "SurfbOwnRuntimeFunction", Message: "runtime surfb-python-platform is published by this estate"},
		{RuleID: "LS121", Status: "FAIL", Resource: "SurfbOrphan", Message: "grants everyone invocation through a function URL of surfb-orphan, which has none"},
		{RuleID: "LS121", Status: "PASS", Resource: "SurfbCheckout", Message: "every public URL statement belongs to a URL that exists"},
		{RuleID: "LS122", Status: "UNKNOWN", Resource: "SurfbLegacy", Message: "when it was created is not in the source"},
		{RuleID: "LS122", Status: "PASS", Resource: "SurfbCheckout", Message: "grants everyone both"},
	})
	for _, f := range got {
		if f.RuleID == "LS123" {
			t.Errorf("LS123 judged a template (%s %s): no template property holds the setting", f.Status, f.Resource)
		}
	}
}

// TestScanSurfacesBLive scans the fake account: the recursion setting and
// the runtime update mode come from their own calls, and the block public
// access setting of function policies is UNKNOWN with the reason.
func TestScanSurfacesBLive(t *testing.T) {
	s := fakeAccount(t)
	got := surfaceFindings(t, 0, "scan", "--aws", "--endpoint-url", s.URL, "--format", "json", "--show-pass", "--rule", surfacesBRules, "--now", "2026-11-21")
	const fn = "arn:aws:lambda:us-east-1:111122223333:function:"
	checkSurfaceFindings(t, got, []surfaceFinding{
		{RuleID: "LS708", Status: "FAIL", Resource: fn + "thumbnail", Message: "lets recursive loops run"},
		{RuleID: "LS708", Status: "PASS", Resource: fn + "orders", Message: "Terminate"},
		{RuleID: "LS506", Status: "FAIL", Severity: "medium", Resource: fn + "worker", Message: "while functions on python3.12 that Lambda updates automatically already run arn:aws:lambda:us-east-1::runtime:8eeff65f"},
		{RuleID: "LS506", Status: "PASS", Resource: fn + "orders", Message: "Auto"},
		{RuleID: "LS122", Status: "PASS", Resource: fn + "orders:live", Message: "grants everyone both"},
		{RuleID: "LS123", Status: "UNKNOWN", Resource: fn + "orders", Message: "has no such operation"},
		{RuleID: "LS123", Status: "UNKNOWN", Resource: fn + "worker", Message: "has no such operation"},
	})
	for _, f := range got {
		if f.RuleID == "LS123" && f.Status == "FAIL" {
			t.Errorf("LS123 FAIL with no readable setting: %s", f.Message)
		}
	}
}
