package cloudformation

import "github.com/lambdasec/lambdasec/internal/inventory"

// expandDomain adds the custom domain name and mapping the transform
// generates for an API's Domain property: an AWS::ApiGateway::DomainName
// and BasePathMapping for a REST API, an AWS::ApiGatewayV2::DomainName and
// ApiMapping for an HTTP API, keeping the SecurityPolicy as written.
// https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-property-api-domainconfiguration.html
// https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-property-httpapi-httpapidomainconfiguration.html
func (t *template) expandDomain(api *resource, p *value, http bool) {
	d := p.get("Domain")
	if d == nil || d.kind != kindMap {
		return
	}
	endpoint := d.get("EndpointConfiguration")
	if http {
		t.add(api.id+"DomainName", "AWS::ApiGatewayV2::DomainName", api.id, d, obj(d,
			"DomainName", d.get("DomainName"),
			"DomainNameConfigurations", []*value{obj(d,
				"CertificateArn", d.get("CertificateArn"),
				"EndpointType", endpoint,
				"SecurityPolicy", d.get("SecurityPolicy"))}))
		t.add(api.id+"ApiMapping", "AWS::ApiGatewayV2::ApiMapping", api.id, d, obj(d,
			"DomainName", inventory.RefToken(api.id+"DomainName"),
			"ApiId", inventory.RefToken(api.id)))
		return
	}
	var types *value
	if endpoint != nil {
		types = listAt([]*value{endpoint}, endpoint)
	}
	t.add(api.id+"DomainName", "AWS::ApiGateway::DomainName", api.id, d, obj(d,
		"DomainName", d.get("DomainName"),
		"EndpointConfiguration", obj(d, "Types", types),
		"SecurityPolicy", d.get("SecurityPolicy")))
	t.add(api.id+"BasePathMapping", "AWS::ApiGateway::BasePathMapping", api.id, d, obj(d,
		"DomainName", inventory.RefToken(api.id+"DomainName"),
		"RestApiId", inventory.RefToken(api.id)))
}
