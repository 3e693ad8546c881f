package live

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/lambdasec/lambdasec/internal/inventory"
	"github.com/lambdasec/lambdasec/internal/rules"
	"github.com/lambdasec/lambdasec/internal/source/live/awstest"
)

const (
	fnOrders    = "arn:aws:lambda:us-east-1:111122223333:function:orders"
	fnThumbnail = "arn:aws:lambda:us-east-1:111122223333:function:thumbnail"
	fnWorker    = "arn:aws:lambda:us-east-1:111122223333:function:worker"

	ordersAPI = "arn:aws:apigateway:us-east-1::/restapis/a1b2c3d4e5"
	legacyAPI = "arn:aws:apigateway:us-east-1::/restapis/l9k8j7h6g5"
	jobsAPI   = "arn:aws:apigateway:us-east-1::/apis/h7t8p9q0r1"
	chatAPI   = "arn:aws:apigateway:us-east-1::/apis/w5s6o7c8k9"
)

// apiByID returns the estate's API with the given ID, failing the test
// when there is none.
func apiByID(t *testing.T, e *inventory.Estate, id string) *inventory.API {
	t.Helper()
	for _, a := range e.APIs {
		if a.ID == id {
			return a
		}
	}
	t.Fatalf("no API %s among %d", id, len(e.APIs))
	return nil
}

// routeLines renders routes as "METHOD PATH auth[:authorizer] [key] -> function".
func routeLines(rs []inventory.Route) []string {
	var out []string
	for _, rt := range rs {
		s := rt.Method + " " + rt.Path + " " + rt.AuthorizationType
		if rt.Authorizer != "" {
			s += ":" + rt.Authorizer
		}
		if rt.APIKeyRequired {
			s += " key"
		}
		if rt.RequestValidator != "" {
			s += " validator=" + rt.RequestValidator
		}
		s += " -> " + strings.TrimPrefix(rt.Function, "arn:aws:lambda:us-east-1:111122223333:function:")
		out = append(out, s)
	}
	return out
}

// stageLines renders stages as "name rate/burst waf=... log trace".
func stageLines(ss []inventory.Stage) []string {
	var out []string
	for _, st := range ss {
		s := st.Name
		if st.RateLimit != nil {
			s += fmt.Sprintf(" rate=%g", *st.RateLimit)
		}
		if st.BurstLimit != nil {
			s += fmt.Sprintf(" burst=%d", *st.BurstLimit)
		}
		if st.WebACL != "" {
			s += " waf=" + st.WebACL[strings.LastIndexByte(st.WebACL, '/')+1:]
		}
		if st.AccessLogging {
			s += " log"
		}
		if st.TracingEnabled {
			s += " trace"
		}
		if len(st.Gaps) > 0 {
			s += " gap=" + st.Gaps[0].Field + "/" + st.Gaps[0].Kind
		}
		out = append(out, s+" @"+st.Source.ARN)
	}
	return out
}

func TestCollectAPIGateway(t *testing.T) {
	e := collectFixture(t, fixtureServer(t))

	var ids []string
	for _, a := range e.APIs {
		ids = append(ids, a.ID+" "+a.Protocol+" "+a.Name)
	}
	want := []string{
		jobsAPI + " HTTP jobs-http",
		chatAPI + " WEBSOCKET chat-ws",
		ordersAPI + " REST orders-api",
		legacyAPI + " REST legacy-api",
	}
	if !slices.Equal(ids, want) {
		t.Fatalf("APIs (both pages of GetRestApis and of GetApis)\n got %q\nwant %q", ids, want)
	}

	t.Run("REST API", func(t *testing.T) {
		a := apiByID(t, e, ordersAPI)
		if a.ARN != ordersAPI || a.Region != "us-east-1" || a.Source.ARN != ordersAPI || a.Tags["team"] != "payments" {
			t.Errorf("header %+v", a.Resource)
		}
		if !slices.Equal(a.EndpointTypes, []string{"REGIONAL"}) || a.DisableExecuteAPIEndpoint {
			t.Errorf("endpoint %v disabled=%v", a.EndpointTypes, a.DisableExecuteAPIEndpoint)
		}
		if a.Policy == nil {
			t.Fatal("resource policy not read")
		}
		var doc struct {
			Statement []struct{ Action, Resource string }
		}
		if err := json.Unmarshal(a.Policy.Document, &doc); err != nil || len(doc.Statement) != 1 ||
			doc.Statement[0].Action != "execute-api:Invoke" || doc.Statement[0].Resource != "arn:aws:execute-api:us-east-1:111122223333:a1b2c3d4e5/*" {
			t.Errorf("policy not unescaped (%v): %s", err, a.Policy.Document)
		}
		wantRoutes := []string{
			"GET /orders CUSTOM:auth01 key validator=val001 -> orders", // qualifier :live dropped
			"POST /orders NONE -> orders",
			"DELETE /orders/{id} AWS_IAM -> orders", // second page of GetResources; AWS (non-proxy) integration
			"OPTIONS /orders/{id} NONE -> ",         // MOCK integration reaches no function
		}
		if got := routeLines(a.Routes); !slices.Equal(got, wantRoutes) {
			t.Errorf("routes\n got %q\nwant %q", got, wantRoutes)
		}
		if src := a.Routes[1].Source.ARN; src != ordersAPI+"/resources/ord3rs0001/methods/POST" {
			t.Errorf("route source %q", src)
		}
		wantStages := []string{
			"beta rate=100 burst=50 waf=a1b2c3d4-5678-90ab-cdef-EXAMPLE11111 @" + ordersAPI + "/stages/beta",
			"prod log trace @" + ordersAPI + "/stages/prod",
		}
		if got := stageLines(a.Stages); !slices.Equal(got, wantStages) {
			t.Errorf("stages\n got %q\nwant %q", got, wantStages)
		}
		var azs []string
		for _, az := range a.Authorizers {
			azs = append(azs, az.ID+" "+az.Name+" "+az.Type+" "+az.Function)
		}
		if w := []string{"auth01 orders-token CUSTOM " + fnWorker, "cog001 users COGNITO_USER_POOLS "}; !slices.Equal(azs, w) {
			t.Errorf("authorizers\n got %q\nwant %q", azs, w)
		}
		var plans []string
		for _, up := range a.UsagePlans {
			s := up.ID + " " + strings.Join(up.Stages, ",")
			if up.RateLimit != nil {
				s += fmt.Sprintf(" rate=%g burst=%d", *up.RateLimit, *up.BurstLimit)
			}
			plans = append(plans, s)
		}
		if w := []string{"up1a2b beta rate=10 burst=20", "up3c4d prod"}; !slices.Equal(plans, w) {
			t.Errorf("usage plans %q, want %q (the other API's stage left out)", plans, w)
		}
	})

	t.Run("REST API with resources denied", func(t *testing.T) {
		a := apiByID(t, e, legacyAPI)
		if !slices.Equal(a.EndpointTypes, []string{"EDGE"}) || !a.DisableExecuteAPIEndpoint || a.Policy != nil {
			t.Errorf("legacy-api %v disabled=%v policy=%v", a.EndpointTypes, a.DisableExecuteAPIEndpoint, a.Policy)
		}
		g, ok := a.Gap(inventory.FieldAuthorization)
		if !ok || g.Kind != inventory.GapDenied || g.Call != "api gateway:GetResources" || !strings.Contains(g.Reason, "denied") {
			t.Errorf("GetResources denial not recorded: %+v", a.Gaps)
		}
		if len(a.Routes) != 0 {
			t.Errorf("routes from a denied call: %+v", a.Routes)
		}
		// -1 is "not set" for API Gateway: no throttling.
		if got, w := stageLines(a.Stages), []string{"v1 @" + legacyAPI + "/stages/v1"}; !slices.Equal(got, w) {
			t.Errorf("stages %q, want %q", got, w)
		}
	})

	t.Run("HTTP API", func(t *testing.T) {
		a := apiByID(t, e, jobsAPI)
		if !slices.Equal(a.EndpointTypes, []string{"REGIONAL"}) || a.Tags["team"] != "platform" || a.Policy != nil {
			t.Errorf("jobs-http %+v", a)
		}
		wantRoutes := []string{
			"ANY $default NONE -> thumbnail", // apigateway-style URI with a stage variable qualifier
			"GET /jobs JWT:jwt0001 -> worker",
			"GET /status NONE -> ", // HTTP_PROXY integration
		}
		if got := routeLines(a.Routes); !slices.Equal(got, wantRoutes) {
			t.Errorf("routes\n got %q\nwant %q", got, wantRoutes)
		}
		if src := a.Routes[1].Source.ARN; src != jobsAPI+"/routes/rte0001" {
			t.Errorf("route source %q", src)
		}
		wantStages := []string{
			"$default rate=5 burst=10 @" + jobsAPI + "/stages/$default", // from the GET /jobs route settings
			"dev log @" + jobsAPI + "/stages/dev",
		}
		if got := stageLines(a.Stages); !slices.Equal(got, wantStages) {
			t.Errorf("stages\n got %q\nwant %q", got, wantStages)
		}
		if len(a.Authorizers) != 1 || a.Authorizers[0].ID != "jwt0001" || a.Authorizers[0].Type != inventory.AuthJWT || a.Authorizers[0].Function != "" {
			t.Errorf("authorizers %+v", a.Authorizers)
		}
	})

	t.Run("WebSocket API with stages denied", func(t *testing.T) {
		a := apiByID(t, e, chatAPI)
		if got, w := routeLines(a.Routes), []string{"ANY $connect NONE -> orders", "ANY sendmessage NONE -> orders"}; !slices.Equal(got, w) {
			t.Errorf("routes %q, want %q", got, w)
		}
		g, ok := a.Gap(inventory.FieldThrottling)
		if !ok || g.Kind != inventory.GapDenied || g.Call != "apigatewayv2:GetStages" {
			t.Errorf("GetStages denial not recorded: %+v", a.Gaps)
		}
		if len(a.Stages) != 0 {
			t.Errorf("stages from a denied call: %+v", a.Stages)
		}
	})

	t.Run("deployments", func(t *testing.T) {
		// What LS118 reads: the deployments, and the one each stage serves.
		deps := func(a *inventory.API) []string {
			var out []string
			for _, d := range a.Deployments {
				out = append(out, d.ID+" "+d.Created+" @"+d.Source.ARN)
			}
			for _, st := range a.Stages {
				out = append(out, fmt.Sprintf("stage %s -> %s auto=%v", st.Name, st.Deployment, st.AutoDeploy))
			}
			return out
		}
		for _, c := range []struct {
			api  string
			want []string
		}{
			{ordersAPI, []string{"dep000 2025-09-01T12:00:00Z @" + ordersAPI + "/deployments/dep000", "dep001 2025-10-01T12:00:00Z @" + ordersAPI + "/deployments/dep001",
				"stage beta -> dep001 auto=false", "stage prod -> dep001 auto=false"}},
			{legacyAPI, []string{"dep002 2025-10-01T12:00:00Z @" + legacyAPI + "/deployments/dep002", "stage v1 -> dep002 auto=false"}},
			// The automatic deployments of an auto-deployed stage are left out.
			{jobsAPI, []string{"stage $default -> dpl0001 auto=true", "stage dev -> dpl0001 auto=false"}},
		} {
			if got := deps(apiByID(t, e, c.api)); !slices.Equal(got, c.want) {
				t.Errorf("%s\n got %q\nwant %q", c.api, got, c.want)
			}
		}
		chat := apiByID(t, e, chatAPI)
		if g, ok := chat.Gap(inventory.FieldDeployments); !ok || g.Kind != inventory.GapDenied || g.Call != "apigatewayv2:GetDeployments" || len(chat.Deployments) != 0 {
			t.Errorf("GetDeployments denial not recorded: %+v", chat.Gaps)
		}
	})

	unread := e.Unread()
	for _, w := range []string{"api gateway:GetResources denied for 1 API in us-east-1", "apigatewayv2:GetStages denied for 1 API in us-east-1", "apigatewayv2:GetDeployments denied for 1 API in us-east-1"} {
		if !slices.Contains(unread, w) {
			t.Errorf("run summary %q lacks %q", unread, w)
		}
	}
	for op, n := range map[string]int{
		"api gateway:GetRestApis":      2, // two pages
		"api gateway:GetResources":     3, // two pages of orders-api, legacy-api denied
		"api gateway:GetStages":        2,
		"api gateway:GetAuthorizers":   2,
		"api gateway:GetUsagePlans":    1, // once for the region
		"apigatewayv2:GetApis":         2,
		"apigatewayv2:GetRoutes":       2,
		"apigatewayv2:GetIntegrations": 2,
		"apigatewayv2:GetStages":       2,
		"apigatewayv2:GetAuthorizers":  2,
		"api gateway:GetDeployments":   2,
		"apigatewayv2:GetDeployments":  2,
	} {
		if e.Calls[op] != n {
			t.Errorf("%s calls %d, want %d", op, e.Calls[op], n)
		}
	}
}

// TestCollectedCallsRegistered checks that every call a collection makes
// is registered with op, so that `lambdasec iam-policy` allows it, and
// that API Gateway's calls are allowed by apigateway:GET.
func TestCollectedCallsRegistered(t *testing.T) {
	e := collectFixture(t, fixtureServer(t))
	for key := range e.Calls {
		o, ok := OperationOf(key)
		if !ok {
			t.Errorf("call %s is not registered with op", key)
			continue
		}
		if strings.HasPrefix(key, "api gateway:") || strings.HasPrefix(key, "apigatewayv2:") {
			if o.Action != "apigateway:GET" {
				t.Errorf("%s action %q", key, o.Action)
			}
		}
	}
	policy := string(ReadOnlyPolicy(""))
	for _, a := range []string{"apigateway:GET", "elasticloadbalancing:DescribeRules", "wafv2:GetWebACLForResource"} {
		if !strings.Contains(policy, `"`+a+`"`) {
			t.Errorf("read-only policy lacks %s", a)
		}
	}
}

// TestAPIRulesOnCollectedEstate runs the API rules on the collected
// fixture account: a live estate must mean to them what a template does.
func TestAPIRulesOnCollectedEstate(t *testing.T) {
	e := collectFixture(t, fixtureServer(t))
	got := ruleResults(e, "LS107", "LS108", "LS109")
	want := map[string]rules.Status{
		"LS107 " + ordersAPI + " GET /orders":         rules.Pass,
		"LS107 " + ordersAPI + " POST /orders":        rules.Fail,
		"LS107 " + ordersAPI + " DELETE /orders/{id}": rules.Pass,
		"LS107 " + jobsAPI + " ANY $default":          rules.Fail,
		"LS107 " + jobsAPI + " GET /jobs":             rules.Pass,
		"LS107 " + chatAPI + " ANY $connect":          rules.Fail,
		"LS108 " + ordersAPI + "/beta":                rules.Pass,
		"LS108 " + ordersAPI + "/prod":                rules.Fail,
		"LS108 " + albPublic:                          rules.Fail,
		"LS109 " + ordersAPI + "/beta":                rules.Pass,
		"LS109 " + ordersAPI + "/prod":                rules.Fail,
		"LS109 " + jobsAPI + "/$default":              rules.Pass,
		"LS109 " + jobsAPI + "/dev":                   rules.Fail,
	}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("%s: %q, want %q", k, got[k], w)
		}
	}
	for k, s := range got {
		if _, ok := want[k]; !ok {
			t.Errorf("unexpected result %s: %s", k, s)
		}
	}
}

// ruleResults runs the named rules on e and returns "ID resource" ->
// status.
func ruleResults(e *inventory.Estate, ids ...string) map[string]rules.Status {
	var rs []*rules.Rule
	for _, id := range ids {
		rs = append(rs, rules.ByID(rules.All(), id))
	}
	out := map[string]rules.Status{}
	for _, f := range rules.Run([]*inventory.Estate{e}, rs, time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC), nil) {
		out[f.Rule.ID+" "+f.Resource] = f.Status
	}
	return out
}

// TestAPIGatewayFailures makes one call fail for the whole region and
// checks what is recorded, and that the rules say UNKNOWN where the
// failure hides an answer.
func TestAPIGatewayFailures(t *testing.T) {
	tests := []struct {
		name, op string
		check    func(t *testing.T, e *inventory.Estate)
	}{
		{"GetRestApis", "GetRestApis", func(t *testing.T, e *inventory.Estate) {
			wantEstateGap(t, e, "REST APIs in us-east-1", "api gateway:GetRestApis")
			for _, a := range e.APIs {
				if a.Protocol == inventory.ProtocolREST {
					t.Errorf("REST API %s read although the listing failed", a.ID)
				}
			}
			if len(e.APIs) != 2 {
				t.Errorf("HTTP/WebSocket APIs: %d, want 2", len(e.APIs))
			}
		}},
		{"GetApis", "v2:GetApis", func(t *testing.T, e *inventory.Estate) {
			wantEstateGap(t, e, "HTTP and WebSocket APIs in us-east-1", "apigatewayv2:GetApis")
			if len(e.APIs) != 2 || e.APIs[0].ID != ordersAPI {
				t.Errorf("REST APIs not read: %d APIs", len(e.APIs))
			}
		}},
		{"GetUsagePlans", "GetUsagePlans", func(t *testing.T, e *inventory.Estate) {
			wantEstateGap(t, e, "usage plans in us-east-1", "api gateway:GetUsagePlans")
			a := apiByID(t, e, ordersAPI)
			w := []string{
				"beta rate=100 burst=50 waf=a1b2c3d4-5678-90ab-cdef-EXAMPLE11111 @" + ordersAPI + "/stages/beta", // throttled by itself
				"prod log trace gap=throttling/denied @" + ordersAPI + "/stages/prod",
			}
			if got := stageLines(a.Stages); !slices.Equal(got, w) {
				t.Errorf("stages\n got %q\nwant %q", got, w)
			}
			res := ruleResults(e, "LS109")
			if s := res["LS109 "+ordersAPI+"/prod"]; s != rules.Unknown {
				t.Errorf("LS109 on prod with usage plans unread: %s, want UNKNOWN", s)
			}
			if s := res["LS109 "+ordersAPI+"/beta"]; s != rules.Pass {
				t.Errorf("LS109 on beta: %s, want PASS", s)
			}
		}},
		{"GetIntegrations", "v2:GetIntegrations", func(t *testing.T, e *inventory.Estate) {
			a := apiByID(t, e, jobsAPI)
			if g, ok := a.Gap(inventory.FieldTargets); !ok || g.Call != "apigatewayv2:GetIntegrations" || g.Kind != inventory.GapDenied {
				t.Errorf("API gap %+v", a.Gaps)
			}
			for _, rt := range a.Routes {
				if rt.Function != "" || len(rt.Gaps) != 1 || rt.Gaps[0].Field != inventory.FieldTargets {
					t.Errorf("route %s %s: function %q gaps %+v", rt.Method, rt.Path, rt.Function, rt.Gaps)
				}
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := fixtureServer(t)
			s.Handle("apigateway", tt.op, awstest.AccessDenied)
			tt.check(t, collectFixture(t, s))
		})
	}
}

// wantEstateGap fails unless e has a denied estate-wide gap for field.
func wantEstateGap(t *testing.T, e *inventory.Estate, field, call string) {
	t.Helper()
	for _, g := range e.Gaps {
		if g.Field == field {
			if g.Call != call || g.Kind != inventory.GapDenied || g.Region != "us-east-1" {
				t.Errorf("estate gap %+v", g)
			}
			return
		}
	}
	t.Errorf("no estate gap %q in %+v", field, e.Gaps)
}

func TestFunctionOfURI(t *testing.T) {
	tests := []struct{ uri, want string }{
		{"arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:111122223333:function:orders/invocations", fnOrders},
		{"arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:111122223333:function:orders:live/invocations", fnOrders},
		{"arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:111122223333:function:orders:${stageVariables.alias}/invocations", fnOrders},
		{"arn:aws-cn:apigateway:cn-north-1:lambda:path/2015-03-31/functions/arn:aws-cn:lambda:cn-north-1:111122223333:function:f/invocations", "arn:aws-cn:lambda:cn-north-1:111122223333:function:f"},
		{fnWorker, fnWorker},
		{fnWorker + ":3", fnWorker},
		{"arn:aws:apigateway:us-east-1:sqs:path/111122223333/jobs", ""},
		{"arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/layers/x", ""},
		{"https://status.example.com/health", ""},
		{"arn:aws:states:us-east-1:111122223333:stateMachine:flow", ""},
		{"", ""},
	}
	for _, tt := range tests {
		if got := functionOfURI(tt.uri); got != tt.want {
			t.Errorf("functionOfURI(%q) = %q, want %q", tt.uri, got, tt.want)
		}
	}
}

func TestRestPolicy(t *testing.T) {
	tests := []struct{ in, want string }{
		{`{"Version":"2012-10-17"}`, `{"Version":"2012-10-17"}`},
		{`{\"Version\":\"2012-10-17\",\"Statement\":[{\"Resource\":\"arn:aws:execute-api:us-east-1:1:a\/*\"}]}`,
			`{"Version":"2012-10-17","Statement":[{"Resource":"arn:aws:execute-api:us-east-1:1:a/*"}]}`},
		{`not a policy`, `"not a policy"`},
		{`{\"unterminated`, `"{\\\"unterminated"`},
	}
	for _, tt := range tests {
		got := restPolicy(tt.in)
		if string(got) != tt.want || !json.Valid(got) {
			t.Errorf("restPolicy(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
}
