package suppress

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/lambdasec/lambdasec/internal/iampolicy"
	"github.com/lambdasec/lambdasec/internal/inventory"
	"github.com/lambdasec/lambdasec/internal/report"
	"github.com/lambdasec/lambdasec/internal/rules"
	"github.com/lambdasec/lambdasec/internal/source/cloudformation"
)

// fuzzFindings judges the package's test template with every rule: PASS,
// FAIL and UNKNOWN findings, some with inline skips.
func fuzzFindings(f *testing.F) []rules.Finding {
	e, _, err := cloudformation.Read("app.yaml", []byte(app))
	if err != nil {
		f.Fatal(err)
	}
	fs := rules.Run([]*inventory.Estate{e}, rules.All(), now, &rules.Config{ManagedPolicies: iampolicy.BuiltinManagedPolicies()})
	Inline(fs, now)
	return fs
}

func copyFindings(fs []rules.Finding) []rules.Finding {
	out := make([]rules.Finding, len(fs))
	copy(out, fs)
	return out
}

// atLine matches an error or message placed at a line of the file.
var atLine = regexp.MustCompile(`^[^:]*\.lambdasec\.yaml:(\d+): `)

// FuzzConfig feeds arbitrary bytes to the .lambdasec.yaml reader. Its
// contract: an error names the file, and one placed at a line places it at
// a real line (1 or more); a configuration read, applied to real findings,
// suppresses only FAIL and UNKNOWN findings, each with the ignore's
// reason, and says where an expired ignore is (at a real line); the rules
// it leaves enabled are the full set minus exactly the disabled ones.
func FuzzConfig(f *testing.F) {
	for _, s := range []string{
		"ignore:\n  - rule: LS101\n    resource: Public*\n    reason: reviewed\n    expires: 2099-01-31\n  - rule: '*'\n    file: '*.yaml'\n    reason: all\n    expires: 2020-01-01\nseverity:\n  LS701: low\ntrusted-accounts: ['111122223333']\ndisable: [LS503, runtime-deprecated]\n",
		"ignore:\n  - rule: LS999\n    reason: x\n",
		"ignore:\n  - rule: LS101\n",
		"ignore:\n  - {rule: LS101, reason: r, resource: '[' }\n",
		"ignore:\n  - {rule: LS101, reason: r, expires: 31/01/2027}\n",
		"base: &b\n  - {rule: LS101, reason: shared}\nignore: *b\n",
		"ignore: [{rule: LS701}]\nseverity: {LS701: urgent}\n",
		"trusted-accounts: [1111]\n",
		"",
		"[]",
	} {
		f.Add([]byte(s))
	}
	all := rules.All()
	base := fuzzFindings(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		p := filepath.Join(t.TempDir(), FileName)
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
		c, err := Load(p, all)
		if err != nil {
			if c != nil {
				t.Fatalf("a configuration and an error: %v", err)
			}
			if !strings.HasPrefix(err.Error(), p+":") {
				t.Fatalf("error does not name the file: %v", err)
			}
			if m := atLine.FindStringSubmatch(err.Error()); m != nil {
				if n, _ := strconv.Atoi(m[1]); n < 1 {
					t.Fatalf("error at line %d: %v", n, err)
				}
			}
			return
		}
		fs := copyFindings(base)
		before := copyFindings(base)
		expired := c.Apply(fs, now)
		for _, e := range expired {
			if e.Line < 1 {
				t.Fatalf("expired ignore not placed at a line: %s", e)
			}
		}
		for i, fd := range fs {
			s := fd.Suppressed
			if s == before[i].Suppressed {
				continue
			}
			switch {
			case fd.Status == rules.Pass:
				t.Fatalf("PASS finding %s on %s suppressed", fd.Rule.ID, fd.Resource)
			case before[i].Suppressed != nil:
				t.Fatalf("%s on %s: suppression %+v replaced by %+v", fd.Rule.ID, fd.Resource, before[i].Suppressed, s)
			case s.Kind != "config" || strings.TrimSpace(s.Reason) == "":
				t.Fatalf("%s on %s: suppression %+v", fd.Rule.ID, fd.Resource, s)
			}
		}
		enabled := c.Rules(all)
		off := map[string]bool{}
		for _, d := range c.Disable {
			off[strings.ToUpper(rules.ByID(all, d).ID)] = true
		}
		if len(enabled) != len(all)-len(off) {
			t.Fatalf("%d rules, %d disabled, %d enabled", len(all), len(off), len(enabled))
		}
		for _, r := range enabled {
			if off[strings.ToUpper(r.ID)] {
				t.Fatalf("disabled rule %s is enabled", r.ID)
			}
		}
	})
}

// FuzzBaseline feeds arbitrary bytes to the baseline reader (--baseline,
// an earlier JSON report). Its contract: an error names the file; with a
// baseline read, exactly the FAIL and UNKNOWN findings whose fingerprint
// the baseline holds as not PASS are marked "baseline" (none that had a
// suppression already), and "fixed" counts the baseline's fingerprints
// that no longer appear. A JSON report written by report.JSON is a
// baseline that suppresses every finding it has, with none fixed.
func FuzzBaseline(f *testing.F) {
	base := fuzzFindings(f)
	var own bytes.Buffer
	if err := report.JSON(&own, base, report.Summary{Now: now}, report.Options{}); err != nil {
		f.Fatal(err)
	}
	f.Add(own.Bytes())
	f.Add([]byte(`{"schemaVersion": 1, "findings": [{"fingerprint": "x", "status": "FAIL"}, {"fingerprint": "y", "status": "PASS"}]}`))
	f.Add([]byte(`{"schemaVersion": 1, "findings": null}`))
	f.Add([]byte(`{"schemaVersion": 2}`))
	f.Add([]byte(`{"version": "2.1.0", "runs": []}`))
	f.Add([]byte(`[]`))
	f.Add([]byte(``))
	check := func(t testing.TB, data []byte) (fixed int, fs []rules.Finding) {
		p := filepath.Join(t.TempDir(), "old.json")
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
		fs = copyFindings(base)
		fixed, err := Baseline(fs, p)
		if err != nil {
			if !strings.HasPrefix(err.Error(), p+":") {
				t.Fatalf("error does not name the file: %v", err)
			}
			return -1, nil
		}
		var rep struct {
			Findings []struct {
				Fingerprint string
				Status      string
			}
		}
		if err := json.Unmarshal(data, &rep); err != nil {
			t.Fatalf("Baseline read what encoding/json does not: %v", err)
		}
		old := map[string]bool{}
		for _, o := range rep.Findings {
			if o.Status != string(rules.Pass) {
				old[o.Fingerprint] = true
			}
		}
		now := map[string]bool{}
		for i, fd := range fs {
			was := base[i].Suppressed
			if fd.Status != rules.Pass {
				now[fd.Fingerprint] = true
			}
			want := fd.Status != rules.Pass && was == nil && old[fd.Fingerprint]
			got := fd.Suppressed != nil && fd.Suppressed != was && fd.Suppressed.Kind == "baseline"
			if got != want || (!want && fd.Suppressed != was) {
				t.Fatalf("%s %s on %s (fingerprint %s, in baseline %v): suppression %+v, was %+v", fd.Status, fd.Rule.ID, fd.Resource, fd.Fingerprint, old[fd.Fingerprint], fd.Suppressed, was)
			}
		}
		gone := 0
		for fp := range old {
			if !now[fp] {
				gone++
			}
		}
		if fixed != gone {
			t.Fatalf("fixed %d, want %d", fixed, gone)
		}
		return fixed, fs
	}
	fixed, fs := check(f, own.Bytes())
	if fixed != 0 {
		f.Fatalf("own report as baseline: %d fixed", fixed)
	}
	for _, fd := range fs {
		if fd.Status != rules.Pass && fd.Suppressed == nil {
			f.Fatalf("own report as baseline: %s on %s not suppressed", fd.Rule.ID, fd.Resource)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) { check(t, data) })
}
