package exposure

import (
	"github.com/lambdasec/lambdasec/internal/inventory"
)

// coTenant is one co-tenancy edge: the function node it leads to, the
// capacity provider the two functions share, and why sharing cannot be
// told when the provider of one of them is not known.
type coTenant struct {
	to       string
	provider string
	unknown  string
}

// coTenancy joins the functions that run on the same Lambda Managed
// Instances capacity provider, both ways: AWS says the capacity provider
// is the security boundary and containers on its instances are not, so
// code that runs in one function's container may reach the others (and
// their execution roles); "all functions assigned to the same capacity
// provider must be mutually trusted". The edges go from function node to
// function node, as the every-function hub's do. A function whose
// provider cannot be read (an unresolved parameter, a gap) may share one
// with any function on Managed Instances: it gets edges to and from each
// of them that say so, so a path through them is UNKNOWN. Providers are
// compared by the reference the functions give (a logical ID, an ARN).
// https://docs.aws.amazon.com/lambda/latest/dg/lambda-managed-instances-security.html
func (b *builder) coTenancy() {
	byProvider := map[string][]*inventory.Function{}
	var order []string
	var unsure []*inventory.Function
	for _, f := range b.a.Estate.Functions {
		if _, gap := f.Gap(inventory.FieldCapacity); gap {
			unsure = append(unsure, f)
			continue
		}
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
		name := inventory.Describe(p)
		for _, x := range fns {
			for _, y := range fns {
				if x != y {
					b.coTenantEdge(x, y, coTenant{provider: name}, "shares the instances of capacity provider "+name+" with")
				}
			}
		}
	}
	var managed []*inventory.Function
	for _, p := range order {
		managed = append(managed, byProvider[p]...)
	}
	managed = append(managed, unsure...)
	for _, u := range unsure {
		g, _ := u.Gap(inventory.FieldCapacity)
		why := "the capacity provider of " + u.Label() + " is not known: " + g.Reason
		for _, y := range managed {
			if y == u {
				continue
			}
			label := "may share the instances of a capacity provider (not known) with"
			b.coTenantEdge(u, y, coTenant{provider: "(not known)", unknown: why}, label)
			b.coTenantEdge(y, u, coTenant{provider: "(not known)", unknown: why}, label)
		}
	}
}

// coTenantEdge adds the co-tenancy edge from x to y, once.
func (b *builder) coTenantEdge(x, y *inventory.Function, ct coTenant, label string) {
	from, to := b.function(x, "").ID, b.function(y, "").ID
	if b.g.edges[[2]string{from, to}] {
		return
	}
	b.g.edge(from, to, label)
	ct.to = to
	if b.g.coTenants == nil {
		b.g.coTenants = map[string][]coTenant{}
	}
	b.g.coTenants[from] = append(b.g.coTenants[from], ct)
}

// viaCoTenants makes the paths that go on from function fn, reached
// through entry e (its role rn), to a function on the same capacity
// provider and that function's role's impacts, for the impact classes
// done does not hold yet; one path per class, the first such function in
// graph order. The co-tenancy hop is marked (Hop.CoTenancy) and says it
// is less certain than a direct hop: it takes an escape from fn's
// container onto the instance, which AWS does not treat as a security
// boundary but which is not a given either. A path through it scores
// below a direct path and a path through a change of the same severity
// and impact. A qualified function node (an alias, a version) shares its
// function's provider.
func (g *Graph) viaCoTenants(e, fn, rn *Node, done map[Impact]bool) []*Path {
	if fn.function == nil {
		return nil
	}
	var out []*Path
	for _, ct := range g.coTenants["fn:"+fn.function.ID] {
		fb := g.byID[ct.to]
		for _, rid := range g.out[fb.ID] {
			rb := g.byID[rid]
			if rb.Kind != NodeRole || rb.ID == rn.ID {
				continue
			}
			keep := g.keptImpacts(rb)
			for _, im := range keep {
				if done[im.Impact] {
					continue
				}
				done[im.Impact] = true
				hop := hopOf(fb)
				hop.CoTenancy = true
				hop.Detail = "co-tenancy hop, less certain than a direct one: runs on the instances of capacity provider " + ct.provider +
					" beside " + fn.function.Label() + ", and containers there are not a security boundary, so code that escapes " +
					fn.function.Label() + "'s container may act as this function's role"
				if ct.unknown != "" {
					hop.Unknown = ct.unknown
				}
				p := &Path{ID: e.ID + " ~> " + fb.ID + " -> " + string(im.Impact), Access: e.Access, Impact: im.Impact,
					Severity: pathSeverity(e.Access, im.Impact), Entry: e, Function: fn, Role: rn, CoTenant: fb, CoTenantRole: rb}
				p.Hops = []Hop{{Kind: NodeInternet, Label: g.byID[g.from(e.ID)].Label}, hopOf(e), hopOf(fn), hopOf(rn), hop, hopOf(rb), hopOf(im)}
				if im.Impact == ImpactInvokeAny {
					p.Hops = append(p.Hops, g.everyFunction(im))
				}
				switch {
				case e.Unknown != "":
					p.Unknown = e.Label + ": " + e.Unknown
				case ct.unknown != "":
					p.Unknown = ct.unknown
				case rb.Unknown != "":
					p.Unknown = "role " + rb.Label + ": " + rb.Unknown
				}
				p.Cut = cutOf(e, fn, rn, nil) + "; or run " + fn.function.Label() + " and " + fb.Label +
					" on capacity providers of their own (functions that do not trust each other must not share one)"
				p.Score = score(p.Severity, im.Impact.Rank(), e) - 8
				out = append(out, p)
			}
		}
	}
	return out
}
