# want: FAIL aws_lambda_function.old @17 "python3.10 was deprecated on 2026-10-31"
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

resource "aws_lambda_function" "old" {
  function_name = "old"
  role          = aws_iam_role.fn.arn
  runtime       = "python3.10"
  handler       = "app.handler"
  s3_bucket     = "artifacts"
  s3_key        = "old.zip"
}
