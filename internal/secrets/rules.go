package secrets

import (
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"regexp"
	"strings"

	ahocorasick "github.com/BobuSumisu/aho-corasick"
	"github.com/pelletier/go-toml/v2"
)

// GitleaksVersion is the gitleaks release whose default rule set
// (config/gitleaks.toml in github.com/zricethezav/gitleaks/v8) is embedded
// here as gitleaks.toml, unchanged; gitleaks.LICENSE is its licence (MIT).
// update-gitleaks-rules.sh replaces both, and this constant, with another
// release's.
const GitleaksVersion = "v8.30.1"

//go:embed gitleaks.toml
var gitleaksTOML []byte

// ruleFile is a gitleaks configuration file, as gitleaks' README defines
// it (https://github.com/gitleaks/gitleaks#configuration). Keys lambdasec
// does not implement — [extend], [[rules.required]] (composite rules),
// skipReport — are not fields, so a file using them fails to load rather
// than being applied differently from gitleaks.
type ruleFile struct {
	Title       string `toml:"title"`
	Description string `toml:"description"`
	MinVersion  string `toml:"minVersion"`
	Rules       []struct {
		ID          string   `toml:"id"`
		Description string   `toml:"description"`
		Regex       string   `toml:"regex"`
		Path        string   `toml:"path"`
		SecretGroup int      `toml:"secretGroup"`
		Entropy     float64  `toml:"entropy"`
		Keywords    []string `toml:"keywords"`
		Tags        []string `toml:"tags"`
		// Allowlist is the form before gitleaks v8.21.0 ([rules.allowlist]).
		Allowlist  *allowlistEntry  `toml:"allowlist"`
		Allowlists []allowlistEntry `toml:"allowlists"`
	} `toml:"rules"`
	// Allowlist is the global form before gitleaks v8.25.0 ([allowlist]).
	Allowlist  *allowlistEntry  `toml:"allowlist"`
	Allowlists []allowlistEntry `toml:"allowlists"`
}

// allowlistEntry is one [[allowlists]] or [[rules.allowlists]] table.
type allowlistEntry struct {
	Description string   `toml:"description"`
	Condition   string   `toml:"condition"`
	RegexTarget string   `toml:"regexTarget"`
	Commits     []string `toml:"commits"`
	Paths       []string `toml:"paths"`
	Regexes     []string `toml:"regexes"`
	StopWords   []string `toml:"stopwords"`
	// TargetRules (global allowlists only) applies the allowlist to these
	// rules instead of to all.
	TargetRules []string `toml:"targetRules"`
}

// rule is one compiled gitleaks rule.
type rule struct {
	id          string
	description string
	// re finds the secret; nil for a rule that matches file paths only.
	re *regexp.Regexp
	// path, when set, limits the rule to files whose path matches (or,
	// with no re, reports every such file).
	path        *regexp.Regexp
	secretGroup int
	// entropy is the Shannon entropy (bits per character) a secret must
	// exceed; 0 checks none.
	entropy float64
	// keywords are lower-cased; a rule runs only on a text holding one.
	keywords   []string
	allowlists []*allowlist
	// multiLine marks a rule whose secret spans many lines (a PEM block):
	// it is run over more lines after its keyword.
	multiLine bool
}

// allowlist is one compiled allowlist: what makes a finding (or a whole
// file) not a secret.
type allowlist struct {
	and bool // condition AND: every check given must hold
	// target is what regexes test: "" (the secret), "match" or "line".
	target    string
	commits   bool // commits are listed: lambdasec scans no commits, so they never match
	paths     *regexp.Regexp
	regexes   *regexp.Regexp
	stopwords *ahocorasick.Trie
}

// ruleSet is a compiled gitleaks configuration.
type ruleSet struct {
	rules  []*rule
	global []*allowlist
	// trie finds every rule's keywords; kwRules maps a trie pattern to the
	// indexes in rules of the rules that have it.
	trie    *ahocorasick.Trie
	kwRules [][]int
	// always are the indexes of rules without keywords.
	always []int
}

// loadRules reads a gitleaks configuration (TOML) and compiles it. Its
// errors name the file (name), and the line and column of a TOML error or
// the rule whose regular expression or settings are wrong.
func loadRules(name string, data []byte) (*ruleSet, error) {
	var f ruleFile
	dec := toml.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		// A StrictMissingError wraps DecodeErrors: look for it first.
		var se *toml.StrictMissingError
		if errors.As(err, &se) && len(se.Errors) > 0 {
			line, col := se.Errors[0].Position()
			return nil, fmt.Errorf("%s:%d:%d: key %s is not one lambdasec implements (gitleaks' extend, required rules and skipReport are not supported)",
				name, line, col, strings.Join(se.Errors[0].Key(), "."))
		}
		var de *toml.DecodeError
		if errors.As(err, &de) {
			line, col := de.Position()
			return nil, fmt.Errorf("%s:%d:%d: %s", name, line, col, de.Error())
		}
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	rs := &ruleSet{}
	byID := map[string]*rule{}
	for i, fr := range f.Rules {
		r := &rule{id: fr.ID, description: fr.Description, secretGroup: fr.SecretGroup, entropy: fr.Entropy}
		if strings.TrimSpace(r.id) == "" {
			return nil, fmt.Errorf("%s: rule %d (%q): no id", name, i+1, fr.Description)
		}
		if byID[r.id] != nil {
			return nil, fmt.Errorf("%s: rule %s: defined twice", name, r.id)
		}
		var err error
		if fr.Regex != "" {
			if r.re, err = regexp.Compile(fr.Regex); err != nil {
				return nil, fmt.Errorf("%s: rule %s: regex: %w", name, r.id, err)
			}
		}
		if fr.Path != "" {
			if r.path, err = regexp.Compile(fr.Path); err != nil {
				return nil, fmt.Errorf("%s: rule %s: path: %w", name, r.id, err)
			}
		}
		if r.re == nil && r.path == nil {
			return nil, fmt.Errorf("%s: rule %s: neither regex nor path: the rule would match nothing", name, r.id)
		}
		if r.secretGroup < 0 || (r.re != nil && r.secretGroup > r.re.NumSubexp()) || (r.re == nil && r.secretGroup != 0) {
			return nil, fmt.Errorf("%s: rule %s: secretGroup %d, but the regex has %d groups", name, r.id, r.secretGroup, numSubexp(r.re))
		}
		for _, k := range fr.Keywords {
			k = strings.ToLower(k)
			r.keywords = append(r.keywords, k)
			if strings.Contains(k, "-----begin") || strings.Contains(k, "begin ") {
				r.multiLine = true
			}
		}
		entries := fr.Allowlists
		if fr.Allowlist != nil {
			if len(entries) > 0 {
				return nil, fmt.Errorf("%s: rule %s: both [rules.allowlist] and [[rules.allowlists]]; keep the second", name, r.id)
			}
			entries = []allowlistEntry{*fr.Allowlist}
		}
		for j, e := range entries {
			if len(e.TargetRules) > 0 {
				return nil, fmt.Errorf("%s: rule %s: allowlist %d: targetRules belongs in a global [[allowlists]]", name, r.id, j+1)
			}
			a, err := compileAllowlist(e)
			if err != nil {
				return nil, fmt.Errorf("%s: rule %s: allowlist %d: %w", name, r.id, j+1, err)
			}
			r.allowlists = append(r.allowlists, a)
		}
		byID[r.id] = r
		rs.rules = append(rs.rules, r)
	}
	globals := f.Allowlists
	if f.Allowlist != nil {
		if len(globals) > 0 {
			return nil, fmt.Errorf("%s: both [allowlist] and [[allowlists]]; keep the second", name)
		}
		globals = []allowlistEntry{*f.Allowlist}
	}
	for j, e := range globals {
		a, err := compileAllowlist(e)
		if err != nil {
			return nil, fmt.Errorf("%s: allowlist %d: %w", name, j+1, err)
		}
		if len(e.TargetRules) == 0 {
			rs.global = append(rs.global, a)
			continue
		}
		for _, id := range e.TargetRules {
			r := byID[id]
			if r == nil {
				return nil, fmt.Errorf("%s: allowlist %d: target rule %q does not exist", name, j+1, id)
			}
			r.allowlists = append(r.allowlists, a)
		}
	}
	patterns := map[string]int{}
	var words []string
	for i, r := range rs.rules {
		if len(r.keywords) == 0 {
			rs.always = append(rs.always, i)
			continue
		}
		for _, k := range r.keywords {
			p, ok := patterns[k]
			if !ok {
				p = len(words)
				patterns[k] = p
				words = append(words, k)
				rs.kwRules = append(rs.kwRules, nil)
			}
			if n := len(rs.kwRules[p]); n == 0 || rs.kwRules[p][n-1] != i {
				rs.kwRules[p] = append(rs.kwRules[p], i)
			}
		}
	}
	rs.trie = ahocorasick.NewTrieBuilder().AddStrings(words).Build()
	return rs, nil
}

func numSubexp(re *regexp.Regexp) int {
	if re == nil {
		return 0
	}
	return re.NumSubexp()
}

// compileAllowlist checks and compiles one allowlist as gitleaks does:
// condition "OR" (the default; also "||") or "AND" ("&&"); regexTarget
// "secret" (the default), "match" or "line"; at least one of commits,
// paths, regexes and stopwords. Its regexes are joined into one
// alternation, and so are its paths, exactly as gitleaks joins them
// ("(?:" + strings.Join(patterns, "|") + ")"): a flag such as (?i) at the
// start of one pattern therefore also applies to the patterns after it,
// as it does in gitleaks. Stop words are lower-cased.
func compileAllowlist(e allowlistEntry) (*allowlist, error) {
	a := &allowlist{commits: len(e.Commits) > 0}
	switch strings.ToUpper(e.Condition) {
	case "", "OR", "||":
	case "AND", "&&":
		a.and = true
	default:
		return nil, fmt.Errorf("condition %q: want \"OR\" or \"AND\"", e.Condition)
	}
	switch e.RegexTarget {
	case "", "secret":
	case "match", "line":
		a.target = e.RegexTarget
	default:
		return nil, fmt.Errorf("regexTarget %q: want \"secret\", \"match\" or \"line\"", e.RegexTarget)
	}
	if len(e.Commits) == 0 && len(e.Paths) == 0 && len(e.Regexes) == 0 && len(e.StopWords) == 0 {
		return nil, errors.New("empty: give at least one of commits, paths, regexes and stopwords")
	}
	var err error
	if a.paths, err = joinRegexps(e.Paths); err != nil {
		return nil, fmt.Errorf("paths: %w", err)
	}
	if a.regexes, err = joinRegexps(e.Regexes); err != nil {
		return nil, fmt.Errorf("regexes: %w", err)
	}
	if len(e.StopWords) > 0 {
		words := make([]string, len(e.StopWords))
		for i, w := range e.StopWords {
			words[i] = strings.ToLower(w)
		}
		a.stopwords = ahocorasick.NewTrieBuilder().AddStrings(words).Build()
	}
	return a, nil
}

// joinRegexps compiles each pattern (so that an error names the one that
// is wrong), then their alternation; nil for none.
func joinRegexps(patterns []string) (*regexp.Regexp, error) {
	if len(patterns) == 0 {
		return nil, nil
	}
	for _, p := range patterns {
		if _, err := regexp.Compile(p); err != nil {
			return nil, err
		}
	}
	return regexp.Compile("(?:" + strings.Join(patterns, "|") + ")")
}
