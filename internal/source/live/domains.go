package live

import (
	"context"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/apigateway"
	agtypes "github.com/aws/aws-sdk-go-v2/service/apigateway/types"

	"github.com/lambdasec/lambdasec/internal/inventory"
)

// API Gateway custom domain names: one listing per region (it lists the
// domain names of REST, HTTP and WebSocket APIs alike, with their
// security policy), then the base path mappings of each, which tie REST
// APIs to it.
// https://docs.aws.amazon.com/apigateway/latest/api/API_GetDomainNames.html
// https://docs.aws.amazon.com/apigateway/latest/api/API_GetBasePathMappings.html
var (
	opGetDomainNames = op(apigateway.ServiceID, "GetDomainNames", "apigateway:GET",
		"custom domain names with their TLS security policy and endpoint type", "LS409")
	opGetBasePathMappings = op(apigateway.ServiceID, "GetBasePathMappings", "apigateway:GET",
		"the REST APIs mapped to each custom domain name (which functions a domain name fronts)", "LS409")
)

// domainNames reads the region's custom domain names. A failed listing is
// a gap of the region; a failed mapping listing leaves the domain name's
// APIs unknown, which no verdict depends on.
func (r *region) domainNames(ctx context.Context) {
	client := apigateway.NewFromConfig(r.cfg)
	var out []*inventory.DomainName
	in := &apigateway.GetDomainNamesInput{Limit: aws.Int32(500)}
	for {
		page, err := client.GetDomainNames(ctx, in)
		if err != nil {
			r.estateGap(call(opGetDomainNames), err, "API Gateway custom domain names")
			return
		}
		for _, d := range page.Items {
			out = append(out, r.domainName(d))
		}
		if !apiGatewayNextPage(&in.Position, page.Position) {
			break
		}
	}
	r.each(ctx, len(out), func(i int) { r.basePathMappings(ctx, client, out[i]) })
	r.add(func(e *inventory.Estate) { e.DomainNames = append(e.DomainNames, out...) })
}

// domainName maps one domain name; its ARN is its ID,
// arn:aws:apigateway:REGION::/domainnames/NAME.
// https://docs.aws.amazon.com/apigateway/latest/developerguide/arn-format-reference.html
func (r *region) domainName(d agtypes.DomainName) *inventory.DomainName {
	name := aws.ToString(d.DomainName)
	arn := aws.ToString(d.DomainNameArn)
	if arn == "" {
		arn = r.arn("apigateway", "", "/domainnames/"+name)
	}
	out := &inventory.DomainName{
		Resource:       inventory.Resource{ID: arn, ARN: arn, Name: name, Region: r.name, Source: inventory.Source{ARN: arn}, Tags: d.Tags},
		Protocol:       inventory.ProtocolREST,
		SecurityPolicy: string(d.SecurityPolicy),
	}
	if ec := d.EndpointConfiguration; ec != nil && len(ec.Types) > 0 {
		out.EndpointType = strings.ToUpper(string(ec.Types[0]))
	}
	return out
}

// basePathMappings reads which REST APIs a domain name serves.
func (r *region) basePathMappings(ctx context.Context, client *apigateway.Client, d *inventory.DomainName) {
	in := &apigateway.GetBasePathMappingsInput{DomainName: aws.String(d.Name), Limit: aws.Int32(500)}
	for {
		page, err := client.GetBasePathMappings(ctx, in)
		if err != nil {
			gap(&d.Resource, call(opGetBasePathMappings), err, inventory.FieldTargets)
			return
		}
		for _, m := range page.Items {
			if id := aws.ToString(m.RestApiId); id != "" && !slices.Contains(d.APIs, r.restAPIARN(id)) {
				d.APIs = append(d.APIs, r.restAPIARN(id))
			}
		}
		if !apiGatewayNextPage(&in.Position, page.Position) {
			break
		}
	}
}
