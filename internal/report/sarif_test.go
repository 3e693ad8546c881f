package report

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

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
