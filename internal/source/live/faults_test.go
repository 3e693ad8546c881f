package live

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/lambdasec/lambdasec/internal/inventory"
	"github.com/lambdasec/lambdasec/internal/source/live/awstest"
)

// generatedAccount describes n functions per region: every one with a
// resource policy, every fifth with a published version, an alias with
// its own (public) policy and a URL, every tenth invoked by S3.
func generatedAccount(n int, regions ...string) *awstest.Account {
	a := &awstest.Account{ID: "444455556666", ManagedPolicies: map[string]string{}}
	trust := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}`
	for i := 0; i < 25; i++ {
		a.Roles = append(a.Roles, awstest.Role{Name: fmt.Sprintf("role-%02d", i), Trust: trust,
			Inline:  map[string]string{"data": fmt.Sprintf(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"dynamodb:GetItem","Resource":"arn:aws:dynamodb:*:*:table/t%d"}]}`, i)},
			Managed: []string{"arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"}})
	}
	for _, region := range regions {
		for i := 0; i < n; i++ {
			f := awstest.Function{Name: fmt.Sprintf("fn-%04d", i), Region: region, Runtime: "python3.12", Handler: "app.handler",
				Role: fmt.Sprintf("role-%02d", i%25), Timeout: 30, Env: map[string]string{"TABLE": fmt.Sprintf("t%d", i)},
				Policies: map[string]string{"": fmt.Sprintf(`{"Version":"2012-10-17","Statement":[{"Sid":"apigw","Effect":"Allow","Principal":{"Service":"apigateway.amazonaws.com"},"Action":"lambda:InvokeFunction","Resource":"arn:aws:lambda:%s:444455556666:function:fn-%04d","Condition":{"ArnLike":{"AWS:SourceArn":"arn:aws:execute-api:%s:444455556666:api/*"}}}]}`, region, i, region)}}
			if i%5 == 0 {
				f.Versions = []string{"1"}
				f.Aliases = map[string]string{"live": "1"}
				f.Policies["live"] = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"lambda:InvokeFunction","Resource":"*"}]}`
				f.URLs = []awstest.URL{{Qualifier: "live", AuthType: "NONE", AllowOrigins: []string{"*"}}}
			}
			if i%10 == 0 {
				f.Policies[""] = fmt.Sprintf(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"s3.amazonaws.com"},"Action":"lambda:InvokeFunction","Resource":"*","Condition":{"ArnLike":{"AWS:SourceArn":"arn:aws:s3:::bucket-%d"}}}]}`, i)
			}
			if i%20 == 0 {
				f.OnFailure = "arn:aws:sqs:" + region + ":444455556666:dlq"
			}
			if i%7 == 0 {
				r := 10
				f.Reserved = &r
			}
			a.Functions = append(a.Functions, f)
		}
	}
	return a
}

func collectWith(t *testing.T, s *awstest.Server, opts Options) *inventory.Estate {
	t.Helper()
	e, err := Collect(context.Background(), s.Config(opts.Regions[0]), opts)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func estateJSON(e *inventory.Estate) string {
	c := *e
	c.Calls = nil
	b, _ := json.MarshalIndent(&c, "", " ")
	return string(b)
}

// TestCollectUnderFaults: with 20% of calls throttled and 5% failing with
// HTTP 500, the SDK's retries recover every call and the estate is the
// same as without faults — for the generated account (Lambda, IAM) and
// for the fixture account (every service).
func TestCollectUnderFaults(t *testing.T) {
	for _, tc := range []struct {
		name  string
		serve func(*awstest.Server)
	}{
		{"generated", func(s *awstest.Server) { s.ServeAccount(generatedAccount(120, "us-east-1", "eu-west-1")) }},
		{"fixtures", func(s *awstest.Server) {
			s.Fixtures("testdata/account", nil, "GetPolicy", "GetLayerVersionPolicy")
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			regions := []string{"us-east-1", "eu-west-1"}
			if tc.name == "fixtures" {
				regions = regions[:1]
			}
			clean := awstest.New(t)
			tc.serve(clean)
			want := collectWith(t, clean, fastOptions(regions...))
			if u := clean.Unhandled(); len(u) > 0 {
				t.Fatalf("unhandled: %v", u)
			}

			faulty := awstest.New(t)
			tc.serve(faulty)
			faulty.SetFaults(&awstest.Faults{Throttle: 0.20, Error: 0.05, Seed: 7})
			opts := fastOptions(regions...)
			// Adaptive retry would pace the client down after each of the
			// random throttles (as it should against real quotas, see
			// BenchmarkCollectQuota); standard mode retries the same
			// errors without pacing, so the test runs in a second.
			opts.Limits.RetryMode = aws.RetryModeStandard
			got := collectWith(t, faulty, opts)

			if g, w := estateJSON(got), estateJSON(want); g != w {
				t.Fatalf("estate under faults differs from the fault-free one:\n%s", firstDiff(g, w))
			}
			total := func(m map[string]int) (n int) {
				for _, v := range m {
					n += v
				}
				return n
			}
			cleanCalls, faultyCalls := total(clean.Calls()), total(faulty.Calls())
			if faultyCalls <= cleanCalls*11/10 {
				t.Errorf("faulty run made %d requests, clean %d: the faults were not injected", faultyCalls, cleanCalls)
			}
			if len(want.Functions) == 0 {
				t.Fatal("nothing collected")
			}
			t.Logf("%d functions; %d requests clean, %d with faults (retries)", len(want.Functions), cleanCalls, faultyCalls)
		})
	}
}

func firstDiff(a, b string) string {
	for i := 0; i < len(a) && i < len(b); i++ {
		if a[i] != b[i] {
			lo := max(0, i-300)
			return "got:  ..." + a[lo:min(len(a), i+200)] + "\nwant: ..." + b[lo:min(len(b), i+200)]
		}
	}
	return fmt.Sprintf("lengths %d and %d", len(a), len(b))
}

// TestCollectFailedCalls: a call that keeps failing becomes a Gap of the
// right kind on the resource, never a silent absence; a hung call is
// retried after the attempt timeout.
func TestCollectFailedCalls(t *testing.T) {
	acct := generatedAccount(3, "us-east-1")
	s := awstest.New(t)
	s.ServeAccount(acct)
	var hung atomic.Int32
	s.Handle("lambda", "GetPolicy", func(r *awstest.Request) awstest.Response {
		switch r.PathParams["FunctionName"] {
		case "fn-0001":
			return awstest.Error(r, 500, "ServiceException", "always failing")
		case "fn-0002":
			return awstest.Throttle(r)
		}
		return awstest.NotFound(r)
	})
	s.Handle("lambda", "GetFunction", func(r *awstest.Request) awstest.Response {
		if r.PathParams["FunctionName"] == "fn-0000" && hung.Add(1) == 1 {
			time.Sleep(1500 * time.Millisecond) // longer than the attempt timeout
		}
		return awstest.JSON(r, map[string]any{"Configuration": map[string]any{}, "Concurrency": map[string]any{"ReservedConcurrentExecutions": 3}})
	})
	opts := fastOptions("us-east-1")
	opts.Limits.RetryMode = aws.RetryModeStandard
	opts.MaxAttempts = 3
	opts.AttemptTimeout = 300 * time.Millisecond
	e := collectWith(t, s, opts)
	byName := map[string]*inventory.Function{}
	for _, f := range e.Functions {
		byName[f.Name] = f
	}
	for _, tc := range []struct {
		fn, field, kind string
	}{
		{"fn-0001", inventory.FieldPermissions, inventory.GapFailed},
		{"fn-0002", inventory.FieldPermissions, inventory.GapThrottled},
	} {
		g, ok := byName[tc.fn].Gap(tc.field)
		if !ok || g.Kind != tc.kind || g.Call != "lambda:GetPolicy" {
			t.Errorf("%s: gap %+v (ok %v), want kind %s on %s", tc.fn, g, ok, tc.kind, tc.field)
		}
	}
	if f := byName["fn-0000"]; f.ReservedConcurrency == nil || len(f.Gaps) != 0 {
		t.Errorf("hung GetFunction was not retried to success: %+v gaps %v", f.ReservedConcurrency, f.Gaps)
	}
	if hung.Load() < 2 {
		t.Errorf("GetFunction of fn-0000 asked %d times, want a retry after the timeout", hung.Load())
	}
	if !reflect.DeepEqual(byName["fn-0000"].Gaps, []inventory.Gap(nil)) {
		t.Errorf("fn-0000 gaps %v", byName["fn-0000"].Gaps)
	}
	lines := e.Unread()
	for _, want := range []string{"lambda:GetPolicy failed for 1 function in us-east-1", "lambda:GetPolicy throttled for 1 function in us-east-1"} {
		found := false
		for _, l := range lines {
			found = found || l == want
		}
		if !found {
			t.Errorf("summary %q lacks %q", lines, want)
		}
	}
}
