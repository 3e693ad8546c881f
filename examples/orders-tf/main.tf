# A small Terraform application with a realistic mix of good and bad
# settings: `lambdasec scan examples/orders-tf` judges it without running
# Terraform or calling AWS.

data "aws_caller_identity" "current" {}
data "aws_region" "current" {}

locals {
  functions = {
    get    = { memory = 256, timeout = 10 }
    export = { memory = 512, timeout = 900 }
  }
}

resource "aws_dynamodb_table" "orders" {
  name         = "${var.name}-table"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "id"
  attribute {
    name = "id"
    type = "S"
  }
}

data "aws_iam_policy_document" "trust" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [data.aws_caller_identity.current.account_id]
    }
  }
}

data "aws_iam_policy_document" "orders" {
  statement {
    actions   = ["dynamodb:GetItem", "dynamodb:Query"]
    resources = [aws_dynamodb_table.orders.arn]
  }
  # Too broad: every bucket, and the right to rewrite their policies.
  statement {
    actions   = ["s3:*"]
    resources = ["*"]
  }
}

resource "aws_iam_role" "orders" {
  name               = "${var.name}-role"
  assume_role_policy = data.aws_iam_policy_document.trust.json
}

resource "aws_iam_role_policy" "orders" {
  name   = "orders"
  role   = aws_iam_role.orders.id
  policy = data.aws_iam_policy_document.orders.json
}

data "archive_file" "code" {
  type        = "zip"
  source_dir  = "${path.module}/src"
  output_path = "${path.module}/build/orders.zip"
}

resource "aws_lambda_function" "orders" {
  for_each         = local.functions
  function_name    = "${var.name}-${each.key}"
  role             = aws_iam_role.orders.arn
  runtime          = each.key == "export" ? "python3.9" : "python3.13"
  handler          = "app.handler"
  filename         = data.archive_file.code.output_path
  source_code_hash = data.archive_file.code.output_base64sha256
  memory_size      = each.value.memory
  timeout          = each.value.timeout
  environment {
    variables = {
      TABLE_NAME  = aws_dynamodb_table.orders.name
      DB_PASSWORD = var.db_password
    }
  }
}

# A URL anyone on the internet can call.
resource "aws_lambda_function_url" "get" {
  function_name      = aws_lambda_function.orders["get"].function_name
  authorization_type = "NONE"
}

resource "aws_lambda_permission" "get_url" {
  function_name          = aws_lambda_function.orders["get"].function_name
  action                 = "lambda:InvokeFunctionUrl"
  principal              = "*"
  function_url_auth_type = "NONE"
}

# S3 may invoke the export function, but for which bucket and account?
resource "aws_lambda_permission" "export_from_s3" {
  function_name = aws_lambda_function.orders["export"].function_name
  action        = "lambda:InvokeFunction"
  principal     = "s3.amazonaws.com"
}

# A registry module lambdasec emulates (terraform-aws-modules/lambda/aws).
module "notifier" {
  source  = "terraform-aws-modules/lambda/aws"
  version = "~> 8.0"

  function_name = "${var.name}-notifier"
  handler       = "app.handler"
  runtime       = "python3.13"
  source_path   = "${path.module}/src"
  tracing_mode  = "Active"

  allowed_triggers = {
    Orders = {
      service    = "events"
      source_arn = "arn:aws:events:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}:rule/orders"
    }
  }
}
