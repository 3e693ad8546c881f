package scan

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/lambdasec/lambdasec/internal/inventory"
	"github.com/lambdasec/lambdasec/internal/report"
	"github.com/lambdasec/lambdasec/internal/rules"
	"github.com/lambdasec/lambdasec/internal/source/snapshot"
)

// TestAssessmentSnapshot: a scan of a snapshot records the account, its
// regions, the caller identity the collector kept, the snapshot's
// createdAt as the collection time, the file read, the runtime table's
// date and the baseline; no account for a template.
func TestAssessmentSnapshot(t *testing.T) {
	dir := t.TempDir()
	created := time.Date(2026, 11, 20, 9, 30, 0, 0, time.UTC)
	e := &inventory.Estate{Kind: inventory.KindAccount, Name: "111122223333", Account: "111122223333",
		Regions: []string{"us-east-1", "eu-west-1"}, Caller: "arn:aws:sts::111122223333:assumed-role/audit/lambdasec"}
	var buf bytes.Buffer
	if err := snapshot.Write(&buf, &inventory.Snapshot{Tool: "lambdasec test", CreatedAt: created, Estates: []*inventory.Estate{e}}); err != nil {
		t.Fatal(err)
	}
	snap := filepath.Join(dir, "snap.json")
	if err := os.WriteFile(snap, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := Run(context.Background(), Request{Paths: []string{snap}})
	if err != nil {
		t.Fatal(err)
	}
	a := res.Summary.Assessment
	if len(a.Accounts) != 1 {
		t.Fatalf("accounts %+v, want one", a.Accounts)
	}
	got := a.Accounts[0]
	if got.ID != "111122223333" || got.Caller != e.Caller || !got.CollectedAt.Equal(created) ||
		len(got.Regions) != 2 || got.Regions[0] != "eu-west-1" {
		t.Errorf("account %+v", got)
	}
	if len(a.Inputs) != 1 || a.Inputs[0] != snap || len(a.Paths) != 1 || a.Paths[0] != snap {
		t.Errorf("inputs %v, paths %v, want %s", a.Inputs, a.Paths, snap)
	}
	if want := rules.DefaultRuntimes().AsOf; !a.RuntimesAsOf.Equal(want) || a.RuntimesAsOf.IsZero() {
		t.Errorf("runtime table as of %v, want %v", a.RuntimesAsOf, want)
	}

	res, err = Run(context.Background(), Request{Paths: []string{"../../examples/orders-api"}})
	if err != nil {
		t.Fatal(err)
	}
	if a := res.Summary.Assessment; len(a.Accounts) != 0 || len(a.Inputs) != 1 {
		t.Errorf("template scan: accounts %v, inputs %v", a.Accounts, a.Inputs)
	}
}

// TestAssessmentLive: a live read is stamped with the time it was read,
// and lists no paths.
func TestAssessmentLive(t *testing.T) {
	before := time.Now().UTC()
	res, err := Run(context.Background(), Request{Live: func(context.Context) ([]*inventory.Estate, error) {
		return []*inventory.Estate{{Kind: inventory.KindAccount, Name: "111122223333", Account: "111122223333", Regions: []string{"us-east-1"}}}, nil
	}})
	if err != nil {
		t.Fatal(err)
	}
	a := res.Summary.Assessment
	if len(a.Accounts) != 1 || a.Accounts[0].CollectedAt.Before(before) || len(a.Paths) != 0 {
		t.Errorf("assessment %+v", a)
	}
}

// TestLiveEachSameAsLive: estates handed over one by one as they are read,
// in any order, give the report the whole slice gives, and the summary
// of what could not be read in the estates' order.
func TestLiveEachSameAsLive(t *testing.T) {
	estates := func() []*inventory.Estate {
		var out []*inventory.Estate
		for _, acct := range []string{"333333333333", "111111111111", "222222222222"} {
			e := &inventory.Estate{Kind: inventory.KindAccount, Name: acct, Account: acct, Regions: []string{"eu-west-1"},
				CollectedAt: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)}
			fn := &inventory.Function{Runtime: "python3.8"}
			fn.ID, fn.Region = "fn-"+acct, "eu-west-1"
			fn.Gaps = append(fn.Gaps, inventory.Gap{Field: "policy", Call: "lambda:GetPolicy", Kind: inventory.GapDenied, Reason: "AccessDenied"})
			e.Functions = append(e.Functions, fn)
			out = append(out, e)
		}
		return out
	}
	now := time.Date(2026, 12, 2, 0, 0, 0, 0, time.UTC)
	write := func(req Request) (string, []string) {
		req.Now = now
		res, err := Run(context.Background(), req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Close()
		var buf bytes.Buffer
		if err := res.Write(&buf, "json", report.Options{Version: "test", ShowPass: true}); err != nil {
			t.Fatal(err)
		}
		return buf.String(), res.Summary.Gaps
	}
	whole, wholeGaps := write(Request{Live: func(context.Context) ([]*inventory.Estate, error) { return estates(), nil }})
	each, eachGaps := write(Request{LiveEach: func(ctx context.Context, fn func(uint64, *inventory.Estate) error) error {
		es := estates()
		for _, i := range []int{2, 0, 1} { // the order accounts finish in
			if err := fn(uint64(i), es[i]); err != nil {
				return err
			}
		}
		return nil
	}})
	if whole != each || !slices.Equal(wholeGaps, eachGaps) {
		t.Errorf("LiveEach differs from Live:\ngaps %q\nwant %q\n(reports equal: %v)", eachGaps, wholeGaps, whole == each)
	}
	if len(wholeGaps) != 3 || !strings.HasPrefix(wholeGaps[0], "333333333333: ") || !strings.Contains(whole, "fn-111111111111") {
		t.Errorf("gaps %q: want three, the first account's first; report has the functions: %v", wholeGaps, strings.Contains(whole, "fn-111111111111"))
	}
}
