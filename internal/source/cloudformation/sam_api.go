package cloudformation

import (
	"fmt"
	"strings"

	"github.com/lambdasec/lambdasec/internal/inventory"
)

// openAPIMethods are the operation keys of an OpenAPI path item, with API
// Gateway's "any method" extension.
var openAPIMethods = []string{"get", "put", "post", "delete", "options", "head", "patch", "x-amazon-apigateway-any-method"}

func isMethodKey(k string) bool {
	for _, m := range openAPIMethods {
		if strings.EqualFold(k, m) {
			return true
		}
	}
	return false
}

func integrationURI(fnARN string) string {
	return "arn:aws:apigateway:" + inventory.RegionToken + ":lambda:path/2015-03-31/functions/" + fnARN + "/invocations"
}

// expandRESTAPI turns an AWS::Serverless::Api (explicit or implicit) into
// an AWS::ApiGateway::RestApi whose Body carries every route with its
// security, as the transform writes it, plus its stage, usage plan and
// authorizer permissions.
// https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-property-api-apiauth.html
func (t *template) expandRESTAPI(api *resource, p *value, evs []apiEvent, r *resolver) {
	at := api.at
	stage := p.get("StageName").text()
	if stage == "" {
		stage = "Prod"
	}
	body := p.get("DefinitionBody")
	userBody := body != nil && body.kind == kindMap
	if !userBody {
		body = obj(at, "swagger", "2.0", "paths", mapAt(at))
		if p.get("DefinitionUri") != nil {
			body.set("x-lambdasec-unknown", scalarAt("the API definition is in DefinitionUri, which lambdasec does not read", p.get("DefinitionUri")))
		}
	} else {
		body = body.clone()
	}
	auth := p.get("Auth")
	// With MergeDefinitions the transform merges the events into the
	// user's definition only when it looks like one (a swagger or openapi
	// version and a paths map); otherwise it leaves the body as written.
	addRoutes := !userBody || p.get("MergeDefinitions").isTrue() && validDefinition(body)
	paths := body.get("paths")
	if addRoutes && (paths == nil || paths.kind != kindMap) {
		paths = mapAt(at)
		body.set("paths", paths)
	}
	overrides := map[*value]*value{} // operation -> event Auth
	for _, ev := range evs {
		if !addRoutes {
			if ev.auth != nil && ev.auth.get("OverrideApiAuth").isTrue() {
				if op := paths.get(ev.path).get(methodKey(ev.method)); op != nil {
					overrides[op] = ev.auth
				}
			}
			continue
		}
		item := paths.get(ev.path)
		if item == nil || item.kind != kindMap {
			item = mapAt(ev.at)
			paths.set(ev.path, item)
		}
		// Merged into an operation the definition already has, the
		// transform's integration wins and the user's other keys (security,
		// parameters) stay.
		op := item.get(methodKey(ev.method))
		if op == nil || op.kind != kindMap {
			op = mapAt(ev.at)
			item.set(methodKey(ev.method), op)
		}
		op.set("x-amazon-apigateway-integration", obj(ev.at,
			"type", "aws_proxy", "httpMethod", "POST", "uri", integrationURI(ev.fnARN), "timeoutInMillis", ev.timeout))
		op.set("x-lambdasec-event", scalarAt(ev.fn+"."+ev.event, ev.at))
		if v := requestValidator(ev.requestModel); v != "" {
			op.set("x-amazon-apigateway-request-validator", scalarAt(v, ev.requestModel))
		}
		if ev.auth != nil {
			overrides[op] = ev.auth
		}
	}
	if !userBody {
		// The transform defines these schemes whenever a method uses them.
		schemes := obj(at,
			"AWS_IAM", obj(at, "type", "apiKey", "name", "Authorization", "in", "header", "x-amazon-apigateway-authtype", "awsSigv4"),
			"api_key", obj(at, "type", "apiKey", "name", "x-api-key", "in", "header"))
		body.set("securityDefinitions", schemes)
	}
	if auth != nil && auth.kind == kindMap {
		t.applyRESTAuth(api, body, auth, overrides, r)
	} else {
		for op, ea := range overrides {
			applyEventAuth(op, ea, false)
		}
	}
	if addRoutes {
		addEventResourcePolicies(body, stage, evs)
	}
	if c := p.get("Cors"); c != nil {
		body.set("x-lambdasec-cors", c)
	}
	out := obj(at,
		"Name", p.get("Name"),
		"Body", body,
		"EndpointConfiguration", endpointConfig(p.get("EndpointConfiguration")),
		"DisableExecuteApiEndpoint", p.get("DisableExecuteApiEndpoint"))
	if pol := body.get("x-amazon-apigateway-policy"); pol != nil {
		out.set("Policy", pol)
	}
	api.typ = "AWS::ApiGateway::RestApi"
	api.props, api.prop = out, out
	if t.byID[api.id] == nil || t.byID[api.id].reserved {
		t.add(api.id, api.typ, "", at, out)
	}
	t.expandDomain(api, p, false)
	t.add(api.id+stageIDPart(stage)+"Stage", "AWS::ApiGateway::Stage", api.id, at, obj(at,
		"RestApiId", inventory.RefToken(api.id),
		"DeploymentId", inventory.RefToken(api.id+"Deployment"),
		"StageName", stage,
		"MethodSettings", p.get("MethodSettings"),
		"TracingEnabled", p.get("TracingEnabled"),
		"AccessLogSetting", p.get("AccessLogSetting")))
	if p.get("OpenApiVersion").text() == "" {
		// The transform's deployment names a stage "Stage" of its own,
		// beside the StageName stage, unless OpenApiVersion is set (at any
		// value: every translator output with OpenApiVersion, "2.0"
		// included, has a deployment without StageName). SAM suffixes the
		// ID with a hash of the body; nothing refers to it by name.
		// https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-resource-api.html#sam-api-openapiversion
		t.add(api.id+"Deployment", "AWS::ApiGateway::Deployment", api.id, at, obj(at,
			"RestApiId", inventory.RefToken(api.id),
			"StageName", "Stage"))
	} else {
		t.add(api.id+"Deployment", "AWS::ApiGateway::Deployment", api.id, at, obj(at,
			"RestApiId", inventory.RefToken(api.id)))
	}
	if up := auth.get("UsagePlan"); up != nil && up.kind == kindMap {
		switch up.get("CreateUsagePlan").text() {
		case "PER_API", "SHARED":
			id := api.id + "UsagePlan"
			if up.get("CreateUsagePlan").text() == "SHARED" {
				id = "ServerlessUsagePlan"
			}
			plan := t.byID[id]
			stageRef := obj(up, "ApiId", inventory.RefToken(api.id), "Stage", stage)
			if plan != nil && plan.typ == "AWS::ApiGateway::UsagePlan" {
				if l := plan.props.get("ApiStages"); l != nil {
					l.list = append(l.list, stageRef)
				}
			} else {
				t.add(id, "AWS::ApiGateway::UsagePlan", api.id, up, obj(up,
					"ApiStages", arr(up, stageRef),
					"Throttle", up.get("Throttle"),
					"Quota", up.get("Quota")))
			}
		}
	}
}

// validDefinition reports whether a DefinitionBody is one the transform
// edits: a swagger or openapi version and a paths map (as the translator
// outputs show: a body with no paths, or paths: null, is left as written).
func validDefinition(body *value) bool {
	if body.get("paths") == nil || body.get("paths").kind != kindMap {
		return false
	}
	return body.get("swagger").text() != "" || body.get("openapi").text() != ""
}

func methodKey(m string) string {
	m = strings.ToLower(m)
	if m == "any" || m == "" {
		return "x-amazon-apigateway-any-method"
	}
	return m
}

func endpointConfig(v *value) *value {
	if v == nil {
		return nil
	}
	if v.kind == kindScalar {
		return obj(v, "Types", strs(v, v.str))
	}
	if t := v.get("Type"); t != nil {
		return obj(v, "Types", strs(v, t.text()), "VpcEndpointIds", v.get("VPCEndpointIds"))
	}
	return v
}

// applyRESTAuth writes a SAM REST API's Auth into its OpenAPI body:
// security schemes for the authorizers, the default authorizer and API key
// requirement on every method, per-event overrides, and the resource policy.
func (t *template) applyRESTAuth(api *resource, body, auth *value, overrides map[*value]*value, r *resolver) {
	at := auth
	schemes := body.get("securityDefinitions")
	if schemes == nil || schemes.kind != kindMap {
		schemes = mapAt(at)
		body.set("securityDefinitions", schemes)
	}
	authorizers := auth.get("Authorizers")
	for i, name := range authorizers.keysOrNil() {
		a := authorizers.vals[i]
		switch {
		case a.get("UserPoolArn") != nil:
			schemes.set(name, obj(a, "type", "apiKey", "name", "Authorization", "in", "header",
				"x-amazon-apigateway-authtype", "cognito_user_pools",
				"x-amazon-apigateway-authorizer", obj(a, "type", "cognito_user_pools", "providerARNs", arr(a, a.get("UserPoolArn").items()...))))
		case a.get("FunctionArn") != nil:
			typ := "token"
			if strings.EqualFold(a.get("FunctionPayloadType").text(), "REQUEST") {
				typ = "request"
			}
			fnArn := a.get("FunctionArn").text()
			schemes.set(name, obj(a, "type", "apiKey", "name", "Authorization", "in", "header",
				"x-amazon-apigateway-authtype", "custom",
				"x-amazon-apigateway-authorizer", obj(a, "type", typ, "authorizerUri", integrationURI(fnArn))))
			if !a.get("DisableFunctionDefaultPermissions").isTrue() {
				t.add(api.id+name+"AuthorizerPermission", "AWS::Lambda::Permission", api.id, a, obj(a,
					"Action", "lambda:InvokeFunction",
					"FunctionName", fnArn,
					"Principal", "apigateway.amazonaws.com",
					"SourceArn", "arn:aws:execute-api:"+inventory.RegionToken+":"+inventory.AccountIDToken+":"+inventory.RefToken(api.id)+"/authorizers/*"))
			}
		}
	}
	schemes.set("AWS_IAM", obj(at, "type", "apiKey", "name", "Authorization", "in", "header", "x-amazon-apigateway-authtype", "awsSigv4"))
	apiKey := auth.get("ApiKeyRequired").isTrue()
	if apiKey {
		schemes.set("api_key", obj(at, "type", "apiKey", "name", "x-api-key", "in", "header"))
	}
	def := auth.get("DefaultAuthorizer").text()
	preflightAuth := auth.get("AddDefaultAuthorizerToCorsPreflight") == nil || auth.get("AddDefaultAuthorizerToCorsPreflight").isTrue()
	preflightKey := auth.get("AddApiKeyRequiredToCorsPreflight") == nil || auth.get("AddApiKeyRequiredToCorsPreflight").isTrue()
	forEachOperation(body, func(method string, op *value) {
		if ea, ok := overrides[op]; ok {
			applyEventAuth(op, ea, apiKey)
			if ea.get("Authorizer") != nil {
				return
			}
		}
		options := strings.EqualFold(method, "options")
		if def != "" && op.get("security") == nil && (!options || preflightAuth) {
			op.set("security", arr(op, obj(op, def, listAt(nil, op))))
		}
		if apiKey && (!options || preflightKey) {
			ea := overrides[op]
			if ea == nil || ea.get("ApiKeyRequired") == nil || ea.get("ApiKeyRequired").isTrue() {
				appendSecurity(op, "api_key")
			}
		}
	})
	if rp := auth.get("ResourcePolicy"); rp != nil && rp.kind == kindMap {
		body.set("x-amazon-apigateway-policy", resourcePolicyDoc(rp))
	}
}

// applyEventAuth writes an Api event's Auth override onto its operation.
func applyEventAuth(op, ea *value, apiKeyDefault bool) {
	if a := ea.get("Authorizer"); a != nil {
		if a.text() == "NONE" {
			op.set("security", listAt(nil, op))
		} else {
			scopes := ea.get("AuthorizationScopes")
			if scopes == nil {
				scopes = listAt(nil, op)
			}
			op.set("security", arr(op, obj(op, a.text(), scopes)))
		}
	}
	if k := ea.get("ApiKeyRequired"); k != nil && k.isTrue() && !apiKeyDefault {
		appendSecurity(op, "api_key")
	}
}

func appendSecurity(op *value, scheme string) {
	sec := op.get("security")
	if sec == nil || sec.kind != kindList {
		sec = listAt(nil, op)
		op.set("security", sec)
	}
	for _, req := range sec.list {
		if req.get(scheme) != nil {
			return
		}
	}
	sec.list = append(sec.list, obj(op, scheme, listAt(nil, op)))
}

// forEachOperation calls fn for every operation of an OpenAPI body.
func forEachOperation(body *value, fn func(method string, op *value)) {
	paths := body.get("paths")
	for i := range paths.keysOrNil() {
		item := paths.vals[i]
		for j, m := range item.keysOrNil() {
			if isMethodKey(m) && item.vals[j].kind == kindMap {
				fn(m, item.vals[j])
			}
		}
	}
}

// addEventResourcePolicies adds the statements of each Api event's
// Auth.ResourcePolicy to the API's resource policy, scoped to the event's
// stage, method and path ("execute-api:/Prod/PUT/get", "*" for any
// method), as the transform writes them.
// https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-property-function-apifunctionauth.html
func addEventResourcePolicies(body *value, stage string, evs []apiEvent) {
	for _, ev := range evs {
		rp := ev.auth.get("ResourcePolicy")
		if rp == nil || rp.kind != kindMap {
			continue
		}
		m := strings.ToUpper(ev.method)
		if m == "" || m == "ANY" {
			m = "*"
		}
		doc := resourcePolicyFor(rp, "execute-api:/"+stage+"/"+m+ev.path)
		pol := body.get("x-amazon-apigateway-policy")
		if pol == nil || pol.kind != kindMap {
			body.set("x-amazon-apigateway-policy", doc)
			continue
		}
		stmts := pol.get("Statement")
		if stmts == nil {
			pol.set("Statement", doc.get("Statement"))
			continue
		}
		pol.set("Statement", listAt(append(stmts.items(), doc.get("Statement").items()...), stmts))
	}
}

// resourcePolicyDoc writes a SAM Auth.ResourcePolicy as the policy
// document the transform generates: every allow- or block-list also adds
// an Allow for everyone, with a Deny that does the listing.
func resourcePolicyDoc(rp *value) *value {
	return resourcePolicyFor(rp, "execute-api:/*")
}

// resourcePolicyFor is resourcePolicyDoc for the statements' Resource res.
func resourcePolicyFor(rp *value, res string) *value {
	at := rp
	var stmts []*value
	allowAll := func() {
		stmts = append(stmts, obj(at, "Effect", "Allow", "Principal", "*", "Action", "execute-api:Invoke", "Resource", res))
	}
	deny := func(op, key string, vals *value) {
		stmts = append(stmts, obj(at, "Effect", "Deny", "Principal", "*", "Action", "execute-api:Invoke", "Resource", res,
			"Condition", obj(at, op, obj(at, key, vals))))
	}
	if v := rp.get("AwsAccountWhitelist"); v != nil {
		stmts = append(stmts, obj(at, "Effect", "Allow", "Principal", obj(at, "AWS", v), "Action", "execute-api:Invoke", "Resource", res))
	}
	if v := rp.get("AwsAccountBlacklist"); v != nil {
		stmts = append(stmts, obj(at, "Effect", "Deny", "Principal", obj(at, "AWS", v), "Action", "execute-api:Invoke", "Resource", res))
	}
	if v := rp.get("IpRangeWhitelist"); v != nil {
		allowAll()
		deny("NotIpAddress", "aws:SourceIp", v)
	}
	if v := rp.get("IpRangeBlacklist"); v != nil {
		allowAll()
		deny("IpAddress", "aws:SourceIp", v)
	}
	vpcLists := func(key string, white bool, forceKey string) {
		v := rp.get(key)
		if v == nil {
			return
		}
		allowAll()
		op := "StringNotEquals"
		if !white {
			op = "StringEquals"
		}
		var vpcs, vpces []*value
		for _, it := range v.items() {
			k := forceKey
			if k == "" {
				k = "aws:SourceVpc"
				if strings.HasPrefix(it.text(), "vpce-") {
					k = "aws:SourceVpce"
				}
			}
			if k == "aws:SourceVpce" {
				vpces = append(vpces, it)
			} else {
				vpcs = append(vpcs, it)
			}
		}
		if len(vpcs) > 0 {
			deny(op, "aws:SourceVpc", listAt(vpcs, at))
		}
		if len(vpces) > 0 {
			deny(op, "aws:SourceVpce", listAt(vpces, at))
		}
	}
	vpcLists("SourceVpcWhitelist", true, "")
	vpcLists("SourceVpcBlacklist", false, "")
	vpcLists("IntrinsicVpcWhitelist", true, "aws:SourceVpc")
	vpcLists("IntrinsicVpceWhitelist", true, "aws:SourceVpce")
	vpcLists("IntrinsicVpcBlacklist", false, "aws:SourceVpc")
	vpcLists("IntrinsicVpceBlacklist", false, "aws:SourceVpce")
	stmts = append(stmts, rp.get("CustomStatements").items()...)
	return obj(at, "Version", "2012-10-17", "Statement", listAt(stmts, at))
}

// expandHTTPAPI turns an AWS::Serverless::HttpApi into an
// AWS::ApiGatewayV2::Api with an OpenAPI 3 body and its stage.
// https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-property-httpapi-httpapiauth.html
func (t *template) expandHTTPAPI(api *resource, p *value, evs []apiEvent, r *resolver) {
	at := api.at
	body := p.get("DefinitionBody")
	userBody := body != nil && body.kind == kindMap
	if !userBody {
		body = obj(at, "openapi", "3.0.1", "paths", mapAt(at))
		if p.get("DefinitionUri") != nil {
			body.set("x-lambdasec-unknown", scalarAt("the API definition is in DefinitionUri, which lambdasec does not read", p.get("DefinitionUri")))
		}
	} else {
		body = body.clone()
	}
	paths := body.get("paths")
	if paths == nil || paths.kind != kindMap {
		paths = mapAt(at)
		body.set("paths", paths)
	}
	overrides := map[*value]*value{}
	for _, ev := range evs {
		path, method := ev.path, methodKey(ev.method)
		if path == "" {
			path = "$default"
		}
		// The transform adds each event's integration to the API's
		// definition, its own DefinitionBody included, keeping what an
		// operation already says (responses, security) and an integration
		// the operation already has: the event then adds no route of its
		// own (SAM's OpenApiEditor.add_lambda_integration returns early
		// when has_integration, that is when the key is there and not
		// null; the translator pair
		// http_api_existing_openapi keeps /basic's integration to
		// another function).
		item := paths.get(path)
		if item == nil || item.kind != kindMap {
			item = mapAt(ev.at)
			paths.set(path, item)
		}
		op := item.get(method)
		if op == nil || op.kind != kindMap {
			op = mapAt(ev.at)
			item.set(method, op)
		}
		if integ := op.get("x-amazon-apigateway-integration"); integ == nil || integ.kind == kindNull {
			op.set("x-amazon-apigateway-integration", obj(ev.at,
				"type", "aws_proxy", "httpMethod", "POST", "payloadFormatVersion", "2.0", "uri", ev.fnARN, "timeoutInMillis", ev.timeout))
			op.set("x-lambdasec-event", scalarAt(ev.fn+"."+ev.event, ev.at))
		}
		if ev.auth != nil {
			overrides[op] = ev.auth
		}
	}
	if c := p.get("CorsConfiguration"); c != nil {
		body.set("x-lambdasec-cors", c)
	}
	auth := p.get("Auth")
	if auth != nil && auth.kind == kindMap {
		comps := body.get("components")
		if comps == nil || comps.kind != kindMap {
			comps = mapAt(at)
			body.set("components", comps)
		}
		schemes := comps.get("securitySchemes")
		if schemes == nil || schemes.kind != kindMap {
			schemes = mapAt(at)
			comps.set("securitySchemes", schemes)
		}
		authorizers := auth.get("Authorizers")
		for i, name := range authorizers.keysOrNil() {
			a := authorizers.vals[i]
			switch {
			case a.get("JwtConfiguration") != nil:
				schemes.set(name, obj(a, "type", "oauth2", "x-amazon-apigateway-authorizer", obj(a, "type", "jwt", "jwtConfiguration", a.get("JwtConfiguration"))))
			case a.get("FunctionArn") != nil:
				schemes.set(name, obj(a, "type", "apiKey", "in", "header", "name", "Unused",
					"x-amazon-apigateway-authorizer", obj(a, "type", "request", "authorizerUri", integrationURI(a.get("FunctionArn").text()))))
				if a.get("EnableFunctionDefaultPermissions").isTrue() {
					t.add(api.id+name+"AuthorizerPermission", "AWS::Lambda::Permission", api.id, a, obj(a,
						"Action", "lambda:InvokeFunction",
						"FunctionName", a.get("FunctionArn"),
						"Principal", "apigateway.amazonaws.com",
						"SourceArn", "arn:aws:execute-api:"+inventory.RegionToken+":"+inventory.AccountIDToken+":"+inventory.RefToken(api.id)+"/authorizers/*"))
				}
			}
		}
		if auth.get("EnableIamAuthorizer").isTrue() {
			schemes.set("AWS_IAM", obj(at, "type", "apiKey", "name", "Authorization", "in", "header", "x-amazon-apigateway-authtype", "awsSigv4"))
		}
		def := auth.get("DefaultAuthorizer").text()
		forEachOperation(body, func(method string, op *value) {
			if ea, ok := overrides[op]; ok && ea.get("Authorizer") != nil {
				applyEventAuth(op, ea, false)
				return
			}
			if def != "" && op.get("security") == nil {
				op.set("security", arr(op, obj(op, def, listAt(nil, op))))
			}
		})
	} else {
		for op, ea := range overrides {
			applyEventAuth(op, ea, false)
		}
	}
	out := obj(at,
		"Name", p.get("Name"),
		"Body", body,
		"ProtocolType", "HTTP",
		"DisableExecuteApiEndpoint", p.get("DisableExecuteApiEndpoint"))
	api.typ = "AWS::ApiGatewayV2::Api"
	api.props, api.prop = out, out
	if t.byID[api.id] == nil || t.byID[api.id].reserved {
		t.add(api.id, api.typ, "", at, out)
	}
	t.expandDomain(api, p, true)
	stage := p.get("StageName").text()
	stageID := api.id + "ApiGatewayDefaultStage"
	if stage == "" {
		stage = "$default"
	} else {
		stageID = api.id + stageIDPart(stage) + "Stage"
	}
	t.add(stageID, "AWS::ApiGatewayV2::Stage", api.id, at, obj(at,
		"ApiId", inventory.RefToken(api.id),
		"StageName", stage,
		"AutoDeploy", "true",
		"DefaultRouteSettings", p.get("DefaultRouteSettings"),
		"RouteSettings", p.get("RouteSettings"),
		"AccessLogSettings", p.get("AccessLogSettings")))
}

// wsPart is how the transform names a WebSocket route or stage in the IDs
// it generates: the alphanumeric characters, the first one upper-cased
// ("$connect" -> "Connect", "default" -> "Default").
func wsPart(s string) string {
	var b strings.Builder
	for _, c := range s {
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' {
			b.WriteRune(c)
		}
	}
	out := b.String()
	if out == "" {
		return out
	}
	return strings.ToUpper(out[:1]) + out[1:]
}

// expandWebSocketAPI turns an AWS::Serverless::WebSocketApi into the
// AWS::ApiGatewayV2 resources the transform generates: the WEBSOCKET API;
// per route an integration with its function, the route and the
// permission for API Gateway to invoke the function; the stage (named
// "default" unless StageName is set); and for Auth the $connect route's
// authorization (AWS_IAM, or a REQUEST authorizer for CUSTOM with its
// invoke permission unless an InvokeRole is given). The IDs and properties
// follow the transform's outputs in its translator tests.
// https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-resource-websocketapi.html
func (t *template) expandWebSocketAPI(api *resource, p *value) {
	at := api.at
	out := obj(at,
		"Name", p.get("Name"),
		"ProtocolType", "WEBSOCKET",
		"RouteSelectionExpression", p.get("RouteSelectionExpression"),
		"ApiKeySelectionExpression", p.get("ApiKeySelectionExpression"),
		"DisableExecuteApiEndpoint", p.get("DisableExecuteApiEndpoint"))
	api.typ = "AWS::ApiGatewayV2::Api"
	api.props, api.prop = out, out
	t.expandDomain(api, p, true)
	stage := p.get("StageName").text()
	if stage == "" {
		stage = "default"
	}
	auth := p.get("Auth")
	authType := strings.ToUpper(auth.get("AuthType").text())
	var authorizer string
	if authType == "CUSTOM" {
		a := auth
		authorizer = api.id + "ConnectAuthorizer"
		name := a.get("Name")
		if name == nil {
			name = scalarAt(authorizer, a)
		}
		fnArn := a.get("AuthArn").text()
		t.add(authorizer, "AWS::ApiGatewayV2::Authorizer", api.id, a, obj(a,
			"ApiId", inventory.RefToken(api.id),
			"AuthorizerType", "REQUEST",
			"AuthorizerUri", integrationURI(fnArn),
			"AuthorizerCredentialsArn", a.get("InvokeRole"),
			"IdentitySource", a.get("IdentitySource"),
			"Name", name))
		if a.get("InvokeRole") == nil {
			t.add(api.id+"AuthorizerPermission", "AWS::Lambda::Permission", api.id, a, obj(a,
				"Action", "lambda:InvokeFunction",
				"FunctionName", fnArn,
				"Principal", "apigateway.amazonaws.com",
				"SourceArn", "arn:aws:execute-api:"+inventory.RegionToken+":"+inventory.AccountIDToken+":"+inventory.RefToken(api.id)+"/authorizers/*"))
		}
	}
	routes := p.get("Routes")
	for i, key := range routes.keysOrNil() {
		rt := routes.vals[i]
		part := api.id + wsPart(key)
		fnArn := rt.get("FunctionArn").text()
		integ := t.add(part+"Integration", "AWS::ApiGatewayV2::Integration", api.id, rt, obj(rt,
			"ApiId", inventory.RefToken(api.id),
			"IntegrationType", "AWS_PROXY",
			"IntegrationUri", integrationURI(fnArn),
			"TimeoutInMillis", rt.get("IntegrationTimeout")))
		route := obj(rt,
			"ApiId", inventory.RefToken(api.id),
			"RouteKey", key,
			"ApiKeyRequired", rt.get("ApiKeyRequired"),
			"Target", "integrations/"+inventory.RefToken(integ.id))
		if key == "$connect" {
			switch authType {
			case "AWS_IAM":
				route.set("AuthorizationType", scalarAt("AWS_IAM", auth))
			case "CUSTOM":
				route.set("AuthorizationType", scalarAt("CUSTOM", auth))
				route.set("AuthorizerId", scalarAt(inventory.RefToken(authorizer), auth))
			}
		}
		t.add(part+"Route", "AWS::ApiGatewayV2::Route", api.id, rt, route)
		t.add(part+"Permission", "AWS::Lambda::Permission", api.id, rt, obj(rt,
			"Action", "lambda:InvokeFunction",
			"FunctionName", fnArn,
			"Principal", "apigateway.amazonaws.com",
			"SourceArn", "arn:aws:execute-api:"+inventory.RegionToken+":"+inventory.AccountIDToken+":"+inventory.RefToken(api.id)+"/"+stage+"/"+key))
	}
	t.add(api.id+wsPart(stage)+"Stage", "AWS::ApiGatewayV2::Stage", api.id, at, obj(at,
		"ApiId", inventory.RefToken(api.id),
		"StageName", stage,
		"AutoDeploy", "true",
		"DefaultRouteSettings", p.get("DefaultRouteSettings"),
		"RouteSettings", p.get("RouteSettings"),
		"AccessLogSettings", p.get("AccessLogSettings"),
		"StageVariables", p.get("StageVariables")))
}

// expandGraphQLAPI writes the invoke permissions the transform gives an
// AWS::Serverless::GraphQLApi's Lambda authorizers (Auth.LambdaAuthorizer
// and each Auth.Additional entry of type AWS_LAMBDA), as connectors from
// the API to each function. The rest of the API (data sources, resolvers)
// is not modelled.
// https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-resource-graphqlapi.html
func (t *template) expandGraphQLAPI(api *resource, p *value) {
	auth := p.get("Auth")
	providers := append([]*value{auth}, auth.get("Additional").items()...)
	n := 0
	for _, a := range providers {
		uri := a.get("LambdaAuthorizer").get("AuthorizerUri")
		if !strings.EqualFold(a.get("Type").text(), "AWS_LAMBDA") || uri == nil {
			continue
		}
		n++
		t.add(fmt.Sprintf("%sToLambdaAuthConnector%dWriteLambdaPermission", api.id, n), "AWS::Lambda::Permission", api.id, a, obj(a,
			"Action", "lambda:InvokeFunction",
			"FunctionName", uri,
			"Principal", "appsync.amazonaws.com",
			"SourceArn", "arn:aws:appsync:"+inventory.RegionToken+":"+inventory.AccountIDToken+":apis/"+inventory.AttrToken(api.id, "ApiId")))
	}
}

// requestValidator names the validator the transform writes for an Api
// event's RequestModel: "body-only", "params-only" or "body-and-params"
// when ValidateBody or ValidateParameters is true, "" otherwise.
// https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-property-function-requestmodel.html
func requestValidator(rm *value) string {
	body, params := rm.get("ValidateBody").isTrue(), rm.get("ValidateParameters").isTrue()
	switch {
	case body && params:
		return "body-and-params"
	case body:
		return "body-only"
	case params:
		return "params-only"
	}
	return ""
}
