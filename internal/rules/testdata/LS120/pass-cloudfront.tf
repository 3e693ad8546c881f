# want: PASS aws_lambdaweb_function.site @2 "no statement lets anyone or an untrusted account invoke the endpoints"
resource "aws_lambdaweb_function" "site" {
  function_name = "site"
}
resource "aws_lambdaweb_resource_policy" "site" {
  resource_arn = aws_lambdaweb_function.site.arn
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
