package exposure

import "github.com/lambdasec/lambdasec/internal/inventory"

// coTenancy joins the functions that run on the same Lambda Managed
// Instances capacity provider, both ways: AWS says containers on a
// provider's instances are not a security boundary, so code that runs in
// one of them reaches the others (and their execution roles). The edges
// go from function node to function node, as the every-function hub's do.
// https://docs.aws.amazon.com/lambda/latest/dg/lambda-managed-instances-security.html
func (b *builder) coTenancy() {
	byProvider := map[string][]*inventory.Function{}
	var order []string
	for _, f := range b.a.Estate.Functions {
		if f.CapacityProvider == "" {
			continue
		}
		if _, ok := byProvider[f.CapacityProvider]; !ok {
			order = append(order, f.CapacityProvider)
		}
		byProvider[f.CapacityProvider] = append(byProvider[f.CapacityProvider], f)
	}
	for _, p := range order {
		fns := byProvider[p]
		label := "shares the instances of capacity provider " + inventory.Describe(p) + " with"
		for _, x := range fns {
			for _, y := range fns {
				if x != y {
					b.g.edge(b.function(x, "").ID, b.function(y, "").ID, label)
				}
			}
		}
	}
}
