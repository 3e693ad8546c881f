package terraform

import (
	"slices"

	"github.com/lambdasec/lambdasec/internal/inventory"
)

// usersAndGroups reads aws_iam_user and aws_iam_group, then what gives them
// policies or members: aws_iam_user_policy, aws_iam_group_policy,
// aws_iam_user_policy_attachment, aws_iam_group_policy_attachment,
// aws_iam_policy_attachment (users, groups), aws_iam_user_group_membership
// and aws_iam_group_membership.
// https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/iam_user
// https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/iam_group
func (m *mapper) usersAndGroups(byType map[string][]*Resource) {
	for _, r := range byType["aws_iam_group"] {
		name, _ := text(r.Attrs.Get("name"))
		g := &inventory.Group{Resource: m.header(r, name)}
		g.ARN = arnOf(r.Type, r.Address, r.Attrs)
		g.Path, _ = text(r.Attrs.Get("path"))
		m.e.Groups = append(m.e.Groups, g)
	}
	for _, r := range byType["aws_iam_user"] {
		name, _ := text(r.Attrs.Get("name"))
		u := &inventory.User{Resource: m.header(r, name)}
		u.ARN = arnOf(r.Type, r.Address, r.Attrs)
		u.Path, _ = text(r.Attrs.Get("path"))
		if v := r.Attrs.Get("permissions_boundary"); present(v) {
			s, why := text(v)
			if why != "" {
				u.AddGap(inventory.FieldBoundary, "permissions_boundary: "+why, "")
			}
			u.PermissionsBoundary = m.policyRef(s)
		}
		m.e.Users = append(m.e.Users, u)
	}
	join := func(u *inventory.User, group string) {
		if g := m.groupID(group); !slices.Contains(u.Groups, g) {
			u.Groups = append(u.Groups, g)
		}
	}
	for _, r := range byType["aws_iam_user_group_membership"] {
		if u := m.user(r.Attrs.Get("user").Text()); u != nil {
			for _, g := range r.Attrs.Get("groups").Strings() {
				join(u, g)
			}
		}
	}
	for _, r := range byType["aws_iam_group_membership"] {
		for _, s := range r.Attrs.Get("users").Strings() {
			if u := m.user(s); u != nil {
				join(u, r.Attrs.Get("group").Text())
			}
		}
	}
	inline := func(r *Resource, h *inventory.Resource) *inventory.Policy {
		name, _ := text(r.Attrs.Get("name"))
		pol := m.policyOf(name, r.Attrs.Get("policy"), h, inventory.FieldPolicies)
		if pol != nil {
			pol.Source = r.Source
		}
		return pol
	}
	for _, r := range byType["aws_iam_user_policy"] {
		if u := m.user(r.Attrs.Get("user").Text()); u != nil {
			if pol := inline(r, &u.Resource); pol != nil {
				u.InlinePolicies = append(u.InlinePolicies, *pol)
			}
		}
	}
	for _, r := range byType["aws_iam_group_policy"] {
		if g := m.group(r.Attrs.Get("group").Text()); g != nil {
			if pol := inline(r, &g.Resource); pol != nil {
				g.InlinePolicies = append(g.InlinePolicies, *pol)
			}
		}
	}
	// attach adds r's policy_arn to the managed policies of h (a user's or
	// a group's), or a gap when it is not known.
	attach := func(r *Resource, h *inventory.Resource, list *[]string) {
		arn := r.Attrs.Get("policy_arn")
		if why, ok := arn.Unresolved(); ok {
			h.AddGap(inventory.FieldPolicies, r.Address+": "+why, "")
			return
		}
		*list = append(*list, m.policyRef(arn.Text()))
	}
	for _, r := range byType["aws_iam_user_policy_attachment"] {
		if u := m.user(r.Attrs.Get("user").Text()); u != nil {
			attach(r, &u.Resource, &u.ManagedPolicies)
		}
	}
	for _, r := range byType["aws_iam_group_policy_attachment"] {
		if g := m.group(r.Attrs.Get("group").Text()); g != nil {
			attach(r, &g.Resource, &g.ManagedPolicies)
		}
	}
	for _, r := range byType["aws_iam_policy_attachment"] {
		for _, s := range r.Attrs.Get("users").Strings() {
			if u := m.user(s); u != nil {
				attach(r, &u.Resource, &u.ManagedPolicies)
			}
		}
		for _, s := range r.Attrs.Get("groups").Strings() {
			if g := m.group(s); g != nil {
				attach(r, &g.Resource, &g.ManagedPolicies)
			}
		}
	}
}

// user finds the user a reference names: its address token, name or ARN.
func (m *mapper) user(s string) *inventory.User {
	id, _ := inventory.RefTarget(s)
	for _, u := range m.e.Users {
		if u.ID == id || (s != "" && (u.Name == s || u.ARN == s)) {
			return u
		}
	}
	return nil
}

// group finds the group a reference names, like user.
func (m *mapper) group(s string) *inventory.Group {
	id, _ := inventory.RefTarget(s)
	for _, g := range m.e.Groups {
		if g.ID == id || (s != "" && (g.Name == s || g.ARN == s)) {
			return g
		}
	}
	return nil
}

// groupID returns the ID of the estate's group a reference names, or the
// reference itself for a group defined elsewhere.
func (m *mapper) groupID(s string) string {
	if g := m.group(s); g != nil {
		return g.ID
	}
	return s
}
