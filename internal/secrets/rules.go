package secrets

import (
	"bytes"
	"compress/gzip"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"regexp"
	"strings"

	ahocorasick "github.com/BobuSumisu/aho-corasick"
)

// GitleaksVersion is the gitleaks release whose default rule set
// (config/gitleaks.toml in github.com/zricethezav/gitleaks/v8) is kept
// here as gitleaks.toml, unchanged; gitleaks.LICENSE is its licence (MIT).
// update-gitleaks-rules.sh replaces both, and this constant, with another
// release's, and regenerates gitleaks.json from gitleaks.toml.
const GitleaksVersion = "v8.30.1"

// gitleaksJSONgz is gitleaks.json gzipped (go generate; 122 KB of JSON
// is 20 KB in the binary, and compress/gzip is linked anyway).
// gitleaks.json is gitleaks.toml converted to JSON by
// internal/tomljson.Convert (go run ./internal/gen): every key and value
// as the TOML has it. The binary reads the rules from it with
// encoding/json and so links no TOML parser; TestGitleaksJSON fails when
// it is not the conversion of the committed gitleaks.toml, and
// TestGitleaksJSONgz when the .gz is not gitleaks.json.
//
//go:generate gzip -9nkf gitleaks.json
//go:embed gitleaks.json.gz
var gitleaksJSONgz []byte

// gitleaksJSON returns gitleaks.json, from the embedded gzip.
func gitleaksJSON() ([]byte, error) {
	zr, err := gzip.NewReader(bytes.NewReader(gitleaksJSONgz))
	if err != nil {
		return nil, err
	}
	return io.ReadAll(zr)
}

// ruleFile is a gitleaks configuration file, as gitleaks' README defines
// it (https://github.com/gitleaks/gitleaks#configuration), in its JSON
// form (the TOML's keys, unchanged). Keys lambdasec does not implement —
// extend, rules.required (composite rules), skipReport — are not fields,
// so a file using them fails to load rather than being applied
// differently from gitleaks.
type ruleFile struct {
	Title       string `json:"title"`
	Description string `json:"description"`
	MinVersion  string `json:"minVersion"`
	Rules       []struct {
		ID          string   `json:"id"`
		Description string   `json:"description"`
		Regex       string   `json:"regex"`
		Path        string   `json:"path"`
		SecretGroup int      `json:"secretGroup"`
		Entropy     float64  `json:"entropy"`
		Keywords    []string `json:"keywords"`
		Tags        []string `json:"tags"`
		// Allowlist is the form before gitleaks v8.21.0 ([rules.allowlist]).
		Allowlist  *allowlistEntry  `json:"allowlist"`
		Allowlists []allowlistEntry `json:"allowlists"`
	} `json:"rules"`
	// Allowlist is the global form before gitleaks v8.25.0 ([allowlist]).
	Allowlist  *allowlistEntry  `json:"allowlist"`
	Allowlists []allowlistEntry `json:"allowlists"`
}

// allowlistEntry is one [[allowlists]] or [[rules.allowlists]] table.
type allowlistEntry struct {
	Description string   `json:"description"`
	Condition   string   `json:"condition"`
	RegexTarget string   `json:"regexTarget"`
	Commits     []string `json:"commits"`
	Paths       []string `json:"paths"`
	Regexes     []string `json:"regexes"`
	StopWords   []string `json:"stopwords"`
	// TargetRules (global allowlists only) applies the allowlist to these
	// rules instead of to all.
	TargetRules []string `json:"targetRules"`
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

// loadRules reads a gitleaks configuration in its JSON form (see
// gitleaksJSON) and compiles it. Its errors name the file (name), and the
// line and column of a JSON error (a key lambdasec does not implement is
// one: gitleaks' extend, required rules and skipReport), or the rule whose
// regular expression or settings are wrong.
func loadRules(name string, data []byte) (*ruleSet, error) {
	var f ruleFile
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	err := dec.Decode(&f)
	offset := dec.InputOffset()
	if err == nil {
		if _, end := dec.Token(); end != io.EOF {
			err = errors.New("data after the configuration's object")
		}
	}
	if err != nil {
		offset = skipSpace(data, offset)
		var se *json.SyntaxError
		var te *json.UnmarshalTypeError
		switch {
		case errors.As(err, &se):
			// Offset counts the byte that is wrong.
			offset = max(se.Offset-1, 0)
		case errors.Is(err, io.ErrUnexpectedEOF):
			offset = int64(len(data))
		case errors.As(err, &te):
			// Offset is just after the value (after the opening
			// bracket of an object or array).
			line, col := position(data, te.Offset)
			return nil, fmt.Errorf("%s:%d:%d: key %s is a JSON %s, want %s", name, line, col, strings.TrimPrefix(te.Field, "."), te.Value, jsonKind(te.Type))
		default:
			// encoding/json reports an unknown key without where it is.
			if key, at, _ := unknownKey(json.NewDecoder(bytes.NewReader(data)), reflect.TypeFor[ruleFile](), ""); key != "" {
				line, col := position(data, skipSpace(data, at))
				return nil, fmt.Errorf("%s:%d:%d: key %s is not one lambdasec implements (gitleaks' extend, required rules and skipReport are not supported)", name, line, col, key)
			}
		}
		line, col := position(data, offset)
		return nil, fmt.Errorf("%s:%d:%d: %w", name, line, col, err)
	}
	return compileRules(name, &f)
}

// jsonKind says what JSON value encoding/json decodes into a Go value of
// type t.
func jsonKind(t reflect.Type) string {
	switch t.Kind() {
	case reflect.Pointer:
		return jsonKind(t.Elem())
	case reflect.Struct, reflect.Map:
		return "an object"
	case reflect.Slice, reflect.Array:
		return "an array"
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "a boolean"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return "an integer"
	case reflect.Float32, reflect.Float64:
		return "a number"
	}
	return t.String()
}

// skipSpace returns the offset of the first byte at or after offset in
// data that is neither JSON white space nor the comma between two values.
func skipSpace(data []byte, offset int64) int64 {
	for offset >= 0 && offset < int64(len(data)) && strings.IndexByte(" \t\r\n,", data[offset]) >= 0 {
		offset++
	}
	return offset
}

// position returns the 1-based line and column (in bytes) of offset in
// data; an offset past the end is the end.
func position(data []byte, offset int64) (line, col int) {
	if offset > int64(len(data)) {
		offset = int64(len(data))
	}
	if offset < 0 {
		offset = 0
	}
	before := data[:offset]
	line = 1 + bytes.Count(before, []byte("\n"))
	return line, int(offset) - bytes.LastIndexByte(before, '\n')
}

// unknownKey reads the next JSON value from dec as a value of type t and
// returns the dotted path (below path) of the first object key that no
// field of t's structs takes (matched as encoding/json matches, ignoring
// case), and the offset where that key's token starts (after the
// previous token: skip white space and a comma); key is "" when every key is
// known, and err is the JSON's error when it does not decode.
func unknownKey(dec *json.Decoder, t reflect.Type, path string) (key string, offset int64, err error) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.Struct:
		if err := delim(dec, '{'); err != nil {
			return "", 0, err
		}
		for dec.More() {
			at := dec.InputOffset()
			tok, err := dec.Token()
			if err != nil {
				return "", 0, err
			}
			k, _ := tok.(string)
			field, found := fieldFor(t, k)
			if path != "" {
				k = path + "." + k
			}
			if !found {
				return k, at, nil
			}
			if key, offset, err := unknownKey(dec, field.Type, k); key != "" || err != nil {
				return key, offset, err
			}
		}
		_, err := dec.Token()
		return "", 0, err
	case reflect.Slice:
		if err := delim(dec, '['); err != nil {
			return "", 0, err
		}
		for dec.More() {
			if key, offset, err := unknownKey(dec, t.Elem(), path); key != "" || err != nil {
				return key, offset, err
			}
		}
		_, err := dec.Token()
		return "", 0, err
	default:
		var skip json.RawMessage
		return "", 0, dec.Decode(&skip)
	}
}

// delim reads the token d from dec.
func delim(dec *json.Decoder, d json.Delim) error {
	tok, err := dec.Token()
	if err == nil && tok != d {
		err = fmt.Errorf("%v, want %v", tok, d)
	}
	return err
}

// fieldFor returns the field of struct type t that encoding/json decodes
// the key k into: its json tag's name, or its name, equal to k ignoring
// case.
func fieldFor(t reflect.Type, k string) (reflect.StructField, bool) {
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "" {
			name = f.Name
		}
		if strings.EqualFold(name, k) {
			return f, true
		}
	}
	return reflect.StructField{}, false
}

// compileRules checks and compiles the configuration f, read from name.
func compileRules(name string, f *ruleFile) (*ruleSet, error) {
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
