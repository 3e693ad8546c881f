# want: FAIL default rule aws_cloudwatch_event_target.worker @16:1 "statement partner of its policy lets account 444455556666 events:PutEvents; rule aws_cloudwatch_event_target.worker sends its events to worker"
# want: FAIL aws_kinesis_stream.clicks @37:12 "lets account 444455556666 kinesis:PutRecord or kinesis:PutRecords"
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

resource "aws_cloudwatch_event_permission" "partner" {
  principal    = "444455556666"
  statement_id = "partner"
}

resource "aws_cloudwatch_event_rule" "orders" {
  event_pattern = jsonencode({ source = ["partner.orders"] })
}

resource "aws_cloudwatch_event_target" "worker" {
  rule = aws_cloudwatch_event_rule.orders.name
  arn  = aws_lambda_function.worker.arn
}

resource "aws_kinesis_stream" "clicks" {
  name        = "clicks"
  shard_count = 1
}

resource "aws_kinesis_resource_policy" "clicks" {
  resource_arn = aws_kinesis_stream.clicks.arn
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { AWS = "444455556666" }, Action = "kinesis:PutRecords", Resource = "*" }]
  })
}

resource "aws_lambda_event_source_mapping" "clicks" {
  event_source_arn  = aws_kinesis_stream.clicks.arn
  function_name     = aws_lambda_function.worker.arn
  starting_position = "LATEST"
}
