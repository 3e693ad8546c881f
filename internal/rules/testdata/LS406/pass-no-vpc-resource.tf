# want: PASS aws_lambda_function.reports @2 "not in a VPC, and names no resource that lives only in one"
resource "aws_lambda_function" "reports" {
  function_name = "reports"
  role          = "arn:aws:iam::123456789012:role/reports"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "reports.zip"
  environment {
    variables = {
      TABLE = "orders"
    }
  }
}
