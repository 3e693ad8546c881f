# No trail in this module: the account's trail is judged by scan --aws.
# want: UNKNOWN account @1:1 "the template defines no CloudTrail trail"

resource "aws_sqs_queue" "jobs" {
  name = "jobs"
}
