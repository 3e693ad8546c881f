# want: FAIL aws_lambdaweb_function_endpoint.public @2 "AuthType ApplicationManaged: Lambda authenticates no request"
resource "aws_lambdaweb_function_endpoint" "public" {
  function_name = "site"
  endpoint_name = "prod"
  endpoint_type = "HomeRegion"
  auth_type     = "ApplicationManaged"
}
