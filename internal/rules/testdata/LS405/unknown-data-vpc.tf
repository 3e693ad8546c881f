# The VPC is looked up with a data source: it is defined elsewhere, and so
# may be its endpoints.
# want: UNKNOWN aws_lambda_function.worker @34 "the VPC of subnet aws_subnet.a is unresolved (is not known before apply (depends on data.aws_vpc.shared.id))"
data "aws_vpc" "shared" {
  tags = { Name = "shared" }
}

resource "aws_subnet" "a" {
  vpc_id            = data.aws_vpc.shared.id
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
    Statement = [{ Effect = "Allow", Action = ["s3:GetObject"], Resource = "*" }]
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
