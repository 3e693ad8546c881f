# want: FAIL aws_lb_listener.https @7 "HTTPS listener on port 443 uses ELBSecurityPolicy-2016-08, which accepts TLS 1.0 and 1.1"
resource "aws_lb" "alb" {
  name    = "alb"
  subnets = ["subnet-1", "subnet-2"]
}

resource "aws_lb_listener" "https" {
  load_balancer_arn = aws_lb.alb.arn
  port              = 443
  protocol          = "HTTPS"
  ssl_policy        = "ELBSecurityPolicy-2016-08"
  certificate_arn   = "arn:aws:acm:eu-west-1:123456789012:certificate/abc"
  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.fn.arn
  }
}

resource "aws_lb_target_group" "fn" {
  name        = "fn"
  target_type = "lambda"
}

resource "aws_lb_target_group_attachment" "fn" {
  target_group_arn = aws_lb_target_group.fn.arn
  target_id        = aws_lambda_function.fn.arn
}

resource "aws_lambda_function" "fn" {
  function_name = "fn"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "fn.zip"
}
