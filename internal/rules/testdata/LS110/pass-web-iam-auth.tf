# The admin Web Function's endpoint needs IAM authentication and its
# resource policy admits only CloudFront for one distribution: no path. The
# docs endpoint is ApplicationManaged, and its role reaches nothing ranked.
# want: PASS aws_lambdaweb_function_endpoint.docs @68:1 "endpoint prod of Web Function docs is open to anyone on the internet, but Web Function docs reaches nothing ranked"
resource "aws_iam_role" "admin" {
  name               = "admin"
  assume_role_policy = "{}"
}

resource "aws_iam_role_policy_attachment" "admin" {
  role       = aws_iam_role.admin.name
  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
}

resource "aws_lambdaweb_function" "admin" {
  function_name = "admin"
}

resource "aws_lambdaweb_function_revision" "admin" {
  function_name = aws_lambdaweb_function.admin.function_name
  service_config {
    execution_role_arn = aws_iam_role.admin.arn
  }
}

resource "aws_lambdaweb_resource_policy" "admin" {
  resource_arn = aws_lambdaweb_function.admin.arn
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "cloudfront.amazonaws.com" }
      Action    = "lambda:InvokeWebFunctionEndpoint"
      Resource  = "*"
      Condition = { ArnLike = { "aws:SourceArn" = "arn:aws:cloudfront::123456789012:distribution/EDFDVBD6EXAMPLE" } }
    }]
  })
}

resource "aws_lambdaweb_function_endpoint" "admin" {
  function_name = aws_lambdaweb_function.admin.function_name
  endpoint_name = "prod"
  endpoint_type = "HomeRegion"
  auth_type     = "IamAuth"
}

resource "aws_iam_role" "docs" {
  name               = "docs"
  assume_role_policy = "{}"
}

resource "aws_iam_role_policy_attachment" "docs" {
  role       = aws_iam_role.docs.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
}

resource "aws_lambdaweb_function" "docs" {
  function_name = "docs"
}

resource "aws_lambdaweb_function_revision" "docs" {
  function_name = aws_lambdaweb_function.docs.function_name
  service_config {
    execution_role_arn = aws_iam_role.docs.arn
  }
}

resource "aws_lambdaweb_function_endpoint" "docs" {
  function_name = aws_lambdaweb_function.docs.function_name
  endpoint_name = "prod"
  endpoint_type = "HomeRegion"
  auth_type     = "ApplicationManaged"
}
