# want: FAIL aws_lambda_function.isolated @2 "uses tenant isolation mode with SnapStart"
resource "aws_lambda_function" "isolated" {
  function_name = "isolated"
  role          = "arn:aws:iam::123456789012:role/r"
  runtime       = "java21"
  handler       = "app.Handler"
  s3_bucket     = "artifacts"
  s3_key        = "isolated.zip"
  tenancy_config {
    tenant_isolation_mode = "PER_TENANT"
  }
  snap_start {
    apply_on = "PublishedVersions"
  }
}
