# want: FAIL aws_lambda_function.worker @19 "is shared with other resources: app (with aws_instance aws_instance.bastion)"
resource "aws_security_group" "app" {
  name   = "app"
  vpc_id = "vpc-0abc"
}

resource "aws_instance" "bastion" {
  ami                    = "ami-0abc"
  instance_type          = "t4g.micro"
  vpc_security_group_ids = [aws_security_group.app.id]
}

resource "aws_lambda_function" "worker" {
  function_name = "worker"
  role          = "arn:aws:iam::123456789012:role/worker"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "worker.zip"
  vpc_config {
    subnet_ids         = ["subnet-1", "subnet-2"]
    security_group_ids = [aws_security_group.app.id]
  }
}
