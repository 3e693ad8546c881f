# want: FAIL aws_apigatewayv2_api.http @17 "API http allows every origin with credentials (cors_configuration: https://*)"
# want: FAIL aws_api_gateway_rest_api.rest @49 "API rest allows every origin with credentials (gateway response DEFAULT_4XX: the request's Origin reflected)"
resource "aws_lambda_function" "handler" {
  function_name = "handler"
  role          = "arn:aws:iam::111122223333:role/handler"
  runtime       = "python3.13"
  handler       = "app.handler"
  s3_bucket     = "artifacts"
  s3_key        = "handler.zip"
}

resource "aws_apigatewayv2_api" "http" {
  name          = "http"
  protocol_type = "HTTP"
  target        = aws_lambda_function.handler.arn

  cors_configuration {
    allow_origins     = ["https://*"]
    allow_credentials = true
  }
}

resource "aws_api_gateway_rest_api" "rest" {
  name = "rest"
}

resource "aws_api_gateway_resource" "items" {
  rest_api_id = aws_api_gateway_rest_api.rest.id
  parent_id   = aws_api_gateway_rest_api.rest.root_resource_id
  path_part   = "items"
}

resource "aws_api_gateway_method" "items" {
  rest_api_id   = aws_api_gateway_rest_api.rest.id
  resource_id   = aws_api_gateway_resource.items.id
  http_method   = "GET"
  authorization = "NONE"
}

resource "aws_api_gateway_integration" "items" {
  rest_api_id             = aws_api_gateway_rest_api.rest.id
  resource_id             = aws_api_gateway_resource.items.id
  http_method             = aws_api_gateway_method.items.http_method
  type                    = "AWS_PROXY"
  integration_http_method = "POST"
  uri                     = aws_lambda_function.handler.invoke_arn
}

resource "aws_api_gateway_gateway_response" "default_4xx" {
  rest_api_id   = aws_api_gateway_rest_api.rest.id
  response_type = "DEFAULT_4XX"
  response_parameters = {
    "gatewayresponse.header.Access-Control-Allow-Origin"      = "method.request.header.Origin"
    "gatewayresponse.header.Access-Control-Allow-Credentials" = "'true'"
  }
}
