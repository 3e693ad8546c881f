package main

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestScanLivePosture: scan --aws against the fake account judges the
// detection posture (LS603-LS613) from what the collector read, with
// PASS, FAIL and UNKNOWN verdicts for the reasons the fixtures set up.
func TestScanLivePosture(t *testing.T) {
	s := fakeAccount(t)
	code, out, stderr := runCmd(t, "scan", "--aws", "--endpoint-url", s.URL, "--format", "json", "--show-pass", "--now", "2026-11-21")
	if code != 0 {
		t.Fatalf("scan --aws exit %d: %s", code, stderr)
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
	got := map[string]bool{}
	for _, f := range rep.Findings {
		if strings.HasPrefix(f.RuleID, "LS6") && f.RuleID >= "LS603" {
			got[f.RuleID+" "+f.Status+" "+f.Resource+" "+f.Message] = true
		}
	}
	const fn = "arn:aws:lambda:us-east-1:111122223333:function:"
	for _, want := range []struct{ rule, status, resource, message string }{
		// management-events is multi-region, logging, with management events.
		{"LS603", "PASS", "111122223333", "multi-region trail management-events"},
		// management-events selects orders and worker by ARN; lambda-data
		// selects every function of us-east-1 but is stopped, and the
		// selectors of org-trail were denied: thumbnail is UNKNOWN.
		{"LS604", "PASS", fn + "orders", "trail management-events records Lambda data events (Invoke) for orders"},
		{"LS604", "UNKNOWN", fn + "thumbnail", "trail org-trail (cloudtrail:GetEventSelectors was denied (AccessDeniedException)) cannot be judged whole"},
		{"LS605", "FAIL", "arn:aws:cloudtrail:us-west-2:111122223333:trail/lambda-data", "does not validate its log files"},
		{"LS605", "PASS", "arn:aws:cloudtrail:us-east-1:111122223333:trail/management-events", "log file validation is on"},
		{"LS606", "PASS", "arn:aws:cloudtrail:us-east-1:111122223333:trail/management-events", "encrypted with KMS key"},
		{"LS606", "FAIL", "arn:aws:cloudtrail:us-east-1:999988887777:trail/org-trail", "S3-managed keys only"},
		// The AddPermission filter matches the bare name; the URL filter
		// matches the versioned one but has no alarm.
		{"LS607", "FAIL", "111122223333", `matches only the bare name "AddPermission", but CloudTrail records AddPermission20150331v2`},
		{"LS607", "FAIL", "111122223333", "lambda-url-created on CloudTrail/management-events matches it but no alarm watches its metric"},
		// orders' URL has no auth (LS104); it has an Errors alarm only.
		{"LS608", "FAIL", fn + "orders", "no alarm on Invocations, Throttles"},
		// worker's policy could not be read (GetPolicy denied): its
		// exposure is unknown, and it has a Throttles alarm only.
		{"LS608", "UNKNOWN", fn + "worker", "whether worker is exposed could not be told"},
		{"LS609", "PASS", fn + "orders", "keeps logs 30 days"},
		{"LS609", "FAIL", fn + "thumbnail", "keeps logs forever"},
		{"LS610", "PASS", fn + "orders", "is encrypted with KMS key"},
		{"LS610", "FAIL", fn + "worker", "does not exist yet"},
		{"LS611", "PASS", "arn:aws:lambdasec:us-east-1:111122223333:settings", "records AWS::Lambda::Function"},
		{"LS612", "FAIL", "arn:aws:lambdasec:us-east-1:111122223333:settings", "Lambda code scanning is off in us-east-1"},
		{"LS613", "PASS", "arn:aws:lambdasec:us-east-1:111122223333:settings", "Lambda Protection is on"},
	} {
		found := false
		for k := range got {
			if strings.HasPrefix(k, want.rule+" "+want.status+" "+want.resource+" ") && strings.Contains(k, want.message) {
				found = true
			}
		}
		if !found {
			t.Errorf("no %s %s for %s saying %q", want.rule, want.status, want.resource, want.message)
		}
	}
	if t.Failed() {
		for k := range got {
			t.Log(k)
		}
	}
}
