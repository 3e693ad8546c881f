package rules

import (
	"github.com/aws/aws-sdk-go-v2/aws/arn"

	"fmt"
	"slices"
	"strings"

	"github.com/lambdasec/lambdasec/internal/iampolicy"
	"github.com/lambdasec/lambdasec/internal/inventory"
)

// The assessment checklist's API hygiene rules (issue 15, item 4): what an
// assessor checks by hand on the API Gateway APIs in front of functions.

var apiPolicyOpen = &Rule{
	ID:       "LS113",
	Name:     "api-resource-policy-open-invoke",
	Severity: Medium,
	Title:    "API resource policy lets anyone invoke the API, with no IP, VPC or organization condition",
	Description: "A REST API's resource policy allows execute-api:Invoke to every principal (\"*\") and no " +
		"condition — on the statement itself, or a Deny that excludes every other caller (Deny with " +
		"NotIpAddress aws:SourceIp, StringNotEquals aws:SourceVpce or aws:SourceVpc, or aws:PrincipalOrgID) — " +
		"bounds who can call it. The policy then adds nothing to the route's own authorization. A policy " +
		"whose grant to * is bounded passes and names the bound (\"restricted to 123.4.5.0/24\"). " +
		"HTTP APIs have no resource policies and are not judged.",
	Remediation: Remediation{
		Text:           "Bound the grant: add a Deny statement for requests from outside your networks (NotIpAddress aws:SourceIp), VPC endpoints (aws:SourceVpce) or organization (aws:PrincipalOrgID), or name the principals allowed.",
		CLI:            "aws apigateway update-rest-api --rest-api-id ID --patch-operations op=replace,path=/policy,value=file://policy.json && aws apigateway create-deployment --rest-api-id ID --stage-name STAGE",
		CloudFormation: "AWS::ApiGateway::RestApi Policy: add {Effect: Deny, Principal: '*', Action: execute-api:Invoke, Resource: execute-api:/*, Condition: {NotIpAddress: {aws:SourceIp: [203.0.113.0/24]}}}; SAM: Auth.ResourcePolicy IpRangeWhitelist / SourceVpcWhitelist.",
		Terraform:      "aws_api_gateway_rest_api_policy (or the policy argument of aws_api_gateway_rest_api) with a Deny statement conditioned on aws:SourceIp, aws:SourceVpce or aws:PrincipalOrgID.",
	},
	References: []string{
		"https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-resource-policies-examples.html",
		"https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-authorization-flow.html",
	},
	Compliance: []Compliance{{"OWASP Serverless Top 10", "SAS-2"}},
	Check:      checkAPIPolicyOpen,
}

// apiResult starts a result about an API, naming the functions it reaches.
func apiResult(a *inventory.API) Result {
	res := resultFor(&a.Resource, KindAPI)
	res.Functions = apiFunctions(a)
	return res
}

func checkAPIPolicyOpen(in *Input) []Result {
	return each(in.Estate.APIs, apiResult, func(a *inventory.API, res *Result) bool {
		if a.Protocol != inventory.ProtocolREST || !fronted(a) {
			return false
		}
		if gapUnknown(a, inventory.FieldPermissions, res) {
			res.Message = "the API resource policy cannot be read: " + res.Message
			return true
		}
		if a.Policy == nil {
			return false // no resource policy: nothing granted by one
		}
		judgeAPIPolicy(in, a, res)
		return true
	})
}

// judgeAPIPolicy gives res its verdict on a's resource policy: FAIL when
// a grant to * of execute-api:Invoke has no bound, PASS naming the bounds
// otherwise, UNKNOWN when a grant to * cannot be judged.
func judgeAPIPolicy(in *Input, a *inventory.API, res *Result) {
	pol, err := in.Policy(a.Policy)
	if err != nil {
		res.unknown("the API resource policy does not parse: " + err.Error())
		return
	}
	acc := iampolicy.Analyze(pol, iampolicy.Query{Actions: []string{"execute-api:Invoke"}})
	var open []Evidence
	var bounds, uncertain []string
	var ignored []iampolicy.Condition // conditions of open grants that bound no one
	bare := false                     // an open grant with no condition at all
	for _, g := range acc.Grants {
		if g.PrincipalType != "*" {
			continue
		}
		reach, _ := g.Reach(in.Estate.Account)
		switch reach {
		case iampolicy.ReachPublic:
			open = append(open, Evidence{Label: "statement", Value: grantText(g), Source: a.Policy.StatementSource(g.Statement)})
			for _, c := range g.Ignored {
				if !slices.ContainsFunc(ignored, func(d iampolicy.Condition) bool {
					return d.Operator == c.Operator && d.Key == c.Key && slices.Equal(d.Values, c.Values)
				}) {
					ignored = append(ignored, c)
				}
			}
			bare = bare || len(g.Ignored) == 0
		case iampolicy.ReachUnknown:
			uncertain = append(uncertain, g.Uncertain...)
		default:
			for _, r := range g.Restrictions {
				b := "restricted to " + strings.Join(describeAll(r.Values), ", ") + " (" + r.Key
				if r.FromDeny {
					b += fmt.Sprintf(", by Deny statement #%d", r.Statement+1)
				}
				b += ")"
				if !slices.Contains(bounds, b) {
					bounds = append(bounds, b)
				}
			}
		}
	}
	switch {
	case len(open) > 0:
		why := " with no IP, VPC or organization condition"
		if len(ignored) > 0 && !bare {
			// A deny-list (NotIpAddress in the Allow), an IfExists or a
			// wildcard is a condition, but not one that bounds callers.
			why = "; its conditions (" + conditionsText(ignored, "; ") + ") do not restrict the caller"
		}
		res.fail(fmt.Sprintf("the resource policy of API %s allows execute-api:Invoke to *%s", a.Label(), why), open...)
		res.atEvidence()
	case len(uncertain) > 0:
		res.unknown("the resource policy grants execute-api:Invoke to *, and whether a condition bounds it cannot be told: " + strings.Join(uncertain, "; "))
	case len(bounds) > 0:
		res.pass("execute-api:Invoke to * is " + strings.Join(bounds, "; "))
	default:
		res.pass("the resource policy grants execute-api:Invoke to no one but named principals")
	}
}

var apiNoAccessLog = &Rule{
	ID:       "LS114",
	Name:     "api-stage-no-access-logging",
	Severity: Medium,
	Title:    "API stage in front of a function has no access logging",
	Description: "The stage of a REST, HTTP or WebSocket API that reaches a function writes no access log " +
		"(AccessLogSetting/AccessLogSettings with a destination), so who called which route, from where " +
		"and with what result is not recorded anywhere an investigation can read it. Execution logs " +
		"are not a substitute: they are sampled by level and hold no caller identity by default.",
	Remediation: Remediation{
		Text:           "Send the stage's access logs to a CloudWatch Logs group (or Firehose) with a format that includes $context.identity.sourceIp, $context.requestId and $context.status.",
		CLI:            "aws apigateway update-stage --rest-api-id ID --stage-name STAGE --patch-operations op=replace,path=/accessLogSettings/destinationArn,value=LOG_GROUP_ARN op=replace,path=/accessLogSettings/format,value='$context.requestId $context.identity.sourceIp $context.status'",
		CloudFormation: "AWS::ApiGateway::Stage AccessLogSetting: {DestinationArn, Format}; AWS::ApiGatewayV2::Stage AccessLogSettings; SAM: AccessLogSetting on AWS::Serverless::Api, AccessLogSettings on AWS::Serverless::HttpApi.",
		Terraform:      "aws_api_gateway_stage access_log_settings { destination_arn, format }; aws_apigatewayv2_stage access_log_settings.",
	},
	References: []string{
		"https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-logging.html",
		"https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-logging.html",
	},
	Compliance: []Compliance{{"AWS FSBP", "APIGateway.9"}, {"OWASP Serverless Top 10", "SAS-10"}},
	Check:      checkAPINoAccessLog,
}

func checkAPINoAccessLog(in *Input) []Result {
	// Stages that could not be listed leave the API with a gap and no
	// stages: say so rather than nothing.
	out := each(in.Estate.APIs, apiResult, func(a *inventory.API, res *Result) bool {
		g, ok := a.Gap(inventory.FieldThrottling)
		if !fronted(a) || len(a.Stages) > 0 || !ok || !strings.HasSuffix(g.Call, "GetStages") {
			return false
		}
		res.unknown("the API's stages cannot be read: " + g.Reason)
		return true
	})
	return append(out, eachStage(in, func(a *inventory.API, st *inventory.Stage, res *Result) bool {
		switch {
		case st.AccessLogging:
			res.pass("access logging is on")
		default:
			res.fail(fmt.Sprintf("%s API %s stage %s has no access logging", a.Protocol, a.Label(), st.Name))
		}
		return true
	})...)
}

var apiNoValidator = &Rule{
	ID:       "LS115",
	Name:     "api-method-no-request-validator",
	Severity: Low,
	Title:    "REST method that takes a body reaches a function with no request validator",
	Description: "A REST API method that takes a request body (POST, PUT, PATCH, or ANY) integrates with a " +
		"function and has no request validator, so API Gateway passes any payload — wrong types, missing " +
		"fields, oversized values — to the function, and the function is the only validation there is. " +
		"With a validator and a model, API Gateway rejects malformed requests with 400 before they cost an " +
		"invocation. HTTP APIs have no request validation and are not judged.",
	Remediation: Remediation{
		Text:           "Create a request validator (validateRequestBody) and a model for the body, and set them on the method.",
		CLI:            "aws apigateway create-request-validator --rest-api-id ID --name body --validate-request-body && aws apigateway update-method --rest-api-id ID --resource-id RES --http-method POST --patch-operations op=replace,path=/requestValidatorId,value=VALIDATOR_ID",
		CloudFormation: "AWS::ApiGateway::RequestValidator {RestApiId, ValidateRequestBody: true}; AWS::ApiGateway::Method RequestValidatorId and RequestModels; SAM: RequestModel {Model, Required: true, ValidateBody: true} on the Api event; OpenAPI: x-amazon-apigateway-request-validator.",
		Terraform:      "aws_api_gateway_request_validator { validate_request_body = true }; aws_api_gateway_method request_validator_id and request_models.",
	},
	References: []string{"https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-method-request-validation.html"},
	Compliance: []Compliance{{"OWASP Serverless Top 10", "SAS-1"}},
	Check:      checkAPINoValidator,
}

// takesBody reports whether requests of an HTTP method carry a body API
// Gateway could validate.
func takesBody(method string) bool {
	switch strings.ToUpper(method) {
	case "POST", "PUT", "PATCH", "ANY":
		return true
	}
	return false
}

func checkAPINoValidator(in *Input) []Result {
	var out []Result
	for _, a := range in.Estate.APIs {
		if a.Protocol != inventory.ProtocolREST {
			continue
		}
		for i := range a.Routes {
			rt := &a.Routes[i]
			if rt.Function == "" || !takesBody(rt.Method) {
				continue
			}
			res := routeResult(a, rt)
			switch {
			case inventory.IsUnresolved(rt.RequestValidator):
				r, _ := inventory.UnresolvedReason(rt.RequestValidator)
				res.unknown("the request validator cannot be resolved: " + r)
			case rt.RequestValidator != "":
				res.pass("request validator " + inventory.Describe(rt.RequestValidator))
			case gapUnknown(a, inventory.FieldAuthorization, &res):
				res.Message = "the API definition cannot be read: " + res.Message
			default:
				res.fail(fmt.Sprintf("%s %s takes a body and reaches function %s with no request validator", rt.Method, rt.Path, inventory.Describe(routeFunctionLabel(in, rt))),
					Evidence{Label: "requestValidator", Value: "none", Source: rt.Source})
			}
			out = append(out, res)
		}
	}
	return out
}

// routeFunctionLabel returns the name of the function a route reaches.
func routeFunctionLabel(in *Input, rt *inventory.Route) string {
	if f := in.Index.Function(rt.Function); f != nil {
		return f.Label()
	}
	return rt.Function
}

var apiGreedyProxy = &Rule{
	ID:       "LS116",
	Name:     "api-greedy-proxy-no-authorizer",
	Severity: Medium,
	Title:    "Greedy catch-all route sends every path to a function with no authorization",
	Description: "A route that matches every path and method — ANY /{proxy+} on a REST API, ANY /{proxy+} or " +
		"$default on an HTTP API — integrates with a function and has no authorization. Every URL an " +
		"attacker can guess reaches the function's router, so its whole surface (admin paths, debug " +
		"handlers, routes meant to be internal) is public unless the function checks each one. The " +
		"finding says whether the API has any authorizer at all.",
	Remediation: Remediation{
		Text:           "Put an authorizer (or AWS_IAM) on the greedy route, or replace it with explicit routes for the paths the function serves.",
		CLI:            "aws apigatewayv2 update-route --api-id ID --route-id ROUTE --authorization-type JWT --authorizer-id AUTH_ID",
		CloudFormation: "AWS::ApiGateway::Method for {proxy+} with AuthorizationType and AuthorizerId; SAM: Auth.DefaultAuthorizer on the API; AWS::ApiGatewayV2::Route AuthorizationType.",
		Terraform:      "aws_api_gateway_method for the {proxy+} resource with authorization/authorizer_id; aws_apigatewayv2_route authorization_type and authorizer_id.",
	},
	References: []string{
		"https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-set-up-simple-proxy.html",
		"https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-routes.html",
	},
	Compliance: []Compliance{{"OWASP Serverless Top 10", "SAS-2"}},
	Check:      checkAPIGreedyProxy,
}

// greedy reports whether a route matches every path: a greedy path
// variable ({proxy+}) or an HTTP API's $default route.
func greedy(a *inventory.API, rt *inventory.Route) bool {
	if a.Protocol == inventory.ProtocolWebSocket {
		return false
	}
	// An OpenAPI body names the $default route "/$default", as the SAM
	// transform writes it.
	return strings.HasSuffix(rt.Path, "+}") || (a.Protocol == inventory.ProtocolHTTP && (rt.Path == "$default" || rt.Path == "/$default"))
}

// hasAuthorizer reports whether an API defines an authorizer (Lambda,
// Cognito, JWT); AWS_IAM, which every REST API offers, does not count.
func hasAuthorizer(a *inventory.API) bool {
	return slices.ContainsFunc(a.Authorizers, func(az inventory.Authorizer) bool { return az.Type != inventory.AuthIAM })
}

func checkAPIGreedyProxy(in *Input) []Result {
	var out []Result
	for _, a := range in.Estate.APIs {
		for i := range a.Routes {
			rt := &a.Routes[i]
			if rt.Function == "" || !greedy(a, rt) || rt.Method == "OPTIONS" {
				continue
			}
			res := routeResult(a, rt)
			switch {
			case len(rt.Gaps) > 0:
				res.unknown("authorization cannot be told: " + rt.Gaps[0].Reason)
			case rt.AuthorizationType != inventory.AuthNone:
				res.pass("the catch-all route requires authorization " + rt.AuthorizationType)
			case gapUnknown(a, inventory.FieldAuthorization, &res):
			default:
				msg := fmt.Sprintf("%s %s sends every path to function %s with no authorization", rt.Method, rt.Path, inventory.Describe(routeFunctionLabel(in, rt)))
				if !hasAuthorizer(a) {
					msg += ", and API " + a.Label() + " has no authorizer"
				} else {
					msg += " (API " + a.Label() + " has authorizers, but not on this route)"
				}
				res.fail(msg, Evidence{Label: "authorizationType", Value: "NONE", Source: rt.Source})
			}
			out = append(out, res)
		}
	}
	return out
}

// The checklist's event source hygiene rules (issue 15, item 5).

// KindEventSourceMapping is the kind of results about an event source
// mapping (an inventory.Trigger with Mapping set).
const KindEventSourceMapping Kind = "event-source-mapping"

// eachMapping judges every event source mapping of the estate whose type
// is one of types.
func eachMapping(in *Input, types []string, judge func(tr *inventory.Trigger, res *Result) bool) []Result {
	var ms []*inventory.Trigger
	for _, tr := range in.Estate.Triggers {
		if tr.Mapping && slices.Contains(types, tr.Type) {
			ms = append(ms, tr)
		}
	}
	return each(ms, func(tr *inventory.Trigger) Result {
		res := resultFor(&tr.Resource, KindEventSourceMapping)
		res.Functions = []string{tr.Function}
		return res
	}, judge)
}

// mappingName describes a mapping for a message: its source and function.
func mappingName(in *Input, tr *inventory.Trigger) string {
	fn := tr.Function
	if f := in.Index.Function(fn); f != nil {
		fn = f.Label()
	}
	return fmt.Sprintf("%s mapping from %s to %s", tr.Type, inventory.Describe(tr.SourceARN), inventory.Describe(fn))
}

var streamPoison = &Rule{
	ID:       "LS705",
	Name:     "stream-mapping-poison-record",
	Severity: Medium,
	Title:    "Stream event source mapping can be blocked by a poison record, or drops failed records silently",
	Description: "A Kinesis or DynamoDB Streams event source mapping processes each shard in order: a batch the " +
		"function fails on is retried before anything behind it. With MaximumRetryAttempts -1 (the default) " +
		"and no BisectBatchOnFunctionError, one bad record blocks its shard until it expires from the " +
		"stream (24 hours to 365 days), and with no on-failure destination the records given up on are " +
		"dropped with no copy to investigate or replay. The rule fails a mapping on either count.",
	Remediation: Remediation{
		Text:           "Bound the retries (MaximumRetryAttempts, MaximumRecordAgeInSeconds), turn on BisectBatchOnFunctionError, and send discarded batches to an SQS queue or SNS topic (DestinationConfig.OnFailure).",
		CLI:            "aws lambda update-event-source-mapping --uuid UUID --maximum-retry-attempts 3 --bisect-batch-on-function-error --destination-config '{\"OnFailure\":{\"Destination\":\"arn:aws:sqs:REGION:ACCOUNT:dlq\"}}'",
		CloudFormation: "AWS::Lambda::EventSourceMapping MaximumRetryAttempts: 3, BisectBatchOnFunctionError: true, DestinationConfig: {OnFailure: {Destination: QUEUE_ARN}}; the same properties on a SAM Kinesis/DynamoDB event.",
		Terraform:      "aws_lambda_event_source_mapping maximum_retry_attempts = 3, bisect_batch_on_function_error = true, destination_config { on_failure { destination_arn = aws_sqs_queue.dlq.arn } }.",
	},
	References: []string{
		"https://docs.aws.amazon.com/lambda/latest/dg/kinesis-on-failure-destination.html",
		"https://docs.aws.amazon.com/lambda/latest/dg/services-kinesis-errors.html",
		"https://docs.aws.amazon.com/lambda/latest/dg/services-dynamodb-errors.html",
	},
	Compliance: []Compliance{{"OWASP Serverless Top 10", "SAS-8"}},
	Check:      checkStreamPoison,
}

func checkStreamPoison(in *Input) []Result {
	return eachMapping(in, []string{inventory.TriggerKinesis, inventory.TriggerDynamoDB}, func(tr *inventory.Trigger, res *Result) bool {
		if gapUnknown(tr, inventory.FieldMappingSettings, res) {
			return true
		}
		var faults []string
		var ev []Evidence
		unbounded := tr.MaximumRetryAttempts == nil || *tr.MaximumRetryAttempts < 0
		if unbounded && !tr.BisectBatchOnFunctionError {
			faults = append(faults, "retries are unbounded (MaximumRetryAttempts -1) with no BisectBatchOnFunctionError, so one poison record blocks its shard until it expires")
			ev = append(ev, Evidence{Label: "MaximumRetryAttempts", Value: "-1", Source: tr.Source})
		}
		if tr.OnFailure == "" {
			faults = append(faults, "there is no on-failure destination, so records given up on are dropped")
			ev = append(ev, Evidence{Label: "DestinationConfig.OnFailure", Value: "none", Source: tr.Source})
		}
		if len(faults) == 0 {
			why := "on-failure destination " + inventory.Describe(tr.OnFailure)
			if tr.BisectBatchOnFunctionError {
				why += ", batches bisected on error"
			}
			if !unbounded {
				why += fmt.Sprintf(", at most %d retries", *tr.MaximumRetryAttempts)
			}
			res.pass(why)
			return true
		}
		res.fail(mappingName(in, tr)+": "+strings.Join(faults, "; "), ev...)
		return true
	})
}

var sqsNoPartialBatch = &Rule{
	ID:       "LS706",
	Name:     "sqs-mapping-no-partial-batch-response",
	Severity: Low,
	Title:    "SQS event source mapping takes batches but the function cannot report which messages failed",
	Description: "An SQS event source mapping with a batch size above 1 (10 when not set) and no " +
		"ReportBatchItemFailures in FunctionResponseTypes: when one message of a batch fails, the whole batch " +
		"becomes visible again and every message in it is processed again, so messages that succeeded run " +
		"twice and one poison message keeps its neighbours cycling until they reach the dead-letter queue.",
	Remediation: Remediation{
		Text:           "Add ReportBatchItemFailures to the mapping's FunctionResponseTypes and return batchItemFailures from the function (or use a batch size of 1).",
		CLI:            "aws lambda update-event-source-mapping --uuid UUID --function-response-types ReportBatchItemFailures",
		CloudFormation: "AWS::Lambda::EventSourceMapping FunctionResponseTypes: [ReportBatchItemFailures]; SAM SQS event FunctionResponseTypes: [ReportBatchItemFailures].",
		Terraform:      "aws_lambda_event_source_mapping function_response_types = [\"ReportBatchItemFailures\"].",
	},
	References: []string{"https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html"},
	Check:      checkSQSNoPartialBatch,
}

func checkSQSNoPartialBatch(in *Input) []Result {
	return eachMapping(in, []string{inventory.TriggerSQS}, func(tr *inventory.Trigger, res *Result) bool {
		size := 10 // the SQS default: https://docs.aws.amazon.com/lambda/latest/api/API_CreateEventSourceMapping.html#lambda-CreateEventSourceMapping-request-BatchSize
		if tr.BatchSize != nil {
			size = *tr.BatchSize
		}
		switch {
		case gapUnknown(tr, inventory.FieldMappingSettings, res):
		case tr.ReportBatchItemFailures:
			res.pass("the function reports batch item failures")
		case size <= 1:
			res.pass("batch size 1: a failure retries only its own message")
		default:
			res.fail(fmt.Sprintf("%s takes batches of up to %d messages with no ReportBatchItemFailures: one failure re-runs the whole batch", mappingName(in, tr), size),
				Evidence{Label: "BatchSize", Value: fmt.Sprint(size), Source: tr.Source})
		}
		return true
	})
}

var sharedSourceNoFilter = &Rule{
	ID:       "LS707",
	Name:     "shared-source-mapping-no-filter",
	Severity: Info,
	Title:    "Event source shared by several mappings, and this mapping filters nothing",
	Description: "Several event source mappings of the estate read the same queue, stream, topic or broker, and " +
		"this one has no FilterCriteria, so its function receives — and must parse, validate and reject — " +
		"every event meant for the other consumers. Filtering at the mapping is a layer of defense: events " +
		"that match no pattern never reach the function. Note that on SQS a filtered-out message is " +
		"deleted, so competing consumers of one queue need disjoint filters (or their own queues). Only " +
		"consumers in the same estate can be seen.",
	Remediation: Remediation{
		Text:           "Add FilterCriteria with patterns for the events this function handles (or give each consumer its own queue or stream).",
		CLI:            "aws lambda update-event-source-mapping --uuid UUID --filter-criteria '{\"Filters\":[{\"Pattern\":\"{\\\"body\\\":{\\\"type\\\":[\\\"order\\\"]}}\"}]}'",
		CloudFormation: "AWS::Lambda::EventSourceMapping FilterCriteria: {Filters: [{Pattern: '{\"body\": {\"type\": [\"order\"]}}'}]}; SAM events: FilterCriteria.",
		Terraform:      "aws_lambda_event_source_mapping filter_criteria { filter { pattern = jsonencode({ body = { type = [\"order\"] } }) } }.",
	},
	References: []string{"https://docs.aws.amazon.com/lambda/latest/dg/invocation-eventfiltering.html"},
	Compliance: []Compliance{{"OWASP Serverless Top 10", "SAS-1"}},
	Check:      checkSharedSourceNoFilter,
}

func checkSharedSourceNoFilter(in *Input) []Result {
	types := []string{inventory.TriggerSQS, inventory.TriggerKinesis, inventory.TriggerDynamoDB, inventory.TriggerKafka, inventory.TriggerMQ}
	consumers := map[string][]string{} // source -> functions of its mappings
	for _, tr := range in.Estate.Triggers {
		if tr.Mapping && tr.SourceARN != "" && !slices.Contains(consumers[tr.SourceARN], tr.Function) {
			consumers[tr.SourceARN] = append(consumers[tr.SourceARN], tr.Function)
		}
	}
	return eachMapping(in, types, func(tr *inventory.Trigger, res *Result) bool {
		if tr.SourceARN == "" {
			return false // a self-managed broker: the source cannot be compared
		}
		others := len(consumers[tr.SourceARN]) - 1
		switch {
		case inventory.IsUnresolved(tr.SourceARN):
			r, _ := inventory.UnresolvedReason(tr.SourceARN)
			res.unknown("the mapping's source cannot be resolved, so whether it is shared cannot be told: " + r)
		case gapUnknown(tr, inventory.FieldMappingSettings, res):
		case tr.Filters > 0:
			res.pass(fmt.Sprintf("%d filter(s) select the events the function receives", tr.Filters))
		case others == 0:
			res.pass("the only function of the estate reading " + inventory.Describe(tr.SourceARN))
		default:
			res.fail(fmt.Sprintf("%s has no FilterCriteria, though %d other function(s) of the estate read the same source", mappingName(in, tr), others),
				Evidence{Label: "FilterCriteria", Value: "none", Source: tr.Source})
		}
		return true
	})
}

// The checklist's rules on layers from other accounts (issue 15, item 6).

var layerForeign = &Rule{
	ID:       "LS504",
	Name:     "layer-from-untrusted-account",
	Severity: Medium,
	Title:    "Function uses a layer published by an account that is neither yours, trusted, nor AWS's",
	Description: "A layer's code runs inside the function, with the function's execution role, its environment " +
		"variables and the events it receives. A layer version owned by another account is code that account " +
		"wrote: it can change what it publishes next, and the version you pin is only as trustworthy as that " +
		"account. The rule fails a function using a layer owned by an account that is not the estate's, not " +
		"one given with --trusted-account (or trusted-accounts in .lambdasec.yaml), and not an account AWS " +
		"publishes its own layers from (Powertools, Lambda Insights, the AppConfig and Parameters and " +
		"Secrets extensions, ADOT: a dated table with its sources, which --layer-publishers FILE extends).",
	Remediation: Remediation{
		Text:           "Build the layer yourself from reviewed source and publish it in your account, or add the publisher's account to --trusted-account once you have decided to trust it.",
		CLI:            "aws lambda get-layer-version-by-arn --arn LAYER_VERSION_ARN  # review, then publish your own: aws lambda publish-layer-version --layer-name NAME --zip-file fileb://layer.zip",
		CloudFormation: "Layers: reference an AWS::Lambda::LayerVersion of your own template or account instead of the foreign ARN.",
		Terraform:      "layers = [aws_lambda_layer_version.own.arn] instead of the foreign ARN; lambdasec --trusted-account ID for a vendor you trust.",
	},
	References: []string{
		"https://docs.aws.amazon.com/lambda/latest/dg/chapter-layers.html",
		"https://docs.aws.amazon.com/lambda/latest/dg/permissions-layer-cross-account.html",
	},
	Compliance: []Compliance{{"OWASP Serverless Top 10", "SAS-6"}},
	Check:      checkLayerForeign,
}

func checkLayerForeign(in *Input) []Result {
	pubs := in.Config.LayerPublishers
	if pubs == nil {
		pubs = DefaultLayerPublishers()
	}
	return eachFunction(in, func(f *inventory.Function, res *Result) bool {
		if gapUnknown(f, inventory.FieldLayers, res) {
			return true
		}
		var foreign []Evidence
		var unknown, aws []string
		for _, ref := range f.Layers {
			if in.Index.Layer(ref) != nil {
				continue // a layer of the estate
			}
			if r, ok := inventory.UnresolvedReason(ref); ok && !strings.HasPrefix(ref, "arn:") {
				unknown = append(unknown, r)
				continue
			}
			a, err := arn.Parse(ref)
			if err != nil {
				unknown = append(unknown, fmt.Sprintf("layer %q is not a layer version ARN", ref))
				continue
			}
			switch {
			case in.trusted(a.AccountID):
			case inventory.IsUnresolved(a.AccountID):
				r, _ := inventory.UnresolvedReason(a.AccountID)
				unknown = append(unknown, "the owner of layer "+inventory.Describe(ref)+" cannot be resolved: "+r)
			default:
				if p, ok := pubs.Publisher(a.AccountID, a.Region); ok {
					aws = append(aws, p.Name)
					continue
				}
				foreign = append(foreign, Evidence{Label: "layer", Value: inventory.Describe(ref) + " (account " + a.AccountID + ")", Source: f.Source})
			}
		}
		switch {
		case len(foreign) > 0:
			res.fail(fmt.Sprintf("function %s uses %d layer(s) owned by an account that is not the estate's, not trusted and not an AWS publisher", f.Label(), len(foreign)), foreign...)
		case len(unknown) > 0:
			res.unknown(strings.Join(unknown, "; "))
		case len(f.Layers) == 0:
			res.pass("uses no layers")
		case len(aws) > 0:
			res.pass("layers are the estate's, trusted accounts' or from layer publishers (" + strings.Join(slices.Compact(aws), ", ") + ")")
		default:
			res.pass("layers are the estate's or trusted accounts'")
		}
		return true
	})
}

var layerBehind = &Rule{
	ID:       "LS505",
	Name:     "layer-version-behind",
	Severity: Low,
	Title:    "Function pins a layer version older than one the estate already has",
	Description: "A function names a version of a layer while a newer version of the same layer exists in the " +
		"estate (published in the account, or used by another function). Layers are pinned by version, so a " +
		"fix published as a new version — a patched dependency, a security update of an extension — does not " +
		"reach the functions still on the old one. Only versions visible in the estate are compared: a live " +
		"account shows every published version, a template only the ARNs it names.",
	Remediation: Remediation{
		Text:           "Update the function to the newest layer version (and test it); delete layer versions no function should use.",
		CLI:            "aws lambda update-function-configuration --function-name NAME --layers arn:aws:lambda:REGION:ACCOUNT:layer:LAYER:NEWEST",
		CloudFormation: "Layers: the newest version ARN, or a Ref to the AWS::Lambda::LayerVersion so the stack always deploys the current one.",
		Terraform:      "layers = [aws_lambda_layer_version.x.arn] (the current version) instead of a fixed version ARN.",
	},
	References: []string{"https://docs.aws.amazon.com/lambda/latest/dg/adding-layers.html"},
	Compliance: []Compliance{{"OWASP Serverless Top 10", "SAS-9"}},
	Check:      checkLayerBehind,
}

// layerVersionOf splits a layer version ARN into the layer's ARN and the
// version number; ok is false for anything else.
func layerVersionOf(ref string) (layer string, version int, ok bool) {
	i := strings.LastIndexByte(ref, ':')
	if i < 0 || !strings.HasPrefix(ref, "arn:") || !strings.Contains(ref, ":layer:") {
		return "", 0, false
	}
	if _, err := fmt.Sscan(ref[i+1:], &version); err != nil || fmt.Sprint(version) != ref[i+1:] {
		return "", 0, false
	}
	return ref[:i], version, true
}

func checkLayerBehind(in *Input) []Result {
	newest := map[string]int{} // layer ARN -> newest version seen
	seen := func(ref string) {
		if l, v, ok := layerVersionOf(ref); ok && v > newest[l] {
			newest[l] = v
		}
	}
	for _, l := range in.Estate.Layers {
		seen(l.ARN)
	}
	for _, f := range in.Estate.Functions {
		for _, ref := range f.Layers {
			seen(ref)
		}
	}
	return eachFunction(in, func(f *inventory.Function, res *Result) bool {
		if gapUnknown(f, inventory.FieldLayers, res) {
			return true
		}
		var behind []Evidence
		var unknown []string
		for _, ref := range f.Layers {
			l, v, ok := layerVersionOf(ref)
			if r, bad := inventory.UnresolvedReason(ref); bad && strings.Contains(ref, ":layer:") {
				unknown = append(unknown, "the version of layer "+inventory.Describe(ref)+" cannot be resolved: "+r)
			}
			if ok && newest[l] > v {
				behind = append(behind, Evidence{Label: "layer", Value: fmt.Sprintf("%s: version %d, newest in the estate %d", l, v, newest[l]), Source: f.Source})
			}
		}
		switch {
		case len(behind) > 0:
			res.fail(fmt.Sprintf("function %s pins %d layer(s) older than a version the estate has", f.Label(), len(behind)), behind...)
		case len(unknown) > 0:
			res.unknown(strings.Join(unknown, "; "))
		case len(f.Layers) == 0:
			res.pass("uses no layers")
		default:
			res.pass("every layer it uses is at the newest version the estate shows")
		}
		return true
	})
}

// The checklist's lambda:SourceFunctionArn rule (issue 15, item 7).

// KindResourcePolicy is the kind of results about a resource of the
// estate judged by its resource-based policy (a bucket, queue, topic or
// key policy).
const KindResourcePolicy Kind = "resource-policy"

var sourceFunctionArn = &Rule{
	ID:       "LS213",
	Name:     "shared-role-grant-without-source-function",
	Severity: Info,
	Title:    "Resource policy grants an execution role several functions share, without lambda:SourceFunctionArn",
	Description: "A bucket, queue, topic or key policy of the estate allows an execution role that more than one " +
		"function runs with, and the statement has no lambda:SourceFunctionArn condition. Every function with " +
		"the role gets the access, though usually one needs it. Lambda adds lambda:SourceFunctionArn to the " +
		"request context of calls made with a function's execution-role credentials, so the grant can be " +
		"pinned to the one function that should have it (better still: give that function its own role). " +
		"Statements granting a role only one function uses pass: there the role already identifies the function. " +
		"A live bucket, queue or topic whose policy could not be read is UNKNOWN.",
	Remediation: Remediation{
		Text:           "Add a condition ArnEquals {\"lambda:SourceFunctionArn\": FUNCTION_ARN} to the statement, or give the function that needs the access its own execution role.",
		CLI:            "aws s3api put-bucket-policy --bucket BUCKET --policy file://policy.json  # statement with Condition: {ArnEquals: {lambda:SourceFunctionArn: arn:aws:lambda:REGION:ACCOUNT:function:NAME}}",
		CloudFormation: "In the AWS::S3::BucketPolicy / AWS::SQS::QueuePolicy / AWS::SNS::TopicPolicy / AWS::KMS::Key statement: Condition: {ArnEquals: {'lambda:SourceFunctionArn': !GetAtt Fn.Arn}}.",
		Terraform:      "condition { test = \"ArnEquals\", variable = \"lambda:SourceFunctionArn\", values = [aws_lambda_function.fn.arn] } in the aws_iam_policy_document of the resource policy.",
	},
	References: []string{"https://docs.aws.amazon.com/lambda/latest/dg/permissions-source-function-arn.html"},
	Compliance: []Compliance{{"OWASP Serverless Top 10", "SAS-4"}},
	Check:      checkSourceFunctionArn,
}

// policyHolder is a resource of the estate with a resource-based policy.
type policyHolder struct {
	res    *inventory.Resource
	policy *inventory.Policy
}

func checkSourceFunctionArn(in *Input) []Result {
	roles := map[string]*roleView{}
	// A principal that cannot be resolved matters only if some execution
	// role is shared by several functions: it could be that one.
	anyShared := false
	for _, v := range in.executionRoles() {
		anyShared = anyShared || len(v.Functions) > 1
		for _, k := range []string{v.Role.ID, v.Role.ARN} {
			if k != "" {
				roles[k] = v
			}
		}
	}
	roleOf := func(principal string) *roleView {
		if v := roles[principal]; v != nil {
			return v
		}
		if r := in.Index.Role(principal); r != nil {
			return roles[r.ID]
		}
		return nil
	}
	var holders []policyHolder
	for _, o := range in.Estate.Others {
		_, unread := o.Gap(inventory.FieldPermissions)
		if o.Policy != nil || unread {
			holders = append(holders, policyHolder{&o.Resource, o.Policy})
		}
	}
	for _, k := range in.Estate.KMSKeys {
		if k.Policy != nil {
			holders = append(holders, policyHolder{&k.Resource, k.Policy})
		}
	}
	return each(holders, func(h policyHolder) Result { return resultFor(h.res, KindResourcePolicy) }, func(h policyHolder, res *Result) bool {
		if h.policy == nil {
			// A live bucket, queue or topic whose policy could not be
			// read: whether it grants a shared role cannot be told.
			g, _ := h.res.Gap(inventory.FieldPermissions)
			res.unknown(fmt.Sprintf("the resource policy of %s could not be read: %s", res.Label, g.Reason))
			return true
		}
		pol, err := in.Policy(h.policy)
		if err != nil {
			return false // the policy rules report a policy that does not parse
		}
		var loose []Evidence
		var fns, unknown []string
		granted := 0
		for _, st := range pol.Statements {
			if st.Effect != iampolicy.Allow || st.Principal == nil {
				continue
			}
			pinned := false
			for _, c := range st.Conditions {
				if strings.EqualFold(c.Key, "lambda:SourceFunctionArn") {
					pinned = true
				}
			}
			for _, p := range st.Principal.AWS {
				if r, bad := inventory.UnresolvedReason(p); bad && !pinned {
					if !anyShared {
						continue
					}
					unknown = append(unknown, fmt.Sprintf("statement %d grants a principal that cannot be resolved: %s", st.Index+1, r))
					granted++
					continue
				}
				v := roleOf(p)
				if v == nil {
					continue
				}
				granted++
				if pinned || len(v.Functions) < 2 {
					continue
				}
				var names []string
				for _, f := range v.Functions {
					names = append(names, f.Label())
					if !slices.Contains(fns, f.ID) {
						fns = append(fns, f.ID)
					}
				}
				loose = append(loose, Evidence{Label: "statement", Value: fmt.Sprintf("statement %d grants role %s, used by %s", st.Index+1, v.Role.Label(), strings.Join(names, ", ")),
					Source: h.policy.StatementSource(st.Index)})
			}
		}
		if granted == 0 {
			return false // the policy grants no execution role of the estate
		}
		res.Functions = fns
		switch {
		case len(loose) > 0:
			res.fail(fmt.Sprintf("the policy of %s grants an execution role shared by several functions with no lambda:SourceFunctionArn condition", res.Label), loose...)
			res.atEvidence()
		case len(unknown) > 0:
			res.unknown(strings.Join(unknown, "; "))
		default:
			res.pass("every grant to an execution role is pinned with lambda:SourceFunctionArn or names a role only one function uses")
		}
		return true
	})
}

var apiExtraneous = &Rule{
	ID:       "LS117",
	Name:     "api-route-no-integration",
	Severity: Low,
	Title:    "API route or method on a production stage has no integration, or a MOCK one",
	Description: "An API that fronts functions and has a production stage (named prod, production, prd, live or " +
		"main, or an HTTP API's $default stage) carries a route or method with no integration, or with a MOCK " +
		"integration: an extraneous resource, left from development or scaffolding, that answers callers " +
		"without doing anything they should rely on and widens what an attacker can probe. OPTIONS methods " +
		"with MOCK integrations (CORS preflight) are not judged. APIs with only non-production stages pass, and so do " +
		"APIs whose stages are not in the estate.",
	Remediation: Remediation{
		Text:           "Delete the route or method, or give it the integration it was meant to have, and redeploy the stage.",
		CLI:            "aws apigateway delete-method --rest-api-id ID --resource-id RES --http-method GET && aws apigateway create-deployment --rest-api-id ID --stage-name prod",
		CloudFormation: "Remove the AWS::ApiGateway::Method (or the OpenAPI operation) or give it an Integration; AWS::ApiGatewayV2::Route: a Target of integrations/ID, or remove the route.",
		Terraform:      "Remove the aws_api_gateway_method / aws_apigatewayv2_route, or add its aws_api_gateway_integration / target.",
	},
	References: []string{
		"https://docs.aws.amazon.com/apigateway/latest/developerguide/how-to-mock-integration.html",
		"https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations.html",
	},
	Compliance: []Compliance{{"OWASP Serverless Top 10", "SAS-9"}},
	Check:      checkAPIExtraneous,
}

// productionStage returns the name of a's first stage that is, by its
// name, a production stage, or "".
func productionStage(a *inventory.API) string {
	for _, st := range a.Stages {
		switch strings.ToLower(st.Name) {
		case "prod", "production", "prd", "live", "main", "$default":
			return st.Name
		}
	}
	return ""
}

func checkAPIExtraneous(in *Input) []Result {
	var out []Result
	for _, a := range in.Estate.APIs {
		if !fronted(a) {
			continue
		}
		prod := productionStage(a)
		for i := range a.Routes {
			rt := &a.Routes[i]
			if rt.Integration == "" {
				continue // the source did not say
			}
			if rt.Method == "OPTIONS" && strings.EqualFold(rt.Integration, inventory.IntegrationMock) {
				continue // a CORS preflight, as the SAM transform writes them
			}
			res := routeResult(a, rt)
			res.Functions = apiFunctions(a)
			none := strings.EqualFold(rt.Integration, inventory.IntegrationNone)
			mock := strings.EqualFold(rt.Integration, inventory.IntegrationMock)
			switch {
			case inventory.IsUnresolved(rt.Integration):
				r, _ := inventory.UnresolvedReason(rt.Integration)
				res.unknown("the integration type cannot be resolved: " + r)
			case !none && !mock:
				res.pass("integration " + rt.Integration)
			case prod == "":
				res.pass(fmt.Sprintf("%s %s has %s, but API %s has no production stage", rt.Method, rt.Path, integrationText(none), a.Label()))
			default:
				res.fail(fmt.Sprintf("%s %s has %s on production stage %s of API %s", rt.Method, rt.Path, integrationText(none), prod, a.Label()),
					Evidence{Label: "integration", Value: rt.Integration, Source: rt.Source})
			}
			out = append(out, res)
		}
	}
	return out
}

// integrationText names a route's missing or MOCK integration.
func integrationText(none bool) string {
	if none {
		return "no integration"
	}
	return "a MOCK integration"
}
