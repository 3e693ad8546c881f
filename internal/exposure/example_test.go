package exposure_test

import (
	"fmt"

	"github.com/lambdasec/lambdasec/internal/exposure"
	"github.com/lambdasec/lambdasec/internal/inventory"
)

// ExampleAnalysis_ChangesBy lists who can change which function, and
// whether only with MFA: the "who can change a function" edges of the
// exposure graph.
func ExampleAnalysis_ChangesBy() {
	arn := "arn:aws:lambda:eu-west-1:123456789012:function:api"
	e := &inventory.Estate{Account: "123456789012",
		Functions: []*inventory.Function{{Resource: inventory.Resource{ID: "api", Name: "api", ARN: arn}}},
		Users: []*inventory.User{{Resource: inventory.Resource{ID: "dev", Name: "dev"}, InlinePolicies: []inventory.Policy{{Name: "deploy",
			Document: []byte(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"lambda:UpdateFunctionCode","Resource":"*"},
			{"Effect":"Allow","Action":"lambda:AddPermission","Resource":"*","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}}]}`)}}}},
	}
	a := exposure.New(e, inventory.NewIndex(e), nil)
	for _, p := range a.Principals() {
		for _, c := range a.ChangesBy(p) {
			fmt.Printf("%s (%s) may %s on %s; without MFA: %v\n", p.Label(), p.Why, c.Action, c.Function.Label(), c.WithoutMFA)
		}
	}
	// Output:
	// user dev (an IAM user) may lambda:UpdateFunctionCode on api; without MFA: true
	// user dev (an IAM user) may lambda:AddPermission on api; without MFA: false
}
