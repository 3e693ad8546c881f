# want: PASS aws_config_configuration_recorder.main @3 "configuration recorder main records AWS::Lambda::Function"

resource "aws_config_configuration_recorder" "main" {
  name     = "main"
  role_arn = "arn:aws:iam::111122223333:role/config"
  recording_group {
    all_supported  = false
    resource_types = ["AWS::Lambda::Function", "AWS::IAM::Role"]
  }
}

resource "aws_config_configuration_recorder_status" "main" {
  name       = aws_config_configuration_recorder.main.name
  is_enabled = true
}
