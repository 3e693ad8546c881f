package cloudformation

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/lambdasec/lambdasec/internal/inventory"
)

// apiRef returns the logical ID of the API a RestApiId/ApiId names.
func apiRef(v *value) string {
	s := v.text()
	if id, ok := inventory.RefTarget(s); ok {
		return id
	}
	return s
}

func (m *mapper) apisFrom(byType map[string][]*resource) {
	for _, res := range byType["AWS::ApiGateway::RestApi"] {
		p := res.props
		name, _ := text(p.get("Name"))
		a := &inventory.API{Resource: m.header(res, name), Protocol: inventory.ProtocolREST}
		a.EndpointTypes = p.get("EndpointConfiguration").get("Types").strings()
		a.DisableExecuteAPIEndpoint = p.get("DisableExecuteApiEndpoint").isTrue()
		pol := p.get("Policy")
		body := p.get("Body")
		if pol == nil {
			pol = body.get("x-amazon-apigateway-policy")
		}
		if pol != nil {
			a.Policy = m.policyOf(res, "API resource policy", pol, &a.Resource, inventory.FieldPermissions)
		}
		if body != nil {
			m.routesFromBody(res, a, body)
			m.corsFromBody(res, a, body)
		} else if p.get("BodyS3Location") != nil {
			a.AddGap(inventory.FieldAuthorization, "the API definition is in BodyS3Location, which lambdasec does not read", "")
			a.AddGap(inventory.FieldCORS, "the API definition is in BodyS3Location, which lambdasec does not read", "")
		}
		m.e.APIs = append(m.e.APIs, a)
		m.apis[res.id] = a
	}
	for _, res := range byType["AWS::ApiGatewayV2::Api"] {
		p := res.props
		name, _ := text(p.get("Name"))
		proto := strings.ToUpper(p.get("ProtocolType").text())
		if proto == "" {
			proto = inventory.ProtocolHTTP
		}
		a := &inventory.API{Resource: m.header(res, name), Protocol: proto, EndpointTypes: []string{"REGIONAL"}}
		a.DisableExecuteAPIEndpoint = p.get("DisableExecuteApiEndpoint").isTrue()
		if body := p.get("Body"); body != nil {
			m.routesFromBody(res, a, body)
			m.corsFromBody(res, a, body)
		} else if p.get("BodyS3Location") != nil {
			a.AddGap(inventory.FieldAuthorization, "the API definition is in BodyS3Location, which lambdasec does not read", "")
			a.AddGap(inventory.FieldCORS, "the API definition is in BodyS3Location, which lambdasec does not read", "")
		}
		if tgt := p.get("Target"); tgt != nil {
			// Quick create: a $default route with no authorization, and an
			// auto-deployed $default stage.
			f, _ := m.functionRef(tgt.text())
			rt := inventory.Route{Method: "ANY", Path: "$default", AuthorizationType: inventory.AuthNone, Integration: "AWS_PROXY", Source: m.src(res, tgt)}
			if f != nil {
				rt.Function = f.ID
			}
			a.Routes = append(a.Routes, rt)
			a.Stages = append(a.Stages, inventory.Stage{Name: "$default", AutoDeploy: true, Source: m.src(res, tgt)})
		}
		m.e.APIs = append(m.e.APIs, a)
		m.apis[res.id] = a
	}
	m.restResources(byType)
	m.v2Resources(byType)
	m.corsResources(byType)
}

// routesFromBody reads an OpenAPI (Swagger 2 or OpenAPI 3) body with API
// Gateway's extensions: each operation's Lambda integration and the
// security requirement that applies to it.
// https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-swagger-extensions.html
func (m *mapper) routesFromBody(res *resource, a *inventory.API, body *value) {
	if body.kind != kindMap {
		_, why := text(body)
		a.AddGap(inventory.FieldAuthorization, "API body: "+why, "")
		return
	}
	if u := body.get("x-lambdasec-unknown"); u != nil {
		a.AddGap(inventory.FieldAuthorization, u.text(), "")
	}
	schemes := body.get("securityDefinitions")
	if schemes == nil {
		schemes = body.get("components").get("securitySchemes")
	}
	for i, name := range schemes.keysOrNil() {
		s := schemes.vals[i]
		typ, _ := schemeAuth(name, s)
		if typ == "" || typ == "apikey" {
			continue
		}
		az := inventory.Authorizer{ID: name, Name: name, Type: typ, Source: m.src(res, s)}
		if uri := s.get("x-amazon-apigateway-authorizer").get("authorizerUri").text(); uri != "" {
			if f, _ := m.functionRef(functionInURI(uri)); f != nil {
				az.Function = f.ID
			} else {
				az.Function = functionInURI(uri)
			}
		}
		a.Authorizers = append(a.Authorizers, az)
	}
	global := body.get("security")
	paths := body.get("paths")
	for i, path := range paths.keysOrNil() {
		item := paths.vals[i]
		for j, method := range item.keysOrNil() {
			op := item.vals[j]
			if !isMethodKey(method) || op.kind != kindMap {
				continue
			}
			rt := inventory.Route{Method: strings.ToUpper(method), Path: path, Source: m.src(res, op)}
			if rt.Method == "X-AMAZON-APIGATEWAY-ANY-METHOD" {
				rt.Method = "ANY"
			}
			integ := op.get("x-amazon-apigateway-integration")
			rt.Integration = bodyIntegration(integ)
			uri := integ.get("uri").text()
			if strings.EqualFold(integ.get("type").text(), "aws_proxy") || strings.EqualFold(integ.get("type").text(), "aws") || strings.Contains(uri, ":lambda:path/") {
				if f, _ := m.functionRef(functionInURI(uri)); f != nil {
					rt.Function = f.ID
				} else if strings.Contains(uri, ":lambda:path/") || strings.Contains(uri, ":function:") {
					rt.Function = functionInURI(uri)
				}
			}
			m.routeTimeout(&rt, integ.get("timeoutInMillis"))
			routeMode(&rt, integ.get("requestParameters"), integ.get("responseTransferMode"), integ.get("uri"))
			sec := op.get("security")
			if sec == nil {
				sec = global
			}
			rt.AuthorizationType, rt.Authorizer, rt.APIKeyRequired = authFromSecurity(sec, schemes, func(why string) {
				rt.Gaps = append(rt.Gaps, inventory.Gap{Field: inventory.FieldAuthorization, Reason: why})
			})
			if v := op.get("x-amazon-apigateway-request-validator"); v != nil {
				rt.RequestValidator = v.text()
			} else if v := body.get("x-amazon-apigateway-request-validator"); v != nil {
				rt.RequestValidator = v.text()
			}
			a.Routes = append(a.Routes, rt)
		}
	}
}

// functionInURI extracts the function ARN from an API Gateway Lambda
// integration URI (".../functions/ARN/invocations"); other values are
// returned unchanged (an HTTP API integration may name the function
// directly).
// functionInURI returns the function ARN in a Lambda integration URI:
// ".../functions/ARN/invocations", or ".../functions/ARN/response-streaming-invocations"
// for a REST integration that streams its response.
// https://docs.aws.amazon.com/apigateway/latest/developerguide/response-transfer-mode-lambda.html
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

// schemeAuth classifies an OpenAPI security scheme with API Gateway's
// extensions into an authorization type; "apikey" for the API key scheme.
func schemeAuth(name string, s *value) (string, string) {
	authtype := strings.ToLower(s.get("x-amazon-apigateway-authtype").text())
	aztype := strings.ToLower(s.get("x-amazon-apigateway-authorizer").get("type").text())
	switch {
	case authtype == "awssigv4":
		return inventory.AuthIAM, ""
	case authtype == "cognito_user_pools" || aztype == "cognito_user_pools":
		return inventory.AuthCognito, name
	case aztype == "jwt":
		return inventory.AuthJWT, name
	case authtype == "custom" || aztype == "token" || aztype == "request":
		return inventory.AuthCustom, name
	case s.get("type").text() == "apiKey" && strings.EqualFold(s.get("name").text(), "x-api-key"):
		return "apikey", ""
	case s.get("type").text() == "openIdConnect" || s.get("type").text() == "oauth2":
		return inventory.AuthJWT, name
	}
	if name == "AWS_IAM" {
		return inventory.AuthIAM, ""
	}
	return "", ""
}

// authFromSecurity reads an operation's security requirements. A list of
// requirement objects is a choice; each object's schemes all apply. An
// empty list, or no list, means no authorization.
func authFromSecurity(sec, schemes *value, gap func(string)) (authType, authorizer string, apiKey bool) {
	authType = inventory.AuthNone
	if sec == nil {
		return
	}
	if sec.kind != kindList {
		_, why := text(sec)
		gap("security: " + why)
		return
	}
	emptyAlternative := false
	for _, req := range sec.list {
		if req.kind != kindMap || len(req.keys) == 0 {
			emptyAlternative = true
			continue
		}
		for _, name := range req.keys {
			if name == "NONE" {
				continue
			}
			s := schemes.get(name)
			typ, az := schemeAuth(name, s)
			switch {
			case typ == "apikey":
				apiKey = true
			case typ != "" && authType == inventory.AuthNone:
				authType, authorizer = typ, az
			case typ == "":
				gap(fmt.Sprintf("security scheme %s is not defined or not understood", name))
			}
		}
	}
	if emptyAlternative && (authType != inventory.AuthNone || apiKey) {
		gap("security lists an empty requirement next to an authorizer; whether API Gateway applies the authorizer is not certain")
	}
	return
}

// restResources reads the plain REST API resources: methods (with their
// resource paths), stages, deployments, authorizers and usage plans.
func (m *mapper) restResources(byType map[string][]*resource) {
	paths := map[string]string{} // AWS::ApiGateway::Resource ID -> full path
	var pathOf func(id string, depth int) string
	pathOf = func(id string, depth int) string {
		if p, ok := paths[id]; ok {
			return p
		}
		res := m.t.byID[id]
		if res == nil || res.typ != "AWS::ApiGateway::Resource" || depth > 50 {
			return ""
		}
		parent := res.props.get("ParentId").text()
		base := "/"
		if pid, ok := inventory.RefTarget(parent); ok && !strings.Contains(parent, "RootResourceId") {
			base = pathOf(pid, depth+1)
		}
		p := strings.TrimSuffix(base, "/") + "/" + res.props.get("PathPart").text()
		paths[id] = p
		return p
	}
	for _, res := range byType["AWS::ApiGateway::Authorizer"] {
		p := res.props
		a := m.apis[apiRef(p.get("RestApiId"))]
		if a == nil {
			continue
		}
		typ := strings.ToUpper(p.get("Type").text())
		if typ == "TOKEN" || typ == "REQUEST" {
			typ = inventory.AuthCustom
		}
		az := inventory.Authorizer{ID: res.id, Name: p.get("Name").text(), Type: typ, Source: m.src(res, nil)}
		if f, _ := m.functionRef(functionInURI(p.get("AuthorizerUri").text())); f != nil {
			az.Function = f.ID
		}
		a.Authorizers = append(a.Authorizers, az)
	}
	for _, res := range byType["AWS::ApiGateway::Method"] {
		p := res.props
		a := m.apis[apiRef(p.get("RestApiId"))]
		if a == nil {
			continue
		}
		path := "/"
		if rid := p.get("ResourceId").text(); !strings.Contains(rid, "RootResourceId") {
			if id, ok := inventory.RefTarget(rid); ok {
				path = pathOf(id, 0)
			} else {
				path = rid
			}
		}
		rt := inventory.Route{Method: strings.ToUpper(p.get("HttpMethod").text()), Path: path, Source: m.src(res, nil)}
		at, why := text(p.get("AuthorizationType"))
		if why != "" {
			rt.Gaps = append(rt.Gaps, inventory.Gap{Field: inventory.FieldAuthorization, Reason: why})
		}
		if at == "" {
			at = inventory.AuthNone
		}
		rt.AuthorizationType = strings.ToUpper(at)
		rt.Authorizer = refOrValue(p.get("AuthorizerId").text())
		rt.APIKeyRequired = p.get("ApiKeyRequired").isTrue()
		rt.RequestValidator = refOrValue(p.get("RequestValidatorId").text())
		integ := p.get("Integration")
		rt.Integration = integ.get("Type").text()
		if integ == nil {
			rt.Integration = inventory.IntegrationNone
		}
		m.routeTimeout(&rt, integ.get("TimeoutInMillis"))
		routeMode(&rt, integ.get("RequestParameters"), integ.get("ResponseTransferMode"), integ.get("Uri"))
		if typ := strings.ToUpper(integ.get("Type").text()); typ == "AWS_PROXY" || typ == "AWS" {
			uri := integ.get("Uri").text()
			if f, _ := m.functionRef(functionInURI(uri)); f != nil {
				rt.Function = f.ID
			} else if strings.Contains(uri, ":lambda:path/") {
				rt.Function = functionInURI(uri)
			}
		}
		a.Routes = append(a.Routes, rt)
	}
	for _, res := range byType["AWS::ApiGateway::Stage"] {
		p := res.props
		a := m.apis[apiRef(p.get("RestApiId"))]
		if a == nil {
			continue
		}
		st := inventory.Stage{Name: p.get("StageName").text(), Deployment: refOrValue(p.get("DeploymentId").text()), Source: m.src(res, nil)}
		st.TracingEnabled = p.get("TracingEnabled").isTrue()
		st.AccessLogging = p.get("AccessLogSetting").get("DestinationArn") != nil
		stageThrottle(&st, p.get("MethodSettings"))
		a.Stages = append(a.Stages, st)
	}
	for _, res := range byType["AWS::ApiGateway::Deployment"] {
		p := res.props
		a := m.apis[apiRef(p.get("RestApiId"))]
		if a != nil {
			a.Deployments = append(a.Deployments, inventory.Deployment{ID: res.id, Source: m.src(res, nil)})
		}
		name := p.get("StageName").text()
		if a == nil || name == "" {
			continue
		}
		d := p.get("StageDescription")
		st := inventory.Stage{Name: name, Deployment: res.id, Source: m.src(res, nil)}
		st.TracingEnabled = d.get("TracingEnabled").isTrue()
		st.AccessLogging = d.get("AccessLogSetting").get("DestinationArn") != nil
		setThrottle(&st, d.get("ThrottlingRateLimit"), d.get("ThrottlingBurstLimit"))
		stageThrottle(&st, d.get("MethodSettings"))
		a.Stages = append(a.Stages, st)
	}
	for _, res := range byType["AWS::ApiGateway::UsagePlan"] {
		p := res.props
		th := p.get("Throttle")
		for _, as := range p.get("ApiStages").items() {
			a := m.apis[apiRef(as.get("ApiId"))]
			if a == nil {
				continue
			}
			up := inventory.UsagePlan{ID: res.id, Stages: []string{m.stageName(as.get("Stage").text())}, Source: m.src(res, nil)}
			if r, ok := floatProp(th.get("RateLimit")); ok {
				up.RateLimit = &r
			}
			if b, _, why := intProp(th.get("BurstLimit")); th.get("BurstLimit") != nil && why == "" {
				up.BurstLimit = &b
			}
			a.UsagePlans = append(a.UsagePlans, up)
		}
	}
}

// stageName returns the name of the stage a usage plan's Stage names:
// the value itself, or, for a Ref to an AWS::ApiGateway::Stage of the
// template (as SAM writes it: Stage: !Ref MyApiProdStage), that stage's
// StageName, which is what Ref returns for a stage.
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-apigateway-stage.html#aws-resource-apigateway-stage-return-values
func (m *mapper) stageName(s string) string {
	id, ok := inventory.RefTarget(s)
	if !ok || s != inventory.RefToken(id) {
		return s
	}
	if st := m.t.byID[id]; st != nil && st.typ == "AWS::ApiGateway::Stage" {
		if name := st.props.get("StageName").text(); name != "" {
			return name
		}
	}
	return s
}

func floatProp(v *value) (float64, bool) {
	s, why := text(v)
	if v == nil || why != "" {
		return 0, false
	}
	f, err := strconv.ParseFloat(s, 64)
	return f, err == nil
}

func setThrottle(st *inventory.Stage, rate, burst *value) {
	if r, ok := floatProp(rate); ok {
		st.RateLimit = &r
	}
	if b, ok := floatProp(burst); ok {
		n := int(b)
		st.BurstLimit = &n
	}
}

// stageThrottle reads throttling from a REST stage's MethodSettings. The
// settings for every method ("/*" and "*") are the stage default; a
// setting for some methods only still counts as throttling configured.
func stageThrottle(st *inventory.Stage, ms *value) {
	for _, s := range ms.items() {
		if s.get("ThrottlingRateLimit") == nil && s.get("ThrottlingBurstLimit") == nil {
			continue
		}
		setThrottle(st, s.get("ThrottlingRateLimit"), s.get("ThrottlingBurstLimit"))
	}
}

// v2Resources reads the plain HTTP/WebSocket API resources.
func (m *mapper) v2Resources(byType map[string][]*resource) {
	integrations := map[string]string{} // integration ID -> function ID
	v2Types := map[string]string{}      // integration ID -> its type
	timeouts := map[string]*value{}     // integration ID -> TimeoutInMillis
	for _, res := range byType["AWS::ApiGatewayV2::Integration"] {
		v2Types[res.id] = res.props.get("IntegrationType").text()
		timeouts[res.id] = res.props.get("TimeoutInMillis")
		if f, _ := m.functionRef(functionInURI(res.props.get("IntegrationUri").text())); f != nil {
			integrations[res.id] = f.ID
		}
	}
	authorizers := map[string]string{}
	for _, res := range byType["AWS::ApiGatewayV2::Authorizer"] {
		p := res.props
		a := m.apis[apiRef(p.get("ApiId"))]
		if a == nil {
			continue
		}
		typ := strings.ToUpper(p.get("AuthorizerType").text())
		if typ == "REQUEST" {
			typ = inventory.AuthCustom
		}
		authorizers[res.id] = typ
		az := inventory.Authorizer{ID: res.id, Name: p.get("Name").text(), Type: typ, Source: m.src(res, nil)}
		if f, _ := m.functionRef(functionInURI(p.get("AuthorizerUri").text())); f != nil {
			az.Function = f.ID
		}
		a.Authorizers = append(a.Authorizers, az)
	}
	for _, res := range byType["AWS::ApiGatewayV2::Route"] {
		p := res.props
		a := m.apis[apiRef(p.get("ApiId"))]
		if a == nil {
			continue
		}
		key := p.get("RouteKey").text()
		method, path, ok := strings.Cut(key, " ")
		if !ok {
			method, path = "ANY", key
		}
		rt := inventory.Route{Method: method, Path: path, Source: m.src(res, nil)}
		at, why := text(p.get("AuthorizationType"))
		if why != "" {
			rt.Gaps = append(rt.Gaps, inventory.Gap{Field: inventory.FieldAuthorization, Reason: why})
		}
		if at == "" {
			at = inventory.AuthNone
		}
		rt.AuthorizationType = strings.ToUpper(at)
		rt.Authorizer = refOrValue(p.get("AuthorizerId").text())
		rt.APIKeyRequired = p.get("ApiKeyRequired").isTrue()
		tgt := strings.TrimPrefix(p.get("Target").text(), "integrations/")
		if id, ok := inventory.RefTarget(tgt); ok {
			rt.Function = integrations[id]
			rt.Integration = v2Types[id]
			m.routeTimeout(&rt, timeouts[id])
		}
		if p.get("Target") == nil {
			rt.Integration = inventory.IntegrationNone
		}
		a.Routes = append(a.Routes, rt)
	}
	for _, res := range byType["AWS::ApiGatewayV2::Stage"] {
		p := res.props
		a := m.apis[apiRef(p.get("ApiId"))]
		if a == nil {
			continue
		}
		st := inventory.Stage{Name: p.get("StageName").text(), Deployment: refOrValue(p.get("DeploymentId").text()),
			AutoDeploy: p.get("AutoDeploy").isTrue(), Source: m.src(res, nil)}
		d := p.get("DefaultRouteSettings")
		setThrottle(&st, d.get("ThrottlingRateLimit"), d.get("ThrottlingBurstLimit"))
		if st.RateLimit == nil && st.BurstLimit == nil {
			rs := p.get("RouteSettings")
			for i := range rs.keysOrNil() {
				setThrottle(&st, rs.vals[i].get("ThrottlingRateLimit"), rs.vals[i].get("ThrottlingBurstLimit"))
			}
		}
		st.AccessLogging = p.get("AccessLogSettings").get("DestinationArn") != nil
		a.Stages = append(a.Stages, st)
	}
	for _, res := range byType["AWS::ApiGatewayV2::Deployment"] {
		p := res.props
		a := m.apis[apiRef(p.get("ApiId"))]
		if a == nil {
			continue
		}
		a.Deployments = append(a.Deployments, inventory.Deployment{ID: res.id, Source: m.src(res, nil)})
		// StageName names an existing stage the deployment is made to.
		// https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-apigatewayv2-deployment.html
		if name := p.get("StageName").text(); name != "" {
			for i := range a.Stages {
				if a.Stages[i].Name == name && a.Stages[i].Deployment == "" {
					a.Stages[i].Deployment = res.id
				}
			}
		}
	}
}

// loadBalancers reads Application Load Balancers, listeners, listener
// rules and target groups whose targets are functions.
func (m *mapper) loadBalancers(byType map[string][]*resource) {
	lbs := map[string]*inventory.LoadBalancer{}
	for _, res := range byType["AWS::ElasticLoadBalancingV2::LoadBalancer"] {
		p := res.props
		name, _ := text(p.get("Name"))
		lb := &inventory.LoadBalancer{Resource: m.header(res, name), Scheme: p.get("Scheme").text(), Type: p.get("Type").text()}
		if lb.Scheme == "" {
			lb.Scheme = "internet-facing"
		}
		if _, why := text(p.get("Scheme")); why != "" {
			lb.AddGap(inventory.FieldScheme, why, "")
		}
		lb.SecurityGroups = refList(p.get("SecurityGroups"))
		m.e.LoadBalancers = append(m.e.LoadBalancers, lb)
		lbs[res.id] = lb
	}
	for _, res := range byType["AWS::ElasticLoadBalancingV2::TargetGroup"] {
		p := res.props
		name, _ := text(p.get("Name"))
		tg := &inventory.TargetGroup{Resource: m.header(res, name), TargetType: p.get("TargetType").text()}
		for _, t := range p.get("Targets").items() {
			if f, _ := m.functionRef(t.get("Id").text()); f != nil {
				tg.Functions = append(tg.Functions, f.ID)
			} else if s := t.get("Id").text(); strings.Contains(s, ":function:") {
				tg.Functions = append(tg.Functions, s)
			}
		}
		m.e.TargetGroups = append(m.e.TargetGroups, tg)
	}
	listeners := map[string]*inventory.Listener{}
	listenerLB := map[string]*inventory.LoadBalancer{}
	for _, res := range byType["AWS::ElasticLoadBalancingV2::Listener"] {
		p := res.props
		lb := lbs[apiRef(p.get("LoadBalancerArn"))]
		if lb == nil {
			continue
		}
		port, _, _ := intProp(p.get("Port"))
		l := inventory.Listener{ID: res.id, Protocol: p.get("Protocol").text(), Port: port, Source: m.src(res, nil)}
		l.SSLPolicy, l.SSLPolicyUnknown = text(p.get("SslPolicy"))
		readActions(&l, p.get("DefaultActions"), "", l.Source)
		lb.Listeners = append(lb.Listeners, l)
		listeners[res.id] = &lb.Listeners[len(lb.Listeners)-1]
		listenerLB[res.id] = lb
	}
	for _, res := range byType["AWS::ElasticLoadBalancingV2::ListenerRule"] {
		lid := apiRef(res.props.get("ListenerArn"))
		lb := listenerLB[lid]
		if lb == nil {
			continue
		}
		for i := range lb.Listeners {
			if lb.Listeners[i].ID == lid {
				readActions(&lb.Listeners[i], res.props.get("Actions"), res.id, m.src(res, nil))
			}
		}
	}
}

// readActions adds a listener's default actions (rule "") or one listener
// rule's as a route: the target groups they forward to, and whether they
// authenticate users first.
func readActions(l *inventory.Listener, actions *value, rule string, src inventory.Source) {
	r := inventory.ListenerRoute{Rule: rule, Source: src}
	for _, a := range actions.items() {
		switch strings.ToLower(a.get("Type").text()) {
		case "authenticate-cognito", "authenticate-oidc":
			r.Authenticates = true
		case "forward":
			if tg := a.get("TargetGroupArn").text(); tg != "" {
				r.TargetGroups = appendUnique(r.TargetGroups, refOrValue(tg))
			}
			for _, t := range a.get("ForwardConfig").get("TargetGroups").items() {
				r.TargetGroups = appendUnique(r.TargetGroups, refOrValue(t.get("TargetGroupArn").text()))
			}
		}
	}
	l.AddRoute(r)
	sort.Strings(l.TargetGroups)
}

func appendUnique(list []string, s string) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}

// webACLs attaches WAF web ACL associations to the API stages and load
// balancers they protect.
func (m *mapper) webACLs(byType map[string][]*resource) {
	for _, typ := range []string{"AWS::WAFv2::WebACLAssociation", "AWS::WAFRegional::WebACLAssociation"} {
		for _, res := range byType[typ] {
			p := res.props
			acl := p.get("WebACLArn").text()
			if acl == "" {
				acl = p.get("WebACLId").text()
			}
			acl = refOrValue(acl)
			target := p.get("ResourceArn").text()
			if i := strings.Index(target, "/restapis/"); i >= 0 {
				rest := target[i+len("/restapis/"):]
				apiPart, stagePart, _ := strings.Cut(rest, "/stages/")
				a := m.apis[refOrValue(apiPart)]
				if a == nil {
					continue
				}
				stage := refOrValue(stagePart)
				if sres := m.t.byID[stage]; sres != nil {
					stage = sres.props.get("StageName").text()
				}
				for i := range a.Stages {
					if a.Stages[i].Name == stage {
						a.Stages[i].WebACL = acl
					}
				}
				continue
			}
			for _, lb := range m.e.LoadBalancers {
				if lb.ID == refOrValue(target) {
					lb.WebACL = acl
				}
			}
		}
	}
}

// bodyIntegration returns the type of an OpenAPI operation's
// x-amazon-apigateway-integration, or inventory.IntegrationNone when it
// has none.
// https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-swagger-extensions-integration.html
func bodyIntegration(integ *value) string {
	if integ == nil || integ.kind == kindNull {
		return inventory.IntegrationNone
	}
	return integ.get("type").text()
}

// routeTimeout sets a route's integration timeout from TimeoutInMillis (or
// an OpenAPI integration's timeoutInMillis); one that cannot be resolved
// is a Gap of the route.
func (m *mapper) routeTimeout(rt *inventory.Route, v *value) {
	n, set, why := intProp(v)
	switch {
	case why != "":
		rt.Gaps = append(rt.Gaps, inventory.Gap{Field: inventory.FieldTimeout, Reason: "integration timeout: " + why})
	case set:
		rt.IntegrationTimeoutMs = n
	}
}

// routeMode notes a REST integration that invokes its function
// asynchronously (X-Amz-Invocation-Type mapped to 'Event') or streams the
// response (ResponseTransferMode STREAM, or the streaming invocation URI).
// https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-lambda-integration-async.html
// https://docs.aws.amazon.com/apigateway/latest/developerguide/response-transfer-mode.html
func routeMode(rt *inventory.Route, params, mode, uri *value) {
	for i, k := range params.keysOrNil() {
		if strings.EqualFold(k, "integration.request.header.X-Amz-Invocation-Type") && strings.EqualFold(params.vals[i].text(), "'Event'") {
			rt.AsyncInvoke = true
		}
	}
	rt.Streaming = strings.EqualFold(mode.text(), "STREAM") || strings.Contains(uri.text(), "/response-streaming-invocations")
}
