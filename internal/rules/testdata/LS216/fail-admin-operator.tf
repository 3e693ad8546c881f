# want: FAIL aws_lambda_capacity_provider.shared @10 "operator role operator may do anything (full administrator access)"
resource "aws_iam_role" "operator" {
  name = "operator"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "lambda.amazonaws.com" } }] })
}
resource "aws_iam_role_policy_attachment" "admin" {
  role       = aws_iam_role.operator.name
  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
}
resource "aws_lambda_capacity_provider" "shared" {
  name = "shared"
  vpc_config {
    subnet_ids         = ["subnet-1"]
    security_group_ids = ["sg-1"]
  }
  permissions_config {
    capacity_provider_operator_role_arn = aws_iam_role.operator.arn
  }
}
