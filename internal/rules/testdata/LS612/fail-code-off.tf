# want: FAIL aws_inspector2_enabler.lambda @3 "the Inspector enabler leaves out LAMBDA_CODE"

resource "aws_inspector2_enabler" "lambda" {
  account_ids    = ["111122223333"]
  resource_types = ["EC2", "LAMBDA"]
}
