package main

import (
	"strings"
	"testing"

	"github.com/lambdasec/lambdasec/internal/rules"
	"github.com/lambdasec/lambdasec/internal/source/live"
)

// unusedOperations are the read calls no rule reads yet, and why they are
// collected; TestEveryReadFeedsARule fails when one gains a rule (drop it
// from here) or when a new call joins them without a reason.
var unusedOperations = map[string]string{}

// TestEveryReadFeedsARule checks what `iam-policy --explain` prints: every
// rule an operation names exists, and every read operation names one,
// except the setup calls and the calls unusedOperations lists.
func TestEveryReadFeedsARule(t *testing.T) {
	all := rules.All()
	for _, o := range live.Operations() {
		for _, id := range o.Rules {
			if rules.ByID(all, id) == nil {
				t.Errorf("%s names rule %s, which does not exist", o.Key(), id)
			}
		}
		_, setup := setupOperations[o.Action]
		_, unused := unusedOperations[o.Key()]
		switch {
		case len(o.Rules) > 0 && (setup || unused):
			t.Errorf("%s feeds %v: drop it from setupOperations/unusedOperations", o.Key(), o.Rules)
		case len(o.Rules) == 0 && !setup && !unused:
			t.Errorf("%s (%s) feeds no rule: name the rules that read what it returns, or stop calling it", o.Key(), o.Action)
		}
	}
	code, out, _ := runCmd(t, "iam-policy", "--explain")
	if code != 0 {
		t.Fatalf("iam-policy --explain exit %d", code)
	}
	for _, want := range []string{
		"ec2:DescribeVpcEndpoints",
		"feeds LS403 vpc-endpoint-extra-subnets, LS404 vpc-endpoint-policy-open, LS405 vpc-function-no-endpoint",
		"api gateway:GetDomainNames",
		"feeds LS409 api-domain-old-tls",
		"setup: finds the account and partition",
		"feeds LS301 env-without-cmk, LS307 env-key-no-rotation",
		"feeds LS307 env-key-no-rotation",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("iam-policy --explain lacks %q:\n%s", want, out)
		}
	}
}
