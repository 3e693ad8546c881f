package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/lambdasec/lambdasec/internal/iampolicy"
	"github.com/lambdasec/lambdasec/internal/inventory"
	"github.com/lambdasec/lambdasec/internal/report"
	"github.com/lambdasec/lambdasec/internal/rules"
	"github.com/lambdasec/lambdasec/internal/scan"
	"github.com/lambdasec/lambdasec/internal/secrets"
	"github.com/lambdasec/lambdasec/internal/suppress"
)

type scanFlags struct {
	parallel       int
	format         string
	output         string
	severity       string
	failOn         string
	trusted        []string
	now            string
	runtimes       string
	layerPubs      string
	showPass       bool
	noColor        bool
	maxFileSizeMiB int
	maxCodeFileMiB int
	noCodeScan     bool
	config         string
	baseline       string
	asffAccount    string
	asffRegion     string
	live           liveFlags
	verbose        bool
	skipDirs       []string
	skipFiles      []string
	onlyRules      []string
	skipRules      []string

	failOnSev   *rules.Severity // --fail-on, parsed
	outputFiles []string
	quiet       bool
	sarifRoot   string
	outputs     []scan.Output // --format, --output and --output-file, checked
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
  lambdasec scan --fail-on high --output-file sarif=results.sarif --output-file json=report.json .
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
	f.StringVar(&fl.sarifRoot, "sarif-root", "", "make SARIF file URIs relative to `DIR` (default: the root of the git repository of the first PATH, else the working directory)")
	f.StringArrayVar(&fl.outputFiles, "output-file", nil, "also write a report in `FORMAT=FILE` (e.g. sarif=results.sarif; repeatable): one run, many outputs")
	f.StringVar(&fl.severity, "severity", "info", "show only failures at or above `LEVEL` (info, low, medium, high, critical), or of the listed levels (high,critical)")
	f.StringVar(&fl.failOn, "fail-on", "", "exit 1 when a failure at or above `LEVEL` remains (default: never)")
	f.StringSliceVar(&fl.trusted, "trusted-account", nil, "account `ID` allowed to invoke functions and use layers (repeatable)")
	f.StringVar(&fl.now, "now", "", "judge as of `DATE` (YYYY-MM-DD) instead of today, e.g. for runtime deadlines")
	f.StringVar(&fl.runtimes, "runtimes", "", "runtime support table `FILE` to use instead of the built-in one")
	f.StringVar(&fl.layerPubs, "layer-publishers", "", "layer publisher table `FILE` (format of the built-in one) whose accounts LS504 also trusts")
	f.BoolVar(&fl.showPass, "show-pass", false, "list PASS results in the table too")
	f.BoolVar(&fl.noColor, "no-color", false, "never colour the table")
	f.BoolVarP(&fl.quiet, "quiet", "q", false, "print only the findings in the table: no \"How to fix\" block, no summary")
	f.IntVar(&fl.maxFileSizeMiB, "max-file-size", scan.DefaultMaxFileSize>>20, "largest input file to read, in `MiB`")
	f.IntVar(&fl.maxCodeFileMiB, "max-code-file-size", int(secrets.DefaultLimits.MaxFile>>20), "largest file of function code to scan for secrets, in `MiB` (a larger file is not scanned, and makes the code's verdict UNKNOWN)")
	f.StringVar(&fl.config, "config", "", "ignores, severities, trusted accounts and disabled rules from `FILE` (default: "+suppress.FileName+" if present)")
	f.StringVar(&fl.baseline, "baseline", "", "report only findings that are not in `REPORT`, an earlier --format json report")
	f.StringVar(&fl.asffAccount, "asff-account", "", "AWS account `ID` to import ASFF findings into (template scans)")
	f.StringVar(&fl.asffRegion, "asff-region", "", "AWS `REGION` of the Security Hub to import ASFF findings into (template scans)")
	f.IntVar(&fl.parallel, "parallel", 0, "files read and judged, code directories scanned and report parts made at once; 0 means every core, 1 a serial run (the report is the same)")
	f.BoolVar(&fl.noCodeScan, "no-code-scan", false, "do not scan the functions' local code (CodeUri directories, zips, inline code) for secrets")
	f.BoolVarP(&fl.verbose, "verbose", "v", false, "list the YAML/JSON files found that are not infrastructure")
	f.StringSliceVar(&fl.skipDirs, "skip-dirs", nil, "leave out directories matching `GLOB` when walking (\"**\" for any depth; a name without / matches at any depth; repeatable, comma-separated; also skip.dirs in "+suppress.FileName+")")
	f.StringSliceVar(&fl.skipFiles, "skip-files", nil, "leave out files matching `GLOB` when walking (as --skip-dirs; also skip.files in "+suppress.FileName+")")
	f.StringSliceVar(&fl.onlyRules, "rule", nil, "run only the rules matching `ID` or name (globs: LS101,LS2*; repeatable)")
	f.StringSliceVar(&fl.skipRules, "skip-rule", nil, "do not run the rules matching `ID` or name (globs; repeatable)")
	fl.live.register(cmd)
	return cmd
}

func runScan(cmd *cobra.Command, args []string, fl scanFlags, stdout, stderr io.Writer) error {
	req, err := fl.request(cmd, args, stdout, stderr)
	if err != nil {
		return err
	}
	res, err := scan.Run(cmd.Context(), req)
	defer res.Close()
	if res != nil && res.Inputs != "" {
		// What was read, per kind, so that nothing passes silently.
		fmt.Fprintf(stderr, "lambdasec: %s\n", report.Display(res.Inputs))
		if fl.verbose {
			for _, p := range res.NotInfrastructure {
				fmt.Fprintf(stderr, "lambdasec: not infrastructure: %s\n", report.Display(p))
			}
		}
	}
	switch scan.Stage(err) {
	case "":
	case scan.StageLoad:
		return &exitError{code: exitInput, err: err}
	case scan.StageBaseline:
		return usageError("--baseline: %v", err)
	default:
		return usageError("%v", err)
	}
	opt := report.Options{Version: toolVersion(), ShowPass: fl.showPass, SARIFRoot: fl.sarifRoot, Quiet: fl.quiet, Width: tableWidth(stdout),
		ASFF: report.ASFFOptions{AccountID: fl.asffAccount, Region: fl.asffRegion}}
	if opt.SARIFRoot == "" && !fl.live.enabled {
		// GitHub resolves SARIF paths from the repository root, whatever
		// directory the scan ran in.
		start := "."
		if len(req.Paths) > 0 {
			start = req.Paths[0]
			if st, err := os.Stat(start); err != nil || !st.IsDir() {
				start = filepath.Dir(start)
			}
		}
		opt.SARIFRoot, _ = suppress.RepoRoot(start)
	}
	if err := res.WriteOutputs(fl.outputs, opt); err != nil {
		return &exitError{code: exitInput, err: err}
	}
	if fl.format != "table" || fl.outputs[0].Path != "" {
		// The table carries its own summary; for other formats say on
		// stderr what could not be read.
		for _, p := range res.Skipped {
			fmt.Fprintf(stderr, "lambdasec: skipped %s\n", report.Display(p.String()))
		}
		for _, g := range res.Summary.Gaps {
			fmt.Fprintf(stderr, "lambdasec: not read: %s\n", report.Display(g))
		}
	}
	if len(res.Skipped) > 0 {
		return &exitError{code: exitInput}
	}
	if fl.failOnSev != nil {
		if why := res.FailureLine(*fl.failOnSev); why != "" {
			// Said on stderr whatever the report's format and place: a
			// CI log shows why the step failed.
			fmt.Fprintf(stderr, "lambdasec: failing (--fail-on %s): %s\n", *fl.failOnSev, why)
			return &exitError{code: exitFindings}
		}
	}
	return nil
}

// request checks the flags and maps them to a scan request.
func (fl *scanFlags) request(cmd *cobra.Command, args []string, stdout, stderr io.Writer) (scan.Request, error) {
	var req scan.Request
	if err := fl.live.validate(cmd); err != nil {
		return req, err
	}
	if fl.live.enabled && len(args) > 0 {
		return req, usageError("--aws reads a live account: give no PATH (scan a snapshot with 'lambdasec scan snapshot.json')")
	}
	minSev, severities, err := parseSeverities(fl.severity)
	if err != nil {
		return req, usageError("--severity: %v", err)
	}
	for _, list := range []struct {
		flag     string
		patterns []string
	}{{"skip-dirs", fl.skipDirs}, {"skip-files", fl.skipFiles}} {
		for _, pat := range list.patterns {
			if err := suppress.CheckPathGlob(pat); err != nil {
				return req, usageError("--%s: %v", list.flag, err)
			}
		}
	}
	if fl.failOn != "" {
		s, err := rules.ParseSeverity(fl.failOn)
		if err != nil {
			return req, usageError("--fail-on: %v", err)
		}
		fl.failOnSev = &s
	}
	if fl.maxFileSizeMiB < 1 {
		return req, usageError("--max-file-size must be at least 1 (MiB)")
	}
	if fl.maxCodeFileMiB < 1 {
		return req, usageError("--max-code-file-size must be at least 1 (MiB)")
	}
	codeLimits := secrets.DefaultLimits
	codeLimits.MaxFile = int64(fl.maxCodeFileMiB) << 20
	fl.live.codeLimits = codeLimits
	if err := fl.mapOutputs(stdout); err != nil {
		return req, err
	}
	now := time.Now().UTC()
	if fl.now != "" {
		if now, err = time.Parse("2006-01-02", fl.now); err != nil {
			return req, usageError("--now %q: want a date like 2026-01-31", fl.now)
		}
	}
	for _, a := range fl.trusted {
		if !iampolicy.IsAccountID(a) {
			return req, usageError("--trusted-account %q: want a 12-digit account ID", a)
		}
	}
	req = scan.Request{Paths: args, Load: scan.Options{MaxFileSize: int64(fl.maxFileSizeMiB) << 20, Shard: fl.live.shard},
		CodeScan: !fl.noCodeScan, CodeLimits: codeLimits, ConfigPath: fl.config, Now: now,
		TrustedAccounts: fl.trusted, MinSeverity: minSev, Severities: severities, Baseline: fl.baseline,
		SkipDirs: fl.skipDirs, SkipFiles: fl.skipFiles, Rules: fl.onlyRules, SkipRules: fl.skipRules, Parallel: fl.parallel}
	managed, _ := managedPolicies(stderr)
	req.ManagedPolicies = managed
	if newCodeSource != nil {
		req.Code = newCodeSource()
	}
	if fl.runtimes != "" {
		data, err := os.ReadFile(fl.runtimes)
		if err != nil {
			return req, usageError("--runtimes: %v", err)
		}
		if req.Runtimes, err = rules.ParseRuntimeTable(fl.runtimes, data); err != nil {
			return req, usageError("--runtimes: %v", err)
		}
	}
	if fl.layerPubs != "" {
		data, err := os.ReadFile(fl.layerPubs)
		if err != nil {
			return req, usageError("--layer-publishers: %v", err)
		}
		more, err := rules.ParseLayerPublishers(fl.layerPubs, data)
		if err != nil {
			return req, usageError("--layer-publishers: %v", err)
		}
		req.LayerPublishers = rules.DefaultLayerPublishers().Merge(more)
	}
	if fl.live.enabled {
		// Each account is judged as soon as it is read, then let go.
		req.LiveEach = func(ctx context.Context, fn func(uint64, *inventory.Estate) error) error {
			return fl.live.collectEach(ctx, stderr, func(i int, e *inventory.Estate) error { return fn(uint64(i), e) })
		}
	}
	return req, nil
}

// parseSeverities reads --severity: one level is a threshold ("high": high
// and above), a comma-separated list selects exactly those levels
// ("high,critical", "low,medium").
func parseSeverities(v string) (min rules.Severity, list []rules.Severity, err error) {
	if !strings.Contains(v, ",") {
		min, err = rules.ParseSeverity(strings.TrimSpace(v))
		return min, nil, err
	}
	for _, name := range strings.Split(v, ",") {
		s, err := rules.ParseSeverity(strings.TrimSpace(name))
		if err != nil {
			return rules.Info, nil, err
		}
		list = append(list, s)
	}
	return rules.Info, list, nil
}

func validFormat(f string) bool {
	for _, x := range report.Formats {
		if strings.EqualFold(x, f) {
			return true
		}
	}
	return false
}

// mapOutputs checks --format, --output and --output-file and sets
// fl.outputs: the main report (to --output, or standard output) and one
// file per --output-file FORMAT=FILE. It fails before any scan on an
// unknown format or a file in a directory that does not exist.
func (fl *scanFlags) mapOutputs(stdout io.Writer) error {
	if !validFormat(fl.format) {
		return usageError("--format %q: want one of %s", fl.format, strings.Join(report.Formats, ", "))
	}
	fl.format = strings.ToLower(fl.format)
	main := scan.Output{Format: fl.format, Path: fl.output, W: stdout}
	if fl.output == "" || fl.output == "-" {
		main.Path = ""
		main.Color = !fl.noColor && isTerminal(stdout) && os.Getenv("NO_COLOR") == ""
	}
	outs := []scan.Output{main}
	for _, v := range fl.outputFiles {
		format, file, ok := strings.Cut(v, "=")
		if !ok || file == "" {
			return usageError("--output-file %q: want FORMAT=FILE, e.g. sarif=results.sarif", v)
		}
		if !validFormat(format) {
			return usageError("--output-file %q: format %q: want one of %s", v, format, strings.Join(report.Formats, ", "))
		}
		outs = append(outs, scan.Output{Format: format, Path: file})
	}
	if err := scan.CheckOutputs(outs); err != nil {
		return usageError("%v", err)
	}
	fl.outputs = outs
	return nil
}

// tableWidth is the width the table wraps to: $COLUMNS when set, else
// the terminal's when stdout is one, else report.DefaultWidth (0).
func tableWidth(stdout io.Writer) int {
	if n, err := strconv.Atoi(os.Getenv("COLUMNS")); err == nil && n > 0 {
		return n
	}
	if f, ok := stdout.(*os.File); ok && isTerminal(stdout) {
		return terminalWidth(f)
	}
	return 0
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
