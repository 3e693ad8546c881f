package cloudformation

import (
	"github.com/lambdasec/lambdasec/internal/inventory"
)

// functionSurfaces reads the 2025–2026 properties of an
// AWS::Lambda::Function (SAM passes them through unchanged):
// CapacityProviderConfig, DurableConfig, TenancyConfig and SnapStart.
// https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-lambda-function.html
func (m *mapper) functionSurfaces(res *resource, f *inventory.Function) {
	p := res.props
	gap := func(field, why string) { f.AddGap(field, why, "") }
	if v := p.get("CapacityProviderConfig"); v != nil {
		arn := v.get("LambdaManagedInstancesCapacityProviderConfig").get("CapacityProviderArn")
		if arn == nil {
			// AWS::Serverless::Function writes it as CapacityProviderConfig.Arn.
			// https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-resource-function.html
			arn = v.get("Arn")
		}
		s, why := text(arn)
		switch {
		case why != "":
			gap(inventory.FieldCapacity, "CapacityProviderArn: "+why)
		case arn == nil:
			gap(inventory.FieldCapacity, "CapacityProviderConfig has no LambdaManagedInstancesCapacityProviderConfig.CapacityProviderArn")
		}
		f.CapacityProvider = refOrValue(s)
	}
	if v := p.get("DurableConfig"); v != nil {
		d := &inventory.DurableConfig{Source: m.src(res, v)}
		if v.kind != kindMap {
			_, why := text(v)
			gap(inventory.FieldDurable, "DurableConfig: "+why)
		}
		if n, set, why := intProp(v.get("ExecutionTimeout")); set {
			if why != "" {
				gap(inventory.FieldDurable, "ExecutionTimeout: "+why)
			}
			d.ExecutionTimeout = n
		}
		if n, set, why := intProp(v.get("RetentionPeriodInDays")); set {
			if why != "" {
				gap(inventory.FieldDurable, "RetentionPeriodInDays: "+why)
			}
			d.RetentionDays = n
		}
		if k := v.get("KMSKeyArn"); k != nil {
			s, why := text(k)
			if why != "" {
				gap(inventory.FieldDurable, "KMSKeyArn: "+why)
			}
			d.KMSKey = refOrValue(s)
		}
		f.Durable = d
	}
	if v := p.get("TenancyConfig"); v != nil {
		s, why := text(v.get("TenantIsolationMode"))
		if why != "" {
			gap(inventory.FieldTenancy, "TenantIsolationMode: "+why)
		}
		f.TenantIsolation = s
	}
	if v := p.get("SnapStart"); v != nil {
		f.SnapStart = v.get("ApplyOn").text()
	}
}

// surfaces reads the resources of the 2025–2026 surfaces:
// AWS::Lambda::CapacityProvider, AWS::Lambda::WebFunctionEndpoint and
// AWS::Lambda::MicrovmImage, and the provisioned concurrency of aliases
// (which tenant isolation cannot have).
func (m *mapper) surfaces(byType map[string][]*resource) {
	for _, res := range byType["AWS::Lambda::CapacityProvider"] {
		m.capacityProvider(res)
	}
	for _, res := range byType["AWS::Lambda::WebFunction"] {
		name, _ := text(res.props.get("FunctionName"))
		m.e.WebFunctions = append(m.e.WebFunctions, &inventory.WebFunction{Resource: m.header(res, name)})
	}
	for _, res := range byType["AWS::Lambda::WebFunctionRevision"] {
		m.webFunctionRevision(res)
	}
	for _, res := range byType["AWS::Lambda::WebFunctionEndpoint"] {
		m.webFunctionEndpoint(res)
	}
	for _, res := range byType["AWS::Lambda::MicrovmImage"] {
		p := res.props
		name, _ := text(p.get("Name"))
		img := &inventory.MicrovmImage{Resource: m.header(res, name)}
		img.BuildRole = refOrValue(p.get("BuildRoleArn").text())
		if r := m.roleRef(img.BuildRole); r != nil {
			img.BuildRole = r.ID
		}
		if v := p.get("EgressNetworkConnectors"); v != nil {
			if v.kind != kindList {
				_, why := text(v)
				img.AddGap(inventory.FieldEgress, "EgressNetworkConnectors: "+why, "")
			}
			img.EgressConnectors = refList(v)
		}
		m.e.MicrovmImages = append(m.e.MicrovmImages, img)
	}
	for _, res := range byType["AWS::Lambda::Alias"] {
		pc := res.props.get("ProvisionedConcurrencyConfig")
		if pc == nil || pc.kind != kindMap {
			continue
		}
		if n, _, _ := intProp(pc.get("ProvisionedConcurrentExecutions")); n <= 0 {
			continue
		}
		if f, _ := m.functionRef(res.props.get("FunctionName").text()); f != nil {
			f.ProvisionedConcurrency = append(f.ProvisionedConcurrency, res.props.get("Name").text())
		}
	}
}

// capacityProvider reads an AWS::Lambda::CapacityProvider.
// https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-lambda-capacityprovider.html
func (m *mapper) capacityProvider(res *resource) {
	p := res.props
	name, _ := text(p.get("CapacityProviderName"))
	cp := &inventory.CapacityProvider{Resource: m.header(res, name)}
	op := p.get("PermissionsConfig").get("CapacityProviderOperatorRoleArn")
	if s, why := text(op); why != "" {
		cp.AddGap(inventory.FieldRole, "CapacityProviderOperatorRoleArn: "+why, "")
	} else {
		cp.OperatorRole = refOrValue(s)
		if r := m.roleRef(s); r != nil {
			cp.OperatorRole = r.ID
		}
	}
	if v := p.get("VpcConfig"); v != nil {
		cp.SubnetIDs = refList(v.get("SubnetIds"))
		cp.SecurityGroupIDs = refList(v.get("SecurityGroupIds"))
	}
	if v := p.get("KmsKeyArn"); v != nil {
		s, why := text(v)
		if why != "" {
			cp.AddGap(inventory.FieldKMSKey, "KmsKeyArn: "+why, "")
		}
		cp.KMSKey = refOrValue(s)
	}
	m.e.CapacityProviders = append(m.e.CapacityProviders, cp)
}

// webFunctionEndpoint reads an AWS::Lambda::WebFunctionEndpoint.
// https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-lambda-webfunctionendpoint.html
func (m *mapper) webFunctionEndpoint(res *resource) {
	p := res.props
	name, _ := text(p.get("EndpointName"))
	ep := &inventory.WebFunctionEndpoint{Resource: m.header(res, name)}
	ep.Function = refOrValue(p.get("FunctionName").text())
	if s, why := text(p.get("AuthType")); why != "" {
		ep.AddGap(inventory.FieldAuthType, "AuthType: "+why, "")
	} else {
		ep.AuthType = s
	}
	if s, why := text(p.get("EndpointType")); why != "" {
		ep.AddGap(inventory.FieldEndpointType, "EndpointType: "+why, "")
	} else {
		ep.EndpointType = s
	}
	ep.Regions = p.get("Regions").strings()
	m.e.WebFunctionEndpoints = append(m.e.WebFunctionEndpoints, ep)
}

// webFunctionRevision reads an AWS::Lambda::WebFunctionRevision: the
// execution role (ServiceConfig.ExecutionRoleArn) of the Web Function its
// FunctionName names. A revision of a Web Function the template does not
// define makes a WebFunction of its own; a role that cannot be resolved is
// a FieldRole gap on the Web Function.
// https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-lambda-webfunctionrevision.html
func (m *mapper) webFunctionRevision(res *resource) {
	p := res.props
	target := refOrValue(p.get("FunctionName").text())
	w := m.e.WebFunctionOf(target)
	if w == nil {
		w = &inventory.WebFunction{Resource: inventory.Resource{ID: target, Name: inventory.Describe(target), Source: m.src(res, nil)}}
		m.e.WebFunctions = append(m.e.WebFunctions, w)
	}
	rev := inventory.WebFunctionRevision{ID: res.id, Source: m.src(res, nil)}
	if s, why := text(p.get("ServiceConfig").get("ExecutionRoleArn")); why != "" {
		w.AddGap(inventory.FieldRole, res.id+": ServiceConfig.ExecutionRoleArn: "+why, "")
	} else {
		rev.Role = refOrValue(s)
		if r := m.roleRef(s); r != nil {
			rev.Role = r.ID
		}
	}
	w.Revisions = append(w.Revisions, rev)
}
