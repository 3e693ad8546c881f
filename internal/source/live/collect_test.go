package live

import (
	"context"
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/lambdasec/lambdasec/internal/inventory"
	"github.com/lambdasec/lambdasec/internal/source/live/awstest"
)

// fixtureServer is a fake account answering from testdata/account.
func fixtureServer(t testing.TB) *awstest.Server {
	s := awstest.New(t)
	s.Fixtures("testdata/account", nil, "GetPolicy", "GetLayerVersionPolicy")
	return s
}

// fastOptions collect as fast as the fake endpoint answers: rates far
// above AWS's, and no real wait between retries.
func fastOptions(regions ...string) Options {
	return Options{Regions: regions, Limits: NewLimits(1000), MaxBackoff: time.Millisecond, MaxAttempts: 12}
}

func collectFixture(t *testing.T, s *awstest.Server) *inventory.Estate {
	t.Helper()
	e, err := Collect(context.Background(), s.Config("us-east-1"), fastOptions("us-east-1"))
	if err != nil {
		t.Fatal(err)
	}
	if u := s.Unhandled(); len(u) > 0 {
		t.Fatalf("requests without a fixture: %v", u)
	}
	return e
}

func TestCollectLambdaAndIAM(t *testing.T) {
	s := fixtureServer(t)
	e := collectFixture(t, s)
	if e.Account != "111122223333" || e.Kind != inventory.KindAccount || !slices.Equal(e.Regions, []string{"us-east-1"}) {
		t.Fatalf("estate header: %q %q %v", e.Account, e.Kind, e.Regions)
	}
	var names []string
	fns := map[string]*inventory.Function{}
	for _, f := range e.Functions {
		names = append(names, f.Name)
		fns[f.Name] = f
	}
	if want := []string{"orders", "thumbnail", "worker"}; !slices.Equal(names, want) {
		t.Fatalf("functions %v, want %v (both pages of ListFunctions)", names, want)
	}
	o := fns["orders"]
	if !slices.Equal(o.Versions, []string{"1", "2"}) || len(o.Aliases) != 1 || o.Aliases[0].FunctionVersion != "2" {
		t.Errorf("orders versions %v aliases %+v", o.Versions, o.Aliases)
	}
	var quals []string
	for _, p := range o.Permissions {
		quals = append(quals, p.Qualifier)
	}
	if !slices.Equal(quals, []string{"", "live"}) {
		t.Errorf("orders policies by qualifier %q, want the function's and the alias's", quals)
	}
	if len(o.URLs) != 1 || o.URLs[0].Qualifier != "live" || o.URLs[0].AuthType != "NONE" || o.URLs[0].CORS == nil {
		t.Errorf("orders URLs %+v", o.URLs)
	}
	if o.ReservedConcurrency == nil || *o.ReservedConcurrency != 50 || o.Tags["team"] != "payments" {
		t.Errorf("GetFunction data: concurrency %v tags %v", o.ReservedConcurrency, o.Tags)
	}
	if o.CodeSigningConfig != "arn:aws:lambda:us-east-1:111122223333:code-signing-config:csc-0123456789abcdef0" {
		t.Errorf("orders code signing %q", o.CodeSigningConfig)
	}
	if o.TracingMode != "Active" || len(o.Layers) != 1 {
		t.Errorf("orders tracing %q layers %v", o.TracingMode, o.Layers)
	}
	for _, v := range o.Environment {
		if v.Name == "STRIPE_API_KEY" {
			if v.Secret == nil || strings.Contains(v.Value, "sk_live") {
				t.Errorf("secret variable kept in clear or not flagged: %+v", v)
			}
		} else if v.Secret != nil || v.Value != "orders" {
			t.Errorf("plain variable changed: %+v", v)
		}
	}
	w := fns["worker"]
	if g, ok := w.Gap(inventory.FieldPermissions); !ok || g.Kind != inventory.GapDenied || g.Call != "lambda:GetPolicy" {
		t.Errorf("worker GetPolicy denial not recorded: %+v", w.Gaps)
	}
	if w.Async == nil || w.Async.OnFailure == "" {
		t.Errorf("worker event invoke config (asked because its policy is unknown): %+v", w.Async)
	}
	th := fns["thumbnail"]
	if th.VPC == nil || th.Runtime != "nodejs16.x" || th.Timeout != 900 || th.ReservedConcurrency != nil {
		t.Errorf("thumbnail config %+v", th)
	}

	var trig []string
	for _, tr := range e.Triggers {
		trig = append(trig, tr.Type+" "+strings.TrimPrefix(tr.Function, "arn:aws:lambda:us-east-1:111122223333:function:")+" async="+
			map[bool]string{true: "y", false: "n"}[tr.Async]+" "+tr.SourceARN)
	}
	slices.Sort(trig)
	// S3's invocation of thumbnail is in its resource policy, and in the
	// notification of the bucket that policy names (buckets.go).
	// The default event bus's rules invoke orders (an event pattern)
	// and worker (a schedule), eventrules.go.
	want := []string{
		"eventbridge orders async=y arn:aws:events:us-east-1:111122223333:rule/order-placed",
		"s3 thumbnail async=y arn:aws:s3:::uploads-111122223333",
		"schedule worker async=y arn:aws:events:us-east-1:111122223333:rule/nightly-cleanup",
		"sqs worker async=n arn:aws:sqs:us-east-1:111122223333:jobs",
	}
	if !slices.Equal(trig, want) {
		t.Errorf("triggers\n got %q\nwant %q", trig, want)
	}

	var roles []string
	for _, r := range e.Roles {
		roles = append(roles, r.Name)
	}
	if !slices.Equal(roles, []string{"orders-role", "shared-role"}) {
		t.Errorf("roles %v: want the two execution roles (both GAAD pages), not unused-role", roles)
	}
	var pols []string
	for _, p := range e.ManagedPolicies {
		pols = append(pols, p.Name+"@"+p.Version)
		if !json.Valid(p.Policy.Document) || strings.Contains(string(p.Policy.Document), "%22") {
			t.Errorf("policy %s document not decoded: %s", p.Name, p.Policy.Document)
		}
	}
	if !slices.Equal(pols, []string{"uploads-rw@v2", "AWSLambdaBasicExecutionRole@v2"}) {
		t.Errorf("managed policies %v", pols)
	}
	if r := e.Roles[0]; r.TrustPolicy == nil || len(r.InlinePolicies) != 1 || !json.Valid(r.InlinePolicies[0].Document) {
		t.Errorf("orders-role policies: %+v", r)
	}
	if len(e.Layers) != 1 || e.Layers[0].Policy == nil || e.Layers[0].Version != "3" {
		t.Errorf("layers %+v", e.Layers)
	}
	if len(e.Settings) != 1 || e.Settings[0].ConcurrentExecutions == nil || *e.Settings[0].ConcurrentExecutions != 1000 {
		t.Errorf("settings %+v", e.Settings)
	}
	unread := e.Unread()
	if !slices.Contains(unread, "lambda:GetPolicy denied for 1 function in us-east-1") {
		t.Errorf("run summary %q lacks the GetPolicy denial", unread)
	}
	if e.Calls["lambda:GetPolicy"] != 6 {
		t.Errorf("GetPolicy calls %d, want 6 (orders: function, alias, 2 versions; thumbnail; worker)", e.Calls["lambda:GetPolicy"])
	}
	if e.Calls["lambda:ListFunctionEventInvokeConfigs"] != 2 {
		t.Errorf("ListFunctionEventInvokeConfigs calls %d, want 2 (thumbnail: S3 invokes it; worker: policy unknown), not orders", e.Calls["lambda:ListFunctionEventInvokeConfigs"])
	}
}

func TestCollectDeterministic(t *testing.T) {
	s := fixtureServer(t)
	a, b := collectFixture(t, s), collectFixture(t, s)
	a.Calls, b.Calls = nil, nil
	if !reflect.DeepEqual(a, b) {
		ja, _ := json.Marshal(a)
		jb, _ := json.Marshal(b)
		t.Fatalf("two collections differ:\n%s\n%s", ja, jb)
	}
}
