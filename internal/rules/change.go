package rules

import (
	"fmt"
	"strings"

	"github.com/lambdasec/lambdasec/internal/iampolicy"
	"github.com/lambdasec/lambdasec/internal/inventory"
)

var roleModifyAny = &Rule{
	ID:       "LS211",
	Name:     "role-modify-any-function",
	Severity: High,
	Title:    "Execution role can modify any function",
	Description: "The execution role may call lambda:UpdateFunctionCode or lambda:UpdateFunctionConfiguration on every " +
		"function of the account (Resource \"*\", \"function:*\", or the AWS managed policy AWSLambda_FullAccess). " +
		"Code running in the function can then replace the code of any other function, or point it at another " +
		"role, layer or environment, and so run with that function's role and behind its entry points. Each " +
		"action is judged with the IAM engine for a function of the account: a Deny without conditions takes " +
		"the grant away, a permissions boundary must allow it too, and a grant with conditions (a resource tag, " +
		"a source IP) counts, since some request may meet them; the finding names the conditions.",
	Remediation: Remediation{
		Text:           "Remove lambda:UpdateFunctionCode and lambda:UpdateFunctionConfiguration from the function's role, or scope them to the ARNs of the functions it deploys; replace AWSLambda_FullAccess with the read or invoke actions the function uses. Deploy code through a pipeline role, not from a function.",
		CLI:            "aws iam detach-role-policy --role-name ROLE --policy-arn arn:aws:iam::aws:policy/AWSLambda_FullAccess",
		CloudFormation: "Remove lambda:Update* and lambda:* from the role's statements, or give them Resource: !GetAtt Target.Arn instead of '*'.",
		Terraform:      "Remove \"lambda:UpdateFunctionCode\" / \"lambda:*\" from the role's policy document, or set resources = [aws_lambda_function.target.arn].",
	},
	References: []string{
		"https://docs.aws.amazon.com/lambda/latest/dg/lambda-api-permissions-ref.html",
		"https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AWSLambda_FullAccess.html",
		"https://docs.aws.amazon.com/service-authorization/latest/reference/list_awslambda.html",
	},
	Compliance: []Compliance{{"OWASP Serverless Top 10", "SAS-4"}},
	Check:      riskCheck(iampolicy.Modifications, "modify-any-function"),
}

var functionChangeNoMFA = &Rule{
	ID:       "LS212",
	Name:     "function-changeable-without-mfa",
	Severity: High,
	Title:    "Function can be changed by people without MFA",
	Description: "A user, group or role people act as can change the function — replace its code " +
		"(lambda:UpdateFunctionCode), its configuration (lambda:UpdateFunctionConfiguration: role, layers, " +
		"environment), who may invoke it (lambda:AddPermission), give it a URL (lambda:CreateFunctionUrlConfig), " +
		"or pass its execution role to a new function (iam:PassRole with lambda:CreateFunction) — and no " +
		"condition on aws:MultiFactorAuthPresent (or aws:MultiFactorAuthAge) requires MFA for it. A leaked access " +
		"key or a phished password is then enough to run code with the function's role. People are IAM users, " +
		"groups, and roles whose trust policy admits an account, an IAM user, everyone or a SAML provider for " +
		"sts:AssumeRole(WithSAML); roles trusted only by services, other roles or web-identity providers are " +
		"workloads and not judged. A grant counts when it may allow a request made with long-term access keys " +
		"(where AWS sets no aws:MultiFactorAuthPresent) or with a session opened without MFA (where it is false); " +
		"a role whose trust policy requires MFA to assume it is guarded. A role reached only through SAML is " +
		"UNKNOWN: its MFA is the identity provider's. The estate's principals are judged: in a template, those it " +
		"defines; in a live account, all of them.",
	Remediation: Remediation{
		Text: "Require MFA for the Lambda write actions: add a Deny for them with BoolIfExists aws:MultiFactorAuthPresent false " +
			"(or an Allow conditioned on Bool aws:MultiFactorAuthPresent true), or require MFA in the trust policy of the " +
			"roles people assume; better, deploy functions only through a pipeline role people cannot use directly.",
		CLI: "aws iam put-user-policy --user-name USER --policy-name require-mfa-for-lambda-writes --policy-document " +
			"'{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Action\":[\"lambda:UpdateFunctionCode\",\"lambda:UpdateFunctionConfiguration\",\"lambda:AddPermission\",\"lambda:CreateFunctionUrlConfig\",\"lambda:CreateFunction\"],\"Resource\":\"*\",\"Condition\":{\"BoolIfExists\":{\"aws:MultiFactorAuthPresent\":\"false\"}}}]}'",
		CloudFormation: "Add to the user's, group's or role's Policies a statement {Effect: Deny, Action: [lambda:UpdateFunctionCode, " +
			"lambda:UpdateFunctionConfiguration, lambda:AddPermission, lambda:CreateFunctionUrlConfig], Resource: '*', " +
			"Condition: {BoolIfExists: {aws:MultiFactorAuthPresent: 'false'}}}; for a role, add Condition: {Bool: " +
			"{aws:MultiFactorAuthPresent: 'true'}} to its AssumeRolePolicyDocument.",
		Terraform: "statement { effect = \"Deny\", actions = [\"lambda:UpdateFunctionCode\", \"lambda:UpdateFunctionConfiguration\", " +
			"\"lambda:AddPermission\", \"lambda:CreateFunctionUrlConfig\"], resources = [\"*\"], condition { test = \"BoolIfExists\", " +
			"variable = \"aws:MultiFactorAuthPresent\", values = [\"false\"] } } in the principal's aws_iam_policy_document.",
	},
	References: []string{
		"https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-multifactorauthpresent",
		"https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_mfa_configure-api-require.html",
		"https://docs.aws.amazon.com/lambda/latest/dg/lambda-api-permissions-ref.html",
	},
	Compliance: []Compliance{{"CIS AWS Foundations", "1.10"}, {"OWASP Serverless Top 10", "SAS-4"}},
	Check:      checkFunctionChangeNoMFA,
}

func checkFunctionChangeNoMFA(in *Input) []Result {
	principals := in.Analysis.Principals()
	var estateGap string
	for _, g := range in.Estate.Gaps {
		if g.Field == inventory.FieldPrincipals {
			estateGap = g.Reason
		}
	}
	return eachFunction(in, func(f *inventory.Function, res *Result) bool {
		if f.ARN == "" {
			res.unknown("the function's ARN is not known, so the grants naming it cannot be matched")
			return true
		}
		var failed, unknown, guarded []string
		for _, p := range principals {
			if !p.Human && p.TrustUnknown == "" {
				continue
			}
			changes := in.Analysis.Changes(p, f)
			var open, withMFA []string
			var permits []iampolicy.Permit
			for _, c := range changes {
				if c.WithoutMFA {
					open = append(open, c.Action)
					permits = append(permits, c.Permits...)
				} else {
					withMFA = append(withMFA, c.Action)
				}
			}
			who := p.Label()
			switch {
			case len(open) > 0 && p.TrustUnknown != "":
				unknown = append(unknown, fmt.Sprintf("%s may %s without MFA, but whether people assume it cannot be seen: %s", who, strings.Join(open, ", "), p.TrustUnknown))
			case len(open) > 0 && p.BoundaryUnknown != "":
				unknown = append(unknown, fmt.Sprintf("%s may %s without MFA — unless the %s", who, strings.Join(open, ", "), p.BoundaryUnknown))
			case len(open) > 0 && p.SAMLOnly:
				unknown = append(unknown, fmt.Sprintf("%s (%s) may %s with no MFA condition; MFA for SAML sessions is enforced by the identity provider, which this estate does not show", who, p.Why, strings.Join(open, ", ")))
			case len(open) > 0:
				failed = append(failed, fmt.Sprintf("%s (%s): %s", who, p.Why, strings.Join(open, ", ")))
				res.Evidence = append(res.Evidence, permitEvidence(who+" may, without MFA, "+strings.Join(open, ", "), permits, p.Sources, p.Resource.Source)...)
			case len(withMFA) > 0:
				guarded = append(guarded, who)
			}
			if p.Human && len(open) == 0 && len(p.Unknown) > 0 {
				unknown = append(unknown, fmt.Sprintf("the policies of %s cannot all be read: %s", who, p.Unknown[0]))
			}
		}
		switch {
		case len(failed) > 0:
			res.atEvidence()
			res.fail(fmt.Sprintf("function %s can be changed without MFA by %s", f.Label(), strings.Join(failed, "; ")))
		case estateGap != "":
			res.unknown("the account's users, groups and roles could not be read: " + estateGap)
		case len(unknown) > 0:
			res.unknown(strings.Join(unknown, "; "))
		case len(guarded) > 0:
			res.pass(fmt.Sprintf("only with MFA: %s can change it", strings.Join(guarded, ", ")))
		default:
			res.pass("no user, group or role people act as in this estate can change it")
		}
		return true
	})
}
