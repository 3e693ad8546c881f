package iampolicy

import "strings"

// Probe resources: ARNs that name a resource of a kind without naming any
// real one, so that an identity policy covering the probe covers every
// resource of that kind in the account ("on *"). {account} and {region}
// are replaced by ProbeARN.
var probes = map[string]string{
	"role":        "arn:aws:iam::{account}:role/lambdasec-any-role",
	"user":        "arn:aws:iam::{account}:user/lambdasec-any-user",
	"group":       "arn:aws:iam::{account}:group/lambdasec-any-group",
	"policy":      "arn:aws:iam::{account}:policy/lambdasec-any-policy",
	"function":    "arn:aws:lambda:{region}:{account}:function:lambdasec-any-function",
	"layer":       "arn:aws:lambda:{region}:{account}:layer:lambdasec-any-layer:1",
	"instance":    "arn:aws:ec2:{region}:{account}:instance/i-0lambdasecany",
	"stack":       "arn:aws:cloudformation:{region}:{account}:stack/lambdasec-any-stack/any",
	"object":      "arn:aws:s3:::lambdasec-any-bucket/any-key",
	"bucket":      "arn:aws:s3:::lambdasec-any-bucket",
	"table":       "arn:aws:dynamodb:{region}:{account}:table/lambdasec-any-table",
	"secret":      "arn:aws:secretsmanager:{region}:{account}:secret:lambdasec-any-AbCdEf",
	"key":         "arn:aws:kms:{region}:{account}:key/00000000-0000-0000-0000-000000000000",
	"parameter":   "arn:aws:ssm:{region}:{account}:parameter/lambdasec-any",
	"queue":       "arn:aws:sqs:{region}:{account}:lambdasec-any-queue",
	"topic":       "arn:aws:sns:{region}:{account}:lambdasec-any-topic",
	"devendpoint": "arn:aws:glue:{region}:{account}:devEndpoint/lambdasec-any",
	"pipeline":    "arn:aws:datapipeline:{region}:{account}:pipeline/df-lambdasecany",
	"project":     "arn:aws:codebuild:{region}:{account}:project/lambdasec-any",
	"notebook":    "arn:aws:sagemaker:{region}:{account}:notebook-instance/lambdasec-any",
	"repository":  "arn:aws:ecr:{region}:{account}:repository/lambdasec-any",
	"log-group":   "arn:aws:logs:{region}:{account}:log-group:lambdasec-any",
	"event-bus":   "arn:aws:events:{region}:{account}:event-bus/default",
	"cluster":     "arn:aws:rds:{region}:{account}:cluster:lambdasec-any",
	"db-user":     "arn:aws:rds-db:{region}:{account}:dbuser:cluster-ANY/lambdasec",
	"redshift":    "arn:aws:redshift:{region}:{account}:dbuser:lambdasec-any/lambdasec",
	"task":        "arn:aws:ecs:{region}:{account}:task-definition/lambdasec-any:1",
	"any":         "*",
}

// ProbeARN returns the probe resource of kind ("role", "table"...) in the
// given account and region, or "*" for an unknown kind.
func ProbeARN(kind, account, region string) string {
	p, ok := probes[kind]
	if !ok {
		return "*"
	}
	return strings.ReplaceAll(strings.ReplaceAll(p, "{account}", account), "{region}", region)
}

// Step is one permission a risk needs: an action on a resource of a kind.
type Step struct {
	Action string
	Kind   string
}

// Risk is a known way a set of permissions can be abused, and the
// permissions it takes (all of Steps, on any resource of their kinds).
type Risk struct {
	ID          string
	Title       string
	Explanation string
	Steps       []Step
}

// Categories of risk, as lambdasec reports them.
const (
	CategoryEscalation = "privilege escalation"
	CategoryExposure   = "resource exposure"
	CategoryCredential = "credential exposure"
	CategoryData       = "data access"
)

// Escalations is the catalogue of IAM privilege-escalation methods, after
// Rhino Security Labs' "AWS IAM Privilege Escalation - Methods and
// Mitigation" (https://rhinosecuritylabs.com/aws/aws-privilege-escalation-methods-mitigation/)
// and AWS's own guidance on iam:PassRole
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html).
var Escalations = []Risk{
	{ID: "create-policy-version", Title: "create a new default version of a managed policy", Steps: []Step{{"iam:CreatePolicyVersion", "policy"}},
		Explanation: "iam:CreatePolicyVersion with --set-as-default rewrites any customer managed policy, including the role's own, to grant everything."},
	{ID: "set-default-policy-version", Title: "switch a managed policy to an older, broader version", Steps: []Step{{"iam:SetDefaultPolicyVersion", "policy"}}},
	{ID: "attach-role-policy", Title: "attach AdministratorAccess to a role", Steps: []Step{{"iam:AttachRolePolicy", "role"}}},
	{ID: "put-role-policy", Title: "write an inline policy on a role", Steps: []Step{{"iam:PutRolePolicy", "role"}}},
	{ID: "attach-user-policy", Title: "attach a policy to a user", Steps: []Step{{"iam:AttachUserPolicy", "user"}}},
	{ID: "put-user-policy", Title: "write an inline policy on a user", Steps: []Step{{"iam:PutUserPolicy", "user"}}},
	{ID: "attach-group-policy", Title: "attach a policy to a group", Steps: []Step{{"iam:AttachGroupPolicy", "group"}}},
	{ID: "put-group-policy", Title: "write an inline policy on a group", Steps: []Step{{"iam:PutGroupPolicy", "group"}}},
	{ID: "add-user-to-group", Title: "add a user to a privileged group", Steps: []Step{{"iam:AddUserToGroup", "group"}}},
	{ID: "create-access-key", Title: "create access keys for another user", Steps: []Step{{"iam:CreateAccessKey", "user"}}},
	{ID: "create-login-profile", Title: "set a console password for a user who has none", Steps: []Step{{"iam:CreateLoginProfile", "user"}}},
	{ID: "update-login-profile", Title: "change a user's console password", Steps: []Step{{"iam:UpdateLoginProfile", "user"}}},
	{ID: "update-assume-role-policy", Title: "rewrite a role's trust policy to assume it", Steps: []Step{{"iam:UpdateAssumeRolePolicy", "role"}}},
	{ID: "assume-any-role", Title: "assume any role that trusts the account", Steps: []Step{{"sts:AssumeRole", "role"}}},
	{ID: "passrole-lambda-invoke", Title: "create a function with a stronger role and invoke it", Steps: []Step{{"iam:PassRole", "role"}, {"lambda:CreateFunction", "function"}, {"lambda:InvokeFunction", "function"}}},
	{ID: "passrole-lambda-esm", Title: "create a function with a stronger role and trigger it from an event source", Steps: []Step{{"iam:PassRole", "role"}, {"lambda:CreateFunction", "function"}, {"lambda:CreateEventSourceMapping", "any"}}},
	{ID: "passrole-lambda-update", Title: "give an existing function a stronger role", Steps: []Step{{"iam:PassRole", "role"}, {"lambda:UpdateFunctionConfiguration", "function"}}},
	{ID: "update-function-code", Title: "replace the code of functions that run with other roles", Steps: []Step{{"lambda:UpdateFunctionCode", "function"}}},
	{ID: "update-function-configuration", Title: "add a layer to (and so run code in) functions that run with other roles", Steps: []Step{{"lambda:UpdateFunctionConfiguration", "function"}}},
	{ID: "passrole-ec2", Title: "start an instance with a stronger instance profile", Steps: []Step{{"iam:PassRole", "role"}, {"ec2:RunInstances", "instance"}}},
	{ID: "passrole-cloudformation", Title: "create a stack that runs with a stronger role", Steps: []Step{{"iam:PassRole", "role"}, {"cloudformation:CreateStack", "stack"}}},
	{ID: "passrole-glue", Title: "create a Glue development endpoint with a stronger role", Steps: []Step{{"iam:PassRole", "role"}, {"glue:CreateDevEndpoint", "devendpoint"}}},
	{ID: "glue-update-dev-endpoint", Title: "add an SSH key to an existing Glue development endpoint", Steps: []Step{{"glue:UpdateDevEndpoint", "devendpoint"}}},
	{ID: "passrole-datapipeline", Title: "run a data pipeline with a stronger role", Steps: []Step{{"iam:PassRole", "role"}, {"datapipeline:CreatePipeline", "pipeline"}, {"datapipeline:PutPipelineDefinition", "pipeline"}}},
	{ID: "passrole-codebuild", Title: "run a build project with a stronger role", Steps: []Step{{"iam:PassRole", "role"}, {"codebuild:CreateProject", "project"}, {"codebuild:StartBuild", "project"}}},
	{ID: "passrole-sagemaker", Title: "start a notebook instance with a stronger role", Steps: []Step{{"iam:PassRole", "role"}, {"sagemaker:CreateNotebookInstance", "notebook"}, {"sagemaker:CreatePresignedNotebookInstanceUrl", "notebook"}}},
	{ID: "passrole-ecs", Title: "run a container task with a stronger task role", Steps: []Step{{"iam:PassRole", "role"}, {"ecs:RunTask", "task"}}},
	{ID: "ssm-send-command", Title: "run commands on instances (and use their roles)", Steps: []Step{{"ssm:SendCommand", "instance"}}},
	{ID: "passrole-any", Title: "pass any role to any service", Steps: []Step{{"iam:PassRole", "role"}},
		Explanation: "iam:PassRole on every role lets the function hand the account's strongest role to any compute service it can create resources in."},
}

// Exposures are permissions-management actions that open a resource to
// other principals: writing resource policies and ACLs.
var Exposures = []Risk{
	{ID: "s3-bucket-policy", Title: "rewrite any bucket's policy or ACL", Steps: []Step{{"s3:PutBucketPolicy", "bucket"}}},
	{ID: "s3-bucket-acl", Title: "make any bucket public through its ACL", Steps: []Step{{"s3:PutBucketAcl", "bucket"}}},
	{ID: "s3-object-acl", Title: "make any object public through its ACL", Steps: []Step{{"s3:PutObjectAcl", "object"}}},
	{ID: "kms-key-policy", Title: "rewrite any KMS key policy", Steps: []Step{{"kms:PutKeyPolicy", "key"}}},
	{ID: "kms-create-grant", Title: "grant others the use of any KMS key", Steps: []Step{{"kms:CreateGrant", "key"}}},
	{ID: "secret-policy", Title: "rewrite any secret's resource policy", Steps: []Step{{"secretsmanager:PutResourcePolicy", "secret"}}},
	{ID: "lambda-add-permission", Title: "let anyone invoke any function", Steps: []Step{{"lambda:AddPermission", "function"}}},
	{ID: "lambda-layer-permission", Title: "share any layer with anyone", Steps: []Step{{"lambda:AddLayerVersionPermission", "layer"}}},
	{ID: "lambda-url", Title: "give any function a public URL", Steps: []Step{{"lambda:CreateFunctionUrlConfig", "function"}}},
	{ID: "sqs-policy", Title: "rewrite any queue's policy", Steps: []Step{{"sqs:SetQueueAttributes", "queue"}}},
	{ID: "sqs-add-permission", Title: "grant others access to any queue", Steps: []Step{{"sqs:AddPermission", "queue"}}},
	{ID: "sns-policy", Title: "rewrite any topic's policy", Steps: []Step{{"sns:SetTopicAttributes", "topic"}}},
	{ID: "sns-add-permission", Title: "grant others access to any topic", Steps: []Step{{"sns:AddPermission", "topic"}}},
	{ID: "ecr-policy", Title: "rewrite any image repository's policy", Steps: []Step{{"ecr:SetRepositoryPolicy", "repository"}}},
	{ID: "logs-policy", Title: "write CloudWatch Logs resource policies", Steps: []Step{{"logs:PutResourcePolicy", "any"}}},
	{ID: "events-permission", Title: "let other accounts put events on the bus", Steps: []Step{{"events:PutPermission", "event-bus"}}},
}

// CredentialExposures are actions that return credentials or secrets
// that grant further access.
var CredentialExposures = []Risk{
	{ID: "iam-create-access-key", Title: "create access keys for any user", Steps: []Step{{"iam:CreateAccessKey", "user"}}},
	{ID: "iam-update-access-key", Title: "re-enable any user's access keys", Steps: []Step{{"iam:UpdateAccessKey", "user"}}},
	{ID: "iam-service-credential", Title: "create service-specific credentials for any user", Steps: []Step{{"iam:CreateServiceSpecificCredential", "user"}}},
	{ID: "sts-get-federation-token", Title: "mint federation tokens", Steps: []Step{{"sts:GetFederationToken", "any"}}},
	{ID: "ec2-password-data", Title: "read Windows instance passwords", Steps: []Step{{"ec2:GetPasswordData", "instance"}}},
	{ID: "rds-db-connect", Title: "log in to any database with IAM authentication", Steps: []Step{{"rds-db:connect", "db-user"}}},
	{ID: "redshift-credentials", Title: "get temporary credentials for any Redshift user", Steps: []Step{{"redshift:GetClusterCredentials", "redshift"}}},
	{ID: "ecr-auth-token", Title: "get registry credentials", Steps: []Step{{"ecr:GetAuthorizationToken", "any"}}},
}

// DataAccess are read and write actions on data stores, judged on any
// resource of their kind: a role that can read every table is a role
// whose function, once compromised, leaks every table.
var DataAccess = []Risk{
	{ID: "s3-read-any", Title: "read objects in any bucket", Steps: []Step{{"s3:GetObject", "object"}}},
	{ID: "s3-write-any", Title: "write or delete objects in any bucket", Steps: []Step{{"s3:PutObject", "object"}}},
	{ID: "s3-delete-any", Title: "delete objects in any bucket", Steps: []Step{{"s3:DeleteObject", "object"}}},
	{ID: "dynamodb-read-any", Title: "read any DynamoDB table", Steps: []Step{{"dynamodb:GetItem", "table"}}},
	{ID: "dynamodb-scan-any", Title: "scan any DynamoDB table", Steps: []Step{{"dynamodb:Scan", "table"}}},
	{ID: "dynamodb-write-any", Title: "write to any DynamoDB table", Steps: []Step{{"dynamodb:PutItem", "table"}}},
	{ID: "dynamodb-delete-table", Title: "delete any DynamoDB table", Steps: []Step{{"dynamodb:DeleteTable", "table"}}},
	{ID: "secrets-read-any", Title: "read any secret", Steps: []Step{{"secretsmanager:GetSecretValue", "secret"}}},
	{ID: "kms-decrypt-any", Title: "decrypt with any KMS key", Steps: []Step{{"kms:Decrypt", "key"}}},
	{ID: "ssm-read-any", Title: "read any SSM parameter (including SecureStrings)", Steps: []Step{{"ssm:GetParameter", "parameter"}}},
	{ID: "sqs-read-any", Title: "receive messages from any queue", Steps: []Step{{"sqs:ReceiveMessage", "queue"}}},
	{ID: "rds-data-any", Title: "run SQL on any Aurora cluster through the Data API", Steps: []Step{{"rds-data:ExecuteStatement", "cluster"}}},
}

// AllRisks lists every catalogue, for documentation and tests.
func AllRisks() map[string][]Risk {
	return map[string][]Risk{
		CategoryEscalation: Escalations,
		CategoryExposure:   Exposures,
		CategoryCredential: CredentialExposures,
		CategoryData:       DataAccess,
	}
}
