# want: PASS aws_iam_role.caller @23 "no invoke-any-function permission found"
# want: UNKNOWN arn:aws:iam::111122223333:role/other @14 "defined outside this estate"
data "aws_iam_policy_document" "lambda_trust" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}


resource "aws_lambda_function" "callee" {
  function_name = "callee"
  role          = "arn:aws:iam::111122223333:role/other"
  runtime       = "python3.13"
  handler       = "app.handler"
  s3_bucket     = "artifacts"
  s3_key        = "callee.zip"
}

resource "aws_iam_role" "caller" {
  name               = "caller"
  assume_role_policy = data.aws_iam_policy_document.lambda_trust.json
}

resource "aws_iam_role_policy" "caller" {
  name   = "caller"
  role   = aws_iam_role.caller.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "lambda:InvokeFunction", Resource = aws_lambda_function.callee.arn }]
  })
}

resource "aws_lambda_function" "caller_fn" {
  function_name = "caller-fn"
  role          = aws_iam_role.caller.arn
  runtime       = "python3.13"
  handler       = "app.handler"
  s3_bucket     = "artifacts"
  s3_key        = "caller-fn.zip"
}
