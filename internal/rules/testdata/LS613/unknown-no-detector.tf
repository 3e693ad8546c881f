# want: UNKNOWN account @1:1 "the template defines no GuardDuty detector"

resource "aws_sqs_queue" "jobs" {
  name = "jobs"
}
