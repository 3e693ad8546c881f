# The custom group has a retention and a KMS key.
# want: PASS aws_lambda_function.api @9 "custom log group /app/api keeps logs 30 days and is encrypted with KMS key"

resource "aws_iam_role" "fn" {
  name               = "fn-role"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = "lambda.amazonaws.com" }, Action = "sts:AssumeRole" }] })
}

resource "aws_cloudwatch_log_group" "app" {
  name              = "/app/api"
  retention_in_days = 30
  kms_key_id        = aws_kms_key.logs.arn
}

resource "aws_lambda_function" "api" {
  function_name = "api"
  role          = aws_iam_role.fn.arn
  runtime       = "python3.13"
  handler       = "app.handler"
  s3_bucket     = "artifacts"
  s3_key        = "api.zip"
  logging_config {
    log_format = "JSON"
    log_group  = aws_cloudwatch_log_group.app.name
  }
}

resource "aws_kms_key" "logs" {
  description = "log group key"
}
