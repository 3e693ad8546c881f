package report

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/lambdasec/lambdasec/internal/exposure"
	"github.com/lambdasec/lambdasec/internal/rules"
)

// MaxTablePaths is how many exposure paths the table's "Top exposure
// paths" section shows.
const MaxTablePaths = 10

// rankedPaths returns the findings of fs that carry an exposure path
// (LS110), failed or unknown and not suppressed, best ranked first: by
// the path's score, then estate and resource, so the order is stable.
func rankedPaths(fs []rules.Finding) []rules.Finding {
	var out []rules.Finding
	for _, f := range fs {
		if f.Path != nil && f.Status != rules.Pass && f.Suppressed == nil {
			out = append(out, f)
		}
	}
	slices.SortStableFunc(out, func(a, b rules.Finding) int {
		if a.Path.Score != b.Path.Score {
			return b.Path.Score - a.Path.Score
		}
		if a.Estate != b.Estate {
			return strings.Compare(a.Estate, b.Estate)
		}
		return strings.Compare(a.Resource, b.Resource)
	})
	return out
}

// hopColors colour each layer of a path in the table.
var hopColors = map[exposure.NodeKind]string{
	exposure.NodeInternet: ansiRed, exposure.NodeEntry: ansiYellow, exposure.NodeFunction: ansiCyan,
	exposure.NodeRole: ansiMagenta, exposure.NodeImpact: ansiBold + ansiRed, exposure.NodePrincipal: ansiMagenta,
}

var hopNames = map[exposure.NodeKind]string{
	exposure.NodeInternet: "from", exposure.NodeEntry: "entry", exposure.NodeFunction: "function",
	exposure.NodeRole: "role", exposure.NodeImpact: "impact", exposure.NodePrincipal: "assumes",
}

// writeTopPaths writes the table's first section: the best ranked
// exposure paths (at most MaxTablePaths), one line per hop coloured by its
// layer, each with its position, then the change that cuts the path.
func writeTopPaths(w io.Writer, fs []rules.Finding, p painter, base string, width int) {
	ps := rankedPaths(fs)
	if len(ps) == 0 {
		return
	}
	title := "Top exposure paths"
	if len(ps) > MaxTablePaths {
		title += fmt.Sprintf(" (%d of %d)", MaxTablePaths, len(ps))
		ps = ps[:MaxTablePaths]
	}
	fmt.Fprintf(w, "%s\n", p.paint(ansiBold, title))
	for i, f := range ps {
		fmt.Fprintf(w, "  %2d. %s %s\n", i+1, p.verdict(f), wrapWords(f.Label, 17, 17, width))
		for _, h := range f.Path.Hops {
			line := h.Label
			if h.Detail != "" {
				line += " — " + h.Detail
			}
			if h.Unknown != "" {
				line += " (cannot be seen: " + h.Unknown + ")"
			}
			if loc := location(base, h.Source); loc != "" {
				line += " (" + loc + ")"
			}
			text := fmt.Sprintf("%-9s", hopNames[h.Kind]) + wrapWords(line, 17, 17, width)
			fmt.Fprintf(w, "        %s\n", p.paint(hopColors[h.Kind], text))
		}
		fmt.Fprintf(w, "        %s\n", p.paint(ansiDim, wrapWords("cut: "+f.Path.Cut, 8, 13, width)))
	}
	fmt.Fprintln(w)
}

// JSONPath is one exposure path in the JSON report's paths array: the
// LS110 finding it is (estate, resource, fingerprint), its rank and
// severity, and its hops in order, each with its position and the rule
// and resource of the finding about it.
type JSONPath struct {
	Rank int `json:"rank"`
	// Score is what the rank follows, higher first (exposure.Path.Score:
	// severity, then impact, then the kind of entry point); ties go by
	// estate, then resource. lambdasec merge ranks the paths of several
	// reports by it.
	Score       int               `json:"score"`
	Estate      string            `json:"estate"`
	Resource    string            `json:"resource"`
	Fingerprint string            `json:"fingerprint"`
	Status      rules.Status      `json:"status"`
	Severity    string            `json:"severity"`
	Access      string            `json:"access"`
	Impact      exposure.Impact   `json:"impact,omitempty"`
	Also        []exposure.Impact `json:"also,omitempty"`
	Hops        []exposure.Hop    `json:"hops"`
	Unknown     string            `json:"unknown,omitempty"`
	Cut         string            `json:"cut"`
}

// jsonPaths returns the ranked paths of fs for the JSON report; nil when
// there are none.
func jsonPaths(fs []rules.Finding) []JSONPath {
	var out []JSONPath
	for i, f := range rankedPaths(fs) {
		p := f.Path
		out = append(out, JSONPath{Rank: i + 1, Score: p.Score, Estate: f.Estate, Resource: f.Resource, Fingerprint: f.Fingerprint,
			Status: f.Status, Severity: f.Severity.String(), Access: p.Access, Impact: p.Impact, Also: p.Also,
			Hops: p.Hops, Unknown: p.Unknown, Cut: p.Cut})
	}
	return out
}

// sarifCodeFlow is a SARIF codeFlow: one thread whose locations are a
// path's hops, so code scanning shows the path step by step.
// https://docs.oasis-open.org/sarif/sarif/v2.1.0/os/sarif-v2.1.0-os.html#_Toc34317730
type sarifCodeFlow struct {
	ThreadFlows []sarifThreadFlow `json:"threadFlows"`
}

type sarifThreadFlow struct {
	Locations []sarifThreadFlowLocation `json:"locations"`
}

type sarifThreadFlowLocation struct {
	Location       sarifLocation `json:"location"`
	ExecutionOrder int           `json:"executionOrder"`
}

// sarifCodeFlows returns the codeFlow of an LS110 finding (nil for
// others): each hop a location with its file and line (or ARN), and a
// message naming the hop.
func sarifCodeFlows(base string, f rules.Finding) []sarifCodeFlow {
	if f.Path == nil {
		return nil
	}
	var locs []sarifThreadFlowLocation
	for i, h := range f.Path.Hops {
		text := hopNames[h.Kind] + ": " + h.Label
		if h.Detail != "" {
			text += " — " + h.Detail
		}
		loc := sarifLocation{Message: &sarifText{Text: Display(text)}}
		hop := rules.Finding{Result: rules.Result{Source: h.Source}}
		if art, ok := sarifArtifactOf(base, hop); ok && (h.Source.File != "" || h.Source.ARN != "") {
			loc.PhysicalLocation = &sarifPhysical{ArtifactLocation: art}
			if h.Source.File != "" && h.Source.Line > 0 {
				loc.PhysicalLocation.Region = &sarifRegion{StartLine: h.Source.Line, StartColumn: h.Source.Column}
			}
		}
		locs = append(locs, sarifThreadFlowLocation{Location: loc, ExecutionOrder: i + 1})
	}
	return []sarifCodeFlow{{ThreadFlows: []sarifThreadFlow{{Locations: locs}}}}
}

// displayPath returns a copy of p with every estate string passed through
// Display (see needsDisplay); nil for nil.
func displayPath(p *exposure.Path) *exposure.Path {
	if p == nil {
		return nil
	}
	c := *p
	c.Hops = make([]exposure.Hop, len(p.Hops))
	for i, h := range p.Hops {
		h.Label, h.Detail, h.Unknown, h.Resource = Display(h.Label), Display(h.Detail), Display(h.Unknown), Display(h.Resource)
		h.Source.File, h.Source.ARN = Display(h.Source.File), Display(h.Source.ARN)
		c.Hops[i] = h
	}
	c.Cut, c.Unknown = Display(p.Cut), Display(p.Unknown)
	return &c
}
