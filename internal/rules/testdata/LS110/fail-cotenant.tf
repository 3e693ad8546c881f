# A function anyone may invoke, whose own role reaches nothing ranked,
# shares a capacity provider with billing, whose role reaches every
# DynamoDB table: a path through the co-tenancy hop.
# want: FAIL aws_lambda_function.web statement aws_lambda_permission.invoke -> data @40:1 "shares the instances of its capacity provider with function billing and so may reach its role billing (a co-tenancy hop"
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
      capacity_provider_arn = aws_lambda_capacity_provider.shared.arn
    }
  }
}
