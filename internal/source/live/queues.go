package live

import (
	"context"
	"encoding/json"
	"sort"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/arn"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"

	"github.com/lambdasec/lambdasec/internal/iampolicy"
	"github.com/lambdasec/lambdasec/internal/inventory"
)

// The access policies of the SQS queues and SNS topics the region's
// functions are tied to: who may send to a queue a function polls or
// publish to a topic a function subscribes to (LS112, LS110), and which
// execution roles they grant (LS213). The IAM actions are those the API
// references name.
// https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_GetQueueAttributes.html
// https://docs.aws.amazon.com/sns/latest/api/API_GetTopicAttributes.html
var (
	opGetQueueAttributes = op(sqs.ServiceID, "GetQueueAttributes", "sqs:GetQueueAttributes",
		"the access policy of each queue a function polls or sends failed events to", "LS110", "LS112", "LS213")
	opGetTopicAttributes = op(sns.ServiceID, "GetTopicAttributes", "sns:GetTopicAttributes",
		"the access policy of each topic that invokes a function or receives its failed events", "LS110", "LS112", "LS213")
)

// BucketSQS and BucketSNS pace the attribute reads. SQS publishes no rate
// for GetQueueAttributes; SNS throttles each API action per account and
// region at the rates its quotas page lists. lambdasec stays at a
// conservative 20 per second for each and lets adaptive retry handle the
// rest.
// https://docs.aws.amazon.com/general/latest/gr/sqs-service.html
// https://docs.aws.amazon.com/general/latest/gr/sns.html
var (
	BucketSQS = Bucket{Name: "sqs:attributes", Rate: 20, Burst: 20, Source: "SQS quotas: no published rate for GetQueueAttributes; conservative"}
	BucketSNS = Bucket{Name: "sns:attributes", Rate: 20, Burst: 20, Source: "SNS quotas: API throttling per action, account and region; conservative"}
)

// The error codes of a queue or topic that does not exist.
// https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_GetQueueAttributes.html#API_GetQueueAttributes_Errors
// https://docs.aws.amazon.com/sns/latest/api/API_GetTopicAttributes.html#API_GetTopicAttributes_Errors
var goneCodes = map[string]bool{"QueueDoesNotExist": true, "AWS.SimpleQueueService.NonExistentQueue": true, "NotFound": true}

// messagingSources returns the ARNs of the queues and topics of the
// region tied to its functions, sorted: the sources of SQS event source
// mappings, the topics whose grant of lambda:InvokeFunction to
// sns.amazonaws.com names them as aws:SourceArn, and the dead-letter
// targets and on-failure/on-success destinations of the functions and
// mappings.
func messagingSources(region string, fns []*inventory.Function, triggers []*inventory.Trigger) []string {
	seen := map[string]bool{}
	add := func(s string) {
		if a, err := arn.Parse(s); err == nil && (a.Service == "sqs" || a.Service == "sns") && a.Region == region && !strings.ContainsAny(a.Resource, "*?:") {
			seen[s] = true
		}
	}
	for _, t := range triggers {
		if t.Type == inventory.TriggerSQS {
			add(t.SourceARN)
		}
		add(t.OnFailure)
	}
	for _, f := range fns {
		add(f.DeadLetterTarget)
		if f.Async != nil {
			add(f.Async.OnFailure)
			add(f.Async.OnSuccess)
		}
		for _, rp := range f.Permissions {
			pol, err := iampolicy.Parse(rp.Policy.Document)
			if err != nil {
				continue
			}
			for _, st := range pol.Statements {
				if st.Effect != iampolicy.Allow || st.Principal == nil || !containsFold(st.Principal.Service, "sns.amazonaws.com") {
					continue
				}
				for _, c := range st.Conditions {
					if strings.EqualFold(c.Key, "aws:SourceArn") {
						for _, v := range c.Values {
							add(v)
						}
					}
				}
			}
		}
	}
	out := make([]string, 0, len(seen))
	for s := range seen {
		out = append(out, s)
	}
	sort.Strings(out)
	return out
}

// queueURL returns the URL of the queue an ARN names, in the form SQS
// gives queue URLs: https://sqs.REGION.amazonaws.com/ACCOUNT/NAME (and
// amazonaws.com.cn in the China partition).
// https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-queue-message-identifiers.html
func queueURL(a arn.ARN) string {
	suffix := "amazonaws.com"
	if a.Partition == "aws-cn" {
		suffix = "amazonaws.com.cn"
	}
	return "https://sqs." + a.Region + "." + suffix + "/" + a.AccountID + "/" + a.Resource
}

// collectQueuesTopics reads the access policy of every queue and topic
// messagingSources finds, into Others of type inventory.TypeQueue and
// inventory.TypeTopic. A read that fails is a gap on the policy (denied →
// the rules that need it say UNKNOWN); a queue or topic that does not
// exist is left out.
func (r *region) collectQueuesTopics(ctx context.Context) {
	var triggers []*inventory.Trigger
	r.add(func(e *inventory.Estate) {
		for _, t := range e.Triggers {
			if t.Region == r.name {
				triggers = append(triggers, t)
			}
		}
	})
	srcs := messagingSources(r.name, r.regionFunctions(), triggers)
	if len(srcs) == 0 {
		return
	}
	queues, topics := sqs.NewFromConfig(r.cfg), sns.NewFromConfig(r.cfg)
	out := make([]*inventory.Other, len(srcs))
	r.each(ctx, len(srcs), func(i int) {
		a, _ := arn.Parse(srcs[i])
		o := &inventory.Other{Resource: inventory.Resource{ID: srcs[i], ARN: srcs[i], Name: a.Resource, Region: r.name, Source: inventory.Source{ARN: srcs[i]}}}
		var doc, callKey string
		var err error
		if a.Service == "sqs" {
			o.Type, callKey = inventory.TypeQueue, call(opGetQueueAttributes)
			var res *sqs.GetQueueAttributesOutput
			res, err = queues.GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{QueueUrl: aws.String(queueURL(a)), AttributeNames: []sqstypes.QueueAttributeName{sqstypes.QueueAttributeNamePolicy}})
			if err == nil {
				doc = res.Attributes[string(sqstypes.QueueAttributeNamePolicy)]
			}
		} else {
			o.Type, callKey = inventory.TypeTopic, call(opGetTopicAttributes)
			var res *sns.GetTopicAttributesOutput
			res, err = topics.GetTopicAttributes(ctx, &sns.GetTopicAttributesInput{TopicArn: aws.String(srcs[i])})
			if err == nil {
				doc = res.Attributes["Policy"]
			}
		}
		switch {
		case goneCodes[errorCode(err)]:
			return
		case err != nil:
			gap(&o.Resource, callKey, err, inventory.FieldPermissions)
		case doc != "":
			o.Policy = &inventory.Policy{Name: "access policy", Document: json.RawMessage(doc), Source: o.Source}
		}
		out[i] = o
	})
	r.add(func(e *inventory.Estate) {
		for _, o := range out {
			if o != nil {
				e.Others = append(e.Others, o)
			}
		}
	})
}
