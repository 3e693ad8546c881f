# want: FAIL aws_lambda_function.unsigned @26 "no code-signing configuration"
# want: FAIL aws_lambda_function.warn @35 "Warn"
resource "aws_lambda_code_signing_config" "warn" {
  allowed_publishers {
    signing_profile_version_arns = ["arn:aws:signer:eu-west-1:111122223333:/signing-profiles/app/abc"]
  }
  policies {
    untrusted_artifact_on_deployment = "Warn"
  }
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

resource "aws_lambda_function" "unsigned" {
  function_name = "unsigned"
  role          = aws_iam_role.fn.arn
  runtime       = "python3.13"
  handler       = "app.handler"
  s3_bucket     = "artifacts"
  s3_key        = "unsigned.zip"
}

resource "aws_lambda_function" "warn" {
  function_name = "warn"
  role          = aws_iam_role.fn.arn
  runtime       = "python3.13"
  handler       = "app.handler"
  s3_bucket     = "artifacts"
  s3_key        = "warn.zip"
  code_signing_config_arn = aws_lambda_code_signing_config.warn.arn
}
