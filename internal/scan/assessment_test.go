package scan

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/lambdasec/lambdasec/internal/inventory"
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
