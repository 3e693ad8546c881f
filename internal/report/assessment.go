package report

import (
	"time"
)

// Assessment is the record of what a run assessed and with what, the
// first thing the HTML report shows: the accounts and regions (live
// estates and snapshots) or the paths (repositories, directories) given,
// the caller identity and collection time of live reads, the files read,
// the runtime table, the baseline. The scan fills it; writers other than
// HTML do not print it (it is not part of the JSON report).
type Assessment struct {
	// Paths are the paths given to the scan (repositories, directories,
	// files); empty for a live read.
	Paths []string
	// Accounts are the AWS accounts read live or from snapshots, in
	// account order.
	Accounts []AssessedAccount
	// Inputs are the files read (templates, Terraform directories, plans,
	// snapshots), in the order read.
	Inputs []string
	// RuntimesAsOf is the date of the runtime support table the runtime
	// rules judged with, RuntimesSource where its data comes from.
	RuntimesAsOf   time.Time
	RuntimesSource string
	// Baseline is the earlier report --baseline named, or "".
	Baseline string
}

// AssessedAccount is one AWS account read live or from a snapshot.
type AssessedAccount struct {
	// ID is the 12-digit account ID; Regions the regions read.
	ID      string
	Regions []string
	// Caller is the ARN of the identity that read it (STS
	// GetCallerIdentity), "" when not recorded.
	// https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html
	Caller string
	// CollectedAt is when it was read (a snapshot's createdAt); zero when
	// not recorded.
	CollectedAt time.Time
}

// displayAssessment returns a copy of a with every string that comes from
// the estate or the command line passed through Display.
func displayAssessment(a Assessment) Assessment {
	strs := func(in []string) []string {
		if in == nil {
			return nil
		}
		o := make([]string, len(in))
		for i, s := range in {
			o[i] = Display(s)
		}
		return o
	}
	a.Paths, a.Inputs = strs(a.Paths), strs(a.Inputs)
	a.Baseline, a.RuntimesSource = Display(a.Baseline), Display(a.RuntimesSource)
	if a.Accounts != nil {
		accts := make([]AssessedAccount, len(a.Accounts))
		for i, acct := range a.Accounts {
			acct.ID, acct.Caller, acct.Regions = Display(acct.ID), Display(acct.Caller), strs(acct.Regions)
			accts[i] = acct
		}
		a.Accounts = accts
	}
	return a
}
