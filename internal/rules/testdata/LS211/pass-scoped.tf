# want: PASS aws_iam_role.deployer @13 "no modify-any-function permission found"
# want: PASS aws_iam_role.target @18 "no modify-any-function permission found"
data "aws_iam_policy_document" "lambda_trust" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "deployer" {
  name               = "deployer"
  assume_role_policy = data.aws_iam_policy_document.lambda_trust.json
}

resource "aws_iam_role" "target" {
  name               = "target"
  assume_role_policy = data.aws_iam_policy_document.lambda_trust.json
}

# Scoped to one function; a Deny takes the configuration change back.
resource "aws_iam_role_policy" "deployer" {
  name   = "deployer"
  role   = aws_iam_role.deployer.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = "lambda:UpdateFunctionCode", Resource = aws_lambda_function.target.arn },
      { Effect = "Allow", Action = "lambda:UpdateFunctionConfiguration", Resource = "*" },
      { Effect = "Deny", Action = "lambda:UpdateFunctionConfiguration", Resource = "*" },
    ]
  })
}

resource "aws_lambda_function" "target" {
  function_name = "target"
  role          = aws_iam_role.target.arn
  runtime       = "python3.13"
  handler       = "app.handler"
  s3_bucket     = "artifacts"
  s3_key        = "target.zip"
}

resource "aws_lambda_function" "deployer_fn" {
  function_name = "deployer-fn"
  role          = aws_iam_role.deployer.arn
  runtime       = "python3.13"
  handler       = "app.handler"
  s3_bucket     = "artifacts"
  s3_key        = "deployer-fn.zip"
}
