package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/metrics"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/lambdasec/lambdasec/internal/inventory"
	"github.com/lambdasec/lambdasec/internal/source/live/awstest"
	"github.com/lambdasec/lambdasec/internal/source/snapshot"
)

// BenchmarkCollectOrgMemory measures the peak memory of 'collect --aws
// --org' on a generated organization in the fake AWS server:
// $LAMBDASEC_BENCH_ACCOUNTS accounts (default 100) x 2 regions x 50
// functions, --org-parallel 4, token buckets a thousand times AWS's rates
// (the fake server does not throttle; the quotas would make it take an
// hour). Two ways of writing the snapshot, each in a child process (the
// server stays in this one, out of the measurement):
//
//   - whole: every account held until the organization is read, then
//     written (collect before it wrote as it reads);
//   - stream: each account written as soon as it is read, then released
//     (collect now).
//
// It reports the child's peak RSS (getrusage ru_maxrss), its peak live
// heap (what the last garbage collection found reachable, runtime/metrics
// /gc/heap/live:bytes sampled every 10 ms) and the snapshot's size, all in
// MiB. Run it once per size:
//
//	LAMBDASEC_BENCH_ACCOUNTS=500 go test ./cmd/lambdasec/ -run '^$' -bench BenchmarkCollectOrgMemory -benchtime 1x -timeout 60m
func BenchmarkCollectOrgMemory(b *testing.B) {
	accounts := 100
	if n, err := strconv.Atoi(os.Getenv("LAMBDASEC_BENCH_ACCOUNTS")); err == nil && n > 0 {
		accounts = n
	}
	const perRegion = 50
	regions := []string{"us-east-1", "eu-west-1"}
	s := benchOrganization(b, accounts-1, perRegion, regions...)
	dir := b.TempDir()
	for _, mode := range []string{"whole", "stream"} {
		b.Run(fmt.Sprintf("%s/accounts=%d", mode, accounts), func(b *testing.B) {
			var rss, heap, goMem, size float64
			for range b.N {
				out := filepath.Join(dir, mode+".json")
				cmd := exec.Command(os.Args[0], "-test.run", "^TestCollectMemoryChild$", "-test.count", "1")
				cmd.Env = append(os.Environ(), "LAMBDASEC_COLLECT_CHILD="+mode, "LAMBDASEC_COLLECT_URL="+s.URL,
					"LAMBDASEC_COLLECT_OUT="+out, "LAMBDASEC_COLLECT_REGIONS=us-east-1,eu-west-1")
				stdout, err := cmd.Output()
				if err != nil {
					b.Fatalf("child: %v\n%s", err, stdout)
				}
				var got struct{ PeakHeap, PeakGo, PeakStacks uint64 }
				sc := bufio.NewScanner(bytes.NewReader(stdout))
				for sc.Scan() {
					if line := sc.Bytes(); len(line) > 0 && line[0] == '{' {
						_ = json.Unmarshal(line, &got)
					}
				}
				if got.PeakHeap == 0 {
					b.Fatalf("child reported no peak heap:\n%s", stdout)
				}
				st, err := os.Stat(out)
				if err != nil {
					b.Fatal(err)
				}
				ru := cmd.ProcessState.SysUsage().(*syscall.Rusage)
				rss = max(rss, float64(ru.Maxrss)/1024) // kilobytes on Linux
				heap = max(heap, float64(got.PeakHeap)/(1<<20))
				goMem = max(goMem, float64(got.PeakGo)/(1<<20))
				b.Logf("peak goroutine stacks %.1f MiB", float64(got.PeakStacks)/(1<<20))
				size = float64(st.Size()) / (1 << 20)
			}
			b.ReportMetric(rss, "peak-RSS-MiB")
			b.ReportMetric(heap, "peak-heap-MiB")
			b.ReportMetric(goMem, "peak-runtime-MiB")
			b.ReportMetric(size, "snapshot-MiB")
		})
	}
}

// benchOrganization is fakeOrganization for a benchmark: the fake server
// and the standard credential chain pointed at static test credentials.
func benchOrganization(b *testing.B, accounts, perRegion int, regions ...string) *awstest.Server {
	s := awstest.New(b)
	dir := b.TempDir()
	for k, v := range map[string]string{"AWS_ACCESS_KEY_ID": "AKIDLAMBDASECTEST", "AWS_SECRET_ACCESS_KEY": "test-secret",
		"AWS_SESSION_TOKEN": "", "AWS_PROFILE": "", "AWS_REGION": "us-east-1", "AWS_CONFIG_FILE": filepath.Join(dir, "config"),
		"AWS_SHARED_CREDENTIALS_FILE": filepath.Join(dir, "credentials"), "AWS_EC2_METADATA_DISABLED": "true", "LAMBDASEC_CACHE_DIR": dir} {
		b.Setenv(k, v)
	}
	ids := []string{"100000000000"}
	for i := 1; i <= accounts; i++ {
		ids = append(ids, fmt.Sprintf("2000%08d", i*7919%100000000))
	}
	s.ServeOrganization("100000000000", ids, func(id string) *awstest.Account { return orgAccount(id, perRegion, regions...) })
	return s
}

// TestCollectMemoryChild is BenchmarkCollectOrgMemory's child process:
// it collects the organization at $LAMBDASEC_COLLECT_URL into
// $LAMBDASEC_COLLECT_OUT, the way $LAMBDASEC_COLLECT_CHILD says, and
// prints its peak live heap as JSON. Skipped otherwise.
func TestCollectMemoryChild(t *testing.T) {
	mode := os.Getenv("LAMBDASEC_COLLECT_CHILD")
	if mode == "" {
		t.Skip("run by BenchmarkCollectOrgMemory")
	}
	fl := parseLiveFlags(t, "--aws", "--org", "--role-name", "Audit", "--endpoint-url", os.Getenv("LAMBDASEC_COLLECT_URL"),
		"--regions", os.Getenv("LAMBDASEC_COLLECT_REGIONS"), "--max-duration", "10h")
	out := os.Getenv("LAMBDASEC_COLLECT_OUT")
	at := time.Date(2026, 12, 7, 6, 0, 0, 0, time.UTC)

	done := make(chan struct{})
	var peak, peakGo, peakStacks uint64
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}, {Name: "/memory/classes/total:bytes"}, {Name: "/memory/classes/heap/released:bytes"},
			{Name: "/memory/classes/heap/stacks:bytes"}}
		tick := time.NewTicker(10 * time.Millisecond)
		defer tick.Stop()
		for {
			metrics.Read(sample)
			peak = max(peak, sample[0].Value.Uint64())
			peakGo = max(peakGo, sample[1].Value.Uint64()-sample[2].Value.Uint64())
			peakStacks = max(peakStacks, sample[3].Value.Uint64())
			select {
			case <-done:
				return
			case <-tick.C:
			}
		}
	}()

	var err error
	switch mode {
	case "whole":
		// What collect did before writing as it reads: hold every
		// account, then write them.
		var estates []*inventory.Estate
		if estates, err = fl.collect(context.Background(), io.Discard); err == nil {
			var f *os.File
			if f, err = os.Create(out); err == nil {
				var sw *snapshot.Writer
				if sw, err = snapshot.NewWriter(f, "lambdasec "+toolVersion(), at); err == nil {
					for i, e := range estates {
						if err = sw.Estate(e); err != nil {
							break
						}
						estates[i] = nil
					}
					if err == nil {
						err = sw.Close()
					}
				}
				if cerr := f.Close(); err == nil {
					err = cerr
				}
			}
		}
	case "stream":
		err = writeSnapshot(io.Discard, out, at, func(put func(int, *inventory.Estate) error) error {
			return fl.collectEach(context.Background(), io.Discard, put)
		})
	default:
		t.Fatalf("LAMBDASEC_COLLECT_CHILD=%s: whole or stream", mode)
	}
	close(done)
	wg.Wait()
	if err != nil {
		t.Fatal(err)
	}
	line, _ := json.Marshal(map[string]uint64{"PeakHeap": peak, "PeakGo": peakGo, "PeakStacks": peakStacks})
	fmt.Printf("%s\n", line)
}
