package rules

import "testing"

func TestWithArticle(t *testing.T) {
	for in, want := range map[string]string{"Allow": "an Allow", "Deny": "a Deny", "": "a "} {
		if got := withArticle(in); got != want {
			t.Errorf("withArticle(%q) = %q, want %q", in, got, want)
		}
	}
}
