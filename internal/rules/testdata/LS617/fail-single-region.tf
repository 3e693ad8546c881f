# The only trail that records Web Function data events is single-Region:
# the PerRegion endpoint's invocations served in eu-west-1 are recorded
# nowhere.
# want: FAIL aws_lambdaweb_function_endpoint.regional @9 "only single-Region trail web (the home Region) records AWS::Lambda::WebFunction data events (InvokeWebFunctionEndpoint) for Web Function site: its invocations served in eu-west-1 are not recorded"
resource "aws_lambdaweb_function" "site" {
  function_name = "site"
}

resource "aws_lambdaweb_function_endpoint" "regional" {
  function_name = aws_lambdaweb_function.site.function_name
  endpoint_name = "prod"
  endpoint_type = "PerRegion"
  regions       = ["eu-west-1"]
  auth_type     = "IamAuth"
}

resource "aws_cloudtrail" "web" {
  name           = "web"
  s3_bucket_name = "trail-bucket"
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
