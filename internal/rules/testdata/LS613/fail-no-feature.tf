# want: FAIL aws_guardduty_detector.main @3 "does not turn on LAMBDA_NETWORK_LOGS"

resource "aws_guardduty_detector" "main" {
  enable = true
}
