package live

import (
	"testing"

	"github.com/lambdasec/lambdasec/internal/inventory"
)

// TestCollectSurfaces: the fake account's capacity provider is read by
// ListCapacityProviders (once for the region), and the functions'
// CapacityProviderConfig and DurableConfig come with ListFunctions.
func TestCollectSurfaces(t *testing.T) {
	s := fixtureServer(t)
	e := collectFixture(t, s)
	const providerARN = "arn:aws:lambda:us-east-1:111122223333:capacity-provider:workers"
	if len(e.CapacityProviders) != 1 {
		t.Fatalf("capacity providers %+v, want workers", e.CapacityProviders)
	}
	cp := e.CapacityProviders[0]
	if cp.ID != providerARN || cp.Name != "workers" || cp.Region != "us-east-1" ||
		cp.OperatorRole != "arn:aws:iam::111122223333:role/lambda-operator" || cp.KMSKey != "" ||
		len(cp.SubnetIDs) != 1 || cp.SecurityGroupIDs[0] != "sg-0aaa" {
		t.Errorf("capacity provider %+v", cp)
	}
	if n := e.Calls["lambda:ListCapacityProviders"]; n != 1 {
		t.Errorf("ListCapacityProviders calls %d, want 1", n)
	}
	fns := map[string]*inventory.Function{}
	for _, f := range e.Functions {
		fns[f.Name] = f
	}
	if fns["worker"].CapacityProvider != providerARN || fns["thumbnail"].CapacityProvider != providerARN || fns["orders"].CapacityProvider != "" {
		t.Errorf("capacity providers of functions: worker %q thumbnail %q orders %q",
			fns["worker"].CapacityProvider, fns["thumbnail"].CapacityProvider, fns["orders"].CapacityProvider)
	}
	d := fns["worker"].Durable
	if d == nil || d.RetentionDays != 30 || d.ExecutionTimeout != 86400 || d.KMSKey != "" {
		t.Errorf("worker durable config %+v", d)
	}
	if fns["orders"].Durable != nil || fns["thumbnail"].TenantIsolation != "" {
		t.Errorf("orders or thumbnail has surfaces it does not use: %+v %+v", fns["orders"].FunctionSurfaces, fns["thumbnail"].FunctionSurfaces)
	}
}
