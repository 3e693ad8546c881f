package rules

import (
	"fmt"

	"github.com/lambdasec/lambdasec/internal/inventory"
	"github.com/lambdasec/lambdasec/internal/needs"
)

var roleExcess = &Rule{
	ID:         "LS214",
	Name:       "role-excess-permissions",
	Severity:   High,
	Severities: []Severity{Medium, Low},
	Title:      "Execution role grants permissions the function never needs",
	Description: "The function's execution role allows actions, or resources, beyond what the function is " +
		"seen to need: the SDK calls of its code, the calls CloudTrail recorded with its role's sessions, and " +
		"what its configuration takes (its logs, tracing, VPC network interfaces, event source mappings, " +
		"dead-letter queue and destinations, KMS key). Every such grant is access an attacker who runs code " +
		"in the function gets for free. The severity follows what the excess allows: a step of a privilege " +
		"escalation method (the catalogue LS203 uses) is high, writing or changing permissions is medium, " +
		"reading only is low. The grants AWS's own execution policies make for logs, traces and network " +
		"interfaces on \"*\" are listed but do not fail. UNKNOWN when neither the function's code nor any " +
		"recorded activity could be seen: its configuration alone does not show the calls its code makes; a run " +
		"that analyses no code and reads no CloudTrail says so once, for the estate's functions. " +
		"(Issue 12 calls this rule LS209; that ID was already taken by role-invoke-any.)",
	Remediation: Remediation{
		Text:           "Replace the role's policies with what `lambdasec policy FUNCTION` prints: the needed actions on the needed resources, each with its evidence.",
		CLI:            "lambdasec policy FUNCTION template.yaml --format iam > policy.json && aws iam put-role-policy --role-name ROLE --policy-name least-privilege --policy-document file://policy.json",
		CloudFormation: "lambdasec policy FUNCTION template.yaml --format sam (SAM Policies) or --format cloudformation (an AWS::IAM::Role); remove the broader policies.",
		Terraform:      "lambdasec policy FUNCTION . --format terraform prints an aws_iam_policy_document per function; attach it in place of the broader policies.",
	},
	References: []string{
		"https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege",
		"https://docs.aws.amazon.com/lambda/latest/dg/lambda-intro-execution-role.html",
		"https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html",
	},
	Compliance: []Compliance{{"OWASP Serverless Top 10", "SAS-4"}},
	Check:      checkRoleExcess,
}

// excessSeverity is the severity of a FAIL of LS214 by the worst class of
// what the excess allows.
var excessSeverity = map[string]Severity{
	needs.ExcessEscalation: High,
	needs.ExcessWrite:      Medium,
	needs.ExcessRead:       Low,
}

func checkRoleExcess(in *Input) []Result {
	src := needs.Sources{Code: in.Config.Code, Activity: in.Config.Activity}
	if src.Code == nil && src.Activity == nil {
		// The run has no source of evidence at all: one UNKNOWN for the
		// estate says so, rather than the same UNKNOWN on every function
		// (which would also cloud what each role may do in the reports).
		if len(in.Estate.Functions) == 0 {
			return nil
		}
		res := Result{Resource: "functions", Kind: KindEstate, Label: "the estate's functions",
			Source: inventory.Source{File: estateFile(in.Estate), Line: 1, Column: 1}}
		if in.Estate.Kind == inventory.KindAccount {
			res.Label, res.Source = "the functions of account "+in.Estate.Account, inventory.Source{}
		}
		res.unknown(fmt.Sprintf("this run analysed no code and read no CloudTrail activity: what the code of the %d functions calls is not known, so their roles' excess cannot be judged (lambdasec policy --trail DIR prints what is known)", len(in.Estate.Functions)))
		return []Result{res}
	}
	return eachFunction(in, func(f *inventory.Function, res *Result) bool {
		r := in.Index.Role(f.Role)
		if r == nil {
			if g, ok := f.Gap(inventory.FieldRole); ok {
				res.unknown("execution role is not known: " + g.Reason)
			} else {
				res.unknown("execution role " + inventory.Describe(f.Role) + " is defined outside this estate: its grants cannot be held against the function's needs")
			}
			return true
		}
		ev := needs.For(in.Estate, in.Index, f, src)
		if !ev.Seen() {
			res.unknown("neither the function's code nor any recorded activity could be seen: its configuration alone does not show the calls its code makes")
			return true
		}
		v := &roleView{in.Analysis.RoleView(r, in.Index.FunctionsOfRole(r))}
		d := needs.Compare(v.Identity, ev.Needs)
		sig := d.Significant()
		var evs []Evidence
		worst := ""
		for _, g := range sig {
			src := r.Source
			if p := v.Sources[g.Ref.Policy]; p != nil {
				src = p.StatementSource(g.Ref.Index)
			}
			evs = append(evs, Evidence{Label: "grant beyond the needs (" + g.Class + ")", Value: g.Describe(), Source: src})
			if excessRank(g.Class) > excessRank(worst) {
				worst = g.Class
			}
		}
		basis := "from its " + ev.Basis()
		if len(sig) == 0 {
			v.verdict(res, false, "", fmt.Sprintf("role %s grants nothing beyond the function's needs %s", r.Label(), basis))
			return true
		}
		res.Evidence = append(res.Evidence, evs...)
		res.atEvidence()
		msg := fmt.Sprintf("role %s grants %s the function never needs (%s), %s: %s", r.Label(), grantsWord(len(sig)), worst, basis, sig[0].Summary)
		if len(sig) > 1 {
			msg += fmt.Sprintf(" and %d more", len(sig)-1)
		}
		v.verdict(res, true, msg, "")
		if s, ok := excessSeverity[worst]; ok && s != High {
			res.Severity = sev(s)
		}
		return true
	})
}

func grantsWord(n int) string {
	if n == 1 {
		return "a statement"
	}
	return fmt.Sprintf("%d statements", n)
}

func excessRank(class string) int {
	switch class {
	case needs.ExcessEscalation:
		return 3
	case needs.ExcessWrite:
		return 2
	case needs.ExcessRead:
		return 1
	}
	return 0
}
