# want: PASS aws_iam_role.db @13 "no credential-exposure permission found"
data "aws_iam_policy_document" "lambda_trust" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}


resource "aws_iam_role" "db" {
  name               = "db"
  assume_role_policy = data.aws_iam_policy_document.lambda_trust.json
}

resource "aws_iam_role_policy" "db" {
  name   = "db"
  role   = aws_iam_role.db.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "rds-db:connect", Resource = "arn:aws:rds-db:eu-west-1:111122223333:dbuser:db-ABC/app" }]
  })
}

resource "aws_lambda_function" "db_fn" {
  function_name = "db-fn"
  role          = aws_iam_role.db.arn
  runtime       = "python3.13"
  handler       = "app.handler"
  s3_bucket     = "artifacts"
  s3_key        = "db-fn.zip"
}
