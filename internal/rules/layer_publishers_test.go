package rules

import (
	"strings"
	"testing"
)

func TestDefaultLayerPublishers(t *testing.T) {
	pubs := DefaultLayerPublishers()
	for _, tc := range []struct {
		account, region, want string
	}{
		{"017000801446", "eu-west-1", "Powertools for AWS Lambda (Python)"},
		{"094274105915", "ap-south-2", "Powertools for AWS Lambda (TypeScript)"},
		{"434848589818", "eu-west-1", "AWS AppConfig Agent Lambda extension"},
		// An AWS account listed for another region is still AWS's.
		{"177933569100", "eu-west-1", "AWS Parameters and Secrets Lambda Extension"},
		{"580247275435", "us-east-1", "CloudWatch Lambda Insights extension"},
	} {
		p, ok := pubs.Publisher(tc.account, tc.region)
		if !ok || p.Name != tc.want {
			t.Errorf("Publisher(%s, %s) = %v, %v; want %s", tc.account, tc.region, p, ok, tc.want)
		}
	}
	if p, ok := pubs.Publisher("999988887777", "us-east-1"); ok {
		t.Errorf("an unknown account is a publisher: %+v", p)
	}
	for _, p := range pubs.Publishers {
		if !strings.HasPrefix(p.Source, "https://") {
			t.Errorf("%s: source %q is not a URL", p.Name, p.Source)
		}
	}
}

func TestParseLayerPublishersErrors(t *testing.T) {
	for _, tc := range []struct{ doc, want string }{
		{"publishers: [{name: X, source: 'https://x', checked: 2026-12-06, accounts: {us-east-1: '12345'}}]", "not a 12-digit account ID"},
		{"publishers: [{name: X, source: 'https://x', checked: 2026-12-06, accounts: {Mars: '123456789012'}}]", "not a region name"},
		{"publishers: [{name: X, source: 'https://x', checked: yesterday, accounts: {'*': '123456789012'}}]", "checked must be a date"},
		{"publishers: [{name: X, checked: 2026-12-06, accounts: {'*': '123456789012'}}]", "source must be one line"},
		{"publishers: [{name: X, source: 'https://x', checked: 2026-12-06}]", "no accounts"},
		{"publishers: {", "extra.yaml"},
	} {
		_, err := ParseLayerPublishers("extra.yaml", []byte(tc.doc))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one containing %q", tc.doc, err, tc.want)
		}
	}
	more, err := ParseLayerPublishers("extra.yaml", []byte("publishers: [{name: Vendor, source: 'https://vendor.example/layers', checked: 2026-12-06, accounts: {'*': '999988887777'}}]"))
	if err != nil {
		t.Fatal(err)
	}
	if p, ok := DefaultLayerPublishers().Merge(more).Publisher("999988887777", "eu-west-1"); !ok || p.Name != "Vendor" {
		t.Errorf("merged table does not know the added publisher: %v %v", p, ok)
	}
}
