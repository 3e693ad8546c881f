package scan

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/lambdasec/lambdasec/internal/exposure"
	"github.com/lambdasec/lambdasec/internal/inventory"
	"github.com/lambdasec/lambdasec/internal/needs"
	"github.com/lambdasec/lambdasec/internal/report"
	"github.com/lambdasec/lambdasec/internal/rules"
	"github.com/lambdasec/lambdasec/internal/secrets"
	"github.com/lambdasec/lambdasec/internal/suppress"
)

// Request is everything a run needs, as plain values: what to read, how
// to judge it and what to accept. The CLI maps its flags to a Request;
// tests and other commands build one directly.
type Request struct {
	// Paths are the files and directories to read (templates,
	// snapshots); empty means ".". Ignored when Live is set.
	Paths []string
	// Live, when set, reads the estates (a live account) instead of
	// Paths; its error stops the run.
	Live func(ctx context.Context) ([]*inventory.Estate, error)
	// Load tunes the reading of Paths.
	Load Options
	// CodeScan scans the functions' local code for secrets (templates
	// and snapshots only: live code is scanned by the collector).
	CodeScan bool
	// CodeLimits bound the code scan; zero means secrets.DefaultLimits.
	CodeLimits secrets.Limits

	// ConfigPath is the .lambdasec.yaml file to use; "" means the one
	// found for the first path (suppress.Find: its directory or a parent
	// up to the repository root), if any; for a live read, the working
	// directory's.
	ConfigPath string
	// Now is the date judged against; zero means the current time (UTC).
	Now time.Time
	// TrustedAccounts are accounts allowed to invoke functions and use
	// layers, added to the configuration file's.
	TrustedAccounts []string
	// ManagedPolicies looks up the documents of AWS managed policies;
	// nil means none beyond the estate.
	ManagedPolicies exposure.ManagedPolicySource
	// Runtimes is the runtime support table; nil means the built-in one.
	Runtimes *rules.RuntimeTable
	// LayerPublishers are the accounts AWS (or the user) publishes trusted
	// layers from; nil means the built-in table.
	LayerPublishers *rules.LayerPublishers
	// MinSeverity hides failures below it from the reports and from
	// Result.Failures.
	MinSeverity rules.Severity
	// Severities, when set, shows only failures of these severities
	// (instead of MinSeverity's threshold).
	Severities []rules.Severity
	// Baseline is an earlier JSON report: findings it already had are
	// marked suppressed (kind "baseline"); "" means none.
	Baseline string

	// SkipDirs and SkipFiles are path globs left out when walking
	// directories (see Options), added to the configuration's skip lists.
	SkipDirs, SkipFiles []string
	// Rules, when set, runs only the rules matching one of these
	// patterns (ID or name, "*" and "?" as in path.Match, IDs
	// case-insensitive: "LS101", "LS2*"); SkipRules leaves out the rules
	// matching one. A pattern that matches no rule is an error.
	Rules, SkipRules []string
	// Deployers are the ARN patterns of the principals that deploy
	// functions (rules.Config.Deployers), for the activity rules.
	Deployers []string
	// Code, when set, is the analyzer of functions' code whose needs the
	// least-privilege rules hold roles against (rules.Config.Code).
	Code needs.CodeSource
	// Parallel is how many estates are judged (and function code
	// directories scanned) at once; 0 means every core
	// (runtime.GOMAXPROCS), 1 a serial run. The reports are byte-identical
	// whatever it is.
	Parallel int
}

// Result is what a run found: the findings (suppressed ones included,
// marked), the rules that ran, the summary the reports print, and the
// configuration file used.
type Result struct {
	Findings []rules.Finding
	// Rules are the rules that ran (the configuration's disabled ones
	// left out).
	Rules   []*rules.Rule
	Summary report.Summary
	// Skipped are the inputs that could not be read; a run with any
	// exits 2 in the CLI, its findings for the rest still written.
	Skipped []inventory.Diagnostic
	// ConfigPath is the configuration file used, or "".
	ConfigPath string
	// Inputs says per kind what was read from files ("read 31
	// CloudFormation/SAM templates, 12 Terraform directories ..."; see
	// Loaded.Describe); empty for a live account.
	Inputs string
	// NotInfrastructure are the YAML/JSON files found by walking that are
	// not infrastructure (listed with --verbose).
	NotInfrastructure []string
	// MinSeverity and Severities are the request's.
	MinSeverity rules.Severity
	Severities  []rules.Severity
}

// Stage names, in the order Run runs them; a StageError names the one
// that failed.
const (
	StageConfig   = "config"   // read .lambdasec.yaml, select the rules
	StageLoad     = "load"     // read the inputs (files, or a live account)
	StageCode     = "code"     // scan local function code for secrets
	StageJudge    = "judge"    // run the rules
	StageSuppress = "suppress" // inline skips and configuration ignores
	StageBaseline = "baseline" // mark what an earlier report already had
)

// StageError is an error that stopped a run, with the stage it happened
// in. Its message is the underlying error's.
type StageError struct {
	Stage string
	Err   error
}

func (e *StageError) Error() string { return e.Err.Error() }
func (e *StageError) Unwrap() error { return e.Err }

// run is one run's state as it goes through the stages.
type run struct {
	req    Request
	conf   *suppress.Config
	loaded *Loaded
	res    *Result
}

// Run reads, judges and suppresses, stage by stage: config, load, code,
// judge, suppress, baseline. An input that cannot be read does not stop
// it (it is in Result.Skipped); an error does, and is a *StageError: a
// configuration or baseline file that is not valid, or a live read that
// failed. ctx reaches the live reader.
func Run(ctx context.Context, req Request) (*Result, error) {
	if req.Now.IsZero() {
		req.Now = time.Now().UTC()
	}
	if len(req.Paths) == 0 {
		req.Paths = []string{"."}
	}
	if req.CodeLimits == (secrets.Limits{}) {
		req.CodeLimits = secrets.DefaultLimits
	}
	r := &run{req: req, res: &Result{MinSeverity: req.MinSeverity, Severities: req.Severities}}
	stages := []struct {
		name string
		do   func(context.Context) error
	}{
		{StageConfig, r.config},
		{StageConfig, r.selectRules},
		{StageLoad, r.load},
		{StageCode, r.code},
		{StageJudge, r.judge},
		{StageSuppress, r.suppress},
		{StageBaseline, r.baseline},
	}
	for _, s := range stages {
		if err := s.do(ctx); err != nil {
			return nil, &StageError{Stage: s.name, Err: err}
		}
	}
	r.summarise()
	return r.res, nil
}

func (r *run) config(context.Context) error {
	p := r.req.ConfigPath
	if p == "" {
		start := "."
		if r.req.Live == nil {
			start = r.req.Paths[0]
		}
		p = suppress.Find(start)
	}
	if p == "" {
		return nil
	}
	conf, err := suppress.Load(p, rules.All())
	if err != nil {
		return err
	}
	r.conf = conf
	r.res.ConfigPath = p
	return nil
}

// selectRules runs the rules the configuration leaves on and the
// request's Rules and SkipRules select.
func (r *run) selectRules(context.Context) error {
	rs, err := SelectRules(r.conf.Rules(rules.All()), r.req.Rules, r.req.SkipRules)
	if err != nil {
		return err
	}
	r.res.Rules = rs
	return nil
}

// SelectRules returns the rules of all matching a pattern of only (every
// rule when only is empty) and none of skip. Patterns match a rule's ID
// (case-insensitively) or its name, with "*", "?" and "[...]" as in
// path.Match. A pattern that matches no rule of all is an error: a typo
// must not silently select nothing.
func SelectRules(all []*rules.Rule, only, skip []string) ([]*rules.Rule, error) {
	match := func(pat string, r *rules.Rule) bool {
		ok, _ := path.Match(strings.ToUpper(pat), strings.ToUpper(r.ID))
		okName, _ := path.Match(pat, r.Name)
		return ok || okName
	}
	for _, list := range []struct {
		flag     string
		patterns []string
	}{{"rule", only}, {"skip-rule", skip}} {
		for _, pat := range list.patterns {
			if _, err := path.Match(pat, ""); err != nil {
				return nil, fmt.Errorf("%s %q: %w", list.flag, pat, err)
			}
			found := false
			for _, r := range rules.All() {
				found = found || match(pat, r)
			}
			if !found {
				return nil, fmt.Errorf("%s %q: no rule has this ID or name (lambdasec rules lists them)", list.flag, pat)
			}
		}
	}
	var out []*rules.Rule
	for _, r := range all {
		in := len(only) == 0
		for _, pat := range only {
			in = in || match(pat, r)
		}
		for _, pat := range skip {
			in = in && !match(pat, r)
		}
		if in {
			out = append(out, r)
		}
	}
	return out, nil
}

func (r *run) load(ctx context.Context) error {
	if r.req.Live != nil {
		estates, err := r.req.Live(ctx)
		if err != nil {
			return err
		}
		read := time.Now().UTC()
		for _, e := range estates {
			if e.CollectedAt.IsZero() {
				e.CollectedAt = read
			}
		}
		r.loaded = &Loaded{Estates: estates}
		return nil
	}
	opt := r.req.Load
	opt.SkipDirs = append(append([]string(nil), opt.SkipDirs...), r.req.SkipDirs...)
	opt.SkipFiles = append(append([]string(nil), opt.SkipFiles...), r.req.SkipFiles...)
	if r.conf != nil {
		opt.SkipDirs = append(opt.SkipDirs, r.conf.Skip.Dirs...)
		opt.SkipFiles = append(opt.SkipFiles, r.conf.Skip.Files...)
	}
	r.loaded = Load(r.req.Paths, opt)
	for _, pat := range r.loaded.UnusedSkips {
		r.loaded.Warnings = append(r.loaded.Warnings, warning(fmt.Sprintf("skip pattern %q excluded nothing", pat)))
	}
	return nil
}

func (r *run) code(context.Context) error {
	if !r.req.CodeScan || r.req.Live != nil {
		return nil
	}
	if err := ScanCodeParallel(r.loaded.Estates, r.req.CodeLimits, r.req.Parallel); err != nil {
		r.loaded.Warnings = append(r.loaded.Warnings, warning("code not scanned for secrets: "+err.Error()))
	}
	return nil
}

func (r *run) judge(context.Context) error {
	trusted := append([]string(nil), r.req.TrustedAccounts...)
	if r.conf != nil {
		trusted = append(trusted, r.conf.TrustedAccounts...)
	}
	cfg := &rules.Config{TrustedAccounts: trusted, ManagedPolicies: r.req.ManagedPolicies, Runtimes: r.req.Runtimes, LayerPublishers: r.req.LayerPublishers, Parallel: r.req.Parallel, Deployers: r.req.Deployers, Code: r.req.Code}
	if b, ok := r.req.Code.(needs.EstateBinder); ok {
		b.Bind(r.loaded.Estates)
	}
	if r.conf != nil {
		cfg.MultiTenant = r.conf.MultiTenant
	}
	r.res.Findings = rules.Run(r.loaded.Estates, r.res.Rules, r.req.Now, cfg)
	return nil
}

func (r *run) suppress(context.Context) error {
	r.loaded.Warnings = append(r.loaded.Warnings, suppress.Inline(r.res.Findings, r.req.Now)...)
	r.res.Summary.Expired = r.conf.Apply(r.res.Findings, r.req.Now)
	// A skip or an ignore that suppresses nothing is said, not kept
	// silently: it is a typo, or it outlived its finding.
	r.loaded.Warnings = append(r.loaded.Warnings, r.conf.Unused(r.res.Rules, r.req.Now)...)
	r.loaded.Warnings = append(r.loaded.Warnings, suppress.UnusedSkips(r.loaded.Estates, r.res.Findings, r.res.Rules)...)
	return nil
}

func (r *run) baseline(context.Context) error {
	if r.req.Baseline == "" {
		return nil
	}
	fixed, err := suppress.Baseline(r.res.Findings, r.req.Baseline)
	if err != nil {
		return err
	}
	r.res.Summary.Fixed = fixed
	return nil
}

// summarise fills the summary the reports print.
func (r *run) summarise() {
	l, sum := r.loaded, &r.res.Summary
	sum.Files, sum.Estates, sum.Warnings, sum.Now = l.Files, len(l.Estates), l.Warnings, r.req.Now
	sum.Gaps, sum.OwnReports = unread(l.Estates, !r.req.Load.Shard.Whole()), len(l.OwnReports)
	sum.Excluded, sum.Config = len(l.Excluded), r.res.ConfigPath
	sum.Shard, sum.OtherShards = r.req.Load.Shard.String(), l.OtherShards
	r.res.Skipped, sum.Skipped = l.Skipped, l.Skipped
	if r.req.Live == nil {
		r.res.Inputs, r.res.NotInfrastructure = l.Describe(), l.NotInfrastructure
	}
	sum.Assessment = r.assessment()
}

// Unread is the run summary of what could not be read from live estates,
// each line prefixed with the account when there are several.
func Unread(estates []*inventory.Estate) []string { return unread(estates, false) }

// unread is Unread; byAccount prefixes every line with the account, as a
// shard does (its lines are joined with other shards' by merge).
func unread(estates []*inventory.Estate, byAccount bool) []string {
	var out []string
	live := 0
	for _, e := range estates {
		if e.Kind == inventory.KindAccount {
			live++
		}
	}
	for _, e := range estates {
		if e.Kind != inventory.KindAccount {
			continue
		}
		for _, line := range e.Unread() {
			if live > 1 || byAccount {
				line = e.Account + ": " + line
			}
			out = append(out, line)
		}
	}
	return out
}

// ReportOptions returns the report options the result implies (the rules
// that ran, the severity threshold), on top of base.
func (res *Result) ReportOptions(base report.Options) report.Options {
	base.Rules = res.Rules
	base.MinSeverity = res.MinSeverity
	base.Severities = res.Severities
	return base
}

// Write writes the result in the named format (one of report.Formats)
// with the options base, completed by ReportOptions.
func (res *Result) Write(w io.Writer, format string, base report.Options) error {
	return report.Write(w, format, res.Findings, res.Summary, res.ReportOptions(base))
}

// Failures returns the visible failures, not suppressed, at or above
// severity at: the findings that fail a run with --fail-on.
func (res *Result) Failures(at rules.Severity) []rules.Finding {
	var out []rules.Finding
	for _, f := range report.VisibleTo(res.Findings, res.ReportOptions(report.Options{})) {
		if f.Status == rules.Fail && f.Suppressed == nil && f.Severity >= at {
			out = append(out, f)
		}
	}
	return out
}

// Stage returns the stage an error from Run happened in, or "".
func Stage(err error) string {
	var se *StageError
	if errors.As(err, &se) {
		return se.Stage
	}
	return ""
}

// Output is one report a run writes: a format (one of report.Formats)
// and a file Path, or W when Path is "" (standard output, in the CLI).
type Output struct {
	Format string
	Path   string
	W      io.Writer
	// Color colours a table (for a terminal).
	Color bool
}

// CheckOutputs checks outputs before a run, so a typo does not cost a
// scan: known formats (case-insensitive: they are returned lower-cased),
// a directory that exists for each file, no file named twice, at most
// one output to W.
func CheckOutputs(outs []Output) error {
	paths := map[string]bool{}
	toW := 0
	for i := range outs {
		o := &outs[i]
		o.Format = strings.ToLower(o.Format)
		if !slices.Contains(report.Formats, o.Format) {
			return fmt.Errorf("format %q: want one of %s", o.Format, strings.Join(report.Formats, ", "))
		}
		if o.Path == "" {
			toW++
			continue
		}
		if paths[filepath.Clean(o.Path)] {
			return fmt.Errorf("%s: named for two outputs", o.Path)
		}
		paths[filepath.Clean(o.Path)] = true
		if st, err := os.Stat(filepath.Dir(o.Path)); err != nil || !st.IsDir() {
			return fmt.Errorf("%s: directory %s does not exist", o.Path, filepath.Dir(o.Path))
		}
	}
	if toW > 1 {
		return fmt.Errorf("%d outputs to standard output: give the others a file", toW)
	}
	return nil
}

// WriteOutputs writes the result to every output, each with base
// completed by ReportOptions. A file is written whole or not at all
// (streamed to a temporary file, then renamed); the first error stops.
func (res *Result) WriteOutputs(outs []Output, base report.Options) error {
	for _, o := range outs {
		opt := base
		opt.Color = o.Color && o.Format == "table"
		if o.Path == "" {
			if err := res.Write(o.W, o.Format, opt); err != nil {
				return err
			}
			continue
		}
		if err := res.writeFile(o.Path, o.Format, opt); err != nil {
			return err
		}
	}
	return nil
}

// writeFile streams the report to a temporary file beside path, then
// renames it to path: the report is never held whole in memory, and
// path is written whole or not at all.
func (res *Result) writeFile(path, format string, opt report.Options) error {
	if st, err := os.Stat(path); err == nil && !st.Mode().IsRegular() {
		// A device or a pipe (-o /dev/null, -o /dev/stdout): write to
		// it; renaming over it would replace /dev/null with a file.
		f, err := os.OpenFile(path, os.O_WRONLY, 0)
		if err != nil {
			return fmt.Errorf("write %s: %w", path, err)
		}
		bw := bufio.NewWriterSize(f, 256<<10)
		err = res.Write(bw, format, opt)
		if ferr := bw.Flush(); err == nil && ferr != nil {
			err = fmt.Errorf("write %s: %w", path, ferr)
		}
		if cerr := f.Close(); err == nil && cerr != nil {
			err = fmt.Errorf("write %s: %w", path, cerr)
		}
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	defer os.Remove(tmp.Name()) // no-op after the rename
	bw := bufio.NewWriterSize(tmp, 256<<10)
	if err := res.Write(bw, format, opt); err != nil {
		tmp.Close()
		return err
	}
	if err := bw.Flush(); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

// FailureLine says why a run fails at severity at, for people reading a
// CI log: "2 findings at or above high: LS101 WebhookFunction, LS203
// OrdersRole", naming at most 10 and counting the rest; "" when none.
func (res *Result) FailureLine(at rules.Severity) string {
	fs := res.Failures(at)
	if len(fs) == 0 {
		return ""
	}
	const most = 10
	var names []string
	for i, f := range fs {
		if i == most {
			names = append(names, fmt.Sprintf("and %d more", len(fs)-most))
			break
		}
		name := f.Label
		if name == "" {
			name = f.Resource
		}
		names = append(names, f.Rule.ID+" "+report.Display(name))
	}
	noun := "findings"
	if len(fs) == 1 {
		noun = "finding"
	}
	return fmt.Sprintf("%d %s at or above %s: %s", len(fs), noun, at, strings.Join(names, ", "))
}

// warning returns a warning about the run as a whole (no file).
func warning(msg string) inventory.Diagnostic {
	return inventory.Diagnostic{Message: msg, Severity: inventory.SeverityWarning}
}
