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
	// https://docs.aws.amazon.com/lambda/latest/api/API_CapacityProvider.html
	"capacity-provider": "arn:aws:lambda:{region}:{account}:capacity-provider:lambdasec-any",
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

// Step is one permission a risk needs: an action on a resource of a kind,
// in a request whose context the method implies.
type Step struct {
	Action string
	Kind   string
	// Context holds the condition keys the method fixes for the step's
	// request — iam:PassedToService is the service the method passes a
	// role to — and the keys it knows to be absent (mapped to nil); the
	// values may hold {account} and {region}, as probes do. Conditions on
	// other keys are left open. Nil for a step no key of which follows
	// from the method.
	Context Context
}

// Request returns the step's resource and context in the given account
// and region, as MayAllowIn takes them: the probe resource of the step's
// kind, and the step's context with {account} and {region} filled in.
func (s Step) Request(account, region string) (resource string, ctx Context) {
	resource = ProbeARN(s.Kind, account, region)
	if s.Context == nil {
		return resource, nil
	}
	ctx = make(Context, len(s.Context))
	for k, vs := range s.Context {
		if vs == nil {
			ctx[k] = nil
			continue
		}
		out := make([]string, len(vs))
		for i, v := range vs {
			out[i] = strings.ReplaceAll(strings.ReplaceAll(v, "{account}", account), "{region}", region)
		}
		ctx[k] = out
	}
	return resource, ctx
}

// AnyService is the service principal a probe passes a role to when a
// method names no service: one no policy lists, so only a grant that does
// not restrict iam:PassedToService (or restricts it with a wildcard that
// covers every service) allows it.
const AnyService = "lambdasec-any-service.amazonaws.com"

// step is a step whose request context the method does not fix.
func step(action, kind string) Step { return Step{Action: action, Kind: kind} }

// passRole is the step of passing any role to service for a resource of
// kind: iam:PassedToService is the service, and iam:AssociatedResourceArn
// the probe resource of kind (the role is passed for a new or changed
// resource of that kind, any one), as AWS sets them for iam:PassRole.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#ck_PassedToService
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#ck_AssociatedResourceArn
func passRole(service, kind string) Step {
	return Step{Action: "iam:PassRole", Kind: "role", Context: Context{
		"iam:PassedToService":       {service},
		"iam:AssociatedResourceArn": {probes[kind]},
	}}
}

// administratorAccess is the AWS managed policy an attach method attaches.
const administratorAccess = "arn:aws:iam::aws:policy/AdministratorAccess"

// attach is the step of attaching AdministratorAccess to a principal of
// kind ("role", "user", "group") that has no permissions boundary: the
// request's iam:PolicyARN is AdministratorAccess and iam:PermissionsBoundary
// is absent, so a grant limited to other policies, or to principals that
// carry a given boundary (AWS's pattern for delegating IAM safely), does
// not count.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#ck_PolicyARN
// https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html#access_policies_boundaries-delegate
func attach(action, kind string) Step {
	return Step{Action: action, Kind: kind, Context: Context{
		"iam:PolicyARN":           {administratorAccess},
		"iam:PermissionsBoundary": nil,
	}}
}

// putInline is the step of writing an inline policy on a principal of kind
// that has no permissions boundary (see attach).
func putInline(action, kind string) Step {
	return Step{Action: action, Kind: kind, Context: Context{"iam:PermissionsBoundary": nil}}
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
	CategoryEscalation   = "privilege escalation"
	CategoryExposure     = "resource exposure"
	CategoryCredential   = "credential exposure"
	CategoryData         = "data access"
	CategoryInvocation   = "function invocation"
	CategoryModification = "function modification"
)

// Escalations is the catalogue of IAM privilege-escalation methods, after
// Rhino Security Labs' "AWS IAM Privilege Escalation - Methods and
// Mitigation" (https://rhinosecuritylabs.com/aws/aws-privilege-escalation-methods-mitigation/)
// and AWS's own guidance on iam:PassRole
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html).
var Escalations = []Risk{
	{ID: "create-policy-version", Title: "create a new default version of a managed policy", Steps: []Step{step("iam:CreatePolicyVersion", "policy")},
		Explanation: "iam:CreatePolicyVersion with --set-as-default rewrites any customer managed policy, including the role's own, to grant everything."},
	{ID: "set-default-policy-version", Title: "switch a managed policy to an older, broader version", Steps: []Step{step("iam:SetDefaultPolicyVersion", "policy")}},
	{ID: "attach-role-policy", Title: "attach AdministratorAccess to a role", Steps: []Step{attach("iam:AttachRolePolicy", "role")}},
	{ID: "put-role-policy", Title: "write an inline policy on a role", Steps: []Step{putInline("iam:PutRolePolicy", "role")}},
	{ID: "attach-user-policy", Title: "attach a policy to a user", Steps: []Step{attach("iam:AttachUserPolicy", "user")}},
	{ID: "put-user-policy", Title: "write an inline policy on a user", Steps: []Step{putInline("iam:PutUserPolicy", "user")}},
	{ID: "attach-group-policy", Title: "attach a policy to a group", Steps: []Step{attach("iam:AttachGroupPolicy", "group")}},
	{ID: "put-group-policy", Title: "write an inline policy on a group", Steps: []Step{step("iam:PutGroupPolicy", "group")}},
	{ID: "add-user-to-group", Title: "add a user to a privileged group", Steps: []Step{step("iam:AddUserToGroup", "group")}},
	{ID: "create-access-key", Title: "create access keys for another user", Steps: []Step{step("iam:CreateAccessKey", "user")}},
	{ID: "create-login-profile", Title: "set a console password for a user who has none", Steps: []Step{step("iam:CreateLoginProfile", "user")}},
	{ID: "update-login-profile", Title: "change a user's console password", Steps: []Step{step("iam:UpdateLoginProfile", "user")}},
	{ID: "update-assume-role-policy", Title: "rewrite a role's trust policy to assume it", Steps: []Step{step("iam:UpdateAssumeRolePolicy", "role")}},
	{ID: "assume-any-role", Title: "assume any role that trusts the account", Steps: []Step{step("sts:AssumeRole", "role")}},
	{ID: "passrole-lambda-invoke", Title: "create a function with a stronger role and invoke it", Steps: []Step{passRole("lambda.amazonaws.com", "function"), step("lambda:CreateFunction", "function"), step("lambda:InvokeFunction", "function")}},
	{ID: "passrole-lambda-esm", Title: "create a function with a stronger role and trigger it from an event source", Steps: []Step{passRole("lambda.amazonaws.com", "function"), step("lambda:CreateFunction", "function"), step("lambda:CreateEventSourceMapping", "any")}},
	{ID: "passrole-lambda-update", Title: "give an existing function a stronger role", Steps: []Step{passRole("lambda.amazonaws.com", "function"), step("lambda:UpdateFunctionConfiguration", "function")}},
	{ID: "update-function-code", Title: "replace the code of functions that run with other roles", Steps: []Step{step("lambda:UpdateFunctionCode", "function")}},
	{ID: "update-function-configuration", Title: "add a layer to (and so run code in) functions that run with other roles", Steps: []Step{step("lambda:UpdateFunctionConfiguration", "function")}},
	{ID: "passrole-ec2", Title: "start an instance with a stronger instance profile", Steps: []Step{passRole("ec2.amazonaws.com", "instance"), step("ec2:RunInstances", "instance")}},
	{ID: "passrole-cloudformation", Title: "create a stack that runs with a stronger role", Steps: []Step{passRole("cloudformation.amazonaws.com", "stack"), step("cloudformation:CreateStack", "stack")}},
	{ID: "passrole-glue", Title: "create a Glue development endpoint with a stronger role", Steps: []Step{passRole("glue.amazonaws.com", "devendpoint"), step("glue:CreateDevEndpoint", "devendpoint")}},
	{ID: "glue-update-dev-endpoint", Title: "add an SSH key to an existing Glue development endpoint", Steps: []Step{step("glue:UpdateDevEndpoint", "devendpoint")}},
	{ID: "passrole-datapipeline", Title: "run a data pipeline with a stronger role", Steps: []Step{passRole("datapipeline.amazonaws.com", "pipeline"), step("datapipeline:CreatePipeline", "pipeline"), step("datapipeline:PutPipelineDefinition", "pipeline")}},
	{ID: "passrole-codebuild", Title: "run a build project with a stronger role", Steps: []Step{passRole("codebuild.amazonaws.com", "project"), step("codebuild:CreateProject", "project"), step("codebuild:StartBuild", "project")}},
	{ID: "passrole-sagemaker", Title: "start a notebook instance with a stronger role", Steps: []Step{passRole("sagemaker.amazonaws.com", "notebook"), step("sagemaker:CreateNotebookInstance", "notebook"), step("sagemaker:CreatePresignedNotebookInstanceUrl", "notebook")}},
	{ID: "passrole-ecs", Title: "run a container task with a stronger task role", Steps: []Step{passRole("ecs-tasks.amazonaws.com", "task"), step("ecs:RunTask", "task")}},
	{ID: "ssm-send-command", Title: "run commands on instances (and use their roles)", Steps: []Step{step("ssm:SendCommand", "instance")}},
	// A capacity provider is the security boundary of Lambda Managed
	// Instances, not the containers on it: a function placed on a provider
	// shares instances with the functions already there.
	// https://docs.aws.amazon.com/lambda/latest/dg/lambda-managed-instances-security.html
	{ID: "pass-capacity-provider", Title: "place a new function on any capacity provider, beside functions that run with other roles", Steps: []Step{step("lambda:PassCapacityProvider", "capacity-provider"), step("lambda:CreateFunction", "function")},
		Explanation: "lambda:PassCapacityProvider with lambda:CreateFunction runs code of the function's choosing on the instances of a capacity provider, where containers are not a security boundary between it and the functions (and roles) already there."},
	{ID: "passrole-any", Title: "pass any role to any service", Steps: []Step{passRole(AnyService, "any")},
		Explanation: "iam:PassRole on every role lets the function hand the account's strongest role to any compute service it can create resources in."},
}

// Exposures are permissions-management actions that open a resource to
// other principals: writing resource policies and ACLs.
var Exposures = []Risk{
	{ID: "s3-bucket-policy", Title: "rewrite any bucket's policy or ACL", Steps: []Step{step("s3:PutBucketPolicy", "bucket")}},
	{ID: "s3-bucket-acl", Title: "make any bucket public through its ACL", Steps: []Step{step("s3:PutBucketAcl", "bucket")}},
	{ID: "s3-object-acl", Title: "make any object public through its ACL", Steps: []Step{step("s3:PutObjectAcl", "object")}},
	{ID: "kms-key-policy", Title: "rewrite any KMS key policy", Steps: []Step{step("kms:PutKeyPolicy", "key")}},
	{ID: "kms-create-grant", Title: "grant others the use of any KMS key", Steps: []Step{step("kms:CreateGrant", "key")}},
	{ID: "secret-policy", Title: "rewrite any secret's resource policy", Steps: []Step{step("secretsmanager:PutResourcePolicy", "secret")}},
	{ID: "lambda-add-permission", Title: "let anyone invoke any function", Steps: []Step{step("lambda:AddPermission", "function")}},
	{ID: "lambda-layer-permission", Title: "share any layer with anyone", Steps: []Step{step("lambda:AddLayerVersionPermission", "layer")}},
	{ID: "lambda-url", Title: "give any function a public URL", Steps: []Step{step("lambda:CreateFunctionUrlConfig", "function")}},
	{ID: "sqs-policy", Title: "rewrite any queue's policy", Steps: []Step{step("sqs:SetQueueAttributes", "queue")}},
	{ID: "sqs-add-permission", Title: "grant others access to any queue", Steps: []Step{step("sqs:AddPermission", "queue")}},
	{ID: "sns-policy", Title: "rewrite any topic's policy", Steps: []Step{step("sns:SetTopicAttributes", "topic")}},
	{ID: "sns-add-permission", Title: "grant others access to any topic", Steps: []Step{step("sns:AddPermission", "topic")}},
	{ID: "ecr-policy", Title: "rewrite any image repository's policy", Steps: []Step{step("ecr:SetRepositoryPolicy", "repository")}},
	{ID: "logs-policy", Title: "write CloudWatch Logs resource policies", Steps: []Step{step("logs:PutResourcePolicy", "any")}},
	{ID: "events-permission", Title: "let other accounts put events on the bus", Steps: []Step{step("events:PutPermission", "event-bus")}},
}

// CredentialExposures are actions that return credentials or secrets
// that grant further access.
var CredentialExposures = []Risk{
	{ID: "iam-create-access-key", Title: "create access keys for any user", Steps: []Step{step("iam:CreateAccessKey", "user")}},
	{ID: "iam-update-access-key", Title: "re-enable any user's access keys", Steps: []Step{step("iam:UpdateAccessKey", "user")}},
	{ID: "iam-service-credential", Title: "create service-specific credentials for any user", Steps: []Step{step("iam:CreateServiceSpecificCredential", "user")}},
	{ID: "sts-get-federation-token", Title: "mint federation tokens", Steps: []Step{step("sts:GetFederationToken", "any")}},
	{ID: "ec2-password-data", Title: "read Windows instance passwords", Steps: []Step{step("ec2:GetPasswordData", "instance")}},
	{ID: "rds-db-connect", Title: "log in to any database with IAM authentication", Steps: []Step{step("rds-db:connect", "db-user")}},
	{ID: "redshift-credentials", Title: "get temporary credentials for any Redshift user", Steps: []Step{step("redshift:GetClusterCredentials", "redshift")}},
	{ID: "ecr-auth-token", Title: "get registry credentials", Steps: []Step{step("ecr:GetAuthorizationToken", "any")}},
}

// DataAccess are read and write actions on data stores, judged on any
// resource of their kind: a role that can read every table is a role
// whose function, once compromised, leaks every table.
var DataAccess = []Risk{
	{ID: "s3-read-any", Title: "read objects in any bucket", Steps: []Step{step("s3:GetObject", "object")}},
	{ID: "s3-write-any", Title: "write or delete objects in any bucket", Steps: []Step{step("s3:PutObject", "object")}},
	{ID: "s3-delete-any", Title: "delete objects in any bucket", Steps: []Step{step("s3:DeleteObject", "object")}},
	{ID: "dynamodb-read-any", Title: "read any DynamoDB table", Steps: []Step{step("dynamodb:GetItem", "table")}},
	{ID: "dynamodb-scan-any", Title: "scan any DynamoDB table", Steps: []Step{step("dynamodb:Scan", "table")}},
	{ID: "dynamodb-write-any", Title: "write to any DynamoDB table", Steps: []Step{step("dynamodb:PutItem", "table")}},
	{ID: "dynamodb-delete-table", Title: "delete any DynamoDB table", Steps: []Step{step("dynamodb:DeleteTable", "table")}},
	{ID: "secrets-read-any", Title: "read any secret", Steps: []Step{step("secretsmanager:GetSecretValue", "secret")}},
	{ID: "kms-decrypt-any", Title: "decrypt with any KMS key", Steps: []Step{step("kms:Decrypt", "key")}},
	{ID: "ssm-read-any", Title: "read any SSM parameter (including SecureStrings)", Steps: []Step{step("ssm:GetParameter", "parameter")}},
	{ID: "sqs-read-any", Title: "receive messages from any queue", Steps: []Step{step("sqs:ReceiveMessage", "queue")}},
	{ID: "rds-data-any", Title: "run SQL on any Aurora cluster through the Data API", Steps: []Step{step("rds-data:ExecuteStatement", "cluster")}},
}

// Invocations are the actions that run other functions: a role that may
// invoke every function can run each with its own role and permissions,
// and feed it any input (the AWS managed policy AWSLambdaRole grants
// lambda:InvokeFunction on "*").
// https://docs.aws.amazon.com/lambda/latest/dg/lambda-api-permissions-ref.html
var Invocations = []Risk{
	{ID: "lambda-invoke-any", Title: "invoke any function", Steps: []Step{step("lambda:InvokeFunction", "function")}},
	{ID: "lambda-invoke-url-any", Title: "call any function's IAM-authenticated URL", Steps: []Step{step("lambda:InvokeFunctionUrl", "function")}},
}

// Modifications are the actions that change what another function runs:
// its code (lambda:UpdateFunctionCode) or its configuration — role,
// handler, layers, environment — (lambda:UpdateFunctionConfiguration). A
// role that may call them on every function can make any function run
// code of its choosing, with that function's role and triggers, as the
// AWS managed policy AWSLambda_FullAccess allows ("lambda:*" on "*").
// https://docs.aws.amazon.com/lambda/latest/dg/lambda-api-permissions-ref.html
// https://docs.aws.amazon.com/service-authorization/latest/reference/list_awslambda.html
var Modifications = []Risk{
	{ID: "lambda-update-code-any", Title: "replace the code of any function", Steps: []Step{step("lambda:UpdateFunctionCode", "function")}},
	{ID: "lambda-update-config-any", Title: "change the configuration (role, layers, environment) of any function", Steps: []Step{step("lambda:UpdateFunctionConfiguration", "function")}},
}

// AllRisks lists every catalogue, for documentation and tests.
func AllRisks() map[string][]Risk {
	return map[string][]Risk{
		CategoryEscalation:   Escalations,
		CategoryExposure:     Exposures,
		CategoryCredential:   CredentialExposures,
		CategoryData:         DataAccess,
		CategoryInvocation:   Invocations,
		CategoryModification: Modifications,
	}
}
