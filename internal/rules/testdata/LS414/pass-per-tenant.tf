# want: PASS aws_lambda_function.tenants @2 "tenant isolation mode PER_TENANT"
resource "aws_lambda_function" "tenants" {
  function_name = "tenants"
  role          = "arn:aws:iam::123456789012:role/r"
  runtime       = "python3.13"
  handler       = "app.handler"
  s3_bucket     = "artifacts"
  s3_key        = "tenants.zip"
  tags = {
    "lambdasec:multi-tenant" = "true"
  }
  tenancy_config {
    tenant_isolation_mode = "PER_TENANT"
  }
}
