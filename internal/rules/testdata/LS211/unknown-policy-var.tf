# A policy document from a variable without a value cannot be read.
# want: UNKNOWN aws_iam_role.opaque @5 "cannot judge the role"
variable "deploy_policy" {}

resource "aws_iam_role" "opaque" {
  name = "opaque"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "lambda.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
  inline_policy {
    name   = "deploy"
    policy = var.deploy_policy
  }
}

resource "aws_lambda_function" "opaque_fn" {
  function_name = "opaque-fn"
  role          = aws_iam_role.opaque.arn
  runtime       = "python3.13"
  handler       = "app.handler"
  s3_bucket     = "artifacts"
  s3_key        = "opaque-fn.zip"
}
