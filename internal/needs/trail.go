package needs

import (
	"encoding/json"
	"fmt"
	"net/url"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws/arn"

	"github.com/lambdasec/lambdasec/internal/inventory"
	"github.com/lambdasec/lambdasec/internal/trail"
)

// Trail is an ActivitySource built from CloudTrail records: the calls
// made with execution roles' sessions, by any service. Feed it every
// record with Add (trail.Options.Record does), then ask Activity. It is
// safe for concurrent use.
//
// A call belongs to a role when the record's
// userIdentity.sessionContext.sessionIssuer.arn is the role's ARN, and to
// a function when, in addition, the session name (the last part of
// userIdentity.arn, "arn:aws:sts::111122223333:assumed-role/ROLE/SESSION")
// is the function's name: Lambda names its sessions after the function.
// A function of a template that names none is matched by the name
// CloudFormation gives it ("STACK-LogicalID-RANDOM").
// https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-user-identity.html
type Trail struct {
	mu    sync.Mutex
	calls map[callKey]*callCount
	roles map[string]bool // issuer ARNs seen
	first time.Time
	last  time.Time
}

type callKey struct {
	issuer, session, action, resource string
}

type callCount struct {
	n, denied   int
	first, last time.Time
	at          inventory.Source
}

// NewTrail returns an empty Trail.
func NewTrail() *Trail {
	return &Trail{calls: map[callKey]*callCount{}, roles: map[string]bool{}}
}

// activityRecord is the part of a CloudTrail record Trail reads.
// https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html
type activityRecord struct {
	UserIdentity struct {
		Type           string `json:"type"`
		ARN            string `json:"arn"`
		SessionContext struct {
			SessionIssuer struct {
				ARN string `json:"arn"`
			} `json:"sessionIssuer"`
		} `json:"sessionContext"`
	} `json:"userIdentity"`
	EventTime         string         `json:"eventTime"`
	EventSource       string         `json:"eventSource"`
	EventName         string         `json:"eventName"`
	AWSRegion         string         `json:"awsRegion"`
	ErrorCode         string         `json:"errorCode"`
	RecipientAccount  string         `json:"recipientAccountId"`
	RequestParameters map[string]any `json:"requestParameters"`
	Resources         []struct {
		ARN  string `json:"ARN"`
		Type string `json:"type"`
	} `json:"resources"`
}

// roleMarker is in every record made with an assumed role's session;
// records without it are dropped before they are decoded.
var roleMarker = []byte(`"AssumedRole"`)

// Add reads one CloudTrail record (a JSON object) read from at. Records
// not made with an assumed role's session, and records that are not
// valid, are ignored: the trail reader reports bad records itself.
func (t *Trail) Add(data []byte, at inventory.Source) {
	if !containsBytes(data, roleMarker) {
		return
	}
	var r activityRecord
	if json.Unmarshal(data, &r) != nil || r.UserIdentity.Type != "AssumedRole" {
		return
	}
	issuer := r.UserIdentity.SessionContext.SessionIssuer.ARN
	if issuer == "" || r.EventSource == "" || r.EventName == "" {
		return
	}
	when, err := time.Parse(time.RFC3339, r.EventTime)
	if err != nil {
		return
	}
	session := ""
	if i := strings.LastIndexByte(r.UserIdentity.ARN, '/'); i >= 0 {
		session = r.UserIdentity.ARN[i+1:]
	}
	action := actionOf(r.EventSource, trail.Operation(r.EventName))
	acct := r.RecipientAccount
	if a, err := arn.Parse(issuer); err == nil && acct == "" {
		acct = a.AccountID
	}
	res := resourceOf(&r, action, acct)
	k := callKey{issuer, session, action, res}
	t.mu.Lock()
	defer t.mu.Unlock()
	t.roles[issuer] = true
	c := t.calls[k]
	if c == nil {
		c = &callCount{first: when, last: when, at: at}
		t.calls[k] = c
	}
	c.n++
	if trail.IsAccessDenied(r.ErrorCode) {
		c.denied++
	}
	if when.Before(c.first) {
		c.first, c.at = when, at
	}
	if when.After(c.last) {
		c.last = when
	}
	if t.first.IsZero() || when.Before(t.first) {
		t.first = when
	}
	if when.After(t.last) {
		t.last = when
	}
}

func containsBytes(b, sub []byte) bool {
	return strings.Contains(string(b), string(sub))
}

// Window returns the time of the first and last record Add kept (zero
// when none).
func (t *Trail) Window() (first, last time.Time) {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.first, t.last
}

// Activity returns the calls made with function f's sessions, as needs
// with their counts (Need.Count) and the record of the first (Need.File),
// and whether any record of f's role was seen. When no session is named
// after f (its name is not known, or the records predate it), the calls
// of every session of its role are returned, and their reasons say so.
func (t *Trail) Activity(f *inventory.Function) ([]Need, bool) {
	role := f.Role
	t.mu.Lock()
	defer t.mu.Unlock()
	if role == "" || !t.roles[role] {
		// A template names its role by a token: match the function's
		// sessions under any role instead.
		role = ""
	}
	var mine, roleWide []callKey
	for k := range t.calls {
		if role != "" && k.issuer != role {
			continue
		}
		switch {
		case f.Name != "" && k.session == f.Name, f.Name == "" && deployedName(k.session, f.ID):
			mine = append(mine, k)
		case role != "":
			roleWide = append(roleWide, k)
		}
	}
	keys, scope := mine, "its sessions"
	if len(mine) == 0 {
		keys, scope = roleWide, "the sessions of its role (none named after the function)"
	}
	if len(keys) == 0 {
		return nil, false
	}
	sort.Slice(keys, func(i, j int) bool {
		a, b := keys[i], keys[j]
		if a.action != b.action {
			return a.action < b.action
		}
		if a.resource != b.resource {
			return a.resource < b.resource
		}
		return a.session < b.session
	})
	var out []Need
	for _, k := range keys {
		c := t.calls[k]
		why := fmt.Sprintf("CloudTrail: %s by %s, %s to %s", times(c.n), scope,
			c.first.Format(time.RFC3339), c.last.Format(time.RFC3339))
		if c.denied > 0 {
			why += fmt.Sprintf(" (%d denied)", c.denied)
		}
		if k.resource == "" && !takesNoResource(k.action) {
			why += "; the records name no resource"
		}
		res := k.resource
		switch {
		case res == "" && takesNoResource(k.action):
			res = "*"
		case res == "":
			res = Placeholder(serviceOfAction(k.action), "resource the records do not name")
		}
		out = append(out, Need{Action: k.action, Resource: res, Reason: why, File: c.at.String(), Count: c.n})
	}
	return out, true
}

// deployedName reports whether session is the name CloudFormation gives
// a function of logical ID id that names none: "STACK-ID-SUFFIX", the
// suffix random. (A name over 64 characters has its parts cut, and is
// not matched.)
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-name.html
func deployedName(session, id string) bool {
	if id == "" || strings.ContainsAny(id, ":/.") {
		return false
	}
	return strings.Contains(session, "-"+id+"-")
}

func times(n int) string {
	if n == 1 {
		return "called once"
	}
	return fmt.Sprintf("called %d times", n)
}

func serviceOfAction(a string) string {
	svc, _, _ := strings.Cut(a, ":")
	return svc
}

// noResource are actions that support no resource type, so a policy
// grants them on "*" (the Service Authorization Reference lists no
// resource for them): for these a record that names no resource is
// complete.
// https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html
// https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsx-ray.html
// https://docs.aws.amazon.com/service-authorization/latest/reference/list_awssecuritytokenservice.html
var noResource = map[string]bool{
	"s3:ListAllMyBuckets": true, "sts:GetCallerIdentity": true, "cloudwatch:PutMetricData": true,
	"xray:PutTraceSegments": true, "xray:PutTelemetryRecords": true, "xray:GetSamplingRules": true,
	"xray:GetSamplingTargets": true, "xray:GetSamplingStatisticSummaries": true,
	"dynamodb:ListTables": true, "sqs:ListQueues": true, "sns:ListTopics": true, "lambda:ListFunctions": true,
	"secretsmanager:ListSecrets": true, "kms:ListKeys": true, "kms:ListAliases": true, "ssm:DescribeParameters": true,
}

// takesNoResource reports whether action supports no resource type: one
// of noResource, or an EC2 Describe action.
func takesNoResource(action string) bool {
	return noResource[action] || strings.HasPrefix(action, "ec2:Describe")
}

// sourcePrefixes are the event sources whose IAM service prefix is not
// the first label of the source's host name.
// https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html
var sourcePrefixes = map[string]string{
	"monitoring.amazonaws.com": "cloudwatch",
	"email.amazonaws.com":      "ses",
	"tagging.amazonaws.com":    "tag",
	"api.ecr.amazonaws.com":    "ecr",
}

// operationActions are the API operations whose IAM action has another
// name, per the Service Authorization Reference ("ListObjectsV2" is
// authorized as s3:ListBucket).
// https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html
var operationActions = map[string]string{
	"s3:ListObjects":        "s3:ListBucket",
	"s3:ListObjectsV2":      "s3:ListBucket",
	"s3:ListObjectVersions": "s3:ListBucketVersions",
	"s3:HeadObject":         "s3:GetObject",
	"s3:HeadBucket":         "s3:ListBucket",
	"s3:CopyObject":         "s3:PutObject",
	"s3:ListBuckets":        "s3:ListAllMyBuckets",
}

// actionOf returns the IAM action an API call of source is authorized
// as ("s3.amazonaws.com", "GetObject" -> "s3:GetObject").
func actionOf(source, op string) string {
	svc, ok := sourcePrefixes[source]
	if !ok {
		svc, _, _ = strings.Cut(source, ".")
	}
	a := svc + ":" + op
	if m, ok := operationActions[a]; ok {
		return m
	}
	return a
}

// resourceOf returns the resource ARN a call was made on: the record's
// resources element (an object's bucket stands for its objects,
// "arn:aws:s3:::b/*"), else the ARN its request parameters name for the
// services lambdasec knows; "" when neither says.
func resourceOf(r *activityRecord, action, acct string) string {
	svc := serviceOfAction(action)
	var bucket string
	for _, res := range r.Resources {
		a, err := arn.Parse(res.ARN)
		if err != nil || a.Service != svc {
			continue
		}
		if svc == "s3" {
			if res.Type == "AWS::S3::Object" {
				b, _, _ := strings.Cut(a.Resource, "/")
				return "arn:" + a.Partition + ":s3:::" + b + "/*"
			}
			bucket = res.ARN
			continue
		}
		return res.ARN
	}
	if bucket != "" {
		return bucket
	}
	p := r.RequestParameters
	str := func(k string) string { s, _ := p[k].(string); return s }
	region := r.AWSRegion
	switch svc {
	case "s3":
		if b := str("bucketName"); b != "" {
			if str("key") != "" {
				return "arn:aws:s3:::" + b + "/*"
			}
			return "arn:aws:s3:::" + b
		}
	case "dynamodb":
		if t := str("tableName"); t != "" {
			if strings.HasPrefix(t, "arn:") {
				return t
			}
			return fmt.Sprintf("arn:aws:dynamodb:%s:%s:table/%s", region, acct, t)
		}
	case "sqs":
		if u, err := url.Parse(str("queueUrl")); err == nil && u.Host != "" {
			parts := strings.Split(strings.Trim(u.Path, "/"), "/")
			if len(parts) == 2 {
				return fmt.Sprintf("arn:aws:sqs:%s:%s:%s", region, parts[0], parts[1])
			}
		}
	case "sns":
		if a := str("topicArn"); a != "" {
			return a
		}
	case "secretsmanager":
		if s := str("secretId"); strings.HasPrefix(s, "arn:") {
			return s
		} else if s != "" {
			// A name: Secrets Manager appends six random characters.
			return fmt.Sprintf("arn:aws:secretsmanager:%s:%s:secret:%s-??????", region, acct, s)
		}
	case "ssm":
		if n := str("name"); n != "" {
			return fmt.Sprintf("arn:aws:ssm:%s:%s:parameter/%s", region, acct, strings.TrimPrefix(n, "/"))
		}
	case "kms":
		if k := str("keyId"); strings.HasPrefix(k, "arn:") {
			return k
		}
	case "lambda":
		if fn := str("functionName"); fn != "" {
			ev := &inventory.Event{Request: p, Region: region, Account: acct}
			return trail.FunctionARN(ev)
		}
	case "states":
		if a := str("stateMachineArn"); a != "" {
			return a
		}
	}
	return ""
}
