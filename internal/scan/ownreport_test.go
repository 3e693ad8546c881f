package scan

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/lambdasec/lambdasec/internal/iampolicy"
	"github.com/lambdasec/lambdasec/internal/inventory"
	"github.com/lambdasec/lambdasec/internal/report"
	"github.com/lambdasec/lambdasec/internal/rules"
	"github.com/lambdasec/lambdasec/internal/source/cloudformation"
	"github.com/lambdasec/lambdasec/internal/source/snapshot"
)

// TestOwnReport writes a report in every format lambdasec has (table
// aside: it is not a file format) and checks that each is recognised,
// and that templates and snapshots are not.
func TestOwnReport(t *testing.T) {
	tmpl := []byte("Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties: {Runtime: python3.13, Handler: a.b, Code: {ZipFile: x}}\n")
	est, _, err := cloudformation.Read("t.yaml", tmpl)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 21, 0, 0, 0, 0, time.UTC)
	fs := rules.Run([]*inventory.Estate{est}, rules.All(), now, &rules.Config{ManagedPolicies: iampolicy.BuiltinManagedPolicies()})
	opt := report.Options{Version: "test", Rules: rules.All(), ASFF: report.ASFFOptions{AccountID: "111122223333", Region: "eu-west-1"}}
	for _, format := range report.Formats {
		if format == "table" {
			continue
		}
		var buf bytes.Buffer
		if err := report.Write(&buf, format, fs, report.Summary{Files: 1, Estates: 1, Now: now}, opt); err != nil {
			t.Fatalf("%s: %v", format, err)
		}
		if got := ownReport(buf.Bytes()); got != format {
			t.Errorf("ownReport(%s report) = %q, want %q; report starts:\n%.300s", format, got, format, buf.String())
		}
	}
	var snap bytes.Buffer
	// A snapshot names lambdasec as its tool too, with a version.
	if err := snapshot.Write(&snap, &inventory.Snapshot{Tool: "lambdasec 1.0.0", Estates: []*inventory.Estate{est}}); err != nil {
		t.Fatal(err)
	}
	for name, data := range map[string][]byte{"template": tmpl, "snapshot": snap.Bytes(), "empty": nil, "json template": []byte(`{"Resources": {"T": {"Type": "AWS::SNS::Topic"}}}`)} {
		if got := ownReport(data); got != "" {
			t.Errorf("ownReport(%s) = %q, want none", name, got)
		}
	}
}

// TestLoadPassesOverOwnReports checks that a JSON report in a walked
// directory is counted and not read as a snapshot.
func TestLoadPassesOverOwnReports(t *testing.T) {
	dir := t.TempDir()
	tmpl := "Resources:\n  T: {Type: AWS::SNS::Topic}\n"
	rep := `{"schemaVersion": 1, "tool": "lambdasec", "version": "x", "summary": {"files": 1, "estates": 1}, "findings": []}`
	for name, body := range map[string]string{"template.yaml": tmpl, "lambdasec.json": rep} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	l := Load([]string{dir}, Options{})
	if l.Files != 1 || len(l.Skipped) != 0 || len(l.OwnReports) != 1 {
		t.Errorf("Load: %d files read, skipped %v, own reports %v; want 1 file, none skipped, 1 own report", l.Files, l.Skipped, l.OwnReports)
	}
}
