package rules

import (
	"fmt"
	"slices"
	"strings"

	"github.com/lambdasec/lambdasec/internal/iampolicy"
	"github.com/lambdasec/lambdasec/internal/inventory"
)

// routeResult starts a result for one route of an API.
func routeResult(a *inventory.API, rt *inventory.Route) Result {
	return Result{
		Resource:  fmt.Sprintf("%s %s %s", a.ID, rt.Method, rt.Path),
		Kind:      KindAPIRoute,
		Label:     fmt.Sprintf("%s %s %s", a.Label(), rt.Method, rt.Path),
		Source:    rt.Source,
		Skips:     a.Skips,
		Functions: []string{rt.Function},
	}
}

// apiReach describes how far a REST API's resource policy and endpoint
// type let callers reach it: "" when anyone can, or the limit.
func apiReach(in *Input, a *inventory.API) (limit string, unknown string) {
	if slices.Contains(a.EndpointTypes, "PRIVATE") {
		limit = "private API (reachable only through VPC endpoints)"
	}
	if a.Policy == nil {
		return limit, ""
	}
	pol, err := in.Policy(a.Policy)
	if err != nil {
		return limit, "the API resource policy does not parse: " + err.Error()
	}
	acc := iampolicy.Analyze(pol, iampolicy.Query{Actions: []string{"execute-api:Invoke"}})
	public := false
	var limits []string
	for _, g := range acc.Grants {
		reach, _ := g.Reach(in.Estate.Account)
		switch reach {
		case iampolicy.ReachPublic:
			public = true
		case iampolicy.ReachPublicLimited, iampolicy.ReachOrganization:
			for _, r := range g.Restrictions {
				limits = append(limits, describeRestriction(r))
			}
		case iampolicy.ReachUnknown:
			if g.PrincipalType == "*" {
				return limit, strings.Join(g.Uncertain, "; ")
			}
		}
	}
	switch {
	case public:
		return limit, ""
	case len(limits) > 0:
		if limit != "" {
			limit += "; "
		}
		return limit + "resource policy allows callers only " + strings.Join(limits, ", "), ""
	case len(acc.Grants) == 0:
		if limit != "" {
			limit += "; "
		}
		return limit + "resource policy grants no public access", ""
	}
	if limit != "" {
		return limit, ""
	}
	return "resource policy allows only named accounts", ""
}

var routeNoAuth = &Rule{
	ID:         "LS107",
	Name:       "api-route-no-authorization",
	Severity:   High,
	Severities: []Severity{Medium},
	Title:      "API route to a function has no authorization",
	Description: "An API Gateway REST, HTTP or WebSocket route that integrates with a function has " +
		"authorization type NONE: no IAM signature, no Cognito or JWT token, no Lambda authorizer. " +
		"An API key is not authorization (keys are for usage plans and are easily shared). For REST " +
		"APIs the finding says when a resource policy or a private endpoint still limits who can " +
		"reach the route.",
	Remediation: Remediation{
		Text:           "Add an authorizer (Cognito, JWT, Lambda) or AWS_IAM authorization to the route, or a DefaultAuthorizer to the SAM API.",
		CLI:            "aws apigateway update-method --rest-api-id ID --resource-id RES --http-method GET --patch-operations op=replace,path=/authorizationType,value=AWS_IAM",
		CloudFormation: "AWS::ApiGateway::Method AuthorizationType: AWS_IAM | COGNITO_USER_POOLS | CUSTOM (with AuthorizerId); SAM: Auth.DefaultAuthorizer on the API.",
		Terraform:      "aws_api_gateway_method authorization = \"AWS_IAM\" (or COGNITO_USER_POOLS/CUSTOM with authorizer_id); aws_apigatewayv2_route authorization_type.",
	},
	References: []string{
		"https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-control-access-to-api.html",
	},
	Compliance: []Compliance{{"OWASP Serverless Top 10", "SAS-2"}},
	Check:      checkRouteNoAuth,
}

func checkRouteNoAuth(in *Input) []Result {
	var out []Result
	for _, a := range in.Estate.APIs {
		var limit, unknown string
		if a.Protocol == inventory.ProtocolREST {
			limit, unknown = apiReach(in, a)
		}
		for i := range a.Routes {
			rt := &a.Routes[i]
			if rt.Function == "" {
				continue
			}
			if a.Protocol == inventory.ProtocolWebSocket && rt.Path != "$connect" {
				// WebSocket APIs authorize once, on $connect; other routes
				// cannot have an authorizer.
				continue
			}
			res := routeResult(a, rt)
			switch {
			case rt.Method == "OPTIONS":
				res.pass("OPTIONS (CORS preflight) requests cannot carry credentials; the function must not act on them")
			case len(rt.Gaps) > 0:
				res.unknown("authorization cannot be told: " + rt.Gaps[0].Reason)
			case rt.AuthorizationType != inventory.AuthNone && rt.Authorizer != "":
				res.pass("authorization " + rt.AuthorizationType + " (" + rt.Authorizer + ")")
			case rt.AuthorizationType != inventory.AuthNone:
				res.pass("authorization " + rt.AuthorizationType)
			case unknown != "":
				res.unknown("the route has no authorization, and who can reach the API cannot be told: " + unknown)
			case gapUnknown(a, inventory.FieldAuthorization, &res):
			default:
				routeFails(in, rt, limit, &res)
			}
			out = append(out, res)
		}
	}
	return out
}

// routeFails fails a route with no authorization; limit says what still
// limits who can reach it, if anything.
func routeFails(in *Input, rt *inventory.Route, limit string, res *Result) {
	fn := rt.Function
	if f := in.Index.Function(fn); f != nil {
		fn = f.Label()
	}
	msg := fmt.Sprintf("%s %s reaches function %s with no authorization", rt.Method, rt.Path, inventory.Describe(fn))
	if rt.APIKeyRequired {
		msg += " (an API key is required, which identifies clients but does not authenticate them)"
	}
	if limit != "" {
		msg += "; " + limit
		res.Severity = sev(Medium)
	}
	res.fail(msg, Evidence{Label: "authorizationType", Value: "NONE", Source: rt.Source})
}

// apiFunctions lists the functions an API's routes reach.
func apiFunctions(a *inventory.API) []string {
	var out []string
	for _, rt := range a.Routes {
		if rt.Function != "" && !slices.Contains(out, rt.Function) {
			out = append(out, rt.Function)
		}
	}
	return out
}

// fronted reports whether an API has a route to a function.
func fronted(a *inventory.API) bool {
	for _, rt := range a.Routes {
		if rt.Function != "" {
			return true
		}
	}
	return false
}

var noWAF = &Rule{
	ID:       "LS108",
	Name:     "no-waf",
	Severity: Medium,
	Title:    "API stage or load balancer in front of a function has no WAF web ACL",
	Description: "A REST API stage or an internet-facing Application Load Balancer that forwards to a " +
		"function has no AWS WAF web ACL associated, so there is no layer to block injection payloads, " +
		"known bad inputs or floods before they reach the function. (HTTP APIs cannot be associated " +
		"with WAF; put CloudFront with WAF in front of them.) For a template, only associations in the " +
		"same template can be seen.",
	Remediation: Remediation{
		Text:           "Associate a WAFv2 web ACL (with the AWS managed rule groups) with the stage or load balancer.",
		CLI:            "aws wafv2 associate-web-acl --web-acl-arn ACL_ARN --resource-arn arn:aws:apigateway:REGION::/restapis/ID/stages/STAGE",
		CloudFormation: "AWS::WAFv2::WebACLAssociation with ResourceArn the stage or load balancer ARN and WebACLArn.",
		Terraform:      "aws_wafv2_web_acl_association { resource_arn = aws_api_gateway_stage.x.arn, web_acl_arn = aws_wafv2_web_acl.x.arn }",
	},
	References: []string{"https://docs.aws.amazon.com/waf/latest/developerguide/waf-chapter.html"},
	Compliance: []Compliance{{"AWS FSBP", "APIGateway.4"}, {"OWASP Serverless Top 10", "SAS-1"}},
	Check:      checkNoWAF,
}

// stageResult starts a result for a stage of an API.
func stageResult(a *inventory.API, st *inventory.Stage) Result {
	return Result{Resource: a.ID + "/" + st.Name, Kind: KindAPIStage, Label: a.Label() + " stage " + st.Name, Source: st.Source, Skips: a.Skips, Functions: apiFunctions(a)}
}

// eachStage judges every stage of every API with a route to a function.
func eachStage(in *Input, judge func(a *inventory.API, st *inventory.Stage, res *Result) bool) []Result {
	var out []Result
	for _, a := range in.Estate.APIs {
		if !fronted(a) {
			continue
		}
		for i := range a.Stages {
			st := &a.Stages[i]
			res := stageResult(a, st)
			if judge(a, st, &res) {
				out = append(out, res)
			}
		}
	}
	return out
}

func checkNoWAF(in *Input) []Result {
	out := eachStage(in, func(a *inventory.API, st *inventory.Stage, res *Result) bool {
		switch {
		case a.Protocol != inventory.ProtocolREST:
			return false
		case st.WebACL != "":
			res.pass("web ACL " + inventory.Describe(st.WebACL) + " is associated")
		default:
			res.fail(fmt.Sprintf("REST API %s stage %s has no WAF web ACL", a.Label(), st.Name))
		}
		return true
	})
	tgs := map[string]*inventory.TargetGroup{}
	for _, tg := range in.Estate.TargetGroups {
		tgs[tg.ID] = tg
		if tg.ARN != "" {
			tgs[tg.ARN] = tg
		}
	}
	start := func(lb *inventory.LoadBalancer) Result {
		res := resultFor(&lb.Resource, KindLoadBalancer)
		res.Functions = lbFunctions(lb, tgs)
		return res
	}
	return append(out, each(in.Estate.LoadBalancers, start, func(lb *inventory.LoadBalancer, res *Result) bool {
		switch {
		case len(res.Functions) == 0:
			return false
		case lb.Scheme == "internal":
			res.pass("internal load balancer")
		case lb.WebACL != "":
			res.pass("web ACL " + inventory.Describe(lb.WebACL) + " is associated")
		case gapUnknown(lb, inventory.FieldScheme, res):
			res.Message = "scheme: " + res.Message
		case gapUnknown(lb, inventory.FieldWebACL, res):
			res.Message = "web ACL: " + res.Message
		default:
			res.fail(fmt.Sprintf("internet-facing load balancer %s forwards to a function and has no WAF web ACL", lb.Label()))
		}
		return true
	})...)
}

// lbFunctions lists the functions a load balancer's listeners forward to,
// through the target groups tgs (by ID and ARN).
func lbFunctions(lb *inventory.LoadBalancer, tgs map[string]*inventory.TargetGroup) []string {
	var out []string
	for _, l := range lb.Listeners {
		for _, id := range l.TargetGroups {
			if tg := tgs[id]; tg != nil {
				for _, fn := range tg.Functions {
					if !slices.Contains(out, fn) {
						out = append(out, fn)
					}
				}
			}
		}
	}
	return out
}

var noThrottling = &Rule{
	ID:       "LS109",
	Name:     "api-stage-no-throttling",
	Severity: Low,
	Title:    "API stage in front of a function has no throttling limits",
	Description: "The stage sets no default route/method throttling (rate and burst) and no usage plan " +
		"throttles it, so only the account-wide API Gateway limit (10,000 requests per second by " +
		"default) stands between a flood of requests and the function's concurrency — and the bill.",
	Remediation: Remediation{
		Text:           "Set stage throttling (rate and burst) suited to the function, or a usage plan with throttle limits.",
		CLI:            "aws apigateway update-stage --rest-api-id ID --stage-name STAGE --patch-operations op=replace,path=/*/*/throttling/rateLimit,value=100",
		CloudFormation: "AWS::ApiGateway::Stage MethodSettings: [{ResourcePath: '/*', HttpMethod: '*', ThrottlingRateLimit: 100, ThrottlingBurstLimit: 50}]; AWS::ApiGatewayV2::Stage DefaultRouteSettings.",
		Terraform:      "aws_api_gateway_method_settings settings { throttling_rate_limit, throttling_burst_limit }; aws_apigatewayv2_stage default_route_settings.",
	},
	References: []string{"https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-request-throttling.html"},
	Compliance: []Compliance{{"OWASP Serverless Top 10", "SAS-8"}},
	Check:      checkNoThrottling,
}

func checkNoThrottling(in *Input) []Result {
	return eachStage(in, func(a *inventory.API, st *inventory.Stage, res *Result) bool {
		plan := ""
		for _, up := range a.UsagePlans {
			if (up.RateLimit != nil || up.BurstLimit != nil) && slices.Contains(up.Stages, st.Name) {
				plan = up.ID
			}
		}
		switch {
		case st.RateLimit != nil:
			res.pass(fmt.Sprintf("stage throttling is set (rate %g/s)", *st.RateLimit))
		case st.BurstLimit != nil:
			res.pass("stage throttling is set")
		case plan != "":
			res.pass("usage plan " + plan + " throttles the stage")
		case len(st.Gaps) > 0:
			res.unknown(st.Gaps[0].Reason)
		default:
			res.fail(fmt.Sprintf("%s API %s stage %s has no throttling limits", a.Protocol, a.Label(), st.Name))
		}
		return true
	})
}
