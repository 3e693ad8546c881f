package report

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/lambdasec/lambdasec/internal/golden"
	"github.com/lambdasec/lambdasec/internal/iampolicy"
	"github.com/lambdasec/lambdasec/internal/inventory"
	"github.com/lambdasec/lambdasec/internal/rules"
	"github.com/lambdasec/lambdasec/internal/source/cloudformation"
)

var update = flag.Bool("update", false, "rewrite the golden files")

var goldenNow = time.Date(2026, 11, 21, 0, 0, 0, 0, time.UTC)

// goldenFindings judges testdata/app.yaml with every rule.
func goldenFindings(t *testing.T) ([]rules.Finding, Summary) {
	t.Helper()
	data, err := os.ReadFile("testdata/app.yaml")
	if err != nil {
		t.Fatal(err)
	}
	e, _, err := cloudformation.Read("testdata/app.yaml", data)
	if err != nil {
		t.Fatal(err)
	}
	cfg := &rules.Config{ManagedPolicies: iampolicy.BuiltinManagedPolicies()}
	fs := rules.Run([]*inventory.Estate{e}, rules.All(), goldenNow, cfg)
	sum := Summary{Files: 2, Estates: 1, Now: goldenNow,
		Skipped: []Skipped{{Path: "testdata/broken.yaml", Line: 3, Column: 1, Reason: "invalid YAML (at or just after this line): did not find expected key"}}}
	return fs, sum
}

// TestGolden renders each format and compares it with its golden file in
// testdata; -update rewrites them after a deliberate change.
func TestGolden(t *testing.T) {
	fs, sum := goldenFindings(t)
	opt := Options{Version: "v0.0.0-test", BaseDir: ".", Rules: rules.All(), ASFF: ASFFOptions{AccountID: "111122223333", Region: "eu-west-1"}}
	for _, format := range Formats {
		t.Run(format, func(t *testing.T) {
			var buf bytes.Buffer
			if err := Write(&buf, format, fs, sum, opt); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join("testdata", "golden."+format)
			if *update {
				if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test ./internal/report -update)", err)
			}
			if d := golden.Diff(string(want), buf.String()); d != "" {
				t.Errorf("%s output differs from %s; run go test ./internal/report -update and review the diff:\n%s", format, path, d)
			}
		})
	}
}

// TestSARIFShape checks what GitHub code scanning requires of a SARIF
// upload: version 2.1.0, a driver name, rules with ids, results whose
// ruleIndex points at their rule, physical locations with a relative URI
// and a startLine of at least 1, and security-severity on rules.
func TestSARIFShape(t *testing.T) {
	fs, sum := goldenFindings(t)
	var buf bytes.Buffer
	if err := SARIF(&buf, fs, sum, Options{BaseDir: ".", Rules: rules.All()}); err != nil {
		t.Fatal(err)
	}
	var log sarifLog
	if err := json.Unmarshal(buf.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	if log.Version != "2.1.0" || len(log.Runs) != 1 || log.Runs[0].Tool.Driver.Name != "lambdasec" {
		t.Fatalf("bad header: %+v", log)
	}
	run := log.Runs[0]
	if len(run.Results) == 0 {
		t.Fatal("no results")
	}
	for _, r := range run.Tool.Driver.Rules {
		if r.ID == "" || r.Properties.SecuritySeverity == "" || r.ShortDescription.Text == "" {
			t.Errorf("rule %+v lacks id, security-severity or description", r)
		}
	}
	for _, res := range run.Results {
		if run.Tool.Driver.Rules[res.RuleIndex].ID != res.RuleID {
			t.Errorf("result %s has ruleIndex %d pointing at %s", res.RuleID, res.RuleIndex, run.Tool.Driver.Rules[res.RuleIndex].ID)
		}
		pl := res.Locations[0].PhysicalLocation
		if pl == nil || pl.Region == nil || pl.Region.StartLine < 1 || filepath.IsAbs(pl.ArtifactLocation.URI) {
			t.Errorf("result %s: location %+v", res.RuleID, res.Locations[0])
		}
		if res.PartialFingerprints["lambdasecFingerprint/v1"] == "" {
			t.Errorf("result %s has no fingerprint", res.RuleID)
		}
	}
}

// TestVisible keeps PASS and UNKNOWN results whatever their severity and
// drops failures below the minimum.
func TestVisible(t *testing.T) {
	r := &rules.Rule{ID: "LS999"}
	fs := []rules.Finding{
		{Rule: r, Result: rules.Result{Status: rules.Fail}, Severity: rules.Low},
		{Rule: r, Result: rules.Result{Status: rules.Fail}, Severity: rules.High},
		{Rule: r, Result: rules.Result{Status: rules.Unknown}, Severity: rules.Low},
		{Rule: r, Result: rules.Result{Status: rules.Pass}, Severity: rules.Low},
	}
	got := Visible(fs, rules.Medium)
	if len(got) != 3 || got[0].Severity != rules.High {
		t.Errorf("Visible kept %+v", got)
	}
}
