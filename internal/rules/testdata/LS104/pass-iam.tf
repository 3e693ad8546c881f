# want: PASS aws_lambda_function.iam @39 "AWS_IAM"
# want: UNKNOWN aws_lambda_function.param @44 "variable url_auth has no default"
variable "url_auth" {
  type = string
}
data "aws_iam_policy_document" "lambda_trust" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "fn" {
  name               = "fn-role"
  assume_role_policy = data.aws_iam_policy_document.lambda_trust.json
}

resource "aws_lambda_function" "iam" {
  function_name = "iam"
  role          = aws_iam_role.fn.arn
  runtime       = "python3.13"
  handler       = "app.handler"
  s3_bucket     = "artifacts"
  s3_key        = "iam.zip"
}

resource "aws_lambda_function" "param" {
  function_name = "param"
  role          = aws_iam_role.fn.arn
  runtime       = "python3.13"
  handler       = "app.handler"
  s3_bucket     = "artifacts"
  s3_key        = "param.zip"
}

resource "aws_lambda_function_url" "iam" {
  function_name      = aws_lambda_function.iam.function_name
  authorization_type = "AWS_IAM"
}

resource "aws_lambda_function_url" "param" {
  function_name      = aws_lambda_function.param.function_name
  authorization_type = var.url_auth
}
