# Functions of two applications share aws_cloudwatch_log_group.shared.
# want: FAIL aws_lambda_function.checkout @23 "is shared with functions of other applications: invoices (billing)"
# want: FAIL aws_lambda_function.invoices @37 "is shared with functions of other applications: checkout (shop)"

resource "aws_iam_role" "fn" {
  name               = "fn-role"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = "lambda.amazonaws.com" }, Action = "sts:AssumeRole" }] })
}

resource "aws_cloudwatch_log_group" "shared" {
  name              = "/shared/lambda"
  retention_in_days = 30
}

resource "aws_lambda_function" "checkout" {
  function_name = "checkout"
  role          = aws_iam_role.fn.arn
  runtime       = "python3.13"
  handler       = "app.handler"
  s3_bucket     = "artifacts"
  s3_key        = "checkout.zip"
  tags          = { application = "shop" }
  logging_config {
    log_format = "JSON"
    log_group  = aws_cloudwatch_log_group.shared.name
  }
}

resource "aws_lambda_function" "invoices" {
  function_name = "invoices"
  role          = aws_iam_role.fn.arn
  runtime       = "python3.13"
  handler       = "app.handler"
  s3_bucket     = "artifacts"
  s3_key        = "invoices.zip"
  tags          = { application = "billing" }
  logging_config {
    log_format = "JSON"
    log_group  = aws_cloudwatch_log_group.shared.name
  }
}
