package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/lambdasec/lambdasec/internal/iampolicy"
	"github.com/lambdasec/lambdasec/internal/source/live"
)

func newManagedPoliciesCmd(stdout, stderr io.Writer) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "managed-policies",
		Short: "Show or refresh the AWS managed policy documents lambdasec judges roles with",
		Long: `Templates attach AWS managed policies by ARN; lambdasec needs their documents to judge
the roles. It has a built-in table of the policies Lambda roles commonly attach, and a cache
that "managed-policies sync" fills from any AWS account with the full current set.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			set, from := managedPolicies(stderr)
			fmt.Fprintf(stdout, "%d managed policies known (%s)\n", set.Len(), from)
			return nil
		},
	}
	var af awsFlags
	sync := &cobra.Command{
		Use:   "sync",
		Short: "Read every AWS managed policy from an account into the cache (read-only: iam:ListPolicies, iam:GetPolicyVersion)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			cfg, err := af.load(cmd.Context())
			if err != nil {
				return &exitError{code: exitInput, err: err}
			}
			docs, err := live.SyncManagedPolicies(cmd.Context(), cfg, nil, func(done, total int) {
				if isTerminal(stderr) {
					fmt.Fprintf(stderr, "\r%d/%d policies", done, total)
				}
			})
			if isTerminal(stderr) {
				fmt.Fprintln(stderr)
			}
			if err != nil {
				return &exitError{code: exitInput, err: err}
			}
			path, err := managedCachePath()
			if err != nil {
				return err
			}
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				return err
			}
			data, err := json.MarshalIndent(docs, "", " ")
			if err != nil {
				return err
			}
			if err := os.WriteFile(path, data, 0o644); err != nil {
				return fmt.Errorf("write %s: %w", path, err)
			}
			fmt.Fprintf(stdout, "wrote %d managed policies to %s\n", len(docs), path)
			return nil
		},
	}
	af.register(sync, "us-east-1")
	cmd.AddCommand(sync)
	return cmd
}

// managedPolicies returns the managed policy documents scans use: the
// synced cache merged over the built-in table, and where they came from.
// A cache that cannot be read is reported on stderr and left out.
func managedPolicies(stderr io.Writer) (*iampolicy.ManagedPolicySet, string) {
	builtin := iampolicy.BuiltinManagedPolicies()
	path, err := managedCachePath()
	if err != nil {
		return builtin, "built-in table"
	}
	cache, err := iampolicy.LoadManagedPolicies(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return builtin, "built-in table; no synced cache"
	case err != nil:
		fmt.Fprintf(stderr, "lambdasec: managed policy cache %s ignored: %v\n", path, err)
		return builtin, "built-in table"
	}
	return iampolicy.Merge(builtin, cache), fmt.Sprintf("built-in table and %d synced from AWS in %s", cache.Len(), path)
}
