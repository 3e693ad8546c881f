package live

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/arn"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"golang.org/x/sync/errgroup"

	"github.com/lambdasec/lambdasec/internal/inventory"
	"github.com/lambdasec/lambdasec/internal/secrets"
	"github.com/lambdasec/lambdasec/internal/shard"
)

// Options tune a collection.
type Options struct {
	// Regions are the regions to read; empty means the configuration's
	// region. Resolve "all" with EnabledRegions first.
	Regions []string
	// Concurrency is how many requests one account and region may have in
	// flight at once (the token buckets still bound the rate); 0 means 16.
	Concurrency int
	// Limits are the token buckets; nil means AWS's published rates.
	Limits *Limits
	// MaxAttempts is how many times one call is tried (throttling, 5xx,
	// timeouts); 0 means 10. MaxBackoff caps the wait between attempts;
	// 0 means 20 s.
	MaxAttempts int
	MaxBackoff  time.Duration
	// AttemptTimeout bounds one attempt of one call; 0 means 30 s.
	AttemptTimeout time.Duration
	// ScanCode downloads each function's deployment package (GetFunction's
	// presigned URL, at most CodeLimits.MaxPackage bytes, in memory) and
	// scans it for secrets.
	ScanCode   bool
	CodeLimits secrets.Limits
	// Progress, when set, is called as functions are read.
	Progress func(Progress)
	// Now stamps the estate's collection time; nil means time.Now.
	Now func() time.Time
	// MaxDuration bounds the whole collection (every account and region);
	// 0 means no bound. When it is reached, the calls still outstanding
	// fail with a TimeLimitError, become gaps of kind timeout on what they
	// were reading (so the rules that need it say UNKNOWN), and the
	// estate read so far is returned.
	MaxDuration time.Duration
	// Since is an earlier collection of the same account and regions
	// (collect --since): a function whose RevisionId, LastModified and
	// published versions are unchanged, and that has no gap there, is
	// not read again — its GetFunction, alias, resource-policy, URL and
	// event-invoke data are taken from Since; everything else (every
	// listing, the other services, IAM) is read as usual. Lambda gives a
	// resource policy a RevisionId of its own (GetPolicy; AddPermission
	// and RemovePermission check against it), and does not document that
	// changing it, or tags, reserved concurrency, aliases or URLs,
	// changes the function's RevisionId: such changes made since Since
	// are not seen.
	// https://docs.aws.amazon.com/lambda/latest/api/API_GetPolicy.html
	// https://docs.aws.amazon.com/lambda/latest/api/API_RemovePermission.html
	// Collect refuses a Since of another account or region set.
	Since *inventory.Estate
	// SinceAccounts are, for CollectOrganization, the earlier collection
	// of each account by account ID, used as Since is; an account without
	// one, or whose one CheckSince refuses, is read whole. Check them with
	// CheckSince first to refuse them instead.
	SinceAccounts map[string]*inventory.Estate
	// Reused, when set with Since, is called once the account is read,
	// with what was reused and the calls saved.
	Reused func(Reuse)
	// Shard, when not the whole, makes CollectOrganization read only the
	// accounts it owns (shard.Shard.Owns of the account ID); Collect of
	// one account ignores it.
	Shard shard.Shard
	// Logger receives the SDK's log messages (see sdkLogger); nil keeps
	// the configuration's logger, without its connection-reuse notes.
	Logger *slog.Logger
}

// Progress reports how far a collection is: Done of Total functions read
// so far over every region started.
type Progress struct {
	Account string
	Done    int
	Total   int
}

func (o *Options) defaults() {
	if o.Concurrency <= 0 {
		o.Concurrency = 16
	}
	if o.Limits == nil {
		o.Limits = NewLimits(1)
	}
	if o.MaxAttempts <= 0 {
		o.MaxAttempts = 10
	}
	if o.MaxBackoff <= 0 {
		o.MaxBackoff = defaultMaxBackoff
	}
	if o.AttemptTimeout <= 0 {
		o.AttemptTimeout = 30 * time.Second
	}
	if o.CodeLimits == (secrets.Limits{}) {
		o.CodeLimits = secrets.DefaultLimits
	}
}

// account is the collection of one account: its configuration (through
// the limits), the estate being built and the lock that guards it.
type account struct {
	opts Options
	cfg  aws.Config
	id   string
	// partition is the caller identity's ("aws", "aws-cn"...).
	partition string

	// since is the earlier collection reused (Options.Since), or nil.
	since *since

	mu  sync.Mutex
	est *inventory.Estate
	// done and total count functions read, for Progress.
	done, total int
}

// region is the collection of one region of an account.
type region struct {
	*account
	name string
	cfg  aws.Config
	sem  chan struct{}

	fmu       sync.Mutex
	functions []*inventory.Function
	// cscApply ties functions to their code-signing configs once every
	// function's own calls are done.
	cscApply func()
	// disabled is set when Lambda is not enabled in the region for the
	// account: the region is skipped.
	disabled bool
}

// Collect reads the account cfg's credentials belong to, in every region of
// opts.Regions, into one estate (Kind KindAccount, Name the account ID).
// It returns an error only when nothing can be read (the caller identity
// cannot be told); every other failure is a Gap on the resource or the
// estate, and the estate is returned.
// https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html
func Collect(ctx context.Context, cfg aws.Config, opts Options) (*inventory.Estate, error) {
	opts.defaults()
	ctx, cancel := WithTimeLimit(ctx, opts.MaxDuration)
	defer cancel()
	cfg = withLogger(withAttemptTimeout(cfg, opts.AttemptTimeout), opts.Logger)
	if len(opts.Regions) == 0 {
		if cfg.Region == "" {
			return nil, fmt.Errorf("no region: set --region, AWS_REGION or a profile region")
		}
		opts.Regions = []string{cfg.Region}
	}
	// The identity call goes through the limits like every other.
	caller := callerKey()
	idCfg := opts.Limits.Configure(cfg, caller, opts.MaxAttempts, opts.MaxBackoff)
	id, err := sts.NewFromConfig(idCfg).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil {
		return nil, fmt.Errorf("sts:GetCallerIdentity: %w", err)
	}
	acct := aws.ToString(id.Account)
	partition, err := callerPartition(id)
	if err != nil {
		return nil, err
	}
	a := &account{
		opts:      opts,
		cfg:       opts.Limits.Configure(cfg, acct, opts.MaxAttempts, opts.MaxBackoff),
		id:        acct,
		partition: partition,
		est:       &inventory.Estate{Kind: inventory.KindAccount, Name: acct, Account: acct, Caller: aws.ToString(id.Arn)},
	}
	regions := append([]string(nil), opts.Regions...)
	sort.Strings(regions)
	if opts.Since != nil {
		if a.since, err = newSince(opts.Since, acct, regions); err != nil {
			return nil, err
		}
	} else if prev := opts.SinceAccounts[acct]; prev != nil {
		a.since, _ = newSince(prev, acct, regions) // refused: read whole
	}

	g, gctx := errgroup.WithContext(ctx)
	var iamRun iamResult
	g.Go(func() error {
		iamRun = a.collectIAM(gctx)
		return nil
	})
	var rs []*region
	for _, name := range regions {
		r := &region{account: a, name: name, sem: make(chan struct{}, opts.Concurrency)}
		r.cfg = a.cfg.Copy()
		r.cfg.Region = name
		rs = append(rs, r)
		g.Go(func() error { r.collect(gctx); return nil })
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		var tl *TimeLimitError
		if !errors.As(context.Cause(ctx), &tl) {
			return nil, err
		}
		// Out of time: what was outstanding is a gap where it belongs;
		// say once, for the summary, why the collection is partial.
		a.est.Gaps = append(a.est.Gaps, inventory.Gap{Field: "collection", Kind: inventory.GapTimeout,
			Reason: tl.Error() + " before every call was answered: what was not read is listed, and the rules that need it say UNKNOWN"})
	}
	for _, r := range rs {
		if !r.disabled {
			a.est.Regions = append(a.est.Regions, r.name)
		}
	}
	iamRun.apply(a.est)
	normalize(a.est)
	calls := opts.Limits.CallsOf(acct)
	for k, v := range opts.Limits.CallsOf(caller) {
		calls[k] += v
	}
	a.est.Calls = calls
	if a.since != nil && opts.Reused != nil {
		opts.Reused(a.since.stats)
	}
	return a.est, nil
}

// WithTimeLimit bounds ctx by limit (none when 0, or when ctx already
// carries a time limit), with a TimeLimitError as its cause: the calls
// made under it that are cut by the limit become gaps of kind timeout.
// Collect and CollectOrganization apply Options.MaxDuration with it; a
// caller that makes other calls first (EnabledRegions) can start the
// clock earlier.
func WithTimeLimit(ctx context.Context, limit time.Duration) (context.Context, context.CancelFunc) {
	if _, ok := ctx.Value(timeLimitKey{}).(time.Duration); limit <= 0 || ok {
		return ctx, func() {}
	}
	ctx = context.WithValue(ctx, timeLimitKey{}, limit)
	return context.WithTimeoutCause(ctx, limit, &TimeLimitError{Limit: limit})
}

// timeLimitKey marks a context that already carries the collection's time
// limit (an organization's accounts share one).
type timeLimitKey struct{}

// callerKey is the limits' key for calls made before the account is
// known (the identity call): one per credential source.
func callerKey() string {
	return fmt.Sprintf("caller:%d", callerSeq.Add(1))
}

var callerSeq atomic.Int64

// withAttemptTimeout bounds each HTTP attempt, so a hung connection is
// retried like any other transient failure.
func withAttemptTimeout(cfg aws.Config, d time.Duration) aws.Config {
	cfg = cfg.Copy()
	switch c := cfg.HTTPClient.(type) {
	case nil:
		cfg.HTTPClient = awshttp.NewBuildableClient().WithTimeout(d)
	case *awshttp.BuildableClient:
		cfg.HTTPClient = c.WithTimeout(d)
	case *http.Client:
		cp := *c
		cp.Timeout = d
		cfg.HTTPClient = &cp
	}
	return cfg
}

// collect reads one region: Lambda first (the other services need to know
// the functions' keys, subnets and log groups), with the services that
// need nothing from it alongside.
func (r *region) collect(ctx context.Context) {
	var wg sync.WaitGroup
	// The services that need nothing from Lambda start once the first
	// ListFunctions page shows the region is enabled.
	started := func() {
		for _, f := range []func(context.Context){
			r.collectAPIGateway, r.collectLoadBalancers, r.collectTrails,
			r.collectSettings, r.collectAlarms, r.collectSecrets, r.collectDetection, r.collectEventRules,
		} {
			wg.Add(1)
			go func() { defer wg.Done(); f(ctx) }()
		}
	}
	if r.collectLambda(ctx, started) {
		for _, f := range []func(context.Context){r.collectNetwork, r.collectKeys, r.collectLogGroups, r.collectBuckets, r.collectQueuesTopics} {
			wg.Add(1)
			go func() { defer wg.Done(); f(ctx) }()
		}
	}
	wg.Wait()
}

// add changes the estate under the account's lock.
func (r *region) add(f func(e *inventory.Estate)) {
	r.mu.Lock()
	defer r.mu.Unlock()
	f(r.est)
}

// regionFunctions returns the functions read in the region (complete once
// collectLambda has returned).
func (r *region) regionFunctions() []*inventory.Function {
	r.fmu.Lock()
	defer r.fmu.Unlock()
	return append([]*inventory.Function(nil), r.functions...)
}

// estateGap records that call failed for a whole kind of resource of the
// region: what names what was not read ("functions", "REST APIs").
func (r *region) estateGap(call string, err error, what string) {
	kind, reason := classify(call, err)
	r.add(func(e *inventory.Estate) {
		e.Gaps = append(e.Gaps, inventory.Gap{
			Field:  what + " in " + r.name,
			Reason: reason + "; " + what + " in " + r.name + " not read",
			Call:   call,
			Kind:   kind,
			Region: r.name,
		})
	})
}

// gap records that call failed for res, blocking fields. It is safe to
// call while other goroutines read other resources; each resource is
// written by one goroutine at a time.
func gap(res *inventory.Resource, call string, err error, fields ...string) {
	kind, reason := classify(call, err)
	for _, f := range fields {
		res.Gaps = appendGap(res.Gaps, inventory.Gap{Field: f, Reason: reason, Call: call, Kind: kind})
	}
}

func appendGap(gs []inventory.Gap, g inventory.Gap) []inventory.Gap {
	for _, x := range gs {
		if x.Field == g.Field {
			return gs
		}
	}
	return append(gs, g)
}

// each runs f(i) for i in [0,n) with at most the region's concurrency in
// flight, and waits for all.
func (r *region) each(ctx context.Context, n int, f func(i int)) {
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		// Every item is tried even when ctx has ended: its calls then
		// fail at once, and each becomes a gap of the item — an item
		// never tried would be missing without a word.
		r.sem <- struct{}{}
		wg.Add(1)
		go func() {
			defer func() { <-r.sem; wg.Done() }()
			f(i)
		}()
	}
	wg.Wait()
}

// progress reports functions read.
func (a *account) progress(doneDelta, totalDelta int) {
	if a.opts.Progress == nil {
		return
	}
	a.mu.Lock()
	a.done += doneDelta
	a.total += totalDelta
	p := Progress{Account: a.id, Done: a.done, Total: a.total}
	a.mu.Unlock()
	a.opts.Progress(p)
}

// callerPartition returns the partition ("aws", "aws-cn", "aws-us-gov")
// of the caller identity's ARN: the partition of the credentials is the
// partition of everything they read.
// https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html
func callerPartition(id *sts.GetCallerIdentityOutput) (string, error) {
	a, err := arn.Parse(aws.ToString(id.Arn))
	if err != nil {
		return "", fmt.Errorf("%s: the caller's ARN %q: %w", call(opCallerIdentity), aws.ToString(id.Arn), err)
	}
	return a.Partition, nil
}

// arn returns the ARN of a resource of the region, in the partition of
// the account; account is empty for services whose ARNs have none (API
// Gateway).
func (r *region) arn(service, account, resource string) string {
	return arn.ARN{Partition: r.partition, Service: service, Region: r.name, AccountID: account, Resource: resource}.String()
}
