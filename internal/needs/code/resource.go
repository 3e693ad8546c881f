package code

import (
	"strings"
)

// resourceParams are, per service, the parameters that name what a call
// acts on, in order of preference (compared without regard to case: Go's
// fields are PascalCase where boto3's are camelCase, as in Step
// Functions' stateMachineArn).
var resourceParams = map[string][]string{
	"s3":             {"Bucket"},
	"dynamodb":       {"TableName", "TableArn", "ResourceArn"},
	"sqs":            {"QueueUrl", "QueueName"},
	"sns":            {"TopicArn", "TargetArn", "PhoneNumber"},
	"lambda":         {"FunctionName"},
	"secretsmanager": {"SecretId", "Name"},
	"ssm":            {"Name", "Names", "Path"},
	"kms":            {"KeyId"},
	"kinesis":        {"StreamARN", "StreamName"},
	"firehose":       {"DeliveryStreamName"},
	"states":         {"stateMachineArn", "executionArn"},
	"events":         {"EventBusName"},
	"bedrock":        {"modelId"},
	"logs":           {"logGroupName", "logGroupIdentifier"},
	"sts":            {"RoleArn"},
	"ses":            {"Source", "FromEmailAddress"},
	"cognito-idp":    {"UserPoolId"},
	"athena":         {"WorkGroup"},
	"iot":            {"topic"},
	"rds-data":       {"resourceArn"},
	"execute-api":    {"ConnectionId"},
	"appconfig":      {"ApplicationIdentifier"},
	"scheduler":      {"Name"},
}

// setResource picks the call's resource parameter from its parameters.
func setResource(c *Call) {
	for _, want := range resourceParams[c.Service] {
		for k, v := range c.params {
			if strings.EqualFold(k, want) {
				c.Param, c.Resource = k, v
				delete(c.params, k)
				return
			}
		}
	}
	if len(c.tables) > 0 && c.Service == "dynamodb" {
		c.Param, c.Resource = "TableName", c.tables[0]
	}
}

// param returns the call's parameter named name (without regard to
// case), its resource parameter included.
func (c Call) param(name string) (Value, bool) {
	if strings.EqualFold(c.Param, name) {
		return c.Resource, true
	}
	for k, v := range c.params {
		if strings.EqualFold(k, name) {
			return v, true
		}
	}
	return Value{}, false
}
