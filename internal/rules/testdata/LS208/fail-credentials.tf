# want: FAIL aws_iam_role.keys @18 "create access keys for any user"
data "aws_iam_policy_document" "lambda_trust" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}


resource "aws_iam_role" "keys" {
  name               = "keys"
  assume_role_policy = data.aws_iam_policy_document.lambda_trust.json
}

resource "aws_iam_role_policy" "keys" {
  name   = "keys"
  role   = aws_iam_role.keys.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "iam:CreateAccessKey", Resource = "*" }]
  })
}

resource "aws_lambda_function" "keys_fn" {
  function_name = "keys-fn"
  role          = aws_iam_role.keys.arn
  runtime       = "python3.13"
  handler       = "app.handler"
  s3_bucket     = "artifacts"
  s3_key        = "keys-fn.zip"
}
