package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/lambdasec/lambdasec/internal/rules"
	"github.com/lambdasec/lambdasec/internal/source/live"
)

// setupOperations are the collector's calls that find what to read (the
// account, its regions, an organization's accounts and credentials in
// them) rather than read data for a rule.
var setupOperations = map[string]string{
	"sts:GetCallerIdentity":      "finds the account and partition",
	"ec2:DescribeRegions":        "finds the regions to read (--regions all)",
	"organizations:ListAccounts": "finds the accounts to read (--org)",
	"sts:AssumeRole":             "gets credentials in each member account (--org)",
}

// writeOperations writes, for `iam-policy --explain`, each API call of the
// collector with its IAM action, what it returns, and the rules it feeds
// (ID and name), or why it feeds none.
func writeOperations(w io.Writer) error {
	all := rules.All()
	for _, o := range live.Operations() {
		var feeds []string
		for _, id := range o.Rules {
			name := "not a rule of this version"
			if r := rules.ByID(all, id); r != nil {
				name = r.Name
			}
			feeds = append(feeds, id+" "+name)
		}
		line := "feeds " + strings.Join(feeds, ", ")
		switch {
		case len(feeds) > 0:
		case setupOperations[o.Action] != "":
			line = "setup: " + setupOperations[o.Action]
		default:
			line = "feeds no rule yet"
		}
		if _, err := fmt.Fprintf(w, "%-55s %s\n    %s\n    %s\n", o.Key(), o.Action, o.Why, line); err != nil {
			return err
		}
	}
	return nil
}
