package rules

import (
	"fmt"
	"strings"
)

// Markdown renders the rule reference (docs/rules.md): a summary table and
// a section per rule with its description, fixes, references and
// compliance mappings.
func Markdown(rs []*Rule) string {
	var b strings.Builder
	b.WriteString("# lambdasec rules\n\n")
	b.WriteString("<!-- Generated from the rule metadata by `go test ./internal/rules -run TestDocs -update`. Do not edit. -->\n\n")
	b.WriteString("Each rule yields one result per resource it looks at: FAIL, PASS, or UNKNOWN when it could not see what it needed (never a PASS for what it could not see). IDs are grouped by area: 1xx exposure, 2xx execution role, 3xx secrets and encryption, 4xx network, 5xx runtime and code integrity, 6xx logging and detection, 7xx reliability and cost.\n\n")
	b.WriteString(SummaryTable(rs))
	for _, r := range rs {
		fmt.Fprintf(&b, "\n## %s %s\n\n", r.ID, r.Name)
		fmt.Fprintf(&b, "**%s** — severity **%s**, area %s.\n\n", r.Title, r.SeverityRange(), r.Area())
		fmt.Fprintf(&b, "%s\n\n", r.Description)
		fmt.Fprintf(&b, "**Fix.** %s\n\n", r.Remediation.Text)
		for _, x := range []struct{ label, text string }{{"AWS CLI", r.Remediation.CLI}, {"CloudFormation", r.Remediation.CloudFormation}, {"Terraform", r.Remediation.Terraform}} {
			if x.text != "" {
				fmt.Fprintf(&b, "- %s: `%s`\n", x.label, strings.ReplaceAll(x.text, "`", "'"))
			}
		}
		if len(r.Compliance) > 0 {
			var cs []string
			for _, c := range r.Compliance {
				cs = append(cs, c.Framework+" "+c.Control)
			}
			fmt.Fprintf(&b, "\n**Compliance.** %s\n", strings.Join(cs, "; "))
		}
		b.WriteString("\n**References.**\n\n")
		for _, ref := range r.References {
			fmt.Fprintf(&b, "- %s\n", ref)
		}
	}
	return b.String()
}

// SummaryTable renders the Markdown table of rules: ID, severity, name and
// title, linking each ID to its section of docs/rules.md.
func SummaryTable(rs []*Rule) string {
	var b strings.Builder
	b.WriteString("| ID | Severity | Name | Title |\n|---|---|---|---|\n")
	for _, r := range rs {
		fmt.Fprintf(&b, "| [%s](%s#%s) | %s | %s | %s |\n", r.ID, "docs/rules.md", strings.ToLower(r.ID+"-"+r.Name), r.SeverityRange(), r.Name, r.Title)
	}
	return b.String()
}
