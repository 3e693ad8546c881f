# update_runtime_on = "FunctionUpdate": updates come with deployments.
# want: PASS aws_lambda_function.worker @9 "runtime updates come with each deployment (FunctionUpdate)"

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
  function_name     = aws_lambda_function.worker.function_name
  update_runtime_on = "FunctionUpdate"
}
