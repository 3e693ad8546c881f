package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lambdasec/lambdasec/internal/source/live"
	"github.com/lambdasec/lambdasec/internal/source/live/awstest"
)

// fakeAccount starts the fake AWS endpoint answering from the collector's
// fixture account, and points the standard credential chain at static
// test credentials (no shared config, no instance metadata).
func fakeAccount(t *testing.T) *awstest.Server {
	t.Helper()
	s := fakeAWS(t)
	s.Fixtures(filepath.Join("..", "..", "internal", "source", "live", "testdata", "account"), nil, "GetPolicy", "GetLayerVersionPolicy")
	return s
}

// fakeAWS starts a fake AWS endpoint with no answers yet, and points the
// standard credential chain at static test credentials (no shared config,
// no instance metadata).
func fakeAWS(t *testing.T) *awstest.Server {
	t.Helper()
	s := awstest.New(t)
	dir := t.TempDir()
	t.Setenv("AWS_ACCESS_KEY_ID", "AKIDLAMBDASECTEST")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "test-secret")
	t.Setenv("AWS_SESSION_TOKEN", "")
	t.Setenv("AWS_PROFILE", "")
	t.Setenv("AWS_REGION", "us-east-1")
	t.Setenv("AWS_CONFIG_FILE", filepath.Join(dir, "config"))
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", filepath.Join(dir, "credentials"))
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	t.Setenv("LAMBDASEC_CACHE_DIR", dir)
	return s
}

func runCmd(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(append([]string{"lambdasec"}, args...), &out, &errb)
	return code, out.String(), errb.String()
}

func findingsOf(t *testing.T, report string) string {
	t.Helper()
	var rep struct {
		Findings json.RawMessage `json:"findings"`
	}
	if err := json.Unmarshal([]byte(report), &rep); err != nil {
		t.Fatalf("report is not JSON: %v\n%s", err, report)
	}
	return string(rep.Findings)
}

// TestScanLiveAndSnapshot: scan --aws against an AWS-compatible endpoint
// judges the account; collect writes a snapshot without the secret's
// value; scanning the snapshot gives byte-identical JSON findings; the run
// summary names what could not be read.
func TestScanLiveAndSnapshot(t *testing.T) {
	s := fakeAccount(t)
	code, direct, stderr := runCmd(t, "scan", "--aws", "--endpoint-url", s.URL, "--format", "json", "--show-pass", "--now", "2026-11-21")
	if code != 0 {
		t.Fatalf("scan --aws exit %d: %s", code, stderr)
	}
	if !strings.Contains(stderr, "not read: lambda:GetPolicy denied for 1 function in us-east-1") {
		t.Errorf("stderr lacks the run summary of what was denied:\n%s", stderr)
	}
	if u := s.Unhandled(); len(u) > 0 {
		t.Fatalf("requests without a fixture: %v", u)
	}
	for _, want := range []string{`"LS101"`, `"LS106"`, `"LS302"`} {
		if !strings.Contains(direct, want) {
			t.Errorf("live scan lacks %s findings", want)
		}
	}
	if strings.Contains(direct, "sk_live_") {
		t.Fatal("the report holds the secret's value")
	}

	snap := filepath.Join(t.TempDir(), "snapshot.json")
	code, _, stderr = runCmd(t, "collect", "--aws", "--endpoint-url", s.URL, "-o", snap)
	if code != 0 {
		t.Fatalf("collect exit %d: %s", code, stderr)
	}
	data, err := os.ReadFile(snap)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(data), "sk_live_") {
		t.Fatal("the snapshot holds the secret's value")
	}
	if !strings.Contains(stderr, "collected 3 functions from 1 accounts") {
		t.Errorf("collect summary: %s", stderr)
	}
	code, viaSnapshot, stderr := runCmd(t, "scan", snap, "--format", "json", "--show-pass", "--now", "2026-11-21")
	if code != 0 {
		t.Fatalf("scan snapshot exit %d: %s", code, stderr)
	}
	if a, b := findingsOf(t, direct), findingsOf(t, viaSnapshot); a != b {
		t.Fatalf("findings of scan --aws and of the collected snapshot differ:\n%s\n---\n%s", a, b)
	}
	if !strings.Contains(stderr, "not read: lambda:GetPolicy denied for 1 function in us-east-1") {
		t.Errorf("the snapshot scan lost the run summary:\n%s", stderr)
	}
}

// TestIAMPolicyCoversEveryCall records every operation a full collection
// calls and fails if the policy of `lambdasec iam-policy` lacks its
// action, or if the collector called an operation it does not declare.
func TestIAMPolicyCoversEveryCall(t *testing.T) {
	s := fakeAccount(t)
	code, _, stderr := runCmd(t, "collect", "--aws", "--endpoint-url", s.URL, "-o", filepath.Join(t.TempDir(), "s.json"), "--regions", "us-east-1,eu-west-1")
	if code != 0 {
		t.Fatalf("collect exit %d: %s", code, stderr)
	}
	code, out, _ := runCmd(t, "iam-policy")
	if code != 0 {
		t.Fatal("iam-policy failed")
	}
	var doc struct {
		Statement []struct {
			Effect   string
			Action   []string
			Resource string
		}
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("iam-policy printed no JSON policy: %v\n%s", err, out)
	}
	allowed := map[string]bool{}
	for _, st := range doc.Statement {
		for _, a := range st.Action {
			allowed[a] = true
			if !strings.Contains(a, ":Get") && !strings.Contains(a, ":List") && !strings.Contains(a, ":Describe") && !strings.Contains(a, ":LookupEvents") && !strings.Contains(a, ":BatchGet") && a != "apigateway:GET" {
				t.Errorf("policy allows %s, which is not a read action", a)
			}
		}
	}
	calls := s.Calls()
	if len(calls) < 15 {
		t.Fatalf("only %d operations called: %v", len(calls), calls)
	}
	// The fixture account's orders function is tenant-isolated, so its
	// provisioned concurrency is listed (LS415).
	if calls["lambda:ListProvisionedConcurrencyConfigs"] == 0 {
		t.Errorf("the collection never listed provisioned concurrency: %v", calls)
	}
	for _, o := range live.Operations() {
		if o.Action != "sts:AssumeRole" && !allowed[o.Action] {
			t.Errorf("declared operation %s: action %s missing from the policy", o.Key(), o.Action)
		}
	}
	// Every request the server saw must be a declared operation whose
	// action the policy allows. The server names operations by signing
	// name ("monitoring", "apigateway" with "v2:" for v2), so match on
	// the operation name within the service's IAM prefix.
	for key := range calls {
		svc, op, _ := strings.Cut(key, ":")
		op = strings.TrimPrefix(op, "v2:")
		found := false
		for _, o := range live.Operations() {
			if o.Name == op && (iamPrefix(o.Action) == iamPrefixOfSigning(svc)) {
				found = allowed[o.Action]
			}
		}
		if !found {
			t.Errorf("the collector called %s, which the iam-policy does not allow", key)
		}
	}
}

func iamPrefix(action string) string { p, _, _ := strings.Cut(action, ":"); return p }

// iamPrefixOfSigning maps a SigV4 signing name to the IAM service prefix.
func iamPrefixOfSigning(s string) string {
	switch s {
	case "monitoring":
		return "cloudwatch"
	}
	return s
}

// TestProgressBar: the bar is drawn on a terminal only, and cleared at
// the end.
func TestProgressBar(t *testing.T) {
	var buf bytes.Buffer
	quiet := newProgressBar(&buf)
	quiet.update(live.Progress{Account: "111122223333", Done: 1, Total: 4})
	quiet.finish()
	if buf.Len() != 0 {
		t.Errorf("drew on a non-terminal: %q", buf.String())
	}
	tty := newProgressBar(&buf)
	tty.tty = true
	tty.update(live.Progress{Account: "111122223333", Done: 2, Total: 4})
	if !strings.Contains(buf.String(), "collecting 111122223333 [###############...............] 2/4 functions") {
		t.Errorf("bar %q", buf.String())
	}
	tty.finish()
	if !strings.HasSuffix(buf.String(), "\r\x1b[K") {
		t.Errorf("bar not cleared: %q", buf.String())
	}
}

// TestLiveFlagsNeedAWS: the live flags without --aws are a usage error,
// as is --org without --role-name.
func TestLiveFlagsNeedAWS(t *testing.T) {
	for _, args := range [][]string{
		{"scan", "--regions", "all", "."},
		{"scan", "--aws", "--org"},
		{"scan", "--aws", "somedir"},
		{"collect"},
	} {
		code, _, stderr := runCmd(t, args...)
		if code != 2 || stderr == "" {
			t.Errorf("%v: exit %d, stderr %q; want a usage error", args, code, stderr)
		}
	}
}

// TestCollectSince: collect --since an earlier snapshot of the same
// account reads again only the function the snapshot did not read fully,
// says what it reused and the calls it saved, and writes the same
// estate; a snapshot of another schema version, of several accounts
// without --org, holding an account twice, or of other regions is refused
// with what to do.
func TestCollectSince(t *testing.T) {
	s := fakeAccount(t)
	dir := t.TempDir()
	first, second := filepath.Join(dir, "first.json"), filepath.Join(dir, "second.json")
	if code, _, stderr := runCmd(t, "collect", "--aws", "--endpoint-url", s.URL, "-o", first); code != 0 {
		t.Fatalf("collect exit %d: %s", code, stderr)
	}
	before := s.Calls()
	code, _, stderr := runCmd(t, "collect", "--aws", "--endpoint-url", s.URL, "--since", first, "-o", second)
	if code != 0 {
		t.Fatalf("collect --since exit %d: %s", code, stderr)
	}
	after := s.Calls()
	// thumbnail's GetPolicy is denied in the fixture: its gap is read
	// again; orders and worker are taken from the snapshot.
	want := "account 111122223333: 2 functions unchanged, taken from the snapshot; 1 read (changed, new, or not fully read before)"
	if !strings.Contains(stderr, want) || !strings.Contains(stderr, "calls saved (lambda:GetFunction 2,") {
		t.Errorf("stderr lacks the reuse summary %q:\n%s", want, stderr)
	}
	if n := after["lambda:GetFunction"] - before["lambda:GetFunction"]; n != 1 {
		t.Errorf("collect --since made %d GetFunction calls, want 1", n)
	}
	estates := func(name string) string {
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		var snap struct {
			Estates []map[string]json.RawMessage `json:"estates"`
		}
		if err := json.Unmarshal(data, &snap); err != nil {
			t.Fatal(err)
		}
		for _, e := range snap.Estates {
			delete(e, "calls")
			delete(e, "collectedAt")
		}
		out, _ := json.Marshal(snap.Estates)
		return string(out)
	}
	if a, b := estates(first), estates(second); a != b {
		t.Errorf("collect --since wrote another estate than a full collection:\n%s\n---\n%s", a, b)
	}

	data, err := os.ReadFile(first)
	if err != nil {
		t.Fatal(err)
	}
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	var twoEstates map[string]any
	if err := json.Unmarshal(data, &twoEstates); err != nil {
		t.Fatal(err)
	}
	es := twoEstates["estates"].([]any)
	twoEstates["estates"] = append(es, es[0])
	two, _ := json.Marshal(twoEstates)
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"schema", []string{"--since", write("v99.json", strings.Replace(string(data), `"schemaVersion": 1`, `"schemaVersion": 99`, 1))}, "snapshot schema version 99"},
		{"two accounts", []string{"--since", write("two.json", string(two))}, "holds 2 estates"},
		{"same account twice", []string{"--since", filepath.Join(dir, "two.json"), "--org", "--role-name", "audit"}, "holds account 111122223333 twice"},
		{"regions", []string{"--since", first, "--regions", "eu-west-1"}, "the snapshot of account 111122223333 covers regions us-east-1, this collection asks for eu-west-1"},
		{"missing", []string{"--since", filepath.Join(dir, "nope.json")}, "--since: open"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, _, stderr := runCmd(t, append([]string{"collect", "--aws", "--endpoint-url", s.URL, "-o", filepath.Join(dir, "x.json")}, tc.args...)...)
			if code == 0 || !strings.Contains(stderr, tc.want) {
				t.Errorf("exit %d, stderr %q; want a failure saying %q", code, stderr, tc.want)
			}
		})
	}
}
