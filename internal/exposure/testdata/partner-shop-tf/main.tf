# partner-shop in Terraform: the same application as
# ../partner-shop/template.yaml. DELIBERATELY VULNERABLE. Do not apply it.

data "aws_iam_policy_document" "trust" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "admin" {
  name                = "partner-admin"
  assume_role_policy  = data.aws_iam_policy_document.trust.json
  managed_policy_arns = ["arn:aws:iam::aws:policy/AdministratorAccess"]
}

resource "aws_iam_role" "worker" {
  name                = "partner-worker"
  assume_role_policy  = data.aws_iam_policy_document.trust.json
  managed_policy_arns = ["arn:aws:iam::aws:policy/AmazonS3FullAccess"]
}

resource "aws_iam_role" "clicks" {
  name                = "partner-clicks"
  assume_role_policy  = data.aws_iam_policy_document.trust.json
  managed_policy_arns = ["arn:aws:iam::aws:policy/service-role/AWSLambdaRole"]
}

resource "aws_iam_role" "reports" {
  name               = "partner-reports"
  assume_role_policy = data.aws_iam_policy_document.trust.json
}

resource "aws_iam_role_policy" "reports" {
  role = aws_iam_role.reports.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "lambda:UpdateFunctionCode", Resource = aws_lambda_function.admin.arn }]
  })
}

resource "aws_lambda_function" "admin" {
  function_name = "partner-admin"
  role          = aws_iam_role.admin.arn
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
}

resource "aws_lambda_function" "worker" {
  function_name = "partner-worker"
  role          = aws_iam_role.worker.arn
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
}

resource "aws_lambda_function" "clicks" {
  function_name = "partner-clicks"
  role          = aws_iam_role.clicks.arn
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
}

resource "aws_lambda_function" "reports" {
  function_name = "partner-reports"
  role          = aws_iam_role.reports.arn
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
  layers        = ["arn:aws:lambda:eu-west-1:444455556666:layer:pdf-tools:4"]
}

resource "aws_security_group" "lb" {
  name   = "partner-lb"
  vpc_id = "vpc-1"
  ingress {
    protocol    = "tcp"
    from_port   = 443
    to_port     = 443
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_lb" "partner" {
  name            = "partner-lb"
  internal        = false
  subnets         = ["subnet-1", "subnet-2"]
  security_groups = [aws_security_group.lb.id]
}

resource "aws_lb_target_group" "admin" {
  name        = "partner-admin"
  target_type = "lambda"
}

resource "aws_lb_target_group_attachment" "admin" {
  target_group_arn = aws_lb_target_group.admin.arn
  target_id        = aws_lambda_function.admin.arn
}

resource "aws_lb_listener" "https" {
  load_balancer_arn = aws_lb.partner.arn
  port              = 443
  protocol          = "HTTPS"
  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.admin.arn
  }
}

resource "aws_cloudwatch_event_bus" "orders" {
  name = "partner-orders"
}

resource "aws_cloudwatch_event_permission" "partner" {
  principal      = "444455556666"
  statement_id   = "partner"
  event_bus_name = aws_cloudwatch_event_bus.orders.name
}

resource "aws_cloudwatch_event_rule" "orders" {
  name           = "partner-orders"
  event_bus_name = aws_cloudwatch_event_bus.orders.name
  event_pattern  = jsonencode({ source = ["partner.orders"] })
}

resource "aws_cloudwatch_event_target" "worker" {
  rule           = aws_cloudwatch_event_rule.orders.name
  event_bus_name = aws_cloudwatch_event_bus.orders.name
  arn            = aws_lambda_function.worker.arn
}

resource "aws_kinesis_stream" "clicks" {
  name        = "partner-clicks"
  shard_count = 1
}

resource "aws_kinesis_resource_policy" "clicks" {
  resource_arn = aws_kinesis_stream.clicks.arn
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Sid = "partner", Effect = "Allow", Principal = { AWS = "444455556666" }, Action = "kinesis:PutRecords", Resource = aws_kinesis_stream.clicks.arn }]
  })
}

resource "aws_lambda_event_source_mapping" "clicks" {
  event_source_arn  = aws_kinesis_stream.clicks.arn
  function_name     = aws_lambda_function.clicks.arn
  starting_position = "LATEST"
}
