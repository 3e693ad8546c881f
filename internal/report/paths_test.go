package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/lambdasec/lambdasec/internal/iampolicy"
	"github.com/lambdasec/lambdasec/internal/inventory"
	"github.com/lambdasec/lambdasec/internal/rules"
	"github.com/lambdasec/lambdasec/internal/source/cloudformation"
)

// shopFindings judges examples/vulnerable-shop with every rule.
func shopFindings(t *testing.T, path string) []rules.Finding {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	e, _, err := cloudformation.Read(path, data)
	if err != nil {
		t.Fatal(err)
	}
	return rules.Run([]*inventory.Estate{e}, rules.All(), goldenNow, &rules.Config{ManagedPolicies: iampolicy.BuiltinManagedPolicies()})
}

const shopTemplate = "../../examples/vulnerable-shop/template.yaml"

// The top three paths of the example, as the table, JSON and SARIF must
// show them, in order.
var shopTop = []string{
	"ShopApi POST /admin → AdminFunction → AdminFunctionRole → privilege escalation",
	"bucket ReceiptsBucket → ReceiptsFunction → ReceiptsFunctionRole → data in every store of a kind",
	"ShopApi GET /orders → OrdersFunction → OrdersFunctionRole → invoke any function → every function (4)",
}

func TestTableTopPaths(t *testing.T) {
	var buf bytes.Buffer
	if err := Write(&buf, "table", shopFindings(t, shopTemplate), Summary{Files: 1, Estates: 1}, Options{Width: 400, BaseDir: "../.."}); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if !strings.HasPrefix(out, "Top exposure paths\n") {
		t.Fatalf("the table does not start with Top exposure paths:\n%s", out[:min(len(out), 400)])
	}
	section, _, _ := strings.Cut(out, "\n\n")
	last := 0
	for i, want := range shopTop {
		at := strings.Index(section, want)
		if at < last {
			t.Errorf("path %d %q missing or out of order in:\n%s", i+1, want, section)
		}
		last = at
	}
	for _, hop := range []string{
		"entry    ShopApi POST /admin — no authorization; the API defines authorizer TokenAuthorizer but the route does not use it (examples/vulnerable-shop/template.yaml:31:15)",
		"entry    bucket ReceiptsBucket — statement AnyoneUploads of its policy lets anyone",
		"role     OrdersFunctionRole — may: invoke any function (examples/vulnerable-shop/template.yaml:58:3)",
		"cut: attach authorizer TokenAuthorizer to ShopApi POST /admin",
	} {
		if !strings.Contains(section, hop) {
			t.Errorf("no hop line %q in:\n%s", hop, section)
		}
	}
}

func TestJSONPaths(t *testing.T) {
	var buf bytes.Buffer
	if err := Write(&buf, "json", shopFindings(t, shopTemplate), Summary{}, Options{}); err != nil {
		t.Fatal(err)
	}
	var rep JSONReport
	if err := json.Unmarshal(buf.Bytes(), &rep); err != nil {
		t.Fatal(err)
	}
	if len(rep.Paths) != 3 {
		t.Fatalf("%d paths, want 3", len(rep.Paths))
	}
	fps := map[string]bool{}
	for _, f := range rep.Findings {
		if f.RuleID == "LS110" {
			fps[f.Fingerprint] = true
		}
	}
	for i, p := range rep.Paths {
		var labels []string
		for _, h := range p.Hops[1:] {
			labels = append(labels, h.Label)
			if h.Source.Line == 0 {
				t.Errorf("path %d hop %s has no line", i+1, h.Label)
			}
		}
		if got := strings.Join(labels, " → "); p.Rank != i+1 || got != shopTop[i] {
			t.Errorf("path rank %d: %s; want rank %d: %s", p.Rank, got, i+1, shopTop[i])
		}
		if !fps[p.Fingerprint] {
			t.Errorf("path %d's fingerprint %s is no LS110 finding's", i+1, p.Fingerprint)
		}
	}
	if rep.Paths[0].Severity != "critical" || rep.Paths[1].Severity != "high" {
		t.Errorf("severities %s, %s; want critical, high", rep.Paths[0].Severity, rep.Paths[1].Severity)
	}
}

func TestSARIFCodeFlows(t *testing.T) {
	var buf bytes.Buffer
	if err := Write(&buf, "sarif", shopFindings(t, shopTemplate), Summary{}, Options{SARIFRoot: "../.."}); err != nil {
		t.Fatal(err)
	}
	var log struct {
		Runs []struct {
			Results []struct {
				RuleID    string `json:"ruleId"`
				CodeFlows []struct {
					ThreadFlows []struct {
						Locations []struct {
							Location struct {
								Message          *struct{ Text string } `json:"message"`
								PhysicalLocation *struct {
									ArtifactLocation struct{ URI string }    `json:"artifactLocation"`
									Region           struct{ StartLine int } `json:"region"`
								} `json:"physicalLocation"`
							} `json:"location"`
							ExecutionOrder int `json:"executionOrder"`
						} `json:"locations"`
					} `json:"threadFlows"`
				} `json:"codeFlows"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(buf.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	flows := 0
	for _, r := range log.Runs[0].Results {
		if r.RuleID != "LS110" {
			if len(r.CodeFlows) > 0 {
				t.Errorf("%s result has a codeFlow", r.RuleID)
			}
			continue
		}
		flows++
		locs := r.CodeFlows[0].ThreadFlows[0].Locations
		if len(locs) < 5 {
			t.Errorf("codeFlow of %d locations, want one per hop (5 or more)", len(locs))
		}
		for i, l := range locs {
			if l.ExecutionOrder != i+1 || l.Location.Message == nil || l.Location.Message.Text == "" {
				t.Errorf("location %d: order %d, message %v", i, l.ExecutionOrder, l.Location.Message)
			}
			if i > 0 && (l.Location.PhysicalLocation == nil || l.Location.PhysicalLocation.ArtifactLocation.URI != "examples/vulnerable-shop/template.yaml" || l.Location.PhysicalLocation.Region.StartLine == 0) {
				t.Errorf("hop %d (%v) is not located in the template with a line", i+1, l.Location.Message)
			}
		}
	}
	if flows != 3 {
		t.Errorf("%d LS110 results with codeFlows, want 3", flows)
	}
}

// TestHTMLExposureView checks the view's links and escaping: every hop
// links to an article of the page, and estate strings built to break out
// of SVG text or attributes stay text.
func TestHTMLExposureView(t *testing.T) {
	var buf bytes.Buffer
	if err := Write(&buf, "html", shopFindings(t, shopTemplate), Summary{}, Options{}); err != nil {
		t.Fatal(err)
	}
	page := buf.String()
	view, ok := between(page, `<section id="exposure">`, "</section>")
	if !ok || !strings.Contains(view, "<svg") {
		t.Fatal("no exposure section with an SVG")
	}
	// A hop links to its finding as a filter of the findings table: the
	// rule and the resource of a finding of the page that did not pass.
	fs := shopFindings(t, shopTemplate)
	type key struct{ rule, resource string }
	findings := map[key]bool{}
	for _, f := range fs {
		if f.Status != rules.Pass {
			findings[key{f.Rule.ID, f.Resource}] = true
		}
	}
	links := regexp.MustCompile(`href="#([^"]+)"`).FindAllStringSubmatch(view, -1)
	if len(links) < 3*6 {
		t.Errorf("%d links in the view, want at least the 3 paths' hops", len(links))
	}
	for _, m := range links {
		q, err := url.ParseQuery(html.UnescapeString(m[1]))
		if err != nil || !findings[key{q.Get("rule"), q.Get("q")}] {
			t.Errorf("link to #%s, which is no finding of the page", m[1])
		}
	}

	xss := `AWSTemplateFormatVersion: "2010-09-09"
Transform: AWS::Serverless-2016-10-31
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      FunctionName: "</text><script>alert(1)</script>"
      Runtime: python3.13
      Handler: app.handler
      CodeUri: src/
      Policies: [AdministratorAccess]
      Events:
        Get: {Type: Api, Properties: {Path: "/x\"><svg onload=alert(2)>", Method: get}}
`
	e, _, err := cloudformation.Read("xss.yaml", []byte(xss))
	if err != nil {
		t.Fatal(err)
	}
	fs = rules.Run([]*inventory.Estate{e}, rules.All(), goldenNow, &rules.Config{ManagedPolicies: iampolicy.BuiltinManagedPolicies()})
	buf.Reset()
	if err := Write(&buf, "html", fs, Summary{}, Options{}); err != nil {
		t.Fatal(err)
	}
	view, ok = between(buf.String(), `<section id="exposure">`, "</section>")
	if !ok {
		t.Fatal("the XSS estate has no exposure view (its route to an admin function is a path)")
	}
	for _, bad := range []string{"<script", "<svg onload", "</text><script"} {
		if strings.Contains(view, bad) {
			t.Errorf("the view holds %q unescaped", bad)
		}
	}
	if !strings.Contains(view, "&lt;/text&gt;&lt;script&gt;") {
		t.Error("the function name is not in the view, escaped")
	}
}

func between(s, start, end string) (string, bool) {
	_, rest, ok := strings.Cut(s, start)
	if !ok {
		return "", false
	}
	in, _, ok := strings.Cut(rest, end)
	return in, ok
}

// TestHTMLExposureManyPaths: with more paths than the diagram draws, it
// draws the best MaxDrawnPaths (their nodes only: clean functions are left
// out) and says so; the list names every path.
func TestHTMLExposureManyPaths(t *testing.T) {
	var b strings.Builder
	b.WriteString("AWSTemplateFormatVersion: \"2010-09-09\"\nTransform: AWS::Serverless-2016-10-31\nGlobals:\n  Function: {Runtime: python3.13, Handler: app.handler, CodeUri: src/}\nResources:\n")
	for i := range 60 {
		fmt.Fprintf(&b, "  Open%d:\n    Type: AWS::Serverless::Function\n    Properties:\n      Policies: [AmazonDynamoDBFullAccess]\n      Events:\n        Get: {Type: Api, Properties: {Path: /o%d, Method: get}}\n", i, i)
	}
	for i := range 400 {
		fmt.Fprintf(&b, "  Clean%d:\n    Type: AWS::Serverless::Function\n", i)
	}
	e, _, err := cloudformation.Read("many.yaml", []byte(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	fs := rules.Run([]*inventory.Estate{e}, rules.All(), goldenNow, &rules.Config{ManagedPolicies: iampolicy.BuiltinManagedPolicies()})
	var buf bytes.Buffer
	if err := Write(&buf, "html", fs, Summary{}, Options{}); err != nil {
		t.Fatal(err)
	}
	view, ok := between(buf.String(), `<section id="exposure">`, "</section>")
	if !ok {
		t.Fatal("no exposure view")
	}
	svg, _ := between(view, "<svg", "</svg>")
	// 1 outside + 25 entries + 25 functions + 25 roles + 25 impacts.
	if n := strings.Count(svg, "<rect"); n != 1+4*MaxDrawnPaths {
		t.Errorf("%d nodes drawn, want %d (the best %d paths' nodes only)", n, 1+4*MaxDrawnPaths, MaxDrawnPaths)
	}
	if strings.Contains(svg, "Clean") {
		t.Error("a function on no path is drawn")
	}
	if !strings.Contains(view, "The 25 best ranked of 60 paths are drawn") {
		t.Error("the view does not say how many paths it drew")
	}
	if n := strings.Count(view, "<li "); n != 60 {
		t.Errorf("%d paths listed, want 60", n)
	}
}
