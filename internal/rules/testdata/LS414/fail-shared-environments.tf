# want: FAIL aws_lambda_function.tenants @2 "is marked multi-tenant (tag lambdasec:multi-tenant or .lambdasec.yaml) but has no tenant isolation mode"
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
}
