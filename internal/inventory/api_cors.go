package inventory

import "strings"

// APICORS is one place an API sets the CORS response headers browsers
// obey: an HTTP API's CORS configuration (CorsConfiguration,
// x-amazon-apigateway-cors), a SAM Api's Cors, a REST API gateway
// response or an OPTIONS method's integration response.
// AllowOrigins holds the origins as written, with a REST header mapping's
// quotes removed ("'*'" is "*"); OriginReflected is set when the header
// is mapped from the request's Origin header, which admits every origin.
// https://docs.aws.amazon.com/apigateway/latest/developerguide/how-to-cors.html
type APICORS struct {
	CORS
	OriginReflected bool `json:"originReflected,omitempty"`
	// Where names the setting: "CorsConfiguration", "Cors",
	// "x-amazon-apigateway-cors", "gateway response DEFAULT_4XX",
	// "OPTIONS /items integration response".
	Where string `json:"where"`
}

// FieldCORS is the Gap.Field of an API whose CORS settings could not be
// read (an unresolved value, a definition lambdasec does not read).
const FieldCORS = "cors"

// HeaderMappingOrigins reads the value of a REST API's
// Access-Control-Allow-Origin header mapping: a static value in single
// quotes ("'*'") is the origin it sends; a mapping from the request's
// Origin header (method.request.header.Origin) reflects every origin
// (reflected); another mapping is kept as written.
// https://docs.aws.amazon.com/apigateway/latest/developerguide/request-response-data-mappings.html
func HeaderMappingOrigins(s string) (origins []string, reflected bool) {
	s = strings.TrimSpace(s)
	if len(s) >= 2 && s[0] == '\'' && s[len(s)-1] == '\'' {
		return []string{s[1 : len(s)-1]}, false
	}
	if strings.EqualFold(s, "method.request.header.Origin") {
		return nil, true
	}
	return []string{s}, false
}
