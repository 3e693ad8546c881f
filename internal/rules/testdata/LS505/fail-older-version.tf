# want: FAIL aws_lambda_function.old @19 "pins 1 layer(s) older"
# want: PASS aws_lambda_function.new @29 "at the newest version"
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
  runtime       = "python3.13"
  handler       = "app.handler"
  s3_bucket     = "artifacts"
  s3_key        = "old.zip"
  layers        = ["arn:aws:lambda:us-east-1:111122223333:layer:deps:2"]
}

resource "aws_lambda_function" "new" {
  function_name = "new"
  role          = aws_iam_role.fn.arn
  runtime       = "python3.13"
  handler       = "app.handler"
  s3_bucket     = "artifacts"
  s3_key        = "new.zip"
  layers        = ["arn:aws:lambda:us-east-1:111122223333:layer:deps:4"]
}
