package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/lambdasec/lambdasec/internal/rules"
)

func newRulesCmd(stdout io.Writer) *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "rules",
		Short: "List every rule with its severity and title",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			switch strings.ToLower(format) {
			case "table":
				return writeRuleTable(stdout)
			case "json":
				return writeRuleJSON(stdout)
			}
			return usageError("--format %q: want table or json", format)
		},
	}
	cmd.Flags().StringVarP(&format, "format", "f", "table", "output format: table or json (every field of every rule)")
	return cmd
}

// writeRuleTable lists the rules, one a line.
func writeRuleTable(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tSEVERITY\tNAME\tTITLE")
	for _, r := range rules.All() {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", r.ID, r.SeverityRange(), r.Name, r.Title)
	}
	return tw.Flush()
}

// ruleJSON is a rule as rules --format json writes it: its metadata and
// its area.
type ruleJSON struct {
	*rules.Rule
	Area string `json:"area"`
}

// writeRuleJSON writes every rule's metadata as a JSON array.
func writeRuleJSON(w io.Writer) error {
	var out []ruleJSON
	for _, r := range rules.All() {
		out = append(out, ruleJSON{Rule: r, Area: r.Area()})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}
