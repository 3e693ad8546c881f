# want: FAIL aws_s3_bucket.drop @36:1 "anyone can write to drop-zone, which triggers worker: statement Anyone of its policy lets anyone"
# want: FAIL aws_sqs_queue.jobs @53:1 "statement #1 of its policy lets anyone"
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

resource "aws_s3_bucket" "drop" {
  bucket = "drop-zone"
}

resource "aws_s3_bucket_public_access_block" "drop" {
  bucket                  = aws_s3_bucket.drop.id
  block_public_acls       = true
  ignore_public_acls      = true
  block_public_policy     = false
  restrict_public_buckets = false
}

resource "aws_s3_bucket_notification" "drop" {
  bucket = aws_s3_bucket.drop.id
  lambda_function {
    lambda_function_arn = aws_lambda_function.worker.arn
    events              = ["s3:ObjectCreated:*"]
  }
}

resource "aws_s3_bucket_policy" "drop" {
  bucket = aws_s3_bucket.drop.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Sid = "Anyone", Effect = "Allow", Principal = "*", Action = "s3:PutObject", Resource = "${aws_s3_bucket.drop.arn}/*" }]
  })
}

resource "aws_sqs_queue" "jobs" {
  name = "jobs"
}

resource "aws_lambda_event_source_mapping" "jobs" {
  function_name    = aws_lambda_function.worker.arn
  event_source_arn = aws_sqs_queue.jobs.arn
}

resource "aws_sqs_queue_policy" "jobs" {
  queue_url = aws_sqs_queue.jobs.id
  policy = jsonencode({
    Statement = [{ Effect = "Allow", Principal = { AWS = "*" }, Action = "sqs:SendMessage", Resource = aws_sqs_queue.jobs.arn }]
  })
}
