package report

import (
	"bytes"
	"encoding/json"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/lambdasec/lambdasec/internal/inventory"
	"github.com/lambdasec/lambdasec/internal/rules"
)

// pageOf builds the page of fs as writeHTML does; its files are removed
// when the test ends.
func pageOf(t *testing.T, fs []rules.Finding, sum Summary, opt Options) *htmlPage {
	t.Helper()
	page, err := buildHTMLPage(Slice(fs), sum, opt, ".")
	if page != nil {
		t.Cleanup(page.close)
	}
	if err != nil {
		t.Fatal(err)
	}
	return page
}

// functionsOf returns the functions of page in key order, read back
// from their records.
func functionsOf(t *testing.T, page *htmlPage) []*htmlFunction {
	t.Helper()
	var fns []*htmlFunction
	if err := page.functions.each(func(fn *htmlFunction) error { fns = append(fns, fn); return nil }); err != nil {
		t.Fatal(err)
	}
	return fns
}

// htmlOf renders the HTML report of fs and sum.
func htmlOf(t *testing.T, fs []rules.Finding, sum Summary, opt Options) string {
	t.Helper()
	var buf bytes.Buffer
	if err := HTML(&buf, fs, sum, opt); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

// TestHTMLSectionOrder: what was assessed, the verdict, the findings by
// function, compliance, how to fix and the appendix, in that order; the
// files read collapsed, the gaps not.
func TestHTMLSectionOrder(t *testing.T) {
	fs, sum := goldenFindings(t)
	sum.Gaps = []string{"lambda:GetPolicy denied for 1 function in us-east-1"}
	page := htmlOf(t, fs, sum, Options{Version: "v1.2.3", BaseDir: ".", Rules: rules.All()})
	var ids []string
	for _, m := range regexp.MustCompile(`<section id="([a-z-]+)"`).FindAllStringSubmatch(page, -1) {
		ids = append(ids, m[1])
	}
	want := "assessed verdict by-function compliance fixes appendix"
	if got := strings.Join(ids, " "); got != want {
		t.Errorf("sections %q, want %q", got, want)
	}
	if !strings.Contains(page, `<details id="files"><summary>Files read (2) and skipped (1)</summary>`) {
		t.Error("the files read and skipped are not one collapsed details element")
	}
	gaps := page[strings.Index(page, `<h3 id="gaps">`):]
	if !strings.Contains(gaps, "<li>not read: lambda:GetPolicy denied for 1 function in us-east-1</li>") ||
		!strings.Contains(gaps, "testdata/broken.yaml:3:1") {
		t.Error("the appendix does not list the gap and the skipped file")
	}
	if i, j := strings.Index(page, `id="assessed"`), strings.Index(page, `class="cards"`); i > j {
		t.Error("the counts come before what was assessed")
	}
}

// TestHTMLAssessment: the accounts with regions, caller identity and
// collection time; version, runtime table date, rule count, configuration
// and baseline.
func TestHTMLAssessment(t *testing.T) {
	fs, sum := goldenFindings(t)
	sum.Config = "/repo/.lambdasec.yaml"
	sum.Fixed = 4
	sum.Assessment = Assessment{
		Accounts: []AssessedAccount{{ID: "111122223333", Regions: []string{"eu-west-1", "us-east-1"},
			Caller: "arn:aws:sts::111122223333:assumed-role/audit/lambdasec", CollectedAt: time.Date(2026, 11, 20, 9, 30, 0, 0, time.UTC)}},
		Inputs:       []string{"/repo/snapshot.json"},
		RuntimesAsOf: time.Date(2026, 8, 1, 0, 0, 0, 0, time.UTC), RuntimesSource: "https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html",
		Baseline: "/repo/last.json",
	}
	page := htmlOf(t, fs, sum, Options{Version: "v1.2.3", BaseDir: "/repo", Rules: rules.All()})
	assessed := page[strings.Index(page, `<section id="assessed"`):strings.Index(page, `<section id="verdict"`)]
	for _, want := range []string{
		`<td class="mono">111122223333</td><td>eu-west-1, us-east-1</td><td class="mono wrapany">arn:aws:sts::111122223333:assumed-role/audit/lambdasec</td><td>2026-11-20 09:30 UTC</td>`,
		`<tr><th>lambdasec</th><td>v1.2.3</td></tr>`,
		`<tr><th>Runtime table</th><td>as of 2026-08-01`,
		`<tr><th>Rules</th><td>` + itoa(len(rules.All())) + ` rules run</td></tr>`,
		`configuration <span class="mono">.lambdasec.yaml</span>`,
		`<span class="mono">/repo/last.json</span>: only what it lacks is reported; 4 of its findings fixed since`,
		`<tr><th>Judged as of</th><td>2026-11-21</td></tr>`,
	} {
		if !strings.Contains(assessed, want) {
			t.Errorf("what was assessed lacks %s", want)
		}
	}
	if !strings.Contains(page, "<li>snapshot.json</li>") {
		t.Error("the appendix does not list the file read, relative to the base directory")
	}
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }

// TestHTMLVerdictUnknown: a function whose policy could not be read
// (UNKNOWN) beside a low failure is UNKNOWN, with the low kept as "at
// least"; a known critical stays critical; PASS only when all passed.
func TestHTMLVerdictUnknown(t *testing.T) {
	r := rules.ByID(rules.All(), "LS101")
	r2 := rules.ByID(rules.All(), "LS103")
	f := func(rule *rules.Rule, st rules.Status, sev rules.Severity) rules.Finding {
		return rules.Finding{Rule: rule, Severity: sev, Result: rules.Result{Status: st, Message: string(st) + " " + rule.ID}}
	}
	for _, c := range []struct {
		name        string
		fs          []rules.Finding
		label, know string
	}{
		{"low and unknown", []rules.Finding{f(r, rules.Unknown, rules.Critical), f(r2, rules.Fail, rules.Low)}, "unknown", "low"},
		{"unknown only", []rules.Finding{f(r, rules.Unknown, rules.Critical), f(r2, rules.Pass, rules.Low)}, "unknown", ""},
		{"critical and unknown", []rules.Finding{f(r, rules.Fail, rules.Critical), f(r2, rules.Unknown, rules.Low)}, "critical", ""},
		{"passed", []rules.Finding{f(r, rules.Pass, rules.Critical), f(r2, rules.Pass, rules.Low)}, "pass", ""},
		{"medium", []rules.Finding{f(r, rules.Pass, rules.Critical), f(r2, rules.Fail, rules.Medium)}, "medium", ""},
	} {
		// The verdict is taken in report order, whatever the order of
		// the classes: both orders give the same.
		for _, order := range [][2]int{{0, 1}, {1, 0}} {
			var sum verdictSum
			for k, i := range order {
				sum.add(&c.fs[i], classOf(c.fs[i]), k)
			}
			v := sum.verdict()
			if v.Label != c.label || v.Class != c.label || v.Known != c.know {
				t.Errorf("%s %v: verdict %s (class %s, at least %q), want %s (at least %q)", c.name, order, v.Label, v.Class, v.Known, c.label, c.know)
			}
		}
	}
}

// TestHTMLRuleOncePerFunction: a function with three results of one rule
// lists the rule once, with the count; the worst class is kept.
func TestHTMLRuleOncePerFunction(t *testing.T) {
	r := rules.ByID(rules.All(), "LS107")
	var fs []rules.Finding
	for i, st := range []rules.Status{rules.Fail, rules.Fail, rules.Unknown} {
		fs = append(fs, rules.Finding{Rule: r, Estate: "t.yaml", Severity: rules.Medium, Result: rules.Result{Status: st,
			Resource: "Q" + itoa(i), Kind: rules.KindAPIRoute, Functions: []string{"Fn"}, Message: "m",
			Source: inventory.Source{File: "t.yaml", Line: i + 1, Column: 1}}})
	}
	page := pageOf(t, fs, Summary{}, Options{})
	fns := functionsOf(t, page)
	if len(fns) != 1 {
		t.Fatalf("%d functions", len(fns))
	}
	got := fns[0].Rules
	if len(got) != 1 || got[0].ID != "LS107" || got[0].Count != 3 || className(int(got[0].Class)) != "medium" {
		t.Errorf("rules of the function: %+v, want LS107 once, count 3, medium", got)
	}
	html := htmlOf(t, fs, Summary{}, Options{})
	if !strings.Contains(html, `<span class="rc medium">LS107 ×3</span>`) || strings.Contains(html, "LS107 LS107") {
		t.Error("the worst-functions table does not show LS107 once with its count")
	}
}

// TestHTMLExposurePaths: the verdict shows the exposure view (the LS110
// paths) before the worst functions, and leaves it out when no finding
// is a path.
func TestHTMLExposurePaths(t *testing.T) {
	fs, sum := goldenFindings(t)
	if page := htmlOf(t, fs, sum, Options{}); strings.Contains(page, "Top exposure paths") {
		t.Error("an exposure-paths section without paths")
	}
	page := htmlOf(t, shopFindings(t, shopTemplate), Summary{}, Options{})
	i, j := strings.Index(page, `<section id="exposure">`), strings.Index(page, "<h3>Worst functions</h3>")
	if i < 0 || j < 0 || i > j || i < strings.Index(page, `<section id="verdict"`) {
		t.Errorf("the exposure view is not in the verdict before the worst functions (at %d, worst at %d)", i, j)
	}
}

// TestHTMLCompliance: results grouped by control, with counts per status
// and the failing resources; FSBP first, controls in natural order.
func TestHTMLCompliance(t *testing.T) {
	fs, sum := goldenFindings(t)
	page := pageOf(t, fs, sum, Options{})
	if len(page.Compliance) == 0 || page.Compliance[0].Name != "AWS FSBP" {
		t.Fatalf("frameworks %v, want AWS FSBP first", page.Compliance)
	}
	var lambda1 *htmlControl
	for _, ctl := range page.Compliance[0].Controls {
		if ctl.Control == "Lambda.1" {
			lambda1 = ctl
		}
	}
	if lambda1 == nil {
		t.Fatal("no Lambda.1 control")
	}
	// Count the LS101 results of the estate by hand.
	var pass, fail, unknown int
	for _, f := range fs {
		if f.Rule.ID != "LS101" {
			continue
		}
		switch f.Status {
		case rules.Pass:
			pass++
		case rules.Fail:
			fail++
		case rules.Unknown:
			unknown++
		}
	}
	if fail == 0 || lambda1.Fail != fail || lambda1.Pass != pass || lambda1.Unknown != unknown {
		t.Errorf("Lambda.1: fail %d pass %d unknown %d, want %d %d %d", lambda1.Fail, lambda1.Pass, lambda1.Unknown, fail, pass, unknown)
	}
	if strings.Join(lambda1.Failing, ",") != "Public" {
		t.Errorf("Lambda.1 failing resources %v, want Public", lambda1.Failing)
	}
	if naturalCompare("Lambda.2", "Lambda.10") >= 0 || naturalCompare("SAS-10", "SAS-9") <= 0 || naturalCompare("a", "a") != 0 {
		t.Error("naturalCompare does not order numbers as numbers")
	}
}

// TestHTMLUnknownNeverSeverity: in the page's data an UNKNOWN result has
// the unknown class, never a severity's, whatever its rule's severity.
func TestHTMLUnknownNeverSeverity(t *testing.T) {
	fs, sum := goldenFindings(t)
	data := pageDataOf(t, htmlOf(t, fs, sum, Options{}))
	var rows [][]json.RawMessage
	if err := json.Unmarshal(data["rows"], &rows); err != nil {
		t.Fatal(err)
	}
	unknowns, want := 0, 0
	for _, r := range rows {
		if string(r[0]) == itoa(classUnknown) {
			unknowns++
		}
	}
	for _, f := range fs {
		if f.Status == rules.Unknown {
			want++
		}
	}
	if unknowns == 0 || unknowns != want {
		t.Errorf("%d rows of class unknown, want the %d UNKNOWN results", unknowns, want)
	}
	for _, f := range fs {
		if f.Status == rules.Unknown && classOf(f) != classUnknown {
			t.Errorf("%s: UNKNOWN result classed %s", f.Rule.ID, className(classOf(f)))
		}
	}
}
