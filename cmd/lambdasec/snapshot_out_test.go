package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/spf13/cobra"

	"github.com/lambdasec/lambdasec/internal/inventory"
	"github.com/lambdasec/lambdasec/internal/source/live"
	"github.com/lambdasec/lambdasec/internal/source/live/awstest"
	"github.com/lambdasec/lambdasec/internal/source/snapshot"
)

// slowFirstOrganization serves an organization of accounts member
// accounts with perRegion functions in each region, whose management
// account 100000000000 — the first in the snapshot's order — has twenty
// times as many: it is read last, so every other account arrives early.
func slowFirstOrganization(t *testing.T, accounts, perRegion int, regions ...string) *awstest.Server {
	t.Helper()
	s := fakeAWS(t)
	ids := []string{"100000000000"}
	for i := 1; i <= accounts; i++ {
		ids = append(ids, fmt.Sprintf("2000%08d", i*7919%100000000))
	}
	s.ServeOrganization("100000000000", ids, func(id string) *awstest.Account {
		if id == "100000000000" {
			return orgAccount(id, 20*perRegion, regions...)
		}
		return orgAccount(id, perRegion, regions...)
	})
	return s
}

// parseLiveFlags returns the live flags of args as collect parses them,
// with token buckets a thousand times AWS's rates (the fake server does
// not throttle).
func parseLiveFlags(t testing.TB, args ...string) *liveFlags {
	t.Helper()
	var fl liveFlags
	cmd := &cobra.Command{}
	fl.register(cmd)
	if err := cmd.ParseFlags(args); err != nil {
		t.Fatal(err)
	}
	if err := fl.validate(cmd); err != nil {
		t.Fatal(err)
	}
	fl.limits = live.NewLimits(1000)
	return &fl
}

// TestCollectStreamSameBytes: the snapshot collect writes account by
// account as they are read is byte for byte what the whole-document
// writer (snapshot.Write) writes for the same estates held until the end,
// though the accounts arrive out of order (the first one last).
func TestCollectStreamSameBytes(t *testing.T) {
	s := slowFirstOrganization(t, 40, 2, "us-east-1", "eu-west-1")
	fl := parseLiveFlags(t, "--aws", "--org", "--role-name", "Audit", "--endpoint-url", s.URL, "--regions", "us-east-1,eu-west-1", "--org-parallel", "8")
	at := time.Date(2026, 12, 7, 6, 0, 0, 0, time.UTC)
	out := filepath.Join(t.TempDir(), "org.json")
	var held []*inventory.Estate // what the writer before streaming held
	var arrival []int
	err := writeSnapshot(io.Discard, out, at, func(put func(int, *inventory.Estate) error) error {
		return fl.collectEach(context.Background(), io.Discard, func(i int, e *inventory.Estate) error {
			arrival = append(arrival, i)
			if i >= len(held) {
				held = append(held, make([]*inventory.Estate, i+1-len(held))...)
			}
			held[i] = e
			return put(i, e)
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(held) != 41 || slices.Contains(held, nil) {
		t.Fatalf("%d estates handed over, want 41 without a hole", len(held))
	}
	if slices.IsSorted(arrival) {
		t.Fatalf("the accounts arrived in order %v: the test proves nothing about reordering", arrival)
	}
	got, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var want bytes.Buffer
	if err := snapshot.Write(&want, &inventory.Snapshot{Tool: "lambdasec " + toolVersion(), CreatedAt: at, Estates: held}); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want.Bytes()) {
		t.Fatalf("streamed snapshot (%d bytes) differs from the whole-document writer's (%d bytes)", len(got), want.Len())
	}
	if len(held[0].Functions) != 80 || held[0].Account != "100000000000" {
		t.Errorf("position 0: account %s with %d functions, want the management account's 80", held[0].Account, len(held[0].Functions))
	}
	if left, _ := filepath.Glob(filepath.Join(filepath.Dir(out), ".*")); len(left) != 0 {
		t.Errorf("temporary files left beside the snapshot: %v", left)
	}
}

// TestCollectStreamCLI: 'lambdasec collect --aws --org' writes what the
// collection held whole and written at the end writes (but for createdAt
// and the management account's AssumeRole count, which differ from one
// collection to the next), and says how many accounts and functions.
func TestCollectStreamCLI(t *testing.T) {
	s := slowFirstOrganization(t, 12, 1, "us-east-1")
	args := []string{"--aws", "--org", "--role-name", "Audit", "--endpoint-url", s.URL, "--regions", "us-east-1", "--org-parallel", "4"}
	out := filepath.Join(t.TempDir(), "org.json")
	code, _, stderr := runCmd(t, append(append([]string{"collect"}, args...), "-o", out)...)
	if code != 0 {
		t.Fatalf("collect: exit %d: %s", code, stderr)
	}
	if !strings.Contains(stderr, "collected 32 functions from 13 accounts") {
		t.Errorf("stderr does not count 13 accounts and 32 functions:\n%s", stderr)
	}
	estates, err := parseLiveFlags(t, args...).collect(context.Background(), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	whole := filepath.Join(t.TempDir(), "whole.json")
	var buf bytes.Buffer
	if err := snapshot.Write(&buf, &inventory.Snapshot{Tool: "lambdasec " + toolVersion(), CreatedAt: time.Now(), Estates: estates}); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(whole, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	if got, want := comparableSnapshot(t, out), comparableSnapshot(t, whole); got != want {
		t.Errorf("collect's snapshot differs from the whole collection's:\n%.2000s\n%.2000s", got, want)
	}
	if st, err := os.Stat(out); err != nil || st.Mode().Perm() != 0o600 {
		t.Errorf("snapshot mode %v (%v), want 0600: it holds the account's configuration", st.Mode().Perm(), err)
	}
}

// TestCollectStreamFailureKeepsFile: a collection that fails writes
// nothing: an earlier file of the same name is left as it was, no
// temporary file is left beside it, and standard output gets nothing.
func TestCollectStreamFailureKeepsFile(t *testing.T) {
	s := fakeOrganization(t, 3, 1, "us-east-1")
	s.Handle("organizations", "ListAccounts", func(r *awstest.Request) awstest.Response { return awstest.AccessDenied(r) })
	dir := t.TempDir()
	out := filepath.Join(dir, "org.json")
	if err := os.WriteFile(out, []byte("monday\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	args := []string{"collect", "--aws", "--org", "--role-name", "Audit", "--endpoint-url", s.URL, "--regions", "us-east-1"}
	code, _, stderr := runCmd(t, append(args, "-o", out)...)
	if code == 0 || !strings.Contains(stderr, "ListAccounts") {
		t.Fatalf("collect with ListAccounts denied: exit %d: %s", code, stderr)
	}
	if data, _ := os.ReadFile(out); string(data) != "monday\n" {
		t.Errorf("the earlier file was changed: %q", data)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("files left in the directory: %v", entries)
	}
	if code, stdout, _ := runCmd(t, args...); code == 0 || stdout != "" {
		t.Errorf("to standard output: exit %d, %d bytes written", code, len(stdout))
	}
}

// TestCollectStreamMaxDuration: an organization cut short by
// --max-duration is still written whole: every account, with what was
// read and a timeout gap for what was not.
func TestCollectStreamMaxDuration(t *testing.T) {
	s := fakeOrganization(t, 5, 2, "us-east-1")
	s.Handle("lambda", "GetPolicy", func(r *awstest.Request) awstest.Response { return awstest.Throttle(r) })
	out := filepath.Join(t.TempDir(), "org.json")
	code, _, stderr := runCmd(t, "collect", "--aws", "--org", "--role-name", "Audit", "--endpoint-url", s.URL, "--regions", "us-east-1",
		"--org-parallel", "2", "--max-duration", "2s", "-o", out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var snap struct {
		Estates []struct {
			Account   string
			Functions []json.RawMessage
			Gaps      []struct{ Kind string }
		}
	}
	if err := json.Unmarshal(data, &snap); err != nil {
		t.Fatal(err)
	}
	if len(snap.Estates) != 6 {
		t.Fatalf("%d accounts written, want 6", len(snap.Estates))
	}
	timedOut := 0
	for _, e := range snap.Estates {
		for _, g := range e.Gaps {
			if g.Kind == inventory.GapTimeout {
				timedOut++
				break
			}
		}
	}
	if timedOut == 0 || !strings.Contains(stderr, "timed out") {
		t.Errorf("no account says it was cut short (%d); stderr:\n%s", timedOut, stderr)
	}
}
