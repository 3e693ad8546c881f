package main

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"golang.org/x/sync/errgroup"

	"github.com/lambdasec/lambdasec/internal/inventory"
	"github.com/lambdasec/lambdasec/internal/report"
	"github.com/lambdasec/lambdasec/internal/scan"
	"github.com/lambdasec/lambdasec/internal/source/live"
	"github.com/lambdasec/lambdasec/internal/suppress"
	"github.com/lambdasec/lambdasec/internal/trail"
)

type trailFlags struct {
	scanFlags
	since, until string
	deployers    []string
	emit         string
	workers      int
}

func newTrailCmd(stdout, stderr io.Writer) *cobra.Command {
	var fl trailFlags
	cmd := &cobra.Command{
		Use:   "trail [PATH...] | trail --aws | trail --emit FORMAT",
		Short: "Find the Lambda events of significance in CloudTrail records (rules LS801-LS815)",
		Long: `Trail reads CloudTrail records — S3-delivered log files (.json.gz, .json), whole directory trees in
the S3 layout (AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/, organization trails included;
CloudTrail-Digest and CloudTrail-Insight are left out), JSON arrays and JSON-lines exports, and
CloudTrail Lake query results (result_N.csv.gz) — or with --aws the account's event history
(cloudtrail:LookupEvents, paced at its quota of 2 requests a second in each region) of --region, or of
each region --regions names (a list, or all), and judges Lambda's events with
the activity rules (LS8xx). Event names match whatever their version suffix (AddPermission20150331v2).
Records are deduplicated on eventID. Reports, suppressions (.lambdasec.yaml, --baseline) and exit
codes are those of scan.

--emit writes detection rules for the same events instead (eventbridge, metric-filter or sigma), that
match the versioned event names, for a team to deploy.`,
		Example: `  lambdasec trail --since 24h logs/AWSLogs/
  lambdasec trail --deployer 'arn:aws:iam::111122223333:role/deploy-*' --format json -o activity.json trail-bucket-copy/
  lambdasec trail --aws --region eu-west-1 --since 72h
  lambdasec trail --aws --regions all --since 24h
  lambdasec trail --emit eventbridge > lambdasec-detections.json`,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runTrail(cmd, args, &fl, stdout, stderr)
		},
	}
	f := cmd.Flags()
	f.StringVar(&fl.since, "since", "", "judge only events at or after `WHEN`: a duration before now (24h, 90m) or a date (2026-12-01, 2026-12-01T10:00:00Z)")
	f.StringVar(&fl.until, "until", "", "judge only events before `WHEN` (as --since)")
	f.StringArrayVar(&fl.deployers, "deployer", nil, "ARN `PATTERN` of a principal that deploys functions (repeatable; * spans /): code updates by others fail LS806 (default: a principal seen changing the function earlier in the window)")
	f.StringVar(&fl.emit, "emit", "", "write detection rules instead of reading records: `FORMAT` "+strings.Join(trail.EmitFormats, ", "))
	f.IntVar(&fl.workers, "parallel", 0, "files read at once; 0 means every core")
	f.StringVarP(&fl.format, "format", "f", "table", "output format: "+strings.Join(report.Formats, ", "))
	f.StringVarP(&fl.output, "output", "o", "", "write the report to `FILE` instead of standard output")
	f.StringArrayVar(&fl.outputFiles, "output-file", nil, "also write a report in `FORMAT=FILE` (repeatable)")
	f.StringVar(&fl.severity, "severity", "info", "show only failures at or above `LEVEL`, or of the listed levels (high,critical)")
	f.StringVar(&fl.failOn, "fail-on", "", "exit 1 when a failure at or above `LEVEL` remains (default: never)")
	f.StringSliceVar(&fl.trusted, "trusted-account", nil, "account `ID` allowed to invoke functions and use layers (repeatable)")
	f.BoolVar(&fl.showPass, "show-pass", false, "list PASS results in the table too")
	f.BoolVar(&fl.noColor, "no-color", false, "never colour the table")
	f.BoolVarP(&fl.quiet, "quiet", "q", false, "print only the findings in the table")
	f.StringVar(&fl.config, "config", "", "ignores, trusted accounts and disabled rules from `FILE` (default: "+suppress.FileName+" if present)")
	f.StringVar(&fl.baseline, "baseline", "", "report only findings that are not in `REPORT`, an earlier --format json report")
	f.StringVar(&fl.asffAccount, "asff-account", "", "AWS account `ID` to import ASFF findings into (when a finding's ARN does not say)")
	f.StringVar(&fl.asffRegion, "asff-region", "", "AWS `REGION` of the Security Hub to import ASFF findings into (when a finding's ARN does not say)")
	f.StringSliceVar(&fl.onlyRules, "rule", nil, "run only the rules matching `ID` or name (default: LS8*)")
	f.StringSliceVar(&fl.skipRules, "skip-rule", nil, "do not run the rules matching `ID` or name")
	fl.live.awsFlags.register(cmd, "")
	f.BoolVar(&fl.live.enabled, "aws", false, "read the account's CloudTrail event history (cloudtrail:LookupEvents; management events only) instead of files")
	f.StringVar(&fl.live.regions, "regions", "", "with --aws, the regions whose event history to read: `all` (every enabled region) or a comma-separated list (default: --region)")
	return cmd
}

// parseWhen reads --since/--until: a duration before now, or a date or
// date and time (UTC when no zone is given).
func parseWhen(flag, v string, now time.Time) (time.Time, error) {
	if v == "" {
		return time.Time{}, nil
	}
	if d, err := time.ParseDuration(v); err == nil && d > 0 {
		return now.Add(-d), nil
	}
	for _, layout := range []string{time.RFC3339, "2006-01-02T15:04:05", "2006-01-02"} {
		if t, err := time.Parse(layout, v); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, usageError("--%s %q: want a duration (24h, 90m) or a date (2026-12-01, 2026-12-01T10:00:00Z)", flag, v)
}

func runTrail(cmd *cobra.Command, args []string, fl *trailFlags, stdout, stderr io.Writer) error {
	if fl.emit != "" {
		if len(args) > 0 || fl.live.enabled {
			return usageError("--emit writes detection rules: give no PATH and no --aws")
		}
		if err := trail.Emit(stdout, fl.emit); err != nil {
			return usageError("--emit: %v", err)
		}
		return nil
	}
	if fl.live.enabled && len(args) > 0 {
		return usageError("--aws reads the event history: give no PATH")
	}
	if !fl.live.enabled && fl.live.regions != "" {
		return usageError("--regions needs --aws (the files say their own regions)")
	}
	if !fl.live.enabled && len(args) == 0 {
		return usageError("give the CloudTrail files or directories to read (PATH...), or --aws")
	}
	now := time.Now().UTC()
	since, err := parseWhen("since", fl.since, now)
	if err != nil {
		return err
	}
	until, err := parseWhen("until", fl.until, now)
	if err != nil {
		return err
	}
	// The flags scan's request mapping checks but trail does not take.
	fl.maxFileSizeMiB, fl.maxCodeFileMiB, fl.live.concurrency, fl.live.maxDuration = 1, 1, 1, time.Hour
	req, err := fl.request(cmd, nil, stdout, stderr)
	if err != nil {
		return err
	}
	req.Paths, req.CodeScan, req.Deployers, req.Now = args, false, fl.deployers, now
	if len(req.Rules) == 0 {
		req.Rules = []string{"LS8*"}
	}
	reader := trail.NewReader(trail.Options{Since: since, Until: until, Workers: fl.workers})
	req.LiveEach = nil   // the estates are the trail's, below
	var regions []string // read with --aws
	failed := 0          // regions whose history could not be read
	req.Live = func(ctx context.Context) ([]*inventory.Estate, error) {
		if fl.live.enabled {
			var err error
			if regions, failed, err = lookupRegions(ctx, &fl.live, reader, since, until); err != nil {
				return nil, err
			}
		} else if err := reader.ReadPaths(ctx, args); err != nil {
			return nil, err
		}
		return reader.Estates(), nil
	}
	res, err := scan.Run(cmd.Context(), req)
	defer res.Close()
	switch scan.Stage(err) {
	case "":
	case scan.StageLoad:
		return &exitError{code: exitInput, err: err}
	case scan.StageBaseline:
		return usageError("--baseline: %v", err)
	default:
		return usageError("%v", err)
	}
	st := reader.Stats()
	res.Skipped = append(res.Skipped, reader.Problems()...)
	res.Summary.Skipped, res.Summary.Files = res.Skipped, st.Files
	if !fl.live.enabled {
		fmt.Fprintf(stderr, "lambdasec: read %s, %s: %d Lambda events, %d duplicates dropped, %s left out\n",
			plural(st.Files, "file"), plural(st.Records, "record"), st.Lambda, st.Duplicates, plural(st.Skipped, "other file"))
	} else {
		of := plural(len(regions), "region") + " (" + strings.Join(regions, ", ") + ")"
		if len(regions) == 0 {
			of = "no region"
		}
		if failed > 0 {
			of += fmt.Sprintf("; %d could not be read", failed)
		}
		fmt.Fprintf(stderr, "lambdasec: read %s from the event history of %s: %d Lambda events\n", plural(st.Records, "record"), of, st.Lambda)
	}
	if st.DeniedUnlisted > 0 {
		fmt.Fprintf(stderr, "lambdasec: %d access-denied calls counted, not listed (only the earliest %d of each principal are listed)\n", st.DeniedUnlisted, trail.DefaultDeniedListed)
	}
	if st.Forgotten > 0 {
		fmt.Fprintf(stderr, "lambdasec: the deduplication window was full: %d eventIDs of counted records forgotten, so invocation and access-denied counts are upper bounds\n", st.Forgotten)
	}
	opt := report.Options{Version: toolVersion(), ShowPass: fl.showPass, Quiet: fl.quiet, Width: tableWidth(stdout),
		ASFF: report.ASFFOptions{AccountID: fl.asffAccount, Region: fl.asffRegion}}
	if err := res.WriteOutputs(fl.outputs, opt); err != nil {
		return &exitError{code: exitInput, err: err}
	}
	if fl.format != "table" || fl.outputs[0].Path != "" {
		for _, p := range res.Skipped {
			fmt.Fprintf(stderr, "lambdasec: skipped %s\n", report.Display(p.String()))
		}
	}
	if len(res.Skipped) > 0 || st.Files == 0 && !fl.live.enabled {
		if st.Files == 0 && len(res.Skipped) == 0 {
			fmt.Fprintln(stderr, "lambdasec: no CloudTrail records read")
		}
		return &exitError{code: exitInput}
	}
	if fl.failOnSev != nil {
		if why := res.FailureLine(*fl.failOnSev); why != "" {
			fmt.Fprintf(stderr, "lambdasec: failing (--fail-on %s): %s\n", *fl.failOnSev, why)
			return &exitError{code: exitFindings}
		}
	}
	return nil
}

// plural says "1 file", "2 files".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// lookupRegions reads Lambda's events from the CloudTrail event history
// (LookupEvents, each region paced at its own quota) of every region
// --regions names (the configured region without it), four regions at a
// time (each once, in order), into reader, and returns the regions read
// and how many could not be. Event history is kept per region: a function
// changed in a region not read is not seen, so the summary names the
// regions read. A region that cannot be read (denied, not enabled) is one
// of the reader's problems (the run exits 2) and does not stop the
// others; a cancelled ctx stops them all.
func lookupRegions(ctx context.Context, fl *liveFlags, reader *trail.Reader, since, until time.Time) ([]string, int, error) {
	cfg, err := fl.load(ctx)
	if err != nil {
		return nil, 0, err
	}
	regions, err := fl.regionList(ctx, cfg, live.NewLimits(1))
	if err != nil {
		return nil, 0, err
	}
	if len(regions) == 0 {
		regions = []string{cfg.Region}
	}
	regions = slices.Compact(slices.Sorted(slices.Values(regions)))
	read := make([]bool, len(regions))
	var g errgroup.Group
	g.SetLimit(4)
	for i, region := range regions {
		rc := cfg.Copy()
		rc.Region = region
		g.Go(func() error {
			source := "cloudtrail:LookupEvents " + region
			_, err := live.LookupEvents(ctx, rc, since, until, func(js, id string) error {
				if err := reader.AddRecord([]byte(js), inventory.Source{File: source, LogicalID: "event " + id}); err != nil {
					return fmt.Errorf("LookupEvents event %s: %w", id, err)
				}
				return nil
			})
			switch {
			case ctx.Err() != nil:
				return ctx.Err()
			case err != nil:
				reader.Unread(source, err)
			default:
				read[i] = true
			}
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, 0, err
	}
	var ok []string
	for i, r := range regions {
		if read[i] {
			ok = append(ok, r)
		}
	}
	return ok, len(regions) - len(ok), nil
}
