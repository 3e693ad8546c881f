# for_each over a map of functions: each instance gets a public permission.
# want: FAIL aws_lambda_function.fn["orders"] @36 "anyone can invoke orders"
# want: FAIL aws_lambda_function.fn["users"] @36 "anyone can invoke users"
locals {
  functions = {
    orders = { memory = 256 }
    users  = { memory = 128 }
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

resource "aws_lambda_function" "fn" {
  for_each      = local.functions
  function_name = each.key
  role          = aws_iam_role.fn.arn
  runtime       = "python3.13"
  handler       = "app.handler"
  memory_size   = each.value.memory
  s3_bucket     = "artifacts"
  s3_key        = "${each.key}.zip"
}

resource "aws_lambda_permission" "public" {
  for_each      = aws_lambda_function.fn
  function_name = each.value.function_name
  action        = "lambda:InvokeFunction"
  principal     = "*"
}
