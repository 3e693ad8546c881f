package main

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// ciCommand finds the lambdasec command lines of the documented CI
// workflows: "run: lambdasec scan ..." steps in README.md and
// docs/examples/*.yml (steps that use shell variables are left out: they
// are not a command a user copies).
var ciCommand = regexp.MustCompile(`(?m)^\s*(?:-\s+)?run:\s+(lambdasec scan [^$\n]*?)\s*$`)

// TestCIExample runs the exact command line of the README's GitHub
// Actions example on examples/, from the examples directory of a
// repository (as a workflow step may run it from a subdirectory), and
// checks the SARIF it writes: valid against the SARIF 2.1.0 schema (when
// LAMBDASEC_SARIF_SCHEMA names it, as .ci/run does), every file URI
// relative to the repository root, and the exit code and message of
// --fail-on.
func TestCIExample(t *testing.T) {
	var commands []string
	docs := []string{filepath.Join("..", "..", "README.md")}
	more, _ := filepath.Glob(filepath.Join("..", "..", "docs", "examples", "*.yml"))
	for _, p := range append(docs, more...) {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range ciCommand.FindAllStringSubmatch(string(data), -1) {
			commands = append(commands, m[1])
		}
	}
	if len(commands) == 0 {
		t.Fatal("no 'run: lambdasec scan ...' step in README.md or docs/examples/*.yml")
	}

	// A repository holding a copy of examples/.
	repo := t.TempDir()
	if err := os.Mkdir(filepath.Join(repo, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	copyTree(t, filepath.Join("..", "..", "examples"), filepath.Join(repo, "examples"))
	schema := sarifSchema(t)
	t.Chdir(filepath.Join(repo, "examples"))

	for _, line := range commands {
		t.Run(line, func(t *testing.T) {
			args := strings.Fields(line)
			sarifFile := ""
			for i, a := range args {
				switch {
				case (a == "--output" || a == "-o") && i+1 < len(args):
					sarifFile = args[i+1]
				case a == "--output-file" && i+1 < len(args) && strings.HasPrefix(args[i+1], "sarif="):
					sarifFile = strings.TrimPrefix(args[i+1], "sarif=")
				}
			}
			if sarifFile == "" {
				t.Fatalf("%q writes no SARIF file", line)
			}
			os.Remove(sarifFile)
			var stdout, stderr bytes.Buffer
			code := run(args, &stdout, &stderr)
			// examples/orders-api has high and critical findings: with
			// --fail-on the run fails, and says why.
			if strings.Contains(line, "--fail-on") {
				if code != exitFindings || !strings.Contains(stderr.String(), "lambdasec: failing (--fail-on ") {
					t.Errorf("exit %d, stderr %q; want %d and the failing findings named", code, stderr.String(), exitFindings)
				}
			} else if code != exitOK {
				t.Errorf("exit %d, stderr %q", code, stderr.String())
			}
			data, err := os.ReadFile(sarifFile)
			if err != nil {
				t.Fatal(err)
			}
			var log struct {
				Runs []struct {
					Results []struct {
						RuleID    string `json:"ruleId"`
						Locations []struct {
							PhysicalLocation struct {
								ArtifactLocation struct {
									URI       string `json:"uri"`
									URIBaseID string `json:"uriBaseId"`
								} `json:"artifactLocation"`
							} `json:"physicalLocation"`
						} `json:"locations"`
					} `json:"results"`
				} `json:"runs"`
			}
			if err := json.Unmarshal(data, &log); err != nil {
				t.Fatal(err)
			}
			if len(log.Runs) != 1 || len(log.Runs[0].Results) == 0 {
				t.Fatalf("SARIF with %d runs and no results", len(log.Runs))
			}
			for _, r := range log.Runs[0].Results {
				for _, l := range r.Locations {
					a := l.PhysicalLocation.ArtifactLocation
					// examples/ holds SAM and Terraform applications.
					if !strings.HasPrefix(a.URI, "examples/") || a.URIBaseID != "%SRCROOT%" {
						t.Errorf("%s: artifact %q (uriBaseId %q), want a path from the repository root (examples/...)", r.RuleID, a.URI, a.URIBaseID)
					}
				}
			}
			if schema == nil {
				t.Log("LAMBDASEC_SARIF_SCHEMA not set: SARIF not validated against the schema (.ci/run sets it)")
				return
			}
			inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
			if err != nil {
				t.Fatal(err)
			}
			if err := schema.Validate(inst); err != nil {
				t.Errorf("SARIF does not validate: %v", err)
			}
		})
	}
}

// sarifSchema compiles the SARIF 2.1.0 schema named by
// LAMBDASEC_SARIF_SCHEMA, or returns nil when it is not set.
func sarifSchema(t *testing.T) *jsonschema.Schema {
	path := os.Getenv("LAMBDASEC_SARIF_SCHEMA")
	if path == "" {
		return nil
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("sarif-2.1.0.json", doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile("sarif-2.1.0.json")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// copyTree copies the regular files under src to dst.
func copyTree(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		if !d.Type().IsRegular() {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}
