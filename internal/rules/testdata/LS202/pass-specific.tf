# An aws_iam_policy_document with a condition block.
# want: PASS aws_iam_role.specific @26 "no statement grants every action of a se"
data "aws_iam_policy_document" "lambda_trust" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}


data "aws_iam_policy_document" "read" {
  statement {
    actions   = ["s3:GetObject"]
    resources = ["arn:aws:s3:::reports/*"]
    condition {
      test     = "StringEquals"
      variable = "aws:ResourceAccount"
      values   = ["111122223333"]
    }
  }
}

resource "aws_iam_role" "specific" {
  name               = "specific"
  assume_role_policy = data.aws_iam_policy_document.lambda_trust.json
}

resource "aws_iam_role_policy" "specific" {
  name   = "specific"
  role   = aws_iam_role.specific.id
  policy = data.aws_iam_policy_document.read.json
}

resource "aws_lambda_function" "specific_fn" {
  function_name = "specific-fn"
  role          = aws_iam_role.specific.arn
  runtime       = "python3.13"
  handler       = "app.handler"
  s3_bucket     = "artifacts"
  s3_key        = "specific-fn.zip"
}
