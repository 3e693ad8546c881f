# Both functions belong to the shop application.
# want: PASS aws_lambda_function.checkout @15 "is written only by functions of the same application"
# want: PASS aws_lambda_function.invoices @29 "is written only by functions of the same application"

resource "aws_iam_role" "fn" {
  name               = "fn-role"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = "lambda.amazonaws.com" }, Action = "sts:AssumeRole" }] })
}

resource "aws_cloudwatch_log_group" "shared" {
  name              = "/shared/lambda"
  retention_in_days = 30
}

resource "aws_lambda_function" "checkout" {
  function_name = "checkout"
  role          = aws_iam_role.fn.arn
  runtime       = "python3.13"
  handler       = "app.handler"
  s3_bucket     = "artifacts"
  s3_key        = "checkout.zip"
  tags          = { application = "shop" }
  logging_config {
    log_format = "JSON"
    log_group  = aws_cloudwatch_log_group.shared.name
  }
}

resource "aws_lambda_function" "invoices" {
  function_name = "invoices"
  role          = aws_iam_role.fn.arn
  runtime       = "python3.13"
  handler       = "app.handler"
  s3_bucket     = "artifacts"
  s3_key        = "invoices.zip"
  tags          = { application = "shop" }
  logging_config {
    log_format = "JSON"
    log_group  = aws_cloudwatch_log_group.shared.name
  }
}
