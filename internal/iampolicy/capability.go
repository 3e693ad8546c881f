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
// for identity-based permissions. It is MayAllowIn with no context.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html
func MayAllow(identity []NamedPolicy, boundary *NamedPolicy, action, resource string) []Permit {
	return MayAllowIn(identity, boundary, action, resource, nil)
}

// MayAllowIn is MayAllow for requests whose context is partly known: the
// keys ctx fixes (present with values, or mapped to nil: known absent) are
// decided with Condition.Holds, the others stay open. An Allow with a
// condition on a fixed key that does not hold cannot grant the request and
// is left out — iam:PassRole allowed only when iam:PassedToService is
// dax.amazonaws.com grants nothing for a request whose
// iam:PassedToService is lambda.amazonaws.com. A Deny applies to every
// such request when all its conditions are on fixed keys and hold; one
// with a condition on a fixed key that does not hold never applies; one
// with an open condition may not apply and removes nothing. A condition
// that fails to evaluate (a malformed value) is treated as open. The
// permits returned keep all their statements' conditions.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html#policy-eval-reqcontext
func MayAllowIn(identity []NamedPolicy, boundary *NamedPolicy, action, resource string, ctx Context) []Permit {
	permits, denied := mayAllow(identity, action, resource, ctx)
	if denied || len(permits) == 0 {
		return nil
	}
	if boundary != nil && boundary.Policy != nil {
		b, bDenied := mayAllow([]NamedPolicy{*boundary}, action, resource, ctx)
		if bDenied || len(b) == 0 {
			return nil
		}
	}
	return permits
}

// fixedConditions decides the conditions on the keys ctx fixes: false when
// one of them does not hold; open when some condition is on a key ctx
// leaves open (or could not be evaluated).
func fixedConditions(cs []Condition, ctx Context) (hold, open bool) {
	for _, c := range cs {
		if !ctx.fixes(c.Key) {
			open = true
			continue
		}
		ok, err := c.Holds(ctx)
		switch {
		case err != nil:
			open = true
		case !ok:
			return false, open
		}
	}
	return true, open
}

func mayAllow(policies []NamedPolicy, action, resource string, ctx Context) ([]Permit, bool) {
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
			hold, open := fixedConditions(st.Conditions, ctx)
			if !hold {
				continue // cannot apply to this request
			}
			if st.Effect == Deny {
				if !open {
					return nil, true
				}
				continue
			}
			out = append(out, Permit{StatementRef: StatementRef{Policy: np.Name, Index: st.Index, Sid: st.Sid}, Conditions: st.Conditions})
		}
	}
	return out, false
}
