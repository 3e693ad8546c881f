# Advanced event selectors with eventCategory = Management.
# want: PASS account @4 "multi-region trail main records Lambda management events"

resource "aws_cloudtrail" "main" {
  name                  = "main"
  s3_bucket_name        = "trail-bucket"
  is_multi_region_trail = true
  advanced_event_selector {
    name = "management"
    field_selector {
      field  = "eventCategory"
      equals = ["Management"]
    }
  }
}
