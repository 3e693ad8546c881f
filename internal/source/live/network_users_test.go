package live

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/lambdasec/lambdasec/internal/inventory"
	"github.com/lambdasec/lambdasec/internal/rules"
	"github.com/lambdasec/lambdasec/internal/source/live/awstest"
)

// TestCollectGroupUsers reads the network interfaces of the functions'
// security groups: Lambda's own are left out, an RDS interface makes the
// group shared (LS408 FAIL, LS402 sees a non-Lambda user).
func TestCollectGroupUsers(t *testing.T) {
	e := collectFixture(t, fixtureServer(t))
	var g *inventory.SecurityGroup
	for _, sg := range e.SecurityGroups {
		if sg.Name == "sg-0aaa" {
			g = sg
		}
	}
	if g == nil {
		t.Fatalf("no sg-0aaa in %+v", e.SecurityGroups)
	}
	if !g.UsersKnown || !slices.Equal(g.AttachedTo, []string{"interface eni-0f1a2b3c4d5e6f702 (RDSNetworkInterface)"}) {
		t.Errorf("sg-0aaa users known %v, attached to %q", g.UsersKnown, g.AttachedTo)
	}
	if e.Calls["ec2:DescribeNetworkInterfaces"] != 1 {
		t.Errorf("calls %v", e.Calls)
	}
	found := false
	for _, f := range rules.Run([]*inventory.Estate{e}, rules.All(), time.Now(), nil) {
		if f.Rule.ID == "LS408" && f.Resource == fnThumbnail {
			found = true
			if f.Status != rules.Fail || !strings.Contains(f.Message, "RDSNetworkInterface") {
				t.Errorf("LS408 on %s: %s %s", f.Resource, f.Status, f.Message)
			}
		}
	}
	if !found {
		t.Errorf("no LS408 result for %s", fnThumbnail)
	}
}

// TestGroupUsersDenied: when the interfaces cannot be read, what shares the
// group is not known, and LS408 says UNKNOWN with the reason.
func TestGroupUsersDenied(t *testing.T) {
	s := fixtureServer(t)
	s.Handle("ec2", "DescribeNetworkInterfaces", awstest.AccessDenied)
	e := collectFixture(t, s)
	for _, g := range e.SecurityGroups {
		if gp, ok := g.Gap(inventory.FieldGroupUsers); !ok || gp.Kind != inventory.GapDenied || g.UsersKnown || len(g.AttachedTo) != 0 {
			t.Errorf("%s: gaps %+v, users known %v, attached %v", g.Name, g.Gaps, g.UsersKnown, g.AttachedTo)
		}
	}
	for _, f := range rules.Run([]*inventory.Estate{e}, rules.All(), time.Now(), nil) {
		if f.Rule.ID == "LS408" && f.Resource == fnThumbnail && (f.Status != rules.Unknown || !strings.Contains(f.Message, "could not be read")) {
			t.Errorf("LS408: %s %s", f.Status, f.Message)
		}
	}
}
