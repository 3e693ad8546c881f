# want: PASS aws_lambda_function.workflow @2 "encrypted with arn:aws:kms:eu-west-1:123456789012:key/durable"
resource "aws_lambda_function" "workflow" {
  function_name = "workflow"
  role          = "arn:aws:iam::123456789012:role/durable"
  runtime       = "nodejs24.x"
  handler       = "index.handler"
  s3_bucket     = "artifacts"
  s3_key        = "workflow.zip"
  durable_config {
    execution_timeout = 86400
    kms_key_arn       = "arn:aws:kms:eu-west-1:123456789012:key/durable"
  }
}
