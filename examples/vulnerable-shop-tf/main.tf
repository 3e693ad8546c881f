# vulnerable-shop in Terraform: the same DELIBERATELY VULNERABLE application as
# ../vulnerable-shop/template.yaml (modelled on DVSA), for showing that lambdasec finds the same
# exposure paths in Terraform. Do not apply it.

data "aws_iam_policy_document" "trust" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "admin" {
  name               = "shop-admin"
  assume_role_policy = data.aws_iam_policy_document.trust.json
}

resource "aws_iam_role_policy_attachment" "admin" {
  role       = aws_iam_role.admin.name
  policy_arn = "arn:aws:iam::aws:policy/AWSLambda_FullAccess"
}

resource "aws_iam_role" "orders" {
  name               = "shop-orders"
  assume_role_policy = data.aws_iam_policy_document.trust.json
}

resource "aws_iam_role_policy_attachment" "orders" {
  role       = aws_iam_role.orders.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AWSLambdaRole"
}

resource "aws_iam_role" "receipts" {
  name               = "shop-receipts"
  assume_role_policy = data.aws_iam_policy_document.trust.json
}

resource "aws_iam_role_policy_attachment" "receipts" {
  role       = aws_iam_role.receipts.name
  policy_arn = "arn:aws:iam::aws:policy/AmazonS3FullAccess"
}

resource "aws_iam_role" "authorizer" {
  name               = "shop-authorizer"
  assume_role_policy = data.aws_iam_policy_document.trust.json
}

resource "aws_lambda_function" "authorizer" {
  function_name = "shop-authorizer"
  role          = aws_iam_role.authorizer.arn
  runtime       = "python3.13"
  handler       = "app.authorize"
  filename      = "app.zip"
}

resource "aws_lambda_function" "admin" {
  function_name = "shop-admin"
  role          = aws_iam_role.admin.arn
  runtime       = "python3.13"
  handler       = "app.admin"
  filename      = "app.zip"
}

resource "aws_lambda_function" "orders" {
  function_name = "shop-orders"
  role          = aws_iam_role.orders.arn
  runtime       = "python3.13"
  handler       = "app.orders"
  filename      = "app.zip"
}

resource "aws_lambda_function" "receipts" {
  function_name = "shop-receipts"
  role          = aws_iam_role.receipts.arn
  runtime       = "python3.13"
  handler       = "app.receipt"
  filename      = "app.zip"
}

# --- the API: an authorizer defined, attached to no method --------------------------------
resource "aws_api_gateway_rest_api" "shop" {
  name = "vulnerable-shop"
}

resource "aws_api_gateway_authorizer" "token" {
  name           = "TokenAuthorizer"
  rest_api_id    = aws_api_gateway_rest_api.shop.id
  authorizer_uri = aws_lambda_function.authorizer.invoke_arn
}

resource "aws_api_gateway_resource" "admin" {
  rest_api_id = aws_api_gateway_rest_api.shop.id
  parent_id   = aws_api_gateway_rest_api.shop.root_resource_id
  path_part   = "admin"
}

resource "aws_api_gateway_method" "admin" {
  rest_api_id   = aws_api_gateway_rest_api.shop.id
  resource_id   = aws_api_gateway_resource.admin.id
  http_method   = "POST"
  authorization = "NONE"
}

resource "aws_api_gateway_integration" "admin" {
  rest_api_id             = aws_api_gateway_rest_api.shop.id
  resource_id             = aws_api_gateway_resource.admin.id
  http_method             = "POST"
  type                    = "AWS_PROXY"
  integration_http_method = "POST"
  uri                     = aws_lambda_function.admin.invoke_arn
}

resource "aws_api_gateway_resource" "orders" {
  rest_api_id = aws_api_gateway_rest_api.shop.id
  parent_id   = aws_api_gateway_rest_api.shop.root_resource_id
  path_part   = "orders"
}

resource "aws_api_gateway_method" "orders" {
  rest_api_id   = aws_api_gateway_rest_api.shop.id
  resource_id   = aws_api_gateway_resource.orders.id
  http_method   = "GET"
  authorization = "NONE"
}

resource "aws_api_gateway_integration" "orders" {
  rest_api_id             = aws_api_gateway_rest_api.shop.id
  resource_id             = aws_api_gateway_resource.orders.id
  http_method             = "GET"
  type                    = "AWS_PROXY"
  integration_http_method = "POST"
  uri                     = aws_lambda_function.orders.invoke_arn
}

resource "aws_lambda_permission" "admin_api" {
  statement_id  = "ApiInvoke"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.admin.function_name
  principal     = "apigateway.amazonaws.com"
  source_arn    = "${aws_api_gateway_rest_api.shop.execution_arn}/*"
}

resource "aws_lambda_permission" "orders_api" {
  statement_id  = "ApiInvoke"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.orders.function_name
  principal     = "apigateway.amazonaws.com"
  source_arn    = "${aws_api_gateway_rest_api.shop.execution_arn}/*"
}

# --- the receipts bucket: anyone uploads, every upload runs shop-receipts ------------------
resource "aws_s3_bucket" "receipts" {
  bucket = "vulnerable-shop-receipts"
}

resource "aws_s3_bucket_public_access_block" "receipts" {
  bucket                  = aws_s3_bucket.receipts.id
  block_public_acls       = false
  ignore_public_acls      = false
  block_public_policy     = false
  restrict_public_buckets = false
}

resource "aws_s3_bucket_policy" "receipts" {
  bucket = aws_s3_bucket.receipts.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "AnyoneUploads"
      Effect    = "Allow"
      Principal = "*"
      Action    = "s3:PutObject"
      Resource  = "${aws_s3_bucket.receipts.arn}/*"
    }]
  })
}

resource "aws_lambda_permission" "receipts_s3" {
  statement_id   = "S3Invoke"
  action         = "lambda:InvokeFunction"
  function_name  = aws_lambda_function.receipts.function_name
  principal      = "s3.amazonaws.com"
  source_arn     = aws_s3_bucket.receipts.arn
  source_account = "111122223333"
}

resource "aws_s3_bucket_notification" "receipts" {
  bucket = aws_s3_bucket.receipts.id
  lambda_function {
    lambda_function_arn = aws_lambda_function.receipts.arn
    events              = ["s3:ObjectCreated:*"]
  }
}
