# No trail in this module: the account's trail is judged by scan --aws.
# want: UNKNOWN account @- "the template defines no CloudTrail trail"

resource "aws_sqs_queue" "jobs" {
  name = "jobs"
}
