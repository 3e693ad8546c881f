package main

import (
	"fmt"
	"io"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/lambdasec/lambdasec/internal/inventory"
	"github.com/lambdasec/lambdasec/internal/report"
	"github.com/lambdasec/lambdasec/internal/source/live"
	"github.com/lambdasec/lambdasec/internal/source/snapshot"
)

func newCollectCmd(stdout, stderr io.Writer) *cobra.Command {
	var fl liveFlags
	var output, since string
	cmd := &cobra.Command{
		Use:   "collect --aws [-o snapshot.json]",
		Short: "Read a live AWS account (read-only) into a snapshot to judge later, offline",
		Long: `Collect reads a live AWS account — or every account of an Organization with --org — read-only,
and writes what it read as a snapshot (JSON). 'lambdasec scan snapshot.json' judges it later, on
any machine, with the same rules and the same findings as 'lambdasec scan --aws'.

Secrets found in environment variables are never written: the value is replaced by a redacted
fingerprint (first characters and a SHA-256 prefix) and the finding kept. What could not be read
(an API call denied or failing after every retry) is recorded in the snapshot against the resource
and listed on stderr; the rules say UNKNOWN for it.

Each account is written as soon as it is read, and then let go: memory grows with --org-parallel,
not with the organization. The snapshot keeps the accounts in ID order whichever is read first
(one read early waits in a temporary file beside the output), and -o FILE is written to a
temporary file renamed when the snapshot is whole: a collection that fails leaves FILE as it was.
One cut short by --max-duration is written with what was read.

With --since, collect reads again only the functions whose configuration changed since an earlier
snapshot of the same account and regions (their RevisionId or LastModified, or their published
versions, differ) and those the snapshot did not read fully; the other functions' tags, reserved
concurrency, aliases, resource policies, URLs and async settings are taken from the snapshot.
With --org each account reuses its own estate, and an account new to the snapshot is read whole.
Every listing and every other service is read again. Lambda does not document that a change of
only a resource policy, tags, reserved concurrency, an alias or a URL changes the function's
RevisionId: collect without --since from time to time to see those.

'lambdasec iam-policy' prints the read-only IAM policy collect needs.`,
		Example: `  lambdasec collect --aws --profile audit --regions all -o snapshot.json
  lambdasec collect --aws --org --role-name OrganizationAccountAccessRole -o org.json
  lambdasec collect --aws --regions eu-west-1,us-east-1 --since monday.json -o tuesday.json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := fl.validate(cmd); err != nil {
				return err
			}
			if !fl.enabled {
				return usageError("collect reads live accounts only: add --aws")
			}
			if since != "" {
				prev, err := readSince(since, fl.org)
				if err != nil {
					return &exitError{code: exitInput, err: err}
				}
				fl.since, fl.sinceName = prev, since
			}
			// Each account is written as soon as it is read, and let go;
			// what it could not read is kept for the summary.
			var fns, accounts int
			var unread []accountUnread // by position
			at := time.Now().UTC().Truncate(time.Second)
			err := writeSnapshot(stdout, output, at, func(put func(int, *inventory.Estate) error) error {
				return fl.collectEach(cmd.Context(), stderr, func(i int, e *inventory.Estate) error {
					fns += len(e.Functions)
					accounts++
					if i >= len(unread) {
						unread = append(unread, make([]accountUnread, i+1-len(unread))...)
					}
					unread[i] = accountUnread{e.Account, e.Unread()}
					return put(i, e)
				})
			})
			if err != nil {
				return &exitError{code: exitInput, err: err}
			}
			fmt.Fprintf(stderr, "lambdasec: collected %d functions from %d accounts\n", fns, accounts)
			for _, u := range unread {
				for _, line := range u.lines {
					if accounts > 1 { // as scan.Unread says it
						line = u.account + ": " + line
					}
					fmt.Fprintf(stderr, "lambdasec: not read: %s\n", report.Display(line))
				}
			}
			return nil
		},
	}
	fl.register(cmd)
	cmd.Flags().StringVarP(&output, "output", "o", "", "write the snapshot to `FILE` (default: standard output)")
	cmd.Flags().StringVar(&since, "since", "", "re-read only the functions changed since the earlier snapshot `FILE` of the same account and regions")
	return cmd
}

// accountUnread is what one account's collection could not read
// (inventory.Estate.Unread), kept for the run summary once the estate is
// written and released.
type accountUnread struct {
	account string
	lines   []string
}

// readSince reads the earlier snapshot of collect --since, in this
// lambdasec's schema version (snapshot.Read refuses another): one live
// account, or with org, any number of distinct accounts.
func readSince(name string, org bool) ([]*inventory.Estate, error) {
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, fmt.Errorf("--since: %w", err)
	}
	s, err := snapshot.Read(name, data)
	if err != nil {
		return nil, fmt.Errorf("--since: %w: collect again without --since", err)
	}
	if !org && len(s.Estates) != 1 {
		return nil, fmt.Errorf("--since: %s holds %d estates; give the snapshot of one account, or add --org for a snapshot of an organization", name, len(s.Estates))
	}
	seen := map[string]bool{}
	for _, e := range s.Estates {
		if seen[e.Account] {
			return nil, fmt.Errorf("--since: %s holds account %s twice", name, e.Account)
		}
		seen[e.Account] = true
	}
	return s.Estates, nil
}

func newIAMPolicyCmd(stdout io.Writer) *cobra.Command {
	var roleName string
	var explain bool
	cmd := &cobra.Command{
		Use:   "iam-policy",
		Short: "Print the read-only IAM policy that scan --aws and collect need",
		Long: `iam-policy prints the minimal IAM policy (JSON) that lets lambdasec read an account: exactly the
read actions the collector calls, and nothing else. With --role-name it adds sts:AssumeRole on that
role in member accounts, for --org. With --explain it lists each API call, its IAM action, and the
rules that need what it returns.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if explain {
				return writeOperations(stdout)
			}
			_, err := stdout.Write(live.ReadOnlyPolicy(roleName))
			return err
		},
	}
	cmd.Flags().StringVar(&roleName, "role-name", "", "add sts:AssumeRole on role `NAME` in every account (for --org)")
	cmd.Flags().BoolVar(&explain, "explain", false, "list each API call with its IAM action and the rules that need it")
	return cmd
}
