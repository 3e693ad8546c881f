package terraform

import (
	"strings"

	"github.com/lambdasec/lambdasec/internal/inventory"
)

// apiCORS reads where Terraform sets an API's CORS headers: an
// aws_apigatewayv2_api's cors_configuration block, the response_parameters
// of aws_api_gateway_gateway_response and of OPTIONS
// aws_api_gateway_integration_response. An API defined by an OpenAPI
// body, which is not read for Terraform, gets a gap instead.
// https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/apigatewayv2_api#cors_configuration
// https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/api_gateway_gateway_response
// https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/api_gateway_integration_response
func (m *mapper) apiCORS(byType map[string][]*Resource) {
	for _, typ := range []string{"aws_api_gateway_rest_api", "aws_apigatewayv2_api"} {
		for _, r := range byType[typ] {
			api := m.apis[r.Address]
			if api == nil {
				continue
			}
			if present(r.Attrs.Get("body")) {
				api.AddGap(inventory.FieldCORS, "the API is defined by an OpenAPI body, which lambdasec does not read for Terraform", "")
			}
			for _, b := range r.Attrs.Get("cors_configuration").Blocks() {
				c := inventory.APICORS{Where: "cors_configuration", CORS: inventory.CORS{Source: b.Source,
					AllowCredentials: b.Get("allow_credentials").IsTrue()}}
				origins := b.Get("allow_origins")
				if why, ok := origins.Unresolved(); ok {
					api.AddGap(inventory.FieldCORS, "cors_configuration allow_origins: "+why, "")
					continue
				}
				c.AllowOrigins = origins.Strings()
				api.CORS = append(api.CORS, c)
			}
		}
	}
	for _, r := range byType["aws_api_gateway_gateway_response"] {
		if api := m.api(r.Attrs.Get("rest_api_id")); api != nil {
			headerCORS(api, r, "gatewayresponse.header.", "gateway response "+r.Attrs.Get("response_type").Text())
		}
	}
	for _, r := range byType["aws_api_gateway_integration_response"] {
		if api := m.api(r.Attrs.Get("rest_api_id")); api != nil && strings.EqualFold(r.Attrs.Get("http_method").Text(), "OPTIONS") {
			headerCORS(api, r, "method.response.header.", "OPTIONS integration response "+r.Address)
		}
	}
}

// headerCORS reads the Access-Control-Allow-Origin and -Credentials
// mappings of a REST response's response_parameters: a static value in
// single quotes, or a mapping from the request's Origin header (which
// reflects every origin).
func headerCORS(api *inventory.API, r *Resource, prefix, where string) {
	params := r.Attrs.Get("response_parameters")
	origin := headerParam(params, prefix+"Access-Control-Allow-Origin")
	if origin == nil {
		return
	}
	if why, ok := origin.Unresolved(); ok {
		api.AddGap(inventory.FieldCORS, where+": "+why, "")
		return
	}
	c := inventory.APICORS{Where: where, CORS: inventory.CORS{Source: r.Source}}
	c.AllowOrigins, c.OriginReflected = inventory.HeaderMappingOrigins(origin.Text())
	if cred := headerParam(params, prefix+"Access-Control-Allow-Credentials"); cred != nil {
		v, _ := inventory.HeaderMappingOrigins(cred.Text())
		c.AllowCredentials = len(v) == 1 && strings.EqualFold(v[0], "true")
	}
	api.CORS = append(api.CORS, c)
}

// headerParam finds a response parameter by header name, which HTTP
// compares case-insensitively.
func headerParam(params *Value, key string) *Value {
	if params == nil || params.Kind != KindMap {
		return nil
	}
	for i, k := range params.Keys {
		if strings.EqualFold(k, key) {
			return params.Vals[i]
		}
	}
	return nil
}
