package report

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/lambdasec/lambdasec/internal/iampolicy"
	"github.com/lambdasec/lambdasec/internal/inventory"
	"github.com/lambdasec/lambdasec/internal/rules"
	"github.com/lambdasec/lambdasec/internal/source/cloudformation"
)

// payloads are the attacker-controlled strings of testdata/xss.yaml and of
// the findings xssFindings adds.
var payloads = []string{
	`<script>alert(1)</script>`,
	`"><img src=x onerror=alert(2)>`,
	`</script><script>alert(4)</script>`,
	`<img src=x onerror=alert(14)>`,
	`<script>alert(15)</script>`,
	`</script><script>alert(16)</script>`,
	`<svg onload=alert(20)>`,
	`'><iframe src=https://evil.example/>`,
	`--></style><script>alert(21)</script>`,
}

// xssFindings judges testdata/xss.yaml, whose function names, runtime,
// CORS origins, API path, policy names and Sids are payloads, and adds a
// finding with a payload in every field the estate can fill, a suppressed
// finding and a summary with payloads.
func xssFindings(t *testing.T) ([]rules.Finding, Summary) {
	t.Helper()
	data, err := os.ReadFile("testdata/xss.yaml")
	if err != nil {
		t.Fatal(err)
	}
	e, _, err := cloudformation.Read("testdata/xss.yaml", data)
	if err != nil {
		t.Fatal(err)
	}
	cfg := &rules.Config{ManagedPolicies: iampolicy.BuiltinManagedPolicies()}
	fs := rules.Run([]*inventory.Estate{e}, rules.All(), goldenNow, cfg)
	if len(fs) == 0 {
		t.Fatal("no findings for testdata/xss.yaml")
	}
	carried := 0
	for i, f := range fs {
		if strings.Contains(f.Label, "alert(1)") && f.Status == rules.Fail && fs[i].Suppressed == nil {
			fs[i].Suppressed = &rules.Suppression{Kind: "config", Reason: `<svg onload=alert(20)>`,
				Source: inventory.Source{File: `.lambdasec.yaml"><script>alert(21)</script>`, Line: 1, Column: 1}}
		}
		if strings.Contains(f.Message, "alert(") {
			carried++
		}
	}
	if carried < 5 {
		t.Fatalf("only %d findings carry a payload in their message; the template no longer exercises the report", carried)
	}
	r := rules.ByID(rules.All(), "LS101")
	fs = append(fs, rules.Finding{Rule: r, Estate: `--></style><script>alert(21)</script>.yaml`, Severity: rules.Critical,
		Result: rules.Result{Status: rules.Fail, Resource: `<svg onload=alert(20)>`, Kind: `'><iframe src=https://evil.example/>`,
			Label: `javascript:alert(3)`, Functions: []string{`" data-fns="f1`, `<script>alert(1)</script>`},
			Source:  inventory.Source{File: `<img src=x onerror=alert(14)>`, Line: 2, Column: 3},
			Message: `</script><script>alert(4)</script>`,
			Evidence: []rules.Evidence{{Label: `<script>alert(15)</script>`, Value: `"><img src=x onerror=alert(2)>`,
				Source: inventory.Source{ARN: `arn:aws:lambda:us-east-1:123456789012:function:</script><script>alert(16)</script>`}}}}})
	sum := Summary{Files: 1, Estates: 2, Now: goldenNow,
		Skipped:  SkippedInputs{{Source: inventory.Source{File: `<script>alert(1)</script>.yaml`, Line: 1, Column: 2}, Message: `"><img src=x onerror=alert(2)>`}},
		Warnings: Warnings{{Message: `</script><script>alert(4)</script>`, Severity: inventory.SeverityWarning}}, Gaps: []string{`<svg onload=alert(20)>`},
		Expired: Warnings{{Message: `'><iframe src=https://evil.example/>`, Severity: inventory.SeverityWarning}}}
	return fs, sum
}

var (
	tagRE    = regexp.MustCompile(`^<(/?)([a-z][a-z0-9]*)((?:\s+[a-z-]+(?:="[^"<>]*")?)*)\s*>`)
	attrRE   = regexp.MustCompile(`\s+([a-z-]+)(?:="([^"]*)")?`)
	cspRE    = regexp.MustCompile(`<meta http-equiv="Content-Security-Policy" content="([^"]*)">`)
	allowTag = map[string]bool{"html": true, "head": true, "meta": true, "title": true, "link": true, "style": true,
		"body": true, "header": true, "main": true, "footer": true, "div": true, "span": true, "h1": true, "h2": true,
		"h3": true, "p": true, "ul": true, "li": true, "b": true, "table": true, "thead": true, "tbody": true, "tr": true,
		"th": true, "td": true, "details": true, "summary": true, "button": true, "form": true, "label": true,
		"input": true, "select": true, "option": true, "article": true, "dl": true, "dt": true, "dd": true, "pre": true,
		"code": true, "a": true, "script": true, "nav": true, "section": true, "h4": true, "ol": true}
	allowAttr = map[string]bool{"lang": true, "charset": true, "http-equiv": true, "content": true, "name": true,
		"rel": true, "href": true, "class": true, "id": true, "type": true, "value": true, "checked": true,
		"title": true, "aria-label": true, "placeholder": true, "autocomplete": true, "hidden": true,
		"target": true, "data-sort": true}
	// inPageRE matches the page's links to its own parts: sections, a
	// rule's remediation, a function's findings (by key).
	inPageRE = regexp.MustCompile(`^#([a-z-]+|fix-LS[0-9]{3}|fn=[0-9]+)$`)
)

// TestHTMLEscapesEstate renders an estate full of HTML and script payloads
// and checks that none of them became markup: the page is made only of the
// elements and attributes the page writer writes, with one script (the one
// the policy's hash pins), no event-handler attribute, no src, and no link
// but the rules' references.
func TestHTMLEscapesEstate(t *testing.T) {
	fs, sum := xssFindings(t)
	var buf bytes.Buffer
	if err := HTML(&buf, fs, sum, Options{Version: "v0.0.0-test", BaseDir: ".", ShowPass: true}); err != nil {
		t.Fatal(err)
	}
	page := buf.String()

	for _, p := range payloads {
		if strings.Contains(page, p) {
			t.Errorf("payload %q appears unescaped", p)
		}
	}
	for _, raw := range []string{"<script>alert", "<img", "<svg", "<iframe", "onerror=alert(2)>", "</script><script>"} {
		if strings.Contains(page, raw) {
			t.Errorf("page contains %q", raw)
		}
	}
	for _, want := range []string{`&lt;script&gt;alert(1)&lt;/script&gt;`, `&#34;&gt;&lt;img src=x onerror=alert(2)&gt;`,
		`&lt;/script&gt;&lt;script&gt;alert(4)&lt;/script&gt;`, `&lt;svg onload=alert(20)&gt;`, `{{.}}`, `javascript:alert(3)`} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks the escaped payload %q: the test no longer exercises it", want)
		}
	}

	// The policy forbids everything but inline styles, data: images and
	// the one script whose hash it names.
	m := cspRE.FindStringSubmatch(page)
	if m == nil {
		t.Fatal("no Content-Security-Policy meta element")
	}
	csp := map[string]string{}
	for _, d := range strings.Split(m[1], ";") {
		name, val, _ := strings.Cut(strings.TrimSpace(d), " ")
		csp[name] = val
	}
	if csp["default-src"] != "'none'" || csp["img-src"] != "data:" || csp["style-src"] != "'unsafe-inline'" ||
		!strings.HasPrefix(csp["script-src"], "'sha256-") || strings.Contains(m[1], "http") || len(csp) != 6 {
		t.Errorf("policy %q", m[1])
	}
	if n := strings.Count(strings.ToLower(page), "<script"); n != 1 {
		t.Fatalf("%d script elements, want 1", n)
	}
	i, j := strings.Index(page, "<script>"), strings.Index(page, "</script>")
	if i < strings.Index(page, "</main>") {
		t.Errorf("the script is not after all the content")
	}
	h := sha256.Sum256([]byte(page[i+len("<script>") : j]))
	if want := "script-src 'sha256-" + base64.StdEncoding.EncodeToString(h[:]) + "'"; !strings.Contains(m[1], want) {
		t.Errorf("policy %q does not pin the script (want %s)", m[1], want)
	}

	// Every '<' outside the style and script bodies starts a tag the
	// template writes, with attributes it writes.
	refs := map[string]bool{}
	for _, r := range rules.All() {
		for _, ref := range r.References {
			refs[ref] = true
		}
	}
	body := page[:strings.Index(page, "<style>")+len("<style>")] + page[strings.Index(page, "</style>"):i+len("<script>")] + page[j:]
	body = strings.TrimPrefix(body, "<!DOCTYPE html>")
	tags := 0
	for k := 0; k < len(body); k++ {
		if body[k] != '<' {
			continue
		}
		m := tagRE.FindStringSubmatch(body[k:])
		if m == nil {
			t.Errorf("stray '<' at %q", body[k:min(len(body), k+60)])
			continue
		}
		tags++
		if !allowTag[m[2]] {
			t.Errorf("unexpected element <%s>", m[2])
		}
		for _, a := range attrRE.FindAllStringSubmatch(m[3], -1) {
			name, val := a[1], a[2]
			switch {
			case !allowAttr[name] || strings.HasPrefix(name, "on"):
				t.Errorf("unexpected attribute %s=%q on <%s>", name, val, m[2])
			case name == "href" && !(refs[val] || val == "data:," || inPageRE.MatchString(val)):
				t.Errorf("link to %q, which is not a rule's reference", val)
			case name == "href" && !strings.HasPrefix(val, "https://") && !strings.HasPrefix(val, "#") && m[2] == "a":
				t.Errorf("reference link %q is not https", val)
			}
		}
	}
	if tags < 100 {
		t.Errorf("only %d tags checked", tags)
	}
	if !regexp.MustCompile(`<a href="https://docs\.aws\.amazon\.com/[^"]+" rel="noreferrer noopener" target="_blank">`).MatchString(page) {
		t.Error("no reference link to docs.aws.amazon.com")
	}
	// The tables' data carries the payloads as JSON strings (the script
	// sets them as text): each one is there, whole, and the suppressed
	// finding's reason with it.
	data := pageDataOf(t, page)
	var strs []string
	if err := json.Unmarshal(data["s"], &strs); err != nil {
		t.Fatal(err)
	}
	var fns [][]json.RawMessage
	if err := json.Unmarshal(data["fns"], &fns); err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{}
	for _, f := range fns {
		var name string
		json.Unmarshal(f[0], &name)
		names[name] = true
	}
	if !names[`<script>alert(1)</script>`] {
		t.Errorf("function names in the data: %v, want the payload <script>alert(1)</script>", names)
	}
	if !slices.Contains(strs, `'><iframe src=https://evil.example/>`) {
		t.Error("the finding's kind payload is not in the data's strings")
	}
	if !strings.Contains(string(data["rows"]), `["config","\u003csvg onload=alert(20)\u003e"`) {
		t.Error("the suppressed finding does not carry its reason")
	}
}

// pageDataOf returns the JSON of the page's hidden #data element, by key.
func pageDataOf(t *testing.T, page string) map[string]json.RawMessage {
	t.Helper()
	const open = `<div id="data" hidden>`
	i := strings.Index(page, open)
	j := strings.Index(page[i+1:], "</div>")
	if i < 0 || j < 0 {
		t.Fatal("no #data element")
	}
	raw := page[i+len(open) : i+1+j]
	if strings.ContainsAny(raw, "<>&") {
		t.Fatalf("page data holds markup characters")
	}
	var data map[string]json.RawMessage
	if err := json.Unmarshal([]byte(raw), &data); err != nil {
		t.Fatalf("page data: %v", err)
	}
	return data
}

// TestHTMLFunctions checks the functions table of the golden estate: the
// exposure of a public function, the role power of one that can escalate,
// and UNKNOWN where the role is not known.
func TestHTMLFunctions(t *testing.T) {
	fs, sum := goldenFindings(t)
	page := pageOf(t, fs, sum, Options{})
	got := map[string][2]string{}
	for _, fn := range functionsOf(t, page) {
		got[fn.Name] = [2]string{fn.Exposure().Label, fn.Power().Label}
	}
	want := map[string][2]string{
		"Public":   {"critical", "pass"},
		"Deployer": {"pass", "high"},
		"Unknown":  {"pass", "unknown"},
	}
	for name, w := range want {
		if got[name] != w {
			t.Errorf("function %s: exposure, power = %v, want %v", name, got[name], w)
		}
	}
	if len(page.Worst) == 0 || page.Worst[0].Name != "Public" {
		t.Errorf("worst functions %v, want Public first", page.Worst)
	}
	if page.Shown != page.Fail+page.Unknown+page.Suppressed {
		t.Errorf("shown %d, want failures and unknowns (%d)", page.Shown, page.Fail+page.Unknown)
	}
}

// TestPageRefusesSecondScript: a page with a second script element (an
// escape gone wrong) is an error once written, "<script" counted in any
// case and also when two writes split it; the policy pins the script's
// hash.
func TestPageRefusesSecondScript(t *testing.T) {
	for _, tc := range []struct {
		parts []string
		want  int
	}{
		{[]string{`<p><SCRIPT>alert(1)</SCRIPT></p>`, `<script>ok()</script>`}, 2},
		{[]string{`<p><scr`, `IPT>alert(1)</p><`, `s`, `cript>ok()</script>`}, 2},
		{[]string{`<p>`, `<script>ok()</script>`}, 1},
		{[]string{`<p>no script</p>`}, 0},
	} {
		var out bytes.Buffer
		p := pageOut{out: bufio.NewWriter(&out)}
		for i, s := range tc.parts {
			if i%2 == 0 {
				p.WriteString(s)
			} else {
				p.Write([]byte(s))
			}
		}
		err := p.flush()
		if p.scripts != tc.want || (err == nil) != (tc.want == 1) || out.String() != strings.Join(tc.parts, "") {
			t.Errorf("%q: %d scripts, error %v, wrote %q", tc.parts, p.scripts, err, out.String())
		}
	}
	var page bytes.Buffer
	fs, sum := goldenFindings(t)
	if err := HTML(&page, fs, sum, Options{Version: "test"}); err != nil {
		t.Fatal(err)
	}
	i, j := strings.Index(page.String(), "<script>"), strings.Index(page.String(), "</script>")
	h := sha256.Sum256(page.Bytes()[i+len("<script>") : j])
	if want := "script-src 'sha256-" + base64.StdEncoding.EncodeToString(h[:]) + "'"; !strings.Contains(page.String(), want) {
		t.Errorf("the policy does not pin the script's hash (%s)", want)
	}
}
