# An AWS managed policy found by name with data "aws_iam_policy".
# want: PASS aws_iam_role.basic @18 "the role does not have full administrato"
data "aws_iam_policy_document" "lambda_trust" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}


data "aws_iam_policy" "basic" {
  name = "AWSLambdaBasicExecutionRole"
}

resource "aws_iam_role" "basic" {
  name               = "basic"
  assume_role_policy = data.aws_iam_policy_document.lambda_trust.json
}

resource "aws_iam_role_policy_attachment" "basic" {
  role       = aws_iam_role.basic.name
  policy_arn = data.aws_iam_policy.basic.arn
}

resource "aws_lambda_function" "basic_fn" {
  function_name = "basic-fn"
  role          = aws_iam_role.basic.arn
  runtime       = "python3.13"
  handler       = "app.handler"
  s3_bucket     = "artifacts"
  s3_key        = "basic-fn.zip"
}
