# Secrets stored in the function's configuration by reference: no literal is
# visible, but the value lands in the environment all the same.
# want: FAIL aws_lambda_function.deploy @46 "AWS_SECRET_ACCESS_KEY, AWS_ACCESS_KEY_ID"
# want: FAIL aws_lambda_function.db @61 "DB_PASSWORD"
# want: FAIL aws_lambda_function.literal @76 "STRIPE_KEY"
variable "db_password" {
  type      = string
  sensitive = true
}

resource "aws_iam_user" "ci" {
  name = "ci"
}

resource "aws_iam_access_key" "ci" {
  user = aws_iam_user.ci.name
}

resource "random_password" "db" {
  length = 32
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

resource "aws_lambda_function" "deploy" {
  function_name = "deploy"
  role          = aws_iam_role.fn.arn
  runtime       = "python3.13"
  handler       = "app.handler"
  s3_bucket     = "artifacts"
  s3_key        = "deploy.zip"
  environment {
    variables = {
      AWS_SECRET_ACCESS_KEY = aws_iam_access_key.ci.secret
      AWS_ACCESS_KEY_ID     = aws_iam_access_key.ci.id
    }
  }
}

resource "aws_lambda_function" "db" {
  function_name = "db"
  role          = aws_iam_role.fn.arn
  runtime       = "python3.13"
  handler       = "app.handler"
  s3_bucket     = "artifacts"
  s3_key        = "db.zip"
  environment {
    variables = {
      DB_PASSWORD = var.db_password
      DB_PASS_2   = random_password.db.result
    }
  }
}

resource "aws_lambda_function" "literal" {
  function_name = "literal"
  role          = aws_iam_role.fn.arn
  runtime       = "python3.13"
  handler       = "app.handler"
  s3_bucket     = "artifacts"
  s3_key        = "literal.zip"
  environment {
    variables = {
      STRIPE_KEY = "sk_live_1eUArqs9pyaA6juCAGLlEcdO67MbO63ZJz"
    }
  }
}
