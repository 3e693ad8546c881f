// Package golden compares test output with golden files: on a mismatch
// it reports where the two differ, as a line diff, so a failing test
// shows what changed rather than only that something did.
package golden

import (
	"fmt"
	"strings"
)

// maxDiffLines bounds the lines Diff prints on each side.
const maxDiffLines = 40

// Diff returns a line diff of want and got, or "" when they are equal. It
// trims the lines the two share at the start and at the end and shows the
// block between, with the line number it starts at in each: lines only in
// want prefixed "-", lines only in got "+", at most maxDiffLines of each.
// That is the whole change when one place changed, and its first and last
// lines when several did.
func Diff(want, got string) string {
	if want == got {
		return ""
	}
	w, g := strings.SplitAfter(want, "\n"), strings.SplitAfter(got, "\n")
	pre := 0
	for pre < len(w) && pre < len(g) && w[pre] == g[pre] {
		pre++
	}
	suf := 0
	for suf < len(w)-pre && suf < len(g)-pre && w[len(w)-1-suf] == g[len(g)-1-suf] {
		suf++
	}
	var b strings.Builder
	fmt.Fprintf(&b, "@@ -%d,%d +%d,%d @@\n", pre+1, len(w)-pre-suf, pre+1, len(g)-pre-suf)
	side(&b, "-", w[pre:len(w)-suf])
	side(&b, "+", g[pre:len(g)-suf])
	return b.String()
}

func side(b *strings.Builder, mark string, lines []string) {
	for i, l := range lines {
		if i == maxDiffLines {
			fmt.Fprintf(b, "%s ... %d more lines\n", mark, len(lines)-i)
			return
		}
		b.WriteString(mark + strings.TrimSuffix(l, "\n") + "\n")
	}
}
