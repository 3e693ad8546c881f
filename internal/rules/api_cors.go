package rules

import (
	"fmt"
	"slices"
	"strings"

	"github.com/lambdasec/lambdasec/internal/inventory"
)

var apiCORS = &Rule{
	ID:         "LS111",
	Name:       "api-cors-any-origin",
	Severity:   Medium,
	Severities: []Severity{High},
	Title:      "API CORS allows any origin with credentials, or on an authenticated API",
	Description: "An API in front of a function answers browsers with Access-Control-Allow-Origin for every origin " +
		"(\"*\", an \"https://*\" pattern, or the request's own Origin header reflected) and either allows " +
		"credentials (Access-Control-Allow-Credentials: true) or has routes that require authorization. Browsers " +
		"then let scripts on any website call the API and read its answers: with a reflected or pattern origin and " +
		"credentials, using the cookies or client certificates the user's browser holds (high); with \"*\" and " +
		"credentials, browsers refuse the pair, so the setting either breaks the credentialed calls it was written " +
		"for or is one step from reflecting origins; on an authenticated API, any page that gets hold of a token can " +
		"use it from the user's browser. CORS is read wherever the template sets it: a SAM Api's Cors, an HTTP API's " +
		"CorsConfiguration or x-amazon-apigateway-cors, REST gateway responses and OPTIONS integration responses. " +
		"Any origin on an API whose routes need no authorization, without credentials, passes: a public API.",
	Remediation: Remediation{
		Text:           "List the exact origins of your web application instead of \"*\"; never reflect the Origin header; allow credentials only with listed origins.",
		CLI:            "aws apigatewayv2 update-api --api-id API_ID --cors-configuration AllowOrigins=https://app.example.com,AllowCredentials=true",
		CloudFormation: "SAM Api: Cors: {AllowOrigin: \"'https://app.example.com'\"}; HttpApi / AWS::ApiGatewayV2::Api: CorsConfiguration: {AllowOrigins: [https://app.example.com]}; gateway responses: gatewayresponse.header.Access-Control-Allow-Origin: \"'https://app.example.com'\".",
		Terraform:      "aws_apigatewayv2_api cors_configuration { allow_origins = [\"https://app.example.com\"] }; aws_api_gateway_gateway_response response_parameters = { \"gatewayresponse.header.Access-Control-Allow-Origin\" = \"'https://app.example.com'\" }",
	},
	References: []string{
		"https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-cors.html",
		"https://docs.aws.amazon.com/apigateway/latest/developerguide/how-to-cors.html",
		"https://developer.mozilla.org/en-US/docs/Web/HTTP/CORS#credentialed_requests_and_wildcards",
	},
	Compliance: []Compliance{{"OWASP Serverless Top 10", "SAS-3"}},
	Check:      checkAPICORS,
}

func checkAPICORS(in *Input) []Result {
	var out []Result
	for _, a := range in.Estate.APIs {
		if !fronted(a) {
			continue
		}
		res := resultFor(&a.Resource, KindAPI)
		res.Functions = apiFunctions(a)
		judgeAPICORS(a, &res)
		out = append(out, res)
	}
	return out
}

// judgeAPICORS judges the CORS settings of API a.
func judgeAPICORS(a *inventory.API, res *Result) {
	authed, authWhy := authenticatedRoutes(a)
	var anyOrigin []inventory.APICORS
	for _, c := range a.CORS {
		if anyOriginCORS(c) {
			anyOrigin = append(anyOrigin, c)
		}
	}
	var withCreds []inventory.APICORS
	for _, c := range anyOrigin {
		if c.AllowCredentials {
			withCreds = append(withCreds, c)
		}
	}
	gap, gapped := a.Gap(inventory.FieldCORS)
	switch {
	case len(withCreds) > 0:
		reflected := false
		for _, c := range withCreds {
			reflected = reflected || c.OriginReflected || !slices.Contains(c.AllowOrigins, "*")
		}
		if reflected {
			res.Severity = sev(High)
		}
		msg := fmt.Sprintf("API %s allows every origin with credentials (%s)", a.Label(), corsPlaces(withCreds)) + credsNote(reflected)
		if !reflected && slices.ContainsFunc(withCreds, func(c inventory.APICORS) bool { return c.Where == "Cors" }) {
			// sam-translator: "'AllowCredentials' can not be true when 'AllowOrigin' is \"'*'\" or not set".
			msg += " (the SAM transform also rejects AllowCredentials with AllowOrigin '*' or none)"
		}
		res.fail(msg, corsEvidence(withCreds)...)
		res.atEvidence()
	case len(anyOrigin) > 0 && len(authed) > 0:
		res.fail(fmt.Sprintf("API %s allows every origin (%s) and its routes require authorization (%s): any website can call it with a token the user's browser holds", a.Label(), corsPlaces(anyOrigin), strings.Join(authed, "; ")), corsEvidence(anyOrigin)...)
		res.atEvidence()
	case gapped:
		res.unknown("the API's CORS settings cannot all be read: " + gap.Reason)
	case len(anyOrigin) > 0 && authWhy != "":
		res.unknown(fmt.Sprintf("API %s allows every origin (%s), and whether its routes require authorization is not known: %s", a.Label(), corsPlaces(anyOrigin), authWhy))
	case len(anyOrigin) > 0:
		res.pass(fmt.Sprintf("every origin is allowed (%s), without credentials, on an API whose routes need no authorization", corsPlaces(anyOrigin)))
	case len(a.CORS) > 0:
		var origins []string
		for _, c := range a.CORS {
			origins = append(origins, c.AllowOrigins...)
		}
		slices.Sort(origins)
		res.pass("CORS allows only " + strings.Join(slices.Compact(origins), ", "))
	default:
		res.pass("no CORS settings: browsers allow only same-origin calls")
	}
}

// credsNote explains the credentialed case: reflected origins let any site
// use the user's credentials; a literal "*" is refused by browsers.
func credsNote(reflected bool) string {
	if reflected {
		return ": any website can make requests with the user's cookies and read the answers"
	}
	return ": browsers refuse credentials with a \"*\" origin, so the setting either breaks the calls it was written for or is one step from reflecting every origin"
}

// anyOriginCORS reports whether a CORS setting admits every origin: "*",
// a scheme-wide pattern ("https://*"), or the request's Origin reflected.
func anyOriginCORS(c inventory.APICORS) bool {
	if c.OriginReflected {
		return true
	}
	for _, o := range c.AllowOrigins {
		if o == "*" || strings.HasSuffix(o, "://*") {
			return true
		}
	}
	return false
}

// corsPlaces names where CORS settings are written and what they allow.
func corsPlaces(cs []inventory.APICORS) string {
	var parts []string
	for _, c := range cs {
		parts = append(parts, c.Where+": "+corsOrigins(c))
	}
	return strings.Join(parts, "; ")
}

// corsOrigins describes the origins of one setting.
func corsOrigins(c inventory.APICORS) string {
	if c.OriginReflected {
		return "the request's Origin reflected"
	}
	return strings.Join(c.AllowOrigins, ", ")
}

// corsEvidence cites each setting where it is written.
func corsEvidence(cs []inventory.APICORS) []Evidence {
	var out []Evidence
	for _, c := range cs {
		v := "Access-Control-Allow-Origin " + corsOrigins(c)
		if c.AllowCredentials {
			v += ", Access-Control-Allow-Credentials true"
		}
		out = append(out, Evidence{Label: c.Where, Value: v, Source: c.Source})
	}
	return out
}

// authenticatedRoutes lists the routes of a to functions that require
// authorization or an API key ("GET /items: COGNITO_USER_POOLS"), and why
// that cannot be known for some, if it cannot.
func authenticatedRoutes(a *inventory.API) (authed []string, why string) {
	if g, ok := a.Gap(inventory.FieldAuthorization); ok {
		why = g.Reason
	}
	for _, rt := range a.Routes {
		if rt.Function == "" {
			continue
		}
		for _, g := range rt.Gaps {
			if g.Field == inventory.FieldAuthorization && why == "" {
				why = rt.Method + " " + rt.Path + ": " + g.Reason
			}
		}
		switch {
		case rt.AuthorizationType != "" && rt.AuthorizationType != inventory.AuthNone:
			authed = append(authed, rt.Method+" "+rt.Path+": "+rt.AuthorizationType)
		case rt.APIKeyRequired:
			authed = append(authed, rt.Method+" "+rt.Path+": API key")
		}
	}
	return authed, why
}
