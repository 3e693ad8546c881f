package scan

import (
	"context"
	"testing"
	"time"

	"github.com/lambdasec/lambdasec/internal/exposure"
	"github.com/lambdasec/lambdasec/internal/inventory"
	"github.com/lambdasec/lambdasec/internal/rules"
	"github.com/lambdasec/lambdasec/internal/source/live"
	"github.com/lambdasec/lambdasec/internal/source/live/awstest"
)

// TestPartnerShopLive: the part of internal/exposure's partner-shop that a
// live account shows (functions, roles, layers; the collector does not read
// EventBridge bus or Kinesis stream policies yet) gives the same path as
// its template and its Terraform: the layer account 444455556666 publishes
// runs in partner-reports, whose role may update partner-admin's code, so
// the path goes on to partner-admin's role and full admin (high: an
// untrusted account, a takeover).
func TestPartnerShopLive(t *testing.T) {
	trust := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}`
	admin := "arn:aws:lambda:us-east-1:" + liveAccount + ":function:partner-admin"
	acct := &awstest.Account{
		ID: liveAccount,
		Functions: []awstest.Function{
			{Name: "partner-admin", Region: "us-east-1", Runtime: "python3.13", Handler: "app.handler", Role: "partner-admin"},
			{Name: "partner-reports", Region: "us-east-1", Runtime: "python3.13", Handler: "app.handler", Role: "partner-reports",
				Layers: []string{"arn:aws:lambda:us-east-1:444455556666:layer:pdf-tools:4"}},
		},
		Roles: []awstest.Role{
			{Name: "partner-admin", Trust: trust, Managed: []string{"arn:aws:iam::aws:policy/AdministratorAccess"}},
			{Name: "partner-reports", Trust: trust, Inline: map[string]string{"deploy-admin": `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"lambda:UpdateFunctionCode","Resource":"` + admin + `"}]}`}},
		},
	}
	s := awstest.New(t)
	s.ServeAccount(acct)
	e, err := live.Collect(context.Background(), s.Config("us-east-1"),
		live.Options{Regions: []string{"us-east-1"}, Limits: live.NewLimits(1000), MaxBackoff: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	var paths []rules.Finding
	for _, f := range judge([]*inventory.Estate{e}) {
		if f.Rule.ID == "LS110" && f.Status != rules.Pass {
			paths = append(paths, f)
		}
	}
	if len(paths) != 1 {
		for _, p := range paths {
			t.Logf("%s %s %s", p.Status, p.Resource, p.Message)
		}
		t.Fatalf("%d paths, want 1", len(paths))
	}
	p := paths[0]
	if p.Status != rules.Fail || p.Path.Entry.EntryKind != exposure.EntryLayer || p.Path.Function.Label != "partner-reports" ||
		p.Path.Via == nil || p.Path.Via.Label != "partner-admin" || p.Path.Impact != exposure.ImpactAdmin || p.Path.Severity != "high" {
		t.Errorf("path %s %s: %s", p.Status, p.Resource, p.Message)
	}
	for _, h := range p.Path.Hops[1:] {
		if h.Source.ARN == "" {
			t.Errorf("hop %s has no ARN", h.Label)
		}
	}
}
