# An advanced selector that records read-only management events only:
# AddPermission, UpdateFunctionCode and every other change is a write, so
# none of them is recorded.
# want: FAIL account @6 "none of the 1 trails is a logging, multi-region trail that records management events"

resource "aws_cloudtrail" "reads" {
  name                  = "reads"
  s3_bucket_name        = "trail-bucket"
  is_multi_region_trail = true
  advanced_event_selector {
    name = "read-only management"
    field_selector {
      field  = "eventCategory"
      equals = ["Management"]
    }
    field_selector {
      field  = "readOnly"
      equals = ["true"]
    }
  }
}
