// Package shard splits work between n copies of lambdasec run side by
// side (a Kubernetes Indexed Job, an AWS Batch array job): each copy owns
// the inputs whose stable hash falls in its part, so the copies together
// read everything exactly once, and the same input always lands on the
// same copy, on any machine.
package shard

import (
	"fmt"
	"hash/fnv"
	"strconv"
	"strings"
)

// IndexEnv are the environment variables --shard auto/n reads the index
// from, in order: Kubernetes sets JOB_COMPLETION_INDEX in the pods of an
// Indexed Job, AWS Batch sets AWS_BATCH_JOB_ARRAY_INDEX in the children
// of an array job.
// https://kubernetes.io/docs/concepts/workloads/controllers/job/#completion-mode
// https://docs.aws.amazon.com/batch/latest/userguide/array_jobs.html
var IndexEnv = []string{"JOB_COMPLETION_INDEX", "AWS_BATCH_JOB_ARRAY_INDEX"}

// Shard is part Index (0-based) of Count. The zero Shard is the whole:
// it owns everything.
type Shard struct {
	Index, Count int
}

// Parse reads "i/n" (0 <= i < n) or "auto/n", whose index comes from the
// first of IndexEnv that getenv returns non-empty. "" is the zero Shard.
// The error says what is wrong and what to write instead.
func Parse(s string, getenv func(string) string) (Shard, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return Shard{}, nil
	}
	is, ns, ok := strings.Cut(s, "/")
	if !ok {
		return Shard{}, fmt.Errorf("shard %q: want i/n (e.g. 0/4) or auto/n", s)
	}
	n, err := strconv.Atoi(strings.TrimSpace(ns))
	if err != nil || n < 1 {
		return Shard{}, fmt.Errorf("shard %q: n must be a whole number of at least 1", s)
	}
	is = strings.TrimSpace(is)
	from := ""
	if is == "auto" {
		is = ""
		for _, name := range IndexEnv {
			if v := strings.TrimSpace(getenv(name)); v != "" {
				is, from = v, " (from $"+name+")"
				break
			}
		}
		if is == "" {
			return Shard{}, fmt.Errorf("shard %q: none of $%s is set", s, strings.Join(IndexEnv, ", $"))
		}
	}
	i, err := strconv.Atoi(is)
	if err != nil || i < 0 || i >= n {
		return Shard{}, fmt.Errorf("shard %q: index %q%s must be a whole number from 0 to %d", s, is, from, n-1)
	}
	return Shard{Index: i, Count: n}, nil
}

// Whole reports whether s is the whole (it owns everything).
func (s Shard) Whole() bool { return s.Count <= 1 }

// Owns reports whether key (an account ID, a file path relative to the
// directory walked, with "/" separators) belongs to s: FNV-1a (64-bit) of
// key modulo Count equals Index. The hash never changes between releases
// or machines, so shards of one run agree.
func (s Shard) Owns(key string) bool {
	if s.Whole() {
		return true
	}
	h := fnv.New64a()
	h.Write([]byte(key))
	return h.Sum64()%uint64(s.Count) == uint64(s.Index)
}

// String returns "i/n", or "" for the whole.
func (s Shard) String() string {
	if s.Count == 0 {
		return ""
	}
	return strconv.Itoa(s.Index) + "/" + strconv.Itoa(s.Count)
}
