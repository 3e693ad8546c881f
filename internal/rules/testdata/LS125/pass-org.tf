# want: PASS default rule aws_cloudwatch_event_target.worker @15:1 "no statement of its policy lets anyone outside"
resource "aws_iam_role" "worker" {
  name               = "worker"
  assume_role_policy = "{}"
}

resource "aws_lambda_function" "worker" {
  function_name = "worker"
  role          = aws_iam_role.worker.arn
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
}

resource "aws_cloudwatch_event_permission" "org" {
  principal    = "*"
  statement_id = "org"
  condition {
    key   = "aws:PrincipalOrgID"
    type  = "StringEquals"
    value = "o-abc123"
  }
}

resource "aws_cloudwatch_event_rule" "orders" {
  event_pattern = jsonencode({ source = ["partner.orders"] })
}

resource "aws_cloudwatch_event_target" "worker" {
  rule = aws_cloudwatch_event_rule.orders.name
  arn  = aws_lambda_function.worker.arn
}
