package live

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/smithy-go/logging"

	"github.com/lambdasec/lambdasec/internal/iampolicy"
	"github.com/lambdasec/lambdasec/internal/inventory"
	"github.com/lambdasec/lambdasec/internal/rules"
	"github.com/lambdasec/lambdasec/internal/source/live/awstest"
)

// TestCollectTimeLimit: against an endpoint that throttles GetPolicy for
// ever, a collection with MaxDuration returns what it read instead of
// retrying without end; every function's resource policy is a gap of
// kind timeout (functions whose calls had not even started included), the
// estate says why it is partial, and the rule that needs the policy says
// UNKNOWN — never PASS.
func TestCollectTimeLimit(t *testing.T) {
	s := awstest.New(t)
	s.ServeAccount(generatedAccount(40, "us-east-1"))
	s.Handle("lambda", "GetPolicy", func(r *awstest.Request) awstest.Response { return awstest.Throttle(r) })
	opts := fastOptions("us-east-1")
	opts.Concurrency = 2 // most functions are still waiting their turn at the limit
	opts.Limits.RetryMode = aws.RetryModeStandard
	opts.MaxAttempts = 1 << 20
	opts.MaxBackoff = 20 * time.Millisecond
	opts.MaxDuration = 700 * time.Millisecond
	cfg := s.Config("us-east-1")
	cfg.RetryMaxAttempts = 0 // let opts.MaxAttempts stand: retry until the limit
	e, err := Collect(context.Background(), cfg, opts)
	if err != nil {
		t.Fatalf("Collect under a time limit: %v (want the partial estate)", err)
	}
	if len(e.Functions) != 40 {
		t.Fatalf("%d functions listed, want 40", len(e.Functions))
	}
	for _, f := range e.Functions {
		g, ok := f.Gap(inventory.FieldPermissions)
		if !ok || g.Kind != inventory.GapTimeout || !strings.Contains(g.Reason, "time limit of 700ms") {
			t.Errorf("%s: permissions gap %+v (ok %v), want kind timeout naming the time limit", f.Name, g, ok)
		}
	}
	found := false
	for _, g := range e.Gaps {
		found = found || (g.Field == "collection" && g.Kind == inventory.GapTimeout)
	}
	if !found {
		t.Errorf("estate gaps %v lack the time limit", e.Gaps)
	}
	if lines := strings.Join(e.Unread(), "\n"); !strings.Contains(lines, "lambda:GetPolicy timed out for") || strings.Contains(lines, "throttled") {
		t.Errorf("summary should list GetPolicy as timed out, and nothing as given up on throttling:\n%s", lines)
	}
	fs := rules.Run([]*inventory.Estate{e}, rules.All(), time.Date(2026, 11, 21, 0, 0, 0, 0, time.UTC), &rules.Config{ManagedPolicies: iampolicy.BuiltinManagedPolicies()})
	unknown := 0
	for _, f := range fs {
		if f.Rule.ID == "LS101" {
			if f.Status != rules.Unknown {
				t.Errorf("LS101 %s: %s (%s), want UNKNOWN", f.Resource, f.Status, f.Message)
			}
			unknown++
		}
	}
	if unknown != 40 {
		t.Errorf("%d LS101 UNKNOWN results, want 40", unknown)
	}
}

// TestUndecodableResponse: a response that is not the protocol the
// service speaks (here HTML where CloudWatch speaks CBOR) is a gap whose
// reason says so in words, not the decoder's "unexpected minor value".
func TestUndecodableResponse(t *testing.T) {
	s := awstest.New(t)
	s.ServeAccount(generatedAccount(1, "us-east-1"))
	s.EmptyDefault()
	s.Handle("monitoring", "DescribeAlarms", func(r *awstest.Request) awstest.Response {
		return awstest.Response{Status: 200, ContentType: "application/cbor", Header: map[string][]string{"Smithy-Protocol": {"rpc-v2-cbor"}}, Body: []byte("<html><body>proxy login</body></html>")}
	})
	e := collectWith(t, s, fastOptions("us-east-1"))
	var reasons []string
	for _, g := range e.Gaps {
		reasons = append(reasons, g.Reason)
	}
	all := strings.Join(reasons, "\n")
	if !strings.Contains(all, "cloudwatch:DescribeAlarms failed: the response was not the CBOR (Smithy RPC v2) the SDK expected") {
		t.Errorf("gap reasons do not say the response was not CBOR:\n%s", all)
	}
}

// TestSDKLogger: the SDK's connection-reuse notes are debug messages, its
// other warnings stay warnings.
func TestSDKLogger(t *testing.T) {
	var buf bytes.Buffer
	l := sdkLogger{log: slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelWarn}))}
	l.Logf(logging.Warn, "failed to discard remaining HTTP response body, this may affect connection reuse: %v", context.DeadlineExceeded)
	l.Logf(logging.Warn, "failed to close HTTP response body, this may affect connection reuse: %v", "x")
	if buf.Len() != 0 {
		t.Errorf("connection-reuse notes reached the warning log: %s", buf.String())
	}
	l.Logf(logging.Warn, "Response has no supported checksum. Not validating response payload.")
	if !strings.Contains(buf.String(), "level=WARN") || !strings.Contains(buf.String(), "no supported checksum") {
		t.Errorf("another SDK warning was lost: %q", buf.String())
	}

	var next bytes.Buffer
	f := filteredLogger{next: logging.NewStandardLogger(&next)}
	f.Logf(logging.Warn, "failed to discard remaining HTTP response body, this may affect connection reuse: %v", "x")
	f.Logf(logging.Warn, "something else %d", 1)
	if got := next.String(); strings.Contains(got, "discard") || !strings.Contains(got, "something else 1") {
		t.Errorf("filtered logger wrote %q", got)
	}
}
