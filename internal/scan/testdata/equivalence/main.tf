# The estate of sam.yaml in Terraform, read statically.
data "aws_region" "current" {}
data "aws_caller_identity" "current" {}

data "aws_iam_policy_document" "trust" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

data "aws_iam_policy_document" "orders" {
  statement {
    actions   = ["dynamodb:GetItem", "dynamodb:PutItem"]
    resources = ["arn:aws:dynamodb:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}:table/orders"]
  }
  statement {
    actions   = ["s3:*"]
    resources = ["*"]
  }
}

resource "aws_iam_role" "orders" {
  name               = "orders-role"
  assume_role_policy = data.aws_iam_policy_document.trust.json
  inline_policy {
    name   = "orders"
    policy = data.aws_iam_policy_document.orders.json
  }
}

resource "aws_lambda_function" "orders" {
  function_name = "orders"
  runtime       = "python3.12"
  handler       = "app.handler"
  s3_bucket     = "artifacts"
  s3_key        = "orders.zip"
  role          = aws_iam_role.orders.arn
  timeout       = 900
  environment {
    variables = {
      TABLE = "orders"
    }
  }
}

resource "aws_lambda_permission" "orders_public" {
  function_name = aws_lambda_function.orders.function_name
  action        = "lambda:InvokeFunction"
  principal     = "*"
}

resource "aws_lambda_function" "reports" {
  function_name                  = "reports"
  runtime                        = "python3.10"
  handler                        = "app.handler"
  s3_bucket                      = "artifacts"
  s3_key                         = "reports.zip"
  role                           = aws_iam_role.orders.arn
  reserved_concurrent_executions = 5
  tracing_config {
    mode = "Active"
  }
}

resource "aws_lambda_permission" "reports_from_account" {
  function_name  = aws_lambda_function.reports.function_name
  action         = "lambda:InvokeFunction"
  principal      = "*"
  source_account = data.aws_caller_identity.current.account_id
}

resource "aws_lambda_permission" "reports_from_s3" {
  function_name = aws_lambda_function.reports.arn
  action        = "lambda:InvokeFunction"
  principal     = "s3.amazonaws.com"
}
