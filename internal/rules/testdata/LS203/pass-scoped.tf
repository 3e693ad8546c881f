# want: PASS aws_iam_role.own_code @13 "no privilege-escalation permission found"
data "aws_iam_policy_document" "lambda_trust" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}


resource "aws_iam_role" "own_code" {
  name               = "own-code"
  assume_role_policy = data.aws_iam_policy_document.lambda_trust.json
}

resource "aws_iam_role_policy" "own_code" {
  name   = "own-code"
  role   = aws_iam_role.own_code.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = ["lambda:GetFunction"], Resource = "arn:aws:lambda:eu-west-1:111122223333:function:own" }]
  })
}

resource "aws_lambda_function" "own_code_fn" {
  function_name = "own-code-fn"
  role          = aws_iam_role.own_code.arn
  runtime       = "python3.13"
  handler       = "app.handler"
  s3_bucket     = "artifacts"
  s3_key        = "own-code-fn.zip"
}
