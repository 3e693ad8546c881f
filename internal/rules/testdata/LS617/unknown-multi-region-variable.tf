# Whether the trail is multi-Region is a variable with no value: whether
# it records the invocations served in eu-west-1 cannot be told.
# The second endpoint's type is a variable with no value: the Regions it
# serves are not known.
# want: UNKNOWN aws_lambdaweb_function_endpoint.chosen @22 "endpoint_type: variable placement has no default"
# want: UNKNOWN aws_lambdaweb_function_endpoint.global @14 "whether it is multi-Region is not known: is_multi_region_trail: variable multi_region has no default"
variable "multi_region" {}
variable "placement" {}

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

resource "aws_lambdaweb_function_endpoint" "chosen" {
  function_name = aws_lambdaweb_function.site.function_name
  endpoint_name = "chosen"
  endpoint_type = var.placement
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
