package secrets

import (
	"math"
	"sort"
	"strings"
	"unicode/utf8"
)

// finding is a secret one rule found in a text.
type finding struct {
	rule *rule
	// line and column (1-based, in bytes) of the start of the match; both 0
	// for a rule that matches the file's path only.
	line, column int
	// secret is what the rule's secret group (or its first non-empty
	// group, or the whole match) captured; match is the whole match.
	secret, match string
}

// allowSignature on a line keeps gitleaks (and lambdasec) from reporting a
// secret on it (https://github.com/gitleaks/gitleaks#gitleaksallow).
const allowSignature = "gitleaks:allow"

// lineIndex maps byte offsets of a text to lines.
type lineIndex struct {
	text   string
	starts []int // byte offset where each line starts
}

func newLineIndex(text string) *lineIndex {
	li := &lineIndex{text: text, starts: []int{0}}
	for i := 0; i < len(text); i++ {
		if text[i] == '\n' && i+1 < len(text) {
			li.starts = append(li.starts, i+1)
		}
	}
	return li
}

// line returns the 0-based line holding byte offset pos.
func (li *lineIndex) line(pos int) int { return sort.SearchInts(li.starts, pos+1) - 1 }

// lines returns how many lines the text has (at least 1).
func (li *lineIndex) lines() int { return len(li.starts) }

// span returns the byte range of lines first..last (0-based, inclusive),
// newlines included.
func (li *lineIndex) span(first, last int) (int, int) {
	end := len(li.text)
	if last+1 < len(li.starts) {
		end = li.starts[last+1]
	}
	return li.starts[first], end
}

// lineAround returns the text of the lines from the one holding start to
// the one holding end-1, without their final newline: what gitleaks calls
// the finding's line.
func (li *lineIndex) lineAround(start, end int) string {
	from, to := li.starts[li.line(start)], len(li.text)
	if i := strings.IndexByte(li.text[end:], '\n'); i >= 0 {
		to = end + i
	}
	return li.text[from:to]
}

// keywordHits returns, for each rule whose keywords the text holds, the
// 0-based lines where they occur. Keywords are matched on the text
// lower-cased in ASCII (gitleaks lower-cases in Unicode; its keywords
// are ASCII, and ASCII lower-casing keeps byte offsets).
func (rs *ruleSet) keywordHits(li *lineIndex) map[int][]int {
	lower := asciiLower(li.text)
	hits := map[int][]int{}
	for _, m := range rs.trie.MatchString(lower) {
		ln := li.line(int(m.Pos()))
		for _, ri := range rs.kwRules[m.Pattern()] {
			if l := hits[ri]; len(l) == 0 || l[len(l)-1] != ln {
				hits[ri] = append(hits[ri], ln)
			}
		}
	}
	return hits
}

func asciiLower(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 'A' && c <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if c := b[j]; c >= 'A' && c <= 'Z' {
					b[j] = c + 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return s
}

// fileAllowed reports whether an allowlist skips the whole file at path
// (gitleaks' checkCommitOrPathAllowed): with condition OR, a path that
// matches; with AND, a path that matches an allowlist that has no regexes
// or stop words (those are checked per finding). A text without a path
// (an environment variable) is never skipped.
func (a *allowlist) fileAllowed(path string) bool {
	if path == "" {
		return false
	}
	pathOK := a.paths != nil && a.paths.MatchString(path)
	if !a.and {
		return pathOK
	}
	if a.regexes != nil || a.stopwords != nil || a.commits {
		return false
	}
	return pathOK
}

// findingAllowed reports whether an allowlist skips a finding (gitleaks'
// checkFindingAllowed): with condition OR, when its regexes match the
// target (the secret, the match or the line) or the secret holds a stop
// word (case-insensitively); with AND, when every check it has holds,
// its paths included. Commits never match: no commit is scanned.
func (a *allowlist) findingAllowed(f *finding, line, path string) bool {
	target := f.secret
	switch a.target {
	case "match":
		target = f.match
	case "line":
		target = line
	}
	regexOK := a.regexes != nil && target != "" && a.regexes.MatchString(target)
	stopOK := a.stopwords != nil && f.secret != "" && a.stopwords.MatchFirstString(strings.ToLower(f.secret)) != nil
	if !a.and {
		return regexOK || stopOK
	}
	if a.commits {
		return false
	}
	if a.paths != nil && (path == "" || !a.paths.MatchString(path)) {
		return false
	}
	if a.regexes != nil && !regexOK {
		return false
	}
	if a.stopwords != nil && !stopOK {
		return false
	}
	return true
}

// skipsFile reports whether rule r does not apply to the file at path at
// all: an allowlist (global or the rule's) skips the path, or the rule is
// limited to paths it does not match.
func (rs *ruleSet) skipsFile(r *rule, path string) bool {
	for _, a := range r.allowlists {
		if a.fileAllowed(path) {
			return true
		}
	}
	return r.path != nil && !r.path.MatchString(path)
}

// globalSkip reports whether a global allowlist skips the file at path.
func (rs *ruleSet) globalSkip(path string) bool {
	for _, a := range rs.global {
		if a.fileAllowed(path) {
			return true
		}
	}
	return false
}

// match runs rule r over text[from:to] (a run of whole lines of the text
// li indexes, or all of it) as gitleaks' detectRule does, and returns
// what it finds: each regex match, less its leading and trailing
// newlines, whose line lacks "gitleaks:allow"; its secret is the rule's
// secretGroup of the match, or else the first non-empty group, or else the
// whole match (groups are taken by matching the regex again on the match
// alone, as gitleaks does); the secret must have more than the rule's
// entropy, and no global or rule allowlist may allow it. A path-only rule
// yields one finding at line 0 when the path matches.
func (rs *ruleSet) match(r *rule, li *lineIndex, from, to int, path string) []finding {
	if r.re == nil {
		if r.path != nil && path != "" && r.path.MatchString(path) {
			return []finding{{rule: r}}
		}
		return nil
	}
	var out []finding
	for _, ix := range r.re.FindAllStringIndex(li.text[from:to], -1) {
		start, end := from+ix[0], from+ix[1]
		for start < end && li.text[start] == '\n' {
			start++
		}
		for end > start && li.text[end-1] == '\n' {
			end--
		}
		if start == end {
			continue // an empty match is no secret
		}
		f := finding{rule: r, match: li.text[start:end]}
		line := li.lineAround(start, end)
		if strings.Contains(line, allowSignature) {
			continue
		}
		f.secret = f.match
		if groups := r.re.FindStringSubmatch(f.match); len(groups) >= 2 {
			if r.secretGroup > 0 {
				f.secret = groups[r.secretGroup]
			} else {
				for _, g := range groups[1:] {
					if g != "" {
						f.secret = g
						break
					}
				}
			}
		}
		if f.secret == "" {
			continue
		}
		if r.entropy != 0 && shannonEntropy(f.secret) <= r.entropy {
			continue
		}
		if allowedBy(rs.global, &f, line, path) || allowedBy(r.allowlists, &f, line, path) {
			continue
		}
		ln := li.line(start)
		f.line, f.column = ln+1, start-li.starts[ln]+1
		out = append(out, f)
	}
	return out
}

func allowedBy(lists []*allowlist, f *finding, line, path string) bool {
	for _, a := range lists {
		if a.findingAllowed(f, line, path) {
			return true
		}
	}
	return false
}

// shannonEntropy returns the Shannon entropy of s in bits per character,
// as gitleaks computes it: character frequencies counted by rune, divided
// by the length in bytes (the same for ASCII, which secrets are).
func shannonEntropy(s string) float64 {
	if s == "" {
		return 0
	}
	counts := make(map[rune]int, utf8.RuneCountInString(s))
	for _, c := range s {
		counts[c]++
	}
	inv := 1 / float64(len(s))
	e := 0.0
	for _, n := range counts {
		p := float64(n) * inv
		e -= p * math.Log2(p)
	}
	return e
}

// matchWhole runs every rule as gitleaks does on one fragment: each rule
// whose keyword the text holds (and each rule without keywords) over the
// whole text. path may be "" (no path allowlist or path rule applies).
func (rs *ruleSet) matchWhole(text, path string) []finding {
	li := newLineIndex(text)
	if rs.globalSkip(path) {
		return nil
	}
	var out []finding
	run := func(ri int) {
		r := rs.rules[ri]
		if !rs.skipsFile(r, path) {
			out = append(out, rs.match(r, li, 0, len(text), path)...)
		}
	}
	for _, ri := range rs.always {
		run(ri)
	}
	hits := rs.keywordHits(li)
	for ri := range rs.rules {
		if len(hits[ri]) > 0 {
			run(ri)
		}
	}
	return dropGeneric(out)
}

// generic reports whether a rule is one of gitleaks' generic rules (its
// ID says "generic"), which a specific rule takes precedence over.
func generic(id string) bool { return strings.Contains(strings.ToLower(id), "generic") }

// dropGeneric removes, as gitleaks' filter does, each finding of a
// generic rule whose secret lies within the secret of a specific rule's
// finding on the same line: both found the same secret, and the specific
// rule says what it is.
func dropGeneric(fs []finding) []finding {
	out := fs[:0:0]
	for _, f := range fs {
		dup := false
		if generic(f.rule.id) {
			for _, g := range fs {
				if g.line == f.line && g.rule != f.rule && !generic(g.rule.id) && strings.Contains(g.secret, f.secret) {
					dup = true
					break
				}
			}
		}
		if !dup {
			out = append(out, f)
		}
	}
	return out
}

// Lines kept around a keyword line for its rule: secrets whose key and
// value sit on neighbouring lines, and PEM blocks (up to pemLines long).
const (
	linesBefore = 1
	linesAfter  = 2
	pemLines    = 80
)

// matchNear runs the rules as matchWhole does, but each keyworded rule
// only over the runs of lines around its keywords (linesBefore before,
// linesAfter after, pemLines after for a PEM rule). In code, where "key",
// "token" and "auth" are common, gitleaks runs nearly every rule over
// every byte; this runs each over a few lines. A run is whole lines of
// the text, so positions need no mapping and no match joins lines that
// are apart in the text.
func (rs *ruleSet) matchNear(li *lineIndex, path string) []finding {
	if rs.globalSkip(path) {
		return nil
	}
	var out []finding
	for _, ri := range rs.always {
		if r := rs.rules[ri]; !rs.skipsFile(r, path) {
			out = append(out, rs.match(r, li, 0, len(li.text), path)...)
		}
	}
	hits := rs.keywordHits(li)
	for ri := range rs.rules {
		lines := hits[ri]
		r := rs.rules[ri]
		if len(lines) == 0 || rs.skipsFile(r, path) {
			continue
		}
		after := linesAfter
		if r.multiLine {
			after = pemLines
		}
		// lines is in ascending order: merge the windows into runs.
		first, last := -1, -1
		flush := func() {
			if first >= 0 {
				from, to := li.span(first, last)
				out = append(out, rs.match(r, li, from, to, path)...)
			}
		}
		for _, ln := range lines {
			lo, hi := max(ln-linesBefore, 0), min(ln+after, li.lines()-1)
			if first >= 0 && lo <= last+1 {
				last = max(last, hi)
				continue
			}
			flush()
			first, last = lo, hi
		}
		flush()
	}
	return out
}
