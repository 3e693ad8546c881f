package live

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	cttypes "github.com/aws/aws-sdk-go-v2/service/cloudtrail/types"

	"github.com/lambdasec/lambdasec/internal/inventory"
	"github.com/lambdasec/lambdasec/internal/rules"
	"github.com/lambdasec/lambdasec/internal/source/live/awstest"
)

// servicesStatus runs the named rules on e and returns "ID resource" ->
// status.
func servicesStatus(e *inventory.Estate, ids ...string) map[string]rules.Status {
	var rs []*rules.Rule
	for _, r := range rules.All() {
		if slices.Contains(ids, r.ID) {
			rs = append(rs, r)
		}
	}
	out := map[string]rules.Status{}
	for _, f := range rules.Run([]*inventory.Estate{e}, rs, time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC), nil) {
		out[f.Rule.ID+" "+f.Resource] = f.Status
	}
	return out
}

func ruleLine(r inventory.SGRule) string {
	return fmt.Sprintf("%s %d-%d %s%s%s %s", r.Protocol, r.FromPort, r.ToPort, r.CIDRv4, r.CIDRv6, r.Peer, r.Source.ARN)
}

// TestCollectNetwork reads the fixture account's subnet, security group
// and VPC endpoints, and checks that LS401 and LS402 judge thumbnail (one
// subnet, a group open to the internet on 443) as they would a template.
func TestCollectNetwork(t *testing.T) {
	e := collectFixture(t, fixtureServer(t))
	const sgARN = "arn:aws:ec2:us-east-1:111122223333:security-group/sg-0aaa"
	if len(e.Subnets) != 1 {
		t.Fatalf("subnets %+v", e.Subnets)
	}
	s := e.Subnets[0]
	if s.ID != "arn:aws:ec2:us-east-1:111122223333:subnet/subnet-0aaa" || s.Name != "subnet-0aaa" || s.AvailabilityZone != "us-east-1a" ||
		s.VPC != "vpc-0abc" || s.CIDR != "10.0.1.0/24" || s.Tags["Name"] != "private-a" || len(s.Gaps) != 0 {
		t.Errorf("subnet %+v", s)
	}
	if len(e.SecurityGroups) != 1 {
		t.Fatalf("security groups %+v", e.SecurityGroups)
	}
	g := e.SecurityGroups[0]
	if g.ID != sgARN || g.Name != "sg-0aaa" || g.VPC != "vpc-0abc" {
		t.Errorf("security group %+v", g.Resource)
	}
	var in, out []string
	for _, r := range g.Ingress {
		in = append(in, ruleLine(r))
	}
	for _, r := range g.Egress {
		out = append(out, ruleLine(r))
	}
	wantIn := []string{"tcp 443-443 ::/0 " + sgARN, "tcp 443-443 0.0.0.0/0 " + sgARN, "tcp 5432-5432 sg-0bbb " + sgARN}
	wantOut := []string{"-1 0-65535 0.0.0.0/0 " + sgARN, "tcp 443-443 pl-63a5400a " + sgARN}
	if !slices.Equal(in, wantIn) || !slices.Equal(out, wantOut) {
		t.Errorf("ingress\n got %q\nwant %q\negress\n got %q\nwant %q", in, wantIn, out, wantOut)
	}
	if g.Ingress[1].Description != "https from anywhere" || g.Ingress[2].Description != "from the app tier" {
		t.Errorf("rule descriptions: %+v", g.Ingress)
	}

	var eps []string
	for _, v := range e.VPCEndpoints {
		eps = append(eps, v.Name+" "+v.Type+" "+v.ServiceName+" "+v.VPC+" "+strings.Join(v.Subnets, ","))
		if v.Policy == nil || !json.Valid(v.Policy.Document) {
			t.Errorf("endpoint %s policy %+v", v.Name, v.Policy)
		}
	}
	wantEps := []string{
		"vpce-0s3 Gateway com.amazonaws.us-east-1.s3 vpc-0abc ",
		"vpce-0sm Interface com.amazonaws.us-east-1.secretsmanager vpc-0abc subnet-0aaa,subnet-0bbb",
	}
	if !slices.Equal(eps, wantEps) {
		t.Errorf("endpoints\n got %q\nwant %q", eps, wantEps)
	}
	if e.VPCEndpoints[0].ID != "arn:aws:ec2:us-east-1:111122223333:vpc-endpoint/vpce-0s3" {
		t.Errorf("endpoint ID %s", e.VPCEndpoints[0].ID)
	}

	ix := inventory.NewIndex(e)
	if ix.Subnet("subnet-0aaa") != s || ix.SecurityGroup("sg-0aaa") != g {
		t.Error("the index does not find the subnet and group by the IDs a function's VPC configuration holds")
	}
	const thumb = "arn:aws:lambda:us-east-1:111122223333:function:thumbnail"
	got := servicesStatus(e, "LS401", "LS402")
	want := map[string]rules.Status{"LS401 " + thumb: rules.Fail, "LS402 " + thumb: rules.Fail}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s: %s, want %s (all results %v)", k, got[k], v, got)
		}
	}
}

// TestCollectDataAndMonitoring checks secrets (two pages), trails (basic
// and advanced selectors, a shadow trail, a denied GetEventSelectors),
// detection settings, alarms (CBOR) and log groups (two pages).
func TestCollectDataAndMonitoring(t *testing.T) {
	e := collectFixture(t, fixtureServer(t))

	var secs []string
	for _, s := range e.Secrets {
		secs = append(secs, fmt.Sprintf("%s rot=%v days=%d kms=%s src=%s", s.Name, s.RotationEnabled, s.RotationDays, s.KMSKey, s.Rotation.ARN))
	}
	wantSecs := []string{
		"orders/db-password rot=true days=30 kms=arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab src=arn:aws:secretsmanager:us-east-1:111122223333:secret:orders/db-password-AbCdEf",
		"stripe-api-key rot=false days=0 kms= src=",
	}
	if !slices.Equal(secs, wantSecs) {
		t.Errorf("secrets (both pages)\n got %q\nwant %q", secs, wantSecs)
	}
	if e.Secrets[0].Tags["team"] != "payments" {
		t.Errorf("secret tags %v", e.Secrets[0].Tags)
	}
	got := servicesStatus(e, "LS303")
	if got["LS303 "+e.Secrets[0].ID] != rules.Pass || got["LS303 "+e.Secrets[1].ID] != rules.Fail {
		t.Errorf("LS303 %v", got)
	}

	byName := map[string]*inventory.Trail{}
	var names []string
	for _, tr := range e.Trails {
		byName[tr.Name] = tr
		names = append(names, tr.Name)
	}
	if !slices.Equal(names, []string{"management-events", "org-trail", "lambda-data"}) {
		t.Fatalf("trails %q (by ARN)", names)
	}
	m := byName["management-events"]
	if m.ID != "arn:aws:cloudtrail:us-east-1:111122223333:trail/management-events" || !m.MultiRegion || !m.Logging || !m.ManagementEvents || len(m.Gaps) != 0 {
		t.Errorf("management-events %+v", m)
	}
	wantDR := []inventory.DataResource{
		{Type: "AWS::Lambda::Function", Values: []string{"arn:aws:lambda:us-east-1:111122223333:function:orders", "arn:aws:lambda:us-east-1:111122223333:function:worker"}},
		{Type: "AWS::S3::Object", Values: []string{"arn:aws:s3:::uploads-111122223333/"}},
	}
	if fmt.Sprint(m.DataResources) != fmt.Sprint(wantDR) {
		t.Errorf("basic selectors %+v, want %+v", m.DataResources, wantDR)
	}
	d := byName["lambda-data"]
	if d.Region != "us-west-2" || d.Logging || !d.ManagementEvents || len(d.DataResources) != 1 ||
		d.DataResources[0].Type != "AWS::Lambda::Function" || len(d.DataResources[0].Values) != 0 ||
		!slices.Equal(d.DataResources[0].Prefixes, []string{"arn:aws:lambda:us-east-1:111122223333:function:"}) || d.DataResources[0].Partial != "" {
		t.Errorf("lambda-data (advanced selectors, read from us-east-1 as its home region is not collected) %+v", d)
	}
	o := byName["org-trail"]
	if g, ok := o.Gap(inventory.FieldEventSelectors); !ok || g.Kind != inventory.GapDenied || g.Call != "cloudtrail:GetEventSelectors" {
		t.Errorf("org-trail GetEventSelectors denial not recorded: %+v", o.Gaps)
	}
	if !o.Logging || o.ManagementEvents || o.DataResources != nil {
		t.Errorf("org-trail %+v", o)
	}
	if !slices.Contains(e.Unread(), "cloudtrail:GetEventSelectors denied for 1 trail in us-east-1") {
		t.Errorf("run summary %q lacks the GetEventSelectors denial", e.Unread())
	}
	for k, n := range map[string]int{
		"cloudtrail:GetTrailStatus": 3, "cloudtrail:GetEventSelectors": 3, "secrets manager:ListSecrets": 2,
		"cloudwatch logs:DescribeLogGroups": 2, "ec2:DescribeSubnets": 1, "guardduty:GetDetector": 1, "kms:DescribeKey": 0,
	} {
		if e.Calls[k] != n {
			t.Errorf("calls of %s: %d, want %d", k, e.Calls[k], n)
		}
	}

	if len(e.Settings) != 1 {
		t.Fatalf("settings %+v", e.Settings)
	}
	st := e.Settings[0]
	for name, p := range map[string]*bool{"configRecorder": st.ConfigRecorder, "inspectorLambda": st.InspectorLambda, "guardDutyLambda": st.GuardDutyLambda} {
		if p == nil || !*p {
			t.Errorf("%s = %v, want true", name, p)
		}
	}
	if st.InspectorLambdaCode == nil || *st.InspectorLambdaCode {
		t.Errorf("inspectorLambdaCode = %v, want false", st.InspectorLambdaCode)
	}
	if len(st.Gaps) != 0 {
		t.Errorf("settings gaps %+v", st.Gaps)
	}

	var alarms []string
	for _, a := range e.Alarms {
		alarms = append(alarms, a.Name+" "+a.Namespace+" "+a.MetricName+" "+a.Dimensions["FunctionName"]+" "+a.ID)
	}
	wantAlarms := []string{
		// An alarm on a custom metric (a metric filter's count) is kept for LS607.
		"lambda-add-permission CloudTrailMetrics LambdaAddPermission  arn:aws:cloudwatch:us-east-1:111122223333:alarm:lambda-add-permission",
		"orders-errors AWS/Lambda Errors orders arn:aws:cloudwatch:us-east-1:111122223333:alarm:orders-errors",
		"worker-throttle-ratio AWS/Lambda Throttles worker arn:aws:cloudwatch:us-east-1:111122223333:alarm:worker-throttle-ratio",
	}
	if !slices.Equal(alarms, wantAlarms) {
		t.Errorf("alarms (not the EC2 one)\n got %q\nwant %q", alarms, wantAlarms)
	}

	var groups []string
	for _, g := range e.LogGroups {
		groups = append(groups, fmt.Sprintf("%s %s days=%d kms=%s", g.ID, g.Name, g.RetentionDays, g.KMSKey))
	}
	wantGroups := []string{
		"arn:aws:logs:us-east-1:111122223333:log-group:/aws/lambda/orders /aws/lambda/orders days=30 kms=arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
		"arn:aws:logs:us-east-1:111122223333:log-group:/aws/lambda/thumbnail /aws/lambda/thumbnail days=0 kms=",
	}
	if !slices.Equal(groups, wantGroups) {
		t.Errorf("log groups (both pages, not the deleted function's)\n got %q\nwant %q", groups, wantGroups)
	}
}

// testRegion is a region of the fixture account whose functions are fns,
// talking to s, for collectors that read what the functions use.
func testRegion(s *awstest.Server, fns ...*inventory.Function) *region {
	opts := fastOptions("us-east-1")
	opts.defaults()
	a := &account{opts: opts, id: "111122223333", est: &inventory.Estate{Kind: inventory.KindAccount, Name: "111122223333"}}
	a.cfg = opts.Limits.Configure(s.Config("us-east-1"), a.id, opts.MaxAttempts, opts.MaxBackoff)
	r := &region{account: a, name: "us-east-1", sem: make(chan struct{}, opts.Concurrency), functions: fns}
	r.cfg = a.cfg.Copy()
	return r
}

func keyARN(id string) string { return "arn:aws:kms:us-east-1:111122223333:key/" + id }

// TestCollectKeys reads the keys of functions through fixtures under
// testdata/keys: a customer managed key with rotation and policy, an AWS
// managed key (kept with its manager only), a key that no longer exists, a key
// DescribeKey may not read, a key whose policy is denied, and a key of
// another account.
func TestCollectKeys(t *testing.T) {
	s := awstest.New(t)
	s.Fixtures("testdata/keys", nil)
	other := "arn:aws:kms:us-east-1:444455556666:key/0000aaaa-0000-0000-0000-00000000000e"
	var fns []*inventory.Function
	for i, k := range []string{keyARN("1111aaaa-0000-0000-0000-00000000000a"), keyARN("2222aaaa-0000-0000-0000-00000000000b"),
		keyARN("3333aaaa-0000-0000-0000-00000000000c"), keyARN("4444aaaa-0000-0000-0000-00000000000d"), keyARN("5555aaaa-0000-0000-0000-00000000000f"), other} {
		fns = append(fns, &inventory.Function{Resource: inventory.Resource{ID: fmt.Sprint("fn", i), Name: fmt.Sprint("fn", i)}, KMSKey: k})
	}
	fns = append(fns, &inventory.Function{Resource: inventory.Resource{ID: "shares-a-key"}, KMSKey: fns[0].KMSKey})
	r := testRegion(s, fns...)
	r.collectKeys(context.Background())
	if u := s.Unhandled(); len(u) > 0 {
		t.Fatalf("requests without a fixture: %v", u)
	}
	normalize(r.est)
	byName := map[string]*inventory.KMSKey{}
	var names []string
	for _, k := range r.est.KMSKeys {
		byName[k.Name] = k
		names = append(names, k.Name)
	}
	want := []string{"1111aaaa-0000-0000-0000-00000000000a", "2222aaaa-0000-0000-0000-00000000000b", "3333aaaa-0000-0000-0000-00000000000c",
		"4444aaaa-0000-0000-0000-00000000000d", "0000aaaa-0000-0000-0000-00000000000e"}
	slices.Sort(want)
	slices.Sort(names)
	if !slices.Equal(names, want) {
		t.Fatalf("keys %q, want %q (not the deleted key 5555…)", names, want)
	}
	if k := byName["2222aaaa-0000-0000-0000-00000000000b"]; k.Manager != inventory.KeyManagerAWS || k.Policy != nil || len(k.Gaps) != 0 {
		t.Errorf("AWS managed key %+v: want Manager AWS, nothing more read", k)
	}
	ok := byName["1111aaaa-0000-0000-0000-00000000000a"]
	if ok.ID != fns[0].KMSKey || ok.Manager != inventory.KeyManagerCustomer || ok.Origin != "AWS_KMS" || !ok.RotationEnabled || ok.Policy == nil || !json.Valid(ok.Policy.Document) || len(ok.Gaps) != 0 {
		t.Errorf("customer managed key %+v", ok)
	}
	if ix := inventory.NewIndex(r.est); ix.KMSKey(fns[0].KMSKey) != ok {
		t.Error("the index does not find the key by the ARN the function holds")
	}
	denied := byName["3333aaaa-0000-0000-0000-00000000000c"]
	if g, found := denied.Gap(inventory.FieldRotation); !found || g.Kind != inventory.GapDenied || g.Call != "kms:DescribeKey" || denied.ID != fns[2].KMSKey {
		t.Errorf("DescribeKey denial: %+v", denied)
	}
	pol := byName["4444aaaa-0000-0000-0000-00000000000d"]
	if g, found := pol.Gap(inventory.FieldPermissions); !found || g.Kind != inventory.GapDenied || g.Call != "kms:GetKeyPolicy" || pol.RotationEnabled || pol.Policy != nil {
		t.Errorf("GetKeyPolicy denial: %+v", pol)
	}
	if _, found := pol.Gap(inventory.FieldRotation); found {
		t.Errorf("rotation of 4444… was read, yet has a gap: %+v", pol.Gaps)
	}
	x := byName["0000aaaa-0000-0000-0000-00000000000e"]
	if g, found := x.Gap(inventory.FieldPermissions); !found || x.Policy != nil || !x.RotationEnabled || !strings.Contains(g.Reason, "444455556666") {
		t.Errorf("key of another account: %+v", x)
	}
	calls := r.opts.Limits.Calls()
	if calls["kms:DescribeKey"] != 6 || calls["kms:GetKeyPolicy"] != 2 || calls["kms:GetKeyRotationStatus"] != 3 {
		t.Errorf("calls %v: want DescribeKey once per key, GetKeyPolicy only for the account's customer keys", calls)
	}
}

// TestCollectNetworkDenied: subnet IDs go to DescribeSubnets in batches of
// at most 200; a batch that is denied leaves its subnets in the estate
// with a Gap, so LS401 says UNKNOWN, while a subnet AWS no longer has is
// simply absent; denied security groups make LS402 UNKNOWN.
func TestCollectNetworkDenied(t *testing.T) {
	s := awstest.New(t)
	var subnetCalls atomic.Int32
	s.Handle("ec2", "DescribeSubnets", func(r *awstest.Request) awstest.Response {
		subnetCalls.Add(1)
		vals := filterValues(r.Params, "subnet-id")
		if len(vals) > ec2FilterValues {
			return awstest.Error(r, 400, "FilterLimitExceeded", fmt.Sprintf("%d values", len(vals)))
		}
		if slices.Contains(vals, "subnet-0249") {
			return awstest.AccessDenied(r)
		}
		return awstest.XML(r, "<subnetSet/>")
	})
	s.Handle("ec2", "DescribeSecurityGroups", func(r *awstest.Request) awstest.Response { return awstest.AccessDenied(r) })
	var subnets []string
	for i := 0; i < 250; i++ {
		subnets = append(subnets, fmt.Sprintf("subnet-%04d", i))
	}
	f := &inventory.Function{Resource: inventory.Resource{ID: "arn:aws:lambda:us-east-1:111122223333:function:wide", Name: "wide"},
		VPC: &inventory.VPCConfig{SubnetIDs: subnets, SecurityGroupIDs: []string{"sg-0aaa"}}}
	r := testRegion(s, f)
	r.collectNetwork(context.Background())
	if u := s.Unhandled(); len(u) > 0 {
		t.Fatalf("unhandled: %v (no VPC is known, so no endpoint listing)", u)
	}
	if subnetCalls.Load() != 2 {
		t.Errorf("DescribeSubnets calls %d, want 2 batches", subnetCalls.Load())
	}
	e := r.est
	e.Functions = []*inventory.Function{f}
	normalize(e)
	if len(e.Subnets) != 50 || e.Subnets[0].Name != "subnet-0200" {
		t.Fatalf("%d subnets kept, want the 50 of the denied batch", len(e.Subnets))
	}
	if g, ok := e.Subnets[0].Gap(inventory.FieldAvailabilityZone); !ok || g.Kind != inventory.GapDenied || g.Call != "ec2:DescribeSubnets" {
		t.Errorf("subnet gap %+v", e.Subnets[0].Gaps)
	}
	if len(e.SecurityGroups) != 1 || e.SecurityGroups[0].Name != "sg-0aaa" {
		t.Fatalf("security groups %+v", e.SecurityGroups)
	}
	got := servicesStatus(e, "LS401", "LS402")
	for _, id := range []string{"LS401 " + f.ID, "LS402 " + f.ID} {
		if got[id] != rules.Unknown {
			t.Errorf("%s: %s, want UNKNOWN", id, got[id])
		}
	}
	if !slices.Contains(e.Unread(), "ec2:DescribeSecurityGroups denied for 1 security group in us-east-1") {
		t.Errorf("summary %q", e.Unread())
	}
}

// filterValues returns the values of the EC2 filter named name in Query
// parameters (Filter.N.Name, Filter.N.Value.M).
func filterValues(p url.Values, name string) []string {
	var out []string
	for i := 1; p.Get(fmt.Sprintf("Filter.%d.Name", i)) != ""; i++ {
		if p.Get(fmt.Sprintf("Filter.%d.Name", i)) != name {
			continue
		}
		for j := 1; p.Get(fmt.Sprintf("Filter.%d.Value.%d", i, j)) != ""; j++ {
			out = append(out, p.Get(fmt.Sprintf("Filter.%d.Value.%d", i, j)))
		}
	}
	return out
}

// TestCollectSettingsDenied: each detection service that cannot be read
// leaves its setting nil with a Gap naming the call.
func TestCollectSettingsDenied(t *testing.T) {
	s := awstest.New(t)
	deny := func(r *awstest.Request) awstest.Response { return awstest.AccessDenied(r) }
	s.Handle("config", "DescribeConfigurationRecorderStatus", deny)
	s.Handle("guardduty", "ListDetectors", deny)
	s.Handle("inspector2", "BatchGetAccountStatus", func(r *awstest.Request) awstest.Response {
		return awstest.JSON(r, map[string]any{"accounts": []any{}, "failedAccounts": []any{
			map[string]any{"accountId": "111122223333", "errorCode": "ACCESS_DENIED", "errorMessage": "denied", "status": "DISABLED"}}})
	})
	r := testRegion(s)
	r.collectSettings(context.Background())
	if u := s.Unhandled(); len(u) > 0 {
		t.Fatalf("unhandled: %v", u)
	}
	st := r.settings()
	if st.ConfigRecorder != nil || st.GuardDutyLambda != nil || st.InspectorLambda != nil || st.InspectorLambdaCode != nil {
		t.Errorf("settings read although denied: %+v", st)
	}
	for field, c := range map[string]string{
		"configRecorder": "config service:DescribeConfigurationRecorderStatus", "guardDutyLambda": "guardduty:ListDetectors",
		"inspectorLambda": "inspector2:BatchGetAccountStatus", "inspectorLambdaCode": "inspector2:BatchGetAccountStatus",
	} {
		g, ok := st.Gap(field)
		if !ok || g.Call != c {
			t.Errorf("%s: gap %+v (ok %v), want call %s", field, g, ok, c)
		}
	}
	if g, _ := st.Gap("inspectorLambda"); !strings.Contains(g.Reason, "ACCESS_DENIED") {
		t.Errorf("inspector gap reason %q", g.Reason)
	}
}

// TestEventSelectorsUnmodelled: an advanced selector that excludes
// functions by ARN cannot be said whole as a DataResource, so its data
// resource is Partial (naming the selector) rather than coverage of every
// function.
func TestEventSelectorsUnmodelled(t *testing.T) {
	tr := &inventory.Trail{}
	s := func(v string) *string { return &v }
	eventSelectors(tr, nil, []cttypes.AdvancedEventSelector{{Name: s("all but one"), FieldSelectors: []cttypes.AdvancedFieldSelector{
		{Field: s("eventCategory"), Equals: []string{"Data"}},
		{Field: s("resources.type"), Equals: []string{"AWS::Lambda::Function"}},
		{Field: s("resources.ARN"), NotStartsWith: []string{"arn:aws:lambda:us-east-1:111122223333:function:noisy"}},
	}}})
	if len(tr.DataResources) != 1 || !strings.Contains(tr.DataResources[0].Partial, `"all but one"`) {
		t.Errorf("data resources %+v", tr.DataResources)
	}
	if tr.ManagementEvents {
		t.Error("management events claimed from a data selector")
	}
}

func TestReadsTrail(t *testing.T) {
	r := &region{account: &account{opts: Options{Regions: []string{"us-east-1", "eu-west-1"}}}, name: "eu-west-1"}
	for home, want := range map[string]bool{"eu-west-1": true, "us-east-1": false, "ap-south-1": true, "": true} {
		if got := r.readsTrail(home); got != want {
			t.Errorf("readsTrail(%q) in eu-west-1 = %v, want %v", home, got, want)
		}
	}
}
