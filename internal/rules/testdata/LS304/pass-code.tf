# want: PASS aws_lambda_function.clean @23 "no secret in 1 file ("
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

data "archive_file" "clean" {
  type        = "zip"
  source_dir  = "code/clean"
  output_path = "build/clean.zip"
}

resource "aws_lambda_function" "clean" {
  function_name = "clean"
  role          = aws_iam_role.fn.arn
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = data.archive_file.clean.output_path
}
