package inventory

// ListenerRoute is one action list of a load balancer listener — its
// default actions, or the actions of one listener rule — with the target
// groups it forwards to and whether it authenticates users first
// (an authenticate-cognito or authenticate-oidc action before the
// forward). A listener with one rule that authenticates and a default
// action that does not is open on the default.
// https://docs.aws.amazon.com/elasticloadbalancing/latest/application/listener-authenticate-users.html
type ListenerRoute struct {
	// Rule is the listener rule's ID (a logical ID, a Terraform address,
	// an ARN); "" for the listener's default actions.
	Rule          string   `json:"rule,omitempty"`
	Authenticates bool     `json:"authenticates,omitempty"`
	TargetGroups  []string `json:"targetGroups,omitempty"`
	Source        Source   `json:"source"`
}

// AllRoutes returns the listener's routes; for a listener read without
// them (a snapshot written before they were kept), one route made of the
// listener's own fields, which join every rule's.
func (l *Listener) AllRoutes() []ListenerRoute {
	if len(l.Routes) > 0 {
		return l.Routes
	}
	return []ListenerRoute{{Authenticates: l.Authenticates, TargetGroups: l.TargetGroups, Source: l.Source}}
}

// AddRoute appends r to the listener's routes and joins it into the
// listener's own fields (TargetGroups, Authenticates), which the rules
// that judge a listener as a whole read.
func (l *Listener) AddRoute(r ListenerRoute) {
	l.Routes = append(l.Routes, r)
	l.Authenticates = l.Authenticates || r.Authenticates
	for _, tg := range r.TargetGroups {
		found := false
		for _, x := range l.TargetGroups {
			found = found || x == tg
		}
		if !found {
			l.TargetGroups = append(l.TargetGroups, tg)
		}
	}
}
