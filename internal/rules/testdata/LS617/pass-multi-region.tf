# A multi-Region trail records the data events of every Web Function.
# want: PASS aws_lambdaweb_function_endpoint.global @7 "multi-Region trail main records AWS::Lambda::WebFunction data events (InvokeWebFunctionEndpoint) for Web Function site in every Region the endpoint serves"
resource "aws_lambdaweb_function" "site" {
  function_name = "site"
}

resource "aws_lambdaweb_function_endpoint" "global" {
  function_name = aws_lambdaweb_function.site.function_name
  endpoint_name = "prod"
  endpoint_type = "MultiRegion"
  regions       = ["eu-west-1", "ap-northeast-1"]
  auth_type     = "IamAuth"
}

# A HomeRegion endpoint is not judged: it serves from one Region.
resource "aws_lambdaweb_function_endpoint" "local" {
  function_name = aws_lambdaweb_function.site.function_name
  endpoint_name = "internal"
  endpoint_type = "HomeRegion"
  auth_type     = "IamAuth"
}

resource "aws_cloudtrail" "main" {
  name                  = "main"
  s3_bucket_name        = "trail-bucket"
  is_multi_region_trail = true
  advanced_event_selector {
    name = "Web Function invocations"
    field_selector {
      field  = "eventCategory"
      equals = ["Data"]
    }
    field_selector {
      field  = "resources.type"
      equals = ["AWS::Lambda::WebFunction"]
    }
  }
}
