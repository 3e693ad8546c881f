package live

import (
	"fmt"
	"slices"
	"testing"
)

// TestCollectAPICORS checks that the CORS headers of a REST API's gateway
// responses and OPTIONS integration responses, and an HTTP API's CORS
// configuration, are read.
func TestCollectAPICORS(t *testing.T) {
	e := collectFixture(t, fixtureServer(t))
	var got []string
	for _, id := range []string{ordersAPI, jobsAPI} {
		for _, c := range apiByID(t, e, id).CORS {
			got = append(got, fmt.Sprintf("%s %v reflected=%v credentials=%v", c.Where, c.AllowOrigins, c.OriginReflected, c.AllowCredentials))
		}
	}
	want := []string{
		"OPTIONS /orders/{id} integration response [*] reflected=false credentials=false",
		"gateway response DEFAULT_4XX [] reflected=true credentials=true",
		"CorsConfiguration [https://app.example.com] reflected=false credentials=true",
	}
	if !slices.Equal(got, want) {
		t.Errorf("CORS\n got %q\nwant %q", got, want)
	}
	if n := e.Calls["api gateway:GetGatewayResponses"]; n != 2 {
		t.Errorf("GetGatewayResponses calls %d, want 2 (one per REST API)", n)
	}
}
