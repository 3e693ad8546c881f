# want: PASS aws_lambda_capacity_provider.shared @2 "instances are encrypted with arn:aws:kms:eu-west-1:123456789012:key/k"
resource "aws_lambda_capacity_provider" "shared" {
  name        = "shared"
  kms_key_arn = "arn:aws:kms:eu-west-1:123456789012:key/k"
  vpc_config {
    subnet_ids         = ["subnet-1"]
    security_group_ids = ["sg-1"]
  }
  permissions_config {
    capacity_provider_operator_role_arn = "arn:aws:iam::123456789012:role/operator"
  }
}
