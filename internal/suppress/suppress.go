// Package suppress decides which findings a team has accepted: inline
// skips written next to a resource in its template, ignores in a
// .lambdasec.yaml file (by rule and resource pattern, with a reason and an
// optional expiry), and a baseline — an earlier JSON report whose findings
// are not new. Suppressed findings stay in the results, marked with why,
// so JSON and SARIF keep them; nothing disappears silently.
package suppress

import (
	"bufio"
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/lambdasec/lambdasec/internal/inventory"
	"github.com/lambdasec/lambdasec/internal/rules"
)

// FileName is the configuration file looked for in the working directory.
const FileName = ".lambdasec.yaml"

// Config is a .lambdasec.yaml file.
type Config struct {
	// Ignore lists accepted findings.
	Ignore []Ignore `yaml:"ignore"`
	// Severity overrides the severity of rules: rule ID or name -> level.
	Severity map[string]string `yaml:"severity"`
	// TrustedAccounts are accounts allowed to invoke functions and use
	// layers (as --trusted-account).
	TrustedAccounts []string `yaml:"trusted-accounts"`
	// Disable lists rules (IDs or names) not to run.
	Disable []string `yaml:"disable"`
	// MultiTenant lists the functions that serve several tenants, by name,
	// ID or ARN (path.Match patterns): LS414 judges them as it does a
	// function tagged lambdasec:multi-tenant=true.
	MultiTenant []string `yaml:"multi-tenant"`
	// Skip lists what is not ours, left out when walking directories
	// (as --skip-dirs and --skip-files).
	Skip Skip `yaml:"skip"`

	// Path is where the file was read from.
	Path string `yaml:"-"`
}

// Skip lists path globs (MatchPath) of directories and files that scans
// leave out when walking directories: other tools' YAML (serverless.yml,
// Kubernetes manifests), fixtures, generated copies.
type Skip struct {
	Dirs  []string `yaml:"dirs"`
	Files []string `yaml:"files"`
}

// Ignore accepts the findings of a rule on the resources matching a
// pattern, for a reason, until an optional date.
type Ignore struct {
	// Rule is a rule ID or name, or "*" for every rule.
	Rule string `yaml:"rule"`
	// Resource is a glob ("*", "?", "[...]") matched against the finding's
	// resource ID, its label and the logical IDs of the resources it cites
	// (the AWS::Lambda::Permission of a public-invoke finding). It is
	// required: "*" accepts the finding on every resource, said out loud.
	Resource string `yaml:"resource"`
	// File is a glob matched against the estate (template path or
	// account); empty means every estate.
	File string `yaml:"file"`
	// Reason says why the finding is accepted; it is required.
	Reason string `yaml:"reason"`
	// Expires is the last day (YYYY-MM-DD) the ignore applies; after it,
	// the finding counts again and the scan says the ignore expired.
	Expires string `yaml:"expires"`

	line    int
	expires time.Time
	used    bool // matched a FAIL or UNKNOWN finding in Apply
}

// Load reads and checks a configuration file: known rules, a reason for
// every ignore, dates and severities that parse, trusted accounts of 12
// digits. Errors name the file and line.
func Load(p string, all []*rules.Rule) (*Config, error) {
	data, err := os.ReadFile(p)
	if err != nil {
		return nil, err
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("%s: %w", p, err)
	}
	// Strictly: a misspelt key (resources:, expire:) must not silently
	// widen an ignore or drop a setting.
	var c Config
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&c); err != nil && !errors.Is(err, io.EOF) {
		return nil, decodeError(p, err)
	}
	c.Path = p
	lines := ignoreLines(&doc)
	for i := range c.Ignore {
		ig := &c.Ignore[i]
		if i < len(lines) {
			ig.line = lines[i]
		}
		at := inventory.Position(p, ig.line, 0)
		switch {
		case ig.Rule == "":
			return nil, fmt.Errorf("%s: ignore without a rule", at)
		case ig.Rule != "*" && rules.ByID(all, ig.Rule) == nil:
			return nil, fmt.Errorf("%s: unknown rule %q", at, ig.Rule)
		case strings.TrimSpace(ig.Reason) == "":
			return nil, fmt.Errorf("%s: ignore of %s needs a reason", at, ig.Rule)
		case strings.TrimSpace(ig.Resource) == "":
			return nil, fmt.Errorf(`%s: ignore of %s needs a resource pattern: name the resources (resource: Webhook*), or write resource: "*" to accept it on every resource`, at, ig.Rule)
		}
		if ig.Resource != "" {
			if _, err := path.Match(ig.Resource, ""); err != nil {
				return nil, fmt.Errorf("%s: resource pattern %q: %w", at, ig.Resource, err)
			}
		}
		if ig.File != "" {
			if _, err := path.Match(ig.File, ""); err != nil {
				return nil, fmt.Errorf("%s: file pattern %q: %w", at, ig.File, err)
			}
		}
		if ig.Expires != "" {
			t, err := time.Parse("2006-01-02", ig.Expires)
			if err != nil {
				return nil, fmt.Errorf("%s: expires %q: want a date like 2027-01-31", at, ig.Expires)
			}
			ig.expires = t
		}
	}
	for id, s := range c.Severity {
		if rules.ByID(all, id) == nil {
			return nil, fmt.Errorf("%s: severity: unknown rule %q", p, id)
		}
		if _, err := rules.ParseSeverity(s); err != nil {
			return nil, fmt.Errorf("%s: severity of %s: %w", p, id, err)
		}
	}
	for _, id := range c.Disable {
		if rules.ByID(all, id) == nil {
			return nil, fmt.Errorf("%s: disable: unknown rule %q", p, id)
		}
	}
	for _, list := range []struct {
		key      string
		patterns []string
	}{{"skip.dirs", c.Skip.Dirs}, {"skip.files", c.Skip.Files}} {
		for _, pat := range list.patterns {
			if err := CheckPathGlob(pat); err != nil {
				return nil, fmt.Errorf("%s: %s: %w", p, list.key, err)
			}
		}
	}
	for _, a := range c.TrustedAccounts {
		if len(a) != 12 || strings.Trim(a, "0123456789") != "" {
			return nil, fmt.Errorf("%s: trusted-accounts: %q is not a 12-digit account ID", p, a)
		}
	}
	for _, pat := range c.MultiTenant {
		if _, err := path.Match(pat, ""); err != nil || pat == "" {
			return nil, fmt.Errorf("%s: multi-tenant: %q is not a function name pattern (path.Match syntax: * ? [a-z])", p, pat)
		}
	}
	return &c, nil
}

// ignoreLines returns the line of each entry of the ignore list, found
// through aliases and merge keys ("<<") as the decoder finds it.
func ignoreLines(doc *yaml.Node) []int {
	if len(doc.Content) == 0 {
		return nil
	}
	return ignoreLinesIn(doc.Content[0], 0)
}

func ignoreLinesIn(m *yaml.Node, depth int) []int {
	for m != nil && m.Kind == yaml.AliasNode {
		m = m.Alias
	}
	if m == nil || m.Kind != yaml.MappingNode || depth > 8 {
		return nil
	}
	var merged []int
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		for v.Kind == yaml.AliasNode && v.Alias != nil {
			v = v.Alias
		}
		switch {
		case k.Value == "ignore" && v.Kind == yaml.SequenceNode:
			var out []int
			for _, it := range v.Content {
				out = append(out, it.Line)
			}
			return out
		case k.Tag == "!!merge" && merged == nil:
			if v.Kind == yaml.SequenceNode {
				for _, sub := range v.Content {
					if merged = ignoreLinesIn(sub, depth+1); merged != nil {
						break
					}
				}
			} else {
				merged = ignoreLinesIn(v, depth+1)
			}
		}
	}
	return merged
}

// Find returns the configuration file for a scan of path: the first
// FileName found in path's directory (path itself when it is a directory)
// or one of its parents, up to the root of the git repository it is in
// (the directory holding .git). Outside a repository only path's
// directory and the working directory are looked in, so a file in an
// unrelated parent (a home or temporary directory) is never picked up.
// It returns "" when there is none.
func Find(path string) string {
	dir := path
	if st, err := os.Stat(path); err != nil || !st.IsDir() {
		dir = filepath.Dir(path)
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return ""
	}
	var chain []string
	if top, ok := RepoRoot(abs); ok {
		for d := abs; ; d = filepath.Dir(d) {
			chain = append(chain, d)
			if d == top || filepath.Dir(d) == d {
				break
			}
		}
	} else {
		chain = append(chain, abs)
		if wd, err := os.Getwd(); err == nil && wd != abs {
			chain = append(chain, wd)
		}
	}
	for _, d := range chain {
		p := filepath.Join(d, FileName)
		if st, err := os.Stat(p); err == nil && !st.IsDir() {
			return relToWD(p)
		}
	}
	return ""
}

// RepoRoot returns the root of the git repository dir is in (the nearest
// directory, dir itself included, holding .git — a directory, or a file
// in a worktree), as an absolute path, and false when there is none.
func RepoRoot(dir string) (string, bool) {
	d, err := filepath.Abs(dir)
	if err != nil {
		return "", false
	}
	for {
		if _, err := os.Stat(filepath.Join(d, ".git")); err == nil {
			return d, true
		}
		parent := filepath.Dir(d)
		if parent == d {
			return "", false
		}
		d = parent
	}
}

// relToWD returns p relative to the working directory when it is under
// it, for shorter messages; otherwise p.
func relToWD(p string) string {
	wd, err := os.Getwd()
	if err != nil {
		return p
	}
	if rel, err := filepath.Rel(wd, p); err == nil && !strings.HasPrefix(rel, "..") {
		return rel
	}
	return p
}

// Rules returns the rules minus the disabled ones.
func (c *Config) Rules(all []*rules.Rule) []*rules.Rule {
	if c == nil || len(c.Disable) == 0 {
		return all
	}
	var out []*rules.Rule
	for _, r := range all {
		off := false
		for _, d := range c.Disable {
			if strings.EqualFold(d, r.ID) || d == r.Name {
				off = true
			}
		}
		if !off {
			out = append(out, r)
		}
	}
	return out
}

func (ig *Ignore) matches(f *rules.Finding) bool {
	if ig.Rule != "*" && !strings.EqualFold(ig.Rule, f.Rule.ID) && ig.Rule != f.Rule.Name {
		return false
	}
	if ig.Resource != "" && !ig.matchesResource(f) {
		return false
	}
	if ig.File != "" && !glob(ig.File, f.Estate) && !glob(ig.File, path.Base(f.Estate)) {
		return false
	}
	return true
}

// matchesResource reports whether the resource pattern matches the
// finding's resource, its label, or a resource it cites.
func (ig *Ignore) matchesResource(f *rules.Finding) bool {
	if glob(ig.Resource, f.Resource) || glob(ig.Resource, f.Label) {
		return true
	}
	if id := f.Source.LogicalID; id != "" && glob(ig.Resource, id) {
		return true
	}
	for _, ev := range f.Evidence {
		if id := ev.Source.LogicalID; id != "" && glob(ig.Resource, id) {
			return true
		}
	}
	return false
}

func glob(pattern, s string) bool {
	ok, _ := path.Match(pattern, s)
	return ok
}

// Apply marks the findings the configuration accepts (FAIL and UNKNOWN
// ones), applies severity overrides, and returns the ignores that have
// expired as of now, as warnings at their line of the file. An expired ignore
// suppresses nothing.
func (c *Config) Apply(fs []rules.Finding, now time.Time) (expired []inventory.Diagnostic) {
	if c == nil {
		return nil
	}
	for i := range fs {
		f := &fs[i]
		for id, s := range c.Severity {
			if strings.EqualFold(id, f.Rule.ID) || id == f.Rule.Name {
				f.Severity, _ = rules.ParseSeverity(s)
			}
		}
	}
	for i := range c.Ignore {
		ig := &c.Ignore[i]
		if !ig.expires.IsZero() && now.After(ig.expires.Add(24*time.Hour-time.Nanosecond)) {
			expired = append(expired, inventory.At(c.Path, ig.line, 0, inventory.SeverityWarning, fmt.Sprintf("ignore of %s on %q expired on %s (%s); its findings count again", ig.Rule, orAll(ig.Resource), ig.Expires, ig.Reason)))
			continue
		}
		for j := range fs {
			f := &fs[j]
			if f.Status == rules.Pass || !ig.matches(f) {
				continue
			}
			ig.used = true
			if f.Suppressed != nil {
				continue
			}
			f.Suppressed = &rules.Suppression{Kind: "config", Reason: ig.Reason}
			if ig.Expires != "" {
				f.Suppressed.Reason += " (until " + ig.Expires + ")"
			}
		}
	}
	return expired
}

// Unused returns a warning for each ignore that matched no FAIL or
// UNKNOWN finding in Apply (a typo in a resource pattern, a fixed
// finding), leaving out expired ignores (Apply reports them) and ignores
// of rules that did not run (not in ran).
func (c *Config) Unused(ran []*rules.Rule, now time.Time) []inventory.Diagnostic {
	if c == nil {
		return nil
	}
	var out []inventory.Diagnostic
	for i := range c.Ignore {
		ig := &c.Ignore[i]
		expired := !ig.expires.IsZero() && now.After(ig.expires.Add(24*time.Hour-time.Nanosecond))
		if ig.used || expired || (ig.Rule != "*" && rules.ByID(ran, ig.Rule) == nil) {
			continue
		}
		out = append(out, inventory.At(c.Path, ig.line, 0, inventory.SeverityWarning, fmt.Sprintf("ignore of %s on %q matched no finding (remove it, or fix its pattern)", ig.Rule, orAll(ig.Resource))))
	}
	return out
}

func orAll(s string) string {
	if s == "" {
		return "*"
	}
	return s
}

// Inline marks the findings whose resource carries a skip for their rule
// (a template's Metadata.lambdasec.skip, a Terraform lambdasec:ignore
// comment). A skip without a reason still applies; it is listed in the
// returned warnings so it gets one. A skip with an expiry date
// ("lambdasec:ignore:LS101:exp:2027-01-31") applies through that day, as
// of now; after it, or with a date that does not parse, it stops working
// and a warning says so, like an expired ignore of the config file.
func Inline(fs []rules.Finding, now time.Time) (warnings []inventory.Diagnostic) {
	seen := map[string]bool{}
	warnOnce := func(key string, d inventory.Diagnostic) {
		if !seen[key] {
			seen[key] = true
			warnings = append(warnings, d)
		}
	}
	for i := range fs {
		f := &fs[i]
		if f.Status == rules.Pass || f.Suppressed != nil {
			continue
		}
		for _, s := range f.Skips {
			if !strings.EqualFold(s.RuleID, f.Rule.ID) && s.RuleID != f.Rule.Name {
				continue
			}
			if s.Expires != "" {
				exp, err := time.Parse("2006-01-02", s.Expires)
				if err != nil {
					warnOnce(s.Source.String()+s.RuleID+"date", skipWarning(s, "skip of %s: expiry %q is not a date like 2027-01-31; the skip does not apply", s.RuleID, s.Expires))
					continue
				}
				if now.After(exp.Add(24*time.Hour - time.Nanosecond)) {
					warnOnce(s.Source.String()+s.RuleID+"expired", skipWarning(s, "skip of %s expired on %s (%s); its findings count again", s.RuleID, s.Expires, orNoReason(s.Reason)))
					continue
				}
			}
			reason := s.Reason
			if strings.TrimSpace(reason) == "" {
				reason = "no reason given"
				if k := s.Source.String() + s.RuleID; !seen[k] {
					seen[k] = true
					warnings = append(warnings, skipWarning(s, "skip of %s has no reason", s.RuleID))
				}
			}
			if s.Expires != "" {
				reason += " (until " + s.Expires + ")"
			}
			f.Suppressed = &rules.Suppression{Kind: "inline", Reason: reason, Source: s.Source}
			break
		}
	}
	return warnings
}

func orNoReason(s string) string {
	if strings.TrimSpace(s) == "" {
		return "no reason given"
	}
	return s
}

// UnusedSkips returns a warning for each inline skip written in the
// estates (Estate.Skips) that no FAIL or UNKNOWN finding of its rule
// cites: the rule passes there now, or the skip names the wrong rule.
// Skips of rules that did not run (not in ran) are left out; a skip of a
// rule that does not exist is named as such.
func UnusedSkips(estates []*inventory.Estate, fs []rules.Finding, ran []*rules.Rule) []inventory.Diagnostic {
	var u SkipUse
	u.Used(fs)
	for _, e := range estates {
		u.Written(e)
	}
	return u.Unused(ran)
}

// SkipUse gathers, estate by estate, what UnusedSkips needs: the inline
// skips written (a copy of each estate's Estate.Skips, not the estate)
// and the skips findings cited. A skip written in one estate (a shared
// Terraform module's) and cited by another's findings is used. Its
// methods are safe for concurrent use; Unused gives the same warnings
// whatever order estates came in, when Written is called in the estates'
// order (or the order is restored with WrittenAt's keys).
type SkipUse struct {
	mu      sync.Mutex
	used    map[string]bool
	written []writtenSkips
}

type writtenSkips struct {
	key   uint64
	skips map[string][]inventory.Skip
}

func skipKey(s inventory.Skip) string { return s.Source.String() + "\x00" + strings.ToUpper(s.RuleID) }

// Used records the skips the FAIL and UNKNOWN findings of fs cite.
func (u *SkipUse) Used(fs []rules.Finding) {
	u.mu.Lock()
	defer u.mu.Unlock()
	if u.used == nil {
		u.used = map[string]bool{}
	}
	for _, f := range fs {
		if f.Status == rules.Pass {
			continue
		}
		for _, s := range f.Skips {
			if strings.EqualFold(s.RuleID, f.Rule.ID) || s.RuleID == f.Rule.Name {
				u.used[skipKey(s)] = true
			}
		}
	}
}

// Written records the skips written in e, after those recorded before.
func (u *SkipUse) Written(e *inventory.Estate) {
	u.mu.Lock()
	n := uint64(len(u.written))
	u.mu.Unlock()
	u.WrittenAt(n, e)
}

// WrittenAt records the skips written in e, ordered among the others by
// key (estates read in parallel give their read order).
func (u *SkipUse) WrittenAt(key uint64, e *inventory.Estate) {
	if len(e.Skips) == 0 {
		return
	}
	u.mu.Lock()
	defer u.mu.Unlock()
	u.written = append(u.written, writtenSkips{key: key, skips: e.Skips})
}

// Unused returns a warning for each skip written that no finding cited,
// in the order of the estates (their keys), each skip once. Skips of
// rules that did not run (not in ran) are left out; a skip of a rule
// that does not exist is named as such.
func (u *SkipUse) Unused(ran []*rules.Rule) []inventory.Diagnostic {
	u.mu.Lock()
	defer u.mu.Unlock()
	slices.SortStableFunc(u.written, func(a, b writtenSkips) int { return cmp.Compare(a.key, b.key) })
	var out []inventory.Diagnostic
	seen := map[string]bool{}
	for _, e := range u.written {
		ids := make([]string, 0, len(e.skips))
		for id := range e.skips {
			ids = append(ids, id)
		}
		slices.Sort(ids)
		for _, id := range ids {
			for _, s := range e.skips[id] {
				k := skipKey(s)
				if u.used[k] || seen[k] {
					continue
				}
				seen[k] = true
				switch {
				case rules.ByID(rules.All(), s.RuleID) == nil:
					out = append(out, skipWarning(s, "skip of %s: no such rule (lambdasec rules lists them)", s.RuleID))
				case rules.ByID(ran, s.RuleID) != nil:
					out = append(out, skipWarning(s, "skip of %s on %s matched no finding (the rule passes there; remove the skip)", s.RuleID, id))
				}
			}
		}
	}
	return out
}

// baselineFinding is the part of a JSON report's finding a baseline
// needs.
type baselineFinding struct {
	Fingerprint string       `json:"fingerprint"`
	Status      rules.Status `json:"status"`
}

// Baseline marks as suppressed (kind "baseline") the FAIL and UNKNOWN
// findings an earlier JSON report (lambdasec scan --format json) already
// had, matched by fingerprint (rule, estate, resource and evidence, not
// line numbers, so moving code does not make a finding new), and returns
// how many of the report's findings are gone: fixed. Reports of
// schemaVersion 1 (each finding repeating its rule's metadata) and 2 (the
// rules listed once, report.JSONSchemaVersion) are read alike: only each
// finding's fingerprint and status matter. Another version is an error.
//
// The report is read as a stream, one finding at a time: what is kept is
// the set of its fingerprints, not the report (one of an organization
// can be gigabytes). It reads what json.Unmarshal into {schemaVersion,
// findings: [{fingerprint, status}]} reads: member names matched without
// regard to case, the last of a repeated member kept.
func Baseline(fs []rules.Finding, reportPath string) (fixed int, err error) {
	b, err := ReadBaseline(reportPath)
	if err != nil {
		return 0, err
	}
	b.Mark(fs)
	return b.Fixed(), nil
}

// BaselineSet is an earlier JSON report's FAIL and UNKNOWN findings, by
// fingerprint, for marking findings estate by estate (see Baseline). Its
// methods are safe for concurrent use.
type BaselineSet struct {
	path    string
	mu      sync.Mutex
	old     map[string]bool
	matched map[string]bool
}

// ReadBaseline reads the report at reportPath as Baseline does; the error
// is the file's, or says it is not a lambdasec JSON report.
func ReadBaseline(reportPath string) (*BaselineSet, error) {
	file, err := os.Open(reportPath)
	if err != nil {
		return nil, err
	}
	defer file.Close()
	version, old, err := readBaseline(bufio.NewReaderSize(file, 64<<10))
	if err != nil {
		return nil, fmt.Errorf("%s: not a lambdasec JSON report: %w", reportPath, err)
	}
	if version != 1 && version != 2 {
		return nil, errors.New(reportPath + ": not a lambdasec JSON report (schemaVersion 1 or 2)")
	}
	return &BaselineSet{path: reportPath, old: old, matched: map[string]bool{}}, nil
}

// Mark marks as suppressed (kind "baseline") the FAIL and UNKNOWN findings
// of fs the report had and that nothing suppressed already, and records
// them as still there.
func (b *BaselineSet) Mark(fs []rules.Finding) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for i := range fs {
		f := &fs[i]
		if f.Status == rules.Pass || !b.old[f.Fingerprint] {
			continue
		}
		b.matched[f.Fingerprint] = true
		if f.Suppressed == nil {
			f.Suppressed = &rules.Suppression{Kind: "baseline", Reason: "in the baseline " + b.path}
		}
	}
}

// Fixed returns how many of the report's findings no Mark call has seen.
func (b *BaselineSet) Fixed() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return len(b.old) - len(b.matched)
}

// readBaseline reads a JSON report's schemaVersion and the fingerprints of
// its findings that are not PASS, one finding at a time.
func readBaseline(r io.Reader) (version int, old map[string]bool, err error) {
	dec := json.NewDecoder(r)
	if t, err := dec.Token(); err != nil {
		return 0, nil, err
	} else if t != json.Delim('{') {
		return 0, nil, fmt.Errorf("want a JSON object, not %v", t)
	}
	old = map[string]bool{}
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return 0, nil, err
		}
		key, _ := t.(string)
		switch {
		case strings.EqualFold(key, "schemaVersion"):
			if err := dec.Decode(&version); err != nil {
				return 0, nil, fmt.Errorf("schemaVersion: %w", err)
			}
		case strings.EqualFold(key, "findings"):
			old = map[string]bool{} // a repeated member: the last counts
			t, err := dec.Token()
			if err != nil {
				return 0, nil, err
			}
			if t == nil {
				continue // null: no findings
			}
			if t != json.Delim('[') {
				return 0, nil, fmt.Errorf("findings: want a list, not %v", t)
			}
			for dec.More() {
				var f baselineFinding
				if err := dec.Decode(&f); err != nil {
					return 0, nil, fmt.Errorf("findings: %w", err)
				}
				if f.Status != rules.Pass {
					old[f.Fingerprint] = true
				}
			}
			if _, err := dec.Token(); err != nil { // ]
				return 0, nil, err
			}
		default:
			var skip json.RawMessage
			if err := dec.Decode(&skip); err != nil {
				return 0, nil, err
			}
		}
	}
	if _, err := dec.Token(); err != nil { // }
		return 0, nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return 0, nil, errors.New("data after the report")
	}
	return version, old, nil
}

// skipWarning returns a warning about inline skip s, at its position.
func skipWarning(s inventory.Skip, format string, args ...any) inventory.Diagnostic {
	return inventory.Diagnostic{Source: s.Source, Message: fmt.Sprintf(format, args...), Severity: inventory.SeverityWarning}
}
