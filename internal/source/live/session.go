package live

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/smithy-go/middleware"
	"golang.org/x/time/rate"
)

// Bucket is a request-rate quota: Rate requests per second shared by the
// operations mapped to it, per account and region. Burst is the bucket
// size assumed for AWS's side (the fake endpoint of the benchmark uses
// it); the collector itself paces requests evenly.
type Bucket struct {
	Name  string
	Rate  float64
	Burst int
	// Source cites where the number comes from.
	Source string
}

// Quota buckets. Lambda's are published per account and region on the
// Lambda quotas page; for the other services AWS publishes no per-API
// figure for most read calls, so lambdasec uses a conservative rate and
// relies on adaptive retry for the rest.
// https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html#api-requests
var (
	BucketLambdaGetFunction = Bucket{Name: "lambda:GetFunction", Rate: 100, Burst: 100, Source: "Lambda quotas: GetFunction API requests, 100 per second"}
	BucketLambdaGetPolicy   = Bucket{Name: "lambda:GetPolicy", Rate: 15, Burst: 15, Source: "Lambda quotas: GetPolicy API requests, 15 per second"}
	BucketLambdaControl     = Bucket{Name: "lambda:control-plane", Rate: 15, Burst: 15, Source: "Lambda quotas: remainder of the control plane API requests, 15 per second"}
	BucketIAM               = Bucket{Name: "iam", Rate: 10, Burst: 10, Source: "not published per API; conservative"}
	BucketAPIGateway        = Bucket{Name: "apigateway", Rate: 5, Burst: 5, Source: "API Gateway quotas: most read calls of the control plane allow a few requests per second per account"}
	BucketEC2               = Bucket{Name: "ec2:describe", Rate: 20, Burst: 50, Source: "EC2 API request throttling: non-mutating actions refill at 20 per second (bucket 100)"}
	BucketDefault           = Bucket{Name: "default", Rate: 5, Burst: 5, Source: "not published per API; conservative"}
)

// BucketOf returns the quota bucket of an operation of a service (the SDK
// service ID, "Lambda", "IAM"...).
func BucketOf(service, operation string) Bucket {
	switch strings.ToLower(service) {
	case "lambda":
		switch operation {
		case "GetFunction":
			return BucketLambdaGetFunction
		case "GetPolicy":
			return BucketLambdaGetPolicy
		}
		return BucketLambdaControl
	case "iam":
		return BucketIAM
	case "api gateway", "apigatewayv2":
		return BucketAPIGateway
	case "ec2":
		return BucketEC2
	case "s3":
		return BucketS3
	case "sqs":
		return BucketSQS
	case "sns":
		return BucketSNS
	case "eventbridge":
		return BucketEventBridge
	}
	return BucketDefault
}

// Limits holds a token bucket per account, region and quota bucket, and
// counts the requests made (attempts, retries included) per operation.
type Limits struct {
	mu       sync.Mutex
	limiters map[string]*rate.Limiter
	calls    map[string]map[string]int // account -> "service:Operation" -> attempts
	scale    float64
	// Override replaces the rate of a bucket (by name), for benchmarks and
	// accounts with raised quotas.
	Override map[string]float64
	// RetryMode is the SDK retry mode of the clients Configure makes:
	// adaptive (the default, "") or aws.RetryModeStandard. Adaptive mode
	// also slows the client down after throttling; tests that inject
	// throttling at random, unrelated to the request rate, use standard.
	RetryMode aws.RetryMode
}

// NewLimits returns limits at AWS's rates times scale (1 for real use).
func NewLimits(scale float64) *Limits {
	if scale <= 0 {
		scale = 1
	}
	return &Limits{limiters: map[string]*rate.Limiter{}, calls: map[string]map[string]int{}, scale: scale}
}

func (l *Limits) limiter(account, region string, b Bucket) *rate.Limiter {
	l.mu.Lock()
	defer l.mu.Unlock()
	k := account + "/" + region + "/" + b.Name
	lim := l.limiters[k]
	if lim == nil {
		r := b.Rate
		if o, ok := l.Override[b.Name]; ok {
			r = o
		}
		// Requests are paced evenly (a burst of one): AWS does not
		// publish the burst of its buckets, and a client that bursts
		// while AWS's bucket is not yet full is throttled — after which
		// adaptive retry slows it down for a while.
		lim = rate.NewLimiter(rate.Limit(r*l.scale), 1)
		l.limiters[k] = lim
	}
	return lim
}

func (l *Limits) count(account, service, op string) {
	l.mu.Lock()
	m := l.calls[account]
	if m == nil {
		m = map[string]int{}
		l.calls[account] = m
	}
	m[service+":"+op]++
	l.mu.Unlock()
}

// Calls returns the requests made per "service:Operation" (SDK service
// IDs in lower case: "lambda:GetPolicy"), over every account.
func (l *Limits) Calls() map[string]int {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := map[string]int{}
	for _, m := range l.calls {
		for k, v := range m {
			out[k] += v
		}
	}
	return out
}

// CallsOf returns the requests made for one account (the account passed
// to Configure), per "service:Operation".
func (l *Limits) CallsOf(account string) map[string]int {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := map[string]int{}
	for k, v := range l.calls[account] {
		out[k] = v
	}
	return out
}

// CallsByBucket returns the requests made per quota bucket.
func (l *Limits) CallsByBucket() map[string]int {
	out := map[string]int{}
	for k, v := range l.Calls() {
		svc, op, _ := strings.Cut(k, ":")
		out[BucketOf(svc, op).Name] += v
	}
	return out
}

// middleware makes every attempt of every operation wait for a token of
// its bucket in the client's account and region, and counts it. It sits
// after the SDK's retry middleware, so retries wait and count too.
func (l *Limits) middleware(account string) func(*middleware.Stack) error {
	return func(stack *middleware.Stack) error {
		mw := middleware.FinalizeMiddlewareFunc("lambdasecRateLimit", func(ctx context.Context, in middleware.FinalizeInput, next middleware.FinalizeHandler) (middleware.FinalizeOutput, middleware.Metadata, error) {
			svc := awsmiddleware.GetServiceID(ctx)
			op := awsmiddleware.GetOperationName(ctx)
			region := awsmiddleware.GetRegion(ctx)
			if err := l.limiter(account, region, BucketOf(svc, op)).Wait(ctx); err != nil {
				if ctx.Err() == nil {
					// The token comes after ctx's deadline: the call
					// cannot be made in time. End as the deadline does.
					<-ctx.Done()
				}
				return middleware.FinalizeOutput{}, middleware.Metadata{}, ctx.Err()
			}
			l.count(account, strings.ToLower(svc), op)
			return next.HandleFinalize(ctx, in)
		})
		if _, ok := stack.Finalize.Get("Retry"); ok {
			return stack.Finalize.Insert(mw, "Retry", middleware.After)
		}
		return stack.Finalize.Add(mw, middleware.After)
	}
}

// Configure returns a copy of cfg that goes through the limits for
// account, and retries throttling and server errors with the SDK's
// adaptive retry mode (maxAttempts attempts, at most maxBackoff apart).
// https://docs.aws.amazon.com/sdk-for-go/v2/developer-guide/configure-retries-timeouts.html
func (l *Limits) Configure(cfg aws.Config, account string, maxAttempts int, maxBackoff time.Duration) aws.Config {
	cfg = cfg.Copy()
	cfg.APIOptions = append(append([]func(*middleware.Stack) error(nil), cfg.APIOptions...), l.middleware(account), timeLimitMiddleware)
	standard := func(so *retry.StandardOptions) {
		so.MaxAttempts = maxAttempts
		so.MaxBackoff = maxBackoff
		// Quota errors are expected at the quota bound: do not let the
		// retry token bucket give up on them. Since aws-sdk-go-v2
		// v1.48.0 (retry behavior 2.1) a throttling retry has a cost of
		// its own, and a timeout costs RetryCost.
		so.RetryCost = 0
		so.ThrottlingRetryCost = 0
	}
	if l.RetryMode == aws.RetryModeStandard {
		cfg.Retryer = func() aws.Retryer { return retry.NewStandard(standard) }
		return cfg
	}
	cfg.Retryer = func() aws.Retryer {
		return retry.NewAdaptiveMode(func(o *retry.AdaptiveModeOptions) {
			o.StandardOptions = append(o.StandardOptions, standard)
		})
	}
	return cfg
}

// describeCalls renders call counts for a summary: "lambda:GetPolicy 12, ...".
func describeCalls(calls map[string]int) string {
	keys := make([]string, 0, len(calls))
	for k := range calls {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s %d", k, calls[k])
	}
	return strings.Join(parts, ", ")
}

// timeLimitMiddleware marks the error of a call that ended because the
// collection reached its time limit (see TimeLimitError). It is the
// outermost step, so it sees the errors of retries and of the waits
// between them too.
func timeLimitMiddleware(stack *middleware.Stack) error {
	return stack.Initialize.Add(middleware.InitializeMiddlewareFunc("lambdasecTimeLimit", func(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (middleware.InitializeOutput, middleware.Metadata, error) {
		out, md, err := next.HandleInitialize(ctx, in)
		return out, md, timeLimited(ctx, err)
	}), middleware.Before)
}
