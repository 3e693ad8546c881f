package scan_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"errors"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"
	"time"

	"github.com/lambdasec/lambdasec/internal/iampolicy"
	"github.com/lambdasec/lambdasec/internal/inventory"
	"github.com/lambdasec/lambdasec/internal/report"
	"github.com/lambdasec/lambdasec/internal/rules"
	"github.com/lambdasec/lambdasec/internal/secrets"
	"github.com/lambdasec/lambdasec/internal/source/cloudformation"
	"github.com/lambdasec/lambdasec/internal/suppress"
)

// writeAll writes fs in every report format.
func writeAll(t testing.TB, fs []rules.Finding, sum report.Summary, opt report.Options) map[string][]byte {
	out := map[string][]byte{}
	for _, format := range report.Formats {
		var buf bytes.Buffer
		if err := report.Write(&buf, format, fs, sum, opt); err != nil {
			t.Fatalf("%s: %v", format, err)
		}
		out[format] = buf.Bytes()
	}
	return out
}

// wellFormedXML reports the first syntax error of an XML document.
func wellFormedXML(data []byte) error {
	d := xml.NewDecoder(bytes.NewReader(data))
	for {
		_, err := d.Token()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

// leakedSecrets returns the environment values of e that the secret
// scanner calls secrets, when they can be told apart from everything else
// in the output: at least 12 bytes, written once in the template, and not
// part of what the reports print for an empty scan (rule texts).
func leakedSecrets(t testing.TB, e *inventory.Estate, data []byte, fixed string) []string {
	s, err := secrets.Default()
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, f := range e.Functions {
		for _, v := range f.Environment {
			if len(v.Value) < 12 || bytes.Count(data, []byte(v.Value)) != 1 || strings.Contains(fixed, v.Value) {
				continue
			}
			if len(s.EnvVar(v.Name, v.Value, v.Origin)) > 0 {
				out = append(out, v.Value)
			}
		}
	}
	return out
}

// FuzzPipeline runs bytes through the whole scan: the CloudFormation
// reader, every rule, inline suppressions, and every report writer. Its
// contract: the reader returns an estate or an error with a position; no
// rule fails (rules.Run turns a panic into an UNKNOWN saying "please
// report this"); every result is PASS, FAIL or UNKNOWN; the JSON, SARIF
// and ASFF reports are valid JSON and the JUnit report well-formed XML;
// the CSV report parses with one column per header and no cell a
// spreadsheet would run as a formula; the HTML report has no script but
// its own; and no report prints an environment variable's secret value.
func FuzzPipeline(f *testing.F) {
	for _, pattern := range []string{"../rules/testdata/*/*.yaml", "../report/testdata/*.yaml", "../../examples/*/template.yaml"} {
		files, _ := filepath.Glob(pattern)
		for _, p := range files {
			if data, err := os.ReadFile(p); err == nil {
				f.Add(data)
			}
		}
	}
	f.Add([]byte(`{"Resources":{"F<script>alert(1)</script>":{"Type":"AWS::Lambda::Function","Properties":{"Runtime":"=cmd|' /C calc'!A0","Handler":"a.b","Role":"arn:aws:iam::123456789012:role/r","Code":{"ZipFile":"x"},"Environment":{"Variables":{"AWS_SECRET_ACCESS_KEY":"wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY9","STRIPE":"sk_live_51H8abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJ"}}}}}}`))
	debug.SetMaxStack(64 << 20)
	now := time.Date(2026, 11, 21, 0, 0, 0, 0, time.UTC)
	all := rules.All()
	cfg := &rules.Config{ManagedPolicies: iampolicy.BuiltinManagedPolicies()}
	opt := report.Options{Version: "fuzz", ShowPass: true, Rules: all, ASFF: report.ASFFOptions{AccountID: "123456789012", Region: "us-east-1"}}
	empty := writeAll(f, nil, report.Summary{Now: now}, opt)
	var fixed strings.Builder
	for _, b := range empty {
		fixed.Write(b)
	}
	scripts := bytes.Count(bytes.ToLower(empty["html"]), []byte("<script"))
	f.Fuzz(func(t *testing.T, data []byte) {
		e, warnings, err := cloudformation.Read("fuzz.yaml", data)
		if err != nil {
			var d *inventory.Diagnostic
			if !errors.As(err, &d) || d.File != "fuzz.yaml" {
				t.Fatalf("error %T is not a *inventory.Diagnostic naming the file: %v", err, err)
			}
			return
		}
		fs := rules.Run([]*inventory.Estate{e}, all, now, cfg)
		for _, fd := range fs {
			if strings.Contains(fd.Message, "please report this") {
				t.Fatalf("%s failed: %s", fd.Rule.ID, fd.Message)
			}
			switch fd.Status {
			case rules.Pass, rules.Fail, rules.Unknown:
			default:
				t.Fatalf("%s on %s: status %q", fd.Rule.ID, fd.Resource, fd.Status)
			}
		}
		warnings = append(warnings, suppress.Inline(fs, now)...)
		sum := report.Summary{Files: 1, Estates: 1, Warnings: warnings, Now: now}
		out := writeAll(t, fs, sum, opt)
		for _, format := range []string{"json", "sarif", "asff"} {
			if !json.Valid(out[format]) {
				t.Fatalf("%s report is not valid JSON:\n%s", format, out[format])
			}
		}
		if err := wellFormedXML(out["junit"]); err != nil {
			t.Fatalf("JUnit report is not well-formed XML: %v\n%s", err, out["junit"])
		}
		r := csv.NewReader(bytes.NewReader(out["csv"]))
		recs, err := r.ReadAll()
		if err != nil {
			t.Fatalf("CSV report: %v", err)
		}
		for _, rec := range recs[1:] {
			for _, cell := range rec {
				if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
					t.Fatalf("CSV cell %q would run as a formula", cell)
				}
			}
		}
		if n := bytes.Count(bytes.ToLower(out["html"]), []byte("<script")); n != scripts {
			t.Fatalf("HTML report has %d scripts, want %d (its own)", n, scripts)
		}
		for _, v := range leakedSecrets(t, e, data, fixed.String()) {
			for format, b := range out {
				if bytes.Contains(b, []byte(v)) {
					t.Fatalf("the %s report prints the secret value %q", format, v)
				}
			}
		}
	})
}
