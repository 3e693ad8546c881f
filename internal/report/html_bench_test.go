package report

import (
	"fmt"
	"io"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/lambdasec/lambdasec/internal/inventory"
	"github.com/lambdasec/lambdasec/internal/rules"
)

// generated is Findings made on the fly, never held: estates estates of
// perEstate findings each, over functions functions per estate, every
// rule in turn, with every status, suppressed findings, evidence and
// messages that name their function (as real findings do). Each gives
// the same findings every time.
type generated struct {
	estates, perEstate, functions int
}

// Each implements Findings.
func (g generated) Each(fn func([]rules.Finding) error) error {
	all := rules.All()
	buf := make([]rules.Finding, 0, g.perEstate)
	for e := 0; e < g.estates; e++ {
		estate := fmt.Sprintf("stacks/s%05d/template.yaml", e)
		buf = buf[:0]
		for i := 0; i < g.perEstate; i++ {
			r := all[(e+i)%len(all)]
			id := fmt.Sprintf("Fn%02d", i%g.functions)
			f := rules.Finding{Rule: r, Estate: estate, Severity: r.Severity,
				Fingerprint: fmt.Sprintf("%016x", e*g.perEstate+i)}
			f.Resource, f.Kind, f.Label = id, rules.KindFunction, id
			f.Functions = []string{id}
			f.Source = inventory.Source{File: estate, Line: 10 + i, Column: 5, LogicalID: id}
			switch (e*7 + i) % 10 {
			case 0, 1, 2, 3:
				f.Status = rules.Pass
				f.Message = fmt.Sprintf("function %s passes %s", id, r.Name)
			case 4:
				f.Status = rules.Unknown
				f.Message = fmt.Sprintf("the policy of function %s could not be read", id)
			default:
				f.Status = rules.Fail
				f.Message = fmt.Sprintf("function %s fails %s (%d)", id, r.Name, i%3)
				f.Evidence = []rules.Evidence{{Label: "statement", Value: fmt.Sprintf(`{"Effect":"Allow","Action":"lambda:InvokeFunction","Principal":"*","Sid":"s%d"}`, i),
					Source: inventory.Source{File: estate, Line: 20 + i, Column: 9}}}
			}
			if i%17 == 0 && f.Status == rules.Fail {
				f.Suppressed = &rules.Suppression{Kind: "config", Reason: "accepted risk",
					Source: inventory.Source{File: ".lambdasec.yaml", Line: 3, Column: 5}}
			}
			buf = append(buf, f)
		}
		rules.SortFindings(buf)
		if err := fn(buf); err != nil {
			return err
		}
	}
	return nil
}

// heapPeak samples the heap in use every few milliseconds until stop is
// called, which returns the highest sample in bytes.
func heapPeak() (stop func() uint64) {
	var (
		peak uint64
		wg   sync.WaitGroup
	)
	done := make(chan struct{})
	wg.Add(1)
	go func() {
		defer wg.Done()
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			peak = max(peak, ms.HeapInuse)
			select {
			case <-done:
				return
			case <-time.After(5 * time.Millisecond):
			}
		}
	}()
	return func() uint64 { close(done); wg.Wait(); return peak }
}

// BenchmarkHTMLLarge writes the HTML report of 200,000 and of 400,000
// generated findings over 2,000 estates (20,000 functions both times),
// made as the writer reads them, and reports the peak heap in use while
// it writes (peak-heap-MiB, sampled) beside -benchmem's bytes allocated.
// The writer holds its aggregates (per function, rule, control) and the
// hashes of its table of distinct strings, not the findings; in these
// findings every one has its own location strings (the table's worst
// case), and twice the findings give each function twice the rules.
//
//	go test ./internal/report -run '^$' -bench HTMLLarge -benchmem -benchtime 1x
func BenchmarkHTMLLarge(b *testing.B) {
	for _, per := range []int{100, 200} {
		b.Run(fmt.Sprintf("findings=%d", 2000*per), func(b *testing.B) {
			src := filtered{src: generated{estates: 2000, perEstate: per, functions: 10}, display: true}
			opt := Options{Version: "bench", BaseDir: "."}
			sum := Summary{Files: 2000, Estates: 2000, Now: goldenNow}
			b.ReportAllocs()
			var peak uint64
			for b.Loop() {
				runtime.GC()
				stop := heapPeak()
				if err := writeHTML(io.Discard, src, sum, opt); err != nil {
					b.Fatal(err)
				}
				peak = max(peak, stop())
			}
			b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MiB")
		})
	}
}
