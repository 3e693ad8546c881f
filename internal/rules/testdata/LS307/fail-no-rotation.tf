# want: FAIL aws_kms_key.env @17 "customer managed key aws_kms_key.env encrypts environment variables (used by handler) and automatic rotation is off"
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

resource "aws_kms_key" "env" {
  description = "environment variables"
}

resource "aws_lambda_function" "handler" {
  function_name = "handler"
  role          = aws_iam_role.fn.arn
  runtime       = "python3.13"
  handler       = "app.handler"
  s3_bucket     = "artifacts"
  s3_key        = "handler.zip"
  kms_key_arn   = aws_kms_key.env.arn
  environment {
    variables = { TABLE = "orders" }
  }
}
