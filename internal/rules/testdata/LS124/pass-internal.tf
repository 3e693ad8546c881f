# want: PASS aws_lb.web aws_lb_listener.https -> aws_lb_target_group.admin @31:1 "the load balancer is internal"
resource "aws_iam_role" "admin" {
  name               = "admin"
  assume_role_policy = "{}"
}

resource "aws_lambda_function" "admin" {
  function_name = "admin"
  role          = aws_iam_role.admin.arn
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
}

resource "aws_lb" "web" {
  name     = "web"
  internal = true
  subnets  = ["subnet-1", "subnet-2"]
}

resource "aws_lb_target_group" "admin" {
  name        = "admin"
  target_type = "lambda"
}

resource "aws_lb_target_group_attachment" "admin" {
  target_group_arn = aws_lb_target_group.admin.arn
  target_id        = aws_lambda_function.admin.arn
}

resource "aws_lb_listener" "https" {
  load_balancer_arn = aws_lb.web.arn
  port              = 443
  protocol          = "HTTPS"
  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.admin.arn
  }
}
