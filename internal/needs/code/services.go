package code

import (
	"strings"
	"sync"
	"unicode"

	"github.com/lambdasec/lambdasec/internal/iampolicy"
)

// sdkPrefix maps the name an SDK gives a service — a boto3 service name,
// the X of an SDK for JavaScript v3 package @aws-sdk/client-X, a Go
// package of aws-sdk-go-v2/service — to its IAM service prefix, where
// the two differ. Names not listed are their own prefix ("s3", "sqs").
// https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html
var sdkPrefix = map[string]string{
	// boto3
	"stepfunctions": "states", "sesv2": "ses", "dynamodbstreams": "dynamodb",
	"apigatewaymanagementapi": "execute-api", "bedrock-runtime": "bedrock", "bedrock-agent-runtime": "bedrock",
	"sagemaker-runtime": "sagemaker", "appconfigdata": "appconfig", "iot-data": "iot",
	"timestream-write": "timestream", "timestream-query": "timestream", "opensearch": "es",
	"elbv2": "elasticloadbalancing", "elb": "elasticloadbalancing", "s3control": "s3",
	"lexv2-runtime": "lex", "lex-runtime": "lex", "resourcegroupstaggingapi": "tag", "pinpoint": "mobiletargeting",
	// @aws-sdk/client-X
	"sfn": "states", "eventbridge": "events", "cloudwatch-logs": "logs", "cloudwatch-events": "events",
	"secrets-manager": "secretsmanager", "cognito-identity-provider": "cognito-idp", "iot-data-plane": "iot",
	"dynamodb-streams": "dynamodb", "elastic-load-balancing-v2": "elasticloadbalancing", "api-gateway": "apigateway",
	"lib-dynamodb": "dynamodb", "lib-storage": "s3",
	// aws-sdk-go-v2/service/X
	"cloudwatchlogs": "logs", "bedrockruntime": "bedrock", "bedrockagentruntime": "bedrock",
	"cognitoidentityprovider": "cognito-idp", "iotdataplane": "iot", "sagemakerruntime": "sagemaker",
	"elasticloadbalancingv2": "elasticloadbalancing", "timestreamwrite": "timestream", "rdsdata": "rds-data",
	"cloudwatchevents": "events",
}

// v2Classes maps the service classes of the AWS SDK for JavaScript v2
// (new AWS.S3(), require('aws-sdk/clients/s3')) to IAM service prefixes.
var v2Classes = map[string]string{
	"S3": "s3", "DynamoDB": "dynamodb", "SQS": "sqs", "SNS": "sns", "Lambda": "lambda", "StepFunctions": "states",
	"EventBridge": "events", "CloudWatchEvents": "events", "CloudWatchLogs": "logs", "CloudWatch": "cloudwatch",
	"SecretsManager": "secretsmanager", "SSM": "ssm", "KMS": "kms", "Kinesis": "kinesis", "Firehose": "firehose",
	"SES": "ses", "SESV2": "ses", "STS": "sts", "CognitoIdentityServiceProvider": "cognito-idp",
	"ApiGatewayManagementApi": "execute-api", "Athena": "athena", "Glue": "glue", "Rekognition": "rekognition",
	"Textract": "textract", "Comprehend": "comprehend", "Translate": "translate", "EC2": "ec2", "IAM": "iam",
	"XRay": "xray", "IotData": "iot", "SageMakerRuntime": "sagemaker", "ECS": "ecs", "ECR": "ecr",
	"CodePipeline": "codepipeline", "Route53": "route53", "ACM": "acm", "DynamoDBStreams": "dynamodb",
	"Polly": "polly", "Batch": "batch", "CloudFormation": "cloudformation", "Organizations": "organizations",
	"RDSDataService": "rds-data", "Pinpoint": "mobiletargeting", "AppConfigData": "appconfig",
}

// prefixOf returns the IAM service prefix of an SDK's service name.
func prefixOf(sdkName string) string {
	n := strings.ToLower(sdkName)
	if p, ok := sdkPrefix[n]; ok {
		return p
	}
	return n
}

// operationActions lists the API operations whose IAM actions are not
// the operation's own name ("prefix:Operation"), from the Service
// Authorization Reference's tables and the services' guides:
//   - S3: https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html
//     and https://docs.aws.amazon.com/AmazonS3/latest/userguide/using-with-s3-policy-actions.html
//     (ListObjectsV2 and HeadBucket need s3:ListBucket, HeadObject
//     s3:GetObject, the multipart upload steps s3:PutObject, CopyObject
//     s3:GetObject on the source as well)
//   - DynamoDB transactions: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/transaction-apis-iam.html
//     (their items are authorised through PutItem, UpdateItem, DeleteItem,
//     GetItem and ConditionCheckItem)
//   - SQS batch calls: https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-api-permissions-reference.html
//   - Lambda Invoke: https://docs.aws.amazon.com/service-authorization/latest/reference/list_awslambda.html
//   - STS GetCallerIdentity needs no permission:
//     https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html
//   - Bedrock Converse: https://docs.aws.amazon.com/bedrock/latest/userguide/conversation-inference-call.html
//   - API Gateway connections: https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-control-access-iam.html
//   - AppConfig data: https://docs.aws.amazon.com/appconfig/latest/userguide/appconfig-retrieving-the-configuration.html
//
// An empty list means the operation needs no permission.
var operationActions = map[string][]string{
	"s3:ListBuckets":                        {"s3:ListAllMyBuckets"},
	"s3:ListObjectsV2":                      {"s3:ListBucket"},
	"s3:ListObjects":                        {"s3:ListBucket"},
	"s3:ListObjectVersions":                 {"s3:ListBucketVersions"},
	"s3:HeadObject":                         {"s3:GetObject"},
	"s3:HeadBucket":                         {"s3:ListBucket"},
	"s3:GetObjectAttributes":                {"s3:GetObject", "s3:GetObjectAttributes"},
	"s3:SelectObjectContent":                {"s3:GetObject"},
	"s3:CopyObject":                         {"s3:PutObject", "s3:GetObject"},
	"s3:UploadPartCopy":                     {"s3:PutObject", "s3:GetObject"},
	"s3:CreateMultipartUpload":              {"s3:PutObject"},
	"s3:UploadPart":                         {"s3:PutObject"},
	"s3:CompleteMultipartUpload":            {"s3:PutObject"},
	"s3:ListMultipartUploads":               {"s3:ListBucketMultipartUploads"},
	"s3:ListParts":                          {"s3:ListMultipartUploadParts"},
	"s3:DeleteObjects":                      {"s3:DeleteObject"},
	"s3:UploadFile":                         {"s3:PutObject"},
	"s3:DownloadFile":                       {"s3:GetObject"},
	"s3:PutBucketNotificationConfiguration": {"s3:PutBucketNotification"},
	"s3:GetBucketNotificationConfiguration": {"s3:GetBucketNotification"},
	"s3:PutBucketLifecycleConfiguration":    {"s3:PutLifecycleConfiguration"},
	"s3:GetBucketLifecycleConfiguration":    {"s3:GetLifecycleConfiguration"},
	"s3:DeleteBucketLifecycle":              {"s3:PutLifecycleConfiguration"},
	"s3:PutBucketEncryption":                {"s3:PutEncryptionConfiguration"},
	"s3:GetBucketEncryption":                {"s3:GetEncryptionConfiguration"},
	"dynamodb:TransactWriteItems":           {"dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:ConditionCheckItem"},
	"dynamodb:TransactGetItems":             {"dynamodb:GetItem"},
	"sqs:SendMessageBatch":                  {"sqs:SendMessage"},
	"sqs:DeleteMessageBatch":                {"sqs:DeleteMessage"},
	"sqs:ChangeMessageVisibilityBatch":      {"sqs:ChangeMessageVisibility"},
	"sns:PublishBatch":                      {"sns:Publish"},
	"lambda:Invoke":                         {"lambda:InvokeFunction"},
	"lambda:InvokeAsync":                    {"lambda:InvokeFunction"},
	"lambda:InvokeWithResponseStream":       {"lambda:InvokeFunction"},
	"sts:GetCallerIdentity":                 {},
	"bedrock:Converse":                      {"bedrock:InvokeModel"},
	"bedrock:ConverseStream":                {"bedrock:InvokeModelWithResponseStream"},
	"execute-api:PostToConnection":          {"execute-api:ManageConnections"},
	"execute-api:GetConnection":             {"execute-api:ManageConnections"},
	"execute-api:DeleteConnection":          {"execute-api:ManageConnections"},
	"appconfig:StartConfigurationSession":   {"appconfig:StartConfigurationSession"},
	"rds-data:BatchExecuteStatement":        {"rds-data:BatchExecuteStatement"},
	"kinesis:PutRecords":                    {"kinesis:PutRecords"},
}

// actionsFor returns the IAM actions an operation of a service needs,
// spelt as the action catalogue spells them (rds:DescribeDBInstances for
// boto3's describe_db_instances), and false when the catalogue holds the
// service's actions and none is the operation's: the method called is
// then no API operation (a client's name reused for something else, a
// helper of the SDK), and the call is not kept.
func actionsFor(prefix, op string) ([]string, bool) {
	if !servicePrefix(prefix) || op == "" {
		// boto3.resource('') or ('a:b'), a method with no name: no
		// service's API.
		return nil, false
	}
	if a, ok := operationActions[prefix+":"+op]; ok {
		return a, true
	}
	name, ok := canonical(prefix + ":" + op)
	return []string{name}, ok
}

// catalogued is what the action catalogue says of an action name.
type catalogued struct {
	name  string
	known bool
}

// canonicalNames memoizes canonical.
var canonicalNames sync.Map // string -> catalogued

// canonical returns the catalogue's spelling of an action (the action as
// given when the catalogue does not hold it), and false when the
// catalogue holds the service's actions and not this one.
func canonical(action string) (string, bool) {
	if v, ok := canonicalNames.Load(action); ok {
		c := v.(catalogued)
		return c.name, c.known
	}
	cat := iampolicy.Actions()
	c := catalogued{name: action, known: cat.CheckAction(action) != iampolicy.ActionUnknown}
	if acts, _ := cat.Expand(action); len(acts) == 1 {
		c.name = acts[0]
	}
	canonicalNames.Store(action, c)
	return c.name, c.known
}

// documentOps maps the DynamoDB document client's methods (SDK for
// JavaScript v2 DocumentClient and v3 DynamoDBDocument, and the v3
// lib-dynamodb commands without "Command") to DynamoDB operations.
// https://docs.aws.amazon.com/AWSJavaScriptSDK/latest/AWS/DynamoDB/DocumentClient.html
var documentOps = map[string]string{
	"put": "PutItem", "get": "GetItem", "update": "UpdateItem", "delete": "DeleteItem", "query": "Query", "scan": "Scan",
	"batchwrite": "BatchWriteItem", "batchget": "BatchGetItem", "transactwrite": "TransactWriteItems",
	"transactget": "TransactGetItems", "executestatement": "ExecuteStatement", "batchexecutestatement": "BatchExecuteStatement",
	"executetransaction": "ExecuteTransaction",
}

// waiterOps maps waiter names (boto3's snake_case, the SDKs' camelCase
// and PascalCase all fold to the same lower-case key without
// underscores) to the operation the waiter polls, from the services'
// waiter definitions (botocore's data/*/waiters-2.json).
var waiterOps = map[string]string{
	"s3:objectexists": "HeadObject", "s3:objectnotexists": "HeadObject", "s3:bucketexists": "HeadBucket", "s3:bucketnotexists": "HeadBucket",
	"dynamodb:tableexists": "DescribeTable", "dynamodb:tablenotexists": "DescribeTable",
	"lambda:functionactive": "GetFunctionConfiguration", "lambda:functionupdated": "GetFunctionConfiguration",
	"lambda:functionexists": "GetFunction", "lambda:functionactivev2": "GetFunction", "lambda:functionupdatedv2": "GetFunction",
	"lambda:publishedversionactive": "GetFunctionConfiguration",
	"states:executionsucceeded":     "DescribeExecution",
	"kinesis:streamexists":          "DescribeStream", "kinesis:streamnotexists": "DescribeStream",
	"ec2:instancerunning": "DescribeInstances", "ec2:instancestopped": "DescribeInstances", "ec2:instanceterminated": "DescribeInstances",
	"cloudformation:stackcreatecomplete": "DescribeStacks", "cloudformation:stackupdatecomplete": "DescribeStacks",
	"cloudformation:stackdeletecomplete": "DescribeStacks", "cloudformation:stackexists": "DescribeStacks",
	"ecs:servicesstable": "DescribeServices", "ecs:tasksrunning": "DescribeTasks", "ecs:tasksstopped": "DescribeTasks",
	"athena:queryexecutioncompleted": "GetQueryExecution",
	"glue:jobruncomplete":            "GetJobRun",
	"sqs:queueexists":                "GetQueueUrl",
}

// waiterOp returns the operation a waiter of the service polls, or "".
func waiterOp(prefix, name string) string {
	key := strings.ToLower(strings.ReplaceAll(name, "_", ""))
	key = strings.TrimPrefix(strings.TrimPrefix(key, "waituntil"), "waitfor")
	return waiterOps[prefix+":"+key]
}

// pascal turns a method name as an SDK spells it — boto3's snake_case
// ("list_objects_v2"), JavaScript's camelCase ("putObject") — into the
// API operation's PascalCase name ("ListObjectsV2", "PutObject").
// Acronyms the API capitalises ("DBInstances") come out as words
// ("DbInstances"); IAM matches action names without regard to case.
func pascal(method string) string {
	var b strings.Builder
	up := true
	for _, r := range method {
		if r == '_' {
			up = true
			continue
		}
		if up {
			b.WriteRune(unicode.ToUpper(r))
			up = false
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// servicePrefix reports whether p can be an IAM service prefix: lower-case
// letters, digits and hyphens ("s3", "rds-data"), as the Service
// Authorization Reference spells them.
// https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html
func servicePrefix(p string) bool {
	if p == "" {
		return false
	}
	for _, r := range p {
		if !('a' <= r && r <= 'z' || '0' <= r && r <= '9' || r == '-') {
			return false
		}
	}
	return true
}
