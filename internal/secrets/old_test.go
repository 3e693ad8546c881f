package secrets

// This file keeps the scanner lambdasec had before it applied gitleaks'
// rules with its own matcher: gitleaks' detect package. The tests compare
// the two on the same inputs, and the benchmarks time both.

import (
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"testing"

	ahocorasick "github.com/BobuSumisu/aho-corasick"
	"github.com/rs/zerolog"
	"github.com/zricethezav/gitleaks/v8/config"
	"github.com/zricethezav/gitleaks/v8/detect"
	"github.com/zricethezav/gitleaks/v8/logging"
	"github.com/zricethezav/gitleaks/v8/report"
	"go.yaml.in/yaml/v3"
)

// Scanner detects secrets. It is safe for concurrent use.
//
// gitleaks runs every rule whose keyword occurs anywhere in a text over
// the whole text; in code, where "key", "token" and "auth" are common,
// that is nearly every rule over every byte. The scanner instead finds the
// keywords once (Aho-Corasick over the lower-cased text), and runs each
// rule on the lines holding its keywords only (with their neighbours, and
// the lines after a PEM header), mapping lines back. Rules without
// keywords, or that depend on other rules, run over the whole text.
type oldScanner struct {
	mu sync.Mutex
	d  *detect.Detector // every rule, for variables
	// whole runs the rules that must see the whole text.
	whole *detect.Detector
	// byRule holds a single-rule detector per keyworded rule.
	byRule map[string]*detect.Detector
	// trie finds the keywords; keywordRules maps a trie pattern to rules.
	trie         *ahocorasick.Trie
	keywordRules [][]string
	// multiLine are rules whose secrets span lines (PEM blocks).
	multiLine map[string]bool
}

// oldDefault returns the scanner lambdasec had before it read gitleaks'
// rules itself: gitleaks' own detector, run rule by rule on keyword lines.
var oldDefault = sync.OnceValues(func() (*oldScanner, error) {
	logging.Logger = logging.Logger.Level(zerolog.Disabled)
	d, err := detect.NewDetectorDefaultConfig()
	if err != nil {
		return nil, err
	}
	d.MaxTargetMegaBytes = 0
	return newOldScanner(d), nil
})

func newOldScanner(d *detect.Detector) *oldScanner {
	s := &oldScanner{d: d, byRule: map[string]*detect.Detector{}, multiLine: map[string]bool{}}
	wholeCfg := d.Config
	wholeCfg.Rules = map[string]config.Rule{}
	wholeCfg.Keywords = map[string]struct{}{}
	patterns := map[string]int{}
	var words []string
	for id, r := range d.Config.Rules {
		if len(r.Keywords) == 0 || len(r.RequiredRules) > 0 || r.SkipReport {
			wholeCfg.Rules[id] = r
			for _, k := range r.Keywords {
				wholeCfg.Keywords[strings.ToLower(k)] = struct{}{}
			}
			continue
		}
		cfg := d.Config
		cfg.Rules = map[string]config.Rule{id: r}
		cfg.OrderedRules = []string{id}
		cfg.Keywords = map[string]struct{}{}
		for _, k := range r.Keywords {
			k = strings.ToLower(k)
			cfg.Keywords[k] = struct{}{}
			if strings.Contains(k, "-----begin") || strings.Contains(k, "begin ") {
				s.multiLine[id] = true
			}
			i, ok := patterns[k]
			if !ok {
				i = len(words)
				patterns[k] = i
				words = append(words, k)
				s.keywordRules = append(s.keywordRules, nil)
			}
			s.keywordRules[i] = append(s.keywordRules[i], id)
		}
		s.byRule[id] = detect.NewDetector(cfg)
	}
	s.whole = detect.NewDetector(wholeCfg)
	s.trie = ahocorasick.NewTrieBuilder().AddStrings(words).Build()
	return s
}

// Rules returns how many detection rules the scanner has.

// Lines kept around a keyword line for its rule: secrets whose key and
// value sit on neighbouring lines, and PEM blocks (up to pemLines long).

// Text finds the secrets in a text file's content. filePath (slash
// separated) lets gitleaks apply its path allowlists. Lines and columns
// are 1-based.
func (s *oldScanner) Text(filePath string, content []byte) []Hit {
	fp := path.Clean(filePath)
	text := string(content)
	lines := splitLines(text)
	starts := make([]int, len(lines))
	off := 0
	for i, l := range lines {
		starts[i] = off
		off += len(l)
	}
	lineAt := func(pos int) int { return sort.SearchInts(starts, pos+1) - 1 }
	// Which lines hold which rules' keywords.
	ruleLines := map[string]map[int]bool{}
	for _, m := range s.trie.MatchString(strings.ToLower(text)) {
		ln := lineAt(int(m.Pos()))
		for _, id := range s.keywordRules[m.Pattern()] {
			if ruleLines[id] == nil {
				ruleLines[id] = map[int]bool{}
			}
			ruleLines[id][ln] = true
		}
	}
	type found struct {
		Hit
		secret string
	}
	var all []found
	add := func(fs []report.Finding, lineOf func(int) int) {
		for _, f := range fs {
			if awsExampleCredentials[strings.TrimSpace(f.Secret)] {
				continue // a documented example, as in EnvVar
			}
			all = append(all, found{Hit{Detector: f.RuleID, Description: f.Description, Critical: critical(f.RuleID),
				Fingerprint: Fingerprint(f.Secret), Line: lineOf(f.StartLine) + 1, Column: f.StartColumn}, f.Secret})
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	add(s.whole.Detect(detect.Fragment{Raw: text, FilePath: fp}), func(l int) int { return l })
	for id, set := range ruleLines {
		after := linesAfter
		if s.multiLine[id] {
			after = pemLines
		}
		keep := make([]bool, len(lines))
		for ln := range set {
			for k := ln - linesBefore; k <= ln+after && k < len(lines); k++ {
				if k >= 0 {
					keep[k] = true
				}
			}
		}
		var b strings.Builder
		var orig []int
		for k, kept := range keep {
			if kept {
				b.WriteString(lines[k])
				orig = append(orig, k)
			}
		}
		add(s.byRule[id].Detect(detect.Fragment{Raw: b.String(), FilePath: fp}), func(l int) int {
			if l >= 0 && l < len(orig) {
				return orig[l]
			}
			return l
		})
	}
	// gitleaks has no rule for a URL with a password in it
	// ("postgres://user:pw@host/db"); environment variables are checked
	// for one, and so is code.
	for _, m := range urlWithPassword.FindAllStringSubmatchIndex(text, -1) {
		pw := urlPassword(text[m[0]:m[1]])
		if pw == "" {
			continue
		}
		ln := lineAt(m[2])
		dup := false
		for _, f := range all {
			if f.Line == ln+1 && strings.Contains(f.secret, pw) {
				dup = true
			}
		}
		if !dup {
			all = append(all, found{Hit{Detector: "url-credentials", Description: "a URL with a password in it", Fingerprint: Fingerprint(pw),
				Line: ln + 1, Column: m[2] - starts[ln] + 1}, pw})
		}
	}
	// As gitleaks does when it runs all rules together: a generic finding
	// inside a specific one on the same line is the same secret.
	var hits []Hit
	for _, f := range all {
		dup := false
		if strings.Contains(strings.ToLower(f.Detector), "generic") {
			for _, g := range all {
				if g.Line == f.Line && !strings.Contains(strings.ToLower(g.Detector), "generic") && strings.Contains(g.secret, f.secret) {
					dup = true
					break
				}
			}
		}
		if !dup {
			hits = append(hits, f.Hit)
		}
	}
	sort.Slice(hits, func(i, j int) bool {
		if hits[i].Line != hits[j].Line {
			return hits[i].Line < hits[j].Line
		}
		return hits[i].Detector < hits[j].Detector
	})
	return dedupeHits(hits)
}

// detect runs the gitleaks rules over NAME="value".
func (s *oldScanner) detect(name, value string) []Hit {
	line := fmt.Sprintf("%s=%q\n", name, value)
	s.mu.Lock()
	fs := s.d.Detect(detect.Fragment{Raw: line})
	s.mu.Unlock()
	var hits []Hit
	for _, f := range fs {
		if f.Secret == "" || isReference(f.Secret) || Placeholder(f.Secret) {
			continue
		}
		hits = append(hits, Hit{Detector: f.RuleID, Description: f.Description, Critical: critical(f.RuleID), Fingerprint: Fingerprint(f.Secret)})
	}
	return dedupeHits(hits)
}

// sameInputs returns the texts the comparison with the old scanner runs
// on: the fuzz seeds, the code in the rule fixtures, Go's net/http and
// crypto sources (test keys and certificates among them), and the shared
// corpus of templates when it is there.
func sameInputs(t testing.TB) map[string][]byte {
	files := map[string][]byte{}
	for i, s := range textSeeds {
		files[fmt.Sprintf("seed%d.py", i)] = []byte(s)
	}
	for i, c := range findCases {
		files[fmt.Sprintf("find%d/%s", i, c.path)] = []byte(c.code)
	}
	for i, c := range skipCases {
		files[fmt.Sprintf("skip%d/%s", i, c.path)] = []byte(c.code)
	}
	roots := []string{"../rules/testdata", filepath.Join(runtime.GOROOT(), "src", "net", "http"), filepath.Join(runtime.GOROOT(), "src", "crypto"), "../../../shared/corpus"}
	for _, root := range roots {
		_ = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return nil
			}
			info, err := d.Info()
			if err != nil || info.Size() > 1<<20 {
				return nil
			}
			data, err := os.ReadFile(p)
			if err == nil && !binary(data) {
				files[filepath.ToSlash(p)] = data
			}
			return nil
		})
	}
	return files
}

// TestSameAsOldScanner checks that the matcher finds what gitleaks' own
// detector found, as lambdasec ran it before: the same detector, secret
// and line for every file of sameInputs and every labelled variable.
// Columns are left out: the old scanner's were one too many on every
// line but the first of the text it handed gitleaks.
func TestSameAsOldScanner(t *testing.T) {
	s, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	old, err := oldDefault()
	if err != nil {
		t.Fatal(err)
	}
	key := func(hs []Hit) map[string]bool {
		m := map[string]bool{}
		for _, h := range hs {
			m[fmt.Sprintf("%s %s line %d", h.Detector, h.Fingerprint, h.Line)] = true
		}
		return m
	}
	total := 0
	files := sameInputs(t)
	for name, data := range files {
		got, want := key(s.Text(name, data)), key(old.Text(name, data))
		total += len(want)
		for k := range want {
			if !got[k] {
				t.Errorf("%s: missed %s", name, k)
			}
		}
		for k := range got {
			if !want[k] {
				t.Errorf("%s: extra %s", name, k)
			}
		}
	}
	data, err := os.ReadFile("testdata/env_cases.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var f struct{ Cases []envCase }
	if err := yaml.Unmarshal(data, &f); err != nil {
		t.Fatal(err)
	}
	for _, c := range f.Cases {
		got, want := key(s.detect(c.Name, c.Value)), key(old.detect(c.Name, c.Value))
		total += len(want)
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("%s=%q: got %v, want %v", c.Name, c.Value, got, want)
		}
	}
	t.Logf("%d files and %d variables, %d secrets found by both", len(files), len(f.Cases), total)
}

// BenchmarkOldScanCode is BenchmarkScanCode with the old scanner
// (gitleaks' detector, rule by rule on keyword lines).
func BenchmarkOldScanCode(b *testing.B) {
	s, err := oldDefault()
	if err != nil {
		b.Fatal(err)
	}
	benchScan(b, s.Text)
}

// BenchmarkOldDetectWhole times gitleaks' detector as gitleaks runs it:
// every rule whose keyword a file holds, over the whole file.
func BenchmarkOldDetectWhole(b *testing.B) {
	s, err := oldDefault()
	if err != nil {
		b.Fatal(err)
	}
	benchScan(b, func(name string, data []byte) []Hit {
		s.d.Detect(detect.Fragment{Raw: string(data), FilePath: name})
		return nil
	})
}
