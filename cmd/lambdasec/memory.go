package main

import (
	"runtime/debug"
	"runtime/metrics"
	"time"
)

// memoryBudget is how much memory (bytes) the Go runtime may take before
// it collects garbage, when the live heap is small: 160 MiB. A scan keeps
// little alive (about 30–50 MiB: the rules, gitleaks' patterns, the
// estates being judged, the index of the spool) whatever the size of the
// estate, but allocates a great deal; collecting each time the heap
// doubles (GOGC=100) re-marks the same live heap hundreds of times on a
// large estate. Letting the heap grow to a fixed budget instead makes a
// scan of 16 copies of the shared corpus take about 11% less CPU and keeps
// the peak flat however many files are read. 160 MiB rather than 120
// saves another 5% of the CPU of that scan (fewer collections); 200 saved
// no more. See docs/scale.md.
const memoryBudget = 160 << 20

// budgetMemory makes the Go runtime collect garbage when its memory
// reaches the larger of memoryBudget and twice the live heap (re-read
// every 100 ms, so that a process whose live heap grows, such as graph or
// policy over a large account, collects as GOGC=100 would instead of
// all the time), not each time the heap doubles. When the environment
// sets GOGC or GOMEMLIMIT, the runtime does as they say and budgetMemory
// does nothing. It returns a function that stops the re-reading.
// https://go.dev/doc/gc-guide#Memory_limit
func budgetMemory(getenv func(string) string) (stop func()) {
	if getenv("GOGC") != "" || getenv("GOMEMLIMIT") != "" {
		return func() {}
	}
	debug.SetGCPercent(-1)
	debug.SetMemoryLimit(memoryBudget)
	done := make(chan struct{})
	go func() {
		tick := time.NewTicker(100 * time.Millisecond)
		defer tick.Stop()
		sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
		limit := int64(memoryBudget)
		for {
			select {
			case <-done:
				return
			case <-tick.C:
			}
			metrics.Read(sample)
			if sample[0].Value.Kind() != metrics.KindUint64 {
				continue
			}
			if want := max(int64(memoryBudget), 2*int64(sample[0].Value.Uint64())); want != limit {
				debug.SetMemoryLimit(want)
				limit = want
			}
		}
	}()
	return func() { close(done) }
}
