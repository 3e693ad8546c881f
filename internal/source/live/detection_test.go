package live

import (
	"slices"
	"testing"

	"github.com/lambdasec/lambdasec/internal/inventory"
)

// TestCollectDetection: the fixture account's metric filters, Config
// recorder and trail settings are read as the posture rules need them
// (TestCollectDataAndMonitoring checks the alarm on a custom metric).
func TestCollectDetection(t *testing.T) {
	e := collectFixture(t, fixtureServer(t))
	var filters []string
	for _, f := range e.MetricFilters {
		filters = append(filters, f.LogGroup+"/"+f.Name)
		if f.Pattern == "" || len(f.Metrics) != 1 || f.Metrics[0].Namespace != "CloudTrailMetrics" {
			t.Errorf("metric filter %s: pattern %q metrics %+v", f.Name, f.Pattern, f.Metrics)
		}
	}
	if want := []string{"CloudTrail/management-events/lambda-add-permission", "CloudTrail/management-events/lambda-url-created"}; !slices.Equal(filters, want) {
		t.Errorf("metric filters %v, want %v", filters, want)
	}
	if len(e.ConfigRecorders) != 1 || !e.ConfigRecorders[0].Records("AWS::Lambda::Function") || e.ConfigRecorders[0].Region != "us-east-1" {
		t.Errorf("config recorders %+v", e.ConfigRecorders)
	}
	trails := map[string]*inventory.Trail{}
	for _, tr := range e.Trails {
		trails[tr.Name] = tr
	}
	if m := trails["management-events"]; m == nil || !m.LogFileValidation || m.KMSKey == "" || m.LogGroup != "arn:aws:logs:us-east-1:111122223333:log-group:CloudTrail/management-events:*" {
		t.Errorf("management-events trail %+v", m)
	}
	if d := trails["lambda-data"]; d == nil || d.LogFileValidation || d.KMSKey != "" {
		t.Errorf("lambda-data trail %+v", d)
	}
}
