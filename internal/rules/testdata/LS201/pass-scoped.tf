# want: PASS aws_iam_role.scoped @13 "the role does not have full administrato"
data "aws_iam_policy_document" "lambda_trust" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}


resource "aws_iam_role" "scoped" {
  name               = "scoped"
  assume_role_policy = data.aws_iam_policy_document.lambda_trust.json
}

resource "aws_iam_role_policy" "scoped" {
  name   = "scoped"
  role   = aws_iam_role.scoped.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = ["dynamodb:GetItem"], Resource = "arn:aws:dynamodb:eu-west-1:111122223333:table/orders" }]
  })
}

resource "aws_lambda_function" "scoped_fn" {
  function_name = "scoped-fn"
  role          = aws_iam_role.scoped.arn
  runtime       = "python3.13"
  handler       = "app.handler"
  s3_bucket     = "artifacts"
  s3_key        = "scoped-fn.zip"
}
