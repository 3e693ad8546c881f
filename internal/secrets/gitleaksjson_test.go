package secrets

import (
	"bytes"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/lambdasec/lambdasec/internal/secrets/internal/tomljson"
)

// regenerate is the command that rewrites gitleaks.json from gitleaks.toml.
const regenerate = "cd internal/secrets && go run ./internal/gen (update-gitleaks-rules.sh runs it)"

// loadTOMLRules loads a gitleaks configuration written in TOML the way the
// embedded one reaches the binary: converted by tomljson.Convert (errors
// name the TOML file), then read by loadRules (errors name the JSON file:
// name with .json for .toml).
func loadTOMLRules(name string, data []byte) (*ruleSet, error) {
	js, err := tomljson.Convert(name, data)
	if err != nil {
		return nil, err
	}
	return loadRules(strings.TrimSuffix(name, ".toml")+".json", js)
}

// TestGitleaksJSON fails when gitleaks.json, which the binary embeds, is
// not exactly the conversion of the committed gitleaks.toml, and names
// the first line that differs and the command that regenerates it.
func TestGitleaksJSON(t *testing.T) {
	src, err := os.ReadFile("gitleaks.toml")
	if err != nil {
		t.Fatal(err)
	}
	want, err := tomljson.Convert("gitleaks.toml", src)
	if err != nil {
		t.Fatal(err)
	}
	embedded, err := gitleaksJSON()
	if err != nil {
		t.Fatalf("the embedded gitleaks.json.gz: %v (run go generate ./internal/secrets)", err)
	}
	if committed, err := os.ReadFile("gitleaks.json"); err != nil || !bytes.Equal(committed, embedded) {
		t.Fatalf("gitleaks.json.gz is not gitleaks.json (%v): run go generate ./internal/secrets", err)
	}
	if bytes.Equal(embedded, want) {
		return
	}
	got, wantLines := strings.Split(string(embedded), "\n"), strings.Split(string(want), "\n")
	line := 0
	for line < len(got) && line < len(wantLines) && got[line] == wantLines[line] {
		line++
	}
	var g, w string
	if line < len(got) {
		g = got[line]
	}
	if line < len(wantLines) {
		w = wantLines[line]
	}
	t.Fatalf("gitleaks.json is not the conversion of gitleaks.toml (line %d is %q, want %q): regenerate it: %s", line+1, g, w, regenerate)
}

// TestGitleaksJSONIsTheTOML checks the conversion against gitleaks.toml
// itself, not against tomljson's own output: the embedded rule set has
// gitleaks' 222 rules, in the TOML's order, with the TOML's regexes, and
// its global allowlist.
func TestGitleaksJSONIsTheTOML(t *testing.T) {
	src, err := os.ReadFile("gitleaks.toml")
	if err != nil {
		t.Fatal(err)
	}
	s, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	// Every "id = ..." line of the TOML is a rule's, in order.
	var ids []string
	for _, l := range strings.Split(string(src), "\n") {
		if v, ok := strings.CutPrefix(l, "id = \""); ok {
			ids = append(ids, strings.TrimSuffix(v, "\""))
		}
	}
	if len(ids) != s.Rules() {
		t.Fatalf("gitleaks.toml has %d rules, the embedded JSON %d", len(ids), s.Rules())
	}
	for i, r := range s.rules.rules {
		if r.id != ids[i] {
			t.Fatalf("rule %d is %s, gitleaks.toml's is %s", i+1, r.id, ids[i])
		}
		if r.re != nil && !strings.Contains(string(src), "regex = '''"+r.re.String()+"'''") {
			t.Errorf("rule %s: regex %q is not in gitleaks.toml", r.id, r.re.String())
		}
	}
	if len(s.rules.global) != 1 || s.rules.global[0].paths == nil || s.rules.global[0].regexes == nil || s.rules.global[0].stopwords == nil {
		t.Errorf("global allowlists %+v, want gitleaks.toml's one [allowlist] with paths, regexes and stop words", s.rules.global)
	}
}

// TestBinaryLinksNoTOML fails when lambdasec's binary links a TOML parser:
// the rules are read from gitleaks.json (go-toml cost 155 KB and more of
// the binary, whose size is limited; see .ci/binsize.sh).
func TestBinaryLinksNoTOML(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list")
	}
	out, err := exec.Command("go", "list", "-deps", "../../cmd/lambdasec").CombinedOutput()
	if err != nil {
		t.Skipf("go list: %v\n%s", err, out)
	}
	for _, p := range strings.Fields(string(out)) {
		if strings.Contains(p, "toml") {
			t.Errorf("cmd/lambdasec links %s: read rules from gitleaks.json (encoding/json), not TOML", p)
		}
	}
}

// TestLoadRulesJSONErrors checks that a JSON rule set that does not read
// is refused with the file, the line and column, and what is wrong.
func TestLoadRulesJSONErrors(t *testing.T) {
	cases := []struct{ json, want string }{
		{"{\n  \"rules\": [\n    {\"id\": \"x\",}\n  ]\n}\n", `bad.json:3:16: invalid character '}'`},
		{"{\n  \"rules\": [\n    {\"id\": \"x\", \"secretGroup\": \"1\"}\n  ]\n}\n", `bad.json:3:35: key rules.secretGroup is a JSON string, want an integer`},
		{"{\"rules\": {}}", `bad.json:1:12: key rules is a JSON object, want an array`},
		{"{\"rules\": [", `bad.json:1:12: unexpected EOF`},
		{"{\n  \"extend\": {\"useDefault\": true}\n}\n", `bad.json:2:3: key extend is not one lambdasec implements`},
		{"{\"rules\": [{\"id\": \"x\"},\n {\"id\": \"y\", \"required\": []}]}", `bad.json:2:14: key rules.required is not one lambdasec implements`},
		{"{\"allowlists\": [{\"regexes\": [\"a\"], \"Paths\": [], \"skip\": 1}]}", `bad.json:1:49: key allowlists.skip is not one lambdasec implements`},
		{"{\"title\": \"a\"} {}", "bad.json:1:16: data after the configuration's object"},
		{"{\"title\": \"a\"}\n}", "bad.json:2:1: data after the configuration's object"},
		{"", "bad.json:1:1: EOF"},
	}
	for _, c := range cases {
		_, err := loadRules("bad.json", []byte(c.json))
		if err == nil || !strings.HasPrefix(err.Error(), c.want) {
			t.Errorf("%q: error %v, want it to begin %q", c.json, err, c.want)
		}
	}
}
