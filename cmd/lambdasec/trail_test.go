package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/lambdasec/lambdasec/internal/source/live/awstest"
)

const trailFixtures = "../../internal/rules/testdata"

// TestTrailFiles: trail judges CloudTrail files with the LS8xx rules,
// in scan's formats, and exits 1 with --fail-on.
func TestTrailFiles(t *testing.T) {
	code, out, stderr := runCmd(t, "trail", "--format", "json", "--show-pass", filepath.Join(trailFixtures, "LS801"), filepath.Join(trailFixtures, "LS804"))
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{`"LS801"`, `"LS804"`, "AddPermission20150331v2", `"status": "PASS"`} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %s", want)
		}
	}
	if strings.Contains(out, `"LS101"`) {
		t.Error("trail ran the configuration rules")
	}
	if !strings.Contains(stderr, "read 4 files, ") {
		t.Errorf("stderr: %s", stderr)
	}
	code, _, stderr = runCmd(t, "trail", "--fail-on", "critical", filepath.Join(trailFixtures, "LS801"))
	if code != 1 || !strings.Contains(stderr, "failing (--fail-on critical)") {
		t.Errorf("--fail-on critical: exit %d, %s", code, stderr)
	}
	// Every report format of scan.
	for _, f := range []string{"table", "sarif", "html", "junit", "csv", "asff"} {
		if code, out, stderr := runCmd(t, "trail", "--format", f, "--asff-region", "eu-west-1", filepath.Join("..", "..", "examples", "cloudtrail")); code != 0 || !strings.Contains(out, "LS8") {
			t.Errorf("--format %s: exit %d, %s", f, code, stderr)
		}
	}
	// --since after every record: nothing judged, nothing failed.
	code, out, _ = runCmd(t, "trail", "--since", "2027-01-01", "--format", "json", filepath.Join(trailFixtures, "LS801"))
	if code != 0 || strings.Contains(out, `"FAIL"`) {
		t.Errorf("--since 2027-01-01: exit %d, %s", code, out)
	}
}

func TestTrailBadInput(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "broken.json"), []byte(`{"Records": [{"eventSource": "lambda.amazonaws.com",`), 0o644)
	code, _, stderr := runCmd(t, "trail", "--format", "json", dir)
	if code != 2 || !strings.Contains(stderr, "broken.json") {
		t.Errorf("exit %d, stderr %s", code, stderr)
	}
	if code, _, _ := runCmd(t, "trail"); code != 2 {
		t.Errorf("no PATH: exit %d", code)
	}
	if code, _, stderr := runCmd(t, "trail", "--since", "yesterday", dir); code != 2 || !strings.Contains(stderr, "--since") {
		t.Errorf("--since yesterday: exit %d, %s", code, stderr)
	}
}

func TestTrailEmit(t *testing.T) {
	for _, f := range []string{"eventbridge", "metric-filter", "sigma"} {
		code, out, stderr := runCmd(t, "trail", "--emit", f)
		if code != 0 || !strings.Contains(out, "AddPermission20") {
			t.Errorf("--emit %s: exit %d, %s", f, code, stderr)
		}
	}
	if code, _, _ := runCmd(t, "trail", "--emit", "splunk"); code != 2 {
		t.Errorf("--emit splunk: exit %d", code)
	}
}

// lookupPage is a LookupEvents answer holding events (records as
// lookupRecord makes them), with NextToken token when it is not "".
// https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_LookupEvents.html
func lookupPage(token string, events ...map[string]any) map[string]any {
	var out []map[string]any
	for _, e := range events {
		js, _ := json.Marshal(e)
		out = append(out, map[string]any{"EventId": e["eventID"], "EventName": e["eventName"], "ReadOnly": "false",
			"EventTime": 1.7809209e9, "EventSource": "lambda.amazonaws.com", "Username": "alice", "CloudTrailEvent": string(js),
			"Resources": []any{}})
	}
	p := map[string]any{"Events": out}
	if token != "" {
		p["NextToken"] = token
	}
	return p
}

// lookupRecord is a CloudTrail record of Lambda operation name (its
// versioned event name) by alice in region.
func lookupRecord(id, name, region string, params map[string]any) map[string]any {
	return map[string]any{"eventVersion": "1.09", "userIdentity": map[string]any{"type": "IAMUser", "arn": "arn:aws:iam::111122223333:user/alice", "accountId": "111122223333"},
		"eventTime": "2026-12-05T10:15:02Z", "eventSource": "lambda.amazonaws.com", "eventName": name, "awsRegion": region,
		"sourceIPAddress": "203.0.113.10", "userAgent": "aws-cli/2.15.0", "requestParameters": params, "responseElements": nil,
		"eventID": id, "readOnly": false, "eventType": "AwsApiCall", "managementEvent": true, "recipientAccountId": "111122223333", "eventCategory": "Management"}
}

// TestTrailLookupEventsRegions: trail --aws --regions reads the event
// history of each region named (event history is per region), judges the
// events of all of them, names the regions read, and lists a region whose
// history is refused as skipped (exit 2) without losing the others.
func TestTrailLookupEventsRegions(t *testing.T) {
	s := fakeAWS(t)
	asked := map[string]int{}
	var mu sync.Mutex
	for region, ev := range map[string]map[string]any{
		"eu-west-1":  lookupRecord("w1", "AddPermission20150331v2", "eu-west-1", map[string]any{"functionName": "orders", "statementId": "open", "principal": "*"}),
		"ap-south-1": lookupRecord("s1", "CreateFunctionUrlConfig20211031", "ap-south-1", map[string]any{"functionName": "billing", "authType": "NONE"}),
	} {
		s.HandleRegion("cloudtrail", region, "LookupEvents", func(r *awstest.Request) awstest.Response {
			mu.Lock()
			asked[r.Region]++
			mu.Unlock()
			return awstest.JSON(r, lookupPage("", ev))
		})
	}
	s.HandleRegion("cloudtrail", "us-west-2", "LookupEvents", func(r *awstest.Request) awstest.Response {
		mu.Lock()
		asked[r.Region]++
		mu.Unlock()
		return awstest.Error(r, 400, "AccessDeniedException", "User is not authorized to perform: cloudtrail:LookupEvents")
	})
	code, out, stderr := runCmd(t, "trail", "--aws", "--endpoint-url", s.URL, "--regions", "eu-west-1,ap-south-1,us-west-2",
		"--since", "2026-12-01", "--format", "json")
	if code != 2 {
		t.Errorf("exit %d, want 2 (a region could not be read): %s", code, stderr)
	}
	for _, region := range []string{"eu-west-1", "ap-south-1", "us-west-2"} {
		if asked[region] == 0 {
			t.Errorf("the event history of %s was not read (asked %v)", region, asked)
		}
	}
	for _, want := range []string{`"orders"`, `"billing"`} {
		if !strings.Contains(out, want) {
			t.Errorf("no finding about %s: the events of its region were lost\n%s", want, out)
		}
	}
	if !strings.Contains(stderr, "of 2 regions (ap-south-1, eu-west-1); 1 could not be read") {
		t.Errorf("the summary does not name the regions read: %s", stderr)
	}
	if !strings.Contains(stderr, "cloudtrail:LookupEvents us-west-2") || !strings.Contains(stderr, "AccessDenied") {
		t.Errorf("the refused region is not listed as skipped: %s", stderr)
	}
}

// TestTrailLookupEvents: trail --aws reads LookupEvents through the real
// SDK, page by page (paced at 2 a second), asking for Lambda's events
// only, and judges them.
func TestTrailLookupEvents(t *testing.T) {
	s := fakeAWS(t)
	page := lookupPage
	rec := func(id, name string, params map[string]any) map[string]any {
		return lookupRecord(id, name, "us-east-1", params)
	}
	var asked []string
	s.Handle("cloudtrail", "LookupEvents", func(r *awstest.Request) awstest.Response {
		var in struct {
			NextToken        string
			LookupAttributes []struct{ AttributeKey, AttributeValue string }
		}
		json.Unmarshal(r.Body, &in)
		asked = append(asked, time.Now().Format(time.RFC3339Nano))
		if len(in.LookupAttributes) != 1 || in.LookupAttributes[0].AttributeValue != "lambda.amazonaws.com" {
			return awstest.Error(r, 400, "InvalidLookupAttributesException", "want eventSource lambda.amazonaws.com")
		}
		if in.NextToken == "" {
			return awstest.JSON(r, page("p2", rec("e1", "AddPermission20150331v2", map[string]any{"functionName": "orders", "statementId": "open", "principal": "*"})))
		}
		return awstest.JSON(r, page("", rec("e2", "CreateFunctionUrlConfig20211031", map[string]any{"functionName": "orders", "authType": "AWS_IAM"})))
	})
	start := time.Now()
	code, out, stderr := runCmd(t, "trail", "--aws", "--endpoint-url", s.URL, "--since", "2026-12-01", "--format", "json", "--show-pass")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if len(asked) != 2 {
		t.Fatalf("%d LookupEvents calls, want 2 pages", len(asked))
	}
	if time.Since(start) < 400*time.Millisecond {
		t.Errorf("two pages in %v: not paced at 2 requests a second", time.Since(start))
	}
	if !strings.Contains(out, `"LS801"`) || !strings.Contains(out, "lets anyone invoke") || !strings.Contains(out, "set AuthType AWS_IAM") {
		t.Errorf("report: %s", out)
	}
	if u := s.Unhandled(); len(u) > 0 {
		t.Errorf("unhandled: %v", u)
	}
	code, pol, _ := runCmd(t, "iam-policy")
	if code != 0 || !strings.Contains(pol, `"cloudtrail:LookupEvents"`) {
		t.Errorf("iam-policy lacks cloudtrail:LookupEvents:\n%s", pol)
	}
}

// TestTrailREADMEExample runs the README's worked example and checks
// that every finding line and the read summary it shows are what the
// command prints.
func TestTrailREADMEExample(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(readme), "$ lambdasec trail -q examples/cloudtrail\n")
	if !ok {
		t.Fatal("README has no worked example of lambdasec trail")
	}
	section, _, _ = strings.Cut(section, "```")
	t.Chdir(filepath.Join("..", ".."))
	t.Setenv("COLUMNS", "100")
	code, out, stderr := runCmd(t, "trail", "-q", "examples/cloudtrail")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	got := stderr + out
	n := 0
	for _, line := range strings.Split(section, "\n") {
		if strings.TrimSpace(line) == "..." || strings.TrimSpace(line) == "" {
			continue
		}
		n++
		if !strings.Contains(got, line) {
			t.Errorf("README shows %q; the command printed:\n%s", line, got)
		}
	}
	if n < 10 {
		t.Errorf("only %d lines checked", n)
	}
}

// TestTrailSuppressAndBaseline: a .lambdasec.yaml ignore suppresses an
// activity finding (kept in JSON, marked), and a baseline of the same
// records reports nothing new.
func TestTrailSuppressAndBaseline(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "lambdasec.yaml")
	os.WriteFile(cfg, []byte("ignore:\n  - rule: LS815\n    resource: \"arn:aws:iam::111122223333:user/*\"\n    reason: red team exercise, ticket SEC-42\n"), 0o644)
	example := filepath.Join("..", "..", "examples", "cloudtrail")
	code, out, stderr := runCmd(t, "trail", "--config", cfg, "--format", "json", example)
	if code != 0 || !strings.Contains(out, "red team exercise") || !strings.Contains(out, `"kind": "config"`) {
		t.Fatalf("exit %d, %s\n%s", code, stderr, out)
	}
	base := filepath.Join(dir, "base.json")
	if code, _, stderr := runCmd(t, "trail", "--format", "json", "-o", base, example); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	code, out, _ = runCmd(t, "trail", "--baseline", base, "--fail-on", "info", "--no-color", example)
	if code != 0 || !strings.Contains(out, "0 failed") {
		t.Errorf("baseline of the same records: exit %d\n%s", code, out)
	}
}

// TestOutputToDevNull: -o /dev/null writes to the device; it does not
// rename a report over it (which, as root, replaced /dev/null with a
// regular file).
func TestOutputToDevNull(t *testing.T) {
	if st, err := os.Stat(os.DevNull); err != nil || st.Mode()&os.ModeCharDevice == 0 {
		t.Skip("no character device at " + os.DevNull)
	}
	if code, _, stderr := runCmd(t, "trail", "--format", "json", "-o", os.DevNull, filepath.Join("..", "..", "examples", "cloudtrail")); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if st, err := os.Stat(os.DevNull); err != nil || st.Mode()&os.ModeCharDevice == 0 {
		t.Fatalf("%s is no longer a device: %v", os.DevNull, st.Mode())
	}
}

// TestTrailDeniedFlood: past the first 100 access-denied calls of a
// principal, calls are counted, not listed; stderr says how many, and
// LS815 still finds the burst and counts every call.
func TestTrailDeniedFlood(t *testing.T) {
	var recs []string
	start := time.Date(2026, 12, 5, 10, 0, 0, 0, time.UTC)
	for i := 0; i < 250; i++ {
		recs = append(recs, `{"eventVersion":"1.09","userIdentity":{"type":"IAMUser","principalId":"AIDA3EXAMPLEUSERID","arn":"arn:aws:iam::111122223333:user/mallory","accountId":"111122223333"},`+
			`"eventTime":"`+start.Add(time.Duration(i)*time.Minute).Format(time.RFC3339)+`","eventSource":"lambda.amazonaws.com","eventName":"ListFunctions20150331",`+
			`"awsRegion":"eu-west-1","sourceIPAddress":"203.0.113.7","userAgent":"aws-cli/2.15.0","errorCode":"AccessDenied","errorMessage":"not authorized",`+
			`"requestParameters":null,"responseElements":null,"eventID":"deny-`+time.Duration(i).String()+`","readOnly":true,"eventType":"AwsApiCall",`+
			`"managementEvent":true,"recipientAccountId":"111122223333","eventCategory":"Management"}`)
	}
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "flood.json"), []byte(`{"Records":[`+strings.Join(recs, ",")+`]}`), 0o644)
	code, out, stderr := runCmd(t, "trail", "--format", "json", "--show-pass", dir)
	if !strings.Contains(stderr, "150 access-denied calls counted, not listed (only the earliest 100 of each principal are listed)") {
		t.Errorf("stderr lacks the count of calls not listed:\n%s", stderr)
	}
	var rep struct {
		Findings []struct{ RuleID, Status, Message string }
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("exit %d: %v\n%s", code, err, stderr)
	}
	if len(rep.Findings) != 1 || rep.Findings[0].RuleID != "LS815" || rep.Findings[0].Status != "FAIL" ||
		// One call a minute: those of 10:00 to 10:10 are within 10 minutes.
		!strings.HasPrefix(rep.Findings[0].Message, "11 access-denied Lambda calls within 10m0s from 2026-12-05T10:00:00Z") {
		t.Errorf("findings %+v", rep.Findings)
	}
}
