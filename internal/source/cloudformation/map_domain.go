package cloudformation

import (
	"strings"

	"github.com/lambdasec/lambdasec/internal/inventory"
)

// domainNames reads API Gateway custom domain names (REST, private REST and
// v2) with their security policy, and the base path and API mappings that
// tie APIs to them.
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-apigateway-domainname.html
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-apigatewayv2-domainname.html
func (m *mapper) domainNames(byType map[string][]*resource) {
	domains := map[string]*inventory.DomainName{}
	for _, typ := range []string{"AWS::ApiGateway::DomainName", "AWS::ApiGateway::DomainNameV2", "AWS::ApiGatewayV2::DomainName"} {
		for _, res := range byType[typ] {
			p := res.props
			name, _ := text(p.get("DomainName"))
			d := &inventory.DomainName{Resource: m.header(res, name), Protocol: inventory.ProtocolREST, PolicySource: m.src(res, nil)}
			pol := p.get("SecurityPolicy")
			switch typ {
			case "AWS::ApiGateway::DomainName", "AWS::ApiGateway::DomainNameV2":
				if t := p.get("EndpointConfiguration").get("Types").items(); len(t) > 0 {
					d.EndpointType = strings.ToUpper(t[0].text())
				}
				if typ == "AWS::ApiGateway::DomainNameV2" && d.EndpointType == "" {
					d.EndpointType = "PRIVATE"
				}
			case "AWS::ApiGatewayV2::DomainName":
				d.Protocol = inventory.ProtocolHTTP
				if c := p.get("DomainNameConfigurations").items(); len(c) > 0 {
					pol = c[0].get("SecurityPolicy")
					d.EndpointType = strings.ToUpper(c[0].get("EndpointType").text())
				}
			}
			if pol != nil {
				d.PolicySource = m.src(res, pol)
				s, why := text(pol)
				if why != "" {
					d.AddGap(inventory.FieldSecurityPolicy, "SecurityPolicy: "+why, "")
				}
				d.SecurityPolicy = s
			}
			m.e.DomainNames = append(m.e.DomainNames, d)
			domains[res.id] = d
			if name != "" {
				domains[name] = d
			}
		}
	}
	for _, typ := range []string{"AWS::ApiGateway::BasePathMapping", "AWS::ApiGateway::BasePathMappingV2", "AWS::ApiGatewayV2::ApiMapping"} {
		for _, res := range byType[typ] {
			p := res.props
			d := domains[apiRef(p.get("DomainName"))]
			if d == nil {
				d = domains[apiRef(p.get("DomainNameArn"))]
			}
			api := apiRef(p.get("RestApiId"))
			if api == "" {
				api = apiRef(p.get("ApiId"))
			}
			if d == nil || api == "" {
				continue
			}
			if a := m.apis[api]; a != nil {
				api = a.ID
			}
			if !containsString(d.APIs, api) {
				d.APIs = append(d.APIs, api)
			}
		}
	}
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
