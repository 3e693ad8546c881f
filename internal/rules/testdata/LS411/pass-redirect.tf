# want: PASS aws_lb_listener.http @7 "HTTP listener on port 80 does not forward to a function"
resource "aws_lb" "alb" {
  name    = "alb"
  subnets = ["subnet-1", "subnet-2"]
}

resource "aws_lb_listener" "http" {
  load_balancer_arn = aws_lb.alb.arn
  port              = 80
  protocol          = "HTTP"
  default_action {
    type = "redirect"
    redirect {
      port        = "443"
      protocol    = "HTTPS"
      status_code = "HTTP_301"
    }
  }
}

resource "aws_lb_target_group" "fn" {
  name        = "fn"
  target_type = "lambda"
}
