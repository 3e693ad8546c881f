package golden

import "testing"

func TestDiff(t *testing.T) {
	for _, c := range []struct {
		name, want, got, diff string
	}{
		{"equal", "a\nb\n", "a\nb\n", ""},
		{"one line changed", "a\nb\nc\n", "a\nB\nc\n", "@@ -2,1 +2,1 @@\n-b\n+B\n"},
		{"line added", "a\nc\n", "a\nb\nc\n", "@@ -2,0 +2,1 @@\n+b\n"},
		{"line removed at the end", "a\nb\n", "a\n", "@@ -2,1 +2,0 @@\n-b\n"},
		{"no final newline", "a", "b", "@@ -1,1 +1,1 @@\n-a\n+b\n"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := Diff(c.want, c.got); got != c.diff {
				t.Errorf("Diff(%q, %q) =\n%s\nwant\n%s", c.want, c.got, got, c.diff)
			}
		})
	}
}
