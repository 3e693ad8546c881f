package report

import (
	"bufio"
	"encoding/xml"
	"fmt"
	"io"
	"sort"
	"strconv"
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
	bySuite := map[string]*junitSuite{}
	cases := map[string][]int{} // the findings of each suite, by index
	var names []string
	all := junitSuites{Name: "lambdasec"}
	for i, f := range fs {
		name := f.Rule.ID + " " + f.Rule.Name
		s := bySuite[name]
		if s == nil {
			s = &junitSuite{Name: name}
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
		cases[name] = append(cases[name], i)
	}
	sort.Strings(names)
	for _, n := range names {
		s := bySuite[n]
		all.Tests += s.Tests
		all.Failures += s.Failures
		all.Skipped += s.Skipped
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	bw.WriteString(xml.Header)
	enc := xml.NewEncoder(bw)
	enc.Indent("", "  ")
	attrs := func(name string, tests, failures, skipped int) []xml.Attr {
		return []xml.Attr{{Name: xml.Name{Local: "name"}, Value: name}, {Name: xml.Name{Local: "tests"}, Value: strconv.Itoa(tests)},
			{Name: xml.Name{Local: "failures"}, Value: strconv.Itoa(failures)}, {Name: xml.Name{Local: "skipped"}, Value: strconv.Itoa(skipped)}}
	}
	top := xml.StartElement{Name: xml.Name{Local: "testsuites"}, Attr: attrs(all.Name, all.Tests, all.Failures, all.Skipped)}
	if err := enc.EncodeToken(top); err != nil {
		return err
	}
	for _, n := range names {
		s := bySuite[n]
		start := xml.StartElement{Name: xml.Name{Local: "testsuite"}, Attr: attrs(s.Name, s.Tests, s.Failures, s.Skipped)}
		if err := enc.EncodeToken(start); err != nil {
			return err
		}
		for _, i := range cases[n] {
			if err := enc.EncodeElement(junitCaseOf(fs[i], opt), xml.StartElement{Name: xml.Name{Local: "testcase"}}); err != nil {
				return err
			}
		}
		delete(cases, n)
		if err := enc.EncodeToken(start.End()); err != nil {
			return err
		}
	}
	if err := enc.EncodeToken(top.End()); err != nil {
		return err
	}
	if err := enc.Flush(); err != nil {
		return err
	}
	bw.WriteString("\n")
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
