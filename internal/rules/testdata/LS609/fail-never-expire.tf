# The log group is defined, without retention_in_days.
# want: FAIL aws_lambda_function.worker @18 "log group /aws/lambda/worker keeps logs forever"

resource "aws_iam_role" "fn" {
  name               = "fn-role"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = "lambda.amazonaws.com" }, Action = "sts:AssumeRole" }] })
}

resource "aws_lambda_function" "worker" {
  function_name = "worker"
  role          = aws_iam_role.fn.arn
  runtime       = "python3.13"
  handler       = "app.handler"
  s3_bucket     = "artifacts"
  s3_key        = "worker.zip"
}

resource "aws_cloudwatch_log_group" "worker" {
  name = "/aws/lambda/${aws_lambda_function.worker.function_name}"
}
