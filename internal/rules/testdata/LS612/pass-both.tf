# want: PASS aws_inspector2_enabler.lambda @3 "Inspector scans LAMBDA and LAMBDA_CODE"

resource "aws_inspector2_enabler" "lambda" {
  account_ids    = ["111122223333"]
  resource_types = ["LAMBDA", "LAMBDA_CODE"]
}
