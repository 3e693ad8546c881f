# The admin role runs only a Web Function's revision; it is judged.
# want: FAIL aws_iam_role.site @3:1 "role site (used by Web Function site) may do anything on any resource"
resource "aws_iam_role" "site" {
  name               = "site"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "lambda.amazonaws.com" } }] })
}

resource "aws_iam_role_policy_attachment" "site" {
  role       = aws_iam_role.site.name
  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
}

resource "aws_lambdaweb_function" "site" {
  function_name = "site"
}

resource "aws_lambdaweb_function_revision" "site" {
  function_name = aws_lambdaweb_function.site.function_name
  service_config {
    execution_role_arn = aws_iam_role.site.arn
  }
}
