package inventory

import (
	"encoding/json"
	"time"
)

// SchemaVersion is the version of the snapshot JSON this package writes.
// Readers refuse a snapshot whose major version differs.
const SchemaVersion = 1

// Kinds of estate: where the model was read from.
const (
	KindTemplate  = "cloudformation" // one CloudFormation/SAM template file
	KindTerraform = "terraform"      // one Terraform plan or module
	KindAccount   = "aws-account"    // one live AWS account (all regions read)
)

// Snapshot is the JSON document `lambdasec collect` writes and `lambdasec
// scan snapshot.json` reads: one or more estates, with the schema version.
type Snapshot struct {
	SchemaVersion int       `json:"schemaVersion"`
	Tool          string    `json:"tool,omitempty"`     // "lambdasec <version>"
	CreatedAt     time.Time `json:"createdAt,omitzero"` // when the collection finished
	Estates       []*Estate `json:"estates"`
}

// Estate is everything read from one place: one template, or one AWS account.
// Rules judge one estate at a time. Resources refer to each other by ID
// (a logical ID in a template, an ARN in an account); a reference that
// points outside the estate keeps the ARN or token the source had.
type Estate struct {
	Kind string `json:"kind"` // KindTemplate, KindTerraform, KindAccount or KindActivity
	// Name is the file path for a template, the account ID for an account.
	Name string `json:"name"`
	// Account is the owning account's ID; AccountIDToken for a template.
	Account string   `json:"account"`
	Regions []string `json:"regions,omitempty"`
	// Caller is the ARN of the identity a live account was read with
	// (STS GetCallerIdentity); "" for a template.
	// https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html
	Caller string `json:"caller,omitempty"`
	// CollectedAt is when a live account was read: the snapshot's
	// createdAt, or the time of a scan --aws; zero for a template.
	CollectedAt time.Time `json:"collectedAt,omitzero"`

	Functions []*Function `json:"functions,omitempty"`
	// ExternalFunctions are functions the estate does not define but
	// grants invocation of or gives a URL to: an AWS::Lambda::Permission
	// or AWS::Lambda::Url (or a Terraform aws_lambda_permission) naming
	// an ARN, an imported name or a parameter. Each is External and
	// carries only what the estate adds to it (Permissions, URLs), so the
	// exposure rules judge the grant itself; the other rules, which need
	// the function's configuration, do not see them.
	ExternalFunctions  []*Function          `json:"externalFunctions,omitempty"`
	Roles              []*Role              `json:"roles,omitempty"`
	ManagedPolicies    []*ManagedPolicy     `json:"managedPolicies,omitempty"`
	Layers             []*Layer             `json:"layers,omitempty"`
	Triggers           []*Trigger           `json:"triggers,omitempty"`
	APIs               []*API               `json:"apis,omitempty"`
	DomainNames        []*DomainName        `json:"domainNames,omitempty"`
	LoadBalancers      []*LoadBalancer      `json:"loadBalancers,omitempty"`
	TargetGroups       []*TargetGroup       `json:"targetGroups,omitempty"`
	Subnets            []*Subnet            `json:"subnets,omitempty"`
	SecurityGroups     []*SecurityGroup     `json:"securityGroups,omitempty"`
	VPCEndpoints       []*VPCEndpoint       `json:"vpcEndpoints,omitempty"`
	Secrets            []*Secret            `json:"secrets,omitempty"`
	KMSKeys            []*KMSKey            `json:"kmsKeys,omitempty"`
	Trails             []*Trail             `json:"trails,omitempty"`
	LogGroups          []*LogGroup          `json:"logGroups,omitempty"`
	Alarms             []*Alarm             `json:"alarms,omitempty"`
	CodeSigningConfigs []*CodeSigningConfig `json:"codeSigningConfigs,omitempty"`
	// Runtimes are the customer-managed runtimes the estate publishes.
	Runtimes []*CustomRuntime `json:"runtimes,omitempty"`
	// The detection resources of detection.go.
	MetricFilters      []*MetricFilter      `json:"metricFilters,omitempty"`
	EventRules         []*EventRule         `json:"eventRules,omitempty"`
	ConfigRecorders    []*ConfigRecorder    `json:"configRecorders,omitempty"`
	GuardDutyDetectors []*GuardDutyDetector `json:"guardDutyDetectors,omitempty"`
	InspectorEnablers  []*InspectorEnabler  `json:"inspectorEnablers,omitempty"`
	// The 2025–2026 surfaces of surfaces.go.
	CapacityProviders    []*CapacityProvider    `json:"capacityProviders,omitempty"`
	WebFunctionEndpoints []*WebFunctionEndpoint `json:"webFunctionEndpoints,omitempty"`
	WebFunctions         []*WebFunction         `json:"webFunctions,omitempty"`
	MicrovmImages        []*MicrovmImage        `json:"microvmImages,omitempty"`
	// Others are resources lambdasec does not model in detail — tables,
	// buckets, queues, topics, streams — kept with their type, ARN and
	// name so that the policies and variables naming them can be tied to
	// them.
	Others []*Other `json:"others,omitempty"`
	// Users and Groups are the IAM users and groups of the estate: those a
	// template or Terraform module defines, every one of a live account.
	Users  []*User  `json:"users,omitempty"`
	Groups []*Group `json:"groups,omitempty"`
	// Parameters are a template's parameters (name -> how it was resolved).
	Parameters []*Parameter `json:"parameters,omitempty"`
	// Settings are account- and region-wide settings (live accounts only).
	Settings []*RegionSettings `json:"settings,omitempty"`
	// Events and Invocations are the Lambda activity read from CloudTrail
	// (KindActivity estates only; see trail.go).
	Events      []*Event       `json:"events,omitempty"`
	Invocations []*Invocations `json:"invocations,omitempty"`
	// Denied counts the access-denied Lambda calls per principal
	// (DeniedCalls); only the earliest of them are in Events.
	Denied []*DeniedCalls `json:"denied,omitempty"`

	// Gaps lists what could not be read for the estate as a whole (a
	// region that failed, a resource type not understood).
	Gaps []Gap `json:"gaps,omitempty"`
	// Skips are the inline suppressions written next to every resource
	// of the estate, by resource ID, those the model folds into another
	// item included (an AWS::Lambda::Permission's, folded into its
	// function's policy), so a skip works on every resource a finding
	// cites, and one that suppresses nothing can be named.
	Skips map[string][]Skip `json:"skips,omitempty"`
	// Calls counts the API calls made to read a live estate, by operation
	// ("lambda:GetPolicy"); empty for templates.
	Calls map[string]int `json:"calls,omitempty"`
}

// Source says where an item came from: a position in a file (1-based line
// and column, like go/token), the logical ID of the template resource, or the
// ARN of a live resource.
type Source struct {
	File      string `json:"file,omitempty"`
	Line      int    `json:"line,omitempty"`
	Column    int    `json:"column,omitempty"`
	LogicalID string `json:"logicalId,omitempty"`
	ARN       string `json:"arn,omitempty"`
}

// String formats s as "file:line:col" (with the logical ID in parentheses),
// "file (logical ID)" when the file has no positions (a Terraform plan), or,
// for a live resource, its ARN.
func (s Source) String() string {
	switch {
	case s.File != "" && s.Line > 0:
		pos := Position(s.File, s.Line, s.Column)
		if s.LogicalID != "" {
			pos += " (" + s.LogicalID + ")"
		}
		return pos
	case s.File != "" && s.LogicalID != "":
		// A plan JSON has no positions: the resource address locates it.
		return s.File + " (" + s.LogicalID + ")"
	case s.File != "":
		return s.File
	case s.ARN != "":
		return s.ARN
	}
	return s.LogicalID
}

// Gap records a value that could not be read or resolved. Field names the
// model field (one of the Field* constants), Reason says why in words for a
// finding, and Call names the API operation that failed, when one did.
type Gap struct {
	Field  string `json:"field"`
	Reason string `json:"reason"`
	Call   string `json:"call,omitempty"`
	// Kind classifies a failed call: one of the Gap* constants; empty for
	// gaps that are not API failures (an unresolved template value).
	Kind string `json:"kind,omitempty"`
	// Region is the region of an estate-wide gap of a live account.
	Region string `json:"region,omitempty"`
}

// Kinds of API failure a Gap records.
const (
	GapDenied    = "denied"    // AccessDenied and kin: the caller lacks a permission
	GapThrottled = "throttled" // still throttled after every retry
	GapTimeout   = "timeout"   // no answer in time, after every retry
	GapFailed    = "failed"    // any other error (5xx after retries, validation)
	GapSkipped   = "skipped"   // not read on purpose (a region where Lambda is not enabled)
)

// Names of model fields, as used in Gap.Field. A rule that needs one of
// these fields asks Resource.Gap for it.
const (
	FieldRuntime             = "runtime"
	FieldRole                = "role"
	FieldEnvironment         = "environment"
	FieldKMSKey              = "kmsKey"
	FieldVPC                 = "vpc"
	FieldTracing             = "tracing"
	FieldReservedConcurrency = "reservedConcurrency"
	FieldTimeout             = "timeout"
	FieldLayers              = "layers"
	FieldCodeSigning         = "codeSigning"
	FieldDeadLetter          = "deadLetter"
	FieldEventInvokeConfig   = "eventInvokeConfig"
	FieldURLs                = "functionUrls"
	FieldVersions            = "versions"
	FieldPermissions         = "permissions" // a resource-based policy
	FieldTrustPolicy         = "trustPolicy"
	FieldPolicies            = "policies" // identity policies of a role
	FieldBoundary            = "permissionsBoundary"
	FieldAuthorization       = "authorization"
	FieldThrottling          = "throttling"
	FieldWebACL              = "webACL"
	FieldRotation            = "rotation"
	FieldIngress             = "ingress"
	FieldAvailabilityZone    = "availabilityZone"
	FieldScheme              = "scheme"
	FieldTargets             = "targets"
	FieldEventSelectors      = "eventSelectors"
	FieldRetention           = "retention"
	FieldCode                = "code"
	FieldName                = "name" // the name was given but could not be resolved
	FieldAll                 = "*"    // nothing of the resource could be read
)

// Skip is an inline suppression found in the source next to a resource: a
// template's Metadata.lambdasec.skip entry or a Terraform
// "# lambdasec:ignore:LS101 reason" comment.
type Skip struct {
	RuleID string `json:"ruleId"`
	Reason string `json:"reason,omitempty"`
	// Expires is the last day (YYYY-MM-DD) the skip applies, when the
	// comment gives one ("lambdasec:ignore:LS101:exp:2027-01-31"); after
	// it the skip stops working, like an expired ignore of the config file.
	Expires string `json:"expires,omitempty"`
	Source  Source `json:"source"`
}

// Resource is the header every item of the model carries: its ID within the
// estate, names, where it came from, what could not be read and the
// suppressions written next to it.
type Resource struct {
	// ID identifies the item within its estate: the logical ID in a
	// template, the ARN in a live account.
	ID     string `json:"id"`
	Name   string `json:"name,omitempty"`
	ARN    string `json:"arn,omitempty"`
	Region string `json:"region,omitempty"`
	Source Source `json:"source"`
	Gaps   []Gap  `json:"gaps,omitempty"`
	Skips  []Skip `json:"skips,omitempty"`
	// Tags are the resource's tags, when the source has them.
	Tags map[string]string `json:"tags,omitempty"`
}

// Gap returns the gap recorded for field, or for the whole resource
// (FieldAll), and whether there is one.
func (r *Resource) Gap(field string) (Gap, bool) {
	for _, g := range r.Gaps {
		if g.Field == field {
			return g, true
		}
	}
	for _, g := range r.Gaps {
		if g.Field == FieldAll {
			return g, true
		}
	}
	return Gap{}, false
}

// AddGap records that field could not be read, and why. A second gap for the
// same field keeps the first reason.
func (r *Resource) AddGap(field, reason, call string) {
	for _, g := range r.Gaps {
		if g.Field == field {
			return
		}
	}
	r.Gaps = append(r.Gaps, Gap{Field: field, Reason: reason, Call: call})
}

// Label returns the name people know the resource by: its name when it has
// one, otherwise its ID.
func (r *Resource) Label() string {
	if r.Name != "" {
		return r.Name
	}
	return r.ID
}

// Policy is an IAM policy document as read from the source, in the IAM JSON
// grammar, with template values kept as tokens. Parsing and evaluation live
// in package iampolicy.
type Policy struct {
	// Name is the inline policy's name, the managed policy's name, or the
	// statement set's label ("resource policy").
	Name string `json:"name,omitempty"`
	// ARN is the managed policy ARN, when the policy is a managed one.
	ARN      string          `json:"arn,omitempty"`
	Document json.RawMessage `json:"document"`
	Source   Source          `json:"source"`
	// StatementSources are the positions of the document's statements, in
	// order, when the source knows them (a template does; an API does not).
	StatementSources []Source `json:"statementSources,omitempty"`
	// SAMTemplate is the name of the AWS SAM policy template the policy
	// was expanded from ("DynamoDBCrudPolicy"), or "".
	// https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/serverless-policy-templates.html
	SAMTemplate string `json:"samPolicyTemplate,omitempty"`
}

// StatementSource returns the position of statement i, or the policy's own
// Source when it is not known.
func (p *Policy) StatementSource(i int) Source {
	if i >= 0 && i < len(p.StatementSources) {
		if s := p.StatementSources[i]; s != (Source{}) {
			return s
		}
	}
	return p.Source
}

// Parameter is one template parameter and the value lambdasec used for it.
type Parameter struct {
	Name    string `json:"name"`
	Type    string `json:"type,omitempty"`
	Default string `json:"default,omitempty"`
	// HasDefault is false when the template gives no default, so every Ref
	// to the parameter is unresolved.
	HasDefault bool   `json:"hasDefault"`
	NoEcho     bool   `json:"noEcho,omitempty"`
	Source     Source `json:"source"`
}

// Other is a resource of the estate that lambdasec does not model in
// detail: a data store or messaging resource a function may use.
type Other struct {
	Resource
	// Type is the CloudFormation type ("AWS::DynamoDB::Table") or, for a
	// live resource, the service and kind ("dynamodb:table").
	Type string `json:"type"`
	// Policy is the resource's own resource-based policy (a bucket, topic
	// or queue policy), when the source shows it; nil otherwise. The
	// Terraform reader fills it from aws_s3_bucket_policy,
	// aws_sns_topic_policy, aws_sqs_queue_policy and the policy argument of
	// topics and queues.
	Policy *Policy `json:"policy,omitempty"`
	// PublicAccessBlock and ACL are a bucket's Block Public Access
	// settings and ACL (see access.go); nil for other types.
	PublicAccessBlock *PublicAccessBlock `json:"publicAccessBlock,omitempty"`
	ACL               *BucketACL         `json:"acl,omitempty"`
}
