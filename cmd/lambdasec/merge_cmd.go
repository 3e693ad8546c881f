package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/lambdasec/lambdasec/internal/scan"
)

func newMergeCmd(stdout, stderr io.Writer) *cobra.Command {
	var output string
	cmd := &cobra.Command{
		Use:   "merge FILE... [-o merged.json]",
		Short: "Combine the snapshots or JSON reports of shards (--shard i/n) into one",
		Long: `Merge combines what n copies of lambdasec run with --shard i/n wrote: the snapshots of
'collect --aws --org --shard i/n' into one snapshot, or the JSON reports of
'scan --format json --shard i/n' into one report. An estate two snapshots both hold is kept once;
a report of a shard given twice is kept once; a report's counts are counted again over the
merged findings, its lists (skipped inputs, warnings,
what could not be read) are joined, and each shard's own summary is kept under summary.shards.

Merge the snapshots and then scan the result when rules need the whole estate at once; merge the
reports when each shard judged its part.`,
		Example: `  lambdasec merge -o org.json shard-0.json shard-1.json shard-2.json shard-3.json
  lambdasec merge -o report.json report-*.json`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			in := make([]scan.MergeInput, 0, len(args))
			for _, name := range args {
				data, err := os.ReadFile(name)
				if err != nil {
					return &exitError{code: exitInput, err: err}
				}
				in = append(in, scan.MergeInput{Name: name, Data: data})
			}
			m, err := scan.MergeInputs(in)
			if err != nil {
				return &exitError{code: exitInput, err: err}
			}
			var buf bytes.Buffer
			if err := m.Write(&buf); err != nil {
				return &exitError{code: exitInput, err: err}
			}
			if output == "" || output == "-" {
				if _, err := stdout.Write(buf.Bytes()); err != nil {
					return &exitError{code: exitInput, err: err}
				}
			} else if err := os.WriteFile(output, buf.Bytes(), 0o600); err != nil {
				return &exitError{code: exitInput, err: fmt.Errorf("write %s: %w", output, err)}
			}
			fmt.Fprintf(stderr, "lambdasec: merged %d %s (%d duplicates kept once)\n", len(in), m.Kind, m.Duplicates)
			for _, w := range m.Warnings {
				fmt.Fprintf(stderr, "lambdasec: warning: %s\n", w)
			}
			if len(m.Missing) > 0 {
				// Written, but not the whole: say so and exit 2.
				return &exitError{code: exitInput, err: fmt.Errorf("shards %s missing: the merged report covers part of the inputs", strings.Join(m.Missing, ", "))}
			}
			return nil
		},
	}
	cmd.Flags().StringVarP(&output, "output", "o", "", "write the merged snapshot or report to `FILE` (default: standard output)")
	return cmd
}
