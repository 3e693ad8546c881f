package live

import (
	"context"
	"os"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/lambdasec/lambdasec/internal/inventory"
	"github.com/lambdasec/lambdasec/internal/source/live/awstest"
)

// BenchmarkCollectQuota collects 2,000 functions in each of 2 regions from
// a loopback endpoint that enforces Lambda's published per-region quotas
// (GetFunction 100/s, GetPolicy 15/s, every other control-plane call
// together 15/s: https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html#api-requests),
// answering HTTP 429 beyond them, with the collector's token buckets at the
// same rates. It reports API calls per function by quota bucket, the wall
// time, and the bound the quotas set: for each region and bucket, calls /
// rate; regions run in parallel, so the bound is the largest of those.
//
// LAMBDASEC_QUOTA_SCALE multiplies every quota (server and client alike;
// default 10, so a run takes tens of seconds instead of minutes); the ratio
// wall/bound does not depend on it. LAMBDASEC_BENCH_FUNCTIONS changes the
// number of functions per region (default 2000).
//
//	go test ./internal/source/live -run XXX -bench CollectQuota -benchtime 1x
func BenchmarkCollectQuota(b *testing.B) {
	scale := 10.0
	if v, err := strconv.ParseFloat(os.Getenv("LAMBDASEC_QUOTA_SCALE"), 64); err == nil && v > 0 {
		scale = v
	}
	n := 2000
	if v, err := strconv.Atoi(os.Getenv("LAMBDASEC_BENCH_FUNCTIONS")); err == nil && v > 0 {
		n = v
	}
	regions := []string{"eu-west-1", "us-east-1"}
	acct := generatedAccount(n, regions...)
	for i := 0; i < b.N; i++ {
		s := awstest.New(b)
		s.ServeAccount(acct)
		for _, bk := range []Bucket{BucketLambdaGetFunction, BucketLambdaGetPolicy, BucketLambdaControl} {
			s.Quota(func(service, op string) bool {
				return service == "lambda" && BucketOf("lambda", op).Name == bk.Name
			}, bk.Rate*scale, bk.Burst)
		}
		limits := NewLimits(scale)
		opts := Options{Regions: regions, Limits: limits, Concurrency: 16}
		start := time.Now()
		e, err := Collect(context.Background(), s.Config(regions[0]), opts)
		wall := time.Since(start)
		if err != nil {
			b.Fatal(err)
		}
		if len(e.Functions) != n*len(regions) {
			b.Fatalf("collected %d functions, want %d", len(e.Functions), n*len(regions))
		}
		for _, f := range e.Functions {
			if len(f.Gaps) > 0 {
				b.Fatalf("%s: %v", f.Name, f.Gaps)
			}
		}
		// The bound: per region (the collection of both regions runs in
		// parallel, each with its own buckets), calls of each bucket over
		// its rate.
		perBucket := map[string]int{}
		for k, v := range e.Calls {
			svc, op, _ := strings.Cut(k, ":")
			perBucket[BucketOf(svc, op).Name] += v
		}
		var bound time.Duration
		var lines []string
		for _, bk := range []Bucket{BucketLambdaGetFunction, BucketLambdaGetPolicy, BucketLambdaControl} {
			calls := perBucket[bk.Name] / len(regions)
			d := time.Duration(float64(calls) / (bk.Rate * scale) * float64(time.Second))
			bound = max(bound, d)
			lines = append(lines, bk.Name+"="+strconv.FormatFloat(float64(perBucket[bk.Name])/float64(len(e.Functions)), 'f', 2, 64))
			b.ReportMetric(float64(perBucket[bk.Name])/float64(len(e.Functions)), strings.ReplaceAll(bk.Name, ":", "-")+"-calls/fn")
		}
		sort.Strings(lines)
		b.ReportMetric(wall.Seconds(), "wall-s")
		b.ReportMetric(bound.Seconds(), "bound-s")
		b.ReportMetric(wall.Seconds()/bound.Seconds(), "wall/bound")
		b.ReportMetric(float64(s.Throttled()), "throttled")
		b.Logf("scale %.0fx: %d functions in %d regions, wall %.1fs, quota bound %.1fs (%.2fx); calls/function %s; server throttled %d; all calls %v",
			scale, len(e.Functions), len(regions), wall.Seconds(), bound.Seconds(), wall.Seconds()/bound.Seconds(), strings.Join(lines, " "), s.Throttled(), describeCalls(e.Calls))
	}
}

// BenchmarkCollectSinceQuota collects LAMBDASEC_BENCH_FUNCTIONS (default
// 1000) functions in one region from the quota-enforcing endpoint of
// BenchmarkCollectQuota, changes 5 of them, and collects again with the
// first estate as Options.Since: it reports the wall time and requests of
// the full collection and of the rescan. LAMBDASEC_QUOTA_SCALE as there.
//
//	go test ./internal/source/live -run XXX -bench CollectSinceQuota -benchtime 1x
func BenchmarkCollectSinceQuota(b *testing.B) {
	scale := 10.0
	if v, err := strconv.ParseFloat(os.Getenv("LAMBDASEC_QUOTA_SCALE"), 64); err == nil && v > 0 {
		scale = v
	}
	n := 1000
	if v, err := strconv.Atoi(os.Getenv("LAMBDASEC_BENCH_FUNCTIONS")); err == nil && v > 0 {
		n = v
	}
	for i := 0; i < b.N; i++ {
		acct := generatedAccount(n, "us-east-1")
		run := func(since *inventory.Estate) (*inventory.Estate, time.Duration, int) {
			s := awstest.New(b)
			s.ServeAccount(acct)
			for _, bk := range []Bucket{BucketLambdaGetFunction, BucketLambdaGetPolicy, BucketLambdaControl} {
				s.Quota(func(service, op string) bool {
					return service == "lambda" && BucketOf("lambda", op).Name == bk.Name
				}, bk.Rate*scale, bk.Burst)
			}
			opts := Options{Regions: []string{"us-east-1"}, Limits: NewLimits(scale), Concurrency: 16, Since: since}
			start := time.Now()
			e, err := Collect(context.Background(), s.Config("us-east-1"), opts)
			if err != nil {
				b.Fatal(err)
			}
			calls := 0
			for _, v := range s.Calls() {
				calls += v
			}
			return e, time.Since(start), calls
		}
		full, fullWall, fullCalls := run(nil)
		for k := 0; k < 5; k++ {
			acct.Functions[k*n/5].Revision = "2"
		}
		_, wall, calls := run(full)
		b.ReportMetric(fullWall.Seconds(), "full-wall-s")
		b.ReportMetric(wall.Seconds(), "rescan-wall-s")
		b.ReportMetric(float64(fullCalls), "full-requests")
		b.ReportMetric(float64(calls), "rescan-requests")
		b.Logf("scale %.0fx, %d functions, 5 changed: full collection %d requests in %.1fs; rescan --since %d requests in %.1fs",
			scale, n, fullCalls, fullWall.Seconds(), calls, wall.Seconds())
	}
}
