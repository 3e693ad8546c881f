# want: FAIL aws_lambda_function.api @19 "function api can be changed without MFA by user dev (an IAM user): lambda:UpdateFunctionCode; group ops (an IAM group): lambda:AddPermission, lambda:CreateFunctionUrlConfig"
resource "aws_iam_user" "dev" {
  name = "dev"
}

resource "aws_iam_group" "ops" {
  name = "ops"
}

resource "aws_iam_group" "admins" {
  name = "admins"
}

resource "aws_iam_user_group_membership" "dev" {
  user   = aws_iam_user.dev.name
  groups = [aws_iam_group.admins.name]
}

resource "aws_iam_user_policy" "dev" {
  name = "hotfix"
  user = aws_iam_user.dev.name
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "lambda:UpdateFunctionCode", Resource = aws_lambda_function.api.arn }]
  })
}

resource "aws_iam_group_policy" "ops" {
  name  = "expose"
  group = aws_iam_group.ops.name
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = ["lambda:AddPermission", "lambda:CreateFunctionUrlConfig"], Resource = "*" }]
  })
}

# The admins' grant requires MFA: it does not count.
resource "aws_iam_group_policy" "admins" {
  name  = "admin"
  group = aws_iam_group.admins.name
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "lambda:*", Resource = "*",
    Condition = { Bool = { "aws:MultiFactorAuthPresent" = "true" } } }]
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
