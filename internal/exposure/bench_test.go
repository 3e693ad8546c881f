package exposure_test

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/lambdasec/lambdasec/internal/exposure"
	"github.com/lambdasec/lambdasec/internal/iampolicy"
	"github.com/lambdasec/lambdasec/internal/inventory"
)

// benchEstate generates an account of functions, roles and APIs: every
// tenth role is an admin, every tenth an AWSLambdaRole, every tenth holds
// AmazonS3FullAccess, the rest a scoped inline policy; functions share
// the roles in turn; each API has routes to ten functions, half of the
// APIs with an authorizer on every route; every twentieth function has a
// public URL, every fiftieth a public bucket trigger.
func benchEstate(functions, roles, apis int) *inventory.Estate {
	const acct = "123456789012"
	e := &inventory.Estate{Kind: inventory.KindAccount, Name: acct, Account: acct}
	scoped, _ := json.Marshal(map[string]any{"Version": "2012-10-17", "Statement": []any{
		map[string]any{"Effect": "Allow", "Action": []string{"dynamodb:GetItem", "dynamodb:PutItem"}, "Resource": "arn:aws:dynamodb:eu-west-1:" + acct + ":table/t"},
		map[string]any{"Effect": "Allow", "Action": "logs:*", "Resource": "*"},
	}})
	admin := []byte(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`)
	for i := range roles {
		arn := fmt.Sprintf("arn:aws:iam::%s:role/r%d", acct, i)
		r := &inventory.Role{Resource: inventory.Resource{ID: arn, ARN: arn, Name: fmt.Sprintf("r%d", i), Source: inventory.Source{ARN: arn}}}
		switch i % 10 {
		case 0:
			r.InlinePolicies = []inventory.Policy{{Name: "admin", Document: admin}}
		case 1:
			r.ManagedPolicies = []string{"arn:aws:iam::aws:policy/service-role/AWSLambdaRole"}
		case 2:
			r.ManagedPolicies = []string{"arn:aws:iam::aws:policy/AmazonS3FullAccess"}
		default:
			r.InlinePolicies = []inventory.Policy{{Name: "scoped", Document: scoped}}
		}
		e.Roles = append(e.Roles, r)
	}
	public := func(action string, cond map[string]any) inventory.Policy {
		st := map[string]any{"Effect": "Allow", "Principal": "*", "Action": action, "Resource": "*"}
		if cond != nil {
			st["Condition"] = cond
		}
		doc, _ := json.Marshal(map[string]any{"Version": "2012-10-17", "Statement": []any{st}})
		return inventory.Policy{Name: "resource policy", Document: doc}
	}
	for i := range functions {
		arn := fmt.Sprintf("arn:aws:lambda:eu-west-1:%s:function:f%d", acct, i)
		f := &inventory.Function{Resource: inventory.Resource{ID: arn, ARN: arn, Name: fmt.Sprintf("f%d", i), Region: "eu-west-1", Source: inventory.Source{ARN: arn}},
			Role: e.Roles[i%roles].ID}
		if i%20 == 0 {
			f.URLs = []inventory.FunctionURL{{AuthType: "NONE"}}
			p := public("lambda:InvokeFunctionUrl", map[string]any{"StringEquals": map[string]any{"lambda:FunctionUrlAuthType": "NONE"}})
			q := public("lambda:InvokeFunction", map[string]any{"Bool": map[string]any{"lambda:InvokedViaFunctionUrl": "true"}})
			f.Permissions = []inventory.ResourcePolicy{{Policy: p}, {Policy: q}}
		}
		if i%50 == 0 {
			b := fmt.Sprintf("bucket-%d", i)
			pol := public("s3:PutObject", nil)
			e.Others = append(e.Others, &inventory.Other{Resource: inventory.Resource{ID: "arn:aws:s3:::" + b, ARN: "arn:aws:s3:::" + b, Name: b},
				Type: inventory.TypeBucket, Policy: &pol, PublicAccessBlock: &inventory.PublicAccessBlock{}})
			e.Triggers = append(e.Triggers, &inventory.Trigger{Resource: inventory.Resource{ID: "n" + b}, Type: inventory.TriggerS3,
				Function: arn, SourceARN: "arn:aws:s3:::" + b, Async: true, Enabled: true})
		}
		e.Functions = append(e.Functions, f)
	}
	for i := range apis {
		id := fmt.Sprintf("arn:aws:apigateway:eu-west-1::/restapis/a%d", i)
		a := &inventory.API{Resource: inventory.Resource{ID: id, Name: fmt.Sprintf("api%d", i)}, Protocol: inventory.ProtocolREST, EndpointTypes: []string{"REGIONAL"}}
		auth := inventory.AuthNone
		if i%2 == 1 {
			auth = inventory.AuthCustom
			a.Authorizers = []inventory.Authorizer{{ID: "az", Type: inventory.AuthCustom}}
		}
		for j := range 10 {
			a.Routes = append(a.Routes, inventory.Route{Method: "GET", Path: fmt.Sprintf("/r%d", j),
				Function: e.Functions[(i*10+j)%functions].ID, AuthorizationType: auth})
			if auth == inventory.AuthCustom {
				a.Routes[j].Authorizer = "az"
			}
		}
		e.APIs = append(e.APIs, a)
	}
	return e
}

// BenchmarkGraphPaths builds the exposure graph and its ranked paths of an
// account of 5,000 functions, 500 roles and 300 APIs, from a fresh
// analysis each time (every policy parsed, every role judged). Issue 10's
// goal: under 2 s on one core (go test -bench GraphPaths -cpu 1
// -benchmem ./internal/exposure).
func BenchmarkGraphPaths(b *testing.B) {
	e := benchEstate(5000, 500, 300)
	managed := iampolicy.BuiltinManagedPolicies()
	b.ResetTimer()
	var paths int
	for b.Loop() {
		a := exposure.New(e, inventory.NewIndex(e), managed)
		paths = len(a.Graph(exposure.GraphOptions{}).Paths())
	}
	b.ReportMetric(float64(paths), "paths")
}

// TestBenchEstatePaths checks the generated estate has the paths the
// benchmark is meant to measure: public routes, URLs and buckets to
// admin, invoke-any and S3 roles.
func TestBenchEstatePaths(t *testing.T) {
	e := benchEstate(500, 50, 30)
	a := exposure.New(e, inventory.NewIndex(e), iampolicy.BuiltinManagedPolicies())
	ps := a.Graph(exposure.GraphOptions{}).Paths()
	kinds := map[exposure.Impact]int{}
	for _, p := range ps {
		kinds[p.Impact]++
	}
	if kinds[exposure.ImpactAdmin] == 0 || kinds[exposure.ImpactInvokeAny] == 0 || kinds[exposure.ImpactData] == 0 {
		t.Errorf("paths by impact %v: want admin, invoke-any and data paths", kinds)
	}
}
