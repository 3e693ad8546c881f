# want: FAIL aws_lb_listener.http @7 "HTTP listener on port 80 of alb (internet-facing) forwards to a function in clear text"
resource "aws_lb" "alb" {
  name    = "alb"
  subnets = ["subnet-1", "subnet-2"]
}

resource "aws_lb_listener" "http" {
  load_balancer_arn = aws_lb.alb.arn
  port              = 80
  protocol          = "HTTP"
  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.fn.arn
  }
}

resource "aws_lb_target_group" "fn" {
  name        = "fn"
  target_type = "lambda"
}
