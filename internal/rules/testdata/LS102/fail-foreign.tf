# want: FAIL aws_lambda_function.foreign @26 "444455556666"
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

resource "aws_lambda_function" "foreign" {
  function_name = "foreign"
  role          = aws_iam_role.fn.arn
  runtime       = "python3.13"
  handler       = "app.handler"
  s3_bucket     = "artifacts"
  s3_key        = "foreign.zip"
}

resource "aws_lambda_permission" "foreign" {
  function_name = aws_lambda_function.foreign.function_name
  action        = "lambda:InvokeFunction"
  principal     = "444455556666"
}
