# want: FAIL aws_lambda_capacity_provider.shared @3 "encrypted only with an AWS managed key"
# severity: aws_lambda_capacity_provider.shared low
resource "aws_lambda_capacity_provider" "shared" {
  name = "shared"
  vpc_config {
    subnet_ids         = ["subnet-1"]
    security_group_ids = ["sg-1"]
  }
  permissions_config {
    capacity_provider_operator_role_arn = "arn:aws:iam::123456789012:role/operator"
  }
}
