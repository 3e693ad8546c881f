package shard

import (
	"fmt"
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	tests := []struct {
		in      string
		env     map[string]string
		want    Shard
		wantErr string
	}{
		{in: "", want: Shard{}},
		{in: "0/4", want: Shard{0, 4}},
		{in: "3/4", want: Shard{3, 4}},
		{in: " 1 / 2 ", want: Shard{1, 2}},
		{in: "auto/4", env: map[string]string{"JOB_COMPLETION_INDEX": "2"}, want: Shard{2, 4}},
		{in: "auto/4", env: map[string]string{"AWS_BATCH_JOB_ARRAY_INDEX": "1"}, want: Shard{1, 4}},
		{in: "auto/4", env: map[string]string{"JOB_COMPLETION_INDEX": "3", "AWS_BATCH_JOB_ARRAY_INDEX": "1"}, want: Shard{3, 4}},
		{in: "auto/4", wantErr: "none of $JOB_COMPLETION_INDEX, $AWS_BATCH_JOB_ARRAY_INDEX is set"},
		{in: "auto/4", env: map[string]string{"JOB_COMPLETION_INDEX": "4"}, wantErr: "(from $JOB_COMPLETION_INDEX) must be a whole number from 0 to 3"},
		{in: "4/4", wantErr: "from 0 to 3"},
		{in: "-1/4", wantErr: "from 0 to 3"},
		{in: "1/0", wantErr: "at least 1"},
		{in: "2", wantErr: "want i/n"},
		{in: "a/b", wantErr: "at least 1"},
	}
	for _, tt := range tests {
		got, err := Parse(tt.in, env(tt.env))
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("Parse(%q) error = %v, want it to contain %q", tt.in, err, tt.wantErr)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("Parse(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
}

// TestOwnsPartitions checks that the n shards own every key exactly once,
// in parts of roughly even size, and that the hash is FNV-1a (a value
// worked out by hand from the published offset basis and prime would
// change if the hash did: shards of different versions must agree).
func TestOwnsPartitions(t *testing.T) {
	const n, keys = 4, 4000
	count := make([]int, n)
	for k := 0; k < keys; k++ {
		key := fmt.Sprintf("%012d", 100000000000+k)
		owners := 0
		for i := 0; i < n; i++ {
			if (Shard{i, n}).Owns(key) {
				owners++
				count[i]++
			}
		}
		if owners != 1 {
			t.Fatalf("key %s has %d owners, want 1", key, owners)
		}
	}
	for i, c := range count {
		if c < keys/n*8/10 || c > keys/n*12/10 {
			t.Errorf("shard %d/%d owns %d of %d keys: not even", i, n, c, keys)
		}
	}
	// FNV-1a 64 of "a" is 0xaf63dc4c8601ec8c (offset basis
	// 0xcbf29ce484222325 xor 'a', times prime 0x100000001b3); mod 4 = 0.
	if !(Shard{0, 4}).Owns("a") || (Shard{1, 4}).Owns("a") {
		t.Errorf("Owns(\"a\") does not follow FNV-1a 64 mod 4 = 0")
	}
	if !(Shard{}).Owns("anything") || !(Shard{0, 1}).Owns("x") {
		t.Error("the whole must own everything")
	}
}
