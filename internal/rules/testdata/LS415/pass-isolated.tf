# want: PASS aws_lambda_function.isolated @2 "tenant isolation with no function URL"
resource "aws_lambda_function" "isolated" {
  function_name = "isolated"
  role          = "arn:aws:iam::123456789012:role/r"
  runtime       = "python3.13"
  handler       = "app.handler"
  s3_bucket     = "artifacts"
  s3_key        = "isolated.zip"
  tenancy_config {
    tenant_isolation_mode = "PER_TENANT"
  }
}
