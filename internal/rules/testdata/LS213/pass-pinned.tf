# want: PASS aws_s3_bucket.reports @35 "pinned with lambda:SourceFunctionArn"
data "aws_iam_policy_document" "lambda_trust" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "shared" {
  name               = "shared-role"
  assume_role_policy = data.aws_iam_policy_document.lambda_trust.json
}

resource "aws_lambda_function" "export" {
  function_name = "export"
  role          = aws_iam_role.shared.arn
  runtime       = "python3.13"
  handler       = "app.handler"
  s3_bucket     = "artifacts"
  s3_key        = "export.zip"
}

resource "aws_lambda_function" "ingest" {
  function_name = "ingest"
  role          = aws_iam_role.shared.arn
  runtime       = "python3.13"
  handler       = "app.handler"
  s3_bucket     = "artifacts"
  s3_key        = "ingest.zip"
}

resource "aws_s3_bucket" "reports" {
  bucket = "reports-bucket"
}

resource "aws_s3_bucket_policy" "reports" {
  bucket = aws_s3_bucket.reports.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = aws_iam_role.shared.arn }
      Action    = "s3:PutObject"
      Resource  = "${aws_s3_bucket.reports.arn}/*"
      Condition = { ArnEquals = { "lambda:SourceFunctionArn" = aws_lambda_function.export.arn } }
    }]
  })
}
