# want: PASS aws_lambda_function.worker @13 "used by Lambda functions only"
resource "aws_security_group" "fn" {
  name   = "fn"
  vpc_id = "vpc-0abc"
}

resource "aws_lambda_function" "worker" {
  function_name = "worker"
  role          = "arn:aws:iam::123456789012:role/worker"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "worker.zip"
  vpc_config {
    subnet_ids         = ["subnet-1", "subnet-2"]
    security_group_ids = [aws_security_group.fn.id]
  }
}
