# A multi-region trail that records only S3 data events leaves out every
# management event.
# want: FAIL account @5 "none of the 1 trails is a logging, multi-region trail that records management events"

resource "aws_cloudtrail" "data_only" {
  name                  = "data-only"
  s3_bucket_name        = "trail-bucket"
  is_multi_region_trail = true
  event_selector {
    include_management_events = false
    data_resource {
      type   = "AWS::S3::Object"
      values = ["arn:aws:s3"]
    }
  }
}
