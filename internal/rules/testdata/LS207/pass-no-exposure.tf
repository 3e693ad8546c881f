# want: PASS aws_iam_role.read_only @13 "no resource-exposure permission found"
data "aws_iam_policy_document" "lambda_trust" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}


resource "aws_iam_role" "read_only" {
  name               = "read-only"
  assume_role_policy = data.aws_iam_policy_document.lambda_trust.json
}

resource "aws_iam_role_policy" "read_only" {
  name   = "read-only"
  role   = aws_iam_role.read_only.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "arn:aws:s3:::reports/*" }]
  })
}

resource "aws_lambda_function" "read_only_fn" {
  function_name = "read-only-fn"
  role          = aws_iam_role.read_only.arn
  runtime       = "python3.13"
  handler       = "app.handler"
  s3_bucket     = "artifacts"
  s3_key        = "read-only-fn.zip"
}
