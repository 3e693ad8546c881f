package report

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/lambdasec/lambdasec/internal/inventory"
	"github.com/lambdasec/lambdasec/internal/rules"
)

const (
	ansiReset   = "\x1b[0m"
	ansiBold    = "\x1b[1m"
	ansiRed     = "\x1b[31m"
	ansiYellow  = "\x1b[33m"
	ansiCyan    = "\x1b[36m"
	ansiGreen   = "\x1b[32m"
	ansiMagenta = "\x1b[35m"
	ansiDim     = "\x1b[2m"
)

type painter struct{ on bool }

func (p painter) paint(code, s string) string {
	if !p.on {
		return s
	}
	return code + s + ansiReset
}

func (p painter) verdict(f rules.Finding) string {
	label := strings.ToUpper(f.Severity.String())
	switch f.Status {
	case rules.Pass:
		return p.paint(ansiGreen, fmt.Sprintf("%-8s", "PASS"))
	case rules.Unknown:
		return p.paint(ansiMagenta, fmt.Sprintf("%-8s", "UNKNOWN"))
	}
	label = fmt.Sprintf("%-8s", label)
	switch f.Severity {
	case rules.Critical:
		return p.paint(ansiBold+ansiRed, label)
	case rules.High:
		return p.paint(ansiRed, label)
	case rules.Medium:
		return p.paint(ansiYellow, label)
	case rules.Low:
		return p.paint(ansiCyan, label)
	}
	return label
}

// relPath makes path relative to base when it lies below it.
func relPath(base, path string) string {
	if base == "" || path == "" {
		return path
	}
	if r, err := filepath.Rel(base, path); err == nil && !strings.HasPrefix(r, "..") {
		return filepath.ToSlash(r)
	}
	return path
}

// location renders a source for the table.
func location(base string, s inventory.Source) string {
	switch {
	case s.File != "":
		return inventory.Position(relPath(base, s.File), s.Line, s.Column)
	}
	return s.ARN
}

// Table writes findings for a terminal: by estate, then by the functions
// they concern, failures first; then how to fix each failing rule once,
// and a summary line with the counts, files read and files skipped.
func Table(w io.Writer, fs []rules.Finding, sum Summary, opt Options) error {
	return writeTable(w, Slice(fs), sum, opt)
}

// writeTable is Table for findings read from fs, an estate at a time (a
// first pass takes the counts and the exposure paths).
func writeTable(w io.Writer, fs Findings, sum Summary, opt Options) error {
	p := painter{on: opt.Color}
	width := opt.Width
	if width <= 0 {
		width = DefaultWidth
	}
	base := opt.BaseDir
	if base == "" {
		base, _ = os.Getwd()
	}
	t, err := tallyOf(fs, opt)
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	defer bw.Flush()
	writeTopPaths(bw, t.paths, p, base, width)
	failing := map[string]*rules.Rule{}
	// Each estate's lines are made on its own (on several cores for a
	// scan's findings), then written in report order.
	type block struct {
		text    []byte
		failing []*rules.Rule
	}
	err = eachEstate(fs, opt, func(es []rules.Finding) (any, error) {
		var b bytes.Buffer
		var fails []*rules.Rule
		w := &b
		groups := map[string][]rules.Finding{}
		var keys []string
		for _, f := range es {
			if f.Suppressed != nil || (f.Status == rules.Pass && !opt.ShowPass) {
				continue
			}
			k := groupKey(f)
			if _, ok := groups[k]; !ok {
				keys = append(keys, k)
			}
			groups[k] = append(groups[k], f)
		}
		if len(keys) == 0 {
			return block{}, nil
		}
		sort.Slice(keys, func(i, j int) bool {
			if groupOrder(keys[i]) != groupOrder(keys[j]) {
				return groupOrder(keys[i]) < groupOrder(keys[j])
			}
			return keys[i] < keys[j]
		})
		fmt.Fprintf(w, "%s\n", p.paint(ansiBold, relPath(base, es[0].Estate)))
		for _, k := range keys {
			g := groups[k]
			sort.SliceStable(g, func(i, j int) bool { return rank(g[i]) > rank(g[j]) })
			fmt.Fprintf(w, "  %s\n", p.paint(ansiBold, k))
			for _, f := range mergeUnknowns(g) {
				lead := 4 + 8 + 1 + utf8.RuneCountInString(f.Rule.ID) + 2
				if lead > width-20 {
					// A long list of rules (merged UNKNOWNs) takes lines of
					// its own, the message starts below it.
					ids := wrapWords(strings.ReplaceAll(f.Rule.ID, ",", ", "), 13, 13, width)
					fmt.Fprintf(w, "    %s %s\n%s%s\n", p.verdict(f), ids, strings.Repeat(" ", 20), wrapWords(f.Message, 20, 20, width))
				} else {
					fmt.Fprintf(w, "    %s %s  %s\n", p.verdict(f), f.Rule.ID, wrapWords(f.Message, lead, min(lead, 20), width))
				}
				if loc := location(base, f.Source); loc != "" {
					fmt.Fprintf(w, "    %s        %s\n", strings.Repeat(" ", 8), p.paint(ansiDim, loc))
				}
				for i, ev := range f.Evidence {
					if i == 3 {
						fmt.Fprintf(w, "    %s        %s\n", strings.Repeat(" ", 8), p.paint(ansiDim, fmt.Sprintf("(%d more)", len(f.Evidence)-3)))
						break
					}
					line := ev.Label + ": " + ev.Value
					if loc := location(base, ev.Source); loc != "" && ev.Source != f.Source {
						line += "  (" + loc + ")"
					}
					for j, l := range strings.Split(wrapWords(line, 20, 22, width), "\n") {
						if j == 0 {
							fmt.Fprintf(w, "    %s        %s\n", strings.Repeat(" ", 8), p.paint(ansiDim, l))
						} else {
							fmt.Fprintf(w, "%s%s\n", strings.Repeat(" ", 22), p.paint(ansiDim, strings.TrimLeft(l, " ")))
						}
					}
				}
				if f.Status == rules.Fail {
					fails = append(fails, f.Rule)
				}
			}
		}
		fmt.Fprintln(w)
		return block{b.Bytes(), fails}, nil
	}, func(v any) error {
		blk := v.(block)
		bw.Write(blk.text)
		for _, r := range blk.failing {
			failing[r.ID] = r
		}
		return nil
	})
	if err != nil {
		return err
	}
	w = bw
	if len(failing) > 0 && !opt.Quiet {
		ids := make([]string, 0, len(failing))
		for id := range failing {
			ids = append(ids, id)
		}
		sort.Strings(ids)
		fmt.Fprintf(w, "%s\n", p.paint(ansiBold, "How to fix"))
		for _, id := range ids {
			r := failing[id]
			fmt.Fprintf(w, "  %s\n", wrapWords(fmt.Sprintf("%s %s: %s", r.ID, r.Title, r.Remediation.Text), 2, 4, width))
		}
		fmt.Fprintf(w, "  %s\n\n", wrapWords("(lambdasec explain <rule> shows the CLI, CloudFormation and Terraform fixes and references)", 2, 3, width))
	}
	if !opt.Quiet {
		writeSummary(w, t.counts, sum, p, base, width)
	}
	return bw.Flush()
}

// DefaultWidth is the table's width when Options.Width is 0 (not a
// terminal, or its width unknown).
const DefaultWidth = 100

// wrapWords folds s into lines of at most width columns (runes), the first
// starting at column first, the others indented to column indent. It
// breaks only between words: a word longer than a line stays whole.
func wrapWords(s string, first, indent, width int) string {
	var b strings.Builder
	col := first
	for i, word := range strings.Fields(s) {
		n := utf8.RuneCountInString(word)
		switch {
		case i == 0 && col+n > width && col > indent:
			// What precedes the text already fills the line.
			b.WriteString("\n" + strings.Repeat(" ", indent))
			col = indent
		case i == 0:
		case col+1+n > width:
			b.WriteString("\n" + strings.Repeat(" ", indent))
			col = indent
		default:
			b.WriteByte(' ')
			col++
		}
		b.WriteString(word)
		col += n
	}
	return b.String()
}

// Headings of the groups that are not one estate function's.
const (
	otherResources   = "other resources"
	definedElsewhere = "functions defined elsewhere"
)

// groupOrder puts the estate's functions first, then the functions defined
// elsewhere, then other resources.
func groupOrder(key string) int {
	switch key {
	case definedElsewhere:
		return 1
	case otherResources:
		return 2
	}
	return 0
}

// groupKey is the heading a finding is listed under: the functions it
// concerns, "functions defined elsewhere" (a permission or URL the estate
// gives a function it does not define), or "other resources".
func groupKey(f rules.Finding) string {
	if f.DefinedElsewhere {
		return definedElsewhere
	}
	if len(f.Functions) == 0 {
		return otherResources
	}
	names := append([]string(nil), f.Functions...)
	for i, n := range names {
		names[i] = inventory.Describe(n)
	}
	sort.Strings(names)
	if len(names) == 1 {
		return "function " + names[0]
	}
	return "functions " + strings.Join(names, ", ")
}

// rank orders findings within a group: failures by severity, then
// unknowns, then passes.
func rank(f rules.Finding) int {
	switch f.Status {
	case rules.Fail:
		return 10 + int(f.Severity)
	case rules.Unknown:
		return 5
	}
	return 0
}

func writeSummary(w io.Writer, c Counts, sum Summary, p painter, base string, width int) {
	item := func(text string) { fmt.Fprintf(w, "  %s\n", wrapWords(text, 2, 4, width)) }
	line := fmt.Sprintf("%d failed (%s), %d unknown, %d passed", c.Fail, severityLine(c), c.Unknown, c.Pass)
	if c.Suppressed > 0 {
		line += fmt.Sprintf(", %d suppressed", c.Suppressed)
	}
	if sum.Fixed > 0 {
		line += fmt.Sprintf(", %d fixed since the baseline", sum.Fixed)
	}
	line += fmt.Sprintf(" — %s read, %s judged", plural(sum.Files, "file"), plural(sum.Estates, "estate"))
	if len(sum.Skipped) > 0 {
		line += fmt.Sprintf(", %d skipped", len(sum.Skipped))
	}
	if sum.OwnReports > 0 {
		line += fmt.Sprintf(", %s passed over", plural(sum.OwnReports, "lambdasec report"))
	}
	if sum.Excluded > 0 {
		line += fmt.Sprintf(", %d excluded by skip patterns", sum.Excluded)
	}
	fmt.Fprintf(w, "%s %s\n", p.paint(ansiBold, "Summary:"), wrapWords(line, len("Summary: "), 2, width))
	if sum.Config != "" {
		item("configuration: " + relPath(base, sum.Config))
	}
	for _, s := range sum.Skipped {
		s.File = relPath(base, s.File)
		item("skipped " + s.String())
	}
	for _, g := range sum.Gaps {
		item("not read: " + g)
	}
	for _, e := range sum.Expired {
		item("expired ignore: " + e.String())
	}
	for _, wn := range sum.Warnings {
		item("warning: " + wn.String())
	}
}

// plural counts: "1 file", "2 files".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// mergeUnknowns folds UNKNOWN findings that give the same reason (several
// rules stopped by the same unreadable policy) into one line listing the
// rules.
func mergeUnknowns(g []rules.Finding) []rules.Finding {
	var out []rules.Finding
	seen := map[string]int{}
	for _, f := range g {
		if f.Status != rules.Unknown {
			out = append(out, f)
			continue
		}
		if i, ok := seen[f.Message]; ok {
			r := *out[i].Rule
			r.ID += "," + f.Rule.ID
			out[i].Rule = &r
			continue
		}
		seen[f.Message] = len(out)
		out = append(out, f)
	}
	return out
}
