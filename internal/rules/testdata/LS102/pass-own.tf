# want: PASS aws_lambda_function.own @17 "no untrusted account can invoke the func"
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

resource "aws_lambda_function" "own" {
  function_name = "own"
  role          = aws_iam_role.fn.arn
  runtime       = "python3.13"
  handler       = "app.handler"
  s3_bucket     = "artifacts"
  s3_key        = "own.zip"
}

data "aws_caller_identity" "current" {}

resource "aws_lambda_permission" "own" {
  function_name = aws_lambda_function.own.function_name
  action        = "lambda:InvokeFunction"
  principal     = data.aws_caller_identity.current.account_id
}
