# want: FAIL aws_api_gateway_domain_name.api @4 "api.example.com uses the security policy TLS_1_0"
resource "aws_api_gateway_domain_name" "api" {
  domain_name     = "api.example.com"
  security_policy = "TLS_1_0"
  regional_certificate_arn = "arn:aws:acm:eu-west-1:123456789012:certificate/abc"
  endpoint_configuration {
    types = ["REGIONAL"]
  }
}
