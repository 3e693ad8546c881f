package live

import (
	"context"
	"encoding/json"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/arn"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	ebtypes "github.com/aws/aws-sdk-go-v2/service/eventbridge/types"

	"github.com/lambdasec/lambdasec/internal/inventory"
)

// What lambdasec reads of Amazon EventBridge: the rules of the region's
// default event bus (where CloudTrail delivers AWS API calls), their
// targets (which of them invoke a function, and whether a rule alerts
// anyone, LS607), and the bus's resource policy (which accounts may put
// events on it).
// https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_ListRules.html
// https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_ListTargetsByRule.html
// https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_DescribeEventBus.html
var (
	opListRules = op(eventbridge.ServiceID, "ListRules", "events:ListRules",
		"the default event bus's rules: which match Lambda's CloudTrail events (AddPermission, CreateFunctionUrlConfig)", "LS607")
	opListTargetsByRule = op(eventbridge.ServiceID, "ListTargetsByRule", "events:ListTargetsByRule",
		"each rule's targets: whether it alerts anyone (and which functions it invokes)", "LS607")
	opDescribeEventBus = op(eventbridge.ServiceID, "DescribeEventBus", "events:DescribeEventBus",
		"the default event bus's resource policy (who may put events on it)", "LS213")
)

// BucketEventBridge paces the EventBridge reads: EventBridge throttles
// its control-plane actions per account and region at the rates its
// quotas page lists; lambdasec stays at a conservative 10 per second.
// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-quota.html
var BucketEventBridge = Bucket{Name: "eventbridge:control-plane", Rate: 10, Burst: 10, Source: "EventBridge quotas: control-plane API throttling per account and region; conservative"}

// typeEventBus is the Other type of an event bus, as the Terraform reader
// names it.
const typeEventBus = "AWS::Events::EventBus"

// collectEventRules reads the default bus's rules and their targets, and
// the bus's policy. A rule with an event pattern becomes an EventRule
// (Targets -1, with a gap, when its targets could not be read); every
// target that is a Lambda function becomes a trigger of type eventbridge
// (schedule for a scheduled rule). A listing that fails is a gap of the
// region ("event rules in REGION", which LS607 reads).
func (r *region) collectEventRules(ctx context.Context) {
	client := eventbridge.NewFromConfig(r.cfg)
	var rules []ebtypes.Rule
	var next *string
	for {
		page, err := client.ListRules(ctx, &eventbridge.ListRulesInput{NextToken: next})
		if err != nil {
			r.estateGap(call(opListRules), err, "event rules")
			rules = nil
			break
		}
		rules = append(rules, page.Rules...)
		if next = page.NextToken; aws.ToString(next) == "" {
			break
		}
	}
	out := make([]*inventory.EventRule, len(rules))
	triggers := make([][]*inventory.Trigger, len(rules))
	r.each(ctx, len(rules), func(i int) {
		out[i], triggers[i] = r.eventRule(ctx, client, rules[i])
	})
	bus := r.eventBus(ctx, client)
	r.add(func(e *inventory.Estate) {
		for i, er := range out {
			if er != nil {
				e.EventRules = append(e.EventRules, er)
			}
			e.Triggers = append(e.Triggers, triggers[i]...)
		}
		if bus != nil {
			e.Others = append(e.Others, bus)
		}
	})
}

// eventRule reads one rule's targets. It returns the EventRule (nil for a
// rule with no event pattern) and the triggers of its function targets.
func (r *region) eventRule(ctx context.Context, client *eventbridge.Client, rule ebtypes.Rule) (*inventory.EventRule, []*inventory.Trigger) {
	id := aws.ToString(rule.Arn)
	res := inventory.Resource{ID: id, ARN: id, Name: aws.ToString(rule.Name), Region: r.name, Source: inventory.Source{ARN: id}}
	enabled := rule.State == ebtypes.RuleStateEnabled
	var er *inventory.EventRule
	if p := aws.ToString(rule.EventPattern); p != "" {
		er = &inventory.EventRule{Resource: res, Pattern: p, Enabled: enabled}
	}
	typ := inventory.TriggerEventBridge
	if aws.ToString(rule.ScheduleExpression) != "" {
		typ = inventory.TriggerSchedule
	}
	var out []*inventory.Trigger
	targets := 0
	var next *string
	for {
		page, err := client.ListTargetsByRule(ctx, &eventbridge.ListTargetsByRuleInput{Rule: rule.Name, NextToken: next})
		if err != nil {
			if er != nil {
				er.Targets = -1
				gap(&er.Resource, call(opListTargetsByRule), err, inventory.FieldTargets)
			}
			return er, out
		}
		targets += len(page.Targets)
		for _, t := range page.Targets {
			fn := aws.ToString(t.Arn)
			if a, err := arn.Parse(fn); err != nil || a.Service != "lambda" || !strings.HasPrefix(a.Resource, "function:") {
				continue
			}
			out = append(out, &inventory.Trigger{
				Resource: inventory.Resource{ID: id + " target " + aws.ToString(t.Id), Name: aws.ToString(t.Id), Region: r.name, Source: res.Source},
				Type:     typ, Function: unqualified(fn), Qualifier: qualifierOf(fn), SourceARN: id, Async: true, Enabled: enabled,
			})
		}
		if next = page.NextToken; aws.ToString(next) == "" {
			break
		}
	}
	if er != nil {
		er.Targets = targets
	}
	return er, out
}

// eventBus reads the default bus's policy into an Other (Policy nil when
// it has none; a gap when it could not be read).
func (r *region) eventBus(ctx context.Context, client *eventbridge.Client) *inventory.Other {
	id := r.arn("events", r.id, "event-bus/default")
	o := &inventory.Other{Resource: inventory.Resource{ID: id, ARN: id, Name: "default", Region: r.name, Source: inventory.Source{ARN: id}}, Type: typeEventBus}
	res, err := client.DescribeEventBus(ctx, &eventbridge.DescribeEventBusInput{})
	switch {
	case err != nil:
		gap(&o.Resource, call(opDescribeEventBus), err, inventory.FieldPermissions)
	case aws.ToString(res.Policy) != "":
		o.Policy = &inventory.Policy{Name: "event bus policy", Document: json.RawMessage(aws.ToString(res.Policy)), Source: o.Source}
	}
	return o
}
