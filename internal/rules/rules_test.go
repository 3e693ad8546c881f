package rules_test

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
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
	"github.com/lambdasec/lambdasec/internal/trail"
)

// testNow is the date rule fixtures are judged at.
var testNow = time.Date(2026, 11, 21, 0, 0, 0, 0, time.UTC)

// want is one expected result, written in a fixture as a comment: the
// status, the resource, the position of the result (@line, or @line:col;
// @- for a result with no line, as in a live estate) and a fragment of
// its message, all required:
//
//	# want: FAIL MyFunction @12 "substring of the message"
//	# want: UNKNOWN MyApi GET /items @30:7 "cannot be told"
//
// JSON snapshot fixtures carry the same lines in a sibling file with the
// extension .want.
type want struct {
	status   rules.Status
	resource string
	line     int // 0: no line
	col      int // 0: any column
	message  string
}

func (w want) String() string {
	return fmt.Sprintf("%s %s %s %q", w.status, w.resource, position(w.line, w.col), w.message)
}

// position writes a position as want lines do.
func position(line, col int) string {
	switch {
	case line == 0:
		return "@-"
	case col == 0:
		return fmt.Sprintf("@%d", line)
	}
	return fmt.Sprintf("@%d:%d", line, col)
}

// matches reports whether finding f is the result w expects.
func (w want) matches(f rules.Finding) bool {
	return w.status == f.Status && w.resource == f.Resource && w.line == f.Source.Line &&
		(w.col == 0 || w.col == f.Source.Column) && strings.Contains(f.Message, w.message)
}

// parseWant reads the text after "# want:".
func parseWant(text string) (want, error) {
	rest, msg, ok := strings.Cut(strings.TrimSpace(text), ` "`)
	if !ok || !strings.HasSuffix(msg, `"`) || len(msg) < 2 {
		return want{}, errors.New(`no message: end the line with a fragment of the message in double quotes`)
	}
	i := strings.LastIndex(rest, " @")
	if i < 0 {
		return want{}, errors.New("no position: write @line, @line:col, or @- for a result with no line, after the resource")
	}
	w := want{message: strings.TrimSuffix(msg, `"`)}
	if pos := rest[i+2:]; pos != "-" {
		l, c, hasCol := strings.Cut(pos, ":")
		var err error
		if w.line, err = strconv.Atoi(l); err == nil && hasCol {
			w.col, err = strconv.Atoi(c)
		}
		if err != nil || w.line <= 0 {
			return want{}, fmt.Errorf("bad position @%s: write @line, @line:col or @-", pos)
		}
	}
	status, res, ok := strings.Cut(rest[:i], " ")
	if !ok || res == "" {
		return want{}, errors.New("want STATUS RESOURCE @POSITION \"MESSAGE\"")
	}
	switch w.status = rules.Status(status); w.status {
	case rules.Pass, rules.Fail, rules.Unknown:
	default:
		return want{}, fmt.Errorf("bad status %q", status)
	}
	w.resource = strings.TrimSpace(res)
	return w, nil
}

// readWants reads the want lines, and the "# trusted: ID" and
// "# severity: LEVEL" lines of a fixture.
func readWants(t *testing.T, path string, data []byte) (wants []want, trusted []string, sevs map[string]string) {
	sevs = map[string]string{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		switch {
		case strings.HasPrefix(line, "# want:"):
			w, err := parseWant(strings.TrimPrefix(line, "# want:"))
			if err != nil {
				t.Errorf("%s:%d: %v", path, n, err)
				continue
			}
			wants = append(wants, w)
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

// fixtureReaders read a fixture, by its file extension, into estates and
// the text its want lines are in. A new input format is one more entry;
// files with no entry (.want files, code the fixtures point to) are not
// fixtures.
var fixtureReaders = map[string]func(t *testing.T, path string, data []byte) ([]*inventory.Estate, []byte){
	".yaml": readTemplate,
	".yml":  readTemplate,
	".json": readJSON,
	".tf":   readTerraform,
}

// readTerraform reads a .tf fixture through the real HCL reader, as a root
// module of its own, and scans the code it points to.
func readTerraform(t *testing.T, path string, data []byte) ([]*inventory.Estate, []byte) {
	e, _, _, err := terraform.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := scan.ScanCode([]*inventory.Estate{e}, secrets.DefaultLimits); err != nil {
		t.Fatal(err)
	}
	return []*inventory.Estate{e}, data
}

// readJSON reads a snapshot or a Terraform plan, whose want lines are in
// a sibling .want file, or a JSON template.
func readJSON(t *testing.T, path string, data []byte) ([]*inventory.Estate, []byte) {
	if trail.Looks(data) {
		return readTrail(t, path, data)
	}
	if terraform.LooksLikePlan(data) {
		e, _, err := terraform.ReadPlan(path, data)
		if err != nil {
			t.Fatal(err)
		}
		wantData, err := os.ReadFile(strings.TrimSuffix(path, ".json") + ".want")
		if err != nil {
			t.Fatalf("plan fixture needs a .want file: %v", err)
		}
		return []*inventory.Estate{e}, wantData
	}
	if !snapshot.Looks(data) {
		return readTemplate(t, path, data)
	}
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

// readTrail reads a CloudTrail log file (the activity rules' fixtures),
// whose want lines are in a sibling .want file.
func readTrail(t *testing.T, path string, data []byte) ([]*inventory.Estate, []byte) {
	r := trail.NewReader(trail.Options{})
	if err := r.Read(path, bytes.NewReader(data)); err != nil {
		t.Fatal(err)
	}
	wantData, err := os.ReadFile(strings.TrimSuffix(path, ".json") + ".want")
	if err != nil {
		t.Fatalf("CloudTrail fixture needs a .want file: %v", err)
	}
	return r.Estates(), wantData
}

// deployers reads the "# deployer: PATTERN" lines of a fixture's wants.
func deployers(data []byte) []string {
	var out []string
	for _, line := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(strings.TrimSpace(line), "# deployer:"); ok {
			out = append(out, strings.TrimSpace(v))
		}
	}
	return out
}

// readTemplate reads a CloudFormation or SAM template and scans the code
// it points to, as a scan does.
func readTemplate(t *testing.T, path string, data []byte) ([]*inventory.Estate, []byte) {
	e, _, err := cloudformation.Read(path, data)
	if err != nil {
		t.Fatal(err)
	}
	if err := scan.ScanCode([]*inventory.Estate{e}, secrets.DefaultLimits); err != nil {
		t.Fatal(err)
	}
	return []*inventory.Estate{e}, data
}

// loadFixture reads a fixture into estates, with the text of its wants.
func loadFixture(t *testing.T, path string) ([]*inventory.Estate, []byte) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return fixtureReaders[filepath.Ext(path)](t, path, data)
}

// fixtures lists the fixtures of rule id, by kind: "fail", "pass" and
// "unknown" (the prefix of the file name, which must be one of them).
func fixtures(t *testing.T, id string) map[string][]string {
	files, _ := filepath.Glob(filepath.Join("testdata", id, "*"))
	out := map[string][]string{}
	for _, path := range files {
		if fixtureReaders[filepath.Ext(path)] == nil {
			continue
		}
		kind, _, _ := strings.Cut(filepath.Base(path), "-")
		switch kind {
		case "fail", "pass", "unknown":
			out[kind] = append(out[kind], path)
		default:
			t.Errorf("%s: a fixture's name starts with fail-, pass- or unknown-", path)
		}
	}
	return out
}

// noTerraform lists the rule verdicts ("ID fail") no Terraform input can
// give, and the rules ("ID") whose resources the Terraform reader does not
// map, and why; every other rule shows its FAIL and PASS in a .tf fixture.
var noTerraform = map[string]string{
	"LS417":      "MicroVM images are read from CloudFormation only: no Terraform resource for them was found in the provider documentation searched",
	"LS122 fail": "a URL's creation time is known only from a live account",
	"LS123 fail": "no resource or argument of the provider holds a function's public-access settings",
	"LS123 pass": "no resource or argument of the provider holds a function's public-access settings",
}

// noUnknown lists the rules that no fixture can make say UNKNOWN, and why.
// Every other rule needs an unknown-* fixture.
var noUnknown = map[string]string{
	"LS305": "its only UNKNOWN is the secret rules failing to load, which no input causes",
	// The activity rules judge what a CloudTrail record says was set:
	// nothing in it is unresolved.
	"LS801": "an AddPermission record names its principal and conditions",
	"LS802": "an AddPermission record names its principal",
	"LS803": "an AddPermission record names its principal and conditions",
	"LS804": "a URL config record names its auth type",
	"LS805": "an AddLayerVersionPermission record names its principal",
	"LS807": "a record names the layers it sets",
	"LS809": "a record names the settings it changes",
	"LS810": "a concurrency record is a deletion or a reservation",
	"LS814": "an Invoke record names the caller's account",
	"LS815": "an access-denied record is one",
}

// TestRuleFixtures runs each rule on its testdata/LSxxx fixtures through the
// real readers and compares the results with the fixtures' want lines:
// every result must be wanted and every want must be produced. Every rule
// needs fail-* and pass-* fixtures, and unknown-* ones unless noUnknown
// says why it cannot have them.
func TestRuleFixtures(t *testing.T) {
	for _, r := range rules.All() {
		t.Run(r.ID, func(t *testing.T) {
			byKind := fixtures(t, r.ID)
			for _, kind := range []string{"fail", "pass", "unknown"} {
				if len(byKind[kind]) == 0 && (kind != "unknown" || noUnknown[r.ID] == "") {
					t.Errorf("rule %s needs testdata/%s/%s-*.yaml fixtures", r.ID, r.ID, kind)
				}
				for _, path := range byKind[kind] {
					t.Run(filepath.Base(path), func(t *testing.T) { runFixture(t, r, path) })
				}
			}
			// Terraform is judged by the same rules: each rule shows it
			// (except the activity rules, which judge CloudTrail records).
			for _, kind := range []string{"fail", "pass"} {
				if r.Area() == "activity seen in CloudTrail" || noTerraform[r.ID] != "" {
					break
				}
				if noTerraform[r.ID+" "+kind] != "" {
					continue
				}
				if !slices.ContainsFunc(byKind[kind], func(p string) bool { return strings.HasSuffix(p, ".tf") }) {
					t.Errorf("rule %s needs a Terraform fixture testdata/%s/%s-*.tf", r.ID, r.ID, kind)
				}
			}
		})
	}
}

func runFixture(t *testing.T, r *rules.Rule, path string) {
	estates, wantData := loadFixture(t, path)
	wants, trusted, sevs := readWants(t, path, wantData)
	if len(wants) == 0 {
		t.Fatalf("%s has no want lines", path)
	}
	cfg := &rules.Config{TrustedAccounts: trusted, ManagedPolicies: iampolicy.BuiltinManagedPolicies(), Deployers: deployers(wantData)}
	if code := codeFrom(wantData); code != nil {
		cfg.Code = code
	}
	got := rules.Run(estates, []*rules.Rule{r}, testNow, cfg)
	matched := make([]bool, len(wants))
	for _, f := range got {
		found := false
		for i, w := range wants {
			if !matched[i] && w.matches(f) {
				matched[i], found = true, true
				break
			}
		}
		if !found {
			t.Errorf("unexpected %s %s %s: %s", f.Status, f.Resource, position(f.Source.Line, f.Source.Column), f.Message)
		}
		if !slices.Contains(r.Yields(), f.Severity) {
			t.Errorf("%s: severity %s, which %s does not list (Rule.Severities): %s", f.Resource, f.Severity, r.ID, r.SeverityRange())
		}
		if s, ok := sevs[f.Resource]; ok && f.Status == rules.Fail && f.Severity.String() != s {
			t.Errorf("%s: severity %s, want %s", f.Resource, f.Severity, s)
		}
	}
	var missing []string
	for i, w := range wants {
		if !matched[i] {
			missing = append(missing, w.String())
		}
	}
	sort.Strings(missing)
	for _, m := range missing {
		t.Errorf("missing %s", m)
	}
	if t.Failed() {
		for _, f := range got {
			t.Logf("got %s %s %s: %s", f.Status, f.Resource, position(f.Source.Line, f.Source.Column), f.Message)
		}
	}
}

// TestAllInIDOrder fails when All() does not list the rules in ID order,
// as its documentation promises (docs and `lambdasec rules` follow it).
func TestAllInIDOrder(t *testing.T) {
	all := rules.All()
	for i := 1; i < len(all); i++ {
		if all[i-1].ID >= all[i].ID {
			t.Errorf("rules.All(): %s comes after %s", all[i].ID, all[i-1].ID)
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

// TestSeverityRange checks how a rule's severities are described.
func TestSeverityRange(t *testing.T) {
	for _, tt := range []struct {
		r    rules.Rule
		want string
	}{
		{rules.Rule{Severity: rules.High}, "high"},
		{rules.Rule{Severity: rules.High, Severities: []rules.Severity{rules.High}}, "high"},
		{rules.Rule{Severity: rules.High, Severities: []rules.Severity{rules.Critical}}, "high, up to critical"},
		{rules.Rule{Severity: rules.Medium, Severities: []rules.Severity{rules.Low}}, "medium, down to low"},
		{rules.Rule{Severity: rules.High, Severities: []rules.Severity{rules.Critical, rules.Low, rules.Medium}}, "high (low to critical)"},
	} {
		if got := tt.r.SeverityRange(); got != tt.want {
			t.Errorf("%v + %v: %q, want %q", tt.r.Severity, tt.r.Severities, got, tt.want)
		}
	}
}

// TestParseWant checks that a want line names status, resource, position
// and message, and that a line missing one is refused rather than
// matching anything.
func TestParseWant(t *testing.T) {
	for _, c := range []struct {
		line string
		want want
		err  string
	}{
		{`FAIL Fn @12 "anyone can invoke"`, want{status: rules.Fail, resource: "Fn", line: 12, message: "anyone can invoke"}, ""},
		{`UNKNOWN Api GET /items @30:7 "cannot be told"`, want{status: rules.Unknown, resource: "Api GET /items", line: 30, col: 7, message: "cannot be told"}, ""},
		{`PASS arn:aws:lambda:eu-west-1:1:function:f @- "say \"hi\""`, want{status: rules.Pass, resource: "arn:aws:lambda:eu-west-1:1:function:f", message: `say \"hi\"`}, ""},
		{`PASS Fn`, want{}, "no message"},
		{`PASS Fn "ok"`, want{}, "no position"},
		{`PASS Fn @0 "ok"`, want{}, "bad position"},
		{`PASS Fn @x:1 "ok"`, want{}, "bad position"},
		{`OK Fn @1 "ok"`, want{}, "bad status"},
		{`PASS @1 "ok"`, want{}, "want STATUS RESOURCE"},
	} {
		got, err := parseWant(c.line)
		switch {
		case c.err == "" && err != nil:
			t.Errorf("parseWant(%q): %v", c.line, err)
		case c.err != "" && (err == nil || !strings.Contains(err.Error(), c.err)):
			t.Errorf("parseWant(%q): error %v, want one saying %q", c.line, err, c.err)
		case got != c.want:
			t.Errorf("parseWant(%q) = %+v, want %+v", c.line, got, c.want)
		}
	}
}
