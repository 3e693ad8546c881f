package main

import (
	"os"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

// TestMain lets the test scripts run lambdasec as a command.
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"lambdasec": func() { os.Exit(run(os.Args, os.Stdout, os.Stderr)) },
	})
}

// TestScripts runs the CLI scenarios in testdata/script: each is a txtar
// archive of input files and the commands a user would type, with the
// output and exit codes they should see.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir: "testdata/script",
		// A user's synced managed policy cache must not change results.
		Setup: func(env *testscript.Env) error {
			env.Setenv("LAMBDASEC_CACHE_DIR", env.WorkDir+"/.cache")
			return nil
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			// binfile PATH writes a small binary file (with NUL bytes),
			// which a txtar archive cannot hold.
			"binfile": func(ts *testscript.TestScript, neg bool, args []string) {
				if len(args) != 1 {
					ts.Fatalf("usage: binfile PATH")
				}
				ts.Check(os.WriteFile(ts.MkAbs(args[0]), []byte("Resources:\x00\x01AWS::\x7fELF"), 0o644))
			},
			// bigfile PATH writes a 3 MiB YAML file.
			"bigfile": func(ts *testscript.TestScript, neg bool, args []string) {
				if len(args) != 1 {
					ts.Fatalf("usage: bigfile PATH")
				}
				data := []byte("Resources:\n  T: {Type: AWS::SNS::Topic}\n# " + strings.Repeat("x", 3<<20) + "\n")
				ts.Check(os.WriteFile(ts.MkAbs(args[0]), data, 0o644))
			},
		},
	})
}
