# want: PASS aws_lambda_function.api @37 "only with MFA: user dev, role operator can change it"
resource "aws_iam_user" "dev" {
  name = "dev"
}

resource "aws_iam_user_policy_attachment" "dev" {
  user       = aws_iam_user.dev.name
  policy_arn = "arn:aws:iam::aws:policy/AWSLambda_FullAccess"
}

resource "aws_iam_user_policy" "require_mfa" {
  name = "require-mfa"
  user = aws_iam_user.dev.name
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{ Effect = "Deny", NotAction = ["iam:*MFADevice", "sts:GetSessionToken"], Resource = "*",
    Condition = { BoolIfExists = { "aws:MultiFactorAuthPresent" = "false" } } }]
  })
}

resource "aws_iam_role" "operator" {
  name = "operator"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { AWS = "arn:aws:iam::111122223333:root" }, Action = "sts:AssumeRole",
    Condition = { NumericLessThan = { "aws:MultiFactorAuthAge" = "3600" } } }]
  })
  inline_policy {
    name = "config"
    policy = jsonencode({
      Version   = "2012-10-17"
      Statement = [{ Effect = "Allow", Action = "lambda:UpdateFunctionConfiguration", Resource = "*" }]
    })
  }
}

resource "aws_lambda_function" "api" {
  function_name = "api"
  role          = "arn:aws:iam::111122223333:role/api"
  runtime       = "python3.13"
  handler       = "app.handler"
  s3_bucket     = "artifacts"
  s3_key        = "api.zip"
}
