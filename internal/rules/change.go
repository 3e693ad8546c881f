package rules

import "github.com/lambdasec/lambdasec/internal/iampolicy"

var roleModifyAny = &Rule{
	ID:       "LS211",
	Name:     "role-modify-any-function",
	Severity: High,
	Title:    "Execution role can modify any function",
	Description: "The execution role may call lambda:UpdateFunctionCode or lambda:UpdateFunctionConfiguration on every " +
		"function of the account (Resource \"*\", \"function:*\", or the AWS managed policy AWSLambda_FullAccess). " +
		"Code running in the function can then replace the code of any other function, or point it at another " +
		"role, layer or environment, and so run with that function's role and behind its entry points. Each " +
		"action is judged as AWS evaluates it for a function of the account: a grant limited by a condition " +
		"that request does not meet (a resource tag, a different account) does not count.",
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
