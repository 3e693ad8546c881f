package terraform

import (
	"slices"
	"strings"

	"github.com/lambdasec/lambdasec/internal/inventory"
)

// domainNames reads API Gateway custom domain names with their security
// policy, and the base path and API mappings that tie APIs to them.
// https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/api_gateway_domain_name
// https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/apigatewayv2_domain_name
func (m *mapper) domainNames(byType map[string][]*Resource) {
	domains := map[string]*inventory.DomainName{}
	for _, typ := range []string{"aws_api_gateway_domain_name", "aws_apigatewayv2_domain_name"} {
		for _, r := range byType[typ] {
			a := r.Attrs
			name, _ := text(a.Get("domain_name"))
			d := &inventory.DomainName{Resource: m.header(r, name), Protocol: inventory.ProtocolREST, PolicySource: r.Source}
			pol := a.Get("security_policy")
			if typ == "aws_apigatewayv2_domain_name" {
				d.Protocol = inventory.ProtocolHTTP
				if c := a.Get("domain_name_configuration").Blocks(); len(c) > 0 {
					pol = c[0].Get("security_policy")
					d.EndpointType = strings.ToUpper(c[0].Get("endpoint_type").Text())
				}
			} else if ec := a.Get("endpoint_configuration").Blocks(); len(ec) > 0 {
				if t := ec[0].Get("types").Strings(); len(t) > 0 {
					d.EndpointType = strings.ToUpper(t[0])
				}
			}
			if present(pol) {
				if pol.Source.Line > 0 {
					d.PolicySource = pol.Source
				}
				s, why := text(pol)
				if why != "" {
					d.AddGap(inventory.FieldSecurityPolicy, "security_policy: "+why, "")
				}
				d.SecurityPolicy = s
			}
			m.e.DomainNames = append(m.e.DomainNames, d)
			domains[r.Address] = d
			if name != "" {
				domains[name] = d
			}
		}
	}
	for _, typ := range []string{"aws_api_gateway_base_path_mapping", "aws_apigatewayv2_api_mapping"} {
		for _, r := range byType[typ] {
			a := r.Attrs
			d := domains[refOrValue(a.Get("domain_name").Text())]
			api := refOrValue(a.Get("api_id").Text())
			if d == nil || api == "" {
				continue
			}
			if x := m.apis[api]; x != nil {
				api = x.ID
			}
			if !slices.Contains(d.APIs, api) {
				d.APIs = append(d.APIs, api)
			}
		}
	}
}
