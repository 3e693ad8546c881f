# want: PASS module.worker.aws_lambda_function.this[0] @6 "every service permission names its sourc"
resource "aws_sns_topic" "events" {
  name = "events"
}

module "worker" {
  source  = "terraform-aws-modules/lambda/aws"
  version = "~> 8.0"

  function_name = "worker"
  handler       = "index.handler"
  runtime       = "nodejs22.x"

  allowed_triggers = {
    Topic = {
      service    = "sns"
      source_arn = aws_sns_topic.events.arn
    }
  }
}
