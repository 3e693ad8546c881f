package rules

import (
	"fmt"
	"strings"

	"github.com/lambdasec/lambdasec/internal/iampolicy"
)

var roleTakeOver = &Rule{
	ID:       "LS217",
	Name:     "role-takes-over-functions",
	Severity: High,
	Title:    "Execution role can take over functions that run with other roles",
	Description: "The execution role may, on named functions that run with a different role, call " +
		"lambda:UpdateFunctionCode or lambda:UpdateFunctionConfiguration (a new handler, layer or environment), " +
		"or pass such a function's role to a new function (iam:PassRole with lambda:CreateFunction). Code running " +
		"in this function can then run code as those functions' roles: a lateral move the exposure graph follows " +
		"(a path through this function goes on to theirs, LS110). Grants on every function alike are LS211's " +
		"(modify any function) and not repeated here; a function's own role is not another's. Each grant is " +
		"judged with the IAM engine in a request without MFA (a function's session has none), with the " +
		"permissions boundary.",
	Remediation: Remediation{
		Text:           "Remove the lambda:Update* (and iam:PassRole + lambda:CreateFunction) grants from the function's role; deploy other functions through a pipeline role no function runs with.",
		CLI:            "aws iam delete-role-policy --role-name ROLE --policy-name POLICY  # or put a version without lambda:UpdateFunctionCode",
		CloudFormation: "Remove the statement allowing lambda:UpdateFunctionCode / lambda:UpdateFunctionConfiguration on !GetAtt Other.Arn from the role's Policies.",
		Terraform:      "Remove \"lambda:UpdateFunctionCode\" / \"lambda:UpdateFunctionConfiguration\" on aws_lambda_function.other.arn from the role's policy document.",
	},
	References: []string{
		"https://docs.aws.amazon.com/lambda/latest/dg/lambda-api-permissions-ref.html",
		"https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html",
	},
	Compliance: []Compliance{{"OWASP Serverless Top 10", "SAS-4"}},
	Check:      checkRoleTakeOver,
}

func checkRoleTakeOver(in *Input) []Result {
	return eachRole(in, func(v *roleView, res *Result) bool {
		cs := in.Analysis.TakeOvers(v.RoleView)
		var names []string
		var permits []iampolicy.Permit
		byFn := map[string][]string{}
		for _, c := range cs {
			l := c.Function.Label()
			if byFn[l] == nil {
				names = append(names, l)
			}
			byFn[l] = append(byFn[l], strings.TrimPrefix(c.Action, "lambda:"))
			permits = append(permits, c.Permits...)
		}
		var parts []string
		for _, n := range names {
			parts = append(parts, fmt.Sprintf("%s (%s)", n, strings.Join(byFn[n], ", ")))
		}
		if len(cs) > 0 {
			res.Evidence = v.permitEvidence("may take over", permits)
			res.atEvidence()
		}
		v.verdict(res, len(cs) > 0,
			fmt.Sprintf("role %s (used by %s) may take over functions that run with other roles: %s", v.Role.Label(), v.usedBy(), strings.Join(parts, "; ")),
			"may change no function that runs with another role (grants on every function are LS211's)")
		return true
	})
}
