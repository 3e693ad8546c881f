# lambda:Invoke* and lambda:* cover lambda:InvokeWebFunctionEndpoint: a
# grant of either to "*" opens the endpoints as the action itself does.
# want: FAIL aws_lambdaweb_function.shop @10 "anyone may invoke the endpoints of shop"
# severity: aws_lambdaweb_function.shop critical
# want: FAIL aws_lambdaweb_function.admin @25 "anyone may invoke the endpoints of admin"
# severity: aws_lambdaweb_function.admin critical
resource "aws_lambdaweb_function" "shop" {
  function_name = "shop"
}
resource "aws_lambdaweb_resource_policy" "shop" {
  resource_arn = aws_lambdaweb_function.shop.arn
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = "*"
      Action    = "lambda:Invoke*"
      Resource  = "*"
    }]
  })
}
resource "aws_lambdaweb_function" "admin" {
  function_name = "admin"
}
resource "aws_lambdaweb_resource_policy" "admin" {
  resource_arn = aws_lambdaweb_function.admin.arn
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = "*"
      Action    = "lambda:*"
      Resource  = "*"
    }]
  })
}
