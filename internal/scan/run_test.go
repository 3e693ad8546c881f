package scan

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/lambdasec/lambdasec/internal/inventory"
	"github.com/lambdasec/lambdasec/internal/report"
	"github.com/lambdasec/lambdasec/internal/rules"
)

const publicTemplate = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties: {Runtime: python3.13, Handler: a.b, Role: arn:aws:iam::111122223333:role/r, Code: {ZipFile: "x"}}
  Open:
    Type: AWS::Lambda::Permission
    Properties: {FunctionName: !Ref Fn, Action: lambda:InvokeFunction, Principal: "*"}
`

// TestRunStages runs the pipeline on small inputs and checks what each
// stage contributes: findings, the configuration's ignores, the baseline,
// and a stage error naming the stage.
func TestRunStages(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	tmpl := write("app.yaml", publicTemplate)
	ignore := write("ignore.yaml", "ignore:\n  - rule: LS101\n    resource: Fn\n    reason: reviewed\n")
	bad := write("bad.yaml", "ignore:\n  - rule: LS101\n")
	now := time.Date(2026, 11, 21, 0, 0, 0, 0, time.UTC)
	ctx := context.Background()

	_, err := Run(ctx, Request{Paths: []string{tmpl}, Now: now, ConfigPath: filepath.Join(dir, "none")})
	if err == nil || Stage(err) != StageConfig {
		t.Fatalf("missing config: err %v, stage %q; want a config stage error", err, Stage(err))
	}

	_, err = Run(ctx, Request{Paths: []string{tmpl}, Now: now, ConfigPath: bad})
	if Stage(err) != StageConfig {
		t.Fatalf("bad config: stage %q (%v), want %q", Stage(err), err, StageConfig)
	}

	res, err := Run(ctx, Request{Paths: []string{tmpl}, Now: now, ConfigPath: ignore})
	if err != nil {
		t.Fatal(err)
	}
	if res.ConfigPath != ignore || res.Summary.Files != 1 || res.Summary.Estates != 1 || len(res.Skipped) != 0 {
		t.Errorf("config %q, files %d, estates %d, skipped %v; want %q, 1, 1, none", res.ConfigPath, res.Summary.Files, res.Summary.Estates, res.Skipped, ignore)
	}
	ls101 := func(res *Result) *rules.Finding {
		for _, f := range allFindings(t, res) {
			if f.Rule.ID == "LS101" && f.Status == rules.Fail {
				return &f
			}
		}
		return nil
	}
	if f := ls101(res); f == nil || f.Suppressed == nil || f.Suppressed.Kind != "config" {
		t.Fatalf("LS101 with the ignore: %+v; want a FAIL suppressed by the config", f)
	}
	for _, f := range res.Failures(rules.Critical) {
		if f.Rule.ID == "LS101" {
			t.Errorf("Failures lists the suppressed LS101")
		}
	}

	// Without the ignore, LS101 fails the run at critical; with a JSON
	// report of that run as baseline, it is suppressed as old.
	res, err = Run(ctx, Request{Paths: []string{tmpl}, Now: now, ConfigPath: write("empty.yaml", "ignore: []\n")})
	if err != nil {
		t.Fatal(err)
	}
	if f := ls101(res); f == nil || f.Suppressed != nil || f.Severity != rules.Critical {
		t.Fatalf("LS101 without the ignore: %+v; want an unsuppressed critical FAIL", f)
	}
	if len(res.Failures(rules.Critical)) == 0 {
		t.Errorf("no failure at critical")
	}
	base, err := os.Create(filepath.Join(dir, "base.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := res.Write(base, "json", reportOptions()); err != nil {
		t.Fatal(err)
	}
	base.Close()
	res, err = Run(ctx, Request{Paths: []string{tmpl}, Now: now, ConfigPath: filepath.Join(dir, "empty.yaml"), Baseline: base.Name()})
	if err != nil {
		t.Fatal(err)
	}
	if f := ls101(res); f == nil || f.Suppressed == nil || f.Suppressed.Kind != "baseline" {
		t.Fatalf("LS101 against the baseline: %+v; want suppressed by the baseline", f)
	}
	if _, err := Run(ctx, Request{Paths: []string{tmpl}, Now: now, ConfigPath: ignore, Baseline: tmpl}); Stage(err) != StageBaseline {
		t.Errorf("template as baseline: stage %q (%v), want %q", Stage(err), err, StageBaseline)
	}

	// A live reader replaces the paths; its error stops the run at load.
	boom := errors.New("no credentials")
	_, err = Run(ctx, Request{ConfigPath: ignore, Live: func(context.Context) ([]*inventory.Estate, error) { return nil, boom }})
	if Stage(err) != StageLoad || !errors.Is(err, boom) {
		t.Errorf("live error: stage %q, err %v; want %q wrapping %v", Stage(err), err, StageLoad, boom)
	}
}

func reportOptions() report.Options { return report.Options{Version: "test"} }

// allFindings reads every finding of res, in report order.
func allFindings(t *testing.T, res *Result) []rules.Finding {
	t.Helper()
	var out []rules.Finding
	if err := res.Findings.Each(func(fs []rules.Finding) error {
		out = append(out, fs...)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if len(out) != res.Count {
		t.Fatalf("read %d findings, Result.Count says %d", len(out), res.Count)
	}
	return out
}

// TestFailureLine checks the line a failing run prints: counted, singular
// or plural, naming at most ten findings, suppressed and hidden ones left
// out.
func TestFailureLine(t *testing.T) {
	r := &rules.Rule{ID: "LS101"}
	fail := func(label string, sev rules.Severity) rules.Finding {
		return rules.Finding{Rule: r, Result: rules.Result{Status: rules.Fail, Resource: "R" + label, Label: label}, Severity: sev}
	}
	many := make([]rules.Finding, 12)
	for i := range many {
		many[i] = fail(string(rune('a'+i)), rules.High)
	}
	suppressed := fail("s", rules.Critical)
	suppressed.Suppressed = &rules.Suppression{Kind: "config"}
	tests := []struct {
		name string
		res  Result
		at   rules.Severity
		want string
	}{
		{"none", Result{Findings: report.Slice{fail("low", rules.Low)}}, rules.High, ""},
		{"one", Result{Findings: report.Slice{fail("low", rules.Low), fail("Web", rules.Critical), suppressed}}, rules.High,
			"1 finding at or above high: LS101 Web"},
		{"no label", Result{Findings: report.Slice{fail("", rules.High)}}, rules.High, "1 finding at or above high: LS101 R"},
		{"hidden by --severity", Result{Findings: report.Slice{fail("x", rules.High)}, Severities: []rules.Severity{rules.Critical}}, rules.High, ""},
		{"many", Result{Findings: report.Slice(many)}, rules.Medium,
			"12 findings at or above medium: LS101 a, LS101 b, LS101 c, LS101 d, LS101 e, LS101 f, LS101 g, LS101 h, LS101 i, LS101 j, and 2 more"},
	}
	for _, tt := range tests {
		if got := tt.res.FailureLine(tt.at); got != tt.want {
			t.Errorf("%s: FailureLine = %q, want %q", tt.name, got, tt.want)
		}
	}
}
