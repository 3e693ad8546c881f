# The operator role's trust policy comes from a variable without a value:
# whether people assume it cannot be seen.
# want: UNKNOWN aws_lambda_function.api @20 "role operator may lambda:UpdateFunctionCode without MFA, but whether people assume it cannot be seen"
variable "operator_trust" {}

resource "aws_iam_role" "operator" {
  name               = "operator"
  assume_role_policy = var.operator_trust
}

resource "aws_iam_role_policy" "operator" {
  name = "hotfix"
  role = aws_iam_role.operator.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "lambda:UpdateFunctionCode", Resource = "*" }]
  })
}

resource "aws_lambda_function" "api" {
  function_name = "api"
  role          = "arn:aws:iam::111122223333:role/api"
  runtime       = "python3.13"
  handler       = "app.handler"
  s3_bucket     = "artifacts"
  s3_key        = "api.zip"
}
