# want: FAIL aws_iam_role.passrole @18 "pass any role to any service"
data "aws_iam_policy_document" "lambda_trust" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}


resource "aws_iam_role" "passrole" {
  name               = "passrole"
  assume_role_policy = data.aws_iam_policy_document.lambda_trust.json
}

resource "aws_iam_role_policy" "passrole" {
  name   = "passrole"
  role   = aws_iam_role.passrole.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "iam:PassRole", Resource = "*" }]
  })
}

resource "aws_lambda_function" "passrole_fn" {
  function_name = "passrole-fn"
  role          = aws_iam_role.passrole.arn
  runtime       = "python3.13"
  handler       = "app.handler"
  s3_bucket     = "artifacts"
  s3_key        = "passrole-fn.zip"
}
