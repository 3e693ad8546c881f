# want: PASS aws_lambdaweb_function_endpoint.internal @2 "AuthType IamAuth"
resource "aws_lambdaweb_function_endpoint" "internal" {
  function_name = "site"
  endpoint_name = "internal"
  endpoint_type = "HomeRegion"
  auth_type     = "IamAuth"
}
