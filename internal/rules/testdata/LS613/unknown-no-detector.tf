# want: UNKNOWN account @- "the template defines no GuardDuty detector"

resource "aws_sqs_queue" "jobs" {
  name = "jobs"
}
