# A URL with authorization_type = "NONE" and the permission that opens it.
# want: FAIL aws_lambda_function.open @37 "grants lambda:InvokeFunctionUrl to everyone"
# want: FAIL aws_lambda_function.closed @49 "no statement grants the public access"
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

resource "aws_lambda_function" "open" {
  function_name = "open"
  role          = aws_iam_role.fn.arn
  runtime       = "python3.13"
  handler       = "app.handler"
  s3_bucket     = "artifacts"
  s3_key        = "open.zip"
}

resource "aws_lambda_function" "closed" {
  function_name = "closed"
  role          = aws_iam_role.fn.arn
  runtime       = "python3.13"
  handler       = "app.handler"
  s3_bucket     = "artifacts"
  s3_key        = "closed.zip"
}

resource "aws_lambda_function_url" "open" {
  function_name      = aws_lambda_function.open.function_name
  authorization_type = "NONE"
}

resource "aws_lambda_permission" "open_url" {
  function_name          = aws_lambda_function.open.function_name
  action                 = "lambda:InvokeFunctionUrl"
  principal              = "*"
  function_url_auth_type = "NONE"
}

resource "aws_lambda_function_url" "closed" {
  function_name      = aws_lambda_function.closed.function_name
  authorization_type = "NONE"
}
