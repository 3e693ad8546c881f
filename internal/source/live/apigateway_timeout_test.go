package live

import (
	"testing"

	"github.com/lambdasec/lambdasec/internal/inventory"
)

// TestCollectIntegrationTimeouts checks what LS704 reads from the
// integrations: the timeout of each Lambda integration, and a non-proxy
// integration that invokes the function asynchronously.
func TestCollectIntegrationTimeouts(t *testing.T) {
	e := collectFixture(t, fixtureServer(t))
	routes := map[string]inventory.Route{}
	for _, a := range e.APIs {
		for _, rt := range a.Routes {
			routes[a.Name+" "+rt.Method+" "+rt.Path] = rt
		}
	}
	for key, want := range map[string]struct {
		ms    int
		async bool
	}{
		"orders-api POST /orders":        {29000, false},
		"orders-api DELETE /orders/{id}": {29000, true},
	} {
		rt, ok := routes[key]
		if !ok {
			t.Errorf("no route %s in %v", key, routes)
			continue
		}
		if rt.IntegrationTimeoutMs != want.ms || rt.AsyncInvoke != want.async || rt.Streaming {
			t.Errorf("%s: timeout %d ms, async %v, streaming %v; want %d ms, async %v", key, rt.IntegrationTimeoutMs, rt.AsyncInvoke, rt.Streaming, want.ms, want.async)
		}
	}
	n := 0
	for key, rt := range routes {
		if rt.Function != "" && rt.IntegrationTimeoutMs == 0 {
			t.Errorf("%s reaches %s but has no integration timeout", key, rt.Function)
		}
		if rt.Function != "" {
			n++
		}
	}
	if n < 4 {
		t.Errorf("only %d routes reach a function: %v", n, routes)
	}
}
