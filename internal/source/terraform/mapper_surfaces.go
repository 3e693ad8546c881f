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
