package terraform

import "github.com/lambdasec/lambdasec/internal/inventory"

// functionSurfaces reads the 2025–2026 arguments of an aws_lambda_function:
// capacity_provider_config, durable_config, tenancy_config and snap_start.
// https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/lambda_function
func (m *mapper) functionSurfaces(a *Value, f *inventory.Function) {
	gap := func(field, why string) { f.AddGap(field, why, "") }
	if v := a.Get("capacity_provider_config"); present(v) {
		s, why := text(v.Get("lambda_managed_instances_capacity_provider_config").Get("capacity_provider_arn"))
		if why != "" {
			gap(inventory.FieldCapacity, "capacity_provider_arn: "+why)
		}
		f.CapacityProvider = refOrValue(s)
	}
	if v := a.Get("durable_config"); present(v) {
		d := &inventory.DurableConfig{Source: v.Source}
		if n, set, why := v.Get("execution_timeout").Int(); set {
			if why != "" {
				gap(inventory.FieldDurable, "execution_timeout: "+why)
			}
			d.ExecutionTimeout = n
		}
		if n, set, why := v.Get("retention_period").Int(); set {
			if why != "" {
				gap(inventory.FieldDurable, "retention_period: "+why)
			}
			d.RetentionDays = n
		}
		s, why := text(v.Get("kms_key_arn"))
		if why != "" {
			gap(inventory.FieldDurable, "kms_key_arn: "+why)
		}
		d.KMSKey = refOrValue(s)
		f.Durable = d
	}
	if v := a.Get("tenancy_config"); present(v) {
		s, why := text(v.Get("tenant_isolation_mode"))
		if why != "" {
			gap(inventory.FieldTenancy, "tenant_isolation_mode: "+why)
		}
		f.TenantIsolation = s
	}
	if v := a.Get("snap_start"); present(v) {
		f.SnapStart, _ = text(v.Get("apply_on"))
	}
}

// capacityProviders reads aws_lambda_capacity_provider resources.
// https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/lambda_capacity_provider
func (m *mapper) capacityProviders(byType map[string][]*Resource) {
	for _, r := range byType["aws_lambda_capacity_provider"] {
		a := r.Attrs
		name, _ := text(a.Get("name"))
		cp := &inventory.CapacityProvider{Resource: m.header(r, name)}
		s, why := text(a.Get("permissions_config").Get("capacity_provider_operator_role_arn"))
		if why != "" {
			cp.AddGap(inventory.FieldRole, "capacity_provider_operator_role_arn: "+why, "")
		} else {
			cp.OperatorRole = refOrValue(s)
			if role := m.roleRef(s); role != nil {
				cp.OperatorRole = role.ID
			}
		}
		if v := a.Get("vpc_config"); present(v) {
			cp.SubnetIDs = refList(v.Get("subnet_ids"))
			cp.SecurityGroupIDs = refList(v.Get("security_group_ids"))
		}
		k, why := text(a.Get("kms_key_arn"))
		if why != "" {
			cp.AddGap(inventory.FieldKMSKey, "kms_key_arn: "+why, "")
		}
		cp.KMSKey = refOrValue(k)
		m.e.CapacityProviders = append(m.e.CapacityProviders, cp)
	}
}

// webFunctionEndpoints reads aws_lambdaweb_function_endpoint resources
// (function_name, endpoint_name, endpoint_type, auth_type).
// https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/lambdaweb_function_endpoint
func (m *mapper) webFunctionEndpoints(byType map[string][]*Resource) {
	for _, r := range byType["aws_lambdaweb_function_endpoint"] {
		a := r.Attrs
		name, _ := text(a.Get("endpoint_name"))
		ep := &inventory.WebFunctionEndpoint{Resource: m.header(r, name)}
		fn, _ := text(a.Get("function_name"))
		ep.Function = refOrValue(fn)
		if s, why := text(a.Get("auth_type")); why != "" {
			ep.AddGap(inventory.FieldAuthType, "auth_type: "+why, "")
		} else {
			ep.AuthType = s
		}
		if s, why := text(a.Get("endpoint_type")); why != "" {
			ep.AddGap(inventory.FieldEndpointType, "endpoint_type: "+why, "")
		} else {
			ep.EndpointType = s
		}
		ep.Regions = a.Get("regions").Strings()
		m.e.WebFunctionEndpoints = append(m.e.WebFunctionEndpoints, ep)
	}
}

// webFunctions reads aws_lambdaweb_function resources and the
// aws_lambdaweb_resource_policy (resource_arn, policy) of each; a policy
// naming a function the module does not define makes a WebFunction of
// its own.
// https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/lambdaweb_resource_policy
func (m *mapper) webFunctions(byType map[string][]*Resource) {
	for _, r := range byType["aws_lambdaweb_function"] {
		name, _ := text(r.Attrs.Get("function_name"))
		m.e.WebFunctions = append(m.e.WebFunctions, &inventory.WebFunction{Resource: m.header(r, name)})
	}
	for _, r := range byType["aws_lambdaweb_function_revision"] {
		m.webFunctionRevision(r)
	}
	for _, r := range byType["aws_lambdaweb_resource_policy"] {
		target := refOrValue(r.Attrs.Get("resource_arn").Text())
		var wf *inventory.WebFunction
		for _, w := range m.e.WebFunctions {
			if w.ID == target || (w.ARN != "" && w.ARN == target) || (w.Name != "" && w.Name == target) {
				wf = w
			}
		}
		if wf == nil {
			wf = &inventory.WebFunction{Resource: inventory.Resource{ID: target, Name: inventory.Describe(target), Source: r.Source}}
			m.e.WebFunctions = append(m.e.WebFunctions, wf)
		}
		wf.Policy = m.policyOf("resource policy", r.Attrs.Get("policy"), &wf.Resource, inventory.FieldPermissions)
		if wf.Policy != nil {
			wf.Policy.Source = r.Source
		}
	}
}

// webFunctionRevision reads an aws_lambdaweb_function_revision: the
// execution role (service_config.execution_role_arn) of the Web Function
// its function_name names. A revision of a Web Function the module does
// not define makes a WebFunction of its own; a role that cannot be
// resolved is a FieldRole gap on the Web Function.
// https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/lambdaweb_function_revision
func (m *mapper) webFunctionRevision(r *Resource) {
	fn, _ := text(r.Attrs.Get("function_name"))
	target := refOrValue(fn)
	w := m.e.WebFunctionOf(target)
	if w == nil {
		w = &inventory.WebFunction{Resource: inventory.Resource{ID: target, Name: inventory.Describe(target), Source: r.Source}}
		m.e.WebFunctions = append(m.e.WebFunctions, w)
	}
	rev := inventory.WebFunctionRevision{ID: r.Address, Source: r.Source}
	if s, why := text(r.Attrs.Get("service_config").Get("execution_role_arn")); why != "" {
		w.AddGap(inventory.FieldRole, rev.ID+": service_config.execution_role_arn: "+why, "")
	} else {
		rev.Role = refOrValue(s)
		if role := m.roleRef(s); role != nil {
			rev.Role = role.ID
		}
	}
	w.Revisions = append(w.Revisions, rev)
}
