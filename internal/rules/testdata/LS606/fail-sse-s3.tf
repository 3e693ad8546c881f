# want: FAIL aws_cloudtrail.main @3 "trail main log files are encrypted with S3-managed keys only"

resource "aws_cloudtrail" "main" {
  name                  = "main"
  s3_bucket_name        = "trail-bucket"
  is_multi_region_trail = true
}
