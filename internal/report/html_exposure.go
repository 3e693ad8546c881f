package report

import (
	"cmp"
	"fmt"
	"net/url"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/lambdasec/lambdasec/internal/exposure"
	"github.com/lambdasec/lambdasec/internal/rules"
)

// MaxDrawnPaths is how many of the best ranked paths the HTML report's
// exposure diagram draws; the list beside it names them all. Only the
// entries, functions, roles and impacts on drawn paths appear (clean
// functions are left out), so the diagram stays readable however many
// functions the estate has.
const MaxDrawnPaths = 25

// htmlExposure is the HTML report's exposure view: the ranked paths, each
// hop with the anchor of the finding it links to.
type htmlExposure struct {
	Paths []htmlPath
}

type htmlPath struct {
	Severity, Class, Label, Cut string
	Anchor                      string // the path's own finding
	Hops                        []htmlHop
	Unknown                     bool
	// ChangedBy names who may change the path's function, another way
	// in: "user Deployer (UpdateFunctionCode, without MFA)".
	ChangedBy []string
}

type htmlHop struct {
	Kind                 exposure.NodeKind
	Label, Detail, Where string
	Anchor               string    // the finding the hop links to
	key                  string    // the node it is drawn as
	finding              [2]string // the rule and resource of the finding it links to, if in the report
}

// findingAnchor is the link to a finding in the HTML report: the
// findings table filtered to its rule and resource (the page's rows are
// drawn by its script, so a link is a filter, kept in the URL fragment).
func findingAnchor(f rules.Finding) string {
	return anchorOf(f.Rule.ID, f.Resource)
}

// anchorOf is findingAnchor of the finding of rule ID rule about resource.
func anchorOf(rule, resource string) string {
	return "rule=" + url.QueryEscape(rule) + "&q=" + url.QueryEscape(resource)
}

// exposureBuilder gathers the exposure view from the LS110 findings, as
// they are read estate by estate: the ranked paths, each hop linked to
// the finding about it (the route's LS107, the bucket's LS112, the
// role's LS203...) when that finding is in the report and did not pass,
// else to the path's own finding. A hop's finding is in the path's
// estate, so memory holds the findings that did not pass of one estate
// (their rule and resource) and the paths.
type exposureBuilder struct {
	base string
	// seen are the rule and resource of the estate's findings that did
	// not pass, pending its paths (hops not linked yet).
	seen    map[[2]string]bool
	pending []rankedHTMLPath
	paths   []rankedHTMLPath
}

// rankedHTMLPath is a path with what ranks it (rankedPaths' order).
type rankedHTMLPath struct {
	score            int
	estate, resource string
	path             htmlPath
}

// add takes f, the next finding of the estate being read.
func (x *exposureBuilder) add(f *rules.Finding) {
	if f.Status == rules.Pass {
		return
	}
	if x.seen == nil {
		x.seen = map[[2]string]bool{}
	}
	x.seen[[2]string{f.Rule.ID, f.Resource}] = true
	if f.Path == nil || f.Suppressed != nil {
		return
	}
	hp := htmlPath{Severity: f.Severity.String(), Class: statusClass(*f), Label: f.Label, Cut: f.Path.Cut,
		Anchor: findingAnchor(*f), Unknown: f.Status == rules.Unknown}
	for i, c := range f.Path.ChangedBy {
		if i == maxChangers {
			hp.ChangedBy = append(hp.ChangedBy, fmt.Sprintf("and %d more (lambdasec graph lists them)", len(f.Path.ChangedBy)-i))
			break
		}
		hp.ChangedBy = append(hp.ChangedBy, changerText(c))
	}
	for _, h := range f.Path.Hops {
		hh := htmlHop{Kind: h.Kind, Label: h.Label, Detail: h.Detail, Where: location(x.base, h.Source), finding: [2]string{h.Rule, h.Resource},
			key: f.Estate + "\x00" + string(h.Kind) + "\x00" + h.Label + "\x00" + h.Source.String()}
		if h.Kind == exposure.NodeInternet {
			hh.key = string(h.Kind) + "\x00" + h.Label
		}
		hp.Hops = append(hp.Hops, hh)
	}
	x.pending = append(x.pending, rankedHTMLPath{score: f.Path.Score, estate: f.Estate, resource: f.Resource, path: hp})
}

// estateDone links the hops of the estate's paths to their findings, and
// forgets the estate's findings.
func (x *exposureBuilder) estateDone() {
	for _, rp := range x.pending {
		for i := range rp.path.Hops {
			h := &rp.path.Hops[i]
			h.Anchor = rp.path.Anchor
			if x.seen[h.finding] {
				h.Anchor = anchorOf(h.finding[0], h.finding[1])
			}
		}
		x.paths = append(x.paths, rp)
	}
	x.pending = x.pending[:0]
	clear(x.seen)
}

// view returns the exposure view, the paths best ranked first (by score,
// then estate and resource, then as read), or nil when there is none.
func (x *exposureBuilder) view() *htmlExposure {
	if len(x.paths) == 0 {
		return nil
	}
	sort.SliceStable(x.paths, func(i, j int) bool {
		a, b := x.paths[i], x.paths[j]
		return cmp.Or(b.score-a.score, strings.Compare(a.estate, b.estate), strings.Compare(a.resource, b.resource)) < 0
	})
	v := &htmlExposure{Paths: make([]htmlPath, len(x.paths))}
	for i, rp := range x.paths {
		v.Paths[i] = rp.path
	}
	return v
}

// Layout of the diagram, in SVG user units.
const (
	xvColumnWidth = 196 // from one layer's left edge to the next
	xvNodeWidth   = 172
	xvNodeHeight  = 34
	xvRowHeight   = 44
	xvTop         = 40
)

// A role others may assume (NodePrincipal) is drawn with the roles.
var xvColumns = map[exposure.NodeKind]int{exposure.NodeInternet: 0, exposure.NodeEntry: 1, exposure.NodeFunction: 2, exposure.NodeRole: 3, exposure.NodePrincipal: 3, exposure.NodeImpact: 4}

var xvFill = map[exposure.NodeKind]string{
	exposure.NodeInternet: "#fde2e1", exposure.NodeEntry: "#fff3c4", exposure.NodeFunction: "#dcecfb",
	exposure.NodeRole: "#ece4ff", exposure.NodeImpact: "#fbd5d5", exposure.NodePrincipal: "#e3f9e5",
}

var xvEdge = map[string]string{"critical": "#a4161a", "high": "#d9480f", "medium": "#b7791f"}

var xvHeadings = []string{"Outside", "Entry point", "Function", "Execution role", "Impact"}

// exposureView writes the exposure view (its style is the #exposure part
// of html_style.css): the diagram of the best ranked
// paths (inline SVG, drawn here, layered left to right: outside → entry
// → function → role → impact; entries grouped by kind) beside the ranked
// list, every hop a link to its finding. Every estate string goes through
// the writer's escaping; nothing in the view is script. Nil writes
// nothing.
func (w *htmlWriter) exposureView(x *htmlExposure) {
	if x == nil {
		return
	}
	w.raw("\n<section id=\"exposure\">\n<h3 id=\"paths\">Top exposure paths</h3>\n<div class=\"xv\">\n<div class=\"xsvg\">")
	w.diagram(x)
	w.raw("</div>\n<ol>")
	for _, p := range x.Paths {
		w.raw("\n<li class=\"")
		w.text(p.Class)
		w.raw("\"><a class=\"badge ")
		w.text(p.Class)
		w.raw("\" href=\"#")
		w.text(p.Anchor)
		w.raw("\">")
		if p.Unknown {
			w.raw("unknown")
		} else {
			w.text(p.Severity)
		}
		w.raw("</a> <span class=\"hops\">")
		for i, h := range p.Hops {
			if i > 0 {
				w.raw(" → ")
			}
			w.raw("<a href=\"#")
			w.text(h.Anchor)
			w.raw("\" data-hop=\"")
			w.text(string(h.Kind))
			w.raw("\" title=\"")
			w.text(hopTitle(h))
			w.raw("\">")
			w.text(h.Label)
			w.raw("</a>")
		}
		w.raw("</span><span class=\"cut\">cut: ")
		w.text(p.Cut)
		w.raw("</span>")
		if len(p.ChangedBy) > 0 {
			w.raw("<span class=\"cut\">can be changed by: ")
			w.text(strings.Join(p.ChangedBy, "; "))
			w.raw("</span>")
		}
		w.raw("</li>")
	}
	w.raw("\n</ol>\n</div>\n</section>\n")
}

func hopTitle(h htmlHop) string {
	t := h.Label
	if h.Detail != "" {
		t += " — " + h.Detail
	}
	if h.Where != "" {
		t += " (" + h.Where + ")"
	}
	return t
}

// diagram writes the SVG of the first MaxDrawnPaths paths.
func (w *htmlWriter) diagram(x *htmlExposure) {
	drawn := x.Paths
	if len(drawn) > MaxDrawnPaths {
		drawn = drawn[:MaxDrawnPaths]
	}
	// Nodes per column in order of first appearance; entries grouped by
	// kind (routes, URLs, policies, buckets...) in the order kinds appear.
	type node struct {
		hop htmlHop
		row int
	}
	cols := make([][]*node, len(xvHeadings))
	nodes := map[string]*node{}
	var entryOrder []string
	entryGroups := map[string][]*node{}
	for _, p := range drawn {
		for _, h := range p.Hops {
			if h.Kind == exposure.NodeFunction && strings.HasPrefix(h.Label, "every function") {
				continue // drawn as part of the invoke-any impact
			}
			if nodes[h.key] != nil {
				continue
			}
			n := &node{hop: h}
			nodes[h.key] = n
			c := xvColumns[h.Kind]
			if h.Kind == exposure.NodeEntry {
				g := entryGroup(h.Detail, h.Label)
				if _, ok := entryGroups[g]; !ok {
					entryOrder = append(entryOrder, g)
				}
				entryGroups[g] = append(entryGroups[g], n)
				continue
			}
			cols[c] = append(cols[c], n)
		}
	}
	for _, g := range entryOrder {
		cols[1] = append(cols[1], entryGroups[g]...)
	}
	// Each later column follows the rows of the nodes that lead to it,
	// so edges cross as little as a stable order allows.
	for i, n := range cols[0] {
		n.row = i
	}
	for i, n := range cols[1] {
		n.row = i
	}
	for c := 2; c < len(cols); c++ {
		from := map[*node]int{}
		for _, p := range drawn {
			var prev *node
			for _, h := range p.Hops {
				n := nodes[h.key]
				if n == nil {
					continue
				}
				if prev != nil && xvColumns[n.hop.Kind] == c {
					if r, ok := from[n]; !ok || prev.row < r {
						from[n] = prev.row
					}
				}
				prev = n
			}
		}
		slices.SortStableFunc(cols[c], func(a, b *node) int { return from[a] - from[b] })
		for i, n := range cols[c] {
			n.row = i
		}
	}
	rows := 1
	for _, c := range cols {
		rows = max(rows, len(c))
	}
	width := xvColumnWidth*(len(xvHeadings)-1) + xvNodeWidth + 20
	height := xvTop + rows*xvRowHeight + 10
	w.raw(markup(fmt.Sprintf("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"Exposure paths: outside, entry points, functions, execution roles, impacts\" font-family=\"system-ui,sans-serif\" font-size=\"14\">", width, height)))
	for i, h := range xvHeadings {
		w.raw(markup(fmt.Sprintf("<text x=\"%d\" y=\"18\" font-weight=\"600\" fill=\"#616e7c\">", 10+i*xvColumnWidth)))
		w.text(h)
		w.raw("</text>")
	}
	xy := func(n *node) (int, int) {
		return 10 + xvColumns[n.hop.Kind]*xvColumnWidth, xvTop + n.row*xvRowHeight
	}
	// Edges first, under the nodes; the worst path last, on top.
	for i := len(drawn) - 1; i >= 0; i-- {
		p := drawn[i]
		var prev *node
		for _, h := range p.Hops {
			n := nodes[h.key]
			if n == nil {
				continue
			}
			if prev != nil {
				x1, y1 := xy(prev)
				x2, y2 := xy(n)
				x1 += xvNodeWidth
				y1 += xvNodeHeight / 2
				y2 += xvNodeHeight / 2
				mid := (x1 + x2) / 2
				dash := ""
				if p.Unknown {
					dash = " stroke-dasharray=\"5 4\""
				}
				w.raw(markup(fmt.Sprintf("<path d=\"M%d %d C%d %d %d %d %d %d\" fill=\"none\" stroke=\"%s\" stroke-width=\"1.6\" opacity=\"0.75\"%s/>",
					x1, y1, mid, y1, mid, y2, x2, y2, xvEdgeColor(p), dash)))
			}
			prev = n
		}
	}
	for c := range cols {
		for _, n := range cols[c] {
			x0, y0 := xy(n)
			label := n.hop.Label
			if n.hop.Kind == exposure.NodeImpact && strings.HasPrefix(label, "invoke any function") {
				label += " → every function"
			}
			w.raw("<a href=\"#")
			w.text(n.hop.Anchor)
			w.raw("\"><g data-hop=\"")
			w.text(string(n.hop.Kind))
			w.raw("\"><title>")
			w.text(hopTitle(n.hop))
			w.raw(markup(fmt.Sprintf("</title><rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" rx=\"5\" fill=\"%s\" stroke=\"#52606d\" stroke-width=\"1\"/><text x=\"%d\" y=\"%d\" fill=\"#1f2933\">",
				x0, y0, xvNodeWidth, xvNodeHeight, xvFill[n.hop.Kind], x0+8, y0+xvNodeHeight/2+4)))
			w.text(shorten(label, 21))
			w.raw("</text></g></a>")
		}
	}
	w.raw("</svg>")
	if len(x.Paths) > len(drawn) {
		w.raw(markup(fmt.Sprintf("<p class=\"legend\">The %d best ranked of %d paths are drawn; the list names them all.</p>", len(drawn), len(x.Paths))))
	}
}

// xvEdgeColor colours a path's edges by its severity (UNKNOWN paths in
// the unknown colour).
func xvEdgeColor(p htmlPath) string {
	if p.Unknown {
		return "#6741d9"
	}
	if c, ok := xvEdge[p.Severity]; ok {
		return c
	}
	return "#9aa5b1"
}

// entryGroup is the kind of an entry point, for grouping the column:
// its label's first word for buckets, topics and queues, else routes,
// URLs and policy statements apart.
func entryGroup(detail, label string) string {
	switch {
	case strings.HasPrefix(label, "URL of "):
		return "url"
	case strings.HasPrefix(label, "resource policy of "):
		return "policy"
	case strings.HasPrefix(label, "bucket "), strings.HasPrefix(label, "topic "), strings.HasPrefix(label, "queue "),
		strings.HasPrefix(label, "layer "), strings.HasPrefix(label, "bus "), strings.HasPrefix(label, "stream "):
		return strings.Fields(label)[0]
	case strings.HasPrefix(label, "load balancer "):
		return "load balancer"
	case strings.HasPrefix(label, "trust policy of "):
		return "trust"
	}
	return "route"
}

// shorten cuts s to n runes, with an ellipsis.
func shorten(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

// statusClass names a path's colour: its severity when it fails, else
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

// maxChangers is how many of the principals that may change a path's
// function the view names.
const maxChangers = 5

// changerText says who may change a path's function and how: "user
// Deployer (UpdateFunctionCode; without MFA)"; "role Ops (every function:
// UpdateFunctionCode; with MFA)".
func changerText(c exposure.Changer) string {
	var acts []string
	for _, a := range c.Actions {
		acts = append(acts, strings.TrimPrefix(a, "lambda:"))
	}
	t := c.Label + " ("
	if c.Every {
		t += "every function: "
	}
	t += strings.Join(acts, ", ")
	if c.MFA == exposure.MFARequired {
		return t + "; with MFA)"
	}
	return t + "; without MFA)"
}
