package live

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"testing"

	"github.com/lambdasec/lambdasec/internal/inventory"
	"github.com/lambdasec/lambdasec/internal/source/live/awstest"
)

// fakeOrg serves an organization of the management account 100000000000
// and members-1 member accounts, each with one function in us-east-1.
func fakeOrg(t *testing.T, members int) (*awstest.Server, []string) {
	s := awstest.New(t)
	ids := []string{"100000000000"}
	for i := 1; i < members; i++ {
		ids = append(ids, fmt.Sprintf("2000%08d", i*7919%100000000))
	}
	s.ServeOrganization("100000000000", ids, func(id string) *awstest.Account {
		return &awstest.Account{Functions: []awstest.Function{{Name: "fn", Region: "us-east-1", Runtime: "python3.12"}}}
	})
	return s, ids
}

// TestCollectOrganizationFunc: each account's estate is handed over once,
// with its position in CollectOrganization's order (by account ID), one
// call at a time; what fn receives is what CollectOrganization returns.
func TestCollectOrganizationFunc(t *testing.T) {
	s, ids := fakeOrg(t, 23)
	cfg := s.Config("us-east-1")
	whole, err := CollectOrganization(context.Background(), cfg, "Audit", 4, fastOptions("us-east-1"))
	if err != nil {
		t.Fatal(err)
	}
	if len(whole) != len(ids) {
		t.Fatalf("CollectOrganization: %d estates of %d accounts", len(whole), len(ids))
	}
	got := make([]*inventory.Estate, len(ids))
	var inside atomic.Int32
	err = CollectOrganizationFunc(context.Background(), cfg, "Audit", 4, fastOptions("us-east-1"), func(i int, e *inventory.Estate) error {
		if inside.Add(1) != 1 {
			t.Error("fn called while another call runs")
		}
		defer inside.Add(-1)
		if i < 0 || i >= len(got) || got[i] != nil {
			t.Errorf("position %d out of range or given twice", i)
			return nil
		}
		got[i] = e
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for i, e := range got {
		if e == nil {
			t.Errorf("position %d never given", i)
			continue
		}
		if e.Account != whole[i].Account || len(e.Functions) != 1 || len(whole[i].Functions) != 1 {
			t.Errorf("position %d: account %s with %d functions, CollectOrganization has %s with %d",
				i, e.Account, len(e.Functions), whole[i].Account, len(whole[i].Functions))
		}
		if i > 0 && whole[i-1].Account >= whole[i].Account {
			t.Errorf("CollectOrganization's order: %s before %s", whole[i-1].Account, whole[i].Account)
		}
	}
}

// TestCollectOrganizationFuncStops: an error from fn (a full disk) stops
// the collection: it is returned, fn is not called again, and the
// accounts not yet started are not read.
func TestCollectOrganizationFuncStops(t *testing.T) {
	s, ids := fakeOrg(t, 40)
	errFull := errors.New("no space left on device")
	calls := 0
	err := CollectOrganizationFunc(context.Background(), s.Config("us-east-1"), "Audit", 2, fastOptions("us-east-1"), func(i int, e *inventory.Estate) error {
		calls++
		if calls == 3 {
			return errFull
		}
		return nil
	})
	if !errors.Is(err, errFull) {
		t.Fatalf("error %v, want fn's", err)
	}
	if calls != 3 {
		t.Errorf("fn called %d times, want 3 (none after its error)", calls)
	}
	// Three accounts handed over, at most two more being read when the
	// error came, and one more whose slot was taken before the check.
	if n := s.Calls()["sts:AssumeRole"]; n > 6 || n >= len(ids)-1 {
		t.Errorf("%d member accounts entered after fn failed on the third of %d", n, len(ids))
	}
}
