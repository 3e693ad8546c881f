package exposure

import "github.com/lambdasec/lambdasec/internal/inventory"

// webRoleUsers returns, for each role of the estate a Web Function
// revision runs with (ServiceConfig.ExecutionRoleArn, service_config's
// execution_role_arn), the Web Functions that use it, each once, in
// estate order.
// https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-lambda-webfunctionrevision.html
func (a *Analysis) webRoleUsers() map[*inventory.Role][]*inventory.WebFunction {
	out := map[*inventory.Role][]*inventory.WebFunction{}
	for _, w := range a.Estate.WebFunctions {
		for _, rev := range w.Revisions {
			r := a.Index.Role(rev.Role)
			if r == nil {
				continue
			}
			if n := len(out[r]); n > 0 && out[r][n-1] == w {
				continue
			}
			out[r] = append(out[r], w)
		}
	}
	return out
}

// webPhantomRoles returns a view with no policies for each execution role
// a Web Function names that the estate does not hold (another stack's
// role: one view per Web Function and role), and for each Web Function
// whose role could not be resolved, with the reason, so the role rules
// say UNKNOWN for them as they do for a function's. A Web Function with
// no revision in the estate names no role, and gets none.
func (a *Analysis) webPhantomRoles() []*RoleView {
	var out []*RoleView
	for _, w := range a.Estate.WebFunctions {
		seen := map[string]bool{}
		for _, rev := range w.Revisions {
			if rev.Role == "" || seen[rev.Role] || a.Index.Role(rev.Role) != nil {
				continue
			}
			seen[rev.Role] = true
			why := "execution role " + inventory.Describe(rev.Role) + " of Web Function " + w.Label() + " is defined outside this estate"
			r := &inventory.Role{Resource: inventory.Resource{ID: rev.Role, Source: rev.Source, Skips: w.Skips}}
			out = append(out, &RoleView{Role: r, WebFunctions: []*inventory.WebFunction{w}, Unknown: []string{why}, External: true})
		}
		if g, ok := w.Gap(inventory.FieldRole); ok {
			r := &inventory.Role{Resource: inventory.Resource{ID: w.ID + " (role)", Source: w.Source, Skips: w.Skips}}
			out = append(out, &RoleView{Role: r, WebFunctions: []*inventory.WebFunction{w},
				Unknown: []string{"execution role of Web Function " + w.Label() + " is not known: " + g.Reason}, External: true})
		}
	}
	return out
}
