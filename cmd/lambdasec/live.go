package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/spf13/cobra"

	"github.com/lambdasec/lambdasec/internal/inventory"
	"github.com/lambdasec/lambdasec/internal/secrets"
	"github.com/lambdasec/lambdasec/internal/shard"
	"github.com/lambdasec/lambdasec/internal/source/live"
)

// liveFlags are the flags of the commands that read live accounts
// (scan --aws, collect --aws).
type liveFlags struct {
	awsFlags
	enabled     bool
	regions     string
	org         bool
	roleName    string
	concurrency int
	accounts    int
	scanCode    bool
	maxDuration time.Duration
	// shardSpec is --shard as given; shard is it parsed by validate.
	shardSpec string
	shard     shard.Shard
	// codeLimits bound the scan of downloaded packages (--scan-code);
	// zero means secrets.DefaultLimits.
	codeLimits secrets.Limits
	// since is the earlier collection collect --since reuses, and
	// sinceName the file it came from; nil reads everything.
	since     []*inventory.Estate
	sinceName string
	// limits are the token buckets; nil means AWS's published rates
	// (tests and benchmarks against the fake server raise them).
	limits *live.Limits
}

func (l *liveFlags) register(cmd *cobra.Command) {
	l.awsFlags.register(cmd, "")
	f := cmd.Flags()
	f.BoolVar(&l.enabled, "aws", false, "read a live AWS account (read-only) instead of files")
	f.StringVar(&l.regions, "regions", "", "regions to read: `all` (every enabled region) or a comma-separated list (default: --region)")
	f.BoolVar(&l.org, "org", false, "read every account of the AWS Organization (needs --role-name)")
	f.StringVar(&l.roleName, "role-name", "", "with --org, the role `NAME` to assume in each member account")
	f.IntVar(&l.concurrency, "concurrency", 16, "requests in flight per account and region (AWS's quotas still bound the rate)")
	f.IntVar(&l.accounts, "org-parallel", 4, "with --org, accounts read at once")
	f.BoolVar(&l.scanCode, "scan-code", false, "download each function's deployment package and scan it for secrets")
	f.StringVar(&l.shardSpec, "shard", "", "read only part `i/n` of the inputs (files by path, --org accounts by ID; stable hash), for n copies run side by side and combined with 'lambdasec merge'; auto/n takes i from $JOB_COMPLETION_INDEX or $AWS_BATCH_JOB_ARRAY_INDEX")
	f.DurationVar(&l.maxDuration, "max-duration", 2*time.Hour, "stop reading after `DURATION` (e.g. 30m): what is still outstanding is reported as not read (timeout), and the rules that need it say UNKNOWN")
}

// validate checks the live flags' combinations.
func (l *liveFlags) validate(cmd *cobra.Command) error {
	var err error
	if l.shard, err = shard.Parse(l.shardSpec, os.Getenv); err != nil {
		return usageError("--shard: %v", err)
	}
	if l.enabled && !l.org && !l.shard.Whole() {
		return usageError("--shard with --aws needs --org (accounts are what is shared out)")
	}
	if !l.enabled {
		for _, name := range []string{"regions", "org", "role-name", "scan-code", "profile", "endpoint-url", "region", "concurrency", "org-parallel", "max-duration"} {
			if cmd.Flags().Changed(name) {
				return usageError("--%s needs --aws", name)
			}
		}
		return nil
	}
	if l.org && l.roleName == "" {
		return usageError("--org needs --role-name (the role to assume in each member account)")
	}
	if !l.org && l.roleName != "" {
		return usageError("--role-name needs --org")
	}
	if l.concurrency < 1 {
		return usageError("--concurrency must be at least 1")
	}
	if l.maxDuration <= 0 {
		return usageError("--max-duration must be positive (e.g. 30m, 2h)")
	}
	return nil
}

// regionList returns the regions --regions names: nil when it is not
// given (the configuration's region), every region enabled for the
// account for "all" (ec2:DescribeRegions, paced by limits), else the
// comma-separated list.
func (l *liveFlags) regionList(ctx context.Context, cfg aws.Config, limits *live.Limits) ([]string, error) {
	var regions []string
	switch strings.TrimSpace(l.regions) {
	case "":
	case "all":
		var err error
		if regions, err = live.EnabledRegions(ctx, cfg, limits); err != nil {
			return nil, fmt.Errorf("--regions all: %w", err)
		}
	default:
		for _, r := range strings.Split(l.regions, ",") {
			if r = strings.TrimSpace(r); r != "" {
				regions = append(regions, r)
			}
		}
	}
	return regions, nil
}

// collect reads the live estates the flags describe, drawing a progress
// bar on stderr when it is a terminal. It holds every estate until the
// end; collectEach hands each over as it is read.
func (l *liveFlags) collect(ctx context.Context, stderr io.Writer) ([]*inventory.Estate, error) {
	var estates []*inventory.Estate
	err := l.collectEach(ctx, stderr, func(i int, e *inventory.Estate) error {
		if i >= len(estates) {
			estates = append(estates, make([]*inventory.Estate, i+1-len(estates))...)
		}
		estates[i] = e
		return nil
	})
	if err != nil {
		return nil, err
	}
	return estates, nil
}

// collectEach reads the live estates the flags describe and hands each to
// fn as soon as it is read, with i its position in the order collect
// returns them (one account: 0; --org: accounts by ID), so that a caller
// can write or judge it and let it go: with --org at most --org-parallel
// estates are held at once. fn is called one estate at a time, in the
// order the accounts are done; its error stops the collection and is
// returned. See live.CollectOrganizationFunc for what a --max-duration
// cut or a cancelled ctx hands over.
func (l *liveFlags) collectEach(ctx context.Context, stderr io.Writer, fn func(i int, e *inventory.Estate) error) error {
	// --max-duration counts from here: listing the regions is part of it.
	ctx, cancel := live.WithTimeLimit(ctx, l.maxDuration)
	defer cancel()
	cfg, err := l.load(ctx)
	if err != nil {
		return err
	}
	limits := l.limits
	if limits == nil {
		limits = live.NewLimits(1)
	}
	opts := live.Options{Concurrency: l.concurrency, ScanCode: l.scanCode, CodeLimits: l.codeLimits, Limits: limits,
		MaxDuration: l.maxDuration, Shard: l.shard,
		// The SDK's warnings reach the user; its debug notes (about
		// connection reuse after a cut-short call) do not.
		Logger: slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))}
	if opts.Regions, err = l.regionList(ctx, cfg, opts.Limits); err != nil {
		return err
	}
	if l.since != nil {
		regions := opts.Regions
		if len(regions) == 0 {
			regions = []string{cfg.Region}
		}
		for _, e := range l.since {
			if err := live.CheckSince(e, regions); err != nil {
				return err
			}
		}
		if l.org {
			opts.SinceAccounts = map[string]*inventory.Estate{}
			for _, e := range l.since {
				opts.SinceAccounts[e.Account] = e
			}
		} else {
			opts.Since = l.since[0]
		}
		var mu sync.Mutex
		opts.Reused = func(r live.Reuse) {
			mu.Lock()
			defer mu.Unlock()
			reportReuse(stderr, l.sinceName, r)
		}
	}
	bar := newProgressBar(stderr)
	opts.Progress = bar.update
	defer bar.finish()
	if l.org {
		return live.CollectOrganizationFunc(ctx, cfg, l.roleName, l.accounts, opts, fn)
	}
	e, err := live.Collect(ctx, cfg, opts)
	if err != nil {
		return err
	}
	return fn(0, e)
}

// progressBar draws "collecting 111122223333: 120/2000 functions" on a
// terminal, at most ten times a second; it draws nothing elsewhere.
type progressBar struct {
	w    io.Writer
	tty  bool
	mu   sync.Mutex
	last time.Time
	any  bool
}

func newProgressBar(w io.Writer) *progressBar { return &progressBar{w: w, tty: isTerminal(w)} }

func (b *progressBar) update(p live.Progress) {
	if !b.tty {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if now := time.Now(); now.Sub(b.last) >= 100*time.Millisecond || p.Done == p.Total {
		b.last = now
		b.any = true
		width := 30
		filled := 0
		if p.Total > 0 {
			filled = width * p.Done / p.Total
		}
		fmt.Fprintf(b.w, "\r\x1b[Kcollecting %s [%s%s] %d/%d functions", p.Account,
			strings.Repeat("#", filled), strings.Repeat(".", width-filled), p.Done, p.Total)
	}
}

func (b *progressBar) finish() {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.any {
		fmt.Fprint(b.w, "\r\x1b[K")
	}
}

// reportReuse says on stderr what an incremental collection took from
// the earlier snapshot and the calls it did not make.
func reportReuse(w io.Writer, name string, r live.Reuse) {
	ops := make([]string, 0, len(r.Saved))
	total := 0
	for op, n := range r.Saved {
		ops = append(ops, fmt.Sprintf("%s %d", op, n))
		total += n
	}
	sort.Strings(ops)
	fmt.Fprintf(w, "lambdasec: --since %s: account %s: %d functions unchanged, taken from the snapshot; %d read (changed, new, or not fully read before); %d calls saved (%s)\n",
		name, r.Account, r.Reused, r.Read, total, strings.Join(ops, ", "))
}
