# want: PASS aws_lambda_function.refs @20 "no secret in 3 environment variables"
resource "aws_secretsmanager_secret" "db" {
  name = "db"
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

resource "aws_lambda_function" "refs" {
  function_name = "refs"
  role          = aws_iam_role.fn.arn
  runtime       = "python3.13"
  handler       = "app.handler"
  s3_bucket     = "artifacts"
  s3_key        = "refs.zip"
  environment {
    variables = {
      DB_SECRET_ARN = aws_secretsmanager_secret.db.arn
      TABLE_NAME    = "orders"
      LOG_LEVEL     = "info"
    }
  }
}
