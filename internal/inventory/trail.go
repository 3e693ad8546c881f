package inventory

import "time"

// KindActivity is the kind of an estate read from CloudTrail records
// (`lambdasec trail`): one per account the records were delivered for
// (recipientAccountId), holding Events and Invocations, and nothing of
// the account's configuration.
const KindActivity = "cloudtrail"

// Event is one CloudTrail record of Lambda activity, as the activity
// rules (LS8xx) read it. Field names follow the CloudTrail record
// contents reference:
// https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html
type Event struct {
	// ID is the record's eventID (records are deduplicated on it).
	ID string `json:"eventId"`
	// Name is eventName as logged, version suffix included
	// ("AddPermission20150331v2"); Operation is the API operation it
	// names ("AddPermission").
	Name      string    `json:"eventName"`
	Operation string    `json:"operation"`
	Source    string    `json:"eventSource"` // "lambda.amazonaws.com"
	Time      time.Time `json:"eventTime"`
	Region    string    `json:"awsRegion,omitempty"`
	// Account is recipientAccountId: the account the event happened in.
	Account string `json:"recipientAccountId,omitempty"`
	Actor   Actor  `json:"actor"`
	// ErrorCode and ErrorMessage are set when the call failed
	// ("AccessDenied", "AccessDeniedException").
	ErrorCode    string `json:"errorCode,omitempty"`
	ErrorMessage string `json:"errorMessage,omitempty"`
	// ReadOnly and Data say whether the event is a read and whether it is
	// a data event (Invoke) rather than a management event.
	ReadOnly bool `json:"readOnly,omitempty"`
	Data     bool `json:"data,omitempty"`
	// Request is requestParameters, decoded as JSON (nil when absent).
	Request map[string]any `json:"requestParameters,omitempty"`
	// Response is responseElements, decoded as JSON (nil when absent).
	Response map[string]any `json:"responseElements,omitempty"`
	// At is where the record was read: the file and, as LogicalID,
	// "Records[12]" (the index in the file) or "event <eventID>" for
	// LookupEvents.
	At Source `json:"source"`
}

// Actor is who made a call: the userIdentity element of a record.
// https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-user-identity.html
type Actor struct {
	Type      string `json:"type,omitempty"` // IAMUser, AssumedRole, Root, AWSService, AWSAccount...
	ARN       string `json:"arn,omitempty"`
	AccountID string `json:"accountId,omitempty"`
	// Issuer is sessionContext.sessionIssuer.arn: the role a session was
	// assumed from (the stable identity of an AssumedRole caller).
	Issuer string `json:"sessionIssuer,omitempty"`
	// InvokedBy is the AWS service that made the call on the caller's
	// behalf ("cloudformation.amazonaws.com"), or the service principal
	// of an AWSService identity.
	InvokedBy string `json:"invokedBy,omitempty"`
	SourceIP  string `json:"sourceIPAddress,omitempty"`
	UserAgent string `json:"userAgent,omitempty"`
}

// Principal returns the stable identity of the caller: the session
// issuer's ARN for an assumed role (session names change), else the ARN,
// else the invoking service, else the account.
func (a Actor) Principal() string {
	switch {
	case a.Issuer != "":
		return a.Issuer
	case a.ARN != "":
		return a.ARN
	case a.InvokedBy != "":
		return a.InvokedBy
	}
	return a.AccountID
}

// Invocations counts the Invoke data events of one function by one
// caller account in one hour: data events are aggregated as they are
// read, never kept one by one, so memory does not grow with them.
type Invocations struct {
	Function string    `json:"function"` // function ARN, unqualified
	Caller   string    `json:"callerAccount"`
	Hour     time.Time `json:"hour"` // start of the hour, UTC
	Count    int       `json:"count"`
	// Denied counts those that failed with an access-denied error.
	Denied int `json:"denied,omitempty"`
	// First is the first record counted, as evidence.
	First Source `json:"first"`
	// FirstActor is the caller of the first record counted.
	FirstActor Actor `json:"firstActor"`
}
