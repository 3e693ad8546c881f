package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// reportParts is what a JSON report must agree on with another run of
// the same inputs: the findings as a multiset (compact JSON, sorted) and
// the summary's counts and lists, the shard bookkeeping left out.
type reportParts struct {
	findings []string
	summary  map[string]string
	paths    []byte // the ranked paths, compact
}

func partsOf(t *testing.T, name string, data []byte) reportParts {
	t.Helper()
	var rep struct {
		Findings []json.RawMessage          `json:"findings"`
		Summary  map[string]json.RawMessage `json:"summary"`
		Paths    json.RawMessage            `json:"paths"`
	}
	if err := json.Unmarshal(data, &rep); err != nil {
		t.Fatalf("%s is not a JSON report: %v", name, err)
	}
	p := reportParts{summary: map[string]string{}}
	var paths bytes.Buffer
	if len(rep.Paths) > 0 {
		if err := json.Compact(&paths, rep.Paths); err != nil {
			t.Fatal(err)
		}
	}
	p.paths = paths.Bytes()
	for _, f := range rep.Findings {
		var m map[string]any
		if err := json.Unmarshal(f, &m); err != nil {
			t.Fatal(err)
		}
		b, _ := json.Marshal(m) // keys sorted: compares by value
		p.findings = append(p.findings, string(b))
	}
	slices.Sort(p.findings)
	for _, k := range []string{"pass", "fail", "unknown", "suppressed", "failBySeverity", "files", "estates", "skipped", "gaps", "warnings", "ownReportsSkipped", "excluded"} {
		var v any
		if raw, ok := rep.Summary[k]; ok {
			if err := json.Unmarshal(raw, &v); err != nil {
				t.Fatal(err)
			}
		}
		if list, ok := v.([]any); ok { // joined from the shards: any order
			var s []string
			for _, it := range list {
				b, _ := json.Marshal(it)
				s = append(s, string(b))
			}
			slices.Sort(s)
			v = s
		}
		b, _ := json.Marshal(v)
		p.summary[k] = string(b)
	}
	return p
}

// shardAndMerge runs the command args with --shard i/n for every i (the
// report written to a file per shard), merges the reports through
// 'lambdasec merge', and returns the merged report and the exit codes.
func shardAndMerge(t *testing.T, n int, args ...string) (merged []byte, codes []int) {
	t.Helper()
	dir := t.TempDir()
	var outs []string
	for i := 0; i < n; i++ {
		out := filepath.Join(dir, fmt.Sprintf("shard-%d.json", i))
		code, _, stderr := runCmd(t, append(append([]string(nil), args...), "--shard", fmt.Sprintf("%d/%d", i, n), "-o", out)...)
		if code != 0 && code != 1 && (code != 2 || !strings.Contains(stderr, "skipped")) {
			t.Fatalf("shard %d/%d: exit %d: %s", i, n, code, stderr)
		}
		codes = append(codes, code)
		outs = append(outs, out)
	}
	mergedPath := filepath.Join(dir, "merged.json")
	code, _, stderr := runCmd(t, append([]string{"merge", "-o", mergedPath}, outs...)...)
	if code != 0 {
		t.Fatalf("merge: exit %d: %s", code, stderr)
	}
	data, err := os.ReadFile(mergedPath)
	if err != nil {
		t.Fatal(err)
	}
	return data, codes
}

// TestShardScanMerge: 'scan --shard i/n' of a tree of templates, for
// every i, merged, gives the findings, counts and skipped inputs of one
// scan of the tree; every shard reads part of it.
func TestShardScanMerge(t *testing.T) {
	trees := []string{filepath.Join("..", "..", "internal", "rules", "testdata")}
	corpus := os.Getenv("LAMBDASEC_CORPUS")
	if corpus == "" {
		corpus = filepath.Join("..", "..", "..", "shared", "corpus")
	}
	// Two parts of the corpus of real templates (when present): SAM
	// applications, and Terraform whose examples call local modules (a
	// module directory must not be read as a root by another shard).
	for _, part := range []string{"serverless-patterns", "terraform-aws-lambda"} {
		if _, err := os.Stat(filepath.Join(corpus, part)); err == nil {
			trees = append(trees, filepath.Join(corpus, part))
		} else if os.Getenv("LAMBDASEC_REQUIRE_CORPUS") != "" {
			t.Fatalf("corpus required but not found: %v", err)
		}
	}
	for _, tree := range trees {
		t.Run(filepath.Base(tree), func(t *testing.T) {
			args := []string{"scan", tree, "--format", "json", "--now", "2026-11-21", "--config", filepath.Join(t.TempDir(), "none.yaml")}
			_ = os.WriteFile(args[len(args)-1], []byte("{}\n"), 0o600)
			whole := filepath.Join(t.TempDir(), "whole.json")
			code, _, stderr := runCmd(t, append(append([]string(nil), args...), "-o", whole)...)
			if code != 0 && code != 1 && code != 2 {
				t.Fatalf("one scan: exit %d: %s", code, stderr)
			}
			one, err := os.ReadFile(whole)
			if err != nil {
				t.Fatal(err)
			}
			const n = 3
			merged, codes := shardAndMerge(t, n, args...)
			want, got := partsOf(t, "one scan", one), partsOf(t, "merged", merged)
			if len(want.findings) == 0 {
				t.Fatal("the scan found nothing: the comparison would prove nothing")
			}
			if !slices.Equal(got.findings, want.findings) {
				for _, f := range got.findings {
					if _, ok := slices.BinarySearch(want.findings, f); !ok {
						t.Errorf("merged only: %.300s", f)
						break
					}
				}
				for _, f := range want.findings {
					if _, ok := slices.BinarySearch(got.findings, f); !ok {
						t.Errorf("one scan only: %.300s", f)
						break
					}
				}
				cw, cg := map[string]int{}, map[string]int{}
				for _, f := range want.findings {
					cw[f]++
				}
				for _, f := range got.findings {
					cg[f]++
				}
				shown := 0
				for f, n := range cw {
					if cg[f] != n && shown < 3 {
						shown++
						t.Errorf("one scan has %d, merged %d of: %.600s", n, cg[f], f)
					}
				}
				t.Fatalf("merged %d findings, one scan %d", len(got.findings), len(want.findings))
			}
			if !bytes.Equal(got.paths, want.paths) {
				t.Errorf("merged paths differ from one scan's (ranked by score across shards):\nmerged:   %.600s\none scan: %.600s", got.paths, want.paths)
			} else if tree == trees[0] && len(want.paths) < 100 {
				t.Errorf("the one scan has no paths to rank (%s): the comparison would prove nothing", want.paths)
			}
			for k, v := range want.summary {
				if got.summary[k] != v {
					t.Errorf("summary %s: merged %.300s, one scan %.300s", k, got.summary[k], v)
				}
			}
			var m struct {
				Summary struct {
					Shards []struct {
						File    string `json:"file"`
						Summary struct {
							Shard string `json:"shard"`
							Files int    `json:"files"`
						} `json:"summary"`
					} `json:"shards"`
				} `json:"summary"`
			}
			if err := json.Unmarshal(merged, &m); err != nil {
				t.Fatal(err)
			}
			if len(m.Summary.Shards) != n {
				t.Fatalf("merged summary keeps %d shard summaries, want %d", len(m.Summary.Shards), n)
			}
			for i, s := range m.Summary.Shards {
				if s.Summary.Shard != fmt.Sprintf("%d/%d", i, n) || s.Summary.Files == 0 {
					t.Errorf("shard summary %d: %+v (want shard %d/%d, some files read)", i, s, i, n)
				}
			}
			t.Logf("%d findings; shard exit codes %v, one scan %d", len(want.findings), codes, code)
		})
	}
}
