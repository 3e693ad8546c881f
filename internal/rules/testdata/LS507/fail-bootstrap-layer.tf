# provided.al2023 with a bootstrap layer from a stranger's account.
# want: FAIL aws_lambda_function.php @9 "OS-only runtime provided.al2023 with 1 layer(s)"

resource "aws_iam_role" "fn" {
  name               = "fn-role"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = "lambda.amazonaws.com" }, Action = "sts:AssumeRole" }] })
}

resource "aws_lambda_function" "php" {
  function_name = "php"
  role          = aws_iam_role.fn.arn
  runtime       = "provided.al2023"
  handler       = "bootstrap"
  s3_bucket     = "artifacts"
  s3_key        = "php.zip"
  layers        = ["arn:aws:lambda:us-east-1:999988887777:layer:php-runtime:12"]
}
