package terraform

import (
	"errors"
	"github.com/lambdasec/lambdasec/internal/inventory"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"testing"
)

// corpusRoot finds the shared corpus (../shared/corpus beside the checkout,
// or $LAMBDASEC_CORPUS); the test skips without it unless
// LAMBDASEC_REQUIRE_CORPUS is set.
func corpusRoot(tb testing.TB) string {
	dir := os.Getenv("LAMBDASEC_CORPUS")
	if dir == "" {
		dir = filepath.Join("..", "..", "..", "..", "shared", "corpus")
	}
	if _, err := os.Stat(filepath.Join(dir, "serverless-patterns")); err != nil {
		if os.Getenv("LAMBDASEC_REQUIRE_CORPUS") != "" {
			tb.Fatalf("corpus required but not found: %v", err)
		}
		tb.Skipf("no corpus at %s", dir)
	}
	return dir
}

// corpusDirs returns the directories of .tf files under the corpus's
// Terraform projects, without the local modules another directory calls
// (they are read as part of their caller, as scan does).
func corpusDirs(tb testing.TB, root string) (roots []string, files int) {
	var dirs []string
	for _, sub := range []string{"serverless-patterns", "terraform-aws-lambda"} {
		err := filepath.WalkDir(filepath.Join(root, sub), func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() && (d.Name() == ".terraform" || d.Name() == "node_modules" || d.Name() == ".git") {
				return filepath.SkipDir
			}
			if !d.IsDir() && filepath.Ext(p) == ".tf" {
				files++
			}
			if d.IsDir() && IsTerraformDir(p) {
				dirs = append(dirs, p)
			}
			return nil
		})
		if err != nil {
			tb.Fatal(err)
		}
	}
	called := map[string]bool{}
	for _, d := range dirs {
		_, info, _, _ := ReadDir(d)
		if info != nil {
			for _, m := range info.Modules {
				called[filepath.Clean(m)] = true
			}
		}
	}
	for _, d := range dirs {
		if !called[filepath.Clean(d)] {
			roots = append(roots, d)
		}
	}
	sort.Strings(roots)
	return roots, files
}

var lambdaBlock = regexp.MustCompile(`(?m)^\s*resource\s+"aws_lambda_function"|source\s*=\s*"(terraform-aws-modules/lambda/aws|\.\./\.\./?)"`)

// TestCorpus reads every Terraform root directory of the corpus: fewer than
// 2% may fail, each failure names a file and line, and every directory
// whose .tf files (or local modules) declare a Lambda function yields at
// least one function.
func TestCorpus(t *testing.T) {
	root := corpusRoot(t)
	roots, files := corpusDirs(t, root)
	var failed, withLambda, functions int
	for _, d := range roots {
		est, info, _, err := ReadDir(d)
		if err != nil {
			failed++
			var te *inventory.Diagnostic
			if !errors.As(err, &te) || te.Line == 0 {
				t.Errorf("%s: failure without a file and line: %v", d, err)
			} else {
				t.Logf("failed: %v", err)
			}
			continue
		}
		declares := false
		for _, f := range info.Files {
			if b, err := os.ReadFile(f); err == nil && lambdaBlock.Match(b) {
				declares = true
			}
		}
		if declares {
			withLambda++
			if len(est.Functions) == 0 {
				t.Errorf("%s declares a Lambda function but yields none", d)
			}
		}
		functions += len(est.Functions)
	}
	t.Logf("%d .tf files, %d root directories, %d with Lambda functions, %d functions, %d failed to read", files, len(roots), withLambda, functions, failed)
	if failed*50 >= len(roots) {
		t.Errorf("%d of %d directories failed to read (2%% allowed)", failed, len(roots))
	}
}
