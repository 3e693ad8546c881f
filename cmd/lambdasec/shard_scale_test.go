package main

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/lambdasec/lambdasec/internal/source/live"
)

// TestShardScale is the measurement of issue 17: an organization of
// $LAMBDASEC_SHARD_SCALE accounts (2,000 for the full size) x 2 regions x
// 50 functions in the fake AWS server, collected by one process and by
// four copies with --shard i/4 run at the same time (in-process, through
// the CLI's entry point, each with its own token buckets as separate
// processes would have), merged: the merged snapshot must equal the one
// collection. It logs both wall times and the quota bound: per account
// and region, the calls of each quota bucket over its published rate
// (the slowest bucket), times the rounds of --org-parallel accounts.
// Slow, so not run by default:
//
//	LAMBDASEC_SHARD_SCALE=200 go test ./cmd/lambdasec/ -run TestShardScale -v -timeout 60m
//	LAMBDASEC_SHARD_SCALE=200 LAMBDASEC_SHARD_SCALE_SERIAL=1 go test ...
func TestShardScale(t *testing.T) {
	accounts, _ := strconv.Atoi(os.Getenv("LAMBDASEC_SHARD_SCALE"))
	if accounts < 1 {
		t.Skip("set LAMBDASEC_SHARD_SCALE=accounts to run (2000 for the full size)")
	}
	const n, perRegion, parallel = 4, 50, 16
	regions := []string{"us-east-1", "eu-west-1"}
	s := fakeOrganization(t, accounts-1, perRegion, regions...)
	dir := t.TempDir()
	args := func(extra ...string) []string {
		return append([]string{"collect", "--aws", "--org", "--role-name", "Audit", "--endpoint-url", s.URL,
			"--regions", strings.Join(regions, ","), "--org-parallel", strconv.Itoa(parallel), "--max-duration", "10h"}, extra...)
	}

	whole := filepath.Join(dir, "whole.json")
	start := time.Now()
	if code, _, stderr := runCmd(t, args("-o", whole)...); code != 0 {
		t.Fatalf("collect: exit %d: %s", code, stderr)
	}
	oneWall := time.Since(start)

	outs := make([]string, n)
	walls := make([]time.Duration, n)
	var wg sync.WaitGroup
	start = time.Now()
	// LAMBDASEC_SHARD_SCALE_SERIAL=1 runs the shards one after another,
	// each alone as on a machine of its own (on a small machine four at
	// once are bound by the CPU the fake server and clients share, not by
	// the quotas); the sharded run's wall time is then the slowest shard's.
	serial := os.Getenv("LAMBDASEC_SHARD_SCALE_SERIAL") != ""
	for i := 0; i < n; i++ {
		outs[i] = filepath.Join(dir, fmt.Sprintf("shard-%d.json", i))
		if serial {
			wg.Wait()
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			began := time.Now()
			if code, _, stderr := runCmd(t, args("--shard", fmt.Sprintf("%d/%d", i, n), "-o", outs[i])...); code != 0 {
				t.Errorf("collect --shard %d/%d: exit %d: %s", i, n, code, stderr)
			}
			walls[i] = time.Since(began)
		}()
	}
	wg.Wait()
	shardWall := time.Since(start)
	if serial {
		shardWall = slices.Max(walls)
	}
	perShard := make([]int, n)
	for i, out := range outs {
		var snap struct{ Estates []json.RawMessage }
		data, _ := os.ReadFile(out)
		_ = json.Unmarshal(data, &snap)
		perShard[i] = len(snap.Estates)
	}
	merged := filepath.Join(dir, "merged.json")
	if code, _, stderr := runCmd(t, append([]string{"merge", "-o", merged}, outs...)...); code != 0 {
		t.Fatalf("merge: exit %d: %s", code, stderr)
	}
	if comparableSnapshot(t, merged) != comparableSnapshot(t, whole) {
		t.Fatal("the merged snapshot differs from the one collection's")
	}

	// The quota bound of one account and region, from the calls one
	// collection made.
	var snap struct {
		Estates []struct {
			Functions []json.RawMessage `json:"functions"`
			Calls     map[string]int    `json:"calls"`
		} `json:"estates"`
	}
	data, _ := os.ReadFile(whole)
	if err := json.Unmarshal(data, &snap); err != nil {
		t.Fatal(err)
	}
	fns := 0
	for _, e := range snap.Estates {
		fns += len(e.Functions)
	}
	if len(snap.Estates) != accounts || fns != accounts*len(regions)*perRegion {
		t.Fatalf("collected %d accounts, %d functions; want %d, %d", len(snap.Estates), fns, accounts, accounts*len(regions)*perRegion)
	}
	perBucket := map[live.Bucket]int{}
	for op, c := range snap.Estates[len(snap.Estates)-1].Calls { // a member account
		svc, name, _ := strings.Cut(op, ":")
		if b := live.BucketOf(svc, name); b.Rate > 0 {
			perBucket[b] += c
		}
	}
	var bound time.Duration
	slowest := ""
	for b, c := range perBucket {
		perRegionCalls := float64(c) / float64(len(regions))
		if strings.HasPrefix(b.Name, "iam") {
			perRegionCalls = float64(c) // IAM is global: one bucket per account
		}
		if d := time.Duration(perRegionCalls / b.Rate * float64(time.Second)); d > bound {
			bound, slowest = d, fmt.Sprintf("%s: %.0f calls at %g/s", b.Name, perRegionCalls, b.Rate)
		}
	}
	rounds := func(accts int) float64 { return math.Ceil(float64(accts) / parallel) }
	t.Logf("%d accounts x %d regions x %d functions = %d functions", accounts, len(regions), perRegion, fns)
	t.Logf("quota bound per account (regions read at once): %v (%s)", bound.Round(time.Millisecond), slowest)
	t.Logf("one process, --org-parallel %d: %v; bound %v", parallel, oneWall.Round(time.Millisecond), time.Duration(rounds(accounts)*float64(bound)).Round(time.Second))
	how := "at once"
	if serial {
		how = "one after another, the slowest"
	}
	t.Logf("four shards (%s): %v (each %v, accounts %v); bound %v (ceil(largest shard/%d) rounds)", how, shardWall.Round(time.Millisecond), walls, perShard,
		time.Duration(rounds(slices.Max(perShard))*float64(bound)).Round(time.Second), parallel)
}
