package live

import (
	"strings"
	"testing"

	"github.com/lambdasec/lambdasec/internal/inventory"
	"github.com/lambdasec/lambdasec/internal/source/live/awstest"
)

// TestCollectEventRules: the default bus's rules with an event pattern
// become EventRules with their state and target count (the scheduled rule
// is not kept), and the bus's policy an Other.
func TestCollectEventRules(t *testing.T) {
	s := fixtureServer(t)
	e := collectFixture(t, s)
	got := map[string]*inventory.EventRule{}
	for _, r := range e.EventRules {
		got[r.Name] = r
	}
	if len(got) != 2 {
		t.Fatalf("event rules %v, want the two with an event pattern", got)
	}
	if r := got["lambda-url-created-alert"]; r == nil || r.Enabled || r.Targets != 1 || !strings.Contains(r.Pattern, "CreateFunctionUrlConfig") {
		t.Errorf("alert rule %+v", r)
	}
	if r := got["order-placed"]; r == nil || !r.Enabled || r.Targets != 2 || r.ID != "arn:aws:events:us-east-1:111122223333:rule/order-placed" {
		t.Errorf("order rule %+v", r)
	}
	bus := otherByID(e, "arn:aws:events:us-east-1:111122223333:event-bus/default")
	if bus == nil || bus.Policy == nil || !strings.Contains(string(bus.Policy.Document), "PartnerPutEvents") {
		t.Errorf("default bus %+v", bus)
	}
	var orders *inventory.Trigger
	for _, tr := range e.Triggers {
		if tr.Type == inventory.TriggerEventBridge {
			orders = tr
		}
	}
	if orders == nil || orders.Qualifier != "live" || !orders.Enabled || orders.Name != "fulfil" {
		t.Errorf("the order-placed rule's function target: %+v", orders)
	}
}

// TestEventRulesDenied: denied targets leave the rule with Targets -1
// and a gap; a denied listing is a gap of the region LS607 reads.
func TestEventRulesDenied(t *testing.T) {
	s := fixtureServer(t)
	s.Handle("events", "ListTargetsByRule", awstest.AccessDenied)
	e := collectFixture(t, s)
	for _, r := range e.EventRules {
		if g, ok := r.Gap(inventory.FieldTargets); r.Targets != -1 || !ok || g.Kind != inventory.GapDenied {
			t.Errorf("rule %s: targets %d gap %+v", r.Name, r.Targets, g)
		}
	}

	s = fixtureServer(t)
	s.Handle("events", "ListRules", awstest.AccessDenied)
	e = collectFixture(t, s)
	found := false
	for _, g := range e.Gaps {
		found = found || g.Field == "event rules in us-east-1" && g.Kind == inventory.GapDenied && g.Call == "eventbridge:ListRules"
	}
	if !found || len(e.EventRules) != 0 {
		t.Errorf("denied ListRules: gaps %+v, rules %d", e.Gaps, len(e.EventRules))
	}
}
