# want: PASS aws_lambda_function.fn @18 "at the newest version"
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


resource "aws_lambda_function" "fn" {
  function_name = "fn"
  role          = aws_iam_role.fn.arn
  runtime       = "python3.13"
  handler       = "app.handler"
  s3_bucket     = "artifacts"
  s3_key        = "fn.zip"
  layers        = ["arn:aws:lambda:us-east-1:111122223333:layer:deps:4"]
}
