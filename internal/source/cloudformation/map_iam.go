package cloudformation

import (
	"github.com/lambdasec/lambdasec/internal/inventory"
)

// policyOf builds an inventory policy from a resolved document, recording
// a gap on h when it cannot be read.
func (m *mapper) policyOf(res *resource, name string, doc *value, h *inventory.Resource, field string) *inventory.Policy {
	b, srcs, why := docJSON(doc, m, res)
	if why != "" {
		label := name
		if label == "" {
			label = field
		}
		h.AddGap(field, label+": "+why, "")
		if b == nil {
			return nil
		}
	}
	return &inventory.Policy{Name: name, Document: b, Source: m.src(res, doc), StatementSources: srcs}
}

func (m *mapper) role(res *resource) {
	p := res.props
	name, why := text(p.get("RoleName"))
	r := &inventory.Role{Resource: m.header(res, name)}
	if why != "" {
		r.AddGap(inventory.FieldName, "RoleName: "+why, "")
	}
	r.ARN = m.r.arnOf(res)
	r.Path = p.get("Path").text()
	if d := p.get("AssumeRolePolicyDocument"); d != nil {
		r.TrustPolicy = m.policyOf(res, "trust policy", d, &r.Resource, inventory.FieldTrustPolicy)
	} else {
		r.AddGap(inventory.FieldTrustPolicy, "no AssumeRolePolicyDocument", "")
	}
	r.InlinePolicies, r.ManagedPolicies, r.PermissionsBoundary = m.identityPolicies(res, &r.Resource)
	m.e.Roles = append(m.e.Roles, r)
	m.roles[res.id] = r
	m.roleARN[r.ARN] = r
	if name != "" {
		m.roleARN[name] = r
	}
}

// roleRef finds the role a reference names: a Ref token (Ref of a role is
// its name), a role ARN or a role name.
func (m *mapper) roleRef(s string) *inventory.Role {
	if id, ok := inventory.RefTarget(s); ok {
		return m.roles[id]
	}
	if r := m.roleARN[s]; r != nil {
		return r
	}
	if name, ok := inventory.RoleNameFromARN(s); ok {
		if r := m.roleARN[name]; r != nil {
			return r
		}
		if id, ok := inventory.RefTarget(name); ok {
			return m.roles[id]
		}
	}
	return nil
}

func (m *mapper) managedPolicy(res *resource) {
	p := res.props
	name, _ := text(p.get("ManagedPolicyName"))
	mp := &inventory.ManagedPolicy{Resource: m.header(res, name)}
	mp.ARN = m.r.arnOf(res)
	if pol := m.policyOf(res, res.id, p.get("PolicyDocument"), &mp.Resource, inventory.FieldPolicies); pol != nil {
		pol.ARN = mp.ARN
		mp.Policy = *pol
	}
	m.e.ManagedPolicies = append(m.e.ManagedPolicies, mp)
	for _, s := range p.get("Roles").strings() {
		if r := m.roleRef(s); r != nil {
			r.ManagedPolicies = append(r.ManagedPolicies, res.id)
		}
	}
}

// inlinePolicy attaches an AWS::IAM::Policy (to each of its Roles) or an
// AWS::IAM::RolePolicy (to its RoleName) as an inline policy of the role.
func (m *mapper) inlinePolicy(res *resource) {
	p := res.props
	roles := p.get("Roles").strings()
	if res.typ == "AWS::IAM::RolePolicy" {
		roles = []string{p.get("RoleName").text()}
	}
	name := p.get("PolicyName").text()
	for _, s := range roles {
		r := m.roleRef(s)
		if r == nil {
			continue
		}
		if pol := m.policyOf(res, name, p.get("PolicyDocument"), &r.Resource, inventory.FieldPolicies); pol != nil {
			r.InlinePolicies = append(r.InlinePolicies, *pol)
		}
	}
}

// identityPolicies reads the policy properties roles, users and groups
// share — Policies (inline), ManagedPolicyArns and PermissionsBoundary —
// recording on h what cannot be read.
func (m *mapper) identityPolicies(res *resource, h *inventory.Resource) (inline []inventory.Policy, managed []string, boundary string) {
	p := res.props
	pols := p.get("Policies")
	if pols != nil && pols.kind == kindScalar {
		_, why := text(pols)
		h.AddGap(inventory.FieldPolicies, "Policies: "+why, "")
	}
	for _, it := range pols.items() {
		if it.kind != kindMap {
			_, why := text(it)
			h.AddGap(inventory.FieldPolicies, "a Policies entry: "+why, "")
			continue
		}
		pn := it.get("PolicyName").text()
		if pol := m.policyOf(res, pn, it.get("PolicyDocument"), h, inventory.FieldPolicies); pol != nil {
			pol.SAMTemplate = it.get(samTemplateKey).text()
			inline = append(inline, *pol)
		}
	}
	mp := p.get("ManagedPolicyArns")
	if mp != nil && mp.kind == kindScalar {
		if _, why := text(mp); why != "" {
			h.AddGap(inventory.FieldPolicies, "ManagedPolicyArns: "+why, "")
		}
	}
	for _, s := range mp.strings() {
		if why, ok := inventory.UnresolvedReason(s); ok {
			h.AddGap(inventory.FieldPolicies, "a managed policy ARN: "+why, "")
			continue
		}
		managed = append(managed, refOrValue(s))
	}
	if v := p.get("PermissionsBoundary"); v != nil {
		s, why := text(v)
		if why != "" {
			h.AddGap(inventory.FieldBoundary, why, "")
		}
		boundary = refOrValue(s)
	}
	return inline, managed, boundary
}
