# want: FAIL aws_iam_role.front @13:1 "may take over functions that run with other roles: back (UpdateFunctionConfiguration)"
# want: PASS aws_iam_role.back @3:1 "may change no function that runs with another role"
resource "aws_iam_role" "back" {
  name               = "back"
  assume_role_policy = "{}"
}

resource "aws_iam_role" "front" {
  name               = "front"
  assume_role_policy = "{}"
}

resource "aws_iam_role_policy" "front" {
  role = aws_iam_role.front.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "lambda:UpdateFunctionConfiguration", Resource = aws_lambda_function.back.arn }]
  })
}

resource "aws_lambda_function" "front" {
  function_name = "front"
  role          = aws_iam_role.front.arn
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
}

resource "aws_lambda_function" "back" {
  function_name = "back"
  role          = aws_iam_role.back.arn
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
}
