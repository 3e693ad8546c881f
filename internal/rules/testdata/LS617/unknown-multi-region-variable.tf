# Whether the trail is multi-Region is a variable with no value: whether
# it records the invocations served in eu-west-1 cannot be told.
# want: UNKNOWN aws_lambdaweb_function_endpoint.global @10 "whether it is multi-Region is not known: is_multi_region_trail: variable multi_region has no default"
variable "multi_region" {}

resource "aws_lambdaweb_function" "site" {
  function_name = "site"
}

resource "aws_lambdaweb_function_endpoint" "global" {
  function_name = aws_lambdaweb_function.site.function_name
  endpoint_name = "prod"
  endpoint_type = "MultiRegion"
  regions       = ["eu-west-1"]
  auth_type     = "IamAuth"
}

resource "aws_cloudtrail" "main" {
  name                  = "main"
  s3_bucket_name        = "trail-bucket"
  is_multi_region_trail = var.multi_region
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
