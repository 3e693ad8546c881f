package report

import (
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	"github.com/lambdasec/lambdasec/internal/inventory"
	"github.com/lambdasec/lambdasec/internal/rules"
)

// scriptHashPlaceholder stands in the Content-Security-Policy for the hash
// of the page's one inline script, filled in once the page is rendered.
const scriptHashPlaceholder = "'sha256-SCRIPT-HASH'"

// severityOrder lists severities from the highest, for columns and filters.
var severityOrder = []rules.Severity{rules.Critical, rules.High, rules.Medium, rules.Low, rules.Info}

type htmlPage struct {
	Version, Date    string
	Files, Estates   int
	EstateNames      []string
	Skipped          []htmlSkipped
	Warnings, Gaps   []string
	Expired          []string
	Fixed            int
	Severities       []htmlCount
	Fail, Unknown    int
	Pass, Suppressed int
	Areas            []htmlArea
	Functions        []*htmlFunction
	FunctionOptions  []*htmlFunction
	HasOther         bool
	MultiEstate      bool
	RuleOptions      []*rules.Rule
	Findings         []htmlFinding
	Shown, Total     int
	ShowPass         bool
	Exposure         *htmlExposure // the exposure view (html_exposure.go)
}

type htmlSkipped struct{ Where, Reason string }

type htmlCount struct {
	Name  string
	Count int
}

type htmlArea struct {
	Name                      string
	first                     string
	Severities                []int
	Unknown, Pass, Suppressed int
}

// htmlFunction is a row of the functions table and an option of the
// function filter; Key ("f3") is how findings refer to it in data-fns, so
// no estate string is ever compared by the script.
type htmlFunction struct {
	// Name is the function as the estate refers to it (its logical ID in
	// a template), Deployed its name when that differs.
	Key, Name, Deployed, Estate string
	Exposure, Power             htmlVerdict
	Severities                  []int
	Unknown                     int
	exposure, power             []rules.Finding
}

// htmlVerdict sums up the findings of an area for one function: the worst
// status and the messages of the results that did not pass.
type htmlVerdict struct {
	Class, Label string
	Items        []htmlItem
	Passed       int
}

type htmlItem struct{ RuleID, Class, Message string }

type htmlFinding struct {
	Rule                  *rules.Rule
	Severity, Status      string
	Class                 string
	Resource, Label, Kind string
	Location, Estate      string
	Functions             string
	FunctionNames         []string
	Message               string
	Evidence              []htmlEvidence
	Suppressed            *htmlSuppression
	Fix                   bool
	Hidden                bool
	Anchor                string // the article's id, for links to it
}

type htmlEvidence struct{ Label, Value, Location string }

type htmlSuppression struct{ Kind, Reason, Location string }

// HTML writes the findings as one self-contained HTML page for people:
// what was read, counts by severity and by area, a table of the functions
// with their exposure and the power of their roles, and every finding
// with its evidence, fix, references and compliance mappings, filtered in
// the page by severity, rule, function and text. All CSS and script are
// inline and a Content-Security-Policy forbids loading anything, so the
// page works offline and a value from the estate cannot reach the network
// even if it escaped its escaping. PASS results are listed but hidden
// unless opt.ShowPass; suppressed findings are shown with their reason.
func HTML(w io.Writer, fs []rules.Finding, sum Summary, opt Options) error {
	base := opt.BaseDir
	if base == "" {
		base, _ = os.Getwd()
	}
	// The page is written by htmlWriter (htmlpage.go), which escapes
	// every value from the estate, rather than by html/template: its
	// reflection (reflect.Value.MethodByName) would keep every method of
	// every AWS SDK client in the binary.
	page := writePage(buildHTMLPage(fs, sum, opt, base))
	at, hash, err := scriptPin(page)
	if err != nil {
		return fmt.Errorf("html report: %w", err)
	}
	// Written in three parts, not copied into a pinned page first: the
	// page is the report's one whole copy in memory.
	for _, part := range []string{page[:at], hash, page[at+len(scriptHashPlaceholder):]} {
		if _, err := io.WriteString(w, part); err != nil {
			return err
		}
	}
	return nil
}

// pinScript puts the SHA-256 of the page's inline script into its
// Content-Security-Policy, so that script and no other may run (see
// scriptPin).
func pinScript(page []byte) ([]byte, error) {
	p, hash, err := scriptPin(string(page))
	if err != nil {
		return nil, err
	}
	out := make([]byte, 0, len(page)+len(hash))
	out = append(out, page[:p]...)
	out = append(out, hash...)
	return append(out, page[p+len(scriptHashPlaceholder):]...), nil
}

// scriptPin returns where the policy's script-hash placeholder is in the
// page and the source expression to put there: the SHA-256 of the page's
// inline script, so that script and no other may run. The page has
// exactly one <script> element: every string from the estate is escaped,
// so a second one would be a bug, and the page is refused.
func scriptPin(page string) (at int, hash string, err error) {
	if n := countFold(page, "<script"); n != 1 {
		return 0, "", fmt.Errorf("page has %d script elements, want 1", n)
	}
	i := strings.Index(page, "<script>")
	j := strings.Index(page, "</script>")
	p := strings.Index(page, scriptHashPlaceholder)
	if i < 0 || j < i || p < 0 || p > i {
		return 0, "", errors.New("page lacks its script or its policy")
	}
	h := sha256.Sum256([]byte(page[i+len("<script>") : j]))
	return p, "'sha256-" + base64.StdEncoding.EncodeToString(h[:]) + "'", nil
}

// countFold counts the ASCII-case-insensitive occurrences of lower (a
// lower-case ASCII string) in s, without a lower-cased copy of s.
func countFold(s, lower string) int {
	n := 0
	for i := 0; i+len(lower) <= len(s); i++ {
		if (s[i] == lower[0] || s[i]+('a'-'A') == lower[0]) && strings.EqualFold(s[i:i+len(lower)], lower) {
			n++
		}
	}
	return n
}

func buildHTMLPage(fs []rules.Finding, sum Summary, opt Options, base string) *htmlPage {
	c := Count(fs)
	page := &htmlPage{
		Version: opt.Version, Files: sum.Files, Estates: sum.Estates,
		Warnings: inventory.Diagnostics(sum.Warnings).Strings(), Gaps: sum.Gaps, Expired: inventory.Diagnostics(sum.Expired).Strings(), Fixed: sum.Fixed,
		Fail: c.Fail, Unknown: c.Unknown, Pass: c.Pass, Suppressed: c.Suppressed,
		ShowPass: opt.ShowPass, Total: len(fs),
	}
	if !sum.Now.IsZero() {
		page.Date = sum.Now.UTC().Format("2006-01-02")
	}
	for _, s := range severityOrder {
		page.Severities = append(page.Severities, htmlCount{s.String(), c.BySeverity[s]})
	}
	for _, s := range sum.Skipped {
		page.Skipped = append(page.Skipped, htmlSkipped{inventory.Position(relPath(base, s.File), s.Line, s.Column), s.Message})
	}

	// Findings, worst first; within a rank, in the order SortFindings gave.
	sorted := append([]rules.Finding(nil), fs...)
	sort.SliceStable(sorted, func(i, j int) bool { return rank(sorted[i]) > rank(sorted[j]) })

	estates := map[string]bool{}
	areas := map[string]*htmlArea{}
	functions := map[string]*htmlFunction{}
	ruleSeen := map[string]*rules.Rule{}
	for _, f := range sorted {
		estates[f.Estate] = true
		ruleSeen[f.Rule.ID] = f.Rule
		a := areas[f.Rule.Area()]
		if a == nil {
			a = &htmlArea{Name: f.Rule.Area(), first: f.Rule.ID, Severities: make([]int, len(severityOrder))}
			areas[a.Name] = a
		}
		a.first = min(a.first, f.Rule.ID)
		switch {
		case f.Suppressed != nil:
			a.Suppressed++
		case f.Status == rules.Fail:
			a.Severities[rules.Critical-f.Severity]++
		case f.Status == rules.Unknown:
			a.Unknown++
		case f.Status == rules.Pass:
			a.Pass++
		}
		for _, id := range f.Functions {
			k := f.Estate + "\x00" + id
			fn := functions[k]
			if fn == nil {
				fn = &htmlFunction{Name: inventory.Describe(id), Estate: relPath(base, f.Estate), Severities: make([]int, len(severityOrder))}
				functions[k] = fn
			}
			if f.Kind == rules.KindFunction && f.Resource == id && f.Label != "" && f.Label != fn.Name {
				fn.Deployed = f.Label
			}
			if f.Suppressed != nil {
				continue
			}
			switch {
			case f.Status == rules.Fail:
				fn.Severities[rules.Critical-f.Severity]++
			case f.Status == rules.Unknown:
				fn.Unknown++
			}
			switch id := f.Rule.ID; {
			case id >= "LS101" && id <= "LS109":
				fn.exposure = append(fn.exposure, f)
			case id >= "LS201" && id <= "LS208":
				fn.power = append(fn.power, f)
			}
		}
	}
	page.MultiEstate = len(estates) > 1
	for e := range estates {
		page.EstateNames = append(page.EstateNames, relPath(base, e))
	}
	sort.Strings(page.EstateNames)
	for _, a := range areas {
		page.Areas = append(page.Areas, *a)
	}
	sort.Slice(page.Areas, func(i, j int) bool { return page.Areas[i].first < page.Areas[j].first })
	for _, r := range ruleSeen {
		page.RuleOptions = append(page.RuleOptions, r)
	}
	sort.Slice(page.RuleOptions, func(i, j int) bool { return page.RuleOptions[i].ID < page.RuleOptions[j].ID })

	// Functions: the options in name order, keyed in that order; the table
	// worst first.
	for _, fn := range functions {
		page.FunctionOptions = append(page.FunctionOptions, fn)
	}
	sort.Slice(page.FunctionOptions, func(i, j int) bool {
		a, b := page.FunctionOptions[i], page.FunctionOptions[j]
		if a.Name != b.Name {
			return a.Name < b.Name
		}
		return a.Estate < b.Estate
	})
	for i, fn := range page.FunctionOptions {
		fn.Key = fmt.Sprintf("f%d", i+1)
		fn.Exposure = verdict(fn.exposure)
		fn.Power = verdict(fn.power)
	}
	page.Functions = append([]*htmlFunction(nil), page.FunctionOptions...)
	sort.SliceStable(page.Functions, func(i, j int) bool {
		a, b := page.Functions[i], page.Functions[j]
		for k := range a.Severities {
			if a.Severities[k] != b.Severities[k] {
				return a.Severities[k] > b.Severities[k]
			}
		}
		return a.Unknown > b.Unknown
	})

	for _, f := range sorted {
		hf := htmlFinding{
			Rule: f.Rule, Severity: f.Severity.String(), Status: string(f.Status),
			Resource: f.Resource, Label: f.Label, Kind: string(f.Kind),
			Location: location(base, f.Source), Estate: relPath(base, f.Estate), Message: f.Message,
			Fix:    f.Status != rules.Pass,
			Hidden: f.Status == rules.Pass && !opt.ShowPass,
		}
		hf.Class, hf.Anchor = statusClass(f), findingAnchor(f)
		if hf.Label == hf.Resource {
			hf.Label = ""
		}
		var keys []string
		for _, id := range f.Functions {
			fn := functions[f.Estate+"\x00"+id]
			keys = append(keys, fn.Key)
			hf.FunctionNames = append(hf.FunctionNames, fn.Name)
		}
		if len(keys) == 0 {
			keys = []string{"other"}
			page.HasOther = true
		}
		sort.Strings(hf.FunctionNames)
		if len(f.Functions) == 1 && f.Functions[0] == f.Resource {
			hf.FunctionNames = nil // the function itself
		}
		hf.Functions = strings.Join(keys, " ")
		for _, ev := range f.Evidence {
			he := htmlEvidence{Label: ev.Label, Value: ev.Value}
			if ev.Source != f.Source {
				he.Location = location(base, ev.Source)
			}
			hf.Evidence = append(hf.Evidence, he)
		}
		if s := f.Suppressed; s != nil {
			hf.Suppressed = &htmlSuppression{Kind: s.Kind, Reason: s.Reason, Location: location(base, s.Source)}
		}
		if !hf.Hidden {
			page.Shown++
		}
		page.Findings = append(page.Findings, hf)
	}
	page.Exposure = buildExposure(fs, base)
	return page
}

// statusClass names a finding's colour: its severity when it fails, else
// its status.
func statusClass(f rules.Finding) string {
	switch f.Status {
	case rules.Fail:
		return f.Severity.String()
	case rules.Unknown:
		return "unknown"
	}
	return "pass"
}

// verdict sums up fs, the findings of one area that concern a function.
func verdict(fs []rules.Finding) htmlVerdict {
	if len(fs) == 0 {
		return htmlVerdict{Class: "none", Label: "not checked"}
	}
	sorted := append([]rules.Finding(nil), fs...)
	sort.SliceStable(sorted, func(i, j int) bool { return rank(sorted[i]) > rank(sorted[j]) })
	v := htmlVerdict{Class: statusClass(sorted[0])}
	switch sorted[0].Status {
	case rules.Fail:
		v.Label = sorted[0].Severity.String()
	case rules.Unknown:
		v.Label = "unknown"
	default:
		v.Label = "pass"
	}
	for _, f := range sorted {
		if f.Status == rules.Pass {
			v.Passed++
			continue
		}
		if n := len(v.Items); n > 0 && v.Items[n-1].Class == statusClass(f) && v.Items[n-1].Message == f.Message {
			// Several rules stopped by the same unreadable policy.
			v.Items[n-1].RuleID += " " + f.Rule.ID
			continue
		}
		v.Items = append(v.Items, htmlItem{RuleID: f.Rule.ID, Class: statusClass(f), Message: f.Message})
	}
	return v
}
