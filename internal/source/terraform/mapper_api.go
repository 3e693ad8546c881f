package terraform

import (
	"sort"
	"strconv"
	"strings"

	"github.com/lambdasec/lambdasec/internal/inventory"
)

// functionInURI returns the function ARN in a Lambda integration URI
// (".../functions/ARN/invocations"), or the URI itself.
func functionInURI(uri string) string {
	if i := strings.Index(uri, "/functions/"); i >= 0 {
		rest := uri[i+len("/functions/"):]
		for _, suffix := range []string{"/response-streaming-invocations", "/invocations"} {
			if j := strings.LastIndex(rest, suffix); j >= 0 {
				return rest[:j]
			}
		}
		return rest
	}
	return uri
}

func floatOf(v *Value) (*float64, bool) {
	s, why := text(v)
	if s == "" || why != "" {
		return nil, false
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return nil, false
	}
	return &f, true
}

func intOf(v *Value) *int {
	if f, ok := floatOf(v); ok {
		n := int(*f)
		return &n
	}
	return nil
}

func (m *mapper) api(v *Value) *inventory.API {
	return m.apis[refOrValue(v.Text())]
}

// restAPIs reads aws_api_gateway_* resources: each method is a route, its
// integration names the function.
func (m *mapper) restAPIs(byType map[string][]*Resource) {
	if m.apis == nil {
		m.apis = map[string]*inventory.API{}
	}
	for _, r := range byType["aws_api_gateway_rest_api"] {
		a := r.Attrs
		name, _ := text(a.Get("name"))
		api := &inventory.API{Resource: m.header(r, name), Protocol: inventory.ProtocolREST}
		api.EndpointTypes = a.Get("endpoint_configuration").Get("types").Strings()
		if len(api.EndpointTypes) == 0 {
			api.EndpointTypes = []string{"EDGE"}
		}
		api.DisableExecuteAPIEndpoint = a.Get("disable_execute_api_endpoint").IsTrue()
		if p := a.Get("policy"); present(p) && p.Text() != "" {
			api.Policy = m.policyOf("resource policy", p, &api.Resource, inventory.FieldPermissions)
		}
		if present(a.Get("body")) {
			api.AddGap(inventory.FieldAuthorization, "the API is defined by an OpenAPI body, which lambdasec does not read for Terraform", "")
		}
		m.e.APIs = append(m.e.APIs, api)
		m.apis[r.Address] = api
	}
	for _, r := range byType["aws_api_gateway_rest_api_policy"] {
		if api := m.api(r.Attrs.Get("rest_api_id")); api != nil {
			api.Policy = m.policyOf("resource policy", r.Attrs.Get("policy"), &api.Resource, inventory.FieldPermissions)
		}
	}
	paths := map[string]string{}
	var pathOf func(addr string, depth int) string
	pathOf = func(addr string, depth int) string {
		if p, ok := paths[addr]; ok {
			return p
		}
		r := m.byAddr[addr]
		if r == nil || r.Type != "aws_api_gateway_resource" || depth > 50 {
			return "/"
		}
		base := "/"
		if id, ok := inventory.RefTarget(r.Attrs.Get("parent_id").Text()); ok && !strings.HasSuffix(id, ".root") {
			base = pathOf(id, depth+1)
		}
		p := strings.TrimSuffix(base, "/") + "/" + r.Attrs.Get("path_part").Text()
		paths[addr] = p
		return p
	}
	type methodKey struct{ api, resource, method string }
	integ := map[methodKey]string{}
	integTypes := map[methodKey]string{}   // method -> its integration's type
	integTimeout := map[methodKey]*Value{} // timeout_milliseconds of each Lambda integration
	integAttrs := map[methodKey]*Value{}   // each Lambda integration's attributes
	for _, r := range byType["aws_api_gateway_integration"] {
		a := r.Attrs
		typ := strings.ToUpper(a.Get("type").Text())
		integTypes[methodKey{refOrValue(a.Get("rest_api_id").Text()), refOrValue(a.Get("resource_id").Text()), strings.ToUpper(a.Get("http_method").Text())}] = a.Get("type").Text()
		if typ != "AWS_PROXY" && typ != "AWS" {
			continue
		}
		uri := a.Get("uri").Text()
		fn := ""
		if f, _ := m.functionRef(functionInURI(uri)); f != nil {
			fn = f.ID
		} else if strings.Contains(uri, ":lambda:path/") {
			fn = functionInURI(uri)
		}
		key := methodKey{refOrValue(a.Get("rest_api_id").Text()), refOrValue(a.Get("resource_id").Text()), strings.ToUpper(a.Get("http_method").Text())}
		integ[key], integTimeout[key], integAttrs[key] = fn, a.Get("timeout_milliseconds"), a
	}
	for _, r := range byType["aws_api_gateway_authorizer"] {
		a := r.Attrs
		api := m.api(a.Get("rest_api_id"))
		if api == nil {
			continue
		}
		typ := strings.ToUpper(a.Get("type").Text())
		if typ == "" || typ == "TOKEN" || typ == "REQUEST" {
			typ = inventory.AuthCustom
		}
		az := inventory.Authorizer{ID: r.Address, Name: a.Get("name").Text(), Type: typ, Source: r.Source}
		if f, _ := m.functionRef(functionInURI(a.Get("authorizer_uri").Text())); f != nil {
			az.Function = f.ID
		}
		api.Authorizers = append(api.Authorizers, az)
	}
	for _, r := range byType["aws_api_gateway_method"] {
		a := r.Attrs
		apiID := refOrValue(a.Get("rest_api_id").Text())
		api := m.apis[apiID]
		if api == nil {
			continue
		}
		resID := refOrValue(a.Get("resource_id").Text())
		path := "/"
		if !strings.HasSuffix(resID, ".root") {
			path = pathOf(resID, 0)
		}
		method := strings.ToUpper(a.Get("http_method").Text())
		rt := inventory.Route{Method: method, Path: path, Source: r.Source}
		at, why := text(a.Get("authorization"))
		if why != "" {
			rt.Gaps = append(rt.Gaps, inventory.Gap{Field: inventory.FieldAuthorization, Reason: "authorization: " + why})
		}
		if at == "" {
			at = inventory.AuthNone
		}
		rt.AuthorizationType = strings.ToUpper(at)
		rt.Authorizer = refOrValue(a.Get("authorizer_id").Text())
		rt.APIKeyRequired = a.Get("api_key_required").IsTrue()
		rt.RequestValidator = refOrValue(a.Get("request_validator_id").Text())
		rt.Function = integ[methodKey{apiID, resID, method}]
		rt.Integration = integrationType(integTypes, methodKey{apiID, resID, method})
		routeTimeout(&rt, integTimeout[methodKey{apiID, resID, method}])
		if ia := integAttrs[methodKey{apiID, resID, method}]; ia != nil {
			routeMode(&rt, ia)
		}
		api.Routes = append(api.Routes, rt)
	}
	settings := map[string][]*Value{} // stage key -> method settings
	for _, r := range byType["aws_api_gateway_method_settings"] {
		a := r.Attrs
		k := refOrValue(a.Get("rest_api_id").Text()) + " " + a.Get("stage_name").Text()
		settings[k] = append(settings[k], a.Get("settings"))
	}
	for _, r := range byType["aws_api_gateway_stage"] {
		a := r.Attrs
		apiID := refOrValue(a.Get("rest_api_id").Text())
		api := m.apis[apiID]
		if api == nil {
			continue
		}
		st := inventory.Stage{Name: a.Get("stage_name").Text(), Deployment: refOrValue(a.Get("deployment_id").Text()), Source: r.Source}
		st.TracingEnabled = a.Get("xray_tracing_enabled").IsTrue()
		st.AccessLogging = present(a.Get("access_log_settings").Get("destination_arn"))
		for _, s := range settings[apiID+" "+st.Name] {
			if rl, ok := floatOf(s.Get("throttling_rate_limit")); ok {
				st.RateLimit = rl
			}
			if b := intOf(s.Get("throttling_burst_limit")); b != nil {
				st.BurstLimit = b
			}
		}
		api.Stages = append(api.Stages, st)
	}
	for _, r := range byType["aws_api_gateway_deployment"] {
		// A deployment with stage_name (deprecated) creates that stage.
		// https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/api_gateway_deployment
		api := m.apis[refOrValue(r.Attrs.Get("rest_api_id").Text())]
		if api == nil {
			continue
		}
		api.Deployments = append(api.Deployments, inventory.Deployment{ID: r.Address, Source: r.Source})
		if name := r.Attrs.Get("stage_name").Text(); name != "" {
			api.Stages = append(api.Stages, inventory.Stage{Name: name, Deployment: r.Address, Source: r.Source})
		}
	}
	for _, r := range byType["aws_api_gateway_usage_plan"] {
		a := r.Attrs
		th := a.Get("throttle_settings")
		for _, as := range a.Get("api_stages").Blocks() {
			api := m.api(as.Get("api_id"))
			if api == nil {
				continue
			}
			stage := as.Get("stage").Text()
			if id, ok := inventory.RefTarget(stage); ok {
				if sr := m.byAddr[id]; sr != nil {
					stage = sr.Attrs.Get("stage_name").Text()
				}
			}
			up := inventory.UsagePlan{ID: r.Address, Stages: []string{stage}, Source: r.Source}
			up.RateLimit, _ = floatOf(th.Get("rate_limit"))
			up.BurstLimit = intOf(th.Get("burst_limit"))
			api.UsagePlans = append(api.UsagePlans, up)
		}
	}
}

// httpAPIs reads aws_apigatewayv2_* resources, including the quick-create
// form (target on the API itself).
func (m *mapper) httpAPIs(byType map[string][]*Resource) {
	if m.apis == nil {
		m.apis = map[string]*inventory.API{}
	}
	for _, r := range byType["aws_apigatewayv2_api"] {
		a := r.Attrs
		name, _ := text(a.Get("name"))
		proto := strings.ToUpper(a.Get("protocol_type").Text())
		if proto == "" {
			proto = inventory.ProtocolHTTP
		}
		api := &inventory.API{Resource: m.header(r, name), Protocol: proto, EndpointTypes: []string{"REGIONAL"}}
		api.DisableExecuteAPIEndpoint = a.Get("disable_execute_api_endpoint").IsTrue()
		if t := a.Get("target").Text(); t != "" {
			rt := inventory.Route{Method: "ANY", Path: "$default", AuthorizationType: inventory.AuthNone, Source: r.Source}
			if key := a.Get("route_key").Text(); key != "" {
				rt.Method, rt.Path, _ = strings.Cut(key, " ")
			}
			if f, _ := m.functionRef(t); f != nil {
				rt.Function = f.ID
			}
			rt.Integration = "AWS_PROXY" // quick create: a proxy integration with the target
			api.Routes = append(api.Routes, rt)
			api.Stages = append(api.Stages, inventory.Stage{Name: "$default", AutoDeploy: true, Source: r.Source})
		}
		if present(a.Get("body")) {
			api.AddGap(inventory.FieldAuthorization, "the API is defined by an OpenAPI body, which lambdasec does not read for Terraform", "")
		}
		m.e.APIs = append(m.e.APIs, api)
		m.apis[r.Address] = api
	}
	integrations := map[string]string{}
	v2Types := map[string]string{}  // integration address -> its type
	timeouts := map[string]*Value{} // integration address -> timeout_milliseconds
	for _, r := range byType["aws_apigatewayv2_integration"] {
		v2Types[r.Address] = r.Attrs.Get("integration_type").Text()
		timeouts[r.Address] = r.Attrs.Get("timeout_milliseconds")
		if f, _ := m.functionRef(functionInURI(r.Attrs.Get("integration_uri").Text())); f != nil {
			integrations[r.Address] = f.ID
		}
	}
	for _, r := range byType["aws_apigatewayv2_authorizer"] {
		a := r.Attrs
		api := m.api(a.Get("api_id"))
		if api == nil {
			continue
		}
		typ := strings.ToUpper(a.Get("authorizer_type").Text())
		if typ == "REQUEST" {
			typ = inventory.AuthCustom
		}
		az := inventory.Authorizer{ID: r.Address, Name: a.Get("name").Text(), Type: typ, Source: r.Source}
		if f, _ := m.functionRef(functionInURI(a.Get("authorizer_uri").Text())); f != nil {
			az.Function = f.ID
		}
		api.Authorizers = append(api.Authorizers, az)
	}
	for _, r := range byType["aws_apigatewayv2_route"] {
		a := r.Attrs
		api := m.api(a.Get("api_id"))
		if api == nil {
			continue
		}
		key := a.Get("route_key").Text()
		method, path, ok := strings.Cut(key, " ")
		if !ok {
			method, path = "ANY", key
		}
		rt := inventory.Route{Method: method, Path: path, Source: r.Source}
		at, why := text(a.Get("authorization_type"))
		if why != "" {
			rt.Gaps = append(rt.Gaps, inventory.Gap{Field: inventory.FieldAuthorization, Reason: "authorization_type: " + why})
		}
		if at == "" {
			at = inventory.AuthNone
		}
		rt.AuthorizationType = strings.ToUpper(at)
		rt.Authorizer = refOrValue(a.Get("authorizer_id").Text())
		rt.APIKeyRequired = a.Get("api_key_required").IsTrue()
		tgt := strings.TrimPrefix(a.Get("target").Text(), "integrations/")
		if id, ok := inventory.RefTarget(tgt); ok {
			rt.Function = integrations[id]
			rt.Integration = v2Types[id]
			routeTimeout(&rt, timeouts[id])
		}
		if !present(a.Get("target")) {
			rt.Integration = inventory.IntegrationNone
		}
		api.Routes = append(api.Routes, rt)
	}
	for _, r := range byType["aws_apigatewayv2_stage"] {
		a := r.Attrs
		api := m.api(a.Get("api_id"))
		if api == nil {
			continue
		}
		st := inventory.Stage{Name: a.Get("name").Text(), Deployment: refOrValue(a.Get("deployment_id").Text()),
			AutoDeploy: a.Get("auto_deploy").IsTrue(), Source: r.Source}
		d := a.Get("default_route_settings")
		st.RateLimit, _ = floatOf(d.Get("throttling_rate_limit"))
		st.BurstLimit = intOf(d.Get("throttling_burst_limit"))
		st.AccessLogging = present(a.Get("access_log_settings").Get("destination_arn"))
		api.Stages = append(api.Stages, st)
	}
	for _, r := range byType["aws_apigatewayv2_deployment"] {
		if api := m.api(r.Attrs.Get("api_id")); api != nil {
			api.Deployments = append(api.Deployments, inventory.Deployment{ID: r.Address, Source: r.Source})
		}
	}
}

// loadBalancers reads aws_lb (application), listeners, target groups and
// their attachments, and WAF associations.
func (m *mapper) loadBalancers(byType map[string][]*Resource) {
	lbs := map[string]*inventory.LoadBalancer{}
	for _, typ := range []string{"aws_lb", "aws_alb"} {
		for _, r := range byType[typ] {
			a := r.Attrs
			name, _ := text(a.Get("name"))
			lb := &inventory.LoadBalancer{Resource: m.header(r, name), Type: a.Get("load_balancer_type").Text(), Scheme: "internet-facing"}
			if lb.Type == "" {
				lb.Type = "application"
			}
			if v := a.Get("internal"); present(v) {
				if why, ok := v.Unresolved(); ok {
					lb.AddGap(inventory.FieldScheme, "internal: "+why, "")
				} else if v.IsTrue() {
					lb.Scheme = "internal"
				}
			}
			lb.SecurityGroups = refList(a.Get("security_groups"))
			m.e.LoadBalancers = append(m.e.LoadBalancers, lb)
			lbs[r.Address] = lb
		}
	}
	tgs := map[string]*inventory.TargetGroup{}
	for _, typ := range []string{"aws_lb_target_group", "aws_alb_target_group"} {
		for _, r := range byType[typ] {
			name, _ := text(r.Attrs.Get("name"))
			tg := &inventory.TargetGroup{Resource: m.header(r, name), TargetType: r.Attrs.Get("target_type").Text()}
			m.e.TargetGroups = append(m.e.TargetGroups, tg)
			tgs[r.Address] = tg
		}
	}
	for _, r := range byType["aws_lb_target_group_attachment"] {
		tg := tgs[refOrValue(r.Attrs.Get("target_group_arn").Text())]
		if tg == nil {
			continue
		}
		id := r.Attrs.Get("target_id").Text()
		if f, _ := m.functionRef(id); f != nil {
			tg.Functions = append(tg.Functions, f.ID)
		} else if strings.Contains(id, ":function:") {
			tg.Functions = append(tg.Functions, id)
		}
	}
	listenerLB := map[string]*inventory.LoadBalancer{}
	for _, typ := range []string{"aws_lb_listener", "aws_alb_listener"} {
		for _, r := range byType[typ] {
			a := r.Attrs
			lb := lbs[refOrValue(a.Get("load_balancer_arn").Text())]
			if lb == nil {
				continue
			}
			port, _, _ := a.Get("port").Int()
			l := inventory.Listener{ID: r.Address, Protocol: a.Get("protocol").Text(), Port: port, Source: r.Source}
			l.SSLPolicy, l.SSLPolicyUnknown = text(a.Get("ssl_policy"))
			l.AddRoute(listenerRoute(a.Get("default_action").Blocks(), "", r.Source))
			sort.Strings(l.TargetGroups)
			lb.Listeners = append(lb.Listeners, l)
			listenerLB[r.Address] = lb
		}
	}
	for _, typ := range []string{"aws_lb_listener_rule", "aws_alb_listener_rule"} {
		for _, r := range byType[typ] {
			addr := refOrValue(r.Attrs.Get("listener_arn").Text())
			lb := listenerLB[addr]
			if lb == nil {
				continue
			}
			for i := range lb.Listeners {
				if lb.Listeners[i].ID == addr {
					lb.Listeners[i].AddRoute(listenerRoute(r.Attrs.Get("action").Blocks(), r.Address, r.Source))
					sort.Strings(lb.Listeners[i].TargetGroups)
				}
			}
		}
	}
	for _, r := range byType["aws_wafv2_web_acl_association"] {
		target := refOrValue(r.Attrs.Get("resource_arn").Text())
		acl := refOrValue(r.Attrs.Get("web_acl_arn").Text())
		if lb := lbs[target]; lb != nil {
			lb.WebACL = acl
			continue
		}
		if sr := m.byAddr[target]; sr != nil && sr.Type == "aws_api_gateway_stage" {
			if api := m.api(sr.Attrs.Get("rest_api_id")); api != nil {
				for i := range api.Stages {
					if api.Stages[i].Name == sr.Attrs.Get("stage_name").Text() {
						api.Stages[i].WebACL = acl
					}
				}
			}
		}
	}
}

// integrationType returns the type of the integration of method k, or
// inventory.IntegrationNone when no aws_api_gateway_integration names it.
func integrationType[K comparable](types map[K]string, k K) string {
	if t, ok := types[k]; ok {
		return t
	}
	return inventory.IntegrationNone
}

// routeTimeout sets a route's integration timeout from timeout_milliseconds;
// one that cannot be resolved is a Gap of the route.
func routeTimeout(rt *inventory.Route, v *Value) {
	n, set, why := v.Int()
	switch {
	case why != "":
		rt.Gaps = append(rt.Gaps, inventory.Gap{Field: inventory.FieldTimeout, Reason: "timeout_milliseconds: " + why})
	case set:
		rt.IntegrationTimeoutMs = n
	}
}

// routeMode notes a REST integration that invokes its function
// asynchronously (request_parameters maps X-Amz-Invocation-Type to
// 'Event') or streams the response (response_transfer_mode STREAM, or
// the streaming invocation URI).
// https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-lambda-integration-async.html
// https://docs.aws.amazon.com/apigateway/latest/developerguide/response-transfer-mode.html
func routeMode(rt *inventory.Route, a *Value) {
	if p := a.Get("request_parameters"); p != nil && p.Kind == KindMap {
		for i, k := range p.Keys {
			if strings.EqualFold(k, "integration.request.header.X-Amz-Invocation-Type") && strings.EqualFold(p.Vals[i].Text(), "'Event'") {
				rt.AsyncInvoke = true
			}
		}
	}
	rt.Streaming = strings.EqualFold(a.Get("response_transfer_mode").Text(), "STREAM") ||
		strings.Contains(a.Get("uri").Text(), "/response-streaming-invocations")
}

// listenerRoute reads the action blocks of a listener's default_action
// (rule "") or of a listener rule: the target groups they forward to and
// whether they authenticate users first.
func listenerRoute(actions []*Value, rule string, src inventory.Source) inventory.ListenerRoute {
	r := inventory.ListenerRoute{Rule: rule, Source: src}
	for _, act := range actions {
		switch strings.ToLower(act.Get("type").Text()) {
		case "authenticate-cognito", "authenticate-oidc":
			r.Authenticates = true
		case "forward":
			if tg := act.Get("target_group_arn").Text(); tg != "" {
				r.TargetGroups = append(r.TargetGroups, refOrValue(tg))
			}
			for _, t := range act.Get("forward").Get("target_group").Blocks() {
				r.TargetGroups = append(r.TargetGroups, refOrValue(t.Get("arn").Text()))
			}
		}
	}
	return r
}
