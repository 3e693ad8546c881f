package inventory

// Subnet is a VPC subnet.
type Subnet struct {
	Resource
	VPC string `json:"vpc,omitempty"`
	// AvailabilityZone is the zone name, or an AZToken when a template picks
	// it with Fn::Select from Fn::GetAZs.
	AvailabilityZone string `json:"availabilityZone,omitempty"`
	CIDR             string `json:"cidr,omitempty"`
}

// SecurityGroup is a VPC security group.
type SecurityGroup struct {
	Resource
	VPC     string   `json:"vpc,omitempty"`
	Ingress []SGRule `json:"ingress,omitempty"`
	Egress  []SGRule `json:"egress,omitempty"`
	// UsersKnown is true when the estate shows every resource of it that
	// uses the group (a template that defines it); false when resources
	// the estate does not hold may use it (a live account's group).
	UsersKnown bool `json:"usersKnown,omitempty"`
	// AttachedTo names the resources other than Lambda functions the
	// estate shows using the group, as "type logical-ID"
	// ("AWS::RDS::DBInstance Database"); functions use it through their
	// VPC configuration.
	AttachedTo []string `json:"attachedTo,omitempty"`
}

// SGRule is one security group rule. Ports are inclusive; Protocol "-1"
// means all protocols (and then ports do not apply).
type SGRule struct {
	Protocol string `json:"protocol"`
	FromPort int    `json:"fromPort"`
	ToPort   int    `json:"toPort"`
	CIDRv4   string `json:"cidrIpv4,omitempty"`
	CIDRv6   string `json:"cidrIpv6,omitempty"`
	// Peer is a source/destination security group or prefix list.
	Peer        string `json:"peer,omitempty"`
	Description string `json:"description,omitempty"`
	Source      Source `json:"source"`
}

// VPCEndpoint is a VPC endpoint (interface or gateway).
type VPCEndpoint struct {
	Resource
	ServiceName string   `json:"serviceName,omitempty"`
	Type        string   `json:"type,omitempty"` // Interface, Gateway, GatewayLoadBalancer
	VPC         string   `json:"vpc,omitempty"`
	Subnets     []string `json:"subnets,omitempty"`
	// Policy is the endpoint policy; nil means AWS's default full access.
	Policy *Policy `json:"policy,omitempty"`
}

// Secret is a Secrets Manager secret.
type Secret struct {
	Resource
	KMSKey string `json:"kmsKey,omitempty"`
	// RotationEnabled is true when a rotation schedule exists for it.
	RotationEnabled bool `json:"rotationEnabled"`
	// RotationDays is the rotation interval, when known.
	RotationDays int    `json:"rotationDays,omitempty"`
	Rotation     Source `json:"rotation,omitzero"`
}

// KMSKey is a customer managed KMS key.
type KMSKey struct {
	Resource
	RotationEnabled bool    `json:"rotationEnabled"`
	Policy          *Policy `json:"policy,omitempty"`
	// Manager is who manages the key, as DescribeKey's KeyManager says:
	// KeyManagerCustomer or KeyManagerAWS; "" when it was not read (a
	// key a template defines is customer managed).
	// https://docs.aws.amazon.com/kms/latest/APIReference/API_KeyMetadata.html
	Manager string `json:"manager,omitempty"`
	// Origin is where the key material comes from (KeyMetadata.Origin,
	// the template's Origin): "AWS_KMS" or "" for KMS's own, "EXTERNAL"
	// (imported), "AWS_CLOUDHSM" or "EXTERNAL_KEY_STORE" (custom key
	// stores). KMS rotates only its own key material automatically.
	// https://docs.aws.amazon.com/kms/latest/APIReference/API_EnableKeyRotation.html
	Origin string `json:"origin,omitempty"`
}

// Key managers (KeyMetadata.KeyManager).
const (
	KeyManagerCustomer = "CUSTOMER"
	KeyManagerAWS      = "AWS"
)

// Trail is a CloudTrail trail.
type Trail struct {
	Resource
	MultiRegion bool `json:"multiRegion,omitempty"`
	// Logging is false when the trail exists but is stopped.
	Logging bool `json:"logging"`
	// DataResources are the data event selectors, by resource type
	// ("AWS::Lambda::Function") with their ARN values.
	DataResources []DataResource `json:"dataResources,omitempty"`
	// ManagementEvents is true when Lambda's management write events
	// (AddPermission, UpdateFunctionCode...) are recorded: a selector
	// that records management events, not only read-only ones, and not
	// only other services'.
	ManagementEvents bool `json:"managementEvents"`
	// ManagementPartial says why the selector that records management
	// events may still leave Lambda's out (a field lambdasec does not
	// model, such as eventName); "" when it does not.
	ManagementPartial string `json:"managementPartial,omitempty"`
	// LogFileValidation is true when CloudTrail writes digest files.
	LogFileValidation bool `json:"logFileValidation,omitempty"`
	// KMSKey is the key the log files are encrypted with ("" for SSE-S3).
	KMSKey string `json:"kmsKey,omitempty"`
	// LogGroup is the ARN (or, in a template, the reference) of the
	// CloudWatch Logs log group the trail delivers to, if any.
	LogGroup string `json:"logGroup,omitempty"`
}

// DataResource is a CloudTrail data event selector: a resource type
// ("AWS::Lambda::Function"; several joined by commas) and the resources
// of it selected. No Values and no Prefixes select every resource of the
// type.
// https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_DataResource.html
type DataResource struct {
	Type string `json:"type"`
	// Values are a basic selector's values (ARNs, or prefixes ending in
	// ':' or "arn:PARTITION:lambda") or an advanced selector's
	// resources.ARN Equals values.
	Values []string `json:"values,omitempty"`
	// Prefixes are an advanced selector's resources.ARN StartsWith
	// values: every ARN that starts with one is selected.
	Prefixes []string `json:"prefixes,omitempty"`
	// Partial says why the selector may leave out some events of the
	// resources it names (a field lambdasec does not model: an ARN
	// exclusion, readOnly, eventName...); "" when it selects them all.
	Partial string `json:"partial,omitempty"`
}

// LogGroup is a CloudWatch Logs log group.
type LogGroup struct {
	Resource
	// RetentionDays is 0 when logs never expire.
	RetentionDays int    `json:"retentionDays,omitempty"`
	KMSKey        string `json:"kmsKey,omitempty"`
}

// Alarm is a CloudWatch metric alarm.
type Alarm struct {
	Resource
	Namespace  string            `json:"namespace,omitempty"`
	MetricName string            `json:"metricName,omitempty"`
	Dimensions map[string]string `json:"dimensions,omitempty"`
}

// RegionSettings are the account-wide settings of one region of a live
// account that the detection rules read. A nil pointer means "not read"
// (and a Gap says why).
type RegionSettings struct {
	Resource
	ConfigRecorder       *bool `json:"configRecorder,omitempty"`
	GuardDutyLambda      *bool `json:"guardDutyLambda,omitempty"`
	InspectorLambda      *bool `json:"inspectorLambda,omitempty"`
	InspectorLambdaCode  *bool `json:"inspectorLambdaCode,omitempty"`
	ConcurrentExecutions *int  `json:"concurrentExecutions,omitempty"`
}
