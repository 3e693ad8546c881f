# principal = "*" with source_account is not public; a count = 0 function
# with a public permission is not deployed, so it is not judged.
# want: PASS aws_lambda_function.by_account @20 "no statement lets anyone invoke the func"
# want: PASS aws_lambda_function.by_org @29 "no statement lets anyone invoke the func"
data "aws_iam_policy_document" "lambda_trust" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "fn" {
  name               = "fn-role"
  assume_role_policy = data.aws_iam_policy_document.lambda_trust.json
}

resource "aws_lambda_function" "by_account" {
  function_name = "by-account"
  role          = aws_iam_role.fn.arn
  runtime       = "python3.13"
  handler       = "app.handler"
  s3_bucket     = "artifacts"
  s3_key        = "by-account.zip"
}

resource "aws_lambda_function" "by_org" {
  function_name = "by-org"
  role          = aws_iam_role.fn.arn
  runtime       = "python3.13"
  handler       = "app.handler"
  s3_bucket     = "artifacts"
  s3_key        = "by-org.zip"
}

data "aws_caller_identity" "current" {}

resource "aws_lambda_permission" "by_account" {
  function_name  = aws_lambda_function.by_account.function_name
  action         = "lambda:InvokeFunction"
  principal      = "*"
  source_account = data.aws_caller_identity.current.account_id
}

resource "aws_lambda_permission" "by_org" {
  function_name    = aws_lambda_function.by_org.arn
  action           = "lambda:InvokeFunction"
  principal        = "*"
  principal_org_id = "o-a1b2c3d4e5"
}

variable "create_legacy" {
  type    = bool
  default = false
}

resource "aws_lambda_function" "legacy" {
  count         = var.create_legacy ? 1 : 0
  function_name = "legacy"
  role          = aws_iam_role.fn.arn
  runtime       = "python3.13"
  handler       = "app.handler"
  s3_bucket     = "artifacts"
  s3_key        = "legacy.zip"
}

resource "aws_lambda_permission" "legacy" {
  count         = var.create_legacy ? 1 : 0
  function_name = aws_lambda_function.legacy[0].function_name
  action        = "lambda:InvokeFunction"
  principal     = "*"
}
