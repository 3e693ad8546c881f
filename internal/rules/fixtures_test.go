package rules_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/lambdasec/lambdasec/internal/rules"
)

// TestFixtureDirsHaveRules fails for a testdata/LSxxx directory no rule of
// rules.All owns: its fixtures would never run (a rule left out of all.go,
// or a renumbered one).
func TestFixtureDirsHaveRules(t *testing.T) {
	dirs, err := filepath.Glob(filepath.Join("testdata", "LS*"))
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range dirs {
		if info, err := os.Stat(d); err != nil || !info.IsDir() {
			continue
		}
		if rules.ByID(rules.All(), filepath.Base(d)) == nil {
			t.Errorf("%s: no rule %s in rules.All(), so its fixtures never run", d, filepath.Base(d))
		}
	}
}
