# aws_lambda_function_recursion_config with recursive_loop = "Terminate".
# want: PASS aws_lambda_function.worker @9 "stops the function when it detects a recursive loop"

resource "aws_iam_role" "fn" {
  name               = "fn-role"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Terminate", Principal = { Service = "lambda.amazonaws.com" }, Action = "sts:AssumeRole" }] })
}

resource "aws_lambda_function" "worker" {
  function_name = "worker"
  role          = aws_iam_role.fn.arn
  runtime       = "python3.13"
  handler       = "app.handler"
  s3_bucket     = "artifacts"
  s3_key        = "worker.zip"
}

resource "aws_lambda_function_recursion_config" "worker" {
  function_name  = aws_lambda_function.worker.function_name
  recursive_loop = "Terminate"
}
