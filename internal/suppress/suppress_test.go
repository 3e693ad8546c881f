package suppress

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/lambdasec/lambdasec/internal/iampolicy"
	"github.com/lambdasec/lambdasec/internal/inventory"
	"github.com/lambdasec/lambdasec/internal/report"
	"github.com/lambdasec/lambdasec/internal/rules"
	"github.com/lambdasec/lambdasec/internal/source/cloudformation"
	"github.com/lambdasec/lambdasec/internal/source/terraform"
)

var now = time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)

// scan judges a template text with every rule.
func scan(t *testing.T, name, src string) []rules.Finding {
	t.Helper()
	e, _, err := cloudformation.Read(name, []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	return rules.Run([]*inventory.Estate{e}, rules.All(), now, &rules.Config{ManagedPolicies: iampolicy.BuiltinManagedPolicies()})
}

const app = `AWSTemplateFormatVersion: "2010-09-09"
Transform: AWS::Serverless-2016-10-31
Resources:
  Webhook:
    Type: AWS::Serverless::Function
    Metadata:
      lambdasec:
        skip:
          - id: LS701
            reason: concurrency is limited by the partner's rate
          - id: LS503
    Properties: {Runtime: python3.13, Handler: a.b, CodeUri: src/}
  Public:
    Type: AWS::Lambda::Permission
    Properties: {FunctionName: !Ref Webhook, Action: lambda:InvokeFunction, Principal: "*"}
  Other:
    Type: AWS::Serverless::Function
    Properties: {Runtime: python3.13, Handler: a.b, CodeUri: src/}
`

func find(fs []rules.Finding, rule, resource string) *rules.Finding {
	for i := range fs {
		if fs[i].Rule.ID == rule && fs[i].Resource == resource {
			return &fs[i]
		}
	}
	return nil
}

// TestInline applies Metadata.lambdasec.skip entries, warning about one
// without a reason.
func TestInline(t *testing.T) {
	fs := scan(t, "app.yaml", app)
	warns := Inline(fs, now)
	f := find(fs, "LS701", "Webhook")
	if f == nil || f.Suppressed == nil || f.Suppressed.Kind != "inline" || !strings.Contains(f.Suppressed.Reason, "partner") || f.Suppressed.Source.Line != 9 {
		t.Errorf("LS701 on Webhook: %+v", f)
	}
	if g := find(fs, "LS701", "Other"); g.Suppressed != nil {
		t.Error("the skip reached another function")
	}
	if len(warns) != 1 || !strings.Contains(warns[0].String(), "skip of LS503 has no reason") {
		t.Errorf("warnings %v", warns)
	}
}

// TestInlineTerraform applies lambdasec:ignore comments written above a
// Terraform block or one of its arguments, with # or //, and stops
// applying one whose expiry date has passed.
func TestInlineTerraform(t *testing.T) {
	dir := t.TempDir()
	src := `resource "aws_iam_role" "r" {
  name               = "r"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "lambda.amazonaws.com" } }] })
}

# lambdasec:ignore:LS701 concurrency is limited by the partner's rate
resource "aws_lambda_function" "webhook" {
  function_name = "webhook"
  role          = aws_iam_role.r.arn
  runtime       = "python3.13"
  handler       = "a.b"
  s3_bucket     = "b"
  s3_key        = "k"
  // lambdasec:ignore:LS601:exp:2026-12-31 tracing comes with the next release
  tracing_config {
    mode = "PassThrough"
  }
}

# lambdasec:ignore:LS701:exp:2026-11-01 old exception
resource "aws_lambda_function" "old" {
  function_name = "old"
  role          = aws_iam_role.r.arn
  runtime       = "python3.13"
  handler       = "a.b"
  s3_bucket     = "b"
  s3_key        = "k"
}
`
	path := filepath.Join(dir, "main.tf")
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	e, _, _, err := terraform.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	fs := rules.Run([]*inventory.Estate{e}, rules.All(), now, &rules.Config{ManagedPolicies: iampolicy.BuiltinManagedPolicies()})
	warns := Inline(fs, now)
	if f := find(fs, "LS701", "aws_lambda_function.webhook"); f == nil || f.Suppressed == nil || !strings.Contains(f.Suppressed.Reason, "partner") || f.Suppressed.Source.Line != 6 {
		t.Errorf("LS701 on webhook: %+v", f)
	}
	if f := find(fs, "LS601", "aws_lambda_function.webhook"); f == nil || f.Suppressed == nil || !strings.Contains(f.Suppressed.Reason, "until 2026-12-31") || f.Suppressed.Source.Line != 14 {
		t.Errorf("LS601 on webhook (skip on an argument, not expired): %+v", f)
	}
	if f := find(fs, "LS701", "aws_lambda_function.old"); f == nil || f.Suppressed != nil {
		t.Errorf("LS701 on old: the skip expired on 2026-11-01 and must not apply: %+v", f)
	}
	if len(warns) != 1 || !strings.Contains(warns[0].String(), "main.tf:20") || !strings.Contains(warns[0].Message, "expired on 2026-11-01") || warns[0].Severity != inventory.SeverityWarning {
		t.Errorf("warnings %v", warns)
	}
}

func writeConfig(t *testing.T, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), FileName)
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestConfig applies ignores by rule and resource pattern, severity
// overrides and disabled rules; an expired ignore stops working and is
// reported.
func TestConfig(t *testing.T) {
	p := writeConfig(t, `ignore:
  - rule: LS101
    resource: Web*
    reason: the partner signs every request
    expires: 2027-01-31
  - rule: public-invoke
    resource: Other
    reason: old decision
    expires: 2026-11-20
  - rule: LS502
    resource: "*"
    reason: signing comes next quarter
severity:
  LS701: info
disable: [LS601]
trusted-accounts: ["111122223333"]
`)
	c, err := Load(p, rules.All())
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Rules(rules.All())) != len(rules.All())-1 {
		t.Error("LS601 not disabled")
	}
	fs := scan(t, "app.yaml", app)
	expired := c.Apply(fs, now)
	if f := find(fs, "LS101", "Webhook"); f.Suppressed == nil || f.Suppressed.Kind != "config" || !strings.Contains(f.Suppressed.Reason, "until 2027-01-31") {
		t.Errorf("LS101 on Webhook not ignored: %+v", f.Suppressed)
	}
	if len(expired) != 1 || expired[0].Line != 6 || !strings.Contains(expired[0].String(), ":6: ignore of public-invoke") || !strings.Contains(expired[0].String(), "expired on 2026-11-20") {
		t.Errorf("expired %v", expired)
	}
	for _, r := range []string{"Webhook", "Other"} {
		if f := find(fs, "LS502", r); f.Suppressed == nil {
			t.Errorf("LS502 on %s not ignored", r)
		}
		if f := find(fs, "LS701", r); f.Severity != rules.Info {
			t.Errorf("LS701 severity %s", f.Severity)
		}
	}
	// The day of expiry itself still counts.
	fs = scan(t, "app.yaml", app)
	if exp := c.Apply(fs, time.Date(2027, 1, 31, 23, 0, 0, 0, time.UTC)); len(exp) != 1 {
		t.Errorf("on its last day the first ignore must still apply: %v", exp)
	}
}

// TestConfigErrors names file and line.
func TestConfigErrors(t *testing.T) {
	for body, want := range map[string]string{
		"ignore:\n  - rule: LS101\n":                                                    ":2: ignore of LS101 needs a reason",
		"ignore:\n  - rule: LS999\n    reason: x\n":                                     `:2: unknown rule "LS999"`,
		"ignore:\n  - rule: LS101\n    resource: W\n    reason: x\n    expires: soon\n": `expires "soon"`,
		"ignore:\n  - rule: LS101\n    reason: x\n":                                     `:2: ignore of LS101 needs a resource pattern`,
		"ignore:\n  - rule: LS101\n    resources: Web\n    reason: x\n":                 `:3: unknown key "resources" (known keys here: rule, resource, file, reason, expires)`,
		"ignores: []\n":               `:1: unknown key "ignores" (known keys here: ignore, severity, trusted-accounts, disable, skip, multi-tenant)`,
		"skip:\n  dir: [x]\n":         `:2: unknown key "dir" (known keys here: dirs, files)`,
		"trusted-accounts: 5\n":       `:1: cannot unmarshal`,
		"severity: {LS101: urgent}\n": `unknown severity "urgent"`,
		"trusted-accounts: [abc]\n":   "not a 12-digit account ID",
	} {
		_, err := Load(writeConfig(t, body), rules.All())
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: error %v, want %q", body, err, want)
		}
	}
}

// TestBaseline reports only new findings: moving lines does not make a
// finding new, a new public permission is new, a removed one is fixed.
func TestBaseline(t *testing.T) {
	before := scan(t, "app.yaml", app)
	var buf bytes.Buffer
	if err := report.JSON(&buf, before, report.Summary{Now: now}, report.Options{}); err != nil {
		t.Fatal(err)
	}
	base := filepath.Join(t.TempDir(), "baseline.json")
	if err := os.WriteFile(base, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	// Same estate, every line moved down by comments.
	moved := strings.Replace(app, "Resources:\n", "# a comment\n# another\n\nResources:\n", 1)
	after := scan(t, "app.yaml", moved)
	fixed, err := Baseline(after, base)
	if err != nil {
		t.Fatal(err)
	}
	if fixed != 0 {
		t.Errorf("fixed %d after moving lines", fixed)
	}
	for _, f := range after {
		if f.Status != rules.Pass && f.Suppressed == nil {
			t.Errorf("%s on %s is reported as new after moving lines", f.Rule.ID, f.Resource)
		}
	}
	// Remove the public permission, make the other function public.
	changed := strings.Replace(app, "FunctionName: !Ref Webhook", "FunctionName: !Ref Other", 1)
	after = scan(t, "app.yaml", changed)
	fixed, err = Baseline(after, base)
	if err != nil {
		t.Fatal(err)
	}
	if f := find(after, "LS101", "Other"); f.Status != rules.Fail || f.Suppressed != nil {
		t.Errorf("the new public function is not reported: %+v", f)
	}
	// LS604 and LS608 judge the functions that are exposed, so they
	// leave Webhook with its LS101.
	if fixed != 3 {
		t.Errorf("fixed = %d, want 3 (LS101, LS604 and LS608 on Webhook)", fixed)
	}
}

// TestCitedResources: a skip or an ignore written for the
// AWS::Lambda::Permission a public-invoke finding cites suppresses it,
// as one written for the function does; one that suppresses nothing is
// named in a warning.
func TestCitedResources(t *testing.T) {
	const tmpl = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Fn:
    Type: AWS::Lambda::Function
    Metadata:
      lambdasec:
        skip:
          - {id: LS702, reason: not a finding here}
    Properties: {Runtime: python3.13, Handler: a.b, Role: arn:aws:iam::111122223333:role/r, Code: {ZipFile: "x"}}
  Open:
    Type: AWS::Lambda::Permission
    Metadata:
      lambdasec:
        skip:
          - {id: LS101, reason: the partner signs every request}
    Properties: {FunctionName: !Ref Fn, Action: lambda:InvokeFunction, Principal: "*"}
`
	e, _, err := cloudformation.Read("app.yaml", []byte(tmpl))
	if err != nil {
		t.Fatal(err)
	}
	es := []*inventory.Estate{e}
	fs := rules.Run(es, rules.All(), now, &rules.Config{})
	Inline(fs, now)
	if f := find(fs, "LS101", "Fn"); f == nil || f.Status != rules.Fail || f.Suppressed == nil || f.Suppressed.Kind != "inline" || f.Suppressed.Source.Line != 15 {
		t.Errorf("LS101 on Fn with a skip on the permission it cites: %+v", f)
	}
	unused := UnusedSkips(es, fs, rules.All())
	if len(unused) != 1 || !strings.Contains(unused[0].String(), "app.yaml:8:") || !strings.Contains(unused[0].String(), "skip of LS702 on Fn matched no finding") {
		t.Errorf("unused skips %q, want the LS702 skip on Fn (line 8)", unused)
	}
	if unused := UnusedSkips(es, fs, rules.All()[:1]); len(unused) != 0 {
		t.Errorf("a skip of a rule that did not run is reported: %q", unused)
	}

	// The same with a configuration ignore naming the permission.
	fs = rules.Run(es, rules.All(), now, &rules.Config{})
	c, err := Load(writeConfig(t, "ignore:\n  - {rule: LS101, resource: Open, reason: signed}\n  - {rule: LS102, resource: Nothing*, reason: typo}\n  - {rule: LS601, resource: Fn, reason: off}\n"), rules.All())
	if err != nil {
		t.Fatal(err)
	}
	c.Apply(fs, now)
	if f := find(fs, "LS101", "Fn"); f == nil || f.Suppressed == nil || f.Suppressed.Kind != "config" {
		t.Errorf("LS101 on Fn with an ignore of the permission it cites: %+v", f)
	}
	var ran []*rules.Rule
	for _, r := range rules.All() {
		if r.ID != "LS601" {
			ran = append(ran, r)
		}
	}
	unused = c.Unused(ran, now)
	if len(unused) != 1 || !strings.Contains(unused[0].String(), `:3: ignore of LS102 on "Nothing*" matched no finding`) {
		t.Errorf("unused ignores %q, want only LS102's (LS601 did not run)", unused)
	}
}

// TestFind looks for the configuration next to the scanned path and in
// its parents up to the repository root, never beyond it.
func TestFind(t *testing.T) {
	root := t.TempDir()
	mk := func(p string) string {
		p = filepath.Join(root, p)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("ignore: []\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	outside := mk(FileName)             // above the repository: never used
	mk("repo/.git/HEAD")                // the repository root
	top := mk("repo/" + FileName)       // the repository's configuration
	inner := mk("repo/svc/" + FileName) // a service's own
	mk("repo/infra/app/template.yaml")
	mk("repo/svc/template.yaml")
	mk("norepo/app/template.yaml")
	t.Chdir(root)
	tests := []struct{ path, want string }{
		{filepath.Join(root, "repo/infra/app"), top},
		{filepath.Join(root, "repo/infra/app/template.yaml"), top},
		{filepath.Join(root, "repo/svc/template.yaml"), inner},
		{filepath.Join(root, "repo/svc"), inner},
		{filepath.Join(root, "repo"), top},
		// Outside a repository: the path's directory, then the working
		// directory (root here), nothing in between.
		{filepath.Join(root, "norepo/app"), outside},
	}
	for _, tt := range tests {
		got := Find(tt.path)
		if abs, _ := filepath.Abs(got); abs != tt.want {
			t.Errorf("Find(%s) = %q, want %q", tt.path, got, tt.want)
		}
	}
	t.Chdir(filepath.Join(root, "norepo"))
	if got := Find(filepath.Join(root, "norepo/app")); got != "" {
		t.Errorf("Find outside a repository reached a parent: %q", got)
	}
}

// TestBaselineVersions reads a baseline written as schemaVersion 1 (each
// finding repeating its rule's metadata, as lambdasec wrote it before the
// rules were listed once) and one written now (2): both accept the same
// findings; a version neither is refused.
func TestBaselineVersions(t *testing.T) {
	before := scan(t, "app.yaml", app)
	dir := t.TempDir()
	var v2 bytes.Buffer
	if err := report.JSON(&v2, before, report.Summary{Now: now}, report.Options{}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(v2.String(), `"schemaVersion": 2`) {
		t.Fatalf("report.JSON writes no schemaVersion 2:\n%.200s", v2.String())
	}
	type v1Finding struct {
		RuleID      string            `json:"ruleId"`
		RuleName    string            `json:"ruleName"`
		Title       string            `json:"title"`
		Severity    string            `json:"severity"`
		Status      rules.Status      `json:"status"`
		Estate      string            `json:"estate"`
		Resource    string            `json:"resource"`
		Message     string            `json:"message"`
		Remediation rules.Remediation `json:"remediation"`
		References  []string          `json:"references,omitempty"`
		Fingerprint string            `json:"fingerprint"`
	}
	v1 := struct {
		SchemaVersion int         `json:"schemaVersion"`
		Tool          string      `json:"tool"`
		Findings      []v1Finding `json:"findings"`
	}{SchemaVersion: 1, Tool: "lambdasec"}
	for _, f := range before {
		v1.Findings = append(v1.Findings, v1Finding{RuleID: f.Rule.ID, RuleName: f.Rule.Name, Title: f.Rule.Title, Severity: f.Severity.String(),
			Status: f.Status, Estate: f.Estate, Resource: f.Resource, Message: f.Message, Remediation: f.Rule.Remediation,
			References: f.Rule.References, Fingerprint: f.Fingerprint})
	}
	v1data, err := json.MarshalIndent(v1, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	// The public permission removed, the other function made public:
	// one new finding (LS101 on Other), three fixed on Webhook.
	changed := strings.Replace(app, "FunctionName: !Ref Webhook", "FunctionName: !Ref Other", 1)
	var got []string
	for _, tc := range []struct {
		name string
		data []byte
	}{{"v1.json", v1data}, {"v2.json", v2.Bytes()}} {
		p := filepath.Join(dir, tc.name)
		if err := os.WriteFile(p, tc.data, 0o644); err != nil {
			t.Fatal(err)
		}
		after := scan(t, "app.yaml", changed)
		fixed, err := Baseline(after, p)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if fixed != 3 {
			t.Errorf("%s: fixed = %d, want 3", tc.name, fixed)
		}
		var fresh []string
		for _, f := range after {
			if f.Status != rules.Pass && f.Suppressed == nil {
				fresh = append(fresh, f.Rule.ID+" "+f.Resource)
			}
		}
		if !slices.Contains(fresh, "LS101 Other") {
			t.Errorf("%s: the new public function is not new: %v", tc.name, fresh)
		}
		got = append(got, strings.Join(fresh, ", "))
	}
	if got[0] != got[1] {
		t.Errorf("new findings against v1: %s\nagainst v2: %s", got[0], got[1])
	}
	p := filepath.Join(dir, "v3.json")
	if err := os.WriteFile(p, []byte(`{"schemaVersion": 3, "tool": "lambdasec", "findings": []}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Baseline(scan(t, "app.yaml", app), p); err == nil || !strings.Contains(err.Error(), "schemaVersion 1 or 2") {
		t.Errorf("a schemaVersion 3 report: error %v", err)
	}
}

// TestBaselineReadsAsUnmarshal: the streamed baseline reader reads what
// json.Unmarshal reads (member names in any case, the last of a repeated
// member, null for none) and refuses data after the report.
func TestBaselineReadsAsUnmarshal(t *testing.T) {
	for _, tc := range []struct {
		doc     string
		old     string // fingerprints read, sorted
		wantErr bool
	}{
		{`{"Findings":[{"FINGERPRINT":"x","status":"FAIL"},{"fingerprint":"y","status":"PASS"}],"SchemaVersion":2}`, "x", false},
		{`{"schemaVersion":2,"findings":[{"fingerprint":"x","status":"FAIL"}],"findings":[{"fingerprint":"z","status":"UNKNOWN"}]}`, "z", false},
		{`{"schemaVersion":1,"findings":[{"fingerprint":"x","status":"FAIL"}],"findings":null,"schemaVersion":null}`, "", false},
		{`{"schemaVersion":2,"rules":[{"id":"LS101"}],"findings":[null]}`, "", false},
		{`{"schemaVersion":2,"findings":[]} {}`, "", true},
		{`{"schemaVersion":2,"findings":{}}`, "", true},
		{`[]`, "", true},
	} {
		version, old, err := readBaseline(strings.NewReader(tc.doc))
		if (err != nil) != tc.wantErr {
			t.Errorf("%s: error %v", tc.doc, err)
			continue
		}
		if err != nil {
			continue
		}
		var keys []string
		for k := range old {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		var rep struct {
			SchemaVersion int
			Findings      []baselineFinding
		}
		if err := json.Unmarshal([]byte(tc.doc), &rep); err != nil {
			t.Fatalf("%s: json.Unmarshal: %v", tc.doc, err)
		}
		if got := strings.Join(keys, ","); got != tc.old || version != rep.SchemaVersion {
			t.Errorf("%s: read version %d, fingerprints %q; want %d, %q", tc.doc, version, got, rep.SchemaVersion, tc.old)
		}
	}
}
