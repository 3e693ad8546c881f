package iampolicy

import (
	"slices"
	"sync"
	"testing"
)

// TestGrantedActionsMemoized checks a statement's actions are expanded once
// and shared by every statement with the same patterns, that distinct
// patterns keep distinct expansions, and that concurrent use agrees.
func TestGrantedActionsMemoized(t *testing.T) {
	c := Actions()
	a := &Statement{Effect: Allow, Action: []string{"s3:Get*", "lambda:Invoke*"}}
	b := &Statement{Effect: Allow, Action: []string{"s3:Get*", "lambda:Invoke*"}}
	not := &Statement{Effect: Allow, NotAction: []string{"s3:Get*", "lambda:Invoke*"}}
	want, wantComplete := c.grantedActions(a)
	if len(want) == 0 {
		t.Fatal("s3:Get* expands to nothing")
	}
	var wg sync.WaitGroup
	got := make([][]string, 8)
	for i := range got {
		wg.Add(1)
		go func() { defer wg.Done(); got[i], _ = c.GrantedActions(a) }()
	}
	wg.Wait()
	for i := range got {
		if !slices.Equal(got[i], want) {
			t.Fatalf("call %d: %d actions, want %d", i, len(got[i]), len(want))
		}
	}
	first, _ := c.GrantedActions(a)
	again, complete := c.GrantedActions(b)
	if &first[0] != &again[0] || complete != wantComplete {
		t.Error("an equal statement was expanded again instead of reusing the first expansion")
	}
	n, _ := c.GrantedActions(not)
	if slices.Contains(n, want[0]) {
		t.Errorf("NotAction reused Action's expansion: %s in the complement", want[0])
	}
}
