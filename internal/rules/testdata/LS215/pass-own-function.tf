# want: PASS aws_iam_role.fn @2 "limited to the role's own functions"
resource "aws_iam_role" "fn" {
  name = "fn-role"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "lambda.amazonaws.com" } }] })
  inline_policy {
    name   = "durable"
    policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = ["lambda:CheckpointDurableExecution", "lambda:GetDurableExecutionState"], Resource = "arn:aws:lambda:us-east-1:123456789012:function:workflow:*" }] })
  }
}
resource "aws_lambda_function" "workflow" {
  function_name = "workflow"
  role          = aws_iam_role.fn.arn
  runtime       = "nodejs24.x"
  handler       = "index.handler"
  s3_bucket     = "artifacts"
  s3_key        = "workflow.zip"
  durable_config {
    execution_timeout = 3600
  }
}
