# want: PASS aws_s3_bucket.drop @16:1 "but Block Public Access (BlockPublicPolicy, RestrictPublicBuckets) stops it"
# want: PASS aws_s3_bucket.plain @38:1 "AWS's default for new buckets) stops it; the ACL grants public write, but Object Ownership BucketOwnerEnforced turns ACLs off"
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
  block_public_policy     = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_policy" "drop" {
  bucket = aws_s3_bucket.drop.id
  policy = jsonencode({
    Statement = [{ Effect = "Allow", Principal = "*", Action = "s3:PutObject", Resource = "${aws_s3_bucket.drop.arn}/*" }]
  })
}

resource "aws_s3_bucket_notification" "drop" {
  bucket = aws_s3_bucket.drop.id
  lambda_function { lambda_function_arn = aws_lambda_function.worker.arn }
}

resource "aws_s3_bucket" "plain" {
  bucket = "plain"
  acl    = "public-read-write"
  policy = jsonencode({
    Statement = [{ Effect = "Allow", Principal = "*", Action = "s3:PutObject", Resource = "arn:aws:s3:::plain/*" }]
  })
}

resource "aws_s3_bucket_notification" "plain" {
  bucket = aws_s3_bucket.plain.id
  lambda_function { lambda_function_arn = aws_lambda_function.worker.arn }
}
