package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/lambdasec/lambdasec/internal/source/live/awstest"
)

// TestScanLiveMaxDuration: against an endpoint that throttles GetPolicy
// for ever, scan --aws --max-duration ends with a report instead of
// retrying without end; the run summary names the calls that timed out,
// and the rule that needs the policy says UNKNOWN. The SDK's
// connection-reuse warnings do not reach the user.
func TestScanLiveMaxDuration(t *testing.T) {
	s := fakeAccount(t)
	s.Handle("lambda", "GetPolicy", func(r *awstest.Request) awstest.Response { return awstest.Throttle(r) })
	code, out, stderr := runCmd(t, "scan", "--aws", "--endpoint-url", s.URL, "--max-duration", "1500ms", "--format", "json", "--show-pass", "--now", "2026-11-21")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stderr, "not read: lambda:GetPolicy timed out for") || !strings.Contains(stderr, "time limit of 1.5s") {
		t.Errorf("stderr does not say what timed out and why:\n%s", stderr)
	}
	if strings.Contains(stderr, "failed to discard remaining HTTP response body") {
		t.Errorf("the SDK's connection-reuse warning reached the user:\n%s", stderr)
	}
	var rep struct {
		Findings []struct {
			RuleID, Status, Resource, Message string
		} `json:"findings"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, f := range rep.Findings {
		if f.RuleID == "LS101" {
			n++
			if f.Status != "UNKNOWN" {
				t.Errorf("LS101 %s: %s (%s), want UNKNOWN", f.Resource, f.Status, f.Message)
			}
		}
	}
	if n == 0 {
		t.Error("no LS101 result at all")
	}

	if code, _, stderr := runCmd(t, "scan", "--aws", "--endpoint-url", s.URL, "--max-duration", "0s"); code != 2 || !strings.Contains(stderr, "--max-duration must be positive") {
		t.Errorf("--max-duration 0s: exit %d, %s", code, stderr)
	}
}
