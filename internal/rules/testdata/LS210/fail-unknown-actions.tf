# want: FAIL aws_iam_role.typo @18 "lamda:InvokeFunction"
data "aws_iam_policy_document" "lambda_trust" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}


resource "aws_iam_role" "typo" {
  name               = "typo"
  assume_role_policy = data.aws_iam_policy_document.lambda_trust.json
}

resource "aws_iam_role_policy" "typo" {
  name   = "typo"
  role   = aws_iam_role.typo.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = ["lamda:InvokeFunction"], Resource = "*" }]
  })
}

resource "aws_lambda_function" "typo_fn" {
  function_name = "typo-fn"
  role          = aws_iam_role.typo.arn
  runtime       = "python3.13"
  handler       = "app.handler"
  s3_bucket     = "artifacts"
  s3_key        = "typo-fn.zip"
}
