package scan

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/lambdasec/lambdasec/internal/exposure"
	"github.com/lambdasec/lambdasec/internal/inventory"
	"github.com/lambdasec/lambdasec/internal/rules"
	"github.com/lambdasec/lambdasec/internal/source/live"
	"github.com/lambdasec/lambdasec/internal/source/live/awstest"
)

// shopAccount is examples/vulnerable-shop deployed: its functions and
// roles (served from Go data) and its API (recorded API Gateway answers
// in testdata/shop-live, and the receipts bucket's S3 answers there: the
// receipts function's policy names the bucket, as the S3 event's
// permission does, and the collector reads it from that name).
func shopAccount() *awstest.Account {
	trust := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}`
	apiInvoke := func(fn string) map[string]string {
		return map[string]string{"": `{"Version":"2012-10-17","Id":"default","Statement":[{"Sid":"ApiInvoke","Effect":"Allow","Principal":{"Service":"apigateway.amazonaws.com"},"Action":"lambda:InvokeFunction","Resource":"arn:aws:lambda:us-east-1:111122223333:function:` + fn + `","Condition":{"ArnLike":{"AWS:SourceArn":"arn:aws:execute-api:us-east-1:111122223333:sh0pap1001/*"}}}]}`}
	}
	fn := func(name, role string, policies map[string]string) awstest.Function {
		return awstest.Function{Name: name, Region: "us-east-1", Runtime: "python3.13", Handler: "app.handler",
			Role: role, Policies: policies}
	}
	return &awstest.Account{
		ID: liveAccount,
		Functions: []awstest.Function{
			fn("shop-authorizer", "shop-authorizer", nil),
			fn("shop-admin", "shop-admin", apiInvoke("shop-admin")),
			fn("shop-orders", "shop-orders", apiInvoke("shop-orders")),
			fn("shop-receipts", "shop-receipts", map[string]string{"": `{"Version":"2012-10-17","Id":"default","Statement":[{"Sid":"S3Invoke","Effect":"Allow","Principal":{"Service":"s3.amazonaws.com"},"Action":"lambda:InvokeFunction","Resource":"arn:aws:lambda:us-east-1:111122223333:function:shop-receipts","Condition":{"StringEquals":{"AWS:SourceAccount":"111122223333"},"ArnLike":{"AWS:SourceArn":"arn:aws:s3:::vulnerable-shop-receipts"}}}]}`}),
		},
		Roles: []awstest.Role{
			{Name: "shop-authorizer", Trust: trust, Managed: []string{"arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"}},
			{Name: "shop-admin", Trust: trust, Managed: []string{"arn:aws:iam::aws:policy/AWSLambda_FullAccess"}},
			{Name: "shop-orders", Trust: trust, Managed: []string{"arn:aws:iam::aws:policy/service-role/AWSLambdaRole"}},
			{Name: "shop-receipts", Trust: trust, Managed: []string{"arn:aws:iam::aws:policy/AmazonS3FullAccess"}},
		},
	}
}

// TestVulnerableShopLive: the example as a live account gives the same
// three top paths, in the same order, as its template and its Terraform
// (internal/exposure's TestVulnerableShopPaths): the admin route to
// escalation, the receipts bucket to data, the orders route to every
// function. The bucket path is a FAIL, as for the template: the
// collector reads the bucket's policy, which lets anyone upload.
func TestVulnerableShopLive(t *testing.T) {
	s := awstest.New(t)
	s.Fixtures("testdata/shop-live", nil)
	s.ServeAccount(shopAccount())
	e, err := live.Collect(context.Background(), s.Config("us-east-1"),
		live.Options{Regions: []string{"us-east-1"}, Limits: live.NewLimits(1000), MaxBackoff: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	fs := judge([]*inventory.Estate{e})
	var paths []rules.Finding
	for _, f := range fs {
		if f.Rule.ID == "LS110" && f.Status != rules.Pass {
			paths = append(paths, f)
		}
	}
	rankPaths(paths)
	want := []struct {
		status rules.Status
		entry  string
		fn     string
		impact exposure.Impact
	}{
		{rules.Fail, "vulnerable-shop POST /admin", "shop-admin", exposure.ImpactEscalation},
		{rules.Fail, "bucket vulnerable-shop-receipts", "shop-receipts", exposure.ImpactData},
		{rules.Fail, "vulnerable-shop GET /orders", "shop-orders", exposure.ImpactInvokeAny},
	}
	if len(paths) != len(want) {
		for _, p := range paths {
			t.Logf("%s %s %s", p.Status, p.Resource, p.Message)
		}
		t.Fatalf("%d paths, want %d", len(paths), len(want))
	}
	for i, w := range want {
		p := paths[i]
		if p.Status != w.status || p.Path.Entry.Label != w.entry || p.Path.Function.Label != w.fn || p.Path.Impact != w.impact {
			t.Errorf("path %d: %s %s -> %s -> %s; want %s %s -> %s -> %s", i+1, p.Status, p.Path.Entry.Label, p.Path.Function.Label, p.Path.Impact,
				w.status, w.entry, w.fn, w.impact)
		}
		for _, h := range p.Path.Hops[1:] {
			if h.Source.ARN == "" && h.Source.File == "" {
				t.Errorf("path %d hop %s has no location", i+1, h.Label)
			}
		}
	}
	if !strings.Contains(paths[1].Message, "anyone on the internet can write to bucket vulnerable-shop-receipts") {
		t.Errorf("the bucket path does not say anyone can write to the bucket: %s", paths[1].Message)
	}
	if !strings.Contains(paths[0].Message, "attach authorizer TokenAuthorizer") {
		t.Errorf("the admin path's cut: %s", paths[0].Message)
	}
}

// rankPaths orders LS110 findings as the reports rank them.
func rankPaths(fs []rules.Finding) {
	for i := 1; i < len(fs); i++ {
		for j := i; j > 0 && fs[j].Path.Score > fs[j-1].Path.Score; j-- {
			fs[j], fs[j-1] = fs[j-1], fs[j]
		}
	}
}
