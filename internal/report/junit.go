package report

import (
	"encoding/xml"
	"fmt"
	"io"
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
// plain pass otherwise. Suites are the rules.
func JUnit(w io.Writer, fs []rules.Finding, sum Summary, opt Options) error {
	bySuite := map[string]*junitSuite{}
	var names []string
	all := junitSuites{Name: "lambdasec"}
	for _, f := range fs {
		name := f.Rule.ID + " " + f.Rule.Name
		s := bySuite[name]
		if s == nil {
			s = &junitSuite{Name: name}
			bySuite[name] = s
			names = append(names, name)
		}
		label := f.Label
		if label == "" {
			label = f.Resource
		}
		c := junitCase{Name: fmt.Sprintf("%s (%s)", label, relPath(opt.BaseDir, f.Estate)), Classname: f.Rule.ID,
			File: relPath(opt.BaseDir, f.Source.File), Line: f.Source.Line}
		switch {
		case f.Suppressed != nil:
			c.Skipped = &junitMessage{Message: "suppressed (" + f.Suppressed.Kind + "): " + f.Suppressed.Reason}
			s.Skipped++
		case f.Status == rules.Fail:
			c.Failure = &junitMessage{Message: f.Message, Type: f.Severity.String(), Text: junitDetails(f, opt)}
			s.Failures++
		case f.Status == rules.Unknown:
			c.Skipped = &junitMessage{Message: "UNKNOWN: " + f.Message}
			s.Skipped++
		}
		s.Tests++
		s.Cases = append(s.Cases, c)
	}
	sort.Strings(names)
	for _, n := range names {
		s := bySuite[n]
		all.Suites = append(all.Suites, *s)
		all.Tests += s.Tests
		all.Failures += s.Failures
		all.Skipped += s.Skipped
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(all); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
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
