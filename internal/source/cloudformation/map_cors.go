package cloudformation

import (
	"strings"

	"github.com/lambdasec/lambdasec/internal/inventory"
)

// The places an API's CORS headers are written in a template:
//   - a SAM AWS::Serverless::Api's Cors (a quoted origin, or AllowOrigin and
//     AllowCredentials), and an AWS::Serverless::HttpApi's CorsConfiguration
//     (true, or AllowOrigins and AllowCredentials), which the SAM expansion
//     keeps in the body as x-lambdasec-cors;
//   - an HTTP API's x-amazon-apigateway-cors (OpenAPI) or CorsConfiguration
//     (AWS::ApiGatewayV2::Api);
//   - a REST API's gateway responses (x-amazon-apigateway-gateway-responses,
//     AWS::ApiGateway::GatewayResponse) and its OPTIONS methods' integration
//     responses, whose Access-Control-Allow-* header mappings are quoted
//     static values ('*') or request mappings (method.request.header.Origin).
//
// https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-property-api-corsconfiguration.html
// https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-property-httpapi-httpapicorsconfiguration.html
// https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-swagger-extensions-cors-configuration.html
// https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-swagger-extensions-gateway-responses.html
// https://docs.aws.amazon.com/apigateway/latest/developerguide/enable-cors-for-resource-using-swagger-importer-tool.html

// corsFromBody reads the CORS settings of an API's OpenAPI body.
func (m *mapper) corsFromBody(res *resource, a *inventory.API, body *value) {
	if why := body.get("x-lambdasec-unknown").text(); why != "" {
		a.AddGap(inventory.FieldCORS, why, "")
	}
	if c := body.get("x-lambdasec-cors"); c != nil {
		if a.Protocol == inventory.ProtocolREST {
			m.addCORS(res, a, c, "Cors", samRESTCors(c))
		} else {
			m.addCORS(res, a, c, "CorsConfiguration", corsConfig(c, "AllowOrigins", "AllowCredentials"))
		}
	}
	if c := body.get("x-amazon-apigateway-cors"); c != nil {
		m.addCORS(res, a, c, "x-amazon-apigateway-cors", corsConfig(c, "allowOrigins", "allowCredentials"))
	}
	if grs := body.get("x-amazon-apigateway-gateway-responses"); grs != nil && grs.kind == kindMap {
		for i, typ := range grs.keys {
			params := grs.vals[i].get("responseParameters")
			m.addHeaderCORS(res, a, params, "gatewayresponse.header.", "gateway response "+typ)
		}
	}
	if paths := body.get("paths"); paths != nil && paths.kind == kindMap {
		for i, path := range paths.keys {
			integ := paths.vals[i].get("options").get("x-amazon-apigateway-integration")
			if rs := integ.get("responses"); rs != nil && rs.kind == kindMap {
				for _, r := range rs.vals {
					m.addHeaderCORS(res, a, r.get("responseParameters"), "method.response.header.", "OPTIONS "+path+" integration response")
				}
			}
		}
	}
}

// corsSetting is what a CORS setting says, or why it cannot be read.
type corsSetting struct {
	origins     []string
	reflected   bool
	credentials bool
	why         string
}

// addCORS records a CORS setting of the API at value at, or a gap.
func (m *mapper) addCORS(res *resource, a *inventory.API, at *value, where string, s corsSetting) {
	if s.why != "" {
		a.AddGap(inventory.FieldCORS, where+": "+s.why, "")
		return
	}
	if len(s.origins) == 0 && !s.reflected {
		return
	}
	a.CORS = append(a.CORS, inventory.APICORS{Where: where, OriginReflected: s.reflected,
		CORS: inventory.CORS{AllowOrigins: s.origins, AllowCredentials: s.credentials, Source: m.src(res, at)}})
}

// samRESTCors reads a SAM Api's Cors: a quoted origin ("'*'"), or a map
// whose AllowOrigin is one ("'*'" when it is left out, as the transform
// writes it) and whose AllowCredentials is a boolean.
func samRESTCors(c *value) corsSetting {
	origin := c
	var s corsSetting
	if c.kind == kindMap {
		origin = c.get("AllowOrigin")
		s.credentials = c.get("AllowCredentials").isTrue()
	}
	o, why := text(origin)
	switch {
	case why != "":
		return corsSetting{why: why}
	case origin == nil:
		// The transform's default when Cors gives no AllowOrigin.
		o = "'*'"
	case o == "":
		return corsSetting{}
	}
	s.origins, s.reflected = inventory.HeaderMappingOrigins(o)
	return s
}

// corsConfig reads an HTTP API CORS configuration whose origin and
// credentials keys are named originKey and credKey; SAM's
// CorsConfiguration: true allows every origin.
func corsConfig(c *value, originKey, credKey string) corsSetting {
	if c.kind == kindScalar {
		if c.isTrue() {
			return corsSetting{origins: []string{"*"}}
		}
		if _, why := text(c); why != "" {
			return corsSetting{why: why}
		}
		return corsSetting{}
	}
	var s corsSetting
	for _, o := range c.get(originKey).items() {
		t, why := text(o)
		if why != "" {
			return corsSetting{why: originKey + ": " + why}
		}
		s.origins = append(s.origins, t)
	}
	cred := c.get(credKey)
	if _, why := text(cred); why != "" {
		return corsSetting{why: credKey + ": " + why}
	}
	s.credentials = cred.isTrue()
	return s
}

// addHeaderCORS reads the Access-Control-Allow-Origin and
// -Credentials mappings of a REST response's parameters (keys prefixed
// with prefix).
func (m *mapper) addHeaderCORS(res *resource, a *inventory.API, params *value, prefix, where string) {
	origin := headerParam(params, prefix+"Access-Control-Allow-Origin")
	if origin == nil {
		return
	}
	o, why := text(origin)
	if why != "" {
		m.addCORS(res, a, origin, where, corsSetting{why: why})
		return
	}
	var s corsSetting
	s.origins, s.reflected = inventory.HeaderMappingOrigins(o)
	if c := headerParam(params, prefix+"Access-Control-Allow-Credentials"); c != nil {
		v, _ := inventory.HeaderMappingOrigins(c.text())
		s.credentials = len(v) == 1 && strings.EqualFold(v[0], "true")
	}
	m.addCORS(res, a, origin, where, s)
}

// headerParam finds a response parameter by header name, which HTTP
// compares case-insensitively.
func headerParam(params *value, key string) *value {
	if params == nil || params.kind != kindMap {
		return nil
	}
	for i, k := range params.keys {
		if strings.EqualFold(k, key) {
			return params.vals[i]
		}
	}
	return nil
}

// corsResources reads the CORS settings of AWS::ApiGatewayV2::Api's
// CorsConfiguration and of AWS::ApiGateway::GatewayResponse resources.
func (m *mapper) corsResources(byType map[string][]*resource) {
	for _, res := range byType["AWS::ApiGatewayV2::Api"] {
		if c := res.props.get("CorsConfiguration"); c != nil {
			if a := m.apis[res.id]; a != nil {
				m.addCORS(res, a, c, "CorsConfiguration", corsConfig(c, "AllowOrigins", "AllowCredentials"))
			}
		}
	}
	for _, res := range byType["AWS::ApiGateway::GatewayResponse"] {
		p := res.props
		if a := m.apis[apiRef(p.get("RestApiId"))]; a != nil {
			m.addHeaderCORS(res, a, p.get("ResponseParameters"), "gatewayresponse.header.", "gateway response "+p.get("ResponseType").text())
		}
	}
}
