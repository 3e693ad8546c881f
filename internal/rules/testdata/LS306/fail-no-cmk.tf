# want: FAIL aws_lambda_function.workflow @10 "keeps durable execution history 60 days (set)"
# severity: aws_lambda_function.workflow medium
resource "aws_lambda_function" "workflow" {
  function_name = "workflow"
  role          = "arn:aws:iam::123456789012:role/durable"
  runtime       = "nodejs24.x"
  handler       = "index.handler"
  s3_bucket     = "artifacts"
  s3_key        = "workflow.zip"
  durable_config {
    execution_timeout = 86400
    retention_period  = 60
  }
}
