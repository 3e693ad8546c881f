package live

import (
	"slices"
	"testing"
)

// TestCollectRouteIntegrations checks the integration type of every route
// the fake account's APIs have: GetResources' methodIntegration.type for
// REST methods, GetIntegrations' IntegrationType for the integration an
// HTTP route targets.
func TestCollectRouteIntegrations(t *testing.T) {
	e := collectFixture(t, fixtureServer(t))
	lines := func(id string) []string {
		var out []string
		for _, rt := range apiByID(t, e, id).Routes {
			out = append(out, rt.Method+" "+rt.Path+" "+rt.Integration)
		}
		return out
	}
	if got, want := lines(ordersAPI), []string{"GET /orders AWS_PROXY", "POST /orders AWS_PROXY", "DELETE /orders/{id} AWS", "OPTIONS /orders/{id} MOCK"}; !slices.Equal(got, want) {
		t.Errorf("REST integrations\n got %q\nwant %q", got, want)
	}
	if got, want := lines(jobsAPI), []string{"ANY $default AWS_PROXY", "GET /jobs AWS_PROXY", "GET /status HTTP_PROXY"}; !slices.Equal(got, want) {
		t.Errorf("HTTP integrations\n got %q\nwant %q", got, want)
	}
}
