# The exclusion strategy leaves functions out.
# want: FAIL aws_config_configuration_recorder.main @4 "configuration recorder main does not record AWS::Lambda::Function"

resource "aws_config_configuration_recorder" "main" {
  name     = "main"
  role_arn = "arn:aws:iam::111122223333:role/config"
  recording_group {
    all_supported = false
    exclusion_by_resource_types {
      resource_types = ["AWS::Lambda::Function"]
    }
    recording_strategy {
      use_only = "EXCLUSION_BY_RESOURCE_TYPES"
    }
  }
}

resource "aws_config_configuration_recorder_status" "main" {
  name       = aws_config_configuration_recorder.main.name
  is_enabled = true
}
