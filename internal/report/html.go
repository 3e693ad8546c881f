package report

import (
	"cmp"
	"crypto/sha256"
	"encoding/base64"
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
	Worst            []*htmlFunction // read back from functions
	Areas            []htmlArea

	// functions are the page's functions, on disk once their estate is
	// read (html_functions.go); their Key is their place in it.
	functions htmlFunctions
	// Live and Templates say which location columns the tables have: the
	// account and region of live estates, the file of templates.
	Live, Templates bool
	RuleList        []*rules.Rule // the rules of the findings, in ID order
	ruleIndex       map[string]int
	// Listed is the number of rows of the findings table, Shown those
	// that did not pass; Total the findings read.
	Listed, Shown, Total int
	HasOther             bool // a listed finding concerns no function
	ShowPass             bool
	PassNotListed        int

	Compliance []htmlFramework
	Fixes      []htmlFix
	Exposure   *htmlExposure // the exposure view (html_exposure.go), nil without paths

	// rows are the rows of the findings table, on disk by class;
	// firstRow[c] is the row of the first finding of class c (the rows
	// are worst first: by class, then in report order).
	rows     *htmlRows
	firstRow [classPass + 1]int
	// ruleMet is the index in RuleList of each rule in the order the
	// first pass met them (rows refer to rules, and functions, so).
	ruleMet []int
}

// close removes the page's temporary files.
func (p *htmlPage) close() {
	if p.rows != nil {
		p.rows.close()
	}
	p.functions.close()
}

// row returns the row of the findings table an item's message is in.
func (p *htmlPage) row(it htmlItem) int { return p.firstRow[it.class] + it.ord }

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
// function filter; findings refer to it by Key, its place in the page's
// order of functions (htmlFunctions.sort), so no estate string is ever
// compared by the script. It is held while its estate is read, then kept
// as a record (htmlFunctions) and read back when the page is written.
type htmlFunction struct {
	Key int
	// Name is the function as the estate refers to it (its logical ID in
	// a template, its name in an account), Deployed its name when that
	// differs; Where is its account and region, or its file.
	Name, Deployed, Where string
	Severities            [5]int32 // failures by severity, critical first
	Unknown               int32
	// Rules counts the results that did not pass, once per rule.
	Rules []htmlRuleCount
	// estate and id are the function's estate and ID: the order of last
	// resort; met its number in the order the first pass met functions.
	estate, id string
	met        int
	// exposure and power sum up the findings of the two areas as they
	// are read (Exposure and Power); deployedAt is the place (class,
	// then finding) in the page's worst-first order of the finding
	// Deployed was taken from: the last there.
	exposure, power verdictSum
	deployedAt      [2]int
}

// Exposure is the function's verdict on its exposure.
func (fn *htmlFunction) Exposure() htmlVerdict { return fn.exposure.verdict() }

// Power is the function's verdict on its execution role's power.
func (fn *htmlFunction) Power() htmlVerdict { return fn.power.verdict() }

// htmlRuleCount is a rule as a function's row shows it: once, with the
// number of its results that did not pass and the worst class.
type htmlRuleCount struct {
	ID    string
	Count int32
	Class int32
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
// rules stopped by the same cause (one unreadable policy). The data
// refers to the row of the first such finding for the message: the
// ord-th row of class.
type htmlItem struct {
	RuleID, Class, Message string
	class, ord             int
}

type htmlEvidence struct{ Label, Value, Location string }

type htmlSuppression struct{ Kind, Reason, Location string }

// htmlFramework is one framework of the compliance view.
type htmlFramework struct {
	Name     string
	Controls []*htmlControl
}

// htmlControl is one control of a framework: the rules mapped to it, the
// counts of their results, and the resources that fail it (in the order
// of their worst failure in the page's worst-first order) or are UNKNOWN.
type htmlControl struct {
	Control                   string
	Rules                     []string
	Pass, Fail, Unknown, Supp int
	Failing                   []string
	UnknownResources          []string
	// failing are the failing resources as they are read, each with the
	// place (class, finding) of its first failure worst first.
	failing     map[string][2]int
	unknownSeen map[string]bool
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
//
// The findings are read once; the rows of the findings table, the
// functions (once there are more than some 2,000) and the table of
// strings are kept in temporary files (os.TempDir) while the page is
// written, and removed before HTML returns: an error creating or writing
// them is returned.
func HTML(w io.Writer, fs []rules.Finding, sum Summary, opt Options) error {
	return writeHTML(w, Slice(fs), sum, opt)
}

// writeHTML is HTML for findings read from src, in one pass: it gathers
// the page (counts, functions, controls, fixes, paths) and puts the rows
// of the findings table on disk by class as it reads (buildHTMLPage);
// the page is then written to w, its data streamed from those files.
// Memory holds the aggregates (per rule, control and path), about 40
// bytes per function (htmlFunctions: the rest of a function is on disk
// once its estate is read), the table of strings' hashes (htmlStrings,
// some 21 bytes a string) and one estate's findings and functions, never
// a structure per finding.
func writeHTML(w io.Writer, src Findings, sum Summary, opt Options) error {
	base := opt.BaseDir
	if base == "" {
		base, _ = os.Getwd()
	}
	page, err := buildHTMLPage(src, sum, opt, base)
	if page != nil {
		defer page.close()
	}
	if err != nil {
		return fmt.Errorf("html report: %w", err)
	}
	// The page is written by htmlWriter (htmlpage.go), which escapes
	// every value from the estate, rather than by html/template: its
	// reflection (reflect.Value.MethodByName) would keep every method of
	// every AWS SDK client in the binary. It is written to w as it is
	// made, never held whole.
	if err := writePage(w, page); err != nil {
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

// htmlBuilder makes the page in one pass over the findings, in report
// order (estate by estate). What the page lists worst first (the rows,
// the items of a verdict, a control's failing resources, a function's
// deployed name) is placed by its class and its number in report order:
// the worst-first order is by class, then report order.
type htmlBuilder struct {
	page *htmlPage
	opt  Options
	base string

	seq    int                // findings read
	listed [classPass + 1]int // rows made, by class
	counts Counts
	// estate is the estate being read, where its path as the page
	// shows it and functions its functions by ID (estates come whole,
	// one after the other: a function is one estate's); cur are its
	// functions in the order met, the first numbered curBase.
	estate, where string
	functions     map[string]*htmlFunction
	cur           []*htmlFunction
	curBase       int
	areas         map[string]*htmlArea
	ruleMet       map[string]int // rule ID -> index in rulesMet
	rulesMet      []*rules.Rule
	fixes         map[string]*htmlFix
	controls      map[[2]string]*htmlControl
	exposure      exposureBuilder
	row           htmlRow
}

// buildHTMLPage reads src once and returns the page, its rows on disk
// (close removes them; the page is returned, to be closed, also with an
// error).
func buildHTMLPage(src Findings, sum Summary, opt Options, base string) (*htmlPage, error) {
	page := &htmlPage{
		Version: opt.Version, Assessment: sum.Assessment, Files: sum.Files, Estates: sum.Estates,
		Config: relPath(base, sum.Config), Shard: sum.Shard, Excluded: sum.Excluded,
		Warnings: inventory.Diagnostics(sum.Warnings).Strings(), Gaps: sum.Gaps, Expired: inventory.Diagnostics(sum.Expired).Strings(), Fixed: sum.Fixed,
		ShowPass: opt.ShowPass, ruleIndex: map[string]int{}, rows: &htmlRows{},
	}
	if !sum.Now.IsZero() {
		page.Date = sum.Now.UTC().Format("2006-01-02")
	}
	for _, s := range sum.Skipped {
		page.Skipped = append(page.Skipped, htmlSkipped{inventory.Position(relPath(base, s.File), s.Line, s.Column), s.Message})
	}
	page.Assessment.Inputs = slices.Clone(page.Assessment.Inputs)
	for i, p := range page.Assessment.Inputs {
		page.Assessment.Inputs[i] = relPath(base, p)
	}
	b := &htmlBuilder{page: page, opt: opt, base: base, counts: Counts{BySeverity: map[rules.Severity]int{}},
		functions: map[string]*htmlFunction{}, areas: map[string]*htmlArea{}, ruleMet: map[string]int{},
		fixes: map[string]*htmlFix{}, controls: map[[2]string]*htmlControl{}, exposure: exposureBuilder{base: base}}
	err := src.Each(func(es []rules.Finding) error {
		for i := range es {
			if err := b.add(&es[i]); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return page, err
	}
	return page, b.finish()
}

// add takes one finding, the next in report order.
func (b *htmlBuilder) add(f *rules.Finding) error {
	p := b.page
	seq, class := b.seq, classOf(*f)
	b.seq++
	p.Total++
	b.counts.add(f)
	if f.Estate != b.estate || b.seq == 1 {
		if err := b.estateDone(); err != nil {
			return err
		}
		b.estate, b.where = f.Estate, relPath(b.base, f.Estate)
	}
	b.exposure.add(f)
	listed := f.Status != rules.Pass || b.opt.ShowPass
	ord := b.listed[class] // the finding's row among its class's

	ri, ok := b.ruleMet[f.Rule.ID]
	if !ok {
		ri = len(b.rulesMet)
		b.ruleMet[f.Rule.ID] = ri
		b.rulesMet = append(b.rulesMet, f.Rule)
	}
	b.area(f)
	if f.Status != rules.Pass {
		fx := b.fixes[f.Rule.ID]
		if fx == nil {
			fx = &htmlFix{Rule: f.Rule}
			b.fixes[f.Rule.ID] = fx
		}
		if f.Status == rules.Fail {
			fx.Fail++
		} else {
			fx.Unknown++
		}
	}
	row := &b.row
	row.functions = row.functions[:0]
	for _, id := range f.Functions {
		fn := b.function(id)
		row.functions = append(row.functions, fn.met)
		if f.Kind == rules.KindFunction && f.Resource == id && f.Label != "" && f.Label != fn.Name && class >= fn.deployedAt[0] {
			fn.Deployed, fn.deployedAt = f.Label, [2]int{class, seq}
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
			k := slices.IndexFunc(fn.Rules, func(rc htmlRuleCount) bool { return rc.ID == f.Rule.ID })
			if k < 0 {
				k = len(fn.Rules)
				fn.Rules = append(fn.Rules, htmlRuleCount{ID: f.Rule.ID, Class: int32(class)})
			}
			fn.Rules[k].Count++
			fn.Rules[k].Class = min(fn.Rules[k].Class, int32(class))
		}
		switch f.Rule.Area() {
		case "exposure":
			fn.exposure.add(f, class, ord)
		case "execution role":
			fn.power.add(f, class, ord)
		}
	}
	b.compliance(f, class, seq)
	if !listed {
		p.PassNotListed++
		return nil
	}
	if f.Status != rules.Pass {
		p.Shown++
	}
	if len(f.Functions) == 0 {
		p.HasOther = true
	}
	p.Listed++
	b.listed[class]++
	return p.rows.add(class, b.rowOf(f, ri))
}

// estateDone lets go of what the estate read last needed only while it
// was read: its findings' rule and resource (the exposure view's) and its
// functions, each put in the page's store of functions (an item of a
// verdict takes the findings of its own function only, so its message
// is needed no more; a function's rules are sorted as the page shows
// them).
func (b *htmlBuilder) estateDone() error {
	b.exposure.estateDone()
	for _, fn := range b.cur {
		sort.Slice(fn.Rules, func(i, j int) bool {
			return cmp.Or(cmp.Compare(fn.Rules[i].Class, fn.Rules[j].Class), strings.Compare(fn.Rules[i].ID, fn.Rules[j].ID)) < 0
		})
		if err := b.page.functions.put(fn); err != nil {
			return err
		}
	}
	clear(b.functions)
	b.curBase += len(b.cur)
	clear(b.cur)
	b.cur = b.cur[:0]
	return nil
}

// function returns the function id of the estate being read, made when
// new.
func (b *htmlBuilder) function(id string) *htmlFunction {
	fn := b.functions[id]
	if fn != nil {
		return fn
	}
	fn = &htmlFunction{estate: b.estate, id: id, Name: inventory.Describe(id), Where: b.where, met: b.curBase + len(b.cur)}
	fn.deployedAt[0] = -1
	if name := liveFunctionName(id); name != "" {
		fn.Name, fn.Where = name, liveWhere(id)
		b.page.Live = true
	} else {
		b.page.Templates = true
	}
	b.functions[id] = fn
	b.cur = append(b.cur, fn)
	return fn
}

// area counts f in its rule's area.
func (b *htmlBuilder) area(f *rules.Finding) {
	a := b.areas[f.Rule.Area()]
	if a == nil {
		a = &htmlArea{Name: f.Rule.Area(), first: f.Rule.ID, Severities: make([]int, len(severityOrder))}
		b.areas[a.Name] = a
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
}

// compliance counts f in the controls its rule maps to.
func (b *htmlBuilder) compliance(f *rules.Finding, class, seq int) {
	for _, cm := range f.Rule.Compliance {
		k := [2]string{cm.Framework, cm.Control}
		ctl := b.controls[k]
		if ctl == nil {
			ctl = &htmlControl{Control: cm.Control, failing: map[string][2]int{}, unknownSeen: map[string]bool{}}
			b.controls[k] = ctl
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
			if at, ok := ctl.failing[name]; !ok || class < at[0] {
				ctl.failing[name] = [2]int{class, seq}
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
}

// rowOf returns f's row of the findings table (b.row, reused; its
// functions are set by add), ri its rule's number.
func (b *htmlBuilder) rowOf(f *rules.Finding, ri int) *htmlRow {
	r := &b.row
	*r = htmlRow{rule: ri, functions: r.functions, evidence: r.evidence[:0],
		resource: f.Resource, label: f.Label, kind: string(f.Kind), message: f.Message}
	if f.Source.File != "" {
		r.file = location(b.base, f.Source)
		r.where = b.where
	} else {
		r.where = cmp.Or(liveWhere(f.Source.ARN), liveWhere(f.Resource), f.Estate)
		if f.Source.ARN != f.Resource {
			r.location = f.Source.ARN
		}
	}
	if r.label == r.resource {
		r.label = ""
	}
	// Messages name their function: written with the name as U+0001
	// (which Display never leaves in an estate string), most are the
	// same text for every function and are kept once.
	if len(r.functions) == 1 {
		if name := b.cur[r.functions[0]-b.curBase].Name; len(name) >= 3 {
			r.message = strings.ReplaceAll(r.message, name, "\x01")
		}
	}
	for _, ev := range f.Evidence {
		he := htmlEvidence{Label: ev.Label, Value: ev.Value}
		if ev.Source != f.Source {
			he.Location = location(b.base, ev.Source)
		}
		r.evidence = append(r.evidence, he)
	}
	if s := f.Suppressed; s != nil {
		r.suppressed = &htmlSuppression{Kind: s.Kind, Reason: s.Reason, Location: location(b.base, s.Source)}
	}
	return r
}

// finish orders what the pass gathered: rules, areas and fixes by ID,
// functions by name (keyed in that order, the worst named in the
// verdict), controls by framework, paths by rank; and places each class's
// first row. An error is one of reading back the functions' records.
func (b *htmlBuilder) finish() error {
	p := b.page
	if err := b.estateDone(); err != nil {
		return err
	}
	c := b.counts
	p.Fail, p.Unknown, p.Pass, p.Suppressed = c.Fail, c.Unknown, c.Pass, c.Suppressed
	for _, s := range severityOrder {
		p.Severities = append(p.Severities, htmlCount{s.String(), c.BySeverity[s]})
	}
	p.Rules = len(b.opt.Rules)
	if p.Rules == 0 {
		// No rule list given: count the rules the findings name.
		p.Rules = len(b.rulesMet)
	}
	for _, a := range b.areas {
		p.Areas = append(p.Areas, *a)
	}
	sort.Slice(p.Areas, func(i, j int) bool { return p.Areas[i].first < p.Areas[j].first })
	p.RuleList = slices.Clone(b.rulesMet)
	sort.Slice(p.RuleList, func(i, j int) bool { return p.RuleList[i].ID < p.RuleList[j].ID })
	for i, r := range p.RuleList {
		p.ruleIndex[r.ID] = i
	}
	p.ruleMet = make([]int, len(b.rulesMet))
	for i, r := range b.rulesMet {
		p.ruleMet[i] = p.ruleIndex[r.ID]
	}
	for _, fx := range b.fixes {
		p.Fixes = append(p.Fixes, *fx)
	}
	sort.Slice(p.Fixes, func(i, j int) bool { return p.Fixes[i].Rule.ID < p.Fixes[j].Rule.ID })

	if err := p.functions.sort(); err != nil {
		return err
	}
	worst, err := worstOf(&p.functions, worstFunctions)
	if err != nil {
		return err
	}
	p.Worst = worst
	for _, ctl := range b.controls {
		for name := range ctl.failing {
			ctl.Failing = append(ctl.Failing, name)
		}
		slices.SortFunc(ctl.Failing, func(x, y string) int {
			a, b := ctl.failing[x], ctl.failing[y]
			return cmp.Or(cmp.Compare(a[0], b[0]), cmp.Compare(a[1], b[1]))
		})
		ctl.failing, ctl.unknownSeen = nil, nil
	}
	p.Compliance = frameworks(b.controls)
	p.Exposure = b.exposure.view()
	for c := 1; c < len(p.firstRow); c++ {
		p.firstRow[c] = p.firstRow[c-1] + b.listed[c-1]
	}
	return nil
}

// worstOf returns the n worst functions of fs that did not pass a rule,
// worst first (worseFunction), functions as bad in key order: one pass in
// key order over the records reads their counts only, and the n chosen
// are read back whole.
func worstOf(fs *htmlFunctions, n int) ([]*htmlFunction, error) {
	var worst []htmlFunction // counts and Key only
	for key := range fs.len() {
		fn, rules, err := fs.counts(key)
		if err != nil {
			return nil, err
		}
		if rules == 0 {
			continue
		}
		// fn comes after every function kept: it goes before the
		// first it is worse than.
		i := sort.Search(len(worst), func(i int) bool { return worseFunction(&fn, &worst[i]) })
		if i == n {
			continue
		}
		if len(worst) < n {
			worst = append(worst, htmlFunction{})
		}
		copy(worst[i+1:], worst[i:])
		worst[i] = fn
	}
	out := make([]*htmlFunction, len(worst))
	for i := range worst {
		fn, err := fs.function(worst[i].Key)
		if err != nil {
			return nil, err
		}
		out[i] = fn
	}
	return out, nil
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

// verdictSum sums up the findings of one area that concern a function,
// taken in report order: the worst class, whether one is UNKNOWN, the
// count passed, and the items (one per class and message).
type verdictSum struct {
	n, worst, passed int32
	unknown          bool
	items            []htmlItem
}

// add takes f, of class class and the ord-th row of its class.
func (v *verdictSum) add(f *rules.Finding, class, ord int) {
	if v.n == 0 || int32(class) < v.worst {
		v.worst = int32(class)
	}
	v.n++
	if f.Status == rules.Pass {
		v.passed++
		return
	}
	v.unknown = v.unknown || f.Status == rules.Unknown
	cls := className(class)
	// The findings of an item share its class, so they come in the
	// page's worst-first order here too.
	if i := slices.IndexFunc(v.items, func(it htmlItem) bool { return it.Class == cls && it.Message == f.Message }); i >= 0 {
		// Several rules stopped by the same unreadable policy; a
		// rule is named once.
		if !slices.Contains(strings.Fields(v.items[i].RuleID), f.Rule.ID) {
			v.items[i].RuleID += " " + f.Rule.ID
		}
		return
	}
	v.items = append(v.items, htmlItem{RuleID: f.Rule.ID, Class: cls, Message: f.Message, class: class, ord: ord})
}

// verdict returns the sum as the page shows it, its items worst first.
// It is UNKNOWN when a rule of the area could not see what it needed,
// unless a critical failure is known (nothing is worse); the worst known
// failure is kept in Known. A partial read is never a PASS, and never
// looks like a low-severity finding.
func (v *verdictSum) verdict() htmlVerdict {
	if v.n == 0 {
		return htmlVerdict{Class: "none", Label: "not checked"}
	}
	out := htmlVerdict{Passed: int(v.passed), Items: v.items}
	sort.SliceStable(out.Items, func(i, j int) bool { return out.Items[i].class < out.Items[j].class })
	switch {
	case v.unknown && v.worst != 0:
		out.Class, out.Label = "unknown", "unknown"
		if v.worst < classUnknown {
			out.Known = className(int(v.worst))
		}
	case v.worst < classUnknown:
		out.Class, out.Label = className(int(v.worst)), className(int(v.worst))
	default:
		out.Class, out.Label = "pass", "pass"
	}
	return out
}
