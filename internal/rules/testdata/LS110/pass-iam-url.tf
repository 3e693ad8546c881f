# The admin function's URL needs IAM authentication: no path. The hello
# function's URL is public, and its role reaches nothing ranked.
# want: PASS aws_lambda_function.hello statement aws_lambda_permission.invoke @59:1 "is open to anyone on the internet, but hello reaches nothing ranked"
# want: PASS aws_lambda_function.hello url @46:1 "URL of hello is open to anyone on the internet, but hello reaches nothing ranked"
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
  authorization_type = "AWS_IAM"
}

resource "aws_iam_role" "hello" {
  name               = "hello"
  assume_role_policy = "{}"
}

resource "aws_iam_role_policy_attachment" "hello" {
  role       = aws_iam_role.hello.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
}

resource "aws_lambda_function" "hello" {
  function_name = "hello"
  role          = aws_iam_role.hello.arn
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
}

resource "aws_lambda_function_url" "hello" {
  function_name      = aws_lambda_function.hello.function_name
  authorization_type = "NONE"
}

resource "aws_lambda_permission" "url" {
  statement_id           = "Url"
  action                 = "lambda:InvokeFunctionUrl"
  function_name          = aws_lambda_function.hello.function_name
  principal              = "*"
  function_url_auth_type = "NONE"
}

resource "aws_lambda_permission" "invoke" {
  statement_id  = "Invoke"
  action                   = "lambda:InvokeFunction"
  function_name            = aws_lambda_function.hello.function_name
  principal                = "*"
}
