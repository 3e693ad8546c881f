# The same functions on capacity providers of their own: the public one
# has no neighbour, and its door reaches nothing ranked.
# want: PASS aws_lambda_function.web statement aws_lambda_permission.invoke @49:1 "reaches nothing ranked"
resource "aws_iam_role" "web" {
  name               = "web"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "lambda.amazonaws.com" } }] })
}
resource "aws_iam_role" "billing" {
  name               = "billing"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "lambda.amazonaws.com" } }] })
}
resource "aws_iam_role_policy_attachment" "billing" {
  role       = aws_iam_role.billing.name
  policy_arn = "arn:aws:iam::aws:policy/AmazonDynamoDBFullAccess"
}
resource "aws_lambda_capacity_provider" "billing" {
  name = "billing"
  vpc_config {
    subnet_ids         = ["subnet-1"]
    security_group_ids = ["sg-1"]
  }
  permissions_config {
    capacity_provider_operator_role_arn = "arn:aws:iam::123456789012:role/operator"
  }
}
resource "aws_lambda_capacity_provider" "shared" {
  name = "shared"
  vpc_config {
    subnet_ids         = ["subnet-1"]
    security_group_ids = ["sg-1"]
  }
  permissions_config {
    capacity_provider_operator_role_arn = "arn:aws:iam::123456789012:role/operator"
  }
}
resource "aws_lambda_function" "web" {
  function_name = "web"
  role          = aws_iam_role.web.arn
  runtime       = "python3.13"
  handler       = "app.handler"
  s3_bucket     = "artifacts"
  s3_key        = "web.zip"
  capacity_provider_config {
    lambda_managed_instances_capacity_provider_config {
      capacity_provider_arn = aws_lambda_capacity_provider.shared.arn
    }
  }
}
resource "aws_lambda_permission" "invoke" {
  statement_id  = "Invoke"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.web.function_name
  principal     = "*"
}
resource "aws_lambda_function" "billing" {
  function_name = "billing"
  role          = aws_iam_role.billing.arn
  runtime       = "python3.13"
  handler       = "app.handler"
  s3_bucket     = "artifacts"
  s3_key        = "billing.zip"
  capacity_provider_config {
    lambda_managed_instances_capacity_provider_config {
      capacity_provider_arn = aws_lambda_capacity_provider.billing.arn
    }
  }
}
