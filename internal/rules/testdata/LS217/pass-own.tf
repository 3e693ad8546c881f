# want: PASS aws_iam_role.self @2:1 "may change no function that runs with another role"
resource "aws_iam_role" "self" {
  name               = "self"
  assume_role_policy = "{}"
}

resource "aws_iam_role_policy" "self" {
  role = aws_iam_role.self.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "lambda:UpdateFunctionCode", Resource = aws_lambda_function.self.arn }]
  })
}

resource "aws_lambda_function" "self" {
  function_name = "self"
  role          = aws_iam_role.self.arn
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
}
