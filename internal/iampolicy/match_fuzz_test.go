package iampolicy

import (
	"strings"
	"testing"
)

// FuzzMatchAction checks MatchAction's fast paths (a first letter that
// differs, ASCII case folding without allocation) against the definition:
// both sides lowercased, then globbed.
func FuzzMatchAction(f *testing.F) {
	for _, s := range [][2]string{
		{"s3:Get*", "s3:GetObject"}, {"S3:get*", "s3:GetObject"}, {"iam:PassRole", "lambda:InvokeFunction"},
		{"*", ""}, {"", ""}, {"?3:*", "s3:x"}, {"\u212a*", "k"}, {"k*", "\u212a"}, {"İ*", "i̇x"},
	} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, pattern, action string) {
		want := pattern == "*" || glob(strings.ToLower(pattern), strings.ToLower(action))
		if got := MatchAction(pattern, action); got != want {
			t.Errorf("MatchAction(%q, %q) = %v, want %v", pattern, action, got, want)
		}
	})
}
