package needs_test

import (
	"slices"
	"testing"

	"github.com/lambdasec/lambdasec/internal/iampolicy"
	"github.com/lambdasec/lambdasec/internal/inventory"
	"github.com/lambdasec/lambdasec/internal/needs"
)

// activity is an ActivitySource that saw every function call one action.
type activity struct{ need needs.Need }

func (a activity) Activity(*inventory.Function) ([]needs.Need, bool) {
	return []needs.Need{a.need}, true
}

func TestOf(t *testing.T) {
	const acct = "111122223333"
	queue := "arn:aws:sqs:eu-west-1:" + acct + ":orders"
	dlq := "arn:aws:sqs:eu-west-1:" + acct + ":orders-dlq"
	table := &inventory.Other{Resource: inventory.Resource{ID: "arn:aws:dynamodb:eu-west-1:" + acct + ":table/orders",
		ARN: "arn:aws:dynamodb:eu-west-1:" + acct + ":table/orders", Name: "orders"}, Type: "dynamodb:table"}
	f := &inventory.Function{Resource: inventory.Resource{ID: "fn", Name: "orders-fn", Region: "eu-west-1"},
		DeadLetterTarget: dlq, Environment: []inventory.EnvVar{{Name: "TABLE", Value: "orders"}}}
	e := &inventory.Estate{Account: acct, Functions: []*inventory.Function{f}, Others: []*inventory.Other{table},
		Triggers: []*inventory.Trigger{{Function: "fn", SourceARN: queue, Type: inventory.TriggerSQS, Mapping: true}}}
	idx := inventory.NewIndex(e)

	got, complete := needs.Of(e, idx, f, nil)
	if complete {
		t.Error("complete without activity: the code's calls are not known")
	}
	for _, w := range []needs.Need{
		{Action: "logs:PutLogEvents", Resource: "arn:aws:logs:eu-west-1:" + acct + ":log-group:/aws/lambda/orders-fn:*", Reason: "its own logs"},
		{Action: "sqs:ReceiveMessage", Resource: queue, Reason: inventory.TriggerSQS + " event source " + queue},
		{Action: "sqs:SendMessage", Resource: dlq, Reason: "dead-letter queue"},
		{Action: "dynamodb:*", Resource: table.ARN, Reason: "environment variable TABLE names orders"},
	} {
		if !slices.Contains(got, w) {
			t.Errorf("missing %+v in %+v", w, got)
		}
	}
	// A function read from an account whose Region is not set: its ARN's.
	live := &inventory.Function{Resource: inventory.Resource{ID: "arn:aws:lambda:eu-west-1:" + acct + ":function:live", Name: "live"}}
	if ln, _ := needs.Of(e, idx, live, nil); ln[0].Resource != "arn:aws:logs:eu-west-1:"+acct+":log-group:/aws/lambda/live:*" {
		t.Errorf("live function's log group %q", ln[0].Resource)
	}
	if slices.ContainsFunc(got, func(n needs.Need) bool { return n.Action == "xray:PutTraceSegments" }) {
		t.Error("x-ray needed without active tracing")
	}

	seen := needs.Need{Action: "s3:GetObject", Resource: "arn:aws:s3:::b/k", Reason: "CloudTrail"}
	got, complete = needs.Of(e, idx, f, activity{seen})
	if !complete || !slices.Contains(got, seen) {
		t.Errorf("with activity: complete %v, needs %+v; want the activity added", complete, got)
	}
}

func TestServedBy(t *testing.T) {
	n := needs.Need{Action: "s3:GetObject", Resource: "arn:aws:s3:::b/k"}
	for _, c := range []struct {
		name string
		st   iampolicy.Statement
		want bool
	}{
		{"exact", iampolicy.Statement{Action: []string{"s3:GetObject"}, Resource: []string{"arn:aws:s3:::b/k"}}, true},
		{"wildcards", iampolicy.Statement{Action: []string{"s3:Get*"}, Resource: []string{"arn:aws:s3:::b/*"}}, true},
		{"other action", iampolicy.Statement{Action: []string{"s3:PutObject"}, Resource: []string{"*"}}, false},
		{"other bucket", iampolicy.Statement{Action: []string{"s3:*"}, Resource: []string{"arn:aws:s3:::c/*"}}, false},
		{"NotResource excludes it", iampolicy.Statement{Action: []string{"s3:*"}, NotResource: []string{"arn:aws:s3:::b/*"}}, false},
	} {
		if got := n.ServedBy(&c.st); got != c.want {
			t.Errorf("%s: ServedBy = %v, want %v", c.name, got, c.want)
		}
	}
}

// TestServedByDeployed checks that a template's statement serves a need
// CloudTrail saw on the deployed resource, and no other.
func TestServedByDeployed(t *testing.T) {
	queue := "arn:aws:sqs:" + inventory.RegionToken + ":" + inventory.AccountIDToken + ":" + inventory.RefToken("ExportQueue")
	st := iampolicy.Statement{Action: []string{"sqs:SendMessage"}, Resource: []string{queue}}
	for res, want := range map[string]bool{
		"arn:aws:sqs:eu-west-1:111122223333:orders-api-ExportQueue-0LK9JH8GF7DS": true,
		"arn:aws:sqs:eu-west-1:111122223333:orders-api-OtherQueue-0LK9JH8GF7DS":  false,
		"arn:aws:sns:eu-west-1:111122223333:orders-api-ExportQueue-0LK9JH8GF7DS": false,
	} {
		if got := (needs.Need{Action: "sqs:SendMessage", Resource: res}).ServedBy(&st); got != want {
			t.Errorf("%s: ServedBy = %v, want %v", res, got, want)
		}
	}
	// And the other way: a need in the template's terms, a deployed grant.
	deployed := iampolicy.Statement{Action: []string{"sqs:SendMessage"}, Resource: []string{"arn:aws:sqs:eu-west-1:111122223333:orders-api-ExportQueue-0LK9JH8GF7DS"}}
	if !(needs.Need{Action: "sqs:SendMessage", Resource: queue}).ServedBy(&deployed) {
		t.Error("a template's need not served by the deployed grant")
	}
}
