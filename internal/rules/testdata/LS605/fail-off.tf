# want: FAIL aws_cloudtrail.main @3 "trail main does not validate its log files"

resource "aws_cloudtrail" "main" {
  name                       = "main"
  s3_bucket_name             = "trail-bucket"
  is_multi_region_trail      = true
  enable_log_file_validation = false
}
