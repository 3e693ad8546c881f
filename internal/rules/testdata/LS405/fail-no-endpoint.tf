# want: FAIL aws_lambda_function.worker @32 "role uses dynamodb but VPC aws_vpc.main has no endpoint for it"
resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_subnet" "a" {
  vpc_id            = aws_vpc.main.id
  cidr_block        = "10.0.1.0/24"
  availability_zone = "eu-west-1a"
}

resource "aws_iam_role" "worker" {
  name = "worker"
  assume_role_policy = jsonencode({
    Statement = [{ Effect = "Allow", Principal = { Service = "lambda.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
}

resource "aws_iam_role_policy" "app" {
  role = aws_iam_role.worker.id
  policy = jsonencode({
    Statement = [{ Effect = "Allow", Action = ["dynamodb:Query"], Resource = "*" }]
  })
}

resource "aws_lambda_function" "worker" {
  function_name = "worker"
  role          = aws_iam_role.worker.arn
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "worker.zip"
  vpc_config {
    subnet_ids         = [aws_subnet.a.id]
    security_group_ids = ["sg-1"]
  }
}
