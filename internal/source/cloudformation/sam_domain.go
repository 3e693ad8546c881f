package cloudformation

import (
	"fmt"
	"hash/fnv"

	"github.com/lambdasec/lambdasec/internal/inventory"
)

// expandDomain adds the custom domain name and mapping the transform
// generates for an API's Domain property: an AWS::ApiGateway::DomainName
// and BasePathMapping for a REST API, an AWS::ApiGatewayV2::DomainName and
// ApiMapping for an HTTP or WebSocket API, keeping the SecurityPolicy as
// written. APIs that name the same domain (a Globals Domain) share one
// domain name resource, as the transform's do: its ID ends with a hash of
// the domain name ("ApiGatewayDomainName…", "ApiGatewayDomainNameV2…").
// https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-property-api-domainconfiguration.html
// https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-property-httpapi-httpapidomainconfiguration.html
func (t *template) expandDomain(api *resource, p *value, v2 bool) {
	d := p.get("Domain")
	if d == nil || d.kind != kindMap {
		return
	}
	h := fnv.New32a()
	h.Write([]byte(d.get("DomainName").text()))
	endpoint := d.get("EndpointConfiguration")
	if v2 {
		id := fmt.Sprintf("ApiGatewayDomainNameV2%08x", h.Sum32())
		if t.byID[id] == nil {
			t.add(id, "AWS::ApiGatewayV2::DomainName", api.id, d, obj(d,
				"DomainName", d.get("DomainName"),
				"DomainNameConfigurations", []*value{obj(d,
					"CertificateArn", d.get("CertificateArn"),
					"EndpointType", endpoint,
					"SecurityPolicy", d.get("SecurityPolicy"))}))
		}
		t.add(api.id+"ApiMapping", "AWS::ApiGatewayV2::ApiMapping", api.id, d, obj(d,
			"DomainName", inventory.RefToken(id),
			"ApiId", inventory.RefToken(api.id)))
		return
	}
	id := fmt.Sprintf("ApiGatewayDomainName%08x", h.Sum32())
	if t.byID[id] == nil {
		var types *value
		if endpoint != nil {
			types = listAt([]*value{endpoint}, endpoint)
		}
		t.add(id, "AWS::ApiGateway::DomainName", api.id, d, obj(d,
			"DomainName", d.get("DomainName"),
			"EndpointConfiguration", obj(d, "Types", types),
			"SecurityPolicy", d.get("SecurityPolicy")))
	}
	t.add(api.id+"BasePathMapping", "AWS::ApiGateway::BasePathMapping", api.id, d, obj(d,
		"DomainName", inventory.RefToken(id),
		"RestApiId", inventory.RefToken(api.id)))
}
