# aws_lambda_runtime_management_config pins the runtime version.
# want: FAIL aws_lambda_function.worker @18 "pins its runtime version (UpdateRuntimeOn Manual)"

resource "aws_iam_role" "fn" {
  name               = "fn-role"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = "lambda.amazonaws.com" }, Action = "sts:AssumeRole" }] })
}

resource "aws_lambda_function" "worker" {
  function_name = "worker"
  role          = aws_iam_role.fn.arn
  runtime       = "python3.12"
  handler       = "app.handler"
  s3_bucket     = "artifacts"
  s3_key        = "worker.zip"
}

resource "aws_lambda_runtime_management_config" "worker" {
  function_name       = aws_lambda_function.worker.function_name
  update_runtime_on   = "Manual"
  runtime_version_arn = "arn:aws:lambda:us-east-1::runtime:0b31c3a5ae8d4ac6df5e70d2c3b4e4fa1f1a5e1b42c1d6a3f9e0b7c2d4a6e8f0"
}
