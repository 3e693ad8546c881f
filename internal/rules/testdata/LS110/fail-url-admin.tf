# The URL and the plain public InvokeFunction grant are two doors.
# want: FAIL aws_lambda_function.admin url -> admin @23:1 "anyone on the internet can call the URL of admin, which runs admin as role admin, which may do anything in the account"
# want: FAIL aws_lambda_function.admin statement aws_lambda_permission.invoke -> admin @36:1 "Cut: remove statement aws_lambda_permission.invoke from the resource policy of admin"
# severity: aws_lambda_function.admin url -> admin critical
resource "aws_iam_role" "admin" {
  name               = "admin"
  assume_role_policy = "{}"
}

resource "aws_iam_role_policy_attachment" "admin" {
  role       = aws_iam_role.admin.name
  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
}

resource "aws_lambda_function" "admin" {
  function_name = "admin"
  role          = aws_iam_role.admin.arn
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
}

resource "aws_lambda_function_url" "admin" {
  function_name      = aws_lambda_function.admin.function_name
  authorization_type = "NONE"
}

resource "aws_lambda_permission" "url" {
  statement_id           = "Url"
  action                 = "lambda:InvokeFunctionUrl"
  function_name          = aws_lambda_function.admin.function_name
  principal              = "*"
  function_url_auth_type = "NONE"
}

resource "aws_lambda_permission" "invoke" {
  statement_id  = "Invoke"
  action                   = "lambda:InvokeFunction"
  function_name            = aws_lambda_function.admin.function_name
  principal                = "*"
}
