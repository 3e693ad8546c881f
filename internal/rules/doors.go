package rules

import (
	"fmt"

	"github.com/lambdasec/lambdasec/internal/exposure"
)

// KindEventSource is the kind of an LS125 result: a bus, stream or table
// feeding a function (Resource is the door's key: the source's ID, and
// for a bus the rule).
const KindEventSource Kind = "event-source"

var albNoAuth = &Rule{
	ID:       "LS124",
	Name:     "alb-function-no-auth",
	Severity: High,
	Title:    "Internet-facing load balancer forwards to a function without authenticating users",
	Description: "An Application Load Balancer with the internet-facing scheme, whose security groups admit an " +
		"internet address (0.0.0.0/0 or ::/0) on the listener's port, forwards requests to a function — through " +
		"its listener's default action or a listener rule — with no authenticate-oidc or authenticate-cognito " +
		"action first: anyone on the internet can invoke the function with a request they write. Each route is " +
		"judged apart, so a rule that forwards without authentication is a door even when the default action " +
		"authenticates. An internal load balancer, a route that authenticates first, and security groups that " +
		"admit no internet address pass; a scheme that cannot be resolved, or security groups the estate does " +
		"not hold, are UNKNOWN.",
	Remediation: Remediation{
		Text:           "Add an authenticate-oidc or authenticate-cognito action before the forward (or authenticate in the function and say so with a skip), make the load balancer internal, or narrow its security group to the addresses that should reach it.",
		CLI:            "aws elbv2 modify-listener --listener-arn LISTENER_ARN --default-actions Type=authenticate-oidc,Order=1,AuthenticateOidcConfig={...} Type=forward,Order=2,TargetGroupArn=TG_ARN",
		CloudFormation: "Listener DefaultActions (or ListenerRule Actions): [{Type: authenticate-oidc, Order: 1, AuthenticateOidcConfig: {...}}, {Type: forward, Order: 2, TargetGroupArn: !Ref Tg}]; or Scheme: internal.",
		Terraform:      "default_action { type = \"authenticate-oidc\" ... } before the forward default_action of aws_lb_listener (or in aws_lb_listener_rule); or internal = true on aws_lb.",
	},
	References: []string{
		"https://docs.aws.amazon.com/elasticloadbalancing/latest/application/listener-authenticate-users.html",
		"https://docs.aws.amazon.com/elasticloadbalancing/latest/application/lambda-functions.html",
		"https://docs.aws.amazon.com/elasticloadbalancing/latest/application/application-load-balancers.html#load-balancer-scheme",
	},
	Compliance: []Compliance{{"OWASP Serverless Top 10", "SAS-2"}},
	Check:      doorCheck(exposure.EntryALB, KindLoadBalancer),
}

var sourceForeignWrite = &Rule{
	ID:       "LS125",
	Name:     "event-source-foreign-write",
	Severity: Medium,
	Title:    "EventBridge bus, Kinesis stream or DynamoDB table feeding a function lets other accounts write",
	Description: "A function is fed by an EventBridge rule on a bus whose resource policy lets another account " +
		"(or everyone) call events:PutEvents, by a Kinesis stream whose resource policy grants kinesis:PutRecord(s), " +
		"or by the stream of a DynamoDB table whose resource policy grants writes (PutItem, UpdateItem, DeleteItem, " +
		"BatchWriteItem) to another account. That account then chooses the events the function runs on. Accounts " +
		"given with --trusted-account are not strangers; a grant bounded by aws:PrincipalOrgID, aws:SourceIp or " +
		"aws:SourceVpce passes; a source with no resource policy passes (only its own account may write); a " +
		"condition that cannot be judged, or a policy that could not be read, is UNKNOWN. Grants to read a " +
		"stream are not judged here (they expose data, not the function).",
	Remediation: Remediation{
		Text:           "Remove the cross-account statement, bound it with aws:PrincipalOrgID to your organization, or list the partner with --trusted-account once you have decided to trust its events; validate events in the function either way.",
		CLI:            "aws events remove-permission --event-bus-name BUS --statement-id SID   # kinesis: aws kinesis delete-resource-policy --resource-arn STREAM_ARN",
		CloudFormation: "AWS::Events::EventBusPolicy with Condition {StringEquals: {aws:PrincipalOrgID: o-...}}; remove AWS::Kinesis::ResourcePolicy or the table's ResourcePolicy statement for the other account.",
		Terraform:      "condition { key = \"aws:PrincipalOrgID\", type = \"StringEquals\", value = \"o-...\" } in aws_cloudwatch_event_permission; remove the account from aws_kinesis_resource_policy / aws_dynamodb_resource_policy.",
	},
	References: []string{
		"https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-bus-perms.html",
		"https://docs.aws.amazon.com/streams/latest/dev/controlling-access.html",
		"https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/access-control-resource-based.html",
	},
	Compliance: []Compliance{{"OWASP Serverless Top 10", "SAS-1"}},
	Check:      doorCheck(exposure.EntryBus, KindEventSource),
}

// doorCheck judges the doors of a kind (a load balancer's routes, or the
// buses, streams and tables: EntryBus stands for both) one result each,
// keyed as the exposure graph keys its entry points so a path's hop links
// to it.
func doorCheck(kind string, k Kind) func(in *Input) []Result {
	return func(in *Input) []Result {
		var out []Result
		for _, d := range in.Analysis.Doors(exposure.GraphOptions{Trusted: in.Config.TrustedAccounts}) {
			if d.Kind != kind && !(kind == exposure.EntryBus && d.Kind == exposure.EntryStream) {
				continue
			}
			res := Result{Resource: d.Key, Kind: k, Label: d.Label, Source: d.At, Skips: d.Resource.Skips, Functions: []string{d.Function.ID}}
			who := "anyone on the internet"
			if d.Access == exposure.AccessForeign {
				who = "accounts not trusted"
			}
			switch {
			case d.Unknown != "":
				res.unknown(fmt.Sprintf("%s (%s) reaches %s, but %s", d.Label, d.Why, d.Function.Label(), d.Unknown))
			case d.Access != "":
				res.fail(fmt.Sprintf("%s can reach %s through %s: %s", who, d.Function.Label(), d.Label, d.Why),
					Evidence{Label: "door", Value: d.Why, Source: d.At})
			default:
				res.pass(d.Why)
			}
			out = append(out, res)
		}
		return out
	}
}
