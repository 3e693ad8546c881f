package rules_test

import (
	"flag"
	"os"
	"strings"
	"testing"

	"github.com/lambdasec/lambdasec/internal/golden"
	"github.com/lambdasec/lambdasec/internal/rules"
)

var update = flag.Bool("update", false, "rewrite docs/rules.md and the README's rule table")

const (
	docsPath   = "../../docs/rules.md"
	readmePath = "../../README.md"
	beginRules = "<!-- rules:begin -->\n"
	endRules   = "<!-- rules:end -->\n"
)

// TestDocs fails when docs/rules.md or the rule table in the README no
// longer match the rule metadata; -update rewrites them.
func TestDocs(t *testing.T) {
	want := strings.ReplaceAll(rules.Markdown(rules.All()), "(docs/rules.md#", "(#")
	checkFile(t, docsPath, func(string) string { return want })
	checkFile(t, readmePath, func(cur string) string {
		i, j := strings.Index(cur, beginRules), strings.Index(cur, endRules)
		if i < 0 || j < i {
			t.Fatalf("README.md has no %q ... %q section", beginRules, endRules)
		}
		return cur[:i+len(beginRules)] + rules.SummaryTable(rules.All()) + cur[j:]
	})
}

func checkFile(t *testing.T, path string, render func(cur string) string) {
	t.Helper()
	cur, err := os.ReadFile(path)
	if err != nil && !*update {
		t.Fatal(err)
	}
	want := render(string(cur))
	if string(cur) == want {
		return
	}
	if *update {
		if err := os.WriteFile(path, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Errorf("%s is stale: run go test ./internal/rules -run TestDocs -update\n%s", path, golden.Diff(string(cur), want))
}
