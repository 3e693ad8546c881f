# The principal is a variable with no default: who it admits cannot be told.
# want: UNKNOWN aws_lambdaweb_function.site @4 "a statement's reach cannot be judged"
variable "caller" {}
resource "aws_lambdaweb_function" "site" {
  function_name = "site"
}
resource "aws_lambdaweb_resource_policy" "site" {
  resource_arn = aws_lambdaweb_function.site.arn
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = var.caller }
      Action    = "lambda:InvokeWebFunctionEndpoint"
      Resource  = "*"
    }]
  })
}
