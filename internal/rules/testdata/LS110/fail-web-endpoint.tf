# The site's endpoint is ApplicationManaged; the api's is IamAuth, but its
# resource policy lets anyone call it. Both lead to an administrator role.
# want: FAIL aws_lambdaweb_function_endpoint.site -> admin @39:1 "anyone on the internet can call the endpoint prod of Web Function site, which runs Web Function site as role admin, which may do anything in the account"
# severity: aws_lambdaweb_function_endpoint.site -> admin critical
# want: FAIL aws_lambdaweb_function_endpoint.api -> admin @57:1 "Cut: scope the resource policy of Web Function aws_lambdaweb_function.api so it grants lambda:InvokeWebFunctionEndpoint to no one at large"
# severity: aws_lambdaweb_function_endpoint.api -> admin critical
resource "aws_iam_role" "admin" {
  name               = "admin"
  assume_role_policy = "{}"
}

resource "aws_iam_role_policy_attachment" "admin" {
  role       = aws_iam_role.admin.name
  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
}

resource "aws_lambdaweb_function" "site" {
  function_name = "site"
}

resource "aws_lambdaweb_function_revision" "site" {
  function_name = aws_lambdaweb_function.site.function_name
  build_config {
    runtime_config {
      runtime = "nodejs24.x"
    }
    code_config {
      s3_object {
        bucket = "site-code"
        key    = "site.zip"
      }
    }
  }
  service_config {
    execution_role_arn = aws_iam_role.admin.arn
  }
}

resource "aws_lambdaweb_function_endpoint" "site" {
  function_name = aws_lambdaweb_function.site.function_name
  endpoint_name = "prod"
  endpoint_type = "HomeRegion"
  auth_type     = "ApplicationManaged"
}

resource "aws_lambdaweb_function" "api" {
  function_name = "api"
}

resource "aws_lambdaweb_function_revision" "api" {
  function_name = aws_lambdaweb_function.api.function_name
  service_config {
    execution_role_arn = aws_iam_role.admin.arn
  }
}

resource "aws_lambdaweb_resource_policy" "api" {
  resource_arn = aws_lambdaweb_function.api.arn
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = "*"
      Action    = "lambda:InvokeWebFunctionEndpoint"
      Resource  = "*"
    }]
  })
}

resource "aws_lambdaweb_function_endpoint" "api" {
  function_name = aws_lambdaweb_function.api.function_name
  endpoint_name = "prod"
  endpoint_type = "HomeRegion"
  auth_type     = "IamAuth"
}
