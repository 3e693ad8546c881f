# Terraform removes EC2's default egress rule from the groups it creates:
# a group with no egress block allows no outbound traffic.
# want: PASS aws_lambda_function.worker @15 "no security group of the function allows all outbound traffic to anywhere"
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
