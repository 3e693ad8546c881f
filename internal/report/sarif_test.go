package report

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/lambdasec/lambdasec/internal/inventory"
	"github.com/lambdasec/lambdasec/internal/rules"
)

// TestSARIFLocations checks what GitHub code scanning needs of every
// result: a file relative to the repository root whatever the working
// directory (and the path the scan was given), a file: URI outside it, an
// ARN for a live resource, and a result-level security-severity when the
// result's severity is not its rule's.
func TestSARIFLocations(t *testing.T) {
	root := t.TempDir()
	sub := filepath.Join(root, "infra", "app")
	if err := os.MkdirAll(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	outside := filepath.Join(t.TempDir(), "other.yaml")
	// Run from a subdirectory, with the file named relative to it.
	t.Chdir(sub)
	r := &rules.Rule{ID: "LS101", Name: "public-invoke", Severity: rules.High}
	fail := func(src inventory.Source, resource string, sev rules.Severity) rules.Finding {
		return rules.Finding{Rule: r, Severity: sev, Result: rules.Result{Status: rules.Fail, Resource: resource, Source: src}}
	}
	fs := []rules.Finding{
		fail(inventory.Source{File: "template.yaml", Line: 3, Column: 3}, "Fn", rules.High),
		fail(inventory.Source{File: "../../lib/a b.yaml", Line: 1}, "Lib", rules.Critical),
		fail(inventory.Source{File: outside, Line: 2}, "Out", rules.High),
		fail(inventory.Source{ARN: "arn:aws:lambda:eu-west-1:111122223333:function:live"}, "arn:aws:lambda:eu-west-1:111122223333:function:live", rules.High),
		fail(inventory.Source{}, "arn:aws:iam::111122223333:role/r", rules.Low),
		fail(inventory.Source{}, "NoWhere", rules.High),
	}
	var buf bytes.Buffer
	if err := SARIF(&buf, fs, Summary{}, Options{SARIFRoot: root, BaseDir: sub}); err != nil {
		t.Fatal(err)
	}
	var log sarifLog
	if err := json.Unmarshal(buf.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	want := []struct {
		uri, base, sev string
	}{
		{"infra/app/template.yaml", SARIFSourceRoot, ""},
		{"lib/a%20b.yaml", SARIFSourceRoot, "9.5"},
		{"file://" + filepath.ToSlash(outside), "", ""},
		{"arn:aws:lambda:eu-west-1:111122223333:function:live", "", ""},
		{"arn:aws:iam::111122223333:role/r", "", "3.0"},
		{"", "", ""},
	}
	results := log.Runs[0].Results
	if len(results) != len(want) {
		t.Fatalf("%d results, want %d", len(results), len(want))
	}
	for i, w := range want {
		res := results[i]
		pl := res.Locations[0].PhysicalLocation
		var uri, base string
		if pl != nil {
			uri, base = pl.ArtifactLocation.URI, pl.ArtifactLocation.URIBaseID
		}
		if uri != w.uri || base != w.base {
			t.Errorf("result %d (%s): uri %q base %q, want %q %q", i, res.Properties["resource"], uri, base, w.uri, w.base)
		}
		sev, _ := res.Properties["security-severity"].(string)
		if sev != w.sev {
			t.Errorf("result %d: security-severity %q, want %q", i, sev, w.sev)
		}
	}
}

// TestTableWrap: at any width the table's lines fit, unless one word is
// longer than a line, and no word is broken (the same words, in the same
// order, as at a width where nothing wraps). Quiet leaves out the fixes
// and the summary.
func TestTableWrap(t *testing.T) {
	fs, sum := goldenFindings(t)
	var wide bytes.Buffer
	if err := Table(&wide, fs, sum, Options{BaseDir: ".", Width: 100000}); err != nil {
		t.Fatal(err)
	}
	for _, width := range []int{0, 40, 72, 120} {
		var buf bytes.Buffer
		if err := Table(&buf, fs, sum, Options{BaseDir: ".", Width: width}); err != nil {
			t.Fatal(err)
		}
		limit := width
		if limit == 0 {
			limit = DefaultWidth
		}
		for _, line := range strings.Split(buf.String(), "\n") {
			// A line may overflow only with one word after the fixed
			// columns (verdict and rule IDs, indentation).
			if n := utf8.RuneCountInString(line); n > limit && len(line) > 20 && len(strings.Fields(line[20:])) > 1 {
				t.Errorf("width %d: line of %d columns: %q", width, n, line)
			}
		}
		// (A long list of merged rule IDs is spaced out to wrap.)
		joined := regexp.MustCompile(`,\s+LS`).ReplaceAllString(buf.String(), ",LS")
		if got, want := strings.Fields(joined), strings.Fields(wide.String()); !slices.Equal(got, want) {
			t.Errorf("width %d: the words differ from the unwrapped table's", width)
		}
	}
	var quiet bytes.Buffer
	if err := Table(&quiet, fs, sum, Options{BaseDir: ".", Quiet: true}); err != nil {
		t.Fatal(err)
	}
	if q := quiet.String(); strings.Contains(q, "How to fix") || strings.Contains(q, "Summary:") || !strings.Contains(q, "LS101") {
		t.Errorf("quiet table:\n%s", q)
	}
}
