package report

import (
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/lambdasec/lambdasec/internal/exposure"
)

// GraphFormats lists the formats WriteGraph accepts.
var GraphFormats = []string{"dot", "json", "mermaid"}

// WriteGraph writes the exposure graphs of one or more estates for other
// tools: Graphviz DOT (one cluster per estate, ranked left to right by
// layer), JSON ({"graphs": [{estate, nodes, edges, paths}]}) or a Mermaid
// flowchart. Node IDs in DOT and Mermaid are generated (n1, n2...), never
// estate strings; labels are quoted and escaped for the format, so a
// function name cannot add a node, an edge or markup. It returns an error
// for an unknown format.
func WriteGraph(w io.Writer, format string, gs []*exposure.Graph) error {
	switch format {
	case "dot":
		return graphDOT(w, gs)
	case "json":
		return graphJSON(w, gs)
	case "mermaid":
		return graphMermaid(w, gs)
	}
	return fmt.Errorf("unknown graph format %q (want one of %s)", format, strings.Join(GraphFormats, ", "))
}

// graphShapes are the DOT shapes and fills of each layer.
var graphShapes = map[exposure.NodeKind][2]string{
	exposure.NodeInternet: {"doubleoctagon", "#fde2e1"}, exposure.NodeEntry: {"box", "#fff3c4"},
	exposure.NodeFunction: {"box", "#dcecfb"}, exposure.NodeRole: {"box", "#ece4ff"}, exposure.NodeImpact: {"octagon", "#fbd5d5"},
	exposure.NodePrincipal: {"house", "#e3f9e5"},
}

func nodeLabel(n *exposure.Node) string {
	l := n.Label
	if n.Unknown != "" {
		l += " (?)"
	}
	return l
}

func graphDOT(w io.Writer, gs []*exposure.Graph) error {
	var b strings.Builder
	b.WriteString("digraph exposure {\n  rankdir=LR;\n  node [fontname=\"Helvetica\", style=filled];\n")
	id := 0
	for gi, g := range gs {
		ids := map[string]string{}
		fmt.Fprintf(&b, "  subgraph cluster_%d {\n    label=%s;\n", gi+1, strconv.Quote(Display(g.Estate)))
		for _, n := range g.Nodes {
			id++
			ids[n.ID] = fmt.Sprintf("n%d", id)
			s := graphShapes[n.Kind]
			fmt.Fprintf(&b, "    %s [label=%s, shape=%s, fillcolor=%q, tooltip=%s];\n", ids[n.ID], strconv.Quote(Display(nodeLabel(n))), s[0], s[1], strconv.Quote(Display(n.Detail)))
		}
		for _, e := range g.Edges {
			fmt.Fprintf(&b, "    %s -> %s", ids[e.From], ids[e.To])
			switch {
			case e.MFA == exposure.MFANotRequired:
				fmt.Fprintf(&b, " [label=%s, style=dashed, color=\"#a4161a\"]", strconv.Quote(e.Label))
			case e.MFA != "":
				fmt.Fprintf(&b, " [label=%s, style=dashed]", strconv.Quote(e.Label))
			case e.Label != "":
				fmt.Fprintf(&b, " [label=%s]", strconv.Quote(e.Label))
			}
			b.WriteString(";\n")
		}
		b.WriteString("  }\n")
	}
	b.WriteString("}\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// mermaidText escapes a label for a Mermaid quoted string: quotes and the
// characters Mermaid reads as markup become HTML entities (Mermaid's own
// escape form, #quot;), line breaks are dropped.
func mermaidText(s string) string {
	r := strings.NewReplacer("\"", "#quot;", "<", "#lt;", ">", "#gt;", "&", "#amp;", "\n", " ", "\r", " ", "`", "#96;", "|", "#124;")
	return r.Replace(Display(s))
}

func graphMermaid(w io.Writer, gs []*exposure.Graph) error {
	var b strings.Builder
	b.WriteString("flowchart LR\n")
	b.WriteString("  classDef internet fill:#fde2e1,stroke:#a4161a\n  classDef entry fill:#fff3c4,stroke:#b7791f\n  classDef function fill:#dcecfb,stroke:#1c6dd0\n  classDef role fill:#ece4ff,stroke:#6741d9\n  classDef impact fill:#fbd5d5,stroke:#a4161a\n  classDef principal fill:#e3f9e5,stroke:#2f8132\n")
	id := 0
	for gi, g := range gs {
		ids := map[string]string{}
		fmt.Fprintf(&b, "  subgraph e%d[\"%s\"]\n", gi+1, mermaidText(g.Estate))
		for _, n := range g.Nodes {
			id++
			ids[n.ID] = fmt.Sprintf("n%d", id)
			fmt.Fprintf(&b, "    %s[\"%s\"]:::%s\n", ids[n.ID], mermaidText(nodeLabel(n)), n.Kind)
		}
		for _, e := range g.Edges {
			if e.MFA != "" {
				// a change edge: dotted, so it reads apart from the way in
				fmt.Fprintf(&b, "    %s -.->|%s| %s\n", ids[e.From], mermaidText(e.Label), ids[e.To])
			} else if e.Label != "" {
				fmt.Fprintf(&b, "    %s -->|%s| %s\n", ids[e.From], mermaidText(e.Label), ids[e.To])
			} else {
				fmt.Fprintf(&b, "    %s --> %s\n", ids[e.From], ids[e.To])
			}
		}
		b.WriteString("  end\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// jsonGraph is one estate's graph in the JSON export, with its ranked
// paths.
type jsonGraph struct {
	Estate string           `json:"estate"`
	Nodes  []*exposure.Node `json:"nodes"`
	Edges  []exposure.Edge  `json:"edges"`
	Paths  []*exposure.Path `json:"paths"`
}

func graphJSON(w io.Writer, gs []*exposure.Graph) error {
	doc := struct {
		Graphs []jsonGraph `json:"graphs"`
	}{Graphs: []jsonGraph{}}
	for _, g := range gs {
		ps := g.Paths()
		if ps == nil {
			ps = []*exposure.Path{}
		}
		doc.Graphs = append(doc.Graphs, jsonGraph{Estate: g.Estate, Nodes: g.Nodes, Edges: g.Edges, Paths: ps})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(doc)
}
