package live

import (
	"slices"
	"testing"
	"time"

	"github.com/lambdasec/lambdasec/internal/inventory"
	"github.com/lambdasec/lambdasec/internal/rules"
	"github.com/lambdasec/lambdasec/internal/source/live/awstest"
)

const (
	domainAPI  = "arn:aws:apigateway:us-east-1::/domainnames/api.example.com"
	domainShop = "arn:aws:apigateway:us-east-1::/domainnames/shop.example.com"
)

// TestCollectDomainNames reads the custom domain names through the real
// API Gateway client and judges them with LS409, and the listeners' SSL
// policies with LS410.
func TestCollectDomainNames(t *testing.T) {
	e := collectFixture(t, fixtureServer(t))
	if len(e.DomainNames) != 2 {
		t.Fatalf("domain names %+v", e.DomainNames)
	}
	byID := map[string]*inventory.DomainName{}
	for _, d := range e.DomainNames {
		byID[d.ID] = d
	}
	api, shop := byID[domainAPI], byID[domainShop]
	if api == nil || api.Name != "api.example.com" || api.SecurityPolicy != "TLS_1_0" || api.EndpointType != "REGIONAL" ||
		api.Region != "us-east-1" || api.Tags["team"] != "payments" ||
		!slices.Equal(api.APIs, []string{"arn:aws:apigateway:us-east-1::/restapis/a1b2c3d4e5"}) {
		t.Errorf("api.example.com %+v", api)
	}
	if shop == nil || shop.SecurityPolicy != "SecurityPolicy_TLS13_1_2_2021_06" || len(shop.APIs) != 0 || len(shop.Gaps) != 0 {
		t.Errorf("shop.example.com %+v", shop)
	}
	if e.Calls["api gateway:GetDomainNames"] != 1 || e.Calls["api gateway:GetBasePathMappings"] != 2 {
		t.Errorf("calls %v", e.Calls)
	}
	got := map[string]rules.Status{}
	for _, f := range rules.Run([]*inventory.Estate{e}, rules.All(), time.Now(), nil) {
		switch f.Rule.ID {
		case "LS409", "LS410", "LS411":
			got[f.Rule.ID+" "+f.Resource] = f.Status
		}
	}
	want := map[string]rules.Status{
		"LS409 " + domainAPI:   rules.Fail,
		"LS409 " + domainShop:  rules.Pass,
		"LS410 " + listener443: rules.Pass, // ELBSecurityPolicy-TLS13-1-2-2021-06
		"LS411 " + listener80:  rules.Pass, // forwards to no function
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s: %s, want %s (all: %v)", k, got[k], v, got)
		}
	}
}

// TestDomainNameFailures makes the domain name calls fail.
func TestDomainNameFailures(t *testing.T) {
	s := fixtureServer(t)
	s.Handle("apigateway", "GetDomainNames", awstest.AccessDenied)
	e := collectFixture(t, s)
	wantEstateGap(t, e, "API Gateway custom domain names in us-east-1", "api gateway:GetDomainNames")
	if len(e.DomainNames) != 0 {
		t.Errorf("domain names %+v", e.DomainNames)
	}

	s = fixtureServer(t)
	s.Handle("apigateway", "GetBasePathMappings", awstest.AccessDenied)
	e = collectFixture(t, s)
	for _, d := range e.DomainNames {
		if g, ok := d.Gap(inventory.FieldTargets); !ok || g.Kind != inventory.GapDenied || len(d.APIs) != 0 {
			t.Errorf("%s: gaps %+v, APIs %v", d.ID, d.Gaps, d.APIs)
		}
		if d.SecurityPolicy == "" {
			t.Errorf("%s: security policy lost with the mappings", d.ID)
		}
	}
}
