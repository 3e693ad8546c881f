# The bootstrap layer is the module's own; the other function runs on a
# Lambda-managed runtime.
# want: PASS aws_lambda_function.php @11 "runs the function's own bootstrap or one from layers of the estate"
# want: PASS aws_lambda_function.py @21 "runs on the Lambda-managed runtime python3.13"

resource "aws_iam_role" "fn" {
  name               = "fn-role"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = "lambda.amazonaws.com" }, Action = "sts:AssumeRole" }] })
}

resource "aws_lambda_function" "php" {
  function_name = "php"
  role          = aws_iam_role.fn.arn
  runtime       = "provided.al2023"
  handler       = "bootstrap"
  s3_bucket     = "artifacts"
  s3_key        = "php.zip"
  layers        = [aws_lambda_layer_version.php.arn]
}

resource "aws_lambda_function" "py" {
  function_name = "py"
  role          = aws_iam_role.fn.arn
  runtime       = "python3.13"
  handler       = "app.handler"
  s3_bucket     = "artifacts"
  s3_key        = "py.zip"
}

resource "aws_lambda_layer_version" "php" {
  layer_name = "php-runtime"
  s3_bucket  = "artifacts"
  s3_key     = "php-layer.zip"
}
