package live

import (
	"context"
	"sort"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/apigateway"
	agtypes "github.com/aws/aws-sdk-go-v2/service/apigateway/types"
	ag2types "github.com/aws/aws-sdk-go-v2/service/apigatewayv2/types"

	"github.com/lambdasec/lambdasec/internal/inventory"
)

// opGetGatewayResponses lists a REST API's gateway responses, whose
// header mappings may set CORS headers on every error API Gateway returns.
// https://docs.aws.amazon.com/apigateway/latest/api/API_GetGatewayResponses.html
var opGetGatewayResponses = op(apigateway.ServiceID, "GetGatewayResponses", "apigateway:GET",
	"each REST API's gateway responses: the CORS headers they set", "LS111")

// restCORS reads the CORS headers a REST API sets: those of its OPTIONS
// methods' integration responses (already embedded in GetResources) and of
// its gateway responses. A failed listing leaves a CORS gap.
func (r *region) restCORS(ctx context.Context, client *apigateway.Client, id string, a *inventory.API) {
	in := &apigateway.GetGatewayResponsesInput{RestApiId: aws.String(id), Limit: aws.Int32(500)}
	for {
		page, err := client.GetGatewayResponses(ctx, in)
		if err != nil {
			gap(&a.Resource, call(opGetGatewayResponses), err, inventory.FieldCORS)
			return
		}
		for _, gr := range page.Items {
			typ := string(gr.ResponseType)
			src := inventory.Source{ARN: a.ID + "/gatewayresponses/" + typ}
			if c, ok := headerCORS(gr.ResponseParameters, "gatewayresponse.header.", "gateway response "+typ, src); ok {
				a.CORS = append(a.CORS, c)
			}
		}
		if !apiGatewayNextPage(&in.Position, page.Position) {
			break
		}
	}
	sort.SliceStable(a.CORS, func(i, j int) bool { return a.CORS[i].Where < a.CORS[j].Where })
}

// optionsCORS reads the CORS headers of the integration responses of a
// REST resource's OPTIONS method.
func optionsCORS(a *inventory.API, res agtypes.Resource) []inventory.APICORS {
	var out []inventory.APICORS
	for verb, m := range res.ResourceMethods {
		if !strings.EqualFold(verb, "OPTIONS") || m.MethodIntegration == nil {
			continue
		}
		codes := make([]string, 0, len(m.MethodIntegration.IntegrationResponses))
		for code := range m.MethodIntegration.IntegrationResponses {
			codes = append(codes, code)
		}
		sort.Strings(codes)
		src := inventory.Source{ARN: a.ID + "/resources/" + aws.ToString(res.Id) + "/methods/OPTIONS"}
		for _, code := range codes {
			ir := m.MethodIntegration.IntegrationResponses[code]
			if c, ok := headerCORS(ir.ResponseParameters, "method.response.header.", "OPTIONS "+aws.ToString(res.Path)+" integration response", src); ok {
				out = append(out, c)
			}
		}
	}
	return out
}

// headerCORS reads the Access-Control-Allow-Origin and -Credentials
// mappings of response parameters (keys prefixed with prefix).
func headerCORS(params map[string]string, prefix, where string, src inventory.Source) (inventory.APICORS, bool) {
	var origin, cred string
	var found bool
	for k, v := range params {
		switch {
		case strings.EqualFold(k, prefix+"Access-Control-Allow-Origin"):
			origin, found = v, true
		case strings.EqualFold(k, prefix+"Access-Control-Allow-Credentials"):
			cred = v
		}
	}
	if !found {
		return inventory.APICORS{}, false
	}
	c := inventory.APICORS{Where: where, CORS: inventory.CORS{Source: src}}
	c.AllowOrigins, c.OriginReflected = inventory.HeaderMappingOrigins(origin)
	if v, _ := inventory.HeaderMappingOrigins(cred); len(v) == 1 && strings.EqualFold(v[0], "true") {
		c.AllowCredentials = true
	}
	return c, true
}

// httpCORS maps an HTTP API's CORS configuration (GetApis).
// https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/apis.html#apis-model-cors
func httpCORS(arn string, c *ag2types.Cors) []inventory.APICORS {
	if c == nil || len(c.AllowOrigins) == 0 {
		return nil
	}
	return []inventory.APICORS{{Where: "CorsConfiguration", CORS: inventory.CORS{AllowOrigins: c.AllowOrigins,
		AllowMethods: c.AllowMethods, AllowHeaders: c.AllowHeaders, AllowCredentials: aws.ToBool(c.AllowCredentials),
		Source: inventory.Source{ARN: arn}}}}
}
