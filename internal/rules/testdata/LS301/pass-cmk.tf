# want: PASS aws_lambda_function.env @20 "variables are encrypted with arn:aws:kms"
resource "aws_kms_key" "env" {
  enable_key_rotation = true
}
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

resource "aws_lambda_function" "env" {
  function_name = "env"
  role          = aws_iam_role.fn.arn
  runtime       = "python3.13"
  handler       = "app.handler"
  s3_bucket     = "artifacts"
  s3_key        = "env.zip"
  kms_key_arn = aws_kms_key.env.arn
  environment {
    variables = {
      STAGE = "prod"
    }
  }
}
