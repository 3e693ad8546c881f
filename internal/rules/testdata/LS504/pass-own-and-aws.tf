# want: PASS aws_lambda_function.handler @23 "from layer publishers (CloudWatch Lambda Insights extension)"
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


resource "aws_lambda_layer_version" "deps" {
  layer_name = "deps"
  filename   = "deps.zip"
}

resource "aws_lambda_function" "handler" {
  function_name = "handler"
  role          = aws_iam_role.fn.arn
  runtime       = "python3.13"
  handler       = "app.handler"
  s3_bucket     = "artifacts"
  s3_key        = "handler.zip"
  layers = [
    aws_lambda_layer_version.deps.arn,
    "arn:aws:lambda:us-east-1:580247275435:layer:LambdaInsightsExtension:53",
  ]
}
