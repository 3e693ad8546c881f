package report

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"sync"

	"github.com/lambdasec/lambdasec/internal/inventory"
	"github.com/lambdasec/lambdasec/internal/rules"
)

// JSONSchemaVersion is the version of the JSON report format.
//
// Version 2 (this one) lists each rule's metadata once, in "rules" before
// the findings, and a finding refers to its rule by "ruleId". Version 1
// repeated the rule's name, title, remediation, references and compliance
// in every finding (for 2,000 templates, 45,000 copies). --baseline and
// lambdasec merge read both versions; docs/json-report.md describes them.
const JSONSchemaVersion = 2

// JSONReport is the document the json format writes.
type JSONReport struct {
	SchemaVersion int         `json:"schemaVersion"`
	Tool          string      `json:"tool"`
	Version       string      `json:"version"`
	Summary       JSONSummary `json:"summary"`
	Paths         []JSONPath  `json:"paths,omitempty"` // the exposure paths (LS110), ranked; left out when none
	// Rules are the rules that ran (or, without Options.Rules, those the
	// findings refer to), by ID: each rule's metadata once.
	Rules    []JSONRule    `json:"rules"`
	Findings []JSONFinding `json:"findings"`
}

// JSONRule is one rule's metadata in the JSON report; findings refer to
// it by ID.
type JSONRule struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	Title    string `json:"title"`
	Severity string `json:"severity"` // the rule's default; a finding's own severity may differ
	// Area is the rule's area, from the hundreds of its ID ("exposure").
	Area        string             `json:"area"`
	Remediation rules.Remediation  `json:"remediation"`
	References  []string           `json:"references,omitempty"`
	Compliance  []rules.Compliance `json:"compliance,omitempty"`
}

// JSONSummary is the report's summary: the scan and the counts.
type JSONSummary struct {
	Summary
	Pass       int            `json:"pass"`
	Fail       int            `json:"fail"`
	Unknown    int            `json:"unknown"`
	Suppressed int            `json:"suppressed"`
	Severity   map[string]int `json:"failBySeverity"`
}

// JSONFinding is one finding in the JSON report. Its rule's metadata is
// in JSONReport.Rules, under RuleID.
type JSONFinding struct {
	RuleID    string       `json:"ruleId"`
	Severity  string       `json:"severity"`
	Status    rules.Status `json:"status"`
	Estate    string       `json:"estate"`
	Resource  string       `json:"resource"`
	Kind      rules.Kind   `json:"kind"`
	Label     string       `json:"label,omitempty"`
	Functions []string     `json:"functions,omitempty"`
	// DefinedElsewhere is true when the function is not defined in the
	// estate: only the permission or URL the estate gives it was judged.
	DefinedElsewhere bool               `json:"definedElsewhere,omitempty"`
	Location         inventory.Source   `json:"location"`
	Message          string             `json:"message"`
	Evidence         []rules.Evidence   `json:"evidence,omitempty"`
	Fingerprint      string             `json:"fingerprint"`
	Suppressed       *rules.Suppression `json:"suppressed,omitempty"`
}

// ToJSON converts findings to the JSON report's form.
func ToJSON(fs []rules.Finding, sum Summary, opt Options) JSONReport {
	t, _ := tallyOf(Slice(fs), opt) // a Slice reads without error
	rep := jsonHead(t, sum, opt)
	rep.Findings = make([]JSONFinding, 0, len(fs))
	for _, f := range fs {
		rep.Findings = append(rep.Findings, toJSONFinding(f))
	}
	return rep
}

// jsonHead returns the report without its findings (an empty list).
func jsonHead(t *tally, sum Summary, opt Options) JSONReport {
	c := t.counts
	rep := JSONReport{
		SchemaVersion: JSONSchemaVersion,
		Tool:          "lambdasec",
		Version:       opt.Version,
		Summary: JSONSummary{Summary: sum, Pass: c.Pass, Fail: c.Fail, Unknown: c.Unknown, Suppressed: c.Suppressed,
			Severity: map[string]int{}},
		Paths:    jsonPaths(t.paths),
		Rules:    []JSONRule{},
		Findings: []JSONFinding{},
	}
	for _, r := range t.ruleIndex(opt) {
		rep.Rules = append(rep.Rules, JSONRule{ID: r.ID, Name: r.Name, Title: r.Title, Severity: r.Severity.String(), Area: r.Area(),
			Remediation: r.Remediation, References: r.References, Compliance: r.Compliance})
	}
	for s, n := range c.BySeverity {
		rep.Summary.Severity[s.String()] = n
	}
	return rep
}

func toJSONFinding(f rules.Finding) JSONFinding {
	return JSONFinding{
		RuleID: f.Rule.ID, Severity: f.Severity.String(),
		Status: f.Status, Estate: f.Estate, Resource: f.Resource, Kind: f.Kind, Label: f.Label,
		Functions: f.Functions, DefinedElsewhere: f.DefinedElsewhere, Location: f.Source, Message: f.Message, Evidence: f.Evidence,
		Fingerprint: f.Fingerprint, Suppressed: f.Suppressed,
	}
}

// JSON writes the findings (every status) as an indented JSONReport,
// byte for byte what encoding/json's indenting Encoder writes for
// ToJSON's value, but streamed: the head, then one finding at a time,
// so the report is never held whole in memory.
func JSON(w io.Writer, fs []rules.Finding, sum Summary, opt Options) error {
	return writeJSON(w, Slice(fs), sum, opt)
}

// writeJSON is JSON for findings read from fs (two passes: the head's
// counts, paths and rules, then the findings).
func writeJSON(w io.Writer, fs Findings, sum Summary, opt Options) error {
	t, err := tallyOf(fs, opt)
	if err != nil {
		return err
	}
	const prefix = "    "
	return streamList(w, jsonHead(t, sum, opt), prefix, "\n  ]\n}\n", func(emit func([]byte)) error {
		return eachEstate(fs, opt, func(es []rules.Finding) (any, error) {
			var jf JSONFinding // one value marshalled at a time: no copy per finding
			return marshalItems(es, prefix, func(f rules.Finding) (any, bool) { jf = toJSONFinding(f); return &jf, true })
		}, emitItems(emit))
	})
}

// emitItems returns the done function of eachEstate for marshalItems'
// lists: it emits each item, then releases the list.
func emitItems(emit func([]byte)) func(any) error {
	return func(v any) error {
		l := v.(*itemList)
		for _, b := range l.items {
			emit(b)
		}
		l.release()
		return nil
	}
}

// streamList writes doc, a value whose last member is an empty list
// (marshalled "[]" and closed by the closing text that follows it in an
// indented document), with the n items item returns (false: left out) in
// that list, each indented by prefix, so that the output is byte for byte
// what json.Encoder with SetIndent("", "  ") writes for doc holding the
// items, without building that document in memory.
func streamList(w io.Writer, doc any, prefix, closing string, items func(emit func(item []byte)) error) error {
	head, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return err
	}
	empty := "[]" + strings.TrimPrefix(closing[:len(closing)-1], "\n"+prefix[2:]+"]")
	if !bytes.HasSuffix(head, []byte(empty)) {
		return fmt.Errorf("report: unexpected document layout (want it to end in %q)", empty)
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	bw.Write(head[:len(head)-len(empty)])
	bw.WriteString("[")
	wrote := 0
	err = items(func(b []byte) {
		if wrote > 0 {
			bw.WriteString(",")
		}
		bw.WriteString("\n" + prefix)
		bw.Write(b)
		wrote++
	})
	if err != nil {
		return err
	}
	if wrote == 0 {
		bw.WriteString("]" + closing[len("\n"+prefix[2:]+"]"):])
	} else {
		bw.WriteString(closing)
	}
	return bw.Flush()
}

// itemList is the items marshalItems made of one run of findings: each
// a slice of buf. Release hands buf back for the next run once the items
// are written.
type itemList struct {
	buf   []byte
	items [][]byte
}

// itemBufs holds the buffers of written item lists for reuse: a report of
// millions of findings otherwise allocates its whole size several times
// over as each estate's buffer grows.
var itemBufs sync.Pool

// release returns l's buffers to itemBufs; l's items are invalid after.
func (l *itemList) release() {
	if cap(l.buf) <= 16<<20 { // keep no outsized buffer
		l.buf, l.items = l.buf[:0], l.items[:0]
		itemBufs.Put(l)
	}
}

// marshalItems returns the items item makes of fs (false: left out), each
// marshalled as streamList writes it: indented, its lines after the first
// prefixed with prefix. The caller releases the list once it has written
// the items.
func marshalItems(fs []rules.Finding, prefix string, item func(rules.Finding) (any, bool)) (*itemList, error) {
	l, _ := itemBufs.Get().(*itemList)
	if l == nil {
		l = &itemList{}
	}
	var ends []int
	var compact bytes.Buffer
	enc := json.NewEncoder(&compact) // what MarshalIndent marshals, indented below
	for _, f := range fs {
		v, ok := item(f)
		if !ok {
			continue
		}
		compact.Reset()
		if err := enc.Encode(v); err != nil {
			return nil, fmt.Errorf("report: %s %s: %w", f.Rule.ID, f.Resource, err)
		}
		b := compact.Bytes()
		l.buf = appendIndented(l.buf, b[:len(b)-1], prefix, "  ") // less Encode's newline
		ends = append(ends, len(l.buf))
	}
	start := 0
	for _, end := range ends {
		l.items = append(l.items, l.buf[start:end:end])
		start = end
	}
	return l, nil
}
