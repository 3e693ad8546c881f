# want: FAIL aws_lambda_event_source_mapping.clicks @35 "stream/clicks to handler: retries are unbounded"
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

resource "aws_lambda_function" "handler" {
  function_name = "handler"
  role          = aws_iam_role.fn.arn
  runtime       = "python3.13"
  handler       = "app.handler"
  s3_bucket     = "artifacts"
  s3_key        = "handler.zip"
}

resource "aws_kinesis_stream" "clicks" {
  name        = "clicks"
  shard_count = 1
}

resource "aws_sqs_queue" "dlq" {
  name = "dlq"
}

resource "aws_lambda_event_source_mapping" "clicks" {
  function_name          = aws_lambda_function.handler.arn
  event_source_arn       = aws_kinesis_stream.clicks.arn
  starting_position      = "LATEST"
  maximum_retry_attempts = -1
}
