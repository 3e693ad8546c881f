# want: UNKNOWN aws_apigatewayv2_api.http @13 "the API's CORS settings cannot all be read: cors_configuration allow_origins: variable origins has no default"
variable "origins" {}

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
    allow_origins = var.origins
  }
}
