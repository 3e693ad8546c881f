package live

import (
	"context"
	"encoding/json"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/arn"
	"github.com/aws/aws-sdk-go-v2/service/apigateway"
	agtypes "github.com/aws/aws-sdk-go-v2/service/apigateway/types"
	"github.com/aws/aws-sdk-go-v2/service/apigatewayv2"
	ag2types "github.com/aws/aws-sdk-go-v2/service/apigatewayv2/types"

	"github.com/lambdasec/lambdasec/internal/inventory"
)

// API Gateway operations. The control plane authorises every read with the
// one action apigateway:GET. A REST API costs four calls (its resources
// with their methods embedded, its stages, its authorizers, its gateway
// responses: apigateway_cors.go) and the
// region's usage plans one listing; an HTTP or WebSocket API costs four
// (routes, integrations, stages, authorizers).
// https://docs.aws.amazon.com/apigateway/latest/api/API_GetRestApis.html
// https://docs.aws.amazon.com/apigateway/latest/api/API_GetResources.html
// https://docs.aws.amazon.com/apigateway/latest/api/API_GetStages.html
// https://docs.aws.amazon.com/apigateway/latest/api/API_GetAuthorizers.html
// https://docs.aws.amazon.com/apigateway/latest/api/API_GetUsagePlans.html
// https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/apis.html#GetApis
// https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/apis-apiid-routes.html#GetRoutes
// https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/apis-apiid-integrations.html#GetIntegrations
// https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/apis-apiid-stages.html#GetStages
// https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/apis-apiid-authorizers.html#GetAuthorizers
var (
	opGetRestApis = op(apigateway.ServiceID, "GetRestApis", "apigateway:GET",
		"REST APIs: resource policy, endpoint types, whether the execute-api endpoint is disabled", "LS107", "LS108", "LS109", "LS113")
	opGetResources = op(apigateway.ServiceID, "GetResources", "apigateway:GET",
		"each REST API's resources with their methods (embed=methods): authorization type, authorizer, API key, Lambda integration and its timeout, request validator, OPTIONS CORS headers", "LS107", "LS108", "LS109", "LS111", "LS115", "LS116", "LS117", "LS704")
	opGetRestStages = op(apigateway.ServiceID, "GetStages", "apigateway:GET",
		"each REST API's stages: method throttling, WAF web ACL, access logging, tracing, the deployment served", "LS108", "LS109", "LS114", "LS117", "LS118")
	opGetRestAuthorizers = op(apigateway.ServiceID, "GetAuthorizers", "apigateway:GET",
		"each REST API's authorizers and the functions behind Lambda authorizers", "LS107", "LS116")
	opGetUsagePlans = op(apigateway.ServiceID, "GetUsagePlans", "apigateway:GET",
		"usage plans and the REST API stages they throttle", "LS109")
	opGetApis = op(apigatewayv2.ServiceID, "GetApis", "apigateway:GET",
		"HTTP and WebSocket APIs, with their CORS configuration", "LS107", "LS109", "LS111")
	opGetRoutes = op(apigatewayv2.ServiceID, "GetRoutes", "apigateway:GET",
		"each HTTP/WebSocket API's routes: authorization type, authorizer, API key, integration", "LS107", "LS109", "LS116", "LS117")
	opGetIntegrations = op(apigatewayv2.ServiceID, "GetIntegrations", "apigateway:GET",
		"each HTTP/WebSocket API's integrations: which function a route reaches, the integration type and timeout", "LS107", "LS109", "LS117", "LS704")
	opGetV2Stages = op(apigatewayv2.ServiceID, "GetStages", "apigateway:GET",
		"each HTTP/WebSocket API's stages: default and per-route throttling, access logging, the deployment served, automatic deployment", "LS109", "LS114", "LS117", "LS118")
	opGetV2Authorizers = op(apigatewayv2.ServiceID, "GetAuthorizers", "apigateway:GET",
		"each HTTP/WebSocket API's authorizers (JWT, Lambda) and the functions behind Lambda authorizers", "LS107", "LS116")
	// https://docs.aws.amazon.com/apigateway/latest/api/API_GetDeployments.html
	opGetRestDeployments = op(apigateway.ServiceID, "GetDeployments", "apigateway:GET",
		"each REST API's deployments, to find those no stage serves", "LS118")
	// https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/apis-apiid-deployments.html#GetDeployments
	opGetV2Deployments = op(apigatewayv2.ServiceID, "GetDeployments", "apigateway:GET",
		"each HTTP/WebSocket API's deployments (not the automatic ones), to find those no stage serves", "LS118")
)

// fieldAuthorizers names, in a Gap, an API's list of authorizers: no rule
// needs it, so there is no inventory Field constant for it.
const fieldAuthorizers = "authorizers"

// collectAPIGateway reads the region's REST, HTTP and WebSocket APIs with
// their routes, stages, authorizers and (REST) usage plans.
func (r *region) collectAPIGateway(ctx context.Context) {
	var wg sync.WaitGroup
	wg.Add(3)
	go func() { defer wg.Done(); r.restAPIs(ctx) }()
	go func() { defer wg.Done(); r.httpAPIs(ctx) }()
	go func() { defer wg.Done(); r.domainNames(ctx) }()
	wg.Wait()
}

// restAPIARN returns the ARN of a REST API, which is also its ID in a live
// estate: arn:aws:apigateway:REGION::/restapis/ID.
// https://docs.aws.amazon.com/apigateway/latest/developerguide/arn-format-reference.html
func (r *region) restAPIARN(id string) string {
	return r.arn("apigateway", "", "/restapis/"+id)
}

// httpAPIARN returns the ARN of an HTTP or WebSocket API:
// arn:aws:apigateway:REGION::/apis/ID.
func (r *region) httpAPIARN(id string) string {
	return r.arn("apigateway", "", "/apis/"+id)
}

// restAPIs lists the REST APIs and reads each one's resources, stages and
// authorizers, then ties the usage plans to their stages.
func (r *region) restAPIs(ctx context.Context) {
	client := apigateway.NewFromConfig(r.cfg)
	var apis []*inventory.API
	var ids []string // API Gateway's own IDs, in the order of apis
	p := apigateway.NewGetRestApisPaginator(client, &apigateway.GetRestApisInput{Limit: aws.Int32(500)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			r.estateGap(call(opGetRestApis), err, "REST APIs")
			return
		}
		for _, api := range page.Items {
			id := aws.ToString(api.Id)
			ids = append(ids, id)
			apis = append(apis, r.restAPI(id, api))
		}
	}
	if len(apis) == 0 {
		return
	}
	var plans []agtypes.UsagePlan
	var plansErr error
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		plans, plansErr = usagePlans(ctx, client)
	}()
	r.each(ctx, len(apis), func(i int) { r.restAPIDetails(ctx, client, ids[i], apis[i]) })
	wg.Wait()
	if plansErr != nil {
		r.estateGap(call(opGetUsagePlans), plansErr, "usage plans")
		// Whether a plan throttles a stage is unknown: a stage without
		// its own throttling cannot be said to have none.
		kind, reason := classify(call(opGetUsagePlans), plansErr)
		for _, a := range apis {
			for i := range a.Stages {
				st := &a.Stages[i]
				if st.RateLimit == nil && st.BurstLimit == nil {
					st.Gaps = append(st.Gaps, inventory.Gap{Field: inventory.FieldThrottling, Reason: reason, Call: call(opGetUsagePlans), Kind: kind})
				}
			}
		}
	} else {
		byID := map[string]*inventory.API{}
		for i, a := range apis {
			byID[ids[i]] = a
		}
		r.attachUsagePlans(plans, byID)
	}
	r.add(func(e *inventory.Estate) { e.APIs = append(e.APIs, apis...) })
}

// restAPI maps what GetRestApis returns of one REST API.
func (r *region) restAPI(id string, api agtypes.RestApi) *inventory.API {
	arn := r.restAPIARN(id)
	a := &inventory.API{
		Resource: inventory.Resource{ID: arn, ARN: arn, Name: aws.ToString(api.Name), Region: r.name,
			Source: inventory.Source{ARN: arn}, Tags: api.Tags},
		Protocol:                  inventory.ProtocolREST,
		DisableExecuteAPIEndpoint: api.DisableExecuteApiEndpoint,
	}
	if ec := api.EndpointConfiguration; ec != nil {
		for _, t := range ec.Types {
			a.EndpointTypes = append(a.EndpointTypes, string(t))
		}
	}
	if s := aws.ToString(api.Policy); s != "" {
		a.Policy = &inventory.Policy{Name: "API resource policy", Document: restPolicy(s), Source: a.Source}
	}
	return a
}

// restPolicy returns a REST API's resource policy as a JSON document.
// GetRestApis returns the policy as a string whose quotes are escaped
// once more ({\"Version\":...}); a document that is already JSON is kept
// as it is, and one that is neither is kept raw so the rules report that
// it does not parse.
func restPolicy(s string) json.RawMessage {
	if json.Valid([]byte(s)) {
		return json.RawMessage(s)
	}
	var unescaped string
	if err := json.Unmarshal([]byte(`"`+s+`"`), &unescaped); err == nil && json.Valid([]byte(unescaped)) {
		return json.RawMessage(unescaped)
	}
	b, _ := json.Marshal(s) // a JSON string: valid JSON the rules refuse as a policy
	return b
}

// restAPIDetails reads one REST API's resources (with their methods),
// stages and authorizers. It writes only a, which no other goroutine
// touches until every API is read.
func (r *region) restAPIDetails(ctx context.Context, client *apigateway.Client, id string, a *inventory.API) {
	rp := apigateway.NewGetResourcesPaginator(client, &apigateway.GetResourcesInput{
		RestApiId: aws.String(id), Embed: []string{"methods"}, Limit: aws.Int32(500)})
	var routes []inventory.Route
	for rp.HasMorePages() {
		page, err := rp.NextPage(ctx)
		if err != nil {
			gap(&a.Resource, call(opGetResources), err, inventory.FieldAuthorization, inventory.FieldCORS)
			routes, a.CORS = nil, nil
			break
		}
		for _, res := range page.Items {
			routes = append(routes, r.restRoutes(a, res)...)
			a.CORS = append(a.CORS, optionsCORS(a, res)...)
		}
	}
	sortRoutes(routes)
	a.Routes = routes
	r.restCORS(ctx, client, id, a)

	st, err := client.GetStages(ctx, &apigateway.GetStagesInput{RestApiId: aws.String(id)})
	if err != nil {
		gap(&a.Resource, call(opGetRestStages), err, inventory.FieldThrottling, inventory.FieldWebACL)
	} else {
		for _, s := range st.Item {
			a.Stages = append(a.Stages, restStage(a, s))
		}
		sortStages(a.Stages)
	}

	var authorizers []inventory.Authorizer
	in := &apigateway.GetAuthorizersInput{RestApiId: aws.String(id), Limit: aws.Int32(500)}
	for {
		page, err := client.GetAuthorizers(ctx, in)
		if err != nil {
			gap(&a.Resource, call(opGetRestAuthorizers), err, fieldAuthorizers)
			authorizers = nil
			break
		}
		for _, az := range page.Items {
			authorizers = append(authorizers, restAuthorizer(a, az))
		}
		if !apiGatewayNextPage(&in.Position, page.Position) {
			break
		}
	}
	sort.Slice(authorizers, func(i, j int) bool { return authorizers[i].ID < authorizers[j].ID })
	a.Authorizers = authorizers

	var deployments []inventory.Deployment
	dp := apigateway.NewGetDeploymentsPaginator(client, &apigateway.GetDeploymentsInput{RestApiId: aws.String(id), Limit: aws.Int32(500)})
	for dp.HasMorePages() {
		page, err := dp.NextPage(ctx)
		if err != nil {
			gap(&a.Resource, call(opGetRestDeployments), err, inventory.FieldDeployments)
			deployments = nil
			break
		}
		for _, d := range page.Items {
			deployments = append(deployments, deployment(a, aws.ToString(d.Id), d.CreatedDate))
		}
	}
	sortDeployments(deployments)
	a.Deployments = deployments
}

// deployment maps one deployment of API a.
func deployment(a *inventory.API, id string, created *time.Time) inventory.Deployment {
	d := inventory.Deployment{ID: id, Source: inventory.Source{ARN: a.ID + "/deployments/" + id}}
	if created != nil {
		d.Created = created.UTC().Format(time.RFC3339)
	}
	return d
}

func sortDeployments(ds []inventory.Deployment) {
	sort.Slice(ds, func(i, j int) bool { return ds[i].ID < ds[j].ID })
}

// restRoutes maps the methods of one REST API resource to routes.
func (r *region) restRoutes(a *inventory.API, res agtypes.Resource) []inventory.Route {
	var out []inventory.Route
	for verb, m := range res.ResourceMethods {
		method := strings.ToUpper(aws.ToString(m.HttpMethod))
		if method == "" {
			method = strings.ToUpper(verb)
		}
		src := a.ID + "/resources/" + aws.ToString(res.Id) + "/methods/" + method
		rt := inventory.Route{
			Method:            method,
			Path:              aws.ToString(res.Path),
			AuthorizationType: strings.ToUpper(aws.ToString(m.AuthorizationType)),
			Authorizer:        aws.ToString(m.AuthorizerId),
			APIKeyRequired:    aws.ToBool(m.ApiKeyRequired),
			RequestValidator:  aws.ToString(m.RequestValidatorId),
			Source:            inventory.Source{ARN: src},
		}
		if rt.AuthorizationType == "" {
			rt.AuthorizationType = inventory.AuthNone
		}
		if in := m.MethodIntegration; in != nil && (in.Type == agtypes.IntegrationTypeAwsProxy || in.Type == agtypes.IntegrationTypeAws) {
			rt.Function = functionOfURI(aws.ToString(in.Uri))
			rt.IntegrationTimeoutMs = int(in.TimeoutInMillis)
			rt.AsyncInvoke = strings.EqualFold(in.RequestParameters["integration.request.header.X-Amz-Invocation-Type"], "'Event'")
			rt.Streaming = in.ResponseTransferMode == agtypes.ResponseTransferModeStream
		}
		// GetResources with embed=methods returns each method's integration;
		// a method without one has no methodIntegration.
		rt.Integration = inventory.IntegrationNone
		if m.MethodIntegration != nil {
			rt.Integration = string(m.MethodIntegration.Type)
		}
		out = append(out, rt)
	}
	return out
}

// restStage maps one REST API stage. Throttling is the stage's method
// settings: the "*/*" entry is the stage default, and, as in a template,
// a setting for some methods only still counts as throttling set. A limit
// that is not set is left out or given as -1 (throttling disabled), which
// the SDK cannot tell from 0, so only positive values count.
func restStage(a *inventory.API, s agtypes.Stage) inventory.Stage {
	name := aws.ToString(s.StageName)
	st := inventory.Stage{
		Name:           name,
		WebACL:         aws.ToString(s.WebAclArn),
		AccessLogging:  s.AccessLogSettings != nil && aws.ToString(s.AccessLogSettings.DestinationArn) != "",
		TracingEnabled: s.TracingEnabled,
		Deployment:     aws.ToString(s.DeploymentId),
		Source:         inventory.Source{ARN: a.ID + "/stages/" + name},
	}
	keys := make([]string, 0, len(s.MethodSettings))
	for k := range s.MethodSettings {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		// "*/*" first: the stage default wins over one method's setting.
		if (keys[i] == "*/*") != (keys[j] == "*/*") {
			return keys[i] == "*/*"
		}
		return keys[i] < keys[j]
	})
	for _, k := range keys {
		ms := s.MethodSettings[k]
		if st.RateLimit == nil && ms.ThrottlingRateLimit > 0 {
			rate := ms.ThrottlingRateLimit
			st.RateLimit = &rate
		}
		if st.BurstLimit == nil && ms.ThrottlingBurstLimit > 0 {
			burst := int(ms.ThrottlingBurstLimit)
			st.BurstLimit = &burst
		}
	}
	return st
}

// restAuthorizer maps one REST API authorizer; TOKEN and REQUEST
// authorizers are Lambda authorizers (CUSTOM, as methods name them).
func restAuthorizer(a *inventory.API, az agtypes.Authorizer) inventory.Authorizer {
	id := aws.ToString(az.Id)
	typ := strings.ToUpper(string(az.Type))
	if typ == string(agtypes.AuthorizerTypeToken) || typ == string(agtypes.AuthorizerTypeRequest) {
		typ = inventory.AuthCustom
	}
	return inventory.Authorizer{ID: id, Name: aws.ToString(az.Name), Type: typ,
		Function: functionOfURI(aws.ToString(az.AuthorizerUri)), Source: inventory.Source{ARN: a.ID + "/authorizers/" + id}}
}

// usagePlans lists the region's usage plans.
func usagePlans(ctx context.Context, client *apigateway.Client) ([]agtypes.UsagePlan, error) {
	var out []agtypes.UsagePlan
	p := apigateway.NewGetUsagePlansPaginator(client, &apigateway.GetUsagePlansInput{Limit: aws.Int32(500)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, err
		}
		out = append(out, page.Items...)
	}
	return out, nil
}

// attachUsagePlans gives each REST API the usage plans that cover its
// stages (byID is keyed by API Gateway's API ID): one UsagePlan per plan
// and API, naming the stages it covers and the plan-wide throttle.
func (r *region) attachUsagePlans(plans []agtypes.UsagePlan, byID map[string]*inventory.API) {
	for _, up := range plans {
		id := aws.ToString(up.Id)
		stages := map[string][]string{}
		for _, as := range up.ApiStages {
			api := aws.ToString(as.ApiId)
			if byID[api] != nil {
				stages[api] = append(stages[api], aws.ToString(as.Stage))
			}
		}
		for api, names := range stages {
			sort.Strings(names)
			a := byID[api]
			u := inventory.UsagePlan{ID: id, Stages: names,
				Source: inventory.Source{ARN: arn.ARN{Partition: r.partition, Service: "apigateway", Region: a.Region, Resource: "/usageplans/" + id}.String()}}
			// The SDK gives a limit the plan leaves out as 0: a plan
			// with a throttle block throttles, as in a template.
			if th := up.Throttle; th != nil {
				rate := th.RateLimit
				burst := int(th.BurstLimit)
				u.RateLimit, u.BurstLimit = &rate, &burst
			}
			a.UsagePlans = append(a.UsagePlans, u)
		}
	}
	for _, a := range byID {
		sort.Slice(a.UsagePlans, func(i, j int) bool { return a.UsagePlans[i].ID < a.UsagePlans[j].ID })
	}
}

// httpAPIs lists the HTTP and WebSocket APIs and reads each one's routes,
// integrations, stages and authorizers.
func (r *region) httpAPIs(ctx context.Context) {
	client := apigatewayv2.NewFromConfig(r.cfg)
	var apis []*inventory.API
	var ids []string
	in := &apigatewayv2.GetApisInput{}
	for {
		page, err := client.GetApis(ctx, in)
		if err != nil {
			r.estateGap(call(opGetApis), err, "HTTP and WebSocket APIs")
			return
		}
		for _, api := range page.Items {
			id := aws.ToString(api.ApiId)
			arn := r.httpAPIARN(id)
			proto := strings.ToUpper(string(api.ProtocolType))
			if proto == "" {
				proto = inventory.ProtocolHTTP
			}
			apis = append(apis, &inventory.API{
				Resource: inventory.Resource{ID: arn, ARN: arn, Name: aws.ToString(api.Name), Region: r.name,
					Source: inventory.Source{ARN: arn}, Tags: api.Tags},
				Protocol:                  proto,
				EndpointTypes:             []string{"REGIONAL"},
				DisableExecuteAPIEndpoint: aws.ToBool(api.DisableExecuteApiEndpoint),
				CORS:                      httpCORS(arn, api.CorsConfiguration),
			})
			ids = append(ids, id)
		}
		if !apiGatewayNextPage(&in.NextToken, page.NextToken) {
			break
		}
	}
	r.each(ctx, len(apis), func(i int) { r.httpAPIDetails(ctx, client, ids[i], apis[i]) })
	if len(apis) > 0 {
		r.add(func(e *inventory.Estate) { e.APIs = append(e.APIs, apis...) })
	}
}

// apiGatewayNextPage moves a request's pagination token to the one a page
// returned, and reports whether there is a next page (a token that is
// empty or the same as the last one ends the listing).
func apiGatewayNextPage(in **string, out *string) bool {
	next := aws.ToString(out)
	if next == "" || next == aws.ToString(*in) {
		return false
	}
	*in = aws.String(next)
	return true
}

// httpAPIDetails reads one HTTP or WebSocket API's integrations, routes,
// stages and authorizers.
func (r *region) httpAPIDetails(ctx context.Context, client *apigatewayv2.Client, id string, a *inventory.API) {
	// Integrations first: a route names its function through one.
	functions := map[string]string{} // integration ID -> function ARN
	types := map[string]string{}     // integration ID -> integration type
	timeouts := map[string]int{}     // integration ID -> TimeoutInMillis
	var integrationsErr error
	ii := &apigatewayv2.GetIntegrationsInput{ApiId: aws.String(id)}
	for {
		page, err := client.GetIntegrations(ctx, ii)
		if err != nil {
			integrationsErr = err
			gap(&a.Resource, call(opGetIntegrations), err, inventory.FieldTargets)
			break
		}
		for _, in := range page.Items {
			functions[aws.ToString(in.IntegrationId)] = integrationFunction(in)
			types[aws.ToString(in.IntegrationId)] = string(in.IntegrationType)
			timeouts[aws.ToString(in.IntegrationId)] = int(aws.ToInt32(in.TimeoutInMillis))
		}
		if !apiGatewayNextPage(&ii.NextToken, page.NextToken) {
			break
		}
	}

	var routes []inventory.Route
	ri := &apigatewayv2.GetRoutesInput{ApiId: aws.String(id)}
	for {
		page, err := client.GetRoutes(ctx, ri)
		if err != nil {
			gap(&a.Resource, call(opGetRoutes), err, inventory.FieldAuthorization)
			routes = nil
			break
		}
		for _, rt := range page.Items {
			r := httpRoute(a, rt, functions, integrationsErr)
			if target, ok := strings.CutPrefix(aws.ToString(rt.Target), "integrations/"); ok && integrationsErr == nil {
				r.Integration = types[target]
				r.IntegrationTimeoutMs = timeouts[target]
			} else if aws.ToString(rt.Target) == "" {
				r.Integration = inventory.IntegrationNone
			}
			routes = append(routes, r)
		}
		if !apiGatewayNextPage(&ri.NextToken, page.NextToken) {
			break
		}
	}
	sortRoutes(routes)
	a.Routes = routes

	var stages []inventory.Stage
	si := &apigatewayv2.GetStagesInput{ApiId: aws.String(id)}
	for {
		page, err := client.GetStages(ctx, si)
		if err != nil {
			gap(&a.Resource, call(opGetV2Stages), err, inventory.FieldThrottling)
			stages = nil
			break
		}
		for _, s := range page.Items {
			stages = append(stages, httpStage(a, s))
		}
		if !apiGatewayNextPage(&si.NextToken, page.NextToken) {
			break
		}
	}
	sortStages(stages)
	a.Stages = stages

	var authorizers []inventory.Authorizer
	ai := &apigatewayv2.GetAuthorizersInput{ApiId: aws.String(id)}
	for {
		page, err := client.GetAuthorizers(ctx, ai)
		if err != nil {
			gap(&a.Resource, call(opGetV2Authorizers), err, fieldAuthorizers)
			authorizers = nil
			break
		}
		for _, az := range page.Items {
			aid := aws.ToString(az.AuthorizerId)
			typ := strings.ToUpper(string(az.AuthorizerType))
			if typ == string(ag2types.AuthorizerTypeRequest) {
				typ = inventory.AuthCustom
			}
			authorizers = append(authorizers, inventory.Authorizer{ID: aid, Name: aws.ToString(az.Name), Type: typ,
				Function: functionOfURI(aws.ToString(az.AuthorizerUri)), Source: inventory.Source{ARN: a.ID + "/authorizers/" + aid}})
		}
		if !apiGatewayNextPage(&ai.NextToken, page.NextToken) {
			break
		}
	}
	sort.Slice(authorizers, func(i, j int) bool { return authorizers[i].ID < authorizers[j].ID })
	a.Authorizers = authorizers

	// Deployments API Gateway made itself for an auto-deployed stage are
	// left out: the stage moves on to the next, and the old ones are
	// nobody's leftovers.
	var deployments []inventory.Deployment
	di := &apigatewayv2.GetDeploymentsInput{ApiId: aws.String(id)}
	for {
		page, err := client.GetDeployments(ctx, di)
		if err != nil {
			gap(&a.Resource, call(opGetV2Deployments), err, inventory.FieldDeployments)
			deployments = nil
			break
		}
		for _, d := range page.Items {
			if !aws.ToBool(d.AutoDeployed) {
				deployments = append(deployments, deployment(a, aws.ToString(d.DeploymentId), d.CreatedDate))
			}
		}
		if !apiGatewayNextPage(&di.NextToken, page.NextToken) {
			break
		}
	}
	sortDeployments(deployments)
	a.Deployments = deployments
}

// integrationFunction returns the function an HTTP or WebSocket API
// integration invokes, or "" when it invokes none.
func integrationFunction(in ag2types.Integration) string {
	switch in.IntegrationType {
	case ag2types.IntegrationTypeAwsProxy, ag2types.IntegrationTypeAws:
		return functionOfURI(aws.ToString(in.IntegrationUri))
	}
	return ""
}

// httpRoute maps one HTTP or WebSocket route. Its route key is "METHOD
// /path", or a bare key ("$default", "$connect") that stands for any
// method. When the integrations could not be read, a route whose target
// is an integration gets a gap: whether it reaches a function is unknown.
func httpRoute(a *inventory.API, rt ag2types.Route, functions map[string]string, integrationsErr error) inventory.Route {
	key := aws.ToString(rt.RouteKey)
	method, path, ok := strings.Cut(key, " ")
	if !ok {
		method, path = "ANY", key
	}
	out := inventory.Route{
		Method:            method,
		Path:              path,
		AuthorizationType: strings.ToUpper(string(rt.AuthorizationType)),
		Authorizer:        aws.ToString(rt.AuthorizerId),
		APIKeyRequired:    aws.ToBool(rt.ApiKeyRequired),
		Source:            inventory.Source{ARN: a.ID + "/routes/" + aws.ToString(rt.RouteId)},
	}
	if out.AuthorizationType == "" {
		out.AuthorizationType = inventory.AuthNone
	}
	if target, ok := strings.CutPrefix(aws.ToString(rt.Target), "integrations/"); ok {
		if integrationsErr != nil {
			kind, reason := classify(call(opGetIntegrations), integrationsErr)
			out.Gaps = append(out.Gaps, inventory.Gap{Field: inventory.FieldTargets, Reason: reason, Call: call(opGetIntegrations), Kind: kind})
		} else {
			out.Function = functions[target]
		}
	}
	return out
}

// httpStage maps one HTTP or WebSocket API stage: its default route
// throttling or, as in a template, any route's throttling.
func httpStage(a *inventory.API, s ag2types.Stage) inventory.Stage {
	name := aws.ToString(s.StageName)
	st := inventory.Stage{
		Name:          name,
		AccessLogging: s.AccessLogSettings != nil && aws.ToString(s.AccessLogSettings.DestinationArn) != "",
		Deployment:    aws.ToString(s.DeploymentId),
		AutoDeploy:    aws.ToBool(s.AutoDeploy),
		Source:        inventory.Source{ARN: a.ID + "/stages/" + name},
	}
	setRouteThrottle(&st, s.DefaultRouteSettings)
	if st.RateLimit == nil && st.BurstLimit == nil {
		keys := make([]string, 0, len(s.RouteSettings))
		for k := range s.RouteSettings {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			rs := s.RouteSettings[k]
			setRouteThrottle(&st, &rs)
		}
	}
	return st
}

func setRouteThrottle(st *inventory.Stage, rs *ag2types.RouteSettings) {
	if rs == nil {
		return
	}
	if rs.ThrottlingRateLimit != nil && st.RateLimit == nil {
		rate := *rs.ThrottlingRateLimit
		st.RateLimit = &rate
	}
	if rs.ThrottlingBurstLimit != nil && st.BurstLimit == nil {
		burst := int(*rs.ThrottlingBurstLimit)
		st.BurstLimit = &burst
	}
}

// functionOfURI returns the unqualified ARN of the function an API
// Gateway integration or authorizer URI invokes, or "" when it names no
// function. The URI is the API Gateway form
// (arn:aws:apigateway:REGION:lambda:path/2015-03-31/functions/FUNCTION_ARN/invocations)
// or, for HTTP APIs, the function ARN itself. A qualifier (alias, version
// or a ${stageVariables.x} reference) is dropped: functions are
// referenced by their unqualified ARN, their ID in a live estate.
func functionOfURI(uri string) string {
	fn := uri
	if i := strings.Index(uri, ":lambda:path/"); i >= 0 {
		rest := uri[i:]
		j := strings.Index(rest, "/functions/")
		if j < 0 {
			return ""
		}
		fn = strings.TrimSuffix(rest[j+len("/functions/"):], "/invocations")
	}
	u, _, ok := splitFunctionARN(fn)
	if !ok {
		return ""
	}
	return u
}

// sortRoutes orders routes by path, then method.
func sortRoutes(routes []inventory.Route) {
	sort.Slice(routes, func(i, j int) bool {
		if routes[i].Path != routes[j].Path {
			return routes[i].Path < routes[j].Path
		}
		return routes[i].Method < routes[j].Method
	})
}

// sortStages orders stages by name.
func sortStages(stages []inventory.Stage) {
	sort.Slice(stages, func(i, j int) bool { return stages[i].Name < stages[j].Name })
}
