# The code is zipped by data "archive_file"; lambdasec scans its source.
# want: FAIL aws_lambda_function.leaky @4:22 "1 secret in the code of leaky"
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

data "archive_file" "leaky" {
  type        = "zip"
  source_dir  = "${path.module}/code/leaky"
  output_path = "${path.module}/build/leaky.zip"
}

resource "aws_lambda_function" "leaky" {
  function_name    = "leaky"
  role             = aws_iam_role.fn.arn
  runtime          = "python3.13"
  handler          = "app.handler"
  filename         = data.archive_file.leaky.output_path
  source_code_hash = data.archive_file.leaky.output_base64sha256
}
