# want: PASS aws_iam_role.clean @13 "every action the role's policies name exists"
data "aws_iam_policy_document" "lambda_trust" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}


resource "aws_iam_role" "clean" {
  name               = "clean"
  assume_role_policy = data.aws_iam_policy_document.lambda_trust.json
}

resource "aws_iam_role_policy" "clean" {
  name   = "clean"
  role   = aws_iam_role.clean.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = ["lambda:InvokeFunction"], Resource = "*" }]
  })
}

resource "aws_lambda_function" "clean_fn" {
  function_name = "clean-fn"
  role          = aws_iam_role.clean.arn
  runtime       = "python3.13"
  handler       = "app.handler"
  s3_bucket     = "artifacts"
  s3_key        = "clean-fn.zip"
}
