package main

import (
	"errors"
	"fmt"
	"io"
	"runtime/debug"

	"github.com/spf13/cobra"
)

// Exit codes, as the README documents them.
const (
	exitOK       = 0 // no finding at or above --fail-on
	exitFindings = 1 // a finding at or above --fail-on remains
	exitInput    = 2 // bad usage, or some input could not be read
)

// version is set at build time with -ldflags "-X main.version=v1.2.3";
// otherwise it comes from the module version go install recorded.
var version = ""

func toolVersion() string {
	if version != "" {
		return version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "0.0.0-dev"
}

// exitError carries an exit code out of a command.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string {
	if e.err == nil {
		return fmt.Sprintf("exit %d", e.code)
	}
	return e.err.Error()
}

// usageError marks an error as bad usage (exit 2).
func usageError(format string, args ...any) error {
	return &exitError{code: exitInput, err: fmt.Errorf(format, args...)}
}

// run is the whole program: it parses args, runs the command and returns
// the exit code. Only main exits.
func run(args []string, stdout, stderr io.Writer) int {
	root := newRootCmd(stdout, stderr)
	root.SetArgs(args[1:])
	err := root.Execute()
	if err == nil {
		return exitOK
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.err != nil {
			fmt.Fprintln(stderr, "lambdasec:", ee.err)
		}
		return ee.code
	}
	fmt.Fprintln(stderr, "lambdasec:", err)
	return exitInput
}

func newRootCmd(stdout, stderr io.Writer) *cobra.Command {
	root := &cobra.Command{
		Use:           "lambdasec",
		Short:         "Find, explain and fix what exposes AWS Lambda functions",
		Long:          "lambdasec judges AWS Lambda estates — CloudFormation/SAM templates, snapshots, live accounts — with one rule set,\nand explains each finding with its evidence and the fix.",
		SilenceUsage:  true,
		SilenceErrors: true,
		// --version, as users of other scanners expect. (Not
		// SetVersionTemplate: text/template's reflection would keep every
		// SDK method in the binary, see .ci/binsize.sh.)
		Version: toolVersion(),
	}
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return &exitError{code: exitInput, err: fmt.Errorf("%w (see %s --help)", err, c.CommandPath())}
	})
	root.AddCommand(
		newScanCmd(stdout, stderr),
		newCollectCmd(stdout, stderr),
		newMergeCmd(stdout, stderr),
		newGraphCmd(stdout, stderr),
		newPolicyCmd(stdout, stderr),
		newIAMPolicyCmd(stdout),
		newTrailCmd(stdout, stderr),
		newRulesCmd(stdout),
		newExplainCmd(stdout),
		newManagedPoliciesCmd(stdout, stderr),
		newVersionCmd(stdout),
	)
	return root
}

func newVersionCmd(stdout io.Writer) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print lambdasec's version",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			fmt.Fprintln(stdout, "lambdasec", toolVersion())
			return nil
		},
	}
}
