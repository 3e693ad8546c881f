# aws_lambda_provisioned_concurrency_config on a tenant-isolated function:
# by the alias's reference, and by a literal version.
# want: FAIL aws_lambda_function.isolated @4 "uses tenant isolation mode with provisioned concurrency"
resource "aws_lambda_function" "isolated" {
  function_name = "isolated"
  role          = "arn:aws:iam::123456789012:role/r"
  runtime       = "python3.13"
  handler       = "app.handler"
  s3_bucket     = "artifacts"
  s3_key        = "isolated.zip"
  publish       = true
  tenancy_config {
    tenant_isolation_mode = "PER_TENANT"
  }
}
resource "aws_lambda_alias" "live" {
  name             = "live"
  function_name    = aws_lambda_function.isolated.function_name
  function_version = aws_lambda_function.isolated.version
}
resource "aws_lambda_provisioned_concurrency_config" "live" {
  function_name                     = aws_lambda_function.isolated.function_name
  qualifier                         = aws_lambda_alias.live.name
  provisioned_concurrent_executions = 5
}
resource "aws_lambda_provisioned_concurrency_config" "v1" {
  function_name                     = "isolated"
  qualifier                         = "1"
  provisioned_concurrent_executions = 1
}
