# want: PASS aws_lambda_event_source_mapping.refunds @41 "1 filter(s)"
# want: PASS aws_lambda_event_source_mapping.orders @52 "2 filter(s)"
data "aws_iam_policy_document" "lambda_trust" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "fn" {
  name               = "fn-role"
  assume_role_policy = data.aws_iam_policy_document.lambda_trust.json
}

resource "aws_lambda_function" "refunds" {
  function_name = "refunds"
  role          = aws_iam_role.fn.arn
  runtime       = "python3.13"
  handler       = "app.handler"
  s3_bucket     = "artifacts"
  s3_key        = "refunds.zip"
}

resource "aws_lambda_function" "orders" {
  function_name = "orders"
  role          = aws_iam_role.fn.arn
  runtime       = "python3.13"
  handler       = "app.handler"
  s3_bucket     = "artifacts"
  s3_key        = "orders.zip"
}

resource "aws_kinesis_stream" "events" {
  name        = "events"
  shard_count = 1
}

resource "aws_lambda_event_source_mapping" "refunds" {
  function_name     = aws_lambda_function.refunds.arn
  event_source_arn  = aws_kinesis_stream.events.arn
  starting_position = "LATEST"
  filter_criteria {
    filter {
      pattern = jsonencode({ data = { kind = ["refund"] } })
    }
  }
}

resource "aws_lambda_event_source_mapping" "orders" {
  function_name     = aws_lambda_function.orders.arn
  event_source_arn  = aws_kinesis_stream.events.arn
  starting_position = "LATEST"
  filter_criteria {
    filter {
      pattern = jsonencode({ data = { kind = ["order"] } })
    }
    filter {
      pattern = jsonencode({ data = { kind = ["order-v2"] } })
    }
  }
}
