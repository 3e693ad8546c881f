package inventory

// DomainName is an API Gateway custom domain name: the TLS security policy
// its clients negotiate with, and the APIs mapped to it.
// https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-custom-domain-tls-version.html
type DomainName struct {
	Resource
	// Protocol is ProtocolREST for an API Gateway (v1) domain name, or
	// ProtocolHTTP for an API Gateway v2 one (HTTP and WebSocket APIs).
	Protocol string `json:"protocol,omitempty"`
	// SecurityPolicy is the policy as written or returned ("TLS_1_2",
	// "SecurityPolicy_TLS13_1_2_2021_06"); empty when none is given, so
	// AWS's default for domain names (TLS_1_2) applies. A value that could
	// not be resolved has a Gap for FieldSecurityPolicy.
	SecurityPolicy string `json:"securityPolicy,omitempty"`
	// EndpointType is EDGE, REGIONAL or PRIVATE, when known.
	EndpointType string `json:"endpointType,omitempty"`
	// APIs are the IDs (or ARNs, or API IDs of a live account) of the APIs
	// mapped to the domain name, when the source shows them.
	APIs []string `json:"apis,omitempty"`
	// PolicySource is where the security policy is written (the domain
	// name's own position when it is not).
	PolicySource Source `json:"policySource,omitzero"`
}

// FieldSecurityPolicy names a domain name's or listener's TLS security
// policy in Gap.Field.
const FieldSecurityPolicy = "securityPolicy"
