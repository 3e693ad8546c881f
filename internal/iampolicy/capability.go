package iampolicy

// Permit is an Allow statement that may grant an action on a resource,
// with the conditions under which it does.
type Permit struct {
	StatementRef
	// Conditions are the statement's conditions; empty when the grant is
	// unconditional.
	Conditions []Condition
}

// MayAllow reports the Allow statements of identity-based policies that
// may grant action on resource in some request, for judging what a role
// can do rather than deciding one request: an Allow covering the action and
// resource counts whatever its conditions (they are returned with it), a
// Deny covering both without conditions removes every grant, and a Deny
// with conditions removes nothing (it may not apply). With a permissions
// boundary, the boundary must also may-allow the action, as AWS requires
// for identity-based permissions.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html
func MayAllow(identity []NamedPolicy, boundary *NamedPolicy, action, resource string) []Permit {
	permits, denied := mayAllow(identity, action, resource)
	if denied || len(permits) == 0 {
		return nil
	}
	if boundary != nil && boundary.Policy != nil {
		b, bDenied := mayAllow([]NamedPolicy{*boundary}, action, resource)
		if bDenied || len(b) == 0 {
			return nil
		}
	}
	return permits
}

func mayAllow(policies []NamedPolicy, action, resource string) ([]Permit, bool) {
	var out []Permit
	for _, np := range policies {
		if np.Policy == nil {
			continue
		}
		for i := range np.Policy.Statements {
			st := &np.Policy.Statements[i]
			if st.Principal != nil || st.NotPrincipal != nil {
				continue // not an identity-policy statement
			}
			if !st.CoversAction(action) || !st.CoversResource(resource) {
				continue
			}
			if st.Effect == Deny {
				if len(st.Conditions) == 0 {
					return nil, true
				}
				continue
			}
			out = append(out, Permit{StatementRef: StatementRef{Policy: np.Name, Index: st.Index, Sid: st.Sid}, Conditions: st.Conditions})
		}
	}
	return out, false
}
