package exposure_test

import (
	"fmt"
	"testing"

	"github.com/lambdasec/lambdasec/internal/exposure"
	"github.com/lambdasec/lambdasec/internal/iampolicy"
	"github.com/lambdasec/lambdasec/internal/inventory"
)

func TestChangesBy(t *testing.T) {
	doc := func(s string) inventory.Policy { return inventory.Policy{Name: "p", Document: []byte(s)} }
	fnARN := "arn:aws:lambda:eu-west-1:123456789012:function:api"
	e := &inventory.Estate{Account: "123456789012",
		Functions: []*inventory.Function{{Resource: inventory.Resource{ID: "Api", ARN: fnARN, Region: "eu-west-1"}, Role: "arn:aws:iam::123456789012:role/api"}},
		Users: []*inventory.User{
			{Resource: inventory.Resource{ID: "open", Name: "open"}, InlinePolicies: []inventory.Policy{
				doc(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["lambda:UpdateFunctionCode","iam:PassRole","lambda:CreateFunction"],"Resource":"*"}]}`)}},
			{Resource: inventory.Resource{ID: "mfa", Name: "mfa"}, InlinePolicies: []inventory.Policy{
				doc(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"lambda:UpdateFunctionConfiguration","Resource":"*","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}}]}`)}},
			{Resource: inventory.Resource{ID: "other", Name: "other"}, InlinePolicies: []inventory.Policy{
				doc(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"lambda:UpdateFunctionCode","Resource":"arn:aws:lambda:eu-west-1:123456789012:function:other"}]}`)}},
		},
		Roles: []*inventory.Role{
			{Resource: inventory.Resource{ID: "ci", Name: "ci"},
				TrustPolicy:    &inventory.Policy{Document: []byte(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"codebuild.amazonaws.com"},"Action":"sts:AssumeRole"}]}`)},
				InlinePolicies: []inventory.Policy{doc(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"lambda:*","Resource":"*"}]}`)}},
		},
	}
	a := exposure.New(e, inventory.NewIndex(e), iampolicy.BuiltinManagedPolicies())
	ps := a.Principals()
	if len(ps) != 4 {
		t.Fatalf("%d principals, want 3 users and 1 role", len(ps))
	}
	if ci := ps[3]; ci.Human || ci.TrustUnknown != "" {
		t.Errorf("role ci (trusted by CodeBuild): human %v, trust unknown %q; want a workload", ci.Human, ci.TrustUnknown)
	}
	type got struct {
		action     string
		withoutMFA bool
	}
	for _, tc := range []struct {
		p    *exposure.Principal
		want []got
	}{
		{ps[0], []got{{"lambda:UpdateFunctionCode", true}, {exposure.PassRoleCreate, true}}},
		{ps[1], []got{{"lambda:UpdateFunctionConfiguration", false}}},
		{ps[2], nil},
	} {
		var cs []got
		for _, c := range a.ChangesBy(tc.p) {
			if c.Function.ID != "Api" || len(c.Permits) == 0 {
				t.Errorf("%s: change %s on %s with %d permits", tc.p.Label(), c.Action, c.Function.ID, len(c.Permits))
			}
			cs = append(cs, got{c.Action, c.WithoutMFA})
		}
		if len(cs) != len(tc.want) {
			t.Errorf("%s: changes %v, want %v", tc.p.Label(), cs, tc.want)
			continue
		}
		for i := range cs {
			if cs[i] != tc.want[i] {
				t.Errorf("%s: change %d is %v, want %v", tc.p.Label(), i, cs[i], tc.want[i])
			}
		}
	}
}

// BenchmarkChanges judges who can change each function of an estate of
// 1,000 functions and 100 users (half with a Lambda write grant on "*",
// half with a read-only one): the work LS212 does per estate.
func BenchmarkChanges(b *testing.B) {
	e := &inventory.Estate{Account: "123456789012"}
	for i := range 1000 {
		arn := fmt.Sprintf("arn:aws:lambda:eu-west-1:123456789012:function:fn-%d", i)
		e.Functions = append(e.Functions, &inventory.Function{Resource: inventory.Resource{ID: arn, ARN: arn, Region: "eu-west-1"},
			Role: "arn:aws:iam::123456789012:role/fn"})
	}
	for i := range 100 {
		action := "lambda:Get*"
		if i%2 == 0 {
			action = "lambda:Update*"
		}
		doc := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"` + action + `","Resource":"*"}]}`
		e.Users = append(e.Users, &inventory.User{Resource: inventory.Resource{ID: fmt.Sprintf("u%d", i)},
			InlinePolicies: []inventory.Policy{{Name: "p", Document: []byte(doc)}}})
	}
	b.ReportAllocs()
	for b.Loop() {
		a := exposure.New(e, inventory.NewIndex(e), nil)
		n := 0
		for _, p := range a.Principals() {
			n += len(a.ChangesBy(p))
		}
		if n != 50*1000*2 {
			b.Fatalf("%d changes, want 100,000 (50 users x 1,000 functions x 2 actions)", n)
		}
	}
}
