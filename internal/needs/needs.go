package needs

import (
	"fmt"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws/arn"

	"github.com/lambdasec/lambdasec/internal/iampolicy"
	"github.com/lambdasec/lambdasec/internal/inventory"
)

// Need is a permission a function is known to need — an action (or action
// pattern) on a resource — and the evidence for it.
type Need struct {
	Action   string `json:"action"`
	Resource string `json:"resource"`
	// Reason says where the need was seen: "SQS event source", "environment
	// variable TABLE_NAME", "CloudTrail: called 41 times".
	Reason string `json:"reason"`
	// File and Line locate the evidence when it is a line of code (the AWS
	// SDK call, 1-based line); empty and 0 otherwise.
	File string `json:"file,omitempty"`
	Line int    `json:"line,omitempty"`
	// Count is how many times the need was seen (CloudTrail records, call
	// sites); 0 when not counted.
	Count int `json:"count,omitempty"`
}

// ActivitySource supplies what functions were seen doing (from CloudTrail
// records), to complete what the configuration shows. Rules use it when
// Config.Activity is set.
type ActivitySource interface {
	// Activity returns the calls function f made, as needs, and whether
	// the source has any record of f at all.
	Activity(f *inventory.Function) ([]Need, bool)
}

// CodeSource supplies what functions' code was seen calling: the AWS SDK
// calls that static analysis of a handler package finds (internal/needs/code).
type CodeSource interface {
	// Code returns the calls function f's code makes, as needs that carry
	// File and Line, and whether any of f's code could be read at all.
	Code(f *inventory.Function) ([]Need, bool)
}

// EstateBinder is implemented by a CodeSource that must learn the estates
// of a run (to resolve the resources functions' environments name) before
// its Code is called; the scan pipeline calls Bind with each estate as it
// is read, before judging it, and Release once it is judged, so the
// source does not keep the estate.
type EstateBinder interface {
	Bind(estates []*inventory.Estate)
	Release(estates []*inventory.Estate)
}

// Actions the Lambda service calls with the execution role for an event
// source mapping, as AWS's execution role policies for each source list
// them (AWSLambdaSQSQueueExecutionRole, AWSLambdaKinesisExecutionRole,
// AWSLambdaDynamoDBExecutionRole, AWSLambdaMSKExecutionRole).
// https://docs.aws.amazon.com/lambda/latest/dg/lambda-intro-execution-role.html
var pollerActions = map[string][]string{
	inventory.TriggerSQS:      {"sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"},
	inventory.TriggerKinesis:  {"kinesis:DescribeStream", "kinesis:DescribeStreamSummary", "kinesis:GetRecords", "kinesis:GetShardIterator", "kinesis:ListShards", "kinesis:SubscribeToShard"},
	inventory.TriggerDynamoDB: {"dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator", "dynamodb:ListStreams"},
	inventory.TriggerKafka:    {"kafka:DescribeCluster", "kafka:DescribeClusterV2", "kafka:GetBootstrapBrokers", "ec2:CreateNetworkInterface", "ec2:DescribeNetworkInterfaces", "ec2:DeleteNetworkInterface"},
	inventory.TriggerMQ:       {"mq:DescribeBroker", "secretsmanager:GetSecretValue"},
}

// estate is the estate Of reads, with its index.
type estate struct {
	Estate *inventory.Estate
	Index  *inventory.Index
}

// Of lists what function f of estate e (indexed by idx) is known to need
// from its configuration:
// writing its logs, tracing, its VPC network interfaces, reading its event
// source mappings, sending to its dead-letter queue and destinations,
// decrypting its variables, and some access to every resource of the
// estate its environment variables name. With an ActivitySource, what the
// function was seen calling is added. complete is false when no activity
// was available, so the list may miss what only the code shows.
func Of(e *inventory.Estate, idx *inventory.Index, f *inventory.Function, activity ActivitySource) (needs []Need, complete bool) {
	in := estate{e, idx}
	acct, region := e.Account, f.Region
	for _, id := range []string{f.ARN, f.ID} {
		if a, err := arn.Parse(id); err == nil && region == "" && !inventory.HasToken(a.Region) {
			region = a.Region
		}
	}
	if region == "" {
		region = inventory.RegionToken
	}
	name := f.Name
	if name == "" {
		name = inventory.RefToken(f.ID)
	}
	logGroup := fmt.Sprintf("arn:aws:logs:%s:%s:log-group:/aws/lambda/%s:*", region, acct, name)
	for _, a := range []string{"logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"} {
		needs = append(needs, Need{Action: a, Resource: logGroup, Reason: "its own logs"})
	}
	if f.TracingMode == "Active" {
		for _, a := range []string{"xray:PutTraceSegments", "xray:PutTelemetryRecords"} {
			needs = append(needs, Need{Action: a, Resource: "*", Reason: "active tracing"})
		}
	}
	if f.VPC != nil {
		for _, a := range []string{"ec2:CreateNetworkInterface", "ec2:DescribeNetworkInterfaces", "ec2:DeleteNetworkInterface", "ec2:AssignPrivateIpAddresses", "ec2:UnassignPrivateIpAddresses"} {
			needs = append(needs, Need{Action: a, Resource: "*", Reason: "its VPC network interfaces"})
		}
	}
	for _, t := range in.Estate.Triggers {
		if t.Function != f.ID || !t.Mapping {
			continue
		}
		for _, a := range pollerActions[t.Type] {
			needs = append(needs, Need{Action: a, Resource: in.resourceARN(t.SourceARN), Reason: t.Type + " event source " + inventory.Describe(t.SourceARN)})
		}
		if t.OnFailure != "" {
			needs = append(needs, sendNeeds(in.resourceARN(t.OnFailure), "on-failure destination of the "+t.Type+" event source")...)
		}
	}
	if f.DeadLetterTarget != "" {
		needs = append(needs, sendNeeds(in.resourceARN(f.DeadLetterTarget), "dead-letter queue")...)
	}
	if f.Async != nil {
		for _, d := range []string{f.Async.OnFailure, f.Async.OnSuccess} {
			if d != "" {
				needs = append(needs, sendNeeds(in.resourceARN(d), "asynchronous invocation destination")...)
			}
		}
	}
	if f.KMSKey != "" {
		needs = append(needs, Need{Action: "kms:Decrypt", Resource: in.resourceARN(f.KMSKey), Reason: "its environment's KMS key"})
	}
	for _, v := range f.Environment {
		for _, o := range in.namedBy(v.Value) {
			svc := serviceOf(o.ARN)
			if svc == "" {
				continue
			}
			why := envReason + v.Name + " names " + o.Label()
			needs = append(needs, Need{Action: svc + ":*", Resource: o.ARN, Reason: why})
			if svc == "s3" {
				needs = append(needs, Need{Action: svc + ":*", Resource: o.ARN + "/*", Reason: why})
			}
		}
	}
	if activity != nil {
		if act, ok := activity.Activity(f); ok {
			return append(needs, act...), true
		}
	}
	return needs, false
}

func sendNeeds(arn, why string) []Need {
	switch serviceOf(arn) {
	case "sqs":
		return []Need{{Action: "sqs:SendMessage", Resource: arn, Reason: why}}
	case "sns":
		return []Need{{Action: "sns:Publish", Resource: arn, Reason: why}}
	case "events":
		return []Need{{Action: "events:PutEvents", Resource: arn, Reason: why}}
	case "lambda":
		return []Need{{Action: "lambda:InvokeFunction", Resource: arn, Reason: why}}
	case "s3":
		return []Need{{Action: "s3:PutObject", Resource: arn + "/*", Reason: why}, {Action: "s3:ListBucket", Resource: arn, Reason: why}}
	}
	return nil
}

// serviceOf returns the service of an ARN ("dynamodb"), or "".
func serviceOf(s string) string {
	a, err := arn.Parse(s)
	if err != nil {
		return ""
	}
	return a.Service
}

// resourceARN turns a reference to a resource of the estate (a token, a
// name) into its ARN, when the estate knows it; otherwise the reference.
func (in estate) resourceARN(ref string) string {
	if strings.HasPrefix(ref, "arn:") {
		return ref
	}
	if os := in.namedBy(ref); len(os) == 1 {
		return os[0].ARN
	}
	if k := in.Index.KMSKey(ref); k != nil && k.ARN != "" {
		return k.ARN
	}
	return ref
}

// namedBy returns the data resources (Others) a value names: through a
// Ref/GetAtt token, their ARN, or their physical name.
func (in estate) namedBy(value string) []*inventory.Other {
	if value == "" {
		return nil
	}
	ids := inventory.ReferencedIDs(value)
	var out []*inventory.Other
	for _, o := range in.Estate.Others {
		hit := slices.Contains(ids, o.ID)
		if !hit && o.ARN != "" && !inventory.HasToken(o.ARN) && strings.Contains(value, o.ARN) {
			hit = true
		}
		if !hit && o.Name != "" && !inventory.HasToken(o.Name) && value == o.Name {
			hit = true
		}
		if hit {
			out = append(out, o)
		}
	}
	return out
}

// ServedBy reports whether statement st grants something n asks for: an
// action of the statement overlaps the need's action, and a resource of
// the statement covers the need's resource (or they name the same resource
// of the estate).
func (n Need) ServedBy(st *iampolicy.Statement) bool {
	actionOK := false
	if st.NotAction != nil {
		actionOK = st.CoversAction(n.Action)
	}
	for _, a := range st.Action {
		if iampolicy.MatchAction(a, n.Action) || iampolicy.MatchAction(n.Action, a) {
			actionOK = true
			break
		}
	}
	if !actionOK {
		return false
	}
	if st.NotResource != nil {
		return st.CoversResource(n.Resource)
	}
	if st.Resource == nil {
		return true
	}
	needIDs := inventory.ReferencedIDs(n.Resource)
	for _, r := range st.Resource {
		if iampolicy.MatchResource(r, n.Resource) || iampolicy.MatchResource(n.Resource, r) || sameDeployed(r, n.Resource) {
			return true
		}
		for _, id := range inventory.ReferencedIDs(r) {
			if slices.Contains(needIDs, id) {
				return true
			}
		}
	}
	return false
}
