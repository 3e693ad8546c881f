package inventory

import "strings"

// Function is one Lambda function, with the configuration the rules judge.
// Zero values mean "not configured" (AWS's default applies); a value that
// could not be read has a Gap for its field instead.
type Function struct {
	Resource
	// PackageType is "Zip" or "Image".
	PackageType string `json:"packageType,omitempty"`
	// Runtime is the runtime identifier ("python3.12"); empty for images.
	Runtime       string   `json:"runtime,omitempty"`
	Handler       string   `json:"handler,omitempty"`
	Architectures []string `json:"architectures,omitempty"`
	// Role refers to the execution role: a Role's ID in this estate, or the
	// role ARN (or token) when the role is defined elsewhere.
	Role        string   `json:"role,omitempty"`
	Environment []EnvVar `json:"environment,omitempty"`
	// KMSKey is the customer managed key that encrypts the environment
	// variables; empty means the AWS managed key.
	KMSKey string     `json:"kmsKey,omitempty"`
	VPC    *VPCConfig `json:"vpc,omitempty"`
	// TracingMode is "Active" or "PassThrough" (empty means PassThrough,
	// AWS's default).
	TracingMode string `json:"tracingMode,omitempty"`
	// ReservedConcurrency is nil when none is reserved.
	ReservedConcurrency *int `json:"reservedConcurrency,omitempty"`
	// Timeout is in seconds; 0 means not set (AWS's default is 3 s).
	Timeout int `json:"timeout,omitempty"`
	// MemorySize is in MB; 0 means not set (AWS's default is 128 MB).
	MemorySize int `json:"memorySize,omitempty"`
	// Layers are layer version ARNs or IDs of Layers in this estate.
	Layers []string `json:"layers,omitempty"`
	// CodeSigningConfig is a CodeSigningConfig's ID or an ARN.
	CodeSigningConfig string `json:"codeSigningConfig,omitempty"`
	// DeadLetterTarget is the SQS queue or SNS topic for failed async events.
	DeadLetterTarget string `json:"deadLetterTarget,omitempty"`
	// Async holds the event invoke configuration (destinations, retries).
	Async *EventInvokeConfig `json:"async,omitempty"`
	// URLs are the function URLs, one per qualifier.
	URLs []FunctionURL `json:"urls,omitempty"`
	// Versions are the published version numbers (without $LATEST).
	Versions []string `json:"versions,omitempty"`
	Aliases  []Alias  `json:"aliases,omitempty"`
	// Permissions are the resource-based policies, one per qualifier (""
	// for the unqualified function, then aliases and versions).
	Permissions []ResourcePolicy `json:"permissions,omitempty"`
	Code        *Code            `json:"code,omitempty"`
	// CodeScan is the result of scanning the function's code for secrets;
	// nil when the code was not at hand.
	CodeScan *CodeScan `json:"codeScan,omitempty"`
	// RevisionID and LastModified are Lambda's revision of the function's
	// configuration and the time it last changed (ISO 8601, as Lambda
	// writes it), for live estates only: an incremental collection
	// (collect --since) re-reads a function only when they differ from
	// the earlier snapshot's.
	// https://docs.aws.amazon.com/lambda/latest/api/API_FunctionConfiguration.html
	RevisionID   string `json:"revisionId,omitempty"`
	LastModified string `json:"lastModified,omitempty"`
	// External is true for a function defined outside the estate (see
	// Estate.ExternalFunctions): its configuration is not known, and its
	// Permissions and URLs are only those the estate adds.
	External bool `json:"external,omitempty"`
	// The settings of surfaces_b.go; nil when not set (AWS's default).
	RecursiveLoop     *RecursionConfig       `json:"recursiveLoop,omitempty"`
	RuntimeManagement *RuntimeManagement     `json:"runtimeManagement,omitempty"`
	Logging           *LoggingConfig         `json:"logging,omitempty"`
	CustomRuntime     *FunctionRuntimeConfig `json:"customRuntime,omitempty"`
	// PublicAccessBlock is nil when it was not read (live estates only).
	PublicAccessBlock *FunctionPublicAccessBlock `json:"publicAccessBlock,omitempty"`
	// FunctionSurfaces are the 2025–2026 settings (surfaces.go).
	FunctionSurfaces
}

// ExternalFunction returns the node for a function the estate refers to but
// does not define, and the qualifier the reference carries. ref is the
// reference as the source has it: a function ARN (qualified or not), a
// partial ARN ("123456789012:function:name"), a name with an optional
// ":qualifier", or a token (a parameter without default, an import). The
// node's ID is the unqualified ARN, the name, or the token (an ARN that is
// not a function's is kept whole); Name is the
// function's name when the reference shows it (a description of the token
// otherwise); ARN is set when the reference is a full ARN. at is where the
// estate names the function.
// https://docs.aws.amazon.com/lambda/latest/api/API_AddPermission.html#lambda-AddPermission-request-FunctionName
func ExternalFunction(ref string, at Source) (f *Function, qualifier string) {
	f = &Function{Resource: Resource{ID: ref, Source: at}, External: true}
	if HasToken(ref) && !strings.Contains(ref, ":function:") {
		// A token stands for the whole ARN or name; a ":qualifier"
		// written after it is the qualifier.
		end := strings.LastIndex(ref, tokenEnd) + len(tokenEnd)
		if rest, ok := strings.CutPrefix(ref[end:], ":"); ok && rest != "" && !strings.Contains(rest, ":") {
			f.ID, qualifier = ref[:end], rest
		}
		f.Name = Describe(f.ID)
		return f, qualifier
	}
	base, name := ref, ref
	if i := strings.Index(ref, ":function:"); i >= 0 {
		rest := ref[i+len(":function:"):]
		name, qualifier, _ = strings.Cut(rest, ":")
		base = ref[:i+len(":function:")] + name
	} else if !strings.HasPrefix(ref, "arn:") {
		name, qualifier, _ = strings.Cut(ref, ":")
		base = name
	}
	f.ID, f.Name = base, Describe(name)
	if strings.HasPrefix(base, "arn:") {
		f.ARN = base
	}
	return f, qualifier
}

// InvocableFunctions returns the functions the exposure rules judge: the
// estate's own, then those defined elsewhere that it grants invocation of.
func (e *Estate) InvocableFunctions() []*Function {
	if len(e.ExternalFunctions) == 0 {
		return e.Functions
	}
	out := make([]*Function, 0, len(e.Functions)+len(e.ExternalFunctions))
	return append(append(out, e.Functions...), e.ExternalFunctions...)
}

// CodeScan is what scanning a deployment package (or a code directory)
// for secrets found. Hits never hold a secret's value.
type CodeScan struct {
	// Files and Bytes count what was scanned.
	Files int         `json:"files"`
	Bytes int64       `json:"bytes"`
	Hits  []SecretHit `json:"hits,omitempty"`
	// Problems are what stopped parts of the scan: an entry escaping the
	// package, a zip bomb, a file too large.
	Problems []string `json:"problems,omitempty"`
}

// SecretHit is a secret found in code or in a variable: the detector, a
// redacted fingerprint (never the value) and where it is.
type SecretHit struct {
	Detector    string `json:"detector"`
	Description string `json:"description,omitempty"`
	// Critical is true for cloud credentials and private keys.
	Critical    bool   `json:"critical,omitempty"`
	Fingerprint string `json:"fingerprint"`
	// Where is the file inside the package, or the variable's name.
	Where  string `json:"where"`
	Source Source `json:"source,omitzero"`
}

// EnvVar is one environment variable of a function.
type EnvVar struct {
	Name string `json:"name"`
	// Value is the literal or resolved value (with tokens for what is only
	// known at deploy time). Snapshots keep it; reports never print it.
	Value  string `json:"value"`
	Origin string `json:"origin,omitempty"` // one of the Origin* constants
	// Secret is set in a snapshot when the collector found a secret in
	// the value; the value itself is then replaced by the fingerprint.
	Secret *SecretHit `json:"secret,omitempty"`
	// Ref names the parameter or resource the value came from, when Origin
	// says it came from one.
	Ref    string `json:"ref,omitempty"`
	Source Source `json:"source"`
}

// Where an environment variable's value came from.
const (
	OriginLiteral          = ""                  // written in the source
	OriginParameter        = "parameter"         // Ref to a template parameter's default
	OriginNoEchoParameter  = "noecho-parameter"  // Ref to a NoEcho parameter
	OriginResource         = "resource"          // Ref/GetAtt to a resource
	OriginDynamicReference = "dynamic-reference" // {{resolve:...}}
	OriginUnresolved       = "unresolved"        // could not be worked out
)

// VPCConfig is a function's network attachment.
type VPCConfig struct {
	// SubnetIDs and SecurityGroupIDs are IDs of Subnets/SecurityGroups in
	// this estate, or the AWS IDs (subnet-…, sg-…), or tokens.
	SubnetIDs        []string `json:"subnetIds,omitempty"`
	SecurityGroupIDs []string `json:"securityGroupIds,omitempty"`
	IPv6DualStack    bool     `json:"ipv6DualStack,omitempty"`
	Source           Source   `json:"source"`
}

// EventInvokeConfig is the asynchronous invocation configuration.
type EventInvokeConfig struct {
	Qualifier string `json:"qualifier,omitempty"`
	// OnFailure and OnSuccess are destination ARNs or IDs.
	OnFailure            string `json:"onFailure,omitempty"`
	OnSuccess            string `json:"onSuccess,omitempty"`
	MaximumRetryAttempts *int   `json:"maximumRetryAttempts,omitempty"`
	MaximumEventAgeSecs  *int   `json:"maximumEventAgeSeconds,omitempty"`
	Source               Source `json:"source"`
}

// FunctionURL is a function URL endpoint.
type FunctionURL struct {
	Qualifier string `json:"qualifier,omitempty"`
	// AuthType is "NONE" or "AWS_IAM".
	AuthType string `json:"authType"`
	URL      string `json:"url,omitempty"`
	CORS     *CORS  `json:"cors,omitempty"`
	// InvokeMode is "BUFFERED" or "RESPONSE_STREAM".
	InvokeMode string `json:"invokeMode,omitempty"`
	// CreationTime is when the URL was created (ISO 8601, as Lambda
	// writes it); live estates only.
	CreationTime string `json:"creationTime,omitempty"`
	Source       Source `json:"source"`
}

// CORS is a function URL's cross-origin configuration.
type CORS struct {
	AllowOrigins     []string `json:"allowOrigins,omitempty"`
	AllowMethods     []string `json:"allowMethods,omitempty"`
	AllowHeaders     []string `json:"allowHeaders,omitempty"`
	AllowCredentials bool     `json:"allowCredentials,omitempty"`
	Source           Source   `json:"source"`
}

// Alias is a function alias.
type Alias struct {
	Name            string `json:"name"`
	ARN             string `json:"arn,omitempty"`
	FunctionVersion string `json:"functionVersion,omitempty"`
	Source          Source `json:"source"`
}

// ResourcePolicy is the resource-based policy of a function or of one of its
// qualifiers (alias or version).
type ResourcePolicy struct {
	Qualifier string `json:"qualifier,omitempty"`
	Policy    Policy `json:"policy"`
}

// Code says where a function's deployment package is.
type Code struct {
	// LocalPath is a file or directory on disk (a template's CodeUri/Code).
	LocalPath string `json:"localPath,omitempty"`
	S3URI     string `json:"s3Uri,omitempty"`
	ImageURI  string `json:"imageUri,omitempty"`
	// Inline is ZipFile/InlineCode source text written in the template.
	Inline string `json:"inline,omitempty"`
	Source Source `json:"source"`
}

// Role is an IAM role, typically a function's execution role.
type Role struct {
	Resource
	Path           string   `json:"path,omitempty"`
	TrustPolicy    *Policy  `json:"trustPolicy,omitempty"`
	InlinePolicies []Policy `json:"inlinePolicies,omitempty"`
	// ManagedPolicies are the attached managed policies: ARNs (AWS managed
	// ones look like arn:aws:iam::aws:policy/NAME) or IDs of ManagedPolicies
	// in this estate.
	ManagedPolicies []string `json:"managedPolicies,omitempty"`
	// PermissionsBoundary is the boundary policy's ARN or ID.
	PermissionsBoundary string `json:"permissionsBoundary,omitempty"`
}

// ManagedPolicy is a managed IAM policy with its document: customer managed
// policies of the estate, and AWS managed policies a live account reported.
type ManagedPolicy struct {
	Resource
	Policy Policy `json:"policy"`
	// Version is the default version ID ("v3"), when known.
	Version string `json:"version,omitempty"`
}

// Layer is a Lambda layer version and who may use it.
type Layer struct {
	Resource
	Version            string   `json:"version,omitempty"`
	CompatibleRuntimes []string `json:"compatibleRuntimes,omitempty"`
	// Policy is the layer version's resource-based policy (its
	// AddLayerVersionPermission grants); nil when it has none.
	Policy   *Policy   `json:"policy,omitempty"`
	Code     *Code     `json:"code,omitempty"`
	CodeScan *CodeScan `json:"codeScan,omitempty"`
}

// CodeSigningConfig is a Lambda code-signing configuration.
type CodeSigningConfig struct {
	Resource
	SigningProfiles []string `json:"signingProfiles,omitempty"`
	// UntrustedArtifactOnDeployment is "Warn" (AWS's default) or "Enforce".
	UntrustedArtifactOnDeployment string `json:"untrustedArtifactOnDeployment,omitempty"`
}
