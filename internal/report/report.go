// Package report writes findings in the formats people and machines read:
// a table for terminals, JSON, SARIF 2.1.0 for code scanning, and more.
// Writers take plain options, never CLI structures, and never print a
// secret's value: evidence is redacted before it reaches a report.
package report

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/lambdasec/lambdasec/internal/inventory"
	"github.com/lambdasec/lambdasec/internal/rules"
)

// SkippedInputs are the inputs that could not be read: one error
// diagnostic each (the file, the position of the problem when known, the
// reason). In JSON each is {"path", "line", "column", "reason"}, line and
// column left out when not known.
type SkippedInputs []inventory.Diagnostic

// MarshalJSON writes the list in the report's skipped-input shape.
func (s SkippedInputs) MarshalJSON() ([]byte, error) {
	type skipped struct {
		Path   string `json:"path"`
		Line   int    `json:"line,omitempty"`
		Column int    `json:"column,omitempty"`
		Reason string `json:"reason"`
	}
	out := make([]skipped, len(s))
	for i, d := range s {
		out[i] = skipped{Path: d.File, Line: d.Line, Column: d.Column, Reason: d.Message}
	}
	return json.Marshal(out)
}

// Warnings are problems that did not stop the scan. In JSON each is the
// string Diagnostic.String formats ("file:line:col: message").
type Warnings []inventory.Diagnostic

// MarshalJSON writes the list as strings.
func (w Warnings) MarshalJSON() ([]byte, error) {
	return json.Marshal(inventory.Diagnostics(w).Strings())
}

// Summary describes the scan behind the findings.
type Summary struct {
	// Files is the number of files read as input; Estates the number of
	// estates (templates, accounts) judged.
	Files   int           `json:"files"`
	Estates int           `json:"estates"`
	Skipped SkippedInputs `json:"skipped,omitempty"`
	// Warnings are problems that did not stop the scan.
	Warnings Warnings `json:"warnings,omitempty"`
	// Gaps lists what could not be read from live accounts, grouped
	// ("lambda:GetPolicy denied for 12 functions in eu-west-1").
	Gaps []string `json:"gaps,omitempty"`
	// Expired lists ignores of .lambdasec.yaml whose date has passed, as
	// warnings at their line of the file.
	Expired Warnings `json:"expiredIgnores,omitempty"`
	// OwnReports counts the reports lambdasec wrote that were found among
	// the inputs and passed over (they are not templates or snapshots).
	OwnReports int `json:"ownReportsSkipped,omitempty"`
	// Fixed counts the findings of a baseline that no longer appear.
	Fixed int `json:"fixed,omitempty"`
	// Excluded counts the directories and files left out by skip
	// patterns (--skip-dirs, --skip-files, skip: in .lambdasec.yaml).
	Excluded int `json:"excluded,omitempty"`
	// Config is the configuration file used, or "".
	Config string `json:"config,omitempty"`
	// Shard is the part of the inputs this run read ("1/4", see
	// --shard), "" for all of them; OtherShards counts the inputs found
	// that other shards read. lambdasec merge combines the shards.
	Shard       string `json:"shard,omitempty"`
	OtherShards int    `json:"otherShards,omitempty"`
	// Now is the date the scan judged against.
	Now time.Time `json:"now"`
	// Assessment records what was assessed, for the HTML report.
	Assessment Assessment `json:"-"`
}

// Options are what every writer takes.
type Options struct {
	// Version is lambdasec's version, for the tool field of outputs.
	Version string
	// Color enables ANSI colours in the table (only on a terminal).
	Color bool
	// ShowPass includes PASS results in the table (JSON always has them).
	ShowPass bool
	// Quiet leaves the "How to fix" block and the summary out of the
	// table: the findings only.
	Quiet bool
	// Width is the table's width in columns (the terminal's); 0 means
	// DefaultWidth. Lines break between words only.
	Width int
	// MinSeverity hides failures below it from every format.
	MinSeverity rules.Severity
	// Severities, when set, hides failures of any other severity from
	// every format (--severity high,critical); MinSeverity still applies.
	Severities []rules.Severity
	// Rules is the full rule set, for formats that list rule metadata.
	Rules []*rules.Rule
	// BaseDir makes file paths relative in the table, CSV, JUnit and
	// HTML; empty leaves them as they are (the table: the working
	// directory).
	BaseDir string
	// SARIFRoot is the directory SARIF artifact URIs are relative to: the
	// repository root, as GitHub code scanning wants them, whatever the
	// working directory was. Empty means BaseDir, else the working
	// directory. Relative file paths are taken from the working
	// directory.
	SARIFRoot string
	// ASFF gives the account and region findings are imported into.
	ASFF ASFFOptions
	// Parallel is how many goroutines make a report's bytes from findings
	// that can be read in parallel (ParallelFindings); 0 means every core.
	// The bytes are the same whatever it is.
	Parallel int
}

// Formats lists the formats Write accepts.
var Formats = []string{"table", "json", "sarif", "html", "junit", "csv", "asff"}

// Write writes the findings in the named format (WriteFrom for findings
// held in memory).
func Write(w io.Writer, format string, fs []rules.Finding, sum Summary, opt Options) error {
	return WriteFrom(w, format, Slice(fs), sum, opt)
}

// WriteFrom writes the findings fs gives in the named format, as they are
// read: a writer holds one estate's findings at a time, plus what it
// must know before the first (counts, the exposure paths, the rules
// referred to), taken in a first pass over fs.
func WriteFrom(w io.Writer, format string, fs Findings, sum Summary, opt Options) error {
	src := filtered{src: fs, opt: opt}
	switch format {
	case "table", "", "html", "csv", "junit", "sarif":
		// People read these: show estate strings that could spoof
		// their display escaped.
		src.display = true
		sum = displaySummary(sum)
	}
	switch format {
	case "table", "":
		return writeTable(w, src, sum, opt)
	case "json":
		return writeJSON(w, src, sum, opt)
	case "sarif":
		return writeSARIF(w, src, sum, opt)
	case "html":
		return writeHTML(w, src, sum, opt)
	case "junit":
		return writeJUnit(w, src, sum, opt)
	case "csv":
		return writeCSV(w, src, sum, opt)
	case "asff":
		return writeASFF(w, src, sum, opt, opt.ASFF)
	}
	return fmt.Errorf("unknown format %q (want one of %s)", format, strings.Join(Formats, ", "))
}

// Visible keeps the findings at or above min; PASS results are kept
// whatever their rule's severity, UNKNOWN ones too, since they are never
// to be hidden by a filter meant for failures.
func Visible(fs []rules.Finding, min rules.Severity) []rules.Finding {
	if min == rules.Info {
		return fs
	}
	var out []rules.Finding
	for _, f := range fs {
		if f.Status != rules.Fail || f.Severity >= min {
			out = append(out, f)
		}
	}
	return out
}

// VisibleTo keeps the findings opt shows: Visible at opt.MinSeverity,
// then, when opt.Severities is set, failures of those severities only.
// PASS and UNKNOWN results are always kept.
func VisibleTo(fs []rules.Finding, opt Options) []rules.Finding {
	fs = Visible(fs, opt.MinSeverity)
	if len(opt.Severities) == 0 {
		return fs
	}
	var out []rules.Finding
	for _, f := range fs {
		if f.Status != rules.Fail || slices.Contains(opt.Severities, f.Severity) {
			out = append(out, f)
		}
	}
	return out
}

// Counts tallies findings by status and, for failures not suppressed, by
// severity.
type Counts struct {
	Pass, Fail, Unknown, Suppressed int
	BySeverity                      map[rules.Severity]int
}

// Count tallies fs.
func Count(fs []rules.Finding) Counts {
	c := Counts{BySeverity: map[rules.Severity]int{}}
	for i := range fs {
		c.add(&fs[i])
	}
	return c
}

// add counts f.
func (c *Counts) add(f *rules.Finding) {
	switch {
	case f.Suppressed != nil:
		c.Suppressed++
	case f.Status == rules.Pass:
		c.Pass++
	case f.Status == rules.Unknown:
		c.Unknown++
	case f.Status == rules.Fail:
		c.Fail++
		c.BySeverity[f.Severity]++
	}
}

// severityLine renders counts by severity, highest first: "2 critical, 1 high".
func severityLine(c Counts) string {
	var parts []string
	for s := rules.Critical; s >= rules.Info; s-- {
		if n := c.BySeverity[s]; n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, s))
		}
	}
	if len(parts) == 0 {
		return "no failures"
	}
	return strings.Join(parts, ", ")
}

// ruleIndex returns the rules findings refer to, sorted by ID, for formats
// that list rule metadata (all rules when opt.Rules is set).
func ruleIndex(fs []rules.Finding, opt Options) []*rules.Rule {
	if len(opt.Rules) > 0 {
		out := append([]*rules.Rule(nil), opt.Rules...)
		sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
		return out
	}
	seen := map[string]*rules.Rule{}
	for _, f := range fs {
		seen[f.Rule.ID] = f.Rule
	}
	out := make([]*rules.Rule, 0, len(seen))
	for _, r := range seen {
		out = append(out, r)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}
