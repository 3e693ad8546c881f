package main

import (
	"math"
	"runtime"
	"runtime/debug"
	"testing"
	"time"
)

// TestBudgetMemory: with neither GOGC nor GOMEMLIMIT set, collection is
// by the budget, and the limit follows a live heap larger than half of
// it; with either set, nothing is changed.
func TestBudgetMemory(t *testing.T) {
	gc := debug.SetGCPercent(100)
	limit := debug.SetMemoryLimit(math.MaxInt64)
	defer func() { debug.SetGCPercent(gc); debug.SetMemoryLimit(limit) }()

	stop := budgetMemory(func(k string) string { return map[string]string{"GOGC": "50"}[k] })
	stop()
	if got := debug.SetGCPercent(100); got != 100 {
		t.Errorf("GOGC set: the GC percentage became %d", got)
	}
	if got := debug.SetMemoryLimit(-1); got != math.MaxInt64 {
		t.Errorf("GOGC set: the memory limit became %d", got)
	}

	stop = budgetMemory(func(string) string { return "" })
	defer stop()
	if got := debug.SetGCPercent(-1); got != -1 {
		t.Errorf("the GC percentage is %d, want off (-1)", got)
	}
	if got := debug.SetMemoryLimit(-1); got != memoryBudget {
		t.Errorf("the memory limit is %d, want the budget %d", got, memoryBudget)
	}
	live := make([]byte, 100<<20) // a live heap of 100 MiB: twice is above the budget
	for i := range live {
		live[i] = byte(i)
	}
	runtime.GC()
	deadline := time.Now().Add(3 * time.Second)
	for debug.SetMemoryLimit(-1) < 200<<20 && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	if got := debug.SetMemoryLimit(-1); got < 200<<20 {
		t.Errorf("with 100 MiB live the limit stayed %d MiB, want at least 200", got>>20)
	}
	runtime.KeepAlive(live)
}
