package trail

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws/arn"

	"github.com/lambdasec/lambdasec/internal/inventory"
)

// lambdaSource is the eventSource of Lambda's records.
const lambdaSource = "lambda.amazonaws.com"

// lambdaMarker is what a record of Lambda contains, byte for byte: records
// without it are dropped before they are decoded.
var lambdaMarker = []byte(lambdaSource)

// record is a CloudTrail record, the fields lambdasec reads. See
// https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html
type record struct {
	EventVersion string `json:"eventVersion"`
	UserIdentity struct {
		Type           string `json:"type"`
		ARN            string `json:"arn"`
		AccountID      string `json:"accountId"`
		InvokedBy      string `json:"invokedBy"`
		SessionContext struct {
			SessionIssuer struct {
				ARN string `json:"arn"`
			} `json:"sessionIssuer"`
		} `json:"sessionContext"`
	} `json:"userIdentity"`
	EventTime          string          `json:"eventTime"`
	EventSource        string          `json:"eventSource"`
	EventName          string          `json:"eventName"`
	AWSRegion          string          `json:"awsRegion"`
	SourceIPAddress    string          `json:"sourceIPAddress"`
	UserAgent          string          `json:"userAgent"`
	ErrorCode          string          `json:"errorCode"`
	ErrorMessage       string          `json:"errorMessage"`
	RequestParameters  json.RawMessage `json:"requestParameters"`
	ResponseElements   json.RawMessage `json:"responseElements"`
	EventID            string          `json:"eventID"`
	ReadOnly           json.RawMessage `json:"readOnly"`
	EventType          string          `json:"eventType"`
	ManagementEvent    json.RawMessage `json:"managementEvent"`
	RecipientAccountID string          `json:"recipientAccountId"`
	EventCategory      string          `json:"eventCategory"`
	Resources          []struct {
		ARN       string `json:"ARN"`
		AccountID string `json:"accountId"`
		Type      string `json:"type"`
	} `json:"resources"`
}

// ParseRecord decodes one CloudTrail record (a JSON object) into an
// event, with at as where it was read. It returns nil and no error for a
// record of another service than Lambda. The errors say what is wrong
// with the record: not a JSON object, no eventTime or one that is not
// RFC 3339, no eventName. It never panics, whatever data holds.
func ParseRecord(data []byte, at inventory.Source) (*inventory.Event, error) {
	if !bytes.Contains(data, lambdaMarker) {
		return nil, nil
	}
	var r record
	if err := json.Unmarshal(data, &r); err != nil {
		return nil, fmt.Errorf("not a CloudTrail record: %w", err)
	}
	if r.EventSource != lambdaSource {
		return nil, nil
	}
	return r.event(at)
}

func (r *record) event(at inventory.Source) (*inventory.Event, error) {
	if r.EventName == "" {
		return nil, fmt.Errorf("record %q has no eventName", r.EventID)
	}
	t, err := time.Parse(time.RFC3339, r.EventTime)
	if err != nil {
		return nil, fmt.Errorf("record %q: eventTime %q is not a date and time like 2026-01-31T12:00:00Z", r.EventID, r.EventTime)
	}
	ev := &inventory.Event{
		ID: r.EventID, Name: r.EventName, Operation: Operation(r.EventName), Source: r.EventSource,
		Time: t.UTC(), Region: r.AWSRegion, Account: r.RecipientAccountID,
		Actor: inventory.Actor{Type: r.UserIdentity.Type, ARN: r.UserIdentity.ARN, AccountID: r.UserIdentity.AccountID,
			Issuer: r.UserIdentity.SessionContext.SessionIssuer.ARN, InvokedBy: r.UserIdentity.InvokedBy,
			SourceIP: r.SourceIPAddress, UserAgent: r.UserAgent},
		ErrorCode: r.ErrorCode, ErrorMessage: r.ErrorMessage,
		ReadOnly: isTrue(r.ReadOnly), Data: r.EventCategory == "Data" || isFalse(r.ManagementEvent),
		At: at,
	}
	if ev.Account == "" {
		ev.Account = r.UserIdentity.AccountID
	}
	ev.Request = object(r.RequestParameters)
	ev.Response = object(r.ResponseElements)
	if ev.Data && ev.Request == nil {
		for _, res := range r.Resources {
			if res.Type == "AWS::Lambda::Function" {
				ev.Request = map[string]any{"functionName": res.ARN}
			}
		}
	}
	return ev, nil
}

// isTrue reads a JSON boolean that may be written as a string ("true"),
// as CloudTrail Lake results write it.
func isTrue(v json.RawMessage) bool {
	s := strings.Trim(string(v), `" `)
	return strings.EqualFold(s, "true")
}

func isFalse(v json.RawMessage) bool {
	s := strings.Trim(string(v), `" `)
	return strings.EqualFold(s, "false")
}

// object decodes a JSON object; anything else (null, absent, a string) is
// nil.
func object(v json.RawMessage) map[string]any {
	if len(v) == 0 || v[0] != '{' {
		return nil
	}
	var m map[string]any
	if json.Unmarshal(v, &m) != nil {
		return nil
	}
	return m
}

// Str returns the string parameter key of a decoded requestParameters
// (or responseElements) object, or "".
func Str(m map[string]any, key string) string {
	s, _ := m[key].(string)
	return s
}

// FunctionARN returns the unqualified ARN of the function an event is
// about: requestParameters.functionName as an ARN, a partial ARN
// ("123456789012:function:f") or a name, completed with the event's
// region and account and the partition of the caller's ARN ("aws" when it
// has none). It returns "" when the event names no function.
func FunctionARN(ev *inventory.Event) string {
	name := Str(ev.Request, "functionName")
	if name == "" {
		name = Str(ev.Response, "functionArn")
	}
	if name == "" {
		return ""
	}
	partition := "aws"
	if a, err := arn.Parse(ev.Actor.ARN); err == nil {
		partition = a.Partition
	}
	account, region := ev.Account, ev.Region
	if a, err := arn.Parse(name); err == nil {
		partition, account, region = a.Partition, a.AccountID, a.Region
		name = a.Resource
	}
	// name is now "function:f[:qualifier]", "account:function:f", or "f[:qualifier]".
	parts := strings.Split(name, ":")
	switch {
	case len(parts) >= 3 && parts[1] == "function":
		account, name = parts[0], parts[2]
	case len(parts) >= 2 && parts[0] == "function":
		name = parts[1]
	default:
		name = parts[0]
	}
	return "arn:" + partition + ":lambda:" + region + ":" + account + ":function:" + name
}
