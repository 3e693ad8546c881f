package internal_test

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

const module = "github.com/lambdasec/lambdasec/"

// ranks are the layers of DESIGN.md: a package may import only packages of
// a lower rank. golden is a test helper that imports nothing of ours.
// scan is the pipeline every command shares: it strings the source
// readers, rules, suppressions and reports together, so it sits above
// them, below cmd.
var ranks = map[string]int{
	"internal/inventory": 0,
	"internal/golden":    0,
	"internal/shard":     0, // --shard i/n: which inputs a copy owns
	"internal/iampolicy": 1,
	"internal/secrets":   1,
	"internal/source":    2, // every internal/source/* package
	"internal/trail":     2,
	"internal/exposure":  3,
	"internal/needs":     3,
	// needs/code turns SDK calls into needs.Need values: above needs,
	// beside rules (which see it only through needs.CodeSource).
	"internal/needs/code": 4,
	"internal/rules":      4,
	"internal/suppress":   5,
	"internal/report":     5,
	"internal/spool":      5, // findings on disk, read back in report order
	"internal/scan":       6,
	"cmd":                 7,
	"bench":               7, // bench/trailgen: test data for bench/trail.sh
	// The TOML -> JSON converter of gitleaks' rules, and its command (go
	// run by update-gitleaks-rules.sh): never imported by the binary.
	"internal/secrets/internal/tomljson": 0,
	"internal/secrets/internal/gen":      7,
}

// rankOf returns the rank of a package directory relative to the module
// root, by its longest listed prefix.
func rankOf(dir string) (int, bool) {
	best, rank, ok := "", 0, false
	for p, r := range ranks {
		if (dir == p || strings.HasPrefix(dir, p+"/")) && len(p) > len(best) {
			best, rank, ok = p, r, true
		}
	}
	return rank, ok
}

// TestLayers fails when a package imports one of equal or higher rank (or
// a package no rank is given for). Test files are exempt: rule tests run
// real templates through the source readers.
func TestLayers(t *testing.T) {
	root := ".."
	fset := token.NewFileSet()
	err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".") && path != root {
				return filepath.SkipDir
			}
			// A directory with its own go.mod is another module (an
			// example function's code), not a package of ours.
			if _, err := os.Stat(filepath.Join(path, "go.mod")); err == nil && path != root {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		rel, _ := filepath.Rel(root, filepath.Dir(path))
		rel = filepath.ToSlash(rel)
		from, ok := rankOf(rel)
		if !ok {
			if rel != "." {
				t.Errorf("%s: package %s has no rank in layers_test.go", path, rel)
			}
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		for _, imp := range f.Imports {
			p, _ := strconv.Unquote(imp.Path.Value)
			if !strings.HasPrefix(p, module) {
				continue
			}
			dep := strings.TrimPrefix(p, module)
			to, ok := rankOf(dep)
			if !ok {
				t.Errorf("%s imports %s, which has no rank", path, dep)
				continue
			}
			if to >= from && dep != rel {
				t.Errorf("%s (rank %d) imports %s (rank %d): imports must point to a lower rank", path, from, dep, to)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
