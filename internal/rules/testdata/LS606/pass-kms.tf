# want: PASS aws_cloudtrail.main @7 "log files are encrypted with KMS key arn:aws:kms:${AWS::Region}:${AWS::AccountId}:key/${aws_kms_key.trail}"

resource "aws_kms_key" "trail" {
  enable_key_rotation = true
}

resource "aws_cloudtrail" "main" {
  name                  = "main"
  s3_bucket_name        = "trail-bucket"
  is_multi_region_trail = true
  kms_key_id            = aws_kms_key.trail.arn
}
