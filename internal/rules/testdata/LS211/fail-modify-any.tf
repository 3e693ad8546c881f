# want: FAIL aws_iam_role.patcher @18 "role patcher (used by patcher-fn) can change the configuration (role, layers, environment) of any function"
data "aws_iam_policy_document" "lambda_trust" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}


resource "aws_iam_role" "patcher" {
  name               = "patcher"
  assume_role_policy = data.aws_iam_policy_document.lambda_trust.json
}

resource "aws_iam_role_policy" "patcher" {
  name   = "patcher"
  role   = aws_iam_role.patcher.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "lambda:UpdateFunctionConfiguration", Resource = "*" }]
  })
}

resource "aws_lambda_function" "patcher_fn" {
  function_name = "patcher-fn"
  role          = aws_iam_role.patcher.arn
  runtime       = "python3.13"
  handler       = "app.handler"
  s3_bucket     = "artifacts"
  s3_key        = "patcher-fn.zip"
}
