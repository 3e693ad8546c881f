package main

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
)

// TestScanLiveProvisionedConcurrency: scan --aws reads the provisioned
// concurrency of the fake account's tenant-isolated function (orders: the
// alias live and version 1) and LS415 names it beside the function URL.
func TestScanLiveProvisionedConcurrency(t *testing.T) {
	s := fakeAccount(t)
	code, out, stderr := runCmd(t, "scan", "--aws", "--endpoint-url", s.URL, "--format", "json", "--show-pass", "--now", "2026-11-21")
	if code != 0 {
		t.Fatalf("scan --aws exit %d: %s", code, stderr)
	}
	var rep struct {
		Findings []struct {
			RuleID, Status, Resource, Message string
			Evidence                          []struct{ Label, Value string }
		} `json:"findings"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("report is not JSON: %v", err)
	}
	var got, evidence []string
	for _, f := range rep.Findings {
		if f.RuleID == "LS415" {
			got = append(got, f.Status+" "+f.Resource+": "+f.Message)
			for _, e := range f.Evidence {
				if e.Label == "provisioned concurrency" {
					evidence = append(evidence, e.Value)
				}
			}
		}
	}
	want := "FAIL arn:aws:lambda:us-east-1:111122223333:function:orders: orders uses tenant isolation mode with function URL, provisioned concurrency"
	if len(got) != 1 || !strings.HasPrefix(got[0], want) {
		t.Errorf("LS415 findings %q, want one starting %q", got, want)
	}
	if !slices.Equal(evidence, []string{"version 1", "alias live"}) {
		t.Errorf("LS415 provisioned concurrency evidence %q, want version 1 and alias live", evidence)
	}
	if n := s.Calls()["lambda:ListProvisionedConcurrencyConfigs"]; n != 2 {
		t.Errorf("ListProvisionedConcurrencyConfigs calls %d, want 2 (two pages, orders only)", n)
	}
}
