package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/lambdasec/lambdasec/internal/rules"
)

func newExplainCmd(stdout io.Writer) *cobra.Command {
	return &cobra.Command{
		Use:     "explain [RULE]",
		Short:   "Explain a rule: what it checks and why, how to fix it, references and compliance mappings",
		Example: "  lambdasec explain LS101\n  lambdasec explain public-invoke\n  lambdasec explain            (lists the rules)",
		Args:    cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				if err := writeRuleTable(stdout); err != nil {
					return err
				}
				fmt.Fprintln(stdout, "\n(lambdasec explain RULE explains one, by ID or name)")
				return nil
			}
			r := rules.ByID(rules.All(), args[0])
			if r == nil {
				return usageError("no rule %q (see lambdasec rules)", args[0])
			}
			writeExplain(stdout, r)
			return nil
		},
	}
}

func writeExplain(w io.Writer, r *rules.Rule) {
	fmt.Fprintf(w, "%s %s — %s\n", r.ID, r.Name, r.Title)
	fmt.Fprintf(w, "severity %s, area %s\n\n", r.SeverityRange(), r.Area())
	fmt.Fprintf(w, "%s\n\n", wrap(r.Description, 96))
	fmt.Fprintf(w, "How to fix:\n  %s\n", wrap(r.Remediation.Text, 94))
	for _, x := range []struct{ label, text string }{{"AWS CLI", r.Remediation.CLI}, {"CloudFormation", r.Remediation.CloudFormation}, {"Terraform", r.Remediation.Terraform}} {
		if x.text != "" {
			fmt.Fprintf(w, "  %s:\n    %s\n", x.label, x.text)
		}
	}
	if len(r.Compliance) > 0 {
		fmt.Fprintln(w, "\nCompliance:")
		for _, c := range r.Compliance {
			fmt.Fprintf(w, "  %s %s\n", c.Framework, c.Control)
		}
	}
	fmt.Fprintln(w, "\nReferences:")
	for _, ref := range r.References {
		fmt.Fprintf(w, "  %s\n", ref)
	}
}

// wrap folds text at width columns, indenting continuation lines to match
// the caller's two-space indent when the width is under 96.
func wrap(s string, width int) string {
	indent := ""
	if width < 96 {
		indent = strings.Repeat(" ", 96-width)
	}
	var b strings.Builder
	col := 0
	for i, word := range strings.Fields(s) {
		if i > 0 && col+1+len(word) > width {
			b.WriteString("\n" + indent)
			col = 0
		} else if i > 0 {
			b.WriteByte(' ')
			col++
		}
		b.WriteString(word)
		col += len(word)
	}
	return b.String()
}
