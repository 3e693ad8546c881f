# want: FAIL aws_lambdaweb_function.site @8 "anyone may invoke the endpoints of site"
# severity: aws_lambdaweb_function.site critical
# want: FAIL aws_lambdaweb_function.partner @23 "untrusted accounts 999988887777 may invoke the endpoints of partner"
# severity: aws_lambdaweb_function.partner high
resource "aws_lambdaweb_function" "site" {
  function_name = "site"
}
resource "aws_lambdaweb_resource_policy" "site" {
  resource_arn = aws_lambdaweb_function.site.arn
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
resource "aws_lambdaweb_function" "partner" {
  function_name = "partner"
}
resource "aws_lambdaweb_resource_policy" "partner" {
  resource_arn = aws_lambdaweb_function.partner.arn
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::999988887777:root" }
      Action    = "lambda:InvokeWebFunctionEndpoint"
      Resource  = "*"
    }]
  })
}
