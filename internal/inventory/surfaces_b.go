package inventory

// Lambda settings of 2024–2026 the surface rules judge: recursive loop
// detection, runtime management, the logging configuration, customer-managed
// runtimes, and block public access for function policies.

// Names of the fields of this file, as used in Gap.Field.
const (
	FieldRecursiveLoop     = "recursiveLoop"
	FieldRuntimeManagement = "runtimeManagement"
	FieldLogging           = "logging"
	FieldCustomRuntime     = "customRuntime"
	// FieldFunctionPublicAccessBlock names Function.PublicAccessBlock; an
	// estate gap "functionPublicAccessBlock in REGION" says it could not
	// be read for any function of the region.
	FieldFunctionPublicAccessBlock = "functionPublicAccessBlock"
)

// Values of RecursionConfig.Loop.
// https://docs.aws.amazon.com/lambda/latest/api/API_PutFunctionRecursionConfig.html
const (
	RecursiveLoopAllow     = "Allow"
	RecursiveLoopTerminate = "Terminate"
)

// RecursionConfig is a function's recursive loop detection setting
// (CloudFormation RecursiveLoop, Terraform
// aws_lambda_function_recursion_config, the GetFunctionRecursionConfig
// API). Loop is "Allow" or "Terminate"; Lambda's default is Terminate.
// https://docs.aws.amazon.com/lambda/latest/dg/invocation-recursion.html
type RecursionConfig struct {
	Loop   string `json:"loop"`
	Source Source `json:"source"`
}

// Values of RuntimeManagement.UpdateRuntimeOn.
// https://docs.aws.amazon.com/lambda/latest/dg/runtimes-update.html
const (
	UpdateRuntimeAuto           = "Auto"
	UpdateRuntimeFunctionUpdate = "FunctionUpdate"
	UpdateRuntimeManual         = "Manual"
)

// RuntimeManagement is a function's runtime update mode
// (RuntimeManagementConfig in CloudFormation, the
// GetRuntimeManagementConfig API). UpdateRuntimeOn is "Auto" (AWS's
// default), "FunctionUpdate" or "Manual"; PinnedVersionARN is the runtime
// version ARN a Manual function is pinned to. InUseVersionARN is the runtime
// version the function runs, as ListFunctions reports it
// (RuntimeVersionConfig), for live estates only.
// https://docs.aws.amazon.com/lambda/latest/api/API_GetRuntimeManagementConfig.html
type RuntimeManagement struct {
	UpdateRuntimeOn  string `json:"updateRuntimeOn,omitempty"`
	PinnedVersionARN string `json:"pinnedVersionArn,omitempty"`
	InUseVersionARN  string `json:"inUseVersionArn,omitempty"`
	Source           Source `json:"source"`
}

// LoggingConfig is a function's logging configuration: the application
// log level (TRACE, DEBUG, INFO, WARN, ERROR, FATAL), the system log level
// (DEBUG, INFO, WARN), the format (Text or JSON; the levels apply only to
// JSON) and the log group, when it is not the default /aws/lambda/NAME.
// Empty fields are not set (AWS's defaults: Text, and no level filter).
// https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs-advanced.html
type LoggingConfig struct {
	ApplicationLogLevel string `json:"applicationLogLevel,omitempty"`
	SystemLogLevel      string `json:"systemLogLevel,omitempty"`
	LogFormat           string `json:"logFormat,omitempty"`
	// LogGroup is the log group's name (or a token naming a log group of
	// the template); empty means the default group.
	LogGroup string `json:"logGroup,omitempty"`
	Source   Source `json:"source"`
}

// FunctionRuntimeConfig says which customer-managed runtime a function
// uses: the runtime's ARN (or the ID of a Runtime of the estate) and the
// runtime alias (CloudFormation and SAM RuntimeConfig).
// https://docs.aws.amazon.com/lambda/latest/api/API_FunctionRuntimeConfig.html
type FunctionRuntimeConfig struct {
	RuntimeARN   string `json:"runtimeArn"`
	RuntimeAlias string `json:"runtimeAlias,omitempty"`
	Source       Source `json:"source"`
}

// CustomRuntime is a customer-managed runtime the estate publishes
// (AWS::Lambda::Runtime).
// https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-lambda-runtime.html
type CustomRuntime struct {
	Resource
}

// FunctionPublicAccessBlock is a function's public-access settings
// (Lambda's GetPublicAccessBlockConfig, set per function):
// BlockPublicPolicy makes Lambda refuse a resource-based policy that grants
// public access (PublicPolicyException); RestrictPublicResource blocks
// public access even through a public policy already there.
// https://boto3.amazonaws.com/v1/documentation/api/1.35.24/reference/services/lambda/client/put_public_access_block_config.html
// https://docs.aws.amazon.com/botocore/latest/reference/services/lambda/client/exceptions/PublicPolicyException.html
type FunctionPublicAccessBlock struct {
	BlockPublicPolicy      bool `json:"blockPublicPolicy"`
	RestrictPublicResource bool `json:"restrictPublicResource"`
}
