# want: FAIL aws_lambda_function.default @18 "PassThrough (default)"
# want: FAIL aws_lambda_function.explicit @27 "PassThrough"
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

resource "aws_lambda_function" "default" {
  function_name = "default"
  role          = aws_iam_role.fn.arn
  runtime       = "python3.13"
  handler       = "app.handler"
  s3_bucket     = "artifacts"
  s3_key        = "default.zip"
}

resource "aws_lambda_function" "explicit" {
  function_name = "explicit"
  role          = aws_iam_role.fn.arn
  runtime       = "python3.13"
  handler       = "app.handler"
  s3_bucket     = "artifacts"
  s3_key        = "explicit.zip"
  tracing_config {
    mode = "PassThrough"
  }
}
