package report

import (
	"cmp"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws/arn"

	"github.com/lambdasec/lambdasec/internal/inventory"
	"github.com/lambdasec/lambdasec/internal/rules"
)

// scriptSource is the source expression of the page's Content-Security-
// Policy for its one inline script: the SHA-256 of the script element's
// text ("\n" and html_script.js), so that script and no other may run. The
// script is ours and fixed, so the hash is known before the page is
// written, and the page is streamed.
var scriptSource = func() string {
	h := sha256.Sum256([]byte("\n" + htmlScript))
	return "'sha256-" + base64.StdEncoding.EncodeToString(h[:]) + "'"
}()

// severityOrder lists severities from the highest, for columns and filters.
var severityOrder = []rules.Severity{rules.Critical, rules.High, rules.Medium, rules.Low, rules.Info}

// Row classes of the page's data: the severity of a failure (its index in
// severityOrder), or the status of a result that did not fail.
const (
	classUnknown = 5 // UNKNOWN (after the five severities), never shown as a severity
	classPass    = 6 // PASS
)

// worstFunctions is how many functions the verdict names.
const worstFunctions = 10

type htmlPage struct {
	Version, Date  string
	Assessment     Assessment
	Files, Estates int
	Rules          int
	Config, Shard  string
	Excluded       int
	Skipped        []htmlSkipped
	Warnings, Gaps []string
	Expired        []string
	Fixed          int

	Severities       []htmlCount
	Fail, Unknown    int
	Pass, Suppressed int
	Worst            []*htmlFunction
	Areas            []htmlArea

	Functions []*htmlFunction // in key order
	// Live and Templates say which location columns the tables have: the
	// account and region of live estates, the file of templates.
	Live, Templates bool
	RuleList        []*rules.Rule // the rules of the findings, in ID order
	ruleIndex       map[string]int
	Findings        []htmlFinding
	Shown, Total    int
	HasOther        bool // a listed finding concerns no function
	ShowPass        bool
	PassNotListed   int

	Compliance []htmlFramework
	Fixes      []htmlFix
	// rowOf maps a finding's index in the worst-first order to its row
	// in Findings, -1 when it is not listed (a PASS without ShowPass).
	rowOf    []int
	Exposure *htmlExposure // the exposure view (html_exposure.go), nil without paths
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
// function filter; findings refer to it by Key, its index in
// htmlPage.Functions, so no estate string is ever compared by the script.
type htmlFunction struct {
	Key int
	// Name is the function as the estate refers to it (its logical ID in
	// a template, its name in an account), Deployed its name when that
	// differs; Where is its account and region, or its file.
	Name, Deployed, Where string
	Exposure, Power       htmlVerdict
	Severities            []int
	Unknown               int
	// Rules counts the results that did not pass, once per rule.
	Rules []htmlRuleCount
	// id is the estate and the function's ID: the order of last resort.
	id string
	// exposure and power index the findings of the two areas (in the
	// page's worst-first order).
	exposure, power []int
	ruleCounts      map[string]*htmlRuleCount
}

// htmlRuleCount is a rule as a function's row shows it: once, with the
// number of its results that did not pass and the worst class.
type htmlRuleCount struct {
	ID    string
	Count int
	Class int
}

// htmlVerdict sums up the findings of an area (exposure, execution role)
// for one function: a badge, and the results that did not pass.
type htmlVerdict struct {
	// Class is a severity, "unknown", "pass" or "none"; Label its word.
	Class, Label string
	// Known is, for an UNKNOWN verdict, the worst failure that is known
	// (the verdict is at least that bad), or "".
	Known  string
	Items  []htmlItem
	Passed int
}

// htmlItem is one rule's result behind a verdict; RuleID may name several
// rules stopped by the same cause (one unreadable policy). finding is the
// index of the first such finding in the page's worst-first order; the
// data refers to its row for the message.
type htmlItem struct {
	RuleID, Class, Message string
	finding                int
}

type htmlFinding struct {
	Class       int // severity index, classUnknown or classPass
	Rule        int // index in htmlPage.RuleList
	Functions   []int
	Where, File string
	Resource    string
	Label, Kind string
	Location    string
	Message     string
	Evidence    []htmlEvidence
	Suppressed  *htmlSuppression
}

type htmlEvidence struct{ Label, Value, Location string }

type htmlSuppression struct{ Kind, Reason, Location string }

// htmlFramework is one framework of the compliance view.
type htmlFramework struct {
	Name     string
	Controls []*htmlControl
}

// htmlControl is one control of a framework: the rules mapped to it, the
// counts of their results, and the resources that fail it.
type htmlControl struct {
	Control                   string
	Rules                     []string
	Pass, Fail, Unknown, Supp int
	Failing                   []string
	failingSeen, unknownSeen  map[string]bool
	UnknownResources          []string
}

// htmlFix is a rule that did not pass somewhere, with how many results.
type htmlFix struct {
	Rule          *rules.Rule
	Fail, Unknown int
}

// HTML writes the findings as one self-contained HTML page an assessor
// can hand to a client, in the order it is read: what was assessed (the
// accounts and regions or paths, caller identity, collection time,
// lambdasec version, runtime table, rule count, configuration and
// baseline); the verdict (counts by severity, the top exposure paths when
// the summary carries them, the worst functions, counts by area); the
// findings by function (sortable tables filtered in the page, the filters
// kept in the URL fragment, and a CSV export of the visible rows); the
// compliance view by framework control; how to fix each rule that did not
// pass; and an appendix of the files read and skipped and the gaps.
//
// All CSS and script are inline and a Content-Security-Policy forbids
// loading anything, so the page works offline and a value from the estate
// cannot reach the network even if it escaped its escaping. The findings
// and functions are embedded as JSON, the text of a hidden element
// (encoding/json escapes '<', '>' and '&', so it holds no markup), and the
// one script renders them as text: the first rows at once, the rest on
// request or before printing, so a report of thousands of functions opens
// quickly (5,000 functions: about 3.2 MB; .ci/browser measures the open
// time). PASS results are counted but listed only with opt.ShowPass;
// suppressed findings are shown with their reason. The print style sheet
// expands every finding's evidence and every remediation.
func HTML(w io.Writer, fs []rules.Finding, sum Summary, opt Options) error {
	return writeHTML(w, Slice(fs), sum, opt)
}

// writeHTML is HTML for findings read from fs.
func writeHTML(w io.Writer, src Findings, sum Summary, opt Options) error {
	var fs []rules.Finding
	if err := src.Each(func(es []rules.Finding) error { fs = append(fs, es...); return nil }); err != nil {
		return err
	}
	base := opt.BaseDir
	if base == "" {
		base, _ = os.Getwd()
	}
	// The page is written by htmlWriter (htmlpage.go), which escapes
	// every value from the estate, rather than by html/template: its
	// reflection (reflect.Value.MethodByName) would keep every method of
	// every AWS SDK client in the binary. It is written to w as it is
	// made, never held whole.
	if err := writePage(w, buildHTMLPage(fs, sum, opt, base)); err != nil {
		return fmt.Errorf("html report: %w", err)
	}
	return nil
}

// countFold counts the ASCII-case-insensitive occurrences of lower (a
// lower-case ASCII string) in s, without a lower-cased copy of s.
func countFold[T string | []byte](s T, lower string) int {
	n := 0
	for i := 0; i+len(lower) <= len(s); i++ {
		j := 0
		for j < len(lower) && (s[i+j] == lower[j] || s[i+j]+('a'-'A') == lower[j] && 'A' <= s[i+j] && s[i+j] <= 'Z') {
			j++
		}
		if j == len(lower) {
			n++
		}
	}
	return n
}

// classOf is a finding's row class: its severity's index when it fails,
// else classUnknown or classPass. An UNKNOWN never gets a severity.
func classOf(f rules.Finding) int {
	switch f.Status {
	case rules.Fail:
		return int(rules.Critical - f.Severity)
	case rules.Unknown:
		return classUnknown
	}
	return classPass
}

// className is the CSS class and word of a row class.
func className(c int) string {
	switch {
	case c < len(severityOrder):
		return severityOrder[c].String()
	case c == classUnknown:
		return "unknown"
	}
	return "pass"
}

// liveWhere returns the account and region of a live resource's ARN
// ("444455556666 eu-west-1"; the account alone for a global resource),
// or "" when s is not an ARN.
func liveWhere(s string) string {
	a, err := arn.Parse(s)
	if err != nil {
		return ""
	}
	if a.Region == "" {
		return a.AccountID
	}
	return a.AccountID + " " + a.Region
}

// liveFunctionName returns the function name of a Lambda function ARN, or
// "" when s is not one.
func liveFunctionName(s string) string {
	a, err := arn.Parse(s)
	if err != nil || a.Service != "lambda" {
		return ""
	}
	name, ok := strings.CutPrefix(a.Resource, "function:")
	if !ok {
		return ""
	}
	return name
}

func buildHTMLPage(fs []rules.Finding, sum Summary, opt Options, base string) *htmlPage {
	c := Count(fs)
	page := &htmlPage{
		Version: opt.Version, Assessment: sum.Assessment, Files: sum.Files, Estates: sum.Estates,
		Config: relPath(base, sum.Config), Shard: sum.Shard, Excluded: sum.Excluded,
		Warnings: inventory.Diagnostics(sum.Warnings).Strings(), Gaps: sum.Gaps, Expired: inventory.Diagnostics(sum.Expired).Strings(), Fixed: sum.Fixed,
		Fail: c.Fail, Unknown: c.Unknown, Pass: c.Pass, Suppressed: c.Suppressed,
		ShowPass: opt.ShowPass, Total: len(fs), ruleIndex: map[string]int{},
	}
	page.Rules = len(opt.Rules)
	if !sum.Now.IsZero() {
		page.Date = sum.Now.UTC().Format("2006-01-02")
	}
	for _, s := range severityOrder {
		page.Severities = append(page.Severities, htmlCount{s.String(), c.BySeverity[s]})
	}
	for _, s := range sum.Skipped {
		page.Skipped = append(page.Skipped, htmlSkipped{inventory.Position(relPath(base, s.File), s.Line, s.Column), s.Message})
	}
	for i, p := range page.Assessment.Inputs {
		page.Assessment.Inputs[i] = relPath(base, p)
	}

	// Findings, worst first; within a rank, in the order SortFindings gave.
	sorted := append([]rules.Finding(nil), fs...)
	sort.SliceStable(sorted, func(i, j int) bool { return rank(sorted[i]) > rank(sorted[j]) })

	areas := map[string]*htmlArea{}
	functions := map[string]*htmlFunction{}
	ruleSeen := map[string]*rules.Rule{}
	fixes := map[string]*htmlFix{}
	for si, f := range sorted {
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
		if f.Status != rules.Pass {
			fx := fixes[f.Rule.ID]
			if fx == nil {
				fx = &htmlFix{Rule: f.Rule}
				fixes[f.Rule.ID] = fx
			}
			if f.Status == rules.Fail {
				fx.Fail++
			} else {
				fx.Unknown++
			}
		}
		for _, id := range f.Functions {
			k := f.Estate + "\x00" + id
			fn := functions[k]
			if fn == nil {
				fn = &htmlFunction{id: k, Name: inventory.Describe(id), Where: relPath(base, f.Estate),
					Severities: make([]int, len(severityOrder)), ruleCounts: map[string]*htmlRuleCount{}}
				if name := liveFunctionName(id); name != "" {
					fn.Name, fn.Where = name, liveWhere(id)
					page.Live = true
				} else {
					page.Templates = true
				}
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
			if f.Status != rules.Pass {
				rc := fn.ruleCounts[f.Rule.ID]
				if rc == nil {
					rc = &htmlRuleCount{ID: f.Rule.ID, Class: classOf(f)}
					fn.ruleCounts[f.Rule.ID] = rc
				}
				rc.Count++
				rc.Class = min(rc.Class, classOf(f))
			}
			switch f.Rule.Area() {
			case "exposure":
				fn.exposure = append(fn.exposure, si)
			case "execution role":
				fn.power = append(fn.power, si)
			}
		}
	}
	if page.Rules == 0 {
		// No rule list given: count the rules the findings name.
		page.Rules = len(ruleSeen)
	}
	for _, a := range areas {
		page.Areas = append(page.Areas, *a)
	}
	sort.Slice(page.Areas, func(i, j int) bool { return page.Areas[i].first < page.Areas[j].first })
	for _, r := range ruleSeen {
		page.RuleList = append(page.RuleList, r)
	}
	sort.Slice(page.RuleList, func(i, j int) bool { return page.RuleList[i].ID < page.RuleList[j].ID })
	for i, r := range page.RuleList {
		page.ruleIndex[r.ID] = i
	}
	for _, fx := range fixes {
		page.Fixes = append(page.Fixes, *fx)
	}
	sort.Slice(page.Fixes, func(i, j int) bool { return page.Fixes[i].Rule.ID < page.Fixes[j].Rule.ID })

	// Functions in name order (keyed in that order), the worst named in
	// the verdict.
	for _, fn := range functions {
		page.Functions = append(page.Functions, fn)
	}
	sort.Slice(page.Functions, func(i, j int) bool {
		a, b := page.Functions[i], page.Functions[j]
		return cmp.Or(strings.Compare(a.Name, b.Name), strings.Compare(a.Where, b.Where), strings.Compare(a.id, b.id)) < 0
	})
	for i, fn := range page.Functions {
		fn.Key = i
		fn.Exposure = verdict(sorted, fn.exposure)
		fn.Power = verdict(sorted, fn.power)
		for _, rc := range fn.ruleCounts {
			fn.Rules = append(fn.Rules, *rc)
		}
		sort.Slice(fn.Rules, func(i, j int) bool {
			return cmp.Or(cmp.Compare(fn.Rules[i].Class, fn.Rules[j].Class), strings.Compare(fn.Rules[i].ID, fn.Rules[j].ID)) < 0
		})
	}
	worst := append([]*htmlFunction(nil), page.Functions...)
	sort.SliceStable(worst, func(i, j int) bool { return worseFunction(worst[i], worst[j]) })
	for _, fn := range worst {
		if len(page.Worst) == worstFunctions || len(fn.Rules) == 0 {
			break
		}
		page.Worst = append(page.Worst, fn)
	}

	controls := map[[2]string]*htmlControl{}
	page.rowOf = make([]int, len(sorted))
	for si, f := range sorted {
		page.rowOf[si] = -1
		hf := htmlFinding{
			Class: classOf(f), Rule: page.ruleIndex[f.Rule.ID],
			Resource: f.Resource, Label: f.Label, Kind: string(f.Kind), Message: f.Message,
		}
		if f.Source.File != "" {
			hf.File = location(base, f.Source)
			hf.Where = relPath(base, f.Estate)
		} else {
			hf.Where = cmp.Or(liveWhere(f.Source.ARN), liveWhere(f.Resource), f.Estate)
			if f.Source.ARN != f.Resource {
				hf.Location = f.Source.ARN
			}
		}
		if hf.Label == hf.Resource {
			hf.Label = ""
		}
		for _, id := range f.Functions {
			hf.Functions = append(hf.Functions, functions[f.Estate+"\x00"+id].Key)
		}
		slices.Sort(hf.Functions)
		if len(hf.Functions) == 0 && (f.Status != rules.Pass || opt.ShowPass) {
			page.HasOther = true
		}
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
		for _, cm := range f.Rule.Compliance {
			k := [2]string{cm.Framework, cm.Control}
			ctl := controls[k]
			if ctl == nil {
				ctl = &htmlControl{Control: cm.Control, failingSeen: map[string]bool{}, unknownSeen: map[string]bool{}}
				controls[k] = ctl
			}
			if !slices.Contains(ctl.Rules, f.Rule.ID) {
				ctl.Rules = append(ctl.Rules, f.Rule.ID)
			}
			name := cmp.Or(f.Label, f.Resource)
			switch {
			case f.Suppressed != nil:
				ctl.Supp++
			case f.Status == rules.Fail:
				ctl.Fail++
				if !ctl.failingSeen[name] {
					ctl.failingSeen[name] = true
					ctl.Failing = append(ctl.Failing, name)
				}
			case f.Status == rules.Unknown:
				ctl.Unknown++
				if !ctl.unknownSeen[name] {
					ctl.unknownSeen[name] = true
					ctl.UnknownResources = append(ctl.UnknownResources, name)
				}
			default:
				ctl.Pass++
			}
		}
		if f.Status == rules.Pass && !opt.ShowPass {
			page.PassNotListed++
			continue
		}
		if f.Status != rules.Pass {
			page.Shown++
		}
		page.rowOf[si] = len(page.Findings)
		page.Findings = append(page.Findings, hf)
	}
	page.Compliance = frameworks(controls)
	page.Exposure = buildExposure(fs, base)
	return page
}

// worseFunction orders functions worst first: by their counts of
// failures from critical down, then unknowns, then name.
func worseFunction(a, b *htmlFunction) bool {
	for k := range a.Severities {
		if a.Severities[k] != b.Severities[k] {
			return a.Severities[k] > b.Severities[k]
		}
	}
	return a.Unknown > b.Unknown
}

// frameworkOrder puts the frameworks clients ask for first.
var frameworkOrder = []string{"AWS FSBP", "OWASP Serverless Top 10", "CIS"}

// frameworks groups the controls by framework: the known frameworks in
// frameworkOrder, others after them by name; controls in natural order
// (Lambda.2 before Lambda.10).
func frameworks(controls map[[2]string]*htmlControl) []htmlFramework {
	by := map[string]*htmlFramework{}
	var out []htmlFramework
	var names []string
	for k, ctl := range controls {
		fw := by[k[0]]
		if fw == nil {
			fw = &htmlFramework{Name: k[0]}
			by[k[0]] = fw
			names = append(names, k[0])
		}
		slices.Sort(ctl.Rules)
		fw.Controls = append(fw.Controls, ctl)
	}
	order := func(name string) int {
		for i, f := range frameworkOrder {
			if strings.HasPrefix(name, f) {
				return i
			}
		}
		return len(frameworkOrder)
	}
	slices.SortFunc(names, func(a, b string) int { return cmp.Or(cmp.Compare(order(a), order(b)), strings.Compare(a, b)) })
	for _, n := range names {
		fw := by[n]
		slices.SortFunc(fw.Controls, func(a, b *htmlControl) int { return naturalCompare(a.Control, b.Control) })
		out = append(out, *fw)
	}
	return out
}

// naturalCompare compares a and b with runs of digits compared as
// numbers: "Lambda.2" < "Lambda.10", "SAS-9" < "SAS-10".
func naturalCompare(a, b string) int {
	for a != "" && b != "" {
		da, db := digitRun(a), digitRun(b)
		if da > 0 && db > 0 {
			na, _ := strconv.Atoi(a[:da])
			nb, _ := strconv.Atoi(b[:db])
			if na != nb {
				return cmp.Compare(na, nb)
			}
			a, b = a[da:], b[db:]
			continue
		}
		if a[0] != b[0] {
			return cmp.Compare(a[0], b[0])
		}
		a, b = a[1:], b[1:]
	}
	return cmp.Compare(len(a), len(b))
}

// digitRun returns the length of the run of ASCII digits s starts with.
func digitRun(s string) int {
	n := 0
	for n < len(s) && n < 9 && '0' <= s[n] && s[n] <= '9' {
		n++
	}
	return n
}

// verdict sums up the findings of one area that concern a function:
// those of all at the indices idx.
// It is UNKNOWN when a rule of the area could not see what it needed,
// unless a critical failure is known (nothing is worse); the worst known
// failure is kept in Known. A partial read is never a PASS, and never
// looks like a low-severity finding.
func verdict(all []rules.Finding, idx []int) htmlVerdict {
	if len(idx) == 0 {
		return htmlVerdict{Class: "none", Label: "not checked"}
	}
	// idx is in the worst-first order of all already.
	sorted := make([]rules.Finding, len(idx))
	for i, k := range idx {
		sorted[i] = all[k]
	}
	unknown := slices.ContainsFunc(sorted, func(f rules.Finding) bool { return f.Status == rules.Unknown })
	var v htmlVerdict
	switch worst := sorted[0]; {
	case unknown && (worst.Status != rules.Fail || worst.Severity != rules.Critical):
		v.Class, v.Label = "unknown", "unknown"
		if worst.Status == rules.Fail {
			v.Known = worst.Severity.String()
		}
	case worst.Status == rules.Fail:
		v.Class, v.Label = worst.Severity.String(), worst.Severity.String()
	default:
		v.Class, v.Label = "pass", "pass"
	}
	for i, f := range sorted {
		if f.Status == rules.Pass {
			v.Passed++
			continue
		}
		cls := className(classOf(f))
		if i := slices.IndexFunc(v.Items, func(it htmlItem) bool { return it.Class == cls && it.Message == f.Message }); i >= 0 {
			// Several rules stopped by the same unreadable policy; a
			// rule is named once.
			if !slices.Contains(strings.Fields(v.Items[i].RuleID), f.Rule.ID) {
				v.Items[i].RuleID += " " + f.Rule.ID
			}
			continue
		}
		v.Items = append(v.Items, htmlItem{RuleID: f.Rule.ID, Class: cls, Message: f.Message, finding: idx[i]})
	}
	return v
}

// pageData is the JSON the page's script renders the tables from. Arrays
// rather than objects keep it compact at thousands of functions; strings
// that repeat (resources, kinds, locations, evidence labels) are written
// once in S and referred to by index.
//
//	rules: [id, name, title, severity]
//	fns:   [name, deployed, where, exposure, power, [critical..info counts], unknown, [[rule, count, class]...]]
//	       a verdict is [class, label, known, [[ruleIDs, class, row]...], passed]; the row's message is the item's
//	rows:  [class, rule, [fn...], where, file, resource, label, kind, location, message, [[label, value, location]...], suppression]
//	       the message with its one function's name written U+0001
//	       a suppression is [kind, reason, location] or 0
func (p *htmlPage) pageData() ([]byte, error) {
	strs := map[string]int{}
	var table []string
	in := func(s string) int {
		i, ok := strs[s]
		if !ok {
			i = len(table)
			strs[s] = i
			table = append(table, s)
		}
		return i
	}
	in("")
	ruleRows := make([][]any, len(p.RuleList))
	for i, r := range p.RuleList {
		ruleRows[i] = []any{r.ID, r.Name, r.Title, r.Severity.String()}
	}
	verdictRow := func(v htmlVerdict) []any {
		items := make([][]any, len(v.Items))
		for i, it := range v.Items {
			items[i] = []any{it.RuleID, it.Class, p.rowOf[it.finding]}
		}
		return []any{v.Class, v.Label, v.Known, items, v.Passed}
	}
	fns := make([][]any, len(p.Functions))
	for i, fn := range p.Functions {
		rc := make([][]int, len(fn.Rules))
		for j, r := range fn.Rules {
			rc[j] = []int{p.ruleIndex[r.ID], r.Count, r.Class}
		}
		fns[i] = []any{fn.Name, fn.Deployed, in(fn.Where), verdictRow(fn.Exposure), verdictRow(fn.Power), fn.Severities, fn.Unknown, rc}
	}
	rows := make([][]any, len(p.Findings))
	for i, f := range p.Findings {
		ev := make([][]any, len(f.Evidence))
		for j, e := range f.Evidence {
			ev[j] = []any{in(e.Label), e.Value, in(e.Location)}
		}
		var sup any = 0
		if s := f.Suppressed; s != nil {
			sup = []any{s.Kind, s.Reason, s.Location}
		}
		fnKeys := f.Functions
		if fnKeys == nil {
			fnKeys = []int{}
		}
		// Messages name their function: written with the name as U+0001
		// (which Display never leaves in an estate string), most are the
		// same text for every function and are kept once.
		msg := f.Message
		if len(f.Functions) == 1 && len(p.Functions[f.Functions[0]].Name) >= 3 {
			msg = strings.ReplaceAll(msg, p.Functions[f.Functions[0]].Name, "\x01")
		}
		rows[i] = []any{f.Class, f.Rule, fnKeys, in(f.Where), in(f.File), in(f.Resource), in(f.Label), in(f.Kind), in(f.Location), in(msg), ev, sup}
	}
	return json.Marshal(map[string]any{
		"sev":  []string{"critical", "high", "medium", "low", "info", "unknown", "pass"},
		"live": p.Live, "files": p.Templates,
		"rules": ruleRows, "fns": fns, "rows": rows, "s": table,
	})
}
