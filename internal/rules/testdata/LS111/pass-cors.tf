# want: PASS aws_apigatewayv2_api.http @12 "CORS allows only https://app.example.com"
# want: PASS aws_apigatewayv2_api.public @23 "every origin is allowed (cors_configuration: *), without credentials"
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
    allow_origins     = ["https://app.example.com"]
    allow_credentials = true
  }
}

resource "aws_apigatewayv2_api" "public" {
  name          = "public"
  protocol_type = "HTTP"
  target        = aws_lambda_function.handler.arn

  cors_configuration {
    allow_origins = ["*"]
  }
}
