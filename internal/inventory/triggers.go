package inventory

import (
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws/arn"
)

// Trigger types: what sends events to a function, other than API Gateway
// routes and load balancers (which are modelled as APIs and LoadBalancers).
const (
	TriggerSQS            = "sqs"
	TriggerKinesis        = "kinesis"
	TriggerDynamoDB       = "dynamodb"
	TriggerKafka          = "kafka" // MSK and self-managed Kafka
	TriggerMQ             = "mq"
	TriggerDocumentDB     = "documentdb"
	TriggerS3             = "s3"
	TriggerSNS            = "sns"
	TriggerEventBridge    = "eventbridge"
	TriggerSchedule       = "schedule"
	TriggerCloudWatchLogs = "cloudwatch-logs"
	TriggerIoT            = "iot"
	TriggerCognito        = "cognito"
	TriggerAlexa          = "alexa"
	TriggerOther          = "other"
)

// Trigger is an event source of a function: an event source mapping (the
// Lambda service polls the source) or a push source that invokes the
// function (S3, SNS, EventBridge, a schedule...).
type Trigger struct {
	Resource
	Type string `json:"type"` // one of the Trigger* constants
	// Function is the target function's ID (or ARN when outside the estate).
	Function  string `json:"function"`
	Qualifier string `json:"qualifier,omitempty"`
	// SourceARN is the event source (queue, stream, topic, bucket, rule).
	SourceARN string `json:"sourceArn,omitempty"`
	// EventBus is, for an EventBridge rule's trigger, the bus the rule is
	// on (a name, ARN or token); "" for the default bus.
	EventBus string `json:"eventBus,omitempty"`
	// Mapping is true for an event source mapping (poll-based source).
	Mapping bool `json:"mapping,omitempty"`
	// Async is true when the source invokes the function asynchronously, so
	// failed events are retried and then dropped unless a DLQ or on-failure
	// destination is set.
	Async   bool `json:"async,omitempty"`
	Enabled bool `json:"enabled"`
	// OnFailure is an event source mapping's on-failure destination.
	OnFailure string `json:"onFailure,omitempty"`
	// MappingSettings are an event source mapping's batching and failure
	// settings (zero for push sources).
	MappingSettings
}

// API protocols.
const (
	ProtocolREST      = "REST"
	ProtocolHTTP      = "HTTP"
	ProtocolWebSocket = "WEBSOCKET"
)

// Authorization types of an API route, as API Gateway names them.
const (
	AuthNone    = "NONE"
	AuthIAM     = "AWS_IAM"
	AuthCustom  = "CUSTOM" // Lambda authorizer
	AuthCognito = "COGNITO_USER_POOLS"
	AuthJWT     = "JWT"
)

// API is an API Gateway REST, HTTP or WebSocket API.
type API struct {
	Resource
	Protocol string `json:"protocol"` // ProtocolREST, ProtocolHTTP or ProtocolWebSocket
	// EndpointTypes are EDGE, REGIONAL or PRIVATE (REST); HTTP APIs are
	// REGIONAL.
	EndpointTypes []string `json:"endpointTypes,omitempty"`
	// Policy is a REST API's resource policy; nil when it has none.
	Policy *Policy `json:"policy,omitempty"`
	// DisableExecuteAPIEndpoint is true when the default execute-api
	// endpoint is switched off (only a custom domain serves the API).
	DisableExecuteAPIEndpoint bool         `json:"disableExecuteApiEndpoint,omitempty"`
	Stages                    []Stage      `json:"stages,omitempty"`
	Authorizers               []Authorizer `json:"authorizers,omitempty"`
	Routes                    []Route      `json:"routes,omitempty"`
	UsagePlans                []UsagePlan  `json:"usagePlans,omitempty"`
	// Deployments are the API's deployments (deployment.go); a gap on
	// FieldDeployments when they could not be read.
	Deployments []Deployment `json:"deployments,omitempty"`
	// CORS are the places the API sets CORS headers (api_cors.go).
	CORS []APICORS `json:"cors,omitempty"`
}

// Stage is a deployed stage of an API.
type Stage struct {
	Name string `json:"name"`
	// RateLimit (requests per second) and BurstLimit are the stage-wide
	// default route/method throttling; nil when not set.
	RateLimit  *float64 `json:"rateLimit,omitempty"`
	BurstLimit *int     `json:"burstLimit,omitempty"`
	// WebACL is the WAFv2 web ACL associated with the stage (REST only).
	WebACL         string `json:"webAcl,omitempty"`
	AccessLogging  bool   `json:"accessLogging,omitempty"`
	TracingEnabled bool   `json:"tracingEnabled,omitempty"`
	// Deployment is the ID of the deployment the stage serves ("" when
	// it names none); AutoDeploy is true for an HTTP or WebSocket API
	// stage that API Gateway deploys to on every change.
	Deployment string `json:"deployment,omitempty"`
	AutoDeploy bool   `json:"autoDeploy,omitempty"`
	Source     Source `json:"source"`
	Gaps       []Gap  `json:"gaps,omitempty"`
}

// Authorizer is an API authorizer.
type Authorizer struct {
	ID   string `json:"id"`
	Name string `json:"name,omitempty"`
	// Type is TOKEN or REQUEST (Lambda), COGNITO_USER_POOLS, JWT, or AWS_IAM.
	Type string `json:"type"`
	// Function is the authorizer function's ID or ARN (Lambda authorizers).
	Function string `json:"function,omitempty"`
	Source   Source `json:"source"`
}

// Route is one method+path of an API (a REST method, an HTTP route key)
// and the function it integrates with.
type Route struct {
	Method string `json:"method"` // GET, POST, ANY, or "$default"/"$connect"
	Path   string `json:"path"`
	// Function is the integrated function's ID or ARN; empty for routes
	// that do not reach a function.
	Function          string `json:"function,omitempty"`
	AuthorizationType string `json:"authorizationType"` // one of the Auth* constants
	Authorizer        string `json:"authorizer,omitempty"`
	APIKeyRequired    bool   `json:"apiKeyRequired,omitempty"`
	RequestValidator  string `json:"requestValidator,omitempty"`
	// Integration is the type of the route's integration (IntegrationNone
	// when it has none); empty when the source did not say.
	Integration string `json:"integration,omitempty"`
	Source      Source `json:"source"`
	Gaps        []Gap  `json:"gaps,omitempty"`
	// IntegrationTimeoutMs is the integration's timeout in milliseconds;
	// 0 means not set, so API Gateway's default applies (29,000 ms for
	// REST and WebSocket APIs, 30,000 ms for HTTP APIs).
	// https://docs.aws.amazon.com/apigateway/latest/developerguide/limits.html
	IntegrationTimeoutMs int `json:"integrationTimeoutMs,omitempty"`
	// AsyncInvoke is true when a (non-proxy) Lambda integration invokes
	// the function asynchronously (the X-Amz-Invocation-Type header mapped
	// to 'Event'): API Gateway does not wait for it.
	// https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-lambda-integration-async.html
	AsyncInvoke bool `json:"asyncInvoke,omitempty"`
	// Streaming is true when the integration streams the response
	// (responseTransferMode STREAM): the stream may last 15 minutes.
	// https://docs.aws.amazon.com/apigateway/latest/developerguide/response-transfer-mode.html
	Streaming bool `json:"streaming,omitempty"`
}

// UsagePlan is a REST API usage plan covering some stages.
type UsagePlan struct {
	ID         string   `json:"id"`
	Stages     []string `json:"stages,omitempty"`
	RateLimit  *float64 `json:"rateLimit,omitempty"`
	BurstLimit *int     `json:"burstLimit,omitempty"`
	Source     Source   `json:"source"`
}

// LoadBalancer is an Application Load Balancer.
type LoadBalancer struct {
	Resource
	// Scheme is "internet-facing" (AWS's default) or "internal".
	Scheme         string     `json:"scheme,omitempty"`
	Type           string     `json:"type,omitempty"`
	SecurityGroups []string   `json:"securityGroups,omitempty"`
	WebACL         string     `json:"webAcl,omitempty"`
	Listeners      []Listener `json:"listeners,omitempty"`
}

// Listener is a load balancer listener and the target groups its actions
// forward to.
type Listener struct {
	ID           string   `json:"id"`
	Protocol     string   `json:"protocol,omitempty"`
	Port         int      `json:"port,omitempty"`
	TargetGroups []string `json:"targetGroups,omitempty"`
	// Authenticates is true when the listener authenticates users
	// (authenticate-cognito or authenticate-oidc action) before forwarding.
	Authenticates bool `json:"authenticates,omitempty"`
	// Routes are the listener's default actions and rules, each apart
	// (listener.go).
	Routes []ListenerRoute `json:"routes,omitempty"`
	// SSLPolicy is an HTTPS listener's security policy (as written or
	// returned); empty when none is given, so AWS's default for listeners
	// created outside the console (ELBSecurityPolicy-2016-08) applies.
	// https://docs.aws.amazon.com/elasticloadbalancing/latest/application/describe-ssl-policies.html
	SSLPolicy string `json:"sslPolicy,omitempty"`
	// SSLPolicyUnknown says why the security policy could not be resolved.
	SSLPolicyUnknown string `json:"sslPolicyUnknown,omitempty"`
	Source           Source `json:"source"`
}

// TargetGroup is a load balancer target group; for lambdasec, one whose
// targets are functions.
type TargetGroup struct {
	Resource
	TargetType string   `json:"targetType,omitempty"`
	Functions  []string `json:"functions,omitempty"`
}

// TriggerTypeOf returns the trigger type of an event source mapping from
// its source's ARN (the service part: sqs, kinesis, dynamodb, kafka, mq,
// rds for DocumentDB), or TriggerOther.
func TriggerTypeOf(s string) string {
	if a, err := arn.Parse(s); err == nil {
		switch a.Service {
		case "sqs":
			return TriggerSQS
		case "kinesis":
			return TriggerKinesis
		case "dynamodb":
			return TriggerDynamoDB
		case "kafka":
			return TriggerKafka
		case "mq":
			return TriggerMQ
		case "rds":
			return TriggerDocumentDB
		}
	}
	return TriggerOther
}

// asyncInvokers are the service principals that invoke functions
// asynchronously, with the trigger type each stands for.
// https://docs.aws.amazon.com/lambda/latest/dg/invocation-async.html
// https://docs.aws.amazon.com/lambda/latest/dg/lambda-services.html
var asyncInvokers = map[string]string{
	"s3.amazonaws.com":                       TriggerS3,
	"sns.amazonaws.com":                      TriggerSNS,
	"events.amazonaws.com":                   TriggerEventBridge,
	"scheduler.amazonaws.com":                TriggerSchedule,
	"logs.amazonaws.com":                     TriggerCloudWatchLogs,
	"iot.amazonaws.com":                      TriggerIoT,
	"ses.amazonaws.com":                      TriggerOther,
	"config.amazonaws.com":                   TriggerOther,
	"codecommit.amazonaws.com":               TriggerOther,
	"lambda.alarms.cloudwatch.amazonaws.com": TriggerOther,
}

// AsyncInvoker reports whether a service principal invokes functions
// asynchronously, and the trigger type it stands for. A regional form
// ("logs.eu-west-1.amazonaws.com") counts as the service.
func AsyncInvoker(principal string) (triggerType string, ok bool) {
	if t, ok := asyncInvokers[principal]; ok {
		return t, true
	}
	if svc, rest, found := strings.Cut(principal, "."); found && strings.Count(rest, ".") == 2 {
		_, tail, _ := strings.Cut(rest, ".")
		t, ok := asyncInvokers[svc+"."+tail]
		return t, ok
	}
	return "", false
}
