# want: FAIL aws_lambda_function.reports @16 "names a resource that lives in one (variable DB_HOST: a reference to aws_db_instance.orders.address"
resource "aws_db_instance" "orders" {
  identifier     = "orders"
  engine         = "postgres"
  instance_class = "db.t4g.micro"
}

resource "aws_lambda_function" "reports" {
  function_name = "reports"
  role          = "arn:aws:iam::123456789012:role/reports"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "reports.zip"
  environment {
    variables = {
      DB_HOST = aws_db_instance.orders.address
    }
  }
}
