# An advanced selector for every Lambda function but those whose ARN
# starts with a prefix: lambdasec does not model the exclusion, so it
# cannot say the public function is recorded. Before, the selector read
# as "every function" and the rule passed.
# want: UNKNOWN aws_lambda_function.public @12 "cannot be judged whole"

resource "aws_iam_role" "fn" {
  name               = "fn-role"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = "lambda.amazonaws.com" }, Action = "sts:AssumeRole" }] })
}

resource "aws_lambda_function" "public" {
  function_name = "public"
  role          = aws_iam_role.fn.arn
  runtime       = "python3.13"
  handler       = "app.handler"
  s3_bucket     = "artifacts"
  s3_key        = "public.zip"
}

resource "aws_lambda_function_url" "public" {
  function_name      = aws_lambda_function.public.function_name
  authorization_type = "NONE"
}

resource "aws_cloudtrail" "main" {
  name                  = "main"
  s3_bucket_name        = "trail-bucket"
  is_multi_region_trail = true
  advanced_event_selector {
    name = "lambda-but-public"
    field_selector {
      field  = "eventCategory"
      equals = ["Data"]
    }
    field_selector {
      field  = "resources.type"
      equals = ["AWS::Lambda::Function"]
    }
    field_selector {
      field           = "resources.ARN"
      not_starts_with = ["arn:aws:lambda:eu-west-1:111122223333:function:pub"]
    }
  }
}
