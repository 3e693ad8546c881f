package report

import (
	"bufio"
	"encoding/xml"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	"github.com/lambdasec/lambdasec/internal/rules"
)

// JUnit XML structures, as CI dashboards (Jenkins, GitLab, GitHub Actions
// test reporters) read them.
// https://github.com/testmoapp/junitxml
type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Skipped  int          `xml:"skipped,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name     string      `xml:"name,attr"`
	Tests    int         `xml:"tests,attr"`
	Failures int         `xml:"failures,attr"`
	Skipped  int         `xml:"skipped,attr"`
	Cases    []junitCase `xml:"testcase"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	File      string        `xml:"file,attr,omitempty"`
	Line      int           `xml:"line,attr,omitempty"`
	Failure   *junitMessage `xml:"failure,omitempty"`
	Skipped   *junitMessage `xml:"skipped,omitempty"`
}

type junitMessage struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr,omitempty"`
	Text    string `xml:",chardata"`
}

// JUnit writes one test case per rule and resource: a failure for FAIL,
// skipped for UNKNOWN (with the reason) and for suppressed findings, a
// plain pass otherwise. Suites are the rules. The suites are counted
// first, then each test case is made and written in turn (never all of
// them at once): byte for byte what xml.Encoder with Indent("", "  ")
// writes for the whole junitSuites document.
func JUnit(w io.Writer, fs []rules.Finding, sum Summary, opt Options) error {
	return writeJUnit(w, Slice(fs), sum, opt)
}

// writeJUnit is JUnit for findings read from fs. The suites (rules) come
// in name order but the findings in estate order, so the test cases of
// each suite are written to a temporary file of its own as they are read,
// and the files are copied into the document suite by suite: memory holds
// one estate's findings and a count per suite.
func writeJUnit(w io.Writer, fs Findings, sum Summary, opt Options) error {
	type suite struct {
		junitSuite
		file *os.File
		buf  *bufio.Writer
		enc  *xml.Encoder
	}
	bySuite := map[string]*suite{}
	defer func() {
		for _, s := range bySuite {
			s.file.Close()
			os.Remove(s.file.Name())
		}
	}()
	var names []string
	err := fs.Each(func(es []rules.Finding) error {
		for _, f := range es {
			name := f.Rule.ID + " " + f.Rule.Name
			s := bySuite[name]
			if s == nil {
				tmp, err := os.CreateTemp("", "lambdasec-junit-*")
				if err != nil {
					return fmt.Errorf("junit report: %w", err)
				}
				s = &suite{junitSuite: junitSuite{Name: name}, file: tmp, buf: bufio.NewWriterSize(tmp, 8<<10)}
				// A case sits at depth 2 of the document: indented by
				// four spaces, its children by two more, as the
				// document's Indent("", "  ") writes them.
				s.enc = xml.NewEncoder(s.buf)
				s.enc.Indent("    ", "  ")
				bySuite[name] = s
				names = append(names, name)
			}
			switch {
			case f.Suppressed != nil:
				s.Skipped++
			case f.Status == rules.Fail:
				s.Failures++
			case f.Status == rules.Unknown:
				s.Skipped++
			}
			s.Tests++
			if err := s.enc.EncodeElement(junitCaseOf(f, opt), xml.StartElement{Name: xml.Name{Local: "testcase"}}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	sort.Strings(names)
	all := junitSuites{Name: "lambdasec"}
	for _, n := range names {
		s := bySuite[n]
		all.Tests += s.Tests
		all.Failures += s.Failures
		all.Skipped += s.Skipped
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	bw.WriteString(xml.Header)
	attrs := func(element, name string, tests, failures, skipped int) string {
		var b strings.Builder
		b.WriteString("<" + element + ` name="`)
		xml.EscapeText(&b, []byte(name))
		fmt.Fprintf(&b, `" tests="%d" failures="%d" skipped="%d">`, tests, failures, skipped)
		return b.String()
	}
	bw.WriteString(attrs("testsuites", all.Name, all.Tests, all.Failures, all.Skipped))
	for _, n := range names {
		s := bySuite[n]
		if err := s.enc.Flush(); err != nil {
			return err
		}
		if err := s.buf.Flush(); err != nil {
			return fmt.Errorf("junit report: %w", err)
		}
		if _, err := s.file.Seek(0, io.SeekStart); err != nil {
			return fmt.Errorf("junit report: %w", err)
		}
		bw.WriteString("\n  " + attrs("testsuite", s.Name, s.Tests, s.Failures, s.Skipped) + "\n")
		if _, err := io.Copy(bw, s.file); err != nil {
			return fmt.Errorf("junit report: %w", err)
		}
		bw.WriteString("\n  </testsuite>")
	}
	if len(names) > 0 {
		bw.WriteString("\n")
	}
	bw.WriteString("</testsuites>\n")
	return bw.Flush()
}

// junitCaseOf returns the test case of one finding.
func junitCaseOf(f rules.Finding, opt Options) junitCase {
	label := f.Label
	if label == "" {
		label = f.Resource
	}
	c := junitCase{Name: fmt.Sprintf("%s (%s)", label, relPath(opt.BaseDir, f.Estate)), Classname: f.Rule.ID,
		File: relPath(opt.BaseDir, f.Source.File), Line: f.Source.Line}
	switch {
	case f.Suppressed != nil:
		c.Skipped = &junitMessage{Message: "suppressed (" + f.Suppressed.Kind + "): " + f.Suppressed.Reason}
	case f.Status == rules.Fail:
		c.Failure = &junitMessage{Message: f.Message, Type: f.Severity.String(), Text: junitDetails(f, opt)}
	case f.Status == rules.Unknown:
		c.Skipped = &junitMessage{Message: "UNKNOWN: " + f.Message}
	}
	return c
}

func junitDetails(f rules.Finding, opt Options) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s\nresource: %s\nlocation: %s\n", f.Rule.Title, f.Resource, location(opt.BaseDir, f.Source))
	for _, e := range f.Evidence {
		fmt.Fprintf(&b, "%s: %s\n", e.Label, e.Value)
	}
	fmt.Fprintf(&b, "fix: %s\n", f.Rule.Remediation.Text)
	return b.String()
}
