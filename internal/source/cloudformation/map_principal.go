package cloudformation

import (
	"slices"

	"github.com/lambdasec/lambdasec/internal/inventory"
)

// usersAndGroups reads AWS::IAM::User and AWS::IAM::Group, then the
// resources that give them policies or members: AWS::IAM::Policy and
// AWS::IAM::ManagedPolicy (their Users and Groups), AWS::IAM::UserPolicy,
// AWS::IAM::GroupPolicy and AWS::IAM::UserToGroupAddition.
// https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-iam-user.html
// https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-iam-group.html
func (m *mapper) usersAndGroups(byType map[string][]*resource) {
	for _, res := range byType["AWS::IAM::Group"] {
		name, _ := text(res.props.get("GroupName"))
		g := &inventory.Group{Resource: m.header(res, name), Path: res.props.get("Path").text()}
		g.ARN = m.r.arnOf(res)
		g.InlinePolicies, g.ManagedPolicies, _ = m.identityPolicies(res, &g.Resource)
		m.e.Groups = append(m.e.Groups, g)
	}
	for _, res := range byType["AWS::IAM::User"] {
		name, _ := text(res.props.get("UserName"))
		u := &inventory.User{Resource: m.header(res, name), Path: res.props.get("Path").text()}
		u.ARN = m.r.arnOf(res)
		u.InlinePolicies, u.ManagedPolicies, u.PermissionsBoundary = m.identityPolicies(res, &u.Resource)
		for _, s := range res.props.get("Groups").strings() {
			u.Groups = append(u.Groups, m.groupID(s))
		}
		m.e.Users = append(m.e.Users, u)
	}
	for _, res := range byType["AWS::IAM::UserToGroupAddition"] {
		g := m.groupID(res.props.get("GroupName").text())
		for _, s := range res.props.get("Users").strings() {
			if u := m.user(s); u != nil && !slices.Contains(u.Groups, g) {
				u.Groups = append(u.Groups, g)
			}
		}
	}
	for _, res := range byType["AWS::IAM::ManagedPolicy"] {
		for _, s := range res.props.get("Users").strings() {
			if u := m.user(s); u != nil {
				u.ManagedPolicies = append(u.ManagedPolicies, res.id)
			}
		}
		for _, s := range res.props.get("Groups").strings() {
			if g := m.group(s); g != nil {
				g.ManagedPolicies = append(g.ManagedPolicies, res.id)
			}
		}
	}
	for _, typ := range []string{"AWS::IAM::Policy", "AWS::IAM::UserPolicy", "AWS::IAM::GroupPolicy"} {
		for _, res := range byType[typ] {
			m.principalPolicy(res)
		}
	}
}

// principalPolicy attaches an AWS::IAM::Policy (to each of its Users and
// Groups), an AWS::IAM::UserPolicy (to its UserName) or an
// AWS::IAM::GroupPolicy (to its GroupName) as an inline policy.
func (m *mapper) principalPolicy(res *resource) {
	p := res.props
	users, groups := p.get("Users").strings(), p.get("Groups").strings()
	switch res.typ {
	case "AWS::IAM::UserPolicy":
		users, groups = []string{p.get("UserName").text()}, nil
	case "AWS::IAM::GroupPolicy":
		users, groups = nil, []string{p.get("GroupName").text()}
	}
	name := p.get("PolicyName").text()
	for _, s := range users {
		if u := m.user(s); u != nil {
			if pol := m.policyOf(res, name, p.get("PolicyDocument"), &u.Resource, inventory.FieldPolicies); pol != nil {
				u.InlinePolicies = append(u.InlinePolicies, *pol)
			}
		}
	}
	for _, s := range groups {
		if g := m.group(s); g != nil {
			if pol := m.policyOf(res, name, p.get("PolicyDocument"), &g.Resource, inventory.FieldPolicies); pol != nil {
				g.InlinePolicies = append(g.InlinePolicies, *pol)
			}
		}
	}
}

// user finds the user a reference names: a Ref token (Ref of a user is
// its name), its name or its ARN.
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
