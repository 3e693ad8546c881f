package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/lambdasec/lambdasec/internal/iampolicy"
	"github.com/lambdasec/lambdasec/internal/report"
	"github.com/lambdasec/lambdasec/internal/rules"
	"github.com/lambdasec/lambdasec/internal/scan"
	"github.com/lambdasec/lambdasec/internal/secrets"
	"github.com/lambdasec/lambdasec/internal/suppress"
)

type scanFlags struct {
	format         string
	output         string
	severity       string
	failOn         string
	trusted        []string
	now            string
	runtimes       string
	showPass       bool
	noColor        bool
	maxFileSizeMiB int
	maxCodeFileMiB int
	noCodeScan     bool
	config         string
	baseline       string
	asffAccount    string
	asffRegion     string
	verbose        bool
	live           liveFlags
}

func newScanCmd(stdout, stderr io.Writer) *cobra.Command {
	var fl scanFlags
	cmd := &cobra.Command{
		Use:   "scan [PATH...] | scan --aws",
		Short: "Judge CloudFormation/SAM templates, Terraform, snapshots, or a live AWS account (--aws)",
		Long: `Scan reads the CloudFormation and SAM templates under each PATH (directories are searched
for templates by content, so cdk.out/*.template.json and Serverless Framework's .serverless/ work
too), Terraform directories (.tf files read statically) and plan or state JSON (terraform show
-json), and the snapshots written by 'lambdasec collect', or with --aws a live account
(read-only), and judges them with every rule. A run that reads no infrastructure exits 2.

Exit codes: 0 when no finding at or above --fail-on remains; 1 when one does; 2 for bad usage
or when some input could not be read (the findings for the rest are still written).`,
		Example: `  lambdasec scan examples/orders-api
  lambdasec scan --format sarif --output lambdasec.sarif .
  lambdasec scan --fail-on high --trusted-account 111122223333 infra/
  lambdasec scan --aws --profile audit --regions all --format html -o report.html
  lambdasec scan snapshot.json`,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runScan(cmd, args, fl, stdout, stderr)
		},
	}
	f := cmd.Flags()
	f.StringVarP(&fl.format, "format", "f", "table", "output format: "+strings.Join(report.Formats, ", "))
	f.StringVarP(&fl.output, "output", "o", "", "write the report to `FILE` instead of standard output")
	f.StringVar(&fl.severity, "severity", "info", "show only failures at or above `LEVEL` (info, low, medium, high, critical)")
	f.StringVar(&fl.failOn, "fail-on", "", "exit 1 when a failure at or above `LEVEL` remains (default: never)")
	f.StringSliceVar(&fl.trusted, "trusted-account", nil, "account `ID` allowed to invoke functions and use layers (repeatable)")
	f.StringVar(&fl.now, "now", "", "judge as of `DATE` (YYYY-MM-DD) instead of today, e.g. for runtime deadlines")
	f.StringVar(&fl.runtimes, "runtimes", "", "runtime support table `FILE` to use instead of the built-in one")
	f.BoolVar(&fl.showPass, "show-pass", false, "list PASS results in the table too")
	f.BoolVar(&fl.noColor, "no-color", false, "never colour the table")
	f.IntVar(&fl.maxFileSizeMiB, "max-file-size", scan.DefaultMaxFileSize>>20, "largest input file to read, in `MiB`")
	f.IntVar(&fl.maxCodeFileMiB, "max-code-file-size", int(secrets.DefaultLimits.MaxFile>>20), "largest file of function code to scan for secrets, in `MiB` (a larger file is not scanned, and makes the code's verdict UNKNOWN)")
	f.StringVar(&fl.config, "config", "", "ignores, severities, trusted accounts and disabled rules from `FILE` (default: "+suppress.FileName+" if present)")
	f.StringVar(&fl.baseline, "baseline", "", "report only findings that are not in `REPORT`, an earlier --format json report")
	f.StringVar(&fl.asffAccount, "asff-account", "", "AWS account `ID` to import ASFF findings into (template scans)")
	f.StringVar(&fl.asffRegion, "asff-region", "", "AWS `REGION` of the Security Hub to import ASFF findings into (template scans)")
	f.BoolVar(&fl.noCodeScan, "no-code-scan", false, "do not scan the functions' local code (CodeUri directories, zips, inline code) for secrets")
	f.BoolVarP(&fl.verbose, "verbose", "v", false, "list the YAML/JSON files found that are not infrastructure")
	fl.live.register(cmd)
	return cmd
}

func runScan(cmd *cobra.Command, args []string, fl scanFlags, stdout, stderr io.Writer) error {
	if err := fl.live.validate(cmd); err != nil {
		return err
	}
	if fl.live.enabled && len(args) > 0 {
		return usageError("--aws reads a live account: give no PATH (scan a snapshot with 'lambdasec scan snapshot.json')")
	}
	if len(args) == 0 {
		args = []string{"."}
	}
	minSev, err := rules.ParseSeverity(fl.severity)
	if err != nil {
		return usageError("--severity: %v", err)
	}
	var failOn *rules.Severity
	if fl.failOn != "" {
		s, err := rules.ParseSeverity(fl.failOn)
		if err != nil {
			return usageError("--fail-on: %v", err)
		}
		failOn = &s
	}
	if fl.maxFileSizeMiB < 1 {
		return usageError("--max-file-size must be at least 1 (MiB)")
	}
	if fl.maxCodeFileMiB < 1 {
		return usageError("--max-code-file-size must be at least 1 (MiB)")
	}
	codeLimits := secrets.DefaultLimits
	codeLimits.MaxFile = int64(fl.maxCodeFileMiB) << 20
	fl.live.codeLimits = codeLimits
	if !validFormat(fl.format) {
		return usageError("--format %q: want one of %s", fl.format, strings.Join(report.Formats, ", "))
	}
	now := time.Now().UTC()
	if fl.now != "" {
		if now, err = time.Parse("2006-01-02", fl.now); err != nil {
			return usageError("--now %q: want a date like 2026-01-31", fl.now)
		}
	}
	for _, a := range fl.trusted {
		if !iampolicy.IsAccountID(a) {
			return usageError("--trusted-account %q: want a 12-digit account ID", a)
		}
	}
	confPath := fl.config
	if confPath == "" {
		confPath = suppress.Find()
	}
	var conf *suppress.Config
	if confPath != "" {
		if conf, err = suppress.Load(confPath, rules.All()); err != nil {
			return usageError("%v", err)
		}
		fl.trusted = append(fl.trusted, conf.TrustedAccounts...)
	}
	managed, _ := managedPolicies(stderr)
	cfg := &rules.Config{TrustedAccounts: fl.trusted, ManagedPolicies: managed}
	if fl.runtimes != "" {
		data, err := os.ReadFile(fl.runtimes)
		if err != nil {
			return usageError("--runtimes: %v", err)
		}
		if cfg.Runtimes, err = rules.ParseRuntimeTable(fl.runtimes, data); err != nil {
			return usageError("--runtimes: %v", err)
		}
	}

	var loaded *scan.Loaded
	if fl.live.enabled {
		estates, err := fl.live.collect(cmd.Context(), stderr)
		if err != nil {
			return &exitError{code: exitInput, err: err}
		}
		loaded = &scan.Loaded{Estates: estates}
	} else {
		loaded = scan.Load(args, scan.Options{MaxFileSize: int64(fl.maxFileSizeMiB) << 20})
		// What was read, per kind, so that nothing passes silently.
		fmt.Fprintf(stderr, "lambdasec: %s\n", report.Display(loaded.Describe()))
		if fl.verbose {
			for _, p := range loaded.NotInfrastructure {
				fmt.Fprintf(stderr, "lambdasec: not infrastructure: %s\n", report.Display(p))
			}
		}
	}
	if !fl.noCodeScan && !fl.live.enabled {
		if err := scan.ScanCode(loaded.Estates, codeLimits); err != nil {
			loaded.Warnings = append(loaded.Warnings, "code not scanned for secrets: "+err.Error())
		}
	}
	findings := rules.Run(loaded.Estates, conf.Rules(rules.All()), now, cfg)
	loaded.Warnings = append(loaded.Warnings, suppress.Inline(findings, now)...)
	expired := conf.Apply(findings, now)
	fixed := 0
	if fl.baseline != "" {
		if fixed, err = suppress.Baseline(findings, fl.baseline); err != nil {
			return usageError("--baseline: %v", err)
		}
	}

	sum := report.Summary{Files: loaded.Files, Estates: len(loaded.Estates), Warnings: loaded.Warnings, Now: now, Expired: expired, Fixed: fixed,
		Gaps: unread(loaded.Estates), OwnReports: len(loaded.OwnReports)}
	for _, p := range loaded.Skipped {
		sum.Skipped = append(sum.Skipped, report.Skipped{Path: p.Path, Line: p.Line, Column: p.Column, Reason: p.Reason})
	}
	opt := report.Options{Version: toolVersion(), ShowPass: fl.showPass, MinSeverity: minSev, Rules: conf.Rules(rules.All()),
		ASFF: report.ASFFOptions{AccountID: fl.asffAccount, Region: fl.asffRegion}}

	var out io.Writer = stdout
	var buf bytes.Buffer
	if fl.output != "" {
		out = &buf
	} else {
		opt.Color = !fl.noColor && isTerminal(stdout) && os.Getenv("NO_COLOR") == ""
	}
	if err := report.Write(out, fl.format, findings, sum, opt); err != nil {
		return &exitError{code: exitInput, err: err}
	}
	if fl.output != "" {
		if err := os.WriteFile(fl.output, buf.Bytes(), 0o644); err != nil {
			return &exitError{code: exitInput, err: fmt.Errorf("write %s: %w", fl.output, err)}
		}
	}
	if fl.format != "table" || fl.output != "" {
		// The table carries its own summary; for other formats say on
		// stderr what could not be read.
		for _, p := range loaded.Skipped {
			fmt.Fprintf(stderr, "lambdasec: skipped %s\n", report.Display(p.String()))
		}
		for _, g := range sum.Gaps {
			fmt.Fprintf(stderr, "lambdasec: not read: %s\n", report.Display(g))
		}
	}
	if len(loaded.Skipped) > 0 {
		return &exitError{code: exitInput}
	}
	if failOn != nil {
		for _, f := range report.Visible(findings, minSev) {
			if f.Status == rules.Fail && f.Suppressed == nil && f.Severity >= *failOn {
				return &exitError{code: exitFindings}
			}
		}
	}
	return nil
}

func validFormat(f string) bool {
	for _, x := range report.Formats {
		if x == f {
			return true
		}
	}
	return false
}

// isTerminal reports whether w is a character device (a terminal).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
