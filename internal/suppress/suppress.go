// Package suppress decides which findings a team has accepted: inline
// skips written next to a resource in its template, ignores in a
// .lambdasec.yaml file (by rule and resource pattern, with a reason and an
// optional expiry), and a baseline — an earlier JSON report whose findings
// are not new. Suppressed findings stay in the results, marked with why,
// so JSON and SARIF keep them; nothing disappears silently.
package suppress

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

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

	// Path is where the file was read from.
	Path string `yaml:"-"`
}

// Ignore accepts the findings of a rule on the resources matching a
// pattern, for a reason, until an optional date.
type Ignore struct {
	// Rule is a rule ID or name, or "*" for every rule.
	Rule string `yaml:"rule"`
	// Resource is a glob ("*", "?", "[...]") matched against the finding's
	// resource ID and its label; empty means every resource.
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
	var c Config
	if err := doc.Decode(&c); err != nil {
		return nil, fmt.Errorf("%s: %w", p, err)
	}
	c.Path = p
	lines := ignoreLines(&doc)
	for i := range c.Ignore {
		ig := &c.Ignore[i]
		if i < len(lines) {
			ig.line = lines[i]
		}
		at := fmt.Sprintf("%s:%d", p, ig.line)
		switch {
		case ig.Rule == "":
			return nil, fmt.Errorf("%s: ignore without a rule", at)
		case ig.Rule != "*" && rules.ByID(all, ig.Rule) == nil:
			return nil, fmt.Errorf("%s: unknown rule %q", at, ig.Rule)
		case strings.TrimSpace(ig.Reason) == "":
			return nil, fmt.Errorf("%s: ignore of %s needs a reason", at, ig.Rule)
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
	for _, a := range c.TrustedAccounts {
		if len(a) != 12 || strings.Trim(a, "0123456789") != "" {
			return nil, fmt.Errorf("%s: trusted-accounts: %q is not a 12-digit account ID", p, a)
		}
	}
	return &c, nil
}

// ignoreLines returns the line of each entry of the ignore list.
func ignoreLines(doc *yaml.Node) []int {
	if len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		return nil
	}
	m := doc.Content[0]
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == "ignore" && m.Content[i+1].Kind == yaml.SequenceNode {
			var out []int
			for _, it := range m.Content[i+1].Content {
				out = append(out, it.Line)
			}
			return out
		}
	}
	return nil
}

// Find returns the configuration file of the working directory, or "".
func Find() string {
	if _, err := os.Stat(FileName); err == nil {
		return FileName
	}
	return ""
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
	if ig.Resource != "" && !glob(ig.Resource, f.Resource) && !glob(ig.Resource, f.Label) {
		return false
	}
	if ig.File != "" && !glob(ig.File, f.Estate) && !glob(ig.File, path.Base(f.Estate)) {
		return false
	}
	return true
}

func glob(pattern, s string) bool {
	ok, _ := path.Match(pattern, s)
	return ok
}

// Apply marks the findings the configuration accepts (FAIL and UNKNOWN
// ones), applies severity overrides, and returns the ignores that have
// expired as of now, described for the summary. An expired ignore
// suppresses nothing.
func (c *Config) Apply(fs []rules.Finding, now time.Time) (expired []string) {
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
			expired = append(expired, fmt.Sprintf("%s:%d: ignore of %s on %q expired on %s (%s); its findings count again", c.Path, ig.line, ig.Rule, orAll(ig.Resource), ig.Expires, ig.Reason))
			continue
		}
		for j := range fs {
			f := &fs[j]
			if f.Status == rules.Pass || f.Suppressed != nil || !ig.matches(f) {
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
func Inline(fs []rules.Finding, now time.Time) (warnings []string) {
	seen := map[string]bool{}
	warnOnce := func(key, msg string) {
		if !seen[key] {
			seen[key] = true
			warnings = append(warnings, msg)
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
					warnOnce(s.Source.String()+s.RuleID+"date", fmt.Sprintf("%s: skip of %s: expiry %q is not a date like 2027-01-31; the skip does not apply", s.Source, s.RuleID, s.Expires))
					continue
				}
				if now.After(exp.Add(24*time.Hour - time.Nanosecond)) {
					warnOnce(s.Source.String()+s.RuleID+"expired", fmt.Sprintf("%s: skip of %s expired on %s (%s); its findings count again", s.Source, s.RuleID, s.Expires, orNoReason(s.Reason)))
					continue
				}
			}
			reason := s.Reason
			if strings.TrimSpace(reason) == "" {
				reason = "no reason given"
				if k := s.Source.String() + s.RuleID; !seen[k] {
					seen[k] = true
					warnings = append(warnings, fmt.Sprintf("%s: skip of %s has no reason", s.Source, s.RuleID))
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

// baselineReport is the part of a JSON report a baseline needs.
type baselineReport struct {
	SchemaVersion int `json:"schemaVersion"`
	Findings      []struct {
		Fingerprint string       `json:"fingerprint"`
		Status      rules.Status `json:"status"`
	} `json:"findings"`
}

// Baseline marks as suppressed (kind "baseline") the FAIL and UNKNOWN
// findings an earlier JSON report (lambdasec scan --format json) already
// had, matched by fingerprint (rule, estate, resource and evidence, not
// line numbers, so moving code does not make a finding new), and returns
// how many of the report's findings are gone: fixed.
func Baseline(fs []rules.Finding, reportPath string) (fixed int, err error) {
	data, err := os.ReadFile(reportPath)
	if err != nil {
		return 0, err
	}
	var rep baselineReport
	if err := json.Unmarshal(data, &rep); err != nil {
		return 0, fmt.Errorf("%s: not a lambdasec JSON report: %w", reportPath, err)
	}
	if rep.SchemaVersion != 1 {
		return 0, errors.New(reportPath + ": not a lambdasec JSON report (schemaVersion 1)")
	}
	old := map[string]bool{}
	for _, f := range rep.Findings {
		if f.Status != rules.Pass {
			old[f.Fingerprint] = true
		}
	}
	now := map[string]bool{}
	for i := range fs {
		f := &fs[i]
		if f.Status == rules.Pass {
			continue
		}
		now[f.Fingerprint] = true
		if old[f.Fingerprint] && f.Suppressed == nil {
			f.Suppressed = &rules.Suppression{Kind: "baseline", Reason: "in the baseline " + reportPath}
		}
	}
	for fp := range old {
		if !now[fp] {
			fixed++
		}
	}
	return fixed, nil
}
