# A call of terraform-aws-modules/lambda/aws whose allowed_triggers let a
# service invoke the function without naming the source.
# want: FAIL module.worker.aws_lambda_function.this[0] @13 "sns.amazonaws.com"
module "worker" {
  source  = "terraform-aws-modules/lambda/aws"
  version = "~> 8.0"

  function_name = "worker"
  handler       = "index.handler"
  runtime       = "nodejs22.x"

  allowed_triggers = {
    Topic = {
      service = "sns"
    }
  }
}
