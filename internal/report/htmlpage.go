package report

import (
	"bufio"
	_ "embed" // the page's style sheet and script
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
)

// The page's style sheet and script, written into it as they are. Only
// static files of ours: no estate value ever reaches them.
var (
	//go:embed html_style.css
	htmlStyle string
	//go:embed html_script.js
	htmlScript string
)

// markup is HTML written by lambdasec itself. A string constant converts
// to it implicitly; a string variable (an estate value) does not, so the
// compiler refuses estate data wherever markup is expected and it must
// go through htmlWriter.text, which escapes it.
type markup string

// htmlWriter writes the HTML report. Every string it is given is escaped
// as html/template escapes text and quoted attribute values (the same
// entities, so the output did not change when the report stopped using
// html/template: its reflection kept every method of every AWS SDK client
// in the binary); only markup is written as it is.
type htmlWriter struct{ b pageOut }

// pageOut is where an htmlWriter writes: the destination, buffered (or,
// with none, memory: String returns it), counting the script elements
// written ("<script" in any case, also across two writes), so that a
// page with another script than its own is refused. The first write
// error is kept and returned by flush.
type pageOut struct {
	out     *bufio.Writer // nil: mem
	mem     strings.Builder
	tail    string // the last bytes written, up to len("<script")-1
	scripts int
	err     error
}

// WriteString writes s.
func (p *pageOut) WriteString(s string) {
	count(p, s)
	if p.out == nil {
		p.mem.WriteString(s)
	} else if p.err == nil {
		_, p.err = p.out.WriteString(s)
	}
}

// Write writes b.
func (p *pageOut) Write(b []byte) {
	count(p, b)
	if p.out == nil {
		p.mem.Write(b)
	} else if p.err == nil {
		_, p.err = p.out.Write(b)
	}
}

// count counts the script elements that writing s starts, and keeps its
// last bytes for the next write.
func count[T string | []byte](p *pageOut, s T) {
	const tag = "<script"
	const keep = len(tag) - 1
	if p.tail != "" {
		p.scripts += countFold(p.tail+string(s[:min(len(s), keep)]), tag)
	}
	p.scripts += countFold(s, tag)
	if len(s) >= keep {
		p.tail = string(s[len(s)-keep:])
	} else if t := p.tail + string(s); len(t) > keep {
		p.tail = t[len(t)-keep:]
	} else {
		p.tail = t
	}
}

// String returns what was written to memory.
func (p *pageOut) String() string { return p.mem.String() }

// raw writes markup of ours.
func (w *htmlWriter) raw(m markup) { w.b.WriteString(string(m)) }

// text writes s escaped for an HTML text node or a quoted attribute value.
func (w *htmlWriter) text(s string) { w.b.WriteString(escapeHTML(s)) }

// num writes an integer.
func (w *htmlWriter) num(n int) { w.b.WriteString(strconv.Itoa(n)) }

// url writes s as the value of an href attribute: a URL whose scheme is
// not http, https or mailto becomes "#ZgotmplZ" (so "javascript:" cannot
// run), characters outside RFC 3986's sets are percent-encoded, and the
// result is escaped for the attribute — as html/template does.
func (w *htmlWriter) url(s string) {
	if scheme, _, ok := strings.Cut(s, ":"); ok && !strings.Contains(scheme, "/") &&
		!strings.EqualFold(scheme, "http") && !strings.EqualFold(scheme, "https") && !strings.EqualFold(scheme, "mailto") {
		s = "#ZgotmplZ"
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9',
			strings.IndexByte("-._~!#$&*+,/:;=?@[]", c) >= 0,
			// An escape is kept (html/template's test, which looks
			// for one more byte after it).
			c == '%' && i+2 < len(s) && isHexDigit(s[i+1]) && isHexDigit(s[i+2]):
			b.WriteByte(c)
		default:
			b.WriteString("%" + strconv.FormatUint(uint64(c)>>4, 16) + strconv.FormatUint(uint64(c)&15, 16))
		}
	}
	w.text(b.String())
}

func isHexDigit(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// htmlEntities are the replacements of escapeHTML, those of html/template.
var htmlEntities = [...]string{
	0:    "\uFFFD",
	'"':  "&#34;",
	'&':  "&amp;",
	'\'': "&#39;",
	'+':  "&#43;",
	'<':  "&lt;",
	'>':  "&gt;",
}

// escapeHTML returns s with NUL, quotes, '&', '+', '<' and '>' replaced
// by entities (NUL by U+FFFD), safe in a text node and in a quoted
// attribute value. Invalid UTF-8 is kept byte for byte.
func escapeHTML(s string) string {
	var b strings.Builder
	written := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf || int(c) >= len(htmlEntities) || htmlEntities[c] == "" {
			continue
		}
		if b.Len() == 0 {
			b.Grow(len(s) + 16)
		}
		b.WriteString(s[written:i])
		b.WriteString(htmlEntities[c])
		written = i + 1
	}
	if written == 0 {
		return s
	}
	b.WriteString(s[written:])
	return b.String()
}

// plural writes "s" unless n is 1.
func (w *htmlWriter) plural(n int) {
	if n != 1 {
		w.raw("s")
	}
}

// writePage writes the report page for p, in the order an assessor reads
// it: what was assessed, the verdict, the findings by function, the
// compliance view, how to fix, the appendix. The script is the one
// element of its kind, with the page's data before it; its hash is
// in the policy (scriptSource). The page is written to out as it is made;
// a page with another script element (an escape gone wrong) is an error
// once written (a file output is then not kept: see scan.WriteOutputs).
func writePage(out io.Writer, p *htmlPage) error {
	w := &htmlWriter{b: pageOut{out: bufio.NewWriterSize(out, 64<<10)}}
	w.raw(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'; script-src ` + markup(scriptSource) + `; base-uri 'none'; form-action 'none'">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="lambdasec `)
	w.text(p.Version)
	w.raw(`">
<title>lambdasec report</title>
<link rel="icon" href="data:,">
<style>
`)
	w.raw(markup(htmlStyle))
	w.raw("</style>\n</head>\n<body>\n")
	w.header(p)
	w.raw("\n<main>\n<nav class=\"toc\"><a href=\"#assessed\">What was assessed</a><a href=\"#verdict\">Verdict</a><a href=\"#by-function\">Findings by function</a><a href=\"#compliance\">Compliance</a><a href=\"#fixes\">How to fix</a><a href=\"#appendix\">Appendix</a></nav>\n")
	w.assessed(p)
	w.verdictSection(p)
	w.byFunction(p)
	w.compliance(p)
	w.fixes(p)
	w.appendix(p)
	w.raw("\n<footer>Generated by lambdasec")
	if p.Version != "" {
		w.raw(" ")
		w.text(p.Version)
	}
	w.raw(". This file is self-contained: it loads nothing and sends nothing.</footer>\n</main>\n<div id=\"data\" hidden>")
	// The tables' data, as the text of a hidden element that the script
	// reads with JSON.parse (much faster than a script literal of
	// megabytes). encoding/json writes '<', '>' and '&' as \u003c, \u003e
	// and \u0026, so the text holds no markup; checked, not assumed. It
	// is written as it is made (writeData), rows read back from disk.
	err := p.writeData(func(b []byte) error {
		w.b.Write(b)
		return w.b.err
	})
	if err != nil {
		return err
	}
	w.raw("</div>\n<script>\n")
	w.raw(markup(htmlScript))
	w.raw("</script>\n</body>\n</html>\n")
	return w.b.flush()
}

// flush writes what is buffered, and returns the first write error, or
// an error if the page has another number of script elements than one.
func (p *pageOut) flush() error {
	if p.err == nil && p.out != nil {
		p.err = p.out.Flush()
	}
	if p.err != nil {
		return p.err
	}
	if p.scripts != 1 {
		return fmt.Errorf("page has %d script elements, want 1", p.scripts)
	}
	return nil
}

// header writes the title and the date judged against.
func (w *htmlWriter) header(p *htmlPage) {
	w.raw("<header><div class=\"wrap\">\n<h1>lambdasec report")
	if p.Version != "" {
		w.raw("<span>")
		w.text(p.Version)
		w.raw("</span>")
	}
	w.raw("</h1>\n<div class=\"meta\">AWS Lambda security assessment")
	if p.Date != "" {
		w.raw(" · judged as of ")
		w.text(p.Date)
	}
	w.raw("</div>\n</div></header>")
}

// kv writes one row of the assessment table; value is written by fill.
func (w *htmlWriter) kv(key markup, fill func()) {
	w.raw("\n<tr><th>")
	w.raw(key)
	w.raw("</th><td>")
	fill()
	w.raw("</td></tr>")
}

// assessed writes what was assessed and with what.
func (w *htmlWriter) assessed(p *htmlPage) {
	a := p.Assessment
	w.raw("<section id=\"assessed\" class=\"sec\">\n<h2>What was assessed</h2>")
	if len(a.Accounts) > 0 {
		w.raw("\n<div class=\"scroll\"><table id=\"accounts\">\n<thead><tr><th>Account</th><th>Regions</th><th>Caller identity</th><th>Collected</th></tr></thead>\n<tbody>")
		for _, acct := range a.Accounts {
			w.raw("\n<tr><td class=\"mono\">")
			w.text(acct.ID)
			w.raw("</td><td>")
			if len(acct.Regions) == 0 {
				w.raw("<span class=\"muted\">none read</span>")
			}
			w.text(strings.Join(acct.Regions, ", "))
			w.raw("</td><td class=\"mono wrapany\">")
			if acct.Caller == "" {
				w.raw("<span class=\"muted\">not recorded</span>")
			}
			w.text(acct.Caller)
			w.raw("</td><td>")
			if acct.CollectedAt.IsZero() {
				w.raw("<span class=\"muted\">not recorded</span>")
			} else {
				w.text(acct.CollectedAt.UTC().Format("2006-01-02 15:04 MST"))
			}
			w.raw("</td></tr>")
		}
		w.raw("\n</tbody>\n</table></div>")
	}
	w.raw("\n<table class=\"kv\">")
	if len(a.Paths) > 0 {
		w.kv("Paths", func() {
			for i, path := range a.Paths {
				if i > 0 {
					w.raw(", ")
				}
				w.raw("<span class=\"mono\">")
				w.text(path)
				w.raw("</span>")
			}
		})
	}
	w.kv("Inputs", func() {
		w.num(p.Files)
		w.raw(" file")
		w.plural(p.Files)
		w.raw(" read, ")
		w.num(p.Estates)
		w.raw(" estate")
		w.plural(p.Estates)
		w.raw(" judged")
		if len(p.Skipped) > 0 {
			w.raw(", <b>")
			w.num(len(p.Skipped))
			w.raw(" skipped</b>")
		}
		if p.Excluded > 0 {
			w.raw(", ")
			w.num(p.Excluded)
			w.raw(" excluded by skip patterns")
		}
		if len(p.Gaps) > 0 {
			w.raw(", <b>")
			w.num(len(p.Gaps))
			w.raw(" gap")
			w.plural(len(p.Gaps))
			w.raw("</b> (what could not be read)")
		}
		w.raw(" <a href=\"#appendix\">appendix</a>")
	})
	if p.Shard != "" {
		w.kv("Shard", func() { w.text(p.Shard) })
	}
	if p.Date != "" {
		w.kv("Judged as of", func() { w.text(p.Date) })
	}
	w.kv("lambdasec", func() {
		if p.Version == "" {
			w.raw("<span class=\"muted\">version not recorded</span>")
		}
		w.text(p.Version)
	})
	w.kv("Runtime table", func() {
		if a.RuntimesAsOf.IsZero() {
			w.raw("<span class=\"muted\">not recorded</span>")
			return
		}
		w.raw("as of ")
		w.text(a.RuntimesAsOf.Format("2006-01-02"))
		if a.RuntimesSource != "" {
			w.raw(" <span class=\"muted wrapany\">(")
			w.text(a.RuntimesSource)
			w.raw(")</span>")
		}
	})
	w.kv("Rules", func() {
		w.num(p.Rules)
		w.raw(" rule")
		w.plural(p.Rules)
		w.raw(" run")
	})
	w.kv("Suppressions", func() {
		if p.Config != "" {
			w.raw("configuration <span class=\"mono\">")
			w.text(p.Config)
			w.raw("</span>; ")
		} else {
			w.raw("no configuration file; ")
		}
		w.num(p.Suppressed)
		w.raw(" finding")
		w.plural(p.Suppressed)
		w.raw(" suppressed (inline skips, ignores")
		if a.Baseline != "" {
			w.raw(", baseline")
		}
		w.raw(")")
		if len(p.Expired) > 0 {
			w.raw(", <b>")
			w.num(len(p.Expired))
			w.raw(" expired ignore")
			w.plural(len(p.Expired))
			w.raw("</b>")
		}
	})
	w.kv("Baseline", func() {
		if a.Baseline == "" {
			w.raw("none: every finding is reported")
			return
		}
		w.raw("<span class=\"mono\">")
		w.text(a.Baseline)
		w.raw("</span>: only what it lacks is reported; ")
		w.num(p.Fixed)
		w.raw(" of its findings fixed since")
	})
	w.raw("\n</table>\n</section>")
}

// verdictSection writes the counts by severity, the top exposure paths
// (when the summary has them), the worst functions and the counts by
// area.
func (w *htmlWriter) verdictSection(p *htmlPage) {
	w.raw("\n<section id=\"verdict\" class=\"sec\">\n<h2>Verdict</h2>\n<div class=\"cards\">")
	for _, s := range p.Severities {
		w.raw("\n<div class=\"card ")
		w.text(s.Name)
		w.raw("\"><b>")
		w.num(s.Count)
		w.raw("</b><span>")
		w.text(s.Name)
		w.raw("</span></div>")
	}
	w.raw("\n<div class=\"card unknown\"><b>")
	w.num(p.Unknown)
	w.raw("</b><span>unknown</span></div>\n<div class=\"card pass\"><b>")
	w.num(p.Pass)
	w.raw("</b><span>passed</span></div>\n<div class=\"card suppressed\"><b>")
	w.num(p.Suppressed)
	w.raw("</b><span>suppressed</span></div>\n</div>")
	if p.Unknown > 0 {
		w.raw("\n<p class=\"muted\">UNKNOWN: a rule could not see what it needed (access denied, a value a template leaves unresolved); such a resource is neither passed nor given a severity.</p>")
	}
	// The exposure graph's ranked paths (LS110), drawn and listed; nil
	// writes nothing.
	w.exposureView(p.Exposure)
	if len(p.Worst) > 0 {
		w.raw("\n<h3>Worst functions</h3>\n<div class=\"scroll\"><table id=\"worst\">\n<thead><tr><th>Function</th>")
		w.whereHead(p)
		w.raw("<th>Exposure</th><th>Role power</th><th>Rules not passed</th></tr></thead>\n<tbody>")
		for _, fn := range p.Worst {
			w.raw("\n<tr><td><a class=\"fnlink\" href=\"#fn=")
			w.num(fn.Key)
			w.raw("\">")
			w.text(fn.Name)
			w.raw("</a>")
			if fn.Deployed != "" {
				w.raw("<div class=\"fnname\">")
				w.text(fn.Deployed)
				w.raw("</div>")
			}
			w.raw("</td>")
			if p.Live || p.Templates {
				w.raw("<td class=\"mono wrapany\">")
				w.text(fn.Where)
				w.raw("</td>")
			}
			w.raw("<td>")
			w.badge(fn.Exposure())
			w.raw("</td><td>")
			w.badge(fn.Power())
			w.raw("</td><td>")
			w.ruleCounts(fn.Rules)
			w.raw("</td></tr>")
		}
		w.raw("\n</tbody>\n</table></div>")
	}
	if len(p.Areas) > 0 {
		w.raw("\n<h3>By area</h3>\n<div class=\"scroll\"><table>\n<thead><tr><th>Area</th>")
		w.severityHeads(p)
		w.raw("<th class=\"n\">unknown</th><th class=\"n\">passed</th><th class=\"n\">suppressed</th></tr></thead>\n<tbody>")
		for _, a := range p.Areas {
			w.raw("\n<tr><td>")
			w.text(a.Name)
			w.raw("</td>")
			for _, n := range a.Severities {
				w.count(n)
			}
			w.count(a.Unknown)
			w.count(a.Pass)
			w.count(a.Suppressed)
			w.raw("</tr>")
		}
		w.raw("\n</tbody>\n</table></div>")
	}
	w.raw("\n</section>")
}

// whereHead writes the heading of the location column: the account and
// region of live estates, the file of templates.
func (w *htmlWriter) whereHead(p *htmlPage) {
	switch {
	case p.Live && p.Templates:
		w.raw("<th data-sort=\"where\">Account / region or file</th>")
	case p.Live:
		w.raw("<th data-sort=\"where\">Account / region</th>")
	case p.Templates:
		w.raw("<th data-sort=\"where\">File</th>")
	}
}

// badge writes a verdict's badge: UNKNOWN in its own colour and word,
// with the worst known failure beside it.
func (w *htmlWriter) badge(v htmlVerdict) {
	w.raw("<span class=\"badge ")
	w.text(v.Class)
	w.raw("\">")
	w.text(v.Label)
	w.raw("</span>")
	if v.Known != "" {
		w.raw(" <span class=\"muted\">at least ")
		w.text(v.Known)
		w.raw("</span>")
	}
}

// ruleCounts writes a function's rules, once each, with their counts.
func (w *htmlWriter) ruleCounts(rcs []htmlRuleCount) {
	for i, rc := range rcs {
		if i > 0 {
			w.raw(" ")
		}
		w.raw("<span class=\"rc ")
		w.text(className(int(rc.Class)))
		w.raw("\">")
		w.text(rc.ID)
		if rc.Count > 1 {
			w.raw(" ×")
			w.num(int(rc.Count))
		}
		w.raw("</span>")
	}
}

// severityHeads writes a column heading per severity.
func (w *htmlWriter) severityHeads(p *htmlPage) {
	for _, s := range p.Severities {
		w.raw("<th class=\"n\">")
		w.text(s.Name)
		w.raw("</th>")
	}
}

// count writes a number cell, greyed out when zero.
func (w *htmlWriter) count(n int) {
	w.raw("<td class=\"n")
	if n == 0 {
		w.raw(" z")
	}
	w.raw("\">")
	w.num(n)
	w.raw("</td>")
}

// byFunction writes the functions table and the findings table with
// their filters; the script fills both from the page's data.
func (w *htmlWriter) byFunction(p *htmlPage) {
	w.raw("\n<section id=\"by-function\" class=\"sec\">\n<h2>Findings by function</h2>")
	w.raw("\n<h3 id=\"functions-h\">Functions <span class=\"muted\">(")
	w.num(p.functions.len())
	w.raw(")</span></h3>")
	if p.functions.len() > 0 {
		w.raw("\n<div class=\"scroll\"><table id=\"functions\" class=\"data\">\n<thead><tr><th data-sort=\"name\">Function</th>")
		w.whereHead(p)
		w.raw("<th data-sort=\"exposure\">Exposure</th><th data-sort=\"power\">Role power</th><th data-sort=\"rules\">Rules not passed</th>")
		for _, s := range p.Severities {
			w.raw("<th class=\"n\" data-sort=\"")
			w.text(s.Name)
			w.raw("\">")
			w.text(s.Name)
			w.raw("</th>")
		}
		w.raw("<th class=\"n\" data-sort=\"unknown\">unknown</th></tr></thead>\n<tbody></tbody>\n</table></div>\n<p class=\"more\" hidden><button type=\"button\">Show more functions</button></p>")
	}
	w.raw("\n<h3 id=\"findings\">Findings</h3>\n<form class=\"filters\" id=\"filters\" autocomplete=\"off\">\n<span class=\"group\">")
	for _, s := range p.Severities {
		w.raw("<label><input type=\"checkbox\" name=\"sev\" value=\"")
		w.text(s.Name)
		w.raw("\" checked> <span class=\"badge ")
		w.text(s.Name)
		w.raw("\">")
		w.text(s.Name)
		w.raw("</span></label>")
	}
	w.raw("<label><input type=\"checkbox\" name=\"sev\" value=\"unknown\" checked> <span class=\"badge unknown\">unknown</span></label>")
	if p.ShowPass {
		w.raw("<label><input type=\"checkbox\" name=\"sev\" value=\"pass\"> <span class=\"badge pass\">passed</span></label>")
	}
	w.raw("</span>\n<span class=\"group\"><label><input type=\"checkbox\" id=\"f-sup\" checked> suppressed</label></span>\n<select id=\"f-rule\" aria-label=\"Rule\"><option value=\"\">All rules</option>")
	for _, r := range p.RuleList {
		w.raw("<option value=\"")
		w.text(r.ID)
		w.raw("\">")
		w.text(r.ID)
		w.raw(" ")
		w.text(r.Name)
		w.raw("</option>")
	}
	w.raw("</select>\n<select id=\"f-fn\" aria-label=\"Function\"><option value=\"\">All functions</option>")
	if p.HasOther {
		w.raw("<option value=\"other\">(other resources)</option>")
	}
	w.raw("</select>\n<input type=\"search\" id=\"f-q\" placeholder=\"Search message, resource, rule\" aria-label=\"Search\">\n<button type=\"reset\" id=\"f-reset\">Reset</button>\n<button type=\"button\" id=\"f-csv\" title=\"Download the rows the filters show, as CSV (made in the page)\">Export CSV</button>\n<span class=\"muted\">showing <b id=\"shown\">")
	w.num(p.Shown)
	w.raw("</b> of ")
	w.num(p.Listed)
	w.raw("</span>\n</form>")
	if p.PassNotListed > 0 {
		w.raw("\n<p class=\"muted\">")
		w.num(p.PassNotListed)
		w.raw(" passed result")
		w.plural(p.PassNotListed)
		w.raw(" counted but not listed (--show-pass lists them).</p>")
	}
	w.raw("\n<div class=\"scroll\"><table id=\"findings-table\" class=\"data\">\n<thead><tr><th data-sort=\"sev\">Severity</th><th data-sort=\"rule\">Rule</th><th data-sort=\"fn\">Function</th>")
	if p.Live {
		w.raw("<th data-sort=\"where\">Account / region</th>")
	}
	if p.Templates || !p.Live {
		w.raw("<th data-sort=\"file\">File</th>")
	}
	w.raw("<th>Resource</th><th>Message</th></tr></thead>\n<tbody></tbody>\n</table></div>\n<p id=\"none\" hidden>No finding matches the filters.</p>\n<p class=\"more\" hidden><button type=\"button\">Show more findings</button></p>\n</section>")
}

// compliance writes the results grouped by framework control.
func (w *htmlWriter) compliance(p *htmlPage) {
	w.raw("\n<section id=\"compliance\" class=\"sec\">\n<h2>Compliance</h2>\n<p class=\"muted\">The results of the rules mapped to each control of AWS Security Hub FSBP, the OWASP Serverless Top 10 and CIS, where a rule maps to one. A control fails when any of its results fails, is UNKNOWN when one could not be judged, and passes otherwise; suppressed results are counted apart.</p>")
	if len(p.Compliance) == 0 {
		w.raw("\n<p>No finding maps to a framework control.</p>")
	}
	for _, fw := range p.Compliance {
		w.raw("\n<h3>")
		w.text(fw.Name)
		w.raw("</h3>\n<div class=\"scroll\"><table class=\"controls\">\n<thead><tr><th>Control</th><th>Status</th><th>Rules</th><th class=\"n\">fail</th><th class=\"n\">unknown</th><th class=\"n\">pass</th><th class=\"n\">suppressed</th><th>Failing resources</th></tr></thead>\n<tbody>")
		for _, ctl := range fw.Controls {
			status, class := "pass", "pass"
			switch {
			case ctl.Fail > 0:
				status, class = "fail", "high"
			case ctl.Unknown > 0:
				status, class = "unknown", "unknown"
			case ctl.Pass == 0:
				status, class = "suppressed", "suppressed"
			}
			w.raw("\n<tr><td class=\"mono\">")
			w.text(ctl.Control)
			w.raw("</td><td><span class=\"badge ")
			w.text(class)
			w.raw("\">")
			w.text(status)
			w.raw("</span></td><td class=\"mono\">")
			for i, id := range ctl.Rules {
				if i > 0 {
					w.raw(" ")
				}
				w.raw("<a href=\"#fix-")
				w.text(id)
				w.raw("\">")
				w.text(id)
				w.raw("</a>")
			}
			w.raw("</td>")
			w.count(ctl.Fail)
			w.count(ctl.Unknown)
			w.count(ctl.Pass)
			w.count(ctl.Supp)
			w.raw("<td>")
			w.resources(ctl.Failing, "failing")
			w.resources(ctl.UnknownResources, "unknown")
			w.raw("</td></tr>")
		}
		w.raw("\n</tbody>\n</table></div>")
	}
	w.raw("\n</section>")
}

// resources writes a control's resources of one status, collapsed.
func (w *htmlWriter) resources(names []string, what markup) {
	if len(names) == 0 {
		return
	}
	w.raw("<details class=\"res\"><summary>")
	w.num(len(names))
	w.raw(" ")
	w.raw(what)
	w.raw("</summary><div class=\"wrapany\">")
	for i, n := range names {
		if i > 0 {
			w.raw(", ")
		}
		w.text(n)
	}
	w.raw("</div></details>")
}

// fixes writes how to fix each rule that did not pass, once per rule.
func (w *htmlWriter) fixes(p *htmlPage) {
	w.raw("\n<section id=\"fixes\" class=\"sec\">\n<h2>How to fix</h2>")
	if len(p.Fixes) == 0 {
		w.raw("\n<p>Nothing to fix: every result passed.</p>")
	}
	for _, fx := range p.Fixes {
		r := fx.Rule
		w.raw("\n<details class=\"fix\" id=\"fix-")
		w.text(r.ID)
		w.raw("\"><summary>")
		if fx.Fail > 0 {
			w.raw("<span class=\"badge ")
			w.text(r.Severity.String())
			w.raw("\">")
			w.text(r.Severity.String())
			w.raw("</span>")
		} else {
			w.raw("<span class=\"badge unknown\">unknown</span>")
		}
		w.raw(" <span class=\"mono\">")
		w.text(r.ID)
		w.raw("</span> ")
		w.text(r.Title)
		w.raw(" <span class=\"muted\">")
		if fx.Fail > 0 {
			w.num(fx.Fail)
			w.raw(" failed")
		}
		if fx.Unknown > 0 {
			if fx.Fail > 0 {
				w.raw(", ")
			}
			w.num(fx.Unknown)
			w.raw(" unknown")
		}
		w.raw("</span></summary>\n<div class=\"remediation\"><p>")
		w.text(r.Remediation.Text)
		w.raw("</p>")
		w.fix("AWS CLI", r.Remediation.CLI)
		w.fix("CloudFormation", r.Remediation.CloudFormation)
		w.fix("Terraform", r.Remediation.Terraform)
		if len(r.Compliance) > 0 {
			w.raw("\n<p><span class=\"muted\">Compliance:</span> ")
			for i, c := range r.Compliance {
				if i > 0 {
					w.raw("; ")
				}
				w.text(c.Framework)
				w.raw(" ")
				w.text(c.Control)
			}
			w.raw("</p>")
		}
		if len(r.References) > 0 {
			w.raw("\n<ul>")
			for _, ref := range r.References {
				w.raw("\n<li><a href=\"")
				w.url(ref)
				w.raw("\" rel=\"noreferrer noopener\" target=\"_blank\">")
				w.text(ref)
				w.raw("</a></li>")
			}
			w.raw("\n</ul>")
		}
		w.raw("</div>\n</details>")
	}
	w.raw("\n</section>")
}

// fix writes one form of a remediation (AWS CLI, CloudFormation,
// Terraform) as a code block, if the rule has it.
func (w *htmlWriter) fix(form markup, code string) {
	if code == "" {
		return
	}
	w.raw("\n<div class=\"muted\">")
	w.raw(form)
	w.raw("</div><pre><code>")
	w.text(code)
	w.raw("</code></pre>")
}

// appendix writes the files read and skipped (collapsed) and the gaps.
func (w *htmlWriter) appendix(p *htmlPage) {
	a := p.Assessment
	w.raw("\n<section id=\"appendix\" class=\"sec\">\n<h2>Appendix</h2>\n<details id=\"files\"><summary>Files read (")
	w.num(p.Files)
	w.raw(") and skipped (")
	w.num(len(p.Skipped))
	w.raw(")</summary>")
	if len(a.Inputs) > 0 {
		w.raw("\n<h4>Read</h4>\n<ul class=\"files mono\">")
		for _, in := range a.Inputs {
			w.raw("\n<li>")
			w.text(in)
			w.raw("</li>")
		}
		w.raw("\n</ul>")
	}
	if len(p.Skipped) > 0 {
		w.raw("\n<h4>Skipped</h4>\n<ul class=\"files\">")
		for _, s := range p.Skipped {
			w.raw("\n<li><span class=\"mono\">")
			w.text(s.Where)
			w.raw("</span>: ")
			w.text(s.Reason)
			w.raw("</li>")
		}
		w.raw("\n</ul>")
	}
	w.raw("\n</details>\n<h3 id=\"gaps\">Gaps: what could not be read, and why</h3>")
	if len(p.Gaps)+len(p.Skipped)+len(p.Expired)+len(p.Warnings) == 0 {
		w.raw("\n<p>None: everything found was read.</p>")
	} else {
		w.raw("\n<ul class=\"notes\">")
		w.notes("\n<li>not read: ", p.Gaps)
		for _, s := range p.Skipped {
			w.raw("\n<li>skipped <span class=\"mono\">")
			w.text(s.Where)
			w.raw("</span>: ")
			w.text(s.Reason)
			w.raw("</li>")
		}
		w.notes("\n<li>expired ignore: ", p.Expired)
		w.notes("\n<li>warning: ", p.Warnings)
		w.raw("\n</ul>")
	}
	w.raw("\n</section>")
}

// notes writes one list item per string, each after open.
func (w *htmlWriter) notes(open markup, ss []string) {
	for _, s := range ss {
		w.raw(open)
		w.text(s)
		w.raw("</li>")
	}
}
