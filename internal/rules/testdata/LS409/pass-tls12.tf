# want: PASS aws_api_gateway_domain_name.api @5 "security policy TLS_1_2 requires TLS 1.2 or later"
# want: PASS aws_apigatewayv2_domain_name.http @17 "security policy TLS_1_2 requires TLS 1.2 or later"
resource "aws_api_gateway_domain_name" "api" {
  domain_name     = "api.example.com"
  security_policy = "TLS_1_2"
  regional_certificate_arn = "arn:aws:acm:eu-west-1:123456789012:certificate/abc"
  endpoint_configuration {
    types = ["REGIONAL"]
  }
}

resource "aws_apigatewayv2_domain_name" "http" {
  domain_name = "http.example.com"
  domain_name_configuration {
    certificate_arn = "arn:aws:acm:eu-west-1:123456789012:certificate/abc"
    endpoint_type   = "REGIONAL"
    security_policy = "TLS_1_2"
  }
}
