# A metric filter with a wildcard and a regular expression, and an alarm on
# its metric.
# want: PASS account @5 "alerts fire on AddPermission and CreateFunctionUrlConfig"

resource "aws_cloudwatch_log_metric_filter" "exposure" {
  name           = "lambda-exposure"
  log_group_name = "trail"
  pattern        = "{ ($.eventSource = lambda.amazonaws.com) && (($.eventName = AddPermission*) || ($.eventName = %CreateFunctionUrlConfig[0-9]+%)) && $.errorCode NOT EXISTS }"
  metric_transformation {
    name      = "LambdaExposure"
    namespace = "Security"
    value     = "1"
  }
}

resource "aws_cloudwatch_metric_alarm" "exposure" {
  alarm_name          = "lambda-exposure"
  namespace           = "Security"
  metric_name         = "LambdaExposure"
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
}
