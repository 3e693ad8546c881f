# want: FAIL aws_lb.web aws_lb_listener.https -> aws_lb_target_group.admin @42:1 "internet-facing; the listener's default action forwards to admin without authenticating users"
# want: FAIL aws_lb.web aws_lb_listener.https rule aws_lb_listener_rule.admin -> aws_lb_target_group.admin @52:1 "listener rule aws_lb_listener_rule.admin forwards to admin"
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

resource "aws_security_group" "web" {
  name = "web"
  ingress {
    protocol         = "tcp"
    from_port        = 443
    to_port          = 443
    ipv6_cidr_blocks = ["::/0"]
  }
}

resource "aws_lb" "web" {
  name            = "web"
  subnets         = ["subnet-1", "subnet-2"]
  security_groups = [aws_security_group.web.id]
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

resource "aws_lb_listener_rule" "admin" {
  listener_arn = aws_lb_listener.https.arn
  priority     = 10
  action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.admin.arn
  }
  condition {
    path_pattern {
      values = ["/admin/*"]
    }
  }
}
