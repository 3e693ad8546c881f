# Advanced event selectors that select only Lambda data events: a trail
# with advanced selectors records management events only when one selects
# eventCategory = Management, so AddPermission goes unrecorded.
# want: FAIL account @6 "none of the 1 trails is a logging, multi-region trail that records management events"

resource "aws_cloudtrail" "invocations" {
  name                  = "invocations"
  s3_bucket_name        = "trail-bucket"
  is_multi_region_trail = true
  advanced_event_selector {
    name = "lambda-data"
    field_selector {
      field  = "eventCategory"
      equals = ["Data"]
    }
    field_selector {
      field  = "resources.type"
      equals = ["AWS::Lambda::Function"]
    }
  }
}
