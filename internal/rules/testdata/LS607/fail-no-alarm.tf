# The filter matches the versioned names, but no alarm watches its metric,
# and the EventBridge rule has no target: nobody is told.
# want: FAIL account @19 "nothing alerts on AddPermission (CloudTrail event AddPermission20150331v2); metric filter lambda-exposure on trail matches it but no alarm watches its metric; nothing alerts on CreateFunctionUrlConfig (CloudTrail event CreateFunctionUrlConfig20211031); EventBridge rule lambda-url matches it but has no target"

resource "aws_cloudtrail" "main" {
  name                  = "main"
  s3_bucket_name        = "trail-bucket"
  is_multi_region_trail = true
}

resource "aws_cloudwatch_event_rule" "url" {
  name = "lambda-url"
  event_pattern = jsonencode({
    source = ["aws.lambda"]
    detail = { eventName = [{ prefix = "CreateFunctionUrlConfig" }] }
  })
}

resource "aws_cloudwatch_log_metric_filter" "exposure" {
  name           = "lambda-exposure"
  log_group_name = "trail"
  pattern        = "{ ($.eventSource = lambda.amazonaws.com) && (($.eventName = AddPermission*) || ($.eventName = CreateFunctionUrlConfig*)) }"
  metric_transformation {
    name      = "LambdaExposure"
    namespace = "Security"
    value     = "1"
  }
}
