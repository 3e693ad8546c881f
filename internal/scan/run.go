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
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/lambdasec/lambdasec/internal/exposure"
	"github.com/lambdasec/lambdasec/internal/inventory"
	"github.com/lambdasec/lambdasec/internal/needs"
	"github.com/lambdasec/lambdasec/internal/report"
	"github.com/lambdasec/lambdasec/internal/rules"
	"github.com/lambdasec/lambdasec/internal/secrets"
	"github.com/lambdasec/lambdasec/internal/spool"
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
	// LiveEach, when set, reads the estates of a live account or
	// organization instead of Paths, handing each to fn as soon as it is
	// read (seq: its place in the order of the estates; fn is called one
	// estate at a time), so that it is judged and let go while the others
	// are read. Its error stops the run. Live is not used when it is set.
	LiveEach func(ctx context.Context, fn func(seq uint64, e *inventory.Estate) error) error
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
	// SpoolDir is the directory of the temporary file the findings are
	// kept in until the reports are written; "" means os.TempDir.
	SpoolDir string
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
	// Findings are the findings, suppressed ones included (marked), kept
	// on disk as each estate was judged and read back estate by estate in
	// report order (estates by name, each estate's findings in
	// rules.SortFindings order). Close lets them go.
	Findings report.Findings
	// Count is the number of findings.
	Count int
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

	// parallel is the request's Parallel: the reports are made on as
	// many goroutines.
	parallel int
	// failing counts the findings a report shows (MinSeverity,
	// Severities) that fail and are not suppressed, by severity.
	failing map[rules.Severity]int
	close   func() error
}

// Close removes the findings' file; the result's findings cannot be read
// after it. It may be called more than once.
func (res *Result) Close() error {
	if res == nil || res.close == nil {
		return nil
	}
	c := res.close
	res.close = nil
	return c()
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

// The stages above are run estate by estate: each estate is read, its
// code scanned, judged, its findings suppressed and marked against the
// baseline, and written to the spool by the goroutine that read it, which
// then lets it go. A run holds the estates being read (one per core) and
// a small index of the others, whatever the size of the estate.

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

	cfg      *rules.Config
	spool    *spool.Spool
	tally    *report.Tally
	base     *suppress.BaselineSet
	code     *codeScanner
	skips    suppress.SkipUse
	mu       sync.Mutex // guards what follows, and conf's ignores
	estates  int
	inline   []keyedWarnings
	live     []liveEstate
	failures []error
	// runWarnings are warnings about the run as a whole.
	runWarnings []inventory.Diagnostic
}

// keyedWarnings are an estate's inline-skip warnings, with the estate's
// report order (name, seq).
type keyedWarnings struct {
	name     string
	seq      uint64
	warnings []inventory.Diagnostic
}

// liveEstate is what the summary needs of a live estate once it is gone.
type liveEstate struct {
	seq         uint64
	account     string
	caller      string
	collectedAt time.Time
	regions     []string
	unread      []string
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
	r := &run{req: req, res: &Result{MinSeverity: req.MinSeverity, Severities: req.Severities, failing: map[rules.Severity]int{}, parallel: req.Parallel}}
	stages := []struct {
		name string
		do   func(context.Context) error
	}{
		{StageConfig, r.config},
		{StageConfig, r.selectRules},
		{StageBaseline, r.readBaseline},
		{StageJudge, r.prepare},
		{StageLoad, r.load},
		{StageJudge, r.judged},
		{StageSuppress, r.suppress},
	}
	for _, s := range stages {
		if err := s.do(ctx); err != nil {
			r.res.Close()
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
		if !r.isLive() {
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

// readBaseline reads the earlier report first: a wrong path fails the
// run before anything is read.
func (r *run) readBaseline(context.Context) error {
	if r.req.Baseline == "" {
		return nil
	}
	b, err := suppress.ReadBaseline(r.req.Baseline)
	if err != nil {
		return err
	}
	r.base = b
	return nil
}

// prepare makes what judging an estate needs: the rules' configuration,
// the code scanner and the spool.
func (r *run) prepare(context.Context) error {
	trusted := append([]string(nil), r.req.TrustedAccounts...)
	if r.conf != nil {
		trusted = append(trusted, r.conf.TrustedAccounts...)
	}
	r.cfg = &rules.Config{TrustedAccounts: trusted, ManagedPolicies: r.req.ManagedPolicies, Runtimes: r.req.Runtimes, LayerPublishers: r.req.LayerPublishers, Parallel: r.req.Parallel, Deployers: r.req.Deployers, Code: r.req.Code}
	if r.conf != nil {
		r.cfg.MultiTenant = r.conf.MultiTenant
	}
	if r.req.CodeScan && !r.isLive() {
		cs, err := newCodeScanner(r.req.CodeLimits)
		if err != nil {
			r.warn(warning("code not scanned for secrets: " + err.Error()))
		}
		r.code = cs
	}
	sp, err := spool.New(r.req.SpoolDir, r.res.Rules)
	if err != nil {
		return err
	}
	r.spool = sp
	r.tally = report.NewTally(r.res.ReportOptions(report.Options{}))
	r.res.Findings, r.res.close = findings{sp, r.tally}, sp.Close
	return nil
}

// findings are a run's findings: the spool, with the tally the reports
// need before their first finding (taken as estates are judged, so that
// a report needs one pass over the spool, not two).
type findings struct {
	*spool.Spool
	tally *report.Tally
}

// Tally implements report.Tallied.
func (f findings) Tally() *report.Tally { return f.tally }

// warn adds a warning about the run as a whole.
func (r *run) warn(d inventory.Diagnostic) {
	r.mu.Lock()
	r.runWarnings = append(r.runWarnings, d)
	r.mu.Unlock()
}

func (r *run) load(ctx context.Context) error {
	if r.req.LiveEach != nil {
		r.loaded = &Loaded{}
		var g errgroup.Group
		g.SetLimit(r.workers())
		err := r.req.LiveEach(ctx, func(seq uint64, e *inventory.Estate) error {
			if e.CollectedAt.IsZero() {
				e.CollectedAt = time.Now().UTC()
			}
			g.Go(func() error { r.judge(seq, e); return nil }) // waits for a free worker
			return nil
		})
		_ = g.Wait() // judge returns no error
		return err
	}
	if r.req.Live != nil {
		estates, err := r.req.Live(ctx)
		if err != nil {
			return err
		}
		read := time.Now().UTC()
		r.loaded = &Loaded{}
		var g errgroup.Group
		g.SetLimit(r.workers())
		for i := range estates {
			g.Go(func() error {
				e := estates[i]
				estates[i] = nil // judged, then let go
				if e.CollectedAt.IsZero() {
					e.CollectedAt = read
				}
				r.judge(uint64(i), e)
				return nil
			})
		}
		return g.Wait()
	}
	opt := r.req.Load
	opt.SkipDirs = append(append([]string(nil), opt.SkipDirs...), r.req.SkipDirs...)
	opt.SkipFiles = append(append([]string(nil), opt.SkipFiles...), r.req.SkipFiles...)
	if r.conf != nil {
		opt.SkipDirs = append(opt.SkipDirs, r.conf.Skip.Dirs...)
		opt.SkipFiles = append(opt.SkipFiles, r.conf.Skip.Files...)
	}
	if opt.Workers <= 0 {
		opt.Workers = r.workers()
	}
	r.loaded = LoadEach(r.req.Paths, opt, r.judge)
	for _, pat := range r.loaded.UnusedSkips {
		r.loaded.Warnings = append(r.loaded.Warnings, warning(fmt.Sprintf("skip pattern %q excluded nothing", pat)))
	}
	return nil
}

// workers is how many estates are judged at once.
func (r *run) workers() int {
	if r.req.Parallel > 0 {
		return r.req.Parallel
	}
	return runtime.GOMAXPROCS(0)
}

// judge takes one estate through the stages after reading: its code
// scanned for secrets, the rules, the inline skips and the
// configuration's ignores, the baseline; then its findings go to the
// spool and the estate is let go. It runs on the goroutine that read the
// estate, several at once.
func (r *run) judge(seq uint64, e *inventory.Estate) {
	if r.code != nil {
		r.code.scan(e)
	}
	if b, ok := r.req.Code.(needs.EstateBinder); ok {
		b.Bind([]*inventory.Estate{e})
		defer b.Release([]*inventory.Estate{e})
	}
	fs := rules.Judge(e, r.res.Rules, r.req.Now, r.cfg)
	inline := suppress.Inline(fs, r.req.Now)
	r.skips.Used(fs)
	r.skips.WrittenAt(seq, e)
	r.mu.Lock()
	r.conf.Apply(fs, r.req.Now) // ignores are marked used: under r.mu
	r.mu.Unlock()
	if r.base != nil {
		r.base.Mark(fs)
	}
	visible := report.VisibleTo(fs, r.res.ReportOptions(report.Options{}))
	r.tally.Add(visible, seq)
	var live *liveEstate
	if e.Kind == inventory.KindAccount {
		live = &liveEstate{seq: seq, account: e.Account, caller: e.Caller, collectedAt: e.CollectedAt, regions: e.Regions, unread: e.Unread()}
	}
	for i := range fs {
		fs[i].Skips = nil // spent
	}
	err := r.spool.Add(e.Name, seq, fs)
	r.mu.Lock()
	defer r.mu.Unlock()
	r.estates++
	r.res.Count += len(fs)
	for _, f := range visible {
		if f.Status == rules.Fail && f.Suppressed == nil {
			r.res.failing[f.Severity]++
		}
	}
	if len(inline) > 0 {
		r.inline = append(r.inline, keyedWarnings{name: e.Name, seq: seq, warnings: inline})
	}
	if live != nil {
		r.live = append(r.live, *live)
	}
	if err != nil {
		r.failures = append(r.failures, err)
	}
}

// judged fails the run if a spool write failed (a full disk).
func (r *run) judged(context.Context) error {
	if len(r.failures) > 0 {
		return fmt.Errorf("findings could not be kept: %w", r.failures[0])
	}
	return nil
}

// suppress gathers the warnings of the suppression stages, in a serial
// run's order: the inline skips' by estate (name, then read order), each
// once; the ignores that expired or matched nothing; the skips no
// finding cited.
func (r *run) suppress(context.Context) error {
	sort.SliceStable(r.inline, func(i, j int) bool {
		a, b := &r.inline[i], &r.inline[j]
		return a.name < b.name || a.name == b.name && a.seq < b.seq
	})
	seen := map[string]bool{}
	r.loaded.Warnings = append(r.loaded.Warnings, r.runWarnings...)
	for _, kw := range r.inline {
		for _, w := range kw.warnings {
			if k := w.String(); !seen[k] {
				seen[k] = true
				r.loaded.Warnings = append(r.loaded.Warnings, w)
			}
		}
	}
	r.res.Summary.Expired = r.conf.Apply(nil, r.req.Now)
	// A skip or an ignore that suppresses nothing is said, not kept
	// silently: it is a typo, or it outlived its finding.
	r.loaded.Warnings = append(r.loaded.Warnings, r.conf.Unused(r.res.Rules, r.req.Now)...)
	r.loaded.Warnings = append(r.loaded.Warnings, r.skips.Unused(r.res.Rules)...)
	if r.base != nil {
		r.res.Summary.Fixed = r.base.Fixed()
	}
	return nil
}

// summarise fills the summary the reports print.
func (r *run) summarise() {
	l, sum := r.loaded, &r.res.Summary
	sum.Files, sum.Estates, sum.Warnings, sum.Now = l.Files, r.estates, l.Warnings, r.req.Now
	sort.Slice(r.live, func(i, j int) bool { return r.live[i].seq < r.live[j].seq })
	sum.Gaps, sum.OwnReports = r.unread(!r.req.Load.Shard.Whole()), len(l.OwnReports)
	sum.Excluded, sum.Config = len(l.Excluded), r.res.ConfigPath
	sum.Shard, sum.OtherShards = r.req.Load.Shard.String(), l.OtherShards
	r.res.Skipped, sum.Skipped = l.Skipped, l.Skipped
	if !r.isLive() {
		r.res.Inputs, r.res.NotInfrastructure = l.Describe(), l.NotInfrastructure
	}
	sum.Assessment = r.assessment()
}

// unread is Unread of the live estates judged.
func (r *run) unread(byAccount bool) []string {
	var out []string
	for _, e := range r.live {
		for _, line := range e.unread {
			if len(r.live) > 1 || byAccount {
				line = e.account + ": " + line
			}
			out = append(out, line)
		}
	}
	return out
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
	if base.Parallel == 0 {
		base.Parallel = res.parallel
	}
	return base
}

// Write writes the result in the named format (one of report.Formats)
// with the options base, completed by ReportOptions.
func (res *Result) Write(w io.Writer, format string, base report.Options) error {
	return report.WriteFrom(w, format, res.Findings, res.Summary, res.ReportOptions(base))
}

// Failures returns the visible failures, not suppressed, at or above
// severity at: the findings that fail a run with --fail-on.
func (res *Result) Failures(at rules.Severity) []rules.Finding {
	out, _ := res.failures(at, -1)
	return out
}

// errEnough stops a read of the findings early.
var errEnough = errors.New("enough")

// failures returns the first most (all, when most < 0) failures at or
// above at, in report order, and the error reading the findings.
func (res *Result) failures(at rules.Severity, most int) ([]rules.Finding, error) {
	var out []rules.Finding
	if res.Findings == nil {
		return nil, nil
	}
	err := res.Findings.Each(func(fs []rules.Finding) error {
		for _, f := range report.VisibleTo(fs, res.ReportOptions(report.Options{})) {
			if f.Status == rules.Fail && f.Suppressed == nil && f.Severity >= at {
				if len(out) == most {
					return errEnough
				}
				out = append(out, f)
			}
		}
		return nil
	})
	if errors.Is(err, errEnough) {
		err = nil
	}
	return out, err
}

// FailureCount returns the number of failures at or above at.
func (res *Result) FailureCount(at rules.Severity) int {
	if res.failing == nil { // a Result not made by Run
		fs, _ := res.failures(at, -1)
		return len(fs)
	}
	n := 0
	for s, k := range res.failing {
		if s >= at {
			n += k
		}
	}
	return n
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
	n := res.FailureCount(at)
	if n == 0 {
		return ""
	}
	const most = 10
	fs, err := res.failures(at, most)
	if err != nil {
		return fmt.Sprintf("%d findings at or above %s (%v)", n, at, err)
	}
	var names []string
	for _, f := range fs {
		name := f.Label
		if name == "" {
			name = f.Resource
		}
		names = append(names, f.Rule.ID+" "+report.Display(name))
	}
	if n > most {
		names = append(names, fmt.Sprintf("and %d more", n-most))
	}
	noun := "findings"
	if n == 1 {
		noun = "finding"
	}
	return fmt.Sprintf("%d %s at or above %s: %s", n, noun, at, strings.Join(names, ", "))
}

// warning returns a warning about the run as a whole (no file).
func warning(msg string) inventory.Diagnostic {
	return inventory.Diagnostic{Message: msg, Severity: inventory.SeverityWarning}
}

// isLive reports whether the run reads a live account (Live or LiveEach)
// rather than files.
func (r *run) isLive() bool { return r.req.Live != nil || r.req.LiveEach != nil }
