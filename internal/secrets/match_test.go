package secrets

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// withoutAllowlists returns a copy of rs whose rules have no allowlists,
// global or their own: what the rules alone find.
func (rs *ruleSet) withoutAllowlists() *ruleSet {
	c := *rs
	c.global = nil
	c.rules = make([]*rule, len(rs.rules))
	for i, r := range rs.rules {
		rc := *r
		rc.allowlists = nil
		c.rules[i] = &rc
	}
	return &c
}

// findCases are code with one secret each: see TestTextFinds.
var findCases = []struct {
	name, path, code string
	rule             string
	line             int
	at               string // the match begins where this text first occurs on the line
	secret           string
}{
	{"aws key on line 4", "app.py",
		"import os\n\n# Left from a demo.\nAWS_ACCESS_KEY_ID = \"AKIA3QBOP56Z65H7XEZH\"\n",
		"aws-access-token", 4, "AKIA", "AKIA3QBOP56Z65H7XEZH"},
	{"github token on line 1", "index.js",
		"const token = \"ghp_PqFe8WctSIOdSmdNHnccmyZonkP5GYIRkt5s\";\n",
		"github-pat", 1, "ghp_", "ghp_PqFe8WctSIOdSmdNHnccmyZonkP5GYIRkt5s"},
	{"stripe key after a tab", "pay.js",
		"function pay() {\n\tconst stripe = require('stripe')('sk_live_1eUArqs9pyaA6juCAGLlEcdO67MbO63ZJz');\n}\n",
		"stripe-access-token", 2, "sk_live", "sk_live_1eUArqs9pyaA6juCAGLlEcdO67MbO63ZJz"},
	{"slack webhook in yaml", "config.yaml",
		"alerts:\n  webhook: https://hooks.slack.com/services/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\n",
		"slack-webhook-url", 2, "https://", "https://hooks.slack.com/services/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"},
	{"generic secret: the match begins at the name", "settings.py",
		"DEBUG = False\nclient_secret = \"dRtBE7OCf9U0HqirKEeDTl9pIRy4rVcn\"\n",
		"generic-api-key", 2, "client_secret", "dRtBE7OCf9U0HqirKEeDTl9pIRy4rVcn"},
	{"secretGroup 2 is the token, not the word login", "sonar-project.properties",
		"sonar.host.url=https://sonar.example.com\nsonar.login=squ_0a1b2c3d4e5f60718293a4b5c6d7e8f901234567\n",
		"sonar-api-token", 2, "sonar.login", "squ_0a1b2c3d4e5f60718293a4b5c6d7e8f901234567"},
	{"private key block", "deploy/key.py",
		"KEY = \"\"\"\n-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA0Z3VS5JJcds3xfn/ygWyF8PbnGy0AHB7MhgwMbRvI0MBZhpF\n-----END RSA PRIVATE KEY-----\n\"\"\"\n",
		"private-key", 2, "-----BEGIN", "-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA0Z3VS5JJcds3xfn/ygWyF8PbnGy0AHB7MhgwMbRvI0MBZhpF\n-----END RSA PRIVATE KEY-----"},
}

// TestTextFinds checks secrets in code with gitleaks' default rules: which
// rule finds each, on which line, at which column (where the match
// begins, counted in bytes from 1 on its line, on the first line as on
// later ones), and which secret (the rule's secret group, not the whole
// match).
func TestTextFinds(t *testing.T) {
	s, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range findCases {
		t.Run(c.name, func(t *testing.T) {
			line := strings.Split(c.code, "\n")[c.line-1]
			col := strings.Index(line, c.at) + 1
			if col == 0 {
				t.Fatalf("bad case: %q is not on line %d", c.at, c.line)
			}
			var got []string
			found := false
			for _, h := range s.Text(c.path, []byte(c.code)) {
				got = append(got, fmt.Sprintf("%s %d:%d", h.Detector, h.Line, h.Column))
				if h.Detector == c.rule && h.Line == c.line && h.Column == col && h.Fingerprint == Fingerprint(c.secret) {
					found = true
				}
			}
			if !found || len(got) != 1 {
				t.Errorf("hits %v; want only %s %d:%d with the secret %.12q", got, c.rule, c.line, col, c.secret)
			}
		})
	}
	// A rule on the file's name: the file itself, line 1 and no column.
	hits := s.Text("certs/client.p12", []byte("0\x82\n"))
	if len(hits) != 1 || hits[0].Detector != "pkcs12-file" || hits[0].Line != 1 || hits[0].Column != 0 {
		t.Errorf("client.p12: hits %+v, want pkcs12-file at line 1, column 0", hits)
	}
}

// skipCases are code whose secret-like value is not reported: see
// TestTextSkips.
var skipCases = []struct {
	name, path, code string
	allowlisted      bool // false: skipped by the rule itself (entropy, the signature)
	foundWithout     string
}{
	{"the aws rule's own allowlist: a key ending in EXAMPLE", "app.py",
		"key_id = \"AKIABOP56Z65HEXAMPLE\"\n", true, ""},
	{"global path allowlist: node_modules", "node_modules/left-pad/index.js",
		"const t = \"ghp_PqFe8WctSIOdSmdNHnccmyZonkP5GYIRkt5s\";\n", true, ""},
	{"global path allowlist: a lock file", "package-lock.json",
		"\"token\": \"ghp_PqFe8WctSIOdSmdNHnccmyZonkP5GYIRkt5s\"\n", true, ""},
	{"the github rule's path allowlist", "node/@octokit/auth-token/README.md",
		"auth(\"ghp_PqFe8WctSIOdSmdNHnccmyZonkP5GYIRkt5s\")\n", true, ""},
	{"generic, regexTarget match: a public key", "app.py",
		"public_key = \"MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAu1SU1L\"\n", true, ""},
	{"generic, stop word in the secret", "app.py",
		"api_key = \"xK9sample_Qz7Lw2Rt5Vb8Nm\"\n", true, ""},
	{"global stop word", "app.py",
		"api_key = \"abcdefghijklmnopqrstuvwxyz0123\"\n", true, ""},
	{"global regex: a variable reference", "deploy.sh",
		"curl -u \"$DEPLOY_USER:$DEPLOY_PASSWORD\" https://example.com\n", true, ""},
	{"generic, regexTarget line: an import", "app.ts",
		"import { AccessKeyProvider, Qx7Vb2Lm9Zr4Tp } from './auth'\n", true, ""},
	{"entropy too low", "app.py",
		"aws_key = \"AKIAAAAAAAAAAAAAAAAA\"\n", false, ""},
	{"gitleaks:allow on the line", "app.py",
		"token = \"ghp_PqFe8WctSIOdSmdNHnccmyZonkP5GYIRkt5s\"  # gitleaks:allow\n", false,
		"token = \"ghp_PqFe8WctSIOdSmdNHnccmyZonkP5GYIRkt5s\"\n"},
}

// TestTextSkips checks what gitleaks' default rules, or their allowlists,
// keep from being reported. Each case is found once the allowlists are
// taken away (or with the line's variation noted), so the test shows that
// the allowlist, not a failing match, is what skips it.
func TestTextSkips(t *testing.T) {
	s, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	bare := &Scanner{rules: s.rules.withoutAllowlists()}
	for _, c := range skipCases {
		t.Run(c.name, func(t *testing.T) {
			if hits := s.Text(c.path, []byte(c.code)); len(hits) > 0 {
				t.Errorf("reported %s at %d:%d", hits[0].Detector, hits[0].Line, hits[0].Column)
			}
			without, scanner := c.code, bare
			if c.foundWithout != "" {
				without, scanner = c.foundWithout, s
			}
			if !c.allowlisted && c.foundWithout == "" {
				return // skipped by the rule itself: nothing to take away
			}
			if hits := scanner.Text(c.path, []byte(without)); len(hits) == 0 {
				t.Errorf("not found even without the allowlists: the case tests nothing")
			}
		})
	}
	// Entropy: the same rule finds a key of the same form with more.
	if hits := s.Text("app.py", []byte("aws_key = \"AKIA3QBOP56Z65H7XEZH\"\n")); len(hits) != 1 {
		t.Errorf("a high-entropy key: %d hits, want 1", len(hits))
	}
}

// TestAllowlistSemantics checks each allowlist form of gitleaks'
// configuration (https://github.com/gitleaks/gitleaks#configuration) on a
// rule set written for it: condition OR and AND, regexTarget secret,
// match and line, stop words, paths, targetRules, the global list, a
// path-only rule and the entropy threshold.
func TestAllowlistSemantics(t *testing.T) {
	rs, err := loadTOMLRules("test.toml", []byte(`
title = "test"

[[allowlists]]
description = "global"
paths = ['''\.lock$''']
stopwords = ["globalstop"]

[[allowlists]]
targetRules = ["tok"]
regexTarget = "line"
regexes = ['''TARGETED''']

[[rules]]
id = "tok"
description = "a test token"
regex = '''(?:^|\s)tok_([a-z0-9]{8,})'''
entropy = 2.5
keywords = ["tok_"]
    [[rules.allowlists]]
    regexes = ['''^deadbeef''']
    [[rules.allowlists]]
    regexTarget = "match"
    regexes = ['''^\s*tok_0000''']
    [[rules.allowlists]]
    condition = "AND"
    paths = ['''^fixtures/''']
    regexTarget = "line"
    regexes = ['''FAKE''']
    [[rules.allowlists]]
    stopwords = ["Sample"]

[[rules]]
id = "keyfile"
description = "a key file"
path = '''\.pem$'''
`))
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name, path, text string
		found            bool
	}{
		{"plain", "a.py", "x tok_k3j9x8w2q7\n", true},
		{"entropy at or under 2.5", "a.py", "x tok_abababab\n", false},
		{"rule regex on the secret", "a.py", "x tok_deadbeef42\n", false},
		{"the secret regex is anchored to the secret, not the match", "a.py", "x tok_42deadbeef\n", true},
		{"regexTarget match", "a.py", "tok_0000k3j9x8\n", false},
		{"AND: path and line both", "fixtures/a.py", "x tok_k3j9x8w2q7 # FAKE\n", false},
		{"AND: the line alone is not enough", "src/a.py", "x tok_k3j9x8w2q7 # FAKE\n", true},
		{"AND: the path alone is not enough", "fixtures/a.py", "x tok_k3j9x8w2q7\n", true},
		{"stop word, case-insensitive", "a.py", "x tok_k3jsample9x8\n", false},
		{"global stop word", "a.py", "x tok_globalstop42\n", false},
		{"global path", "deps/yarn.lock", "x tok_k3j9x8w2q7\n", false},
		{"targetRules allowlist", "a.py", "x tok_k3j9x8w2q7 # TARGETED\n", false},
		{"keyword missing: tok_ in upper case still counts", "a.py", "x TOK_k3j9x8w2q7\n", false},
		{"gitleaks:allow", "a.py", "x tok_k3j9x8w2q7 // gitleaks:allow\n", false},
		{"path rule", "certs/server.pem", "anything\n", true},
		{"path rule, global path allowlist first", "certs/server.pem.lock", "anything\n", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			fs := rs.matchWhole(c.text, c.path)
			li := newLineIndex(c.text)
			near := rs.matchNear(li, c.path)
			if (len(fs) > 0) != c.found || len(near) != len(fs) {
				t.Errorf("whole: %d findings, near: %d; want found=%v", len(fs), len(near), c.found)
			}
		})
	}
	// The secret is the first non-empty group, its position the match's.
	fs := rs.matchWhole("a\n  x tok_k3j9x8w2q7\n", "a.py")
	if len(fs) != 1 || fs[0].secret != "k3j9x8w2q7" || fs[0].line != 2 || fs[0].column != 4 {
		t.Errorf("finding %+v, want secret k3j9x8w2q7 at 2:4", fs)
	}
}

// TestLoadRulesErrors checks that a rule set gitleaks would refuse, or
// that uses what lambdasec does not implement, is refused with the file
// and what is wrong.
func TestLoadRulesErrors(t *testing.T) {
	cases := []struct{ toml, want string }{
		{"[[rules]]\nid = \"x\"\nregex = '''(a'''\n", `bad.json: rule x: regex: error parsing regexp: missing closing )`},
		{"[[rules]]\nid = \"x\"\nregex = '''a'''\nsecretGroup = 2\n", "bad.json: rule x: secretGroup 2, but the regex has 0 groups"},
		{"[[rules]]\nid = \"x\"\n", "bad.json: rule x: neither regex nor path"},
		{"[[rules]]\nregex = '''a'''\n", "bad.json: rule 1 (\"\"): no id"},
		{"[[rules]]\nid = \"x\"\nregex = '''a'''\n[[rules]]\nid = \"x\"\nregex = '''b'''\n", "bad.json: rule x: defined twice"},
		{"[[rules]]\nid = \"x\"\nregex = '''a'''\n[[rules.allowlists]]\ndescription = \"nothing\"\n", "bad.json: rule x: allowlist 1: empty"},
		{"[[rules]]\nid = \"x\"\nregex = '''a'''\n[[rules.allowlists]]\ncondition = \"XOR\"\nregexes = ['''b''']\n", `bad.json: rule x: allowlist 1: condition "XOR"`},
		{"[[rules]]\nid = \"x\"\nregex = '''a'''\n[[rules.allowlists]]\nregexTarget = \"file\"\nregexes = ['''b''']\n", `bad.json: rule x: allowlist 1: regexTarget "file"`},
		{"[[allowlists]]\ntargetRules = [\"nope\"]\nregexes = ['''b''']\n", `bad.json: allowlist 1: target rule "nope" does not exist`},
		{"[extend]\nuseDefault = true\n", "bad.json:2:3: key extend is not one lambdasec implements"},
		{"[[rules]]\nid = \"x\"\nregex = '''a'''\n[[rules.required]]\nid = \"y\"\n", "bad.json:6:7: key rules.required is not one lambdasec implements"},
		{"title = \"unterminated\n", "bad.toml:1:"},
		// go-toml v2.2.3 panicked on a sign without digits.
		{"[[rules]]\nid = \"x\"\nregex = '''a'''\nentropy =- 2\n", "bad.toml:4:"},
	}
	for _, c := range cases {
		_, err := loadTOMLRules("bad.toml", []byte(c.toml))
		if err == nil || !strings.HasPrefix(err.Error(), c.want) {
			t.Errorf("%q: error %v, want it to begin %q", c.toml, err, c.want)
		}
	}
}

// TestDefaultRules checks the embedded rule set: it loads, and it holds
// the rules lambdasec's findings name.
func TestDefaultRules(t *testing.T) {
	s, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	if s.Rules() < 200 {
		t.Errorf("%d rules, want gitleaks' 200 and more", s.Rules())
	}
	ids := map[string]bool{}
	for _, r := range s.rules.rules {
		ids[r.id] = true
	}
	for _, id := range []string{"aws-access-token", "generic-api-key", "private-key", "github-pat", "stripe-access-token", "pkcs12-file"} {
		if !ids[id] {
			t.Errorf("no rule %s", id)
		}
	}
}

// TestRulesAreGitleaks checks that gitleaks.toml is, byte for byte, the
// config/gitleaks.toml of gitleaks GitleaksVersion, and gitleaks.LICENSE
// its LICENSE, when that module is in the Go module cache (it skips
// otherwise; update-gitleaks-rules.sh fetches it).
func TestRulesAreGitleaks(t *testing.T) {
	out, err := exec.Command("go", "env", "GOMODCACHE").Output()
	if err != nil {
		t.Skipf("go env GOMODCACHE: %v", err)
	}
	dir := filepath.Join(strings.TrimSpace(string(out)), "github.com", "zricethezav", "gitleaks", "v8@"+GitleaksVersion)
	for local, upstream := range map[string]string{"gitleaks.toml": "config/gitleaks.toml", "gitleaks.LICENSE": "LICENSE"} {
		want, err := os.ReadFile(filepath.Join(dir, upstream))
		if os.IsNotExist(err) {
			t.Skipf("gitleaks %s is not in the module cache (%s)", GitleaksVersion, dir)
		}
		if err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(local)
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != string(want) {
			t.Errorf("%s differs from gitleaks %s's %s: run update-gitleaks-rules.sh %s", local, GitleaksVersion, upstream, GitleaksVersion)
		}
	}
}
