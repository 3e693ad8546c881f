# want: FAIL aws_lambda_function.handler @18 "uses 1 layer(s) owned by an account that is not the estate's"
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


resource "aws_lambda_function" "handler" {
  function_name = "handler"
  role          = aws_iam_role.fn.arn
  runtime       = "python3.13"
  handler       = "app.handler"
  s3_bucket     = "artifacts"
  s3_key        = "handler.zip"
  layers = [
    "arn:aws:lambda:us-east-1:999988887777:layer:vendor-sdk:3",
    "arn:aws:lambda:us-east-1:580247275435:layer:LambdaInsightsExtension:53",
  ]
}
