package rules_test

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/lambdasec/lambdasec/internal/iampolicy"
	"github.com/lambdasec/lambdasec/internal/inventory"
	"github.com/lambdasec/lambdasec/internal/rules"
	"github.com/lambdasec/lambdasec/internal/scan"
	"github.com/lambdasec/lambdasec/internal/secrets"
	"github.com/lambdasec/lambdasec/internal/source/cloudformation"
	"github.com/lambdasec/lambdasec/internal/source/snapshot"
	"github.com/lambdasec/lambdasec/internal/source/terraform"
)

// testNow is the date rule fixtures are judged at.
var testNow = time.Date(2026, 11, 21, 0, 0, 0, 0, time.UTC)

// want is one expected result, written in a fixture as a comment:
//
//	# want: FAIL MyFunction "substring of the message"
//	# want: UNKNOWN MyApi GET /items
//
// JSON snapshot fixtures carry the same lines in a sibling file with the
// extension .want.
type want struct {
	status   rules.Status
	resource string
	message  string
}

func (w want) String() string { return fmt.Sprintf("%s %s", w.status, w.resource) }

// readWants reads the want lines, and the "# trusted: ID" and
// "# severity: LEVEL" lines of a fixture.
func readWants(t *testing.T, data []byte) (wants []want, trusted []string, sevs map[string]string) {
	sevs = map[string]string{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		switch {
		case strings.HasPrefix(line, "# want:"):
			rest := strings.TrimSpace(strings.TrimPrefix(line, "# want:"))
			var msg string
			// The message starts at ` "`: a Terraform address holds
			// quotes of its own (aws_lambda_function.fn["a"]).
			if i := strings.Index(rest, ` "`); i >= 0 {
				msg = strings.Trim(strings.TrimSpace(rest[i:]), `"`)
				rest = strings.TrimSpace(rest[:i])
			}
			status, res, ok := strings.Cut(rest, " ")
			if !ok {
				t.Fatalf("bad want line %q", line)
			}
			wants = append(wants, want{status: rules.Status(status), resource: res, message: msg})
		case strings.HasPrefix(line, "# trusted:"):
			trusted = append(trusted, strings.Fields(strings.TrimPrefix(line, "# trusted:"))...)
		case strings.HasPrefix(line, "# severity:"):
			f := strings.Fields(strings.TrimPrefix(line, "# severity:"))
			if len(f) == 2 {
				sevs[f[0]] = f[1]
			}
		}
	}
	return wants, trusted, sevs
}

// loadFixture reads a template or snapshot fixture into estates.
func loadFixture(t *testing.T, path string) ([]*inventory.Estate, []byte) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if snapshot.Looks(data) {
		s, err := snapshot.Read(path, data)
		if err != nil {
			t.Fatal(err)
		}
		wantData, err := os.ReadFile(strings.TrimSuffix(path, ".json") + ".want")
		if err != nil {
			t.Fatalf("snapshot fixture needs a .want file: %v", err)
		}
		return s.Estates, wantData
	}
	var e *inventory.Estate
	switch {
	case strings.HasSuffix(path, ".tf"):
		// A Terraform fixture is one .tf file read through the real HCL
		// reader, as a root module of its own.
		e, _, _, err = terraform.ReadFile(path)
	case terraform.LooksLikePlan(data):
		e, _, err = terraform.ReadPlan(path, data)
	default:
		e, _, err = cloudformation.Read(path, data)
	}
	if err != nil {
		t.Fatal(err)
	}
	if err := scan.ScanCode([]*inventory.Estate{e}, secrets.DefaultLimits); err != nil {
		t.Fatal(err)
	}
	if terraform.LooksLikePlan(data) {
		// JSON has no comments: a plan's want lines are in a .want file.
		if data, err = os.ReadFile(strings.TrimSuffix(path, ".json") + ".want"); err != nil {
			t.Fatalf("plan fixture needs a .want file: %v", err)
		}
	}
	return []*inventory.Estate{e}, data
}

// TestRuleFixtures runs each rule on its testdata/LSxxx fixtures through the
// real readers and compares the results with the fixtures' want lines:
// every result must be wanted and every want must be produced.
func TestRuleFixtures(t *testing.T) {
	for _, r := range rules.All() {
		t.Run(r.ID, func(t *testing.T) {
			files, _ := filepath.Glob(filepath.Join("testdata", r.ID, "*"))
			var fail, pass, tfFail, tfPass int
			for _, path := range files {
				if info, err := os.Stat(path); strings.HasSuffix(path, ".want") || (err == nil && info.IsDir()) {
					continue // expectations, and code the fixtures point to
				}
				base := filepath.Base(path)
				switch {
				case strings.HasPrefix(base, "fail"):
					fail++
				case strings.HasPrefix(base, "pass"):
					pass++
				}
				if strings.HasSuffix(base, ".tf") {
					switch {
					case strings.HasPrefix(base, "fail"):
						tfFail++
					case strings.HasPrefix(base, "pass"):
						tfPass++
					}
				}
				t.Run(base, func(t *testing.T) { runFixture(t, r, path) })
			}
			if fail == 0 || pass == 0 {
				t.Errorf("rule %s needs testdata/%s/fail-*.yaml and pass-*.yaml fixtures (have %d fail, %d pass)", r.ID, r.ID, fail, pass)
			}
			if tfFail == 0 || tfPass == 0 {
				// Terraform is judged by the same rules: each rule shows it.
				t.Errorf("rule %s needs Terraform fixtures testdata/%s/fail-*.tf and pass-*.tf (have %d fail, %d pass)", r.ID, r.ID, tfFail, tfPass)
			}
		})
	}
}

func runFixture(t *testing.T, r *rules.Rule, path string) {
	estates, wantData := loadFixture(t, path)
	wants, trusted, sevs := readWants(t, wantData)
	if len(wants) == 0 {
		t.Fatalf("%s has no want lines", path)
	}
	cfg := &rules.Config{TrustedAccounts: trusted, ManagedPolicies: iampolicy.BuiltinManagedPolicies()}
	got := rules.Run(estates, []*rules.Rule{r}, testNow, cfg)
	matched := make([]bool, len(wants))
	for _, f := range got {
		found := false
		for i, w := range wants {
			if !matched[i] && w.status == f.Status && w.resource == f.Resource && strings.Contains(f.Message, w.message) {
				matched[i], found = true, true
				break
			}
		}
		if !found {
			t.Errorf("unexpected %s %s: %s", f.Status, f.Resource, f.Message)
		}
		if s, ok := sevs[f.Resource]; ok && f.Status == rules.Fail && f.Severity.String() != s {
			t.Errorf("%s: severity %s, want %s", f.Resource, f.Severity, s)
		}
	}
	var missing []string
	for i, w := range wants {
		if !matched[i] {
			missing = append(missing, w.String()+" "+fmt.Sprintf("%q", w.message))
		}
	}
	sort.Strings(missing)
	for _, m := range missing {
		t.Errorf("missing %s", m)
	}
	if t.Failed() {
		for _, f := range got {
			t.Logf("got %s %s: %s", f.Status, f.Resource, f.Message)
		}
	}
}

// TestRuleMetadata checks what every rule must carry: a unique ID of the
// form LSnnn, a kebab-case name, a title, a description, a remediation and
// at least one reference.
func TestRuleMetadata(t *testing.T) {
	ids, names := map[string]bool{}, map[string]bool{}
	for _, r := range rules.All() {
		if len(r.ID) != 5 || !strings.HasPrefix(r.ID, "LS") || strings.Trim(r.ID[2:], "0123456789") != "" {
			t.Errorf("%s: ID must be LS and three digits", r.ID)
		}
		if ids[r.ID] || names[r.Name] {
			t.Errorf("%s: duplicate ID or name %s", r.ID, r.Name)
		}
		ids[r.ID], names[r.Name] = true, true
		if r.Name != strings.ToLower(r.Name) || strings.ContainsAny(r.Name, " _") {
			t.Errorf("%s: name %q is not kebab-case", r.ID, r.Name)
		}
		if r.Title == "" || r.Description == "" || r.Remediation.Text == "" || len(r.References) == 0 || r.Check == nil {
			t.Errorf("%s: missing title, description, remediation, references or check", r.ID)
		}
		if r.Area() == "other" {
			t.Errorf("%s: ID is in no area", r.ID)
		}
	}
}
