package exposure_test

import (
	"strings"
	"testing"

	"github.com/lambdasec/lambdasec/internal/exposure"
	"github.com/lambdasec/lambdasec/internal/iampolicy"
	"github.com/lambdasec/lambdasec/internal/inventory"
)

func TestExecutionRoles(t *testing.T) {
	admin := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`
	role := &inventory.Role{Resource: inventory.Resource{ID: "AppRole"},
		InlinePolicies:  []inventory.Policy{{Name: "all", Document: []byte(admin)}, {Name: "broken", Document: []byte(`{"Statement":7}`)}},
		ManagedPolicies: []string{"arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole", "arn:aws:iam::123456789012:policy/team"}}
	unused := &inventory.Role{Resource: inventory.Resource{ID: "UnusedRole"}}
	e := &inventory.Estate{Account: "123456789012",
		Roles: []*inventory.Role{role, unused},
		Functions: []*inventory.Function{
			{Resource: inventory.Resource{ID: "App", Region: "eu-west-1"}, Role: "AppRole"},
			{Resource: inventory.Resource{ID: "Other"}, Role: "arn:aws:iam::123456789012:role/elsewhere"},
		}}
	a := exposure.New(e, inventory.NewIndex(e), iampolicy.BuiltinManagedPolicies())
	vs := a.ExecutionRoles()
	if len(vs) != 2 {
		t.Fatalf("%d views, want 2 (AppRole, and the role of Other; UnusedRole runs no function)", len(vs))
	}
	v := vs[0]
	if v.Role != role || len(v.Functions) != 1 || v.Region() != "eu-west-1" {
		t.Errorf("view of AppRole: role %s, %d functions, region %q", v.Role.ID, len(v.Functions), v.Region())
	}
	if len(v.Identity) != 2 || !v.AWSManaged["managed policy AWSLambdaBasicExecutionRole"] {
		t.Errorf("identity policies %d, AWS managed %v: want the inline one and AWSLambdaBasicExecutionRole, marked AWS managed", len(v.Identity), v.AWSManaged)
	}
	if len(v.Unknown) != 2 || !strings.Contains(v.Unknown[0], "inline policy broken does not parse") || !strings.Contains(v.Unknown[1], "policy/team is not known") {
		t.Errorf("unknown %q: want the broken inline policy and the unknown managed one", v.Unknown)
	}
	if !a.RiskSet(v)[exposure.FullAdmin] {
		t.Error("Action * on * is not full admin")
	}
	if o := vs[1]; !o.External || o.Role.ID != "arn:aws:iam::123456789012:role/elsewhere" || !strings.Contains(o.Unknown[0], "defined outside this estate") {
		t.Errorf("view of Other's role: external %v, ID %s, unknown %q", o.External, o.Role.ID, o.Unknown)
	}
}
