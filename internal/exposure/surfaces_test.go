package exposure_test

import (
	"slices"
	"testing"

	"github.com/lambdasec/lambdasec/internal/exposure"
	"github.com/lambdasec/lambdasec/internal/iampolicy"
	"github.com/lambdasec/lambdasec/internal/inventory"
)

// TestCoTenancyEdges: functions on one capacity provider are joined both
// ways; a function on another provider, and one on Lambda's own compute,
// are not.
func TestCoTenancyEdges(t *testing.T) {
	fn := func(name, provider string) string {
		s := "  " + name + ":\n    Type: AWS::Serverless::Function\n    Properties:\n      Runtime: python3.13\n      Handler: app.handler\n      CodeUri: src/\n"
		if provider != "" {
			s += "      CapacityProviderConfig:\n        Arn: !GetAtt " + provider + ".Arn\n"
		}
		return s
	}
	provider := func(name string) string {
		return "  " + name + ":\n    Type: AWS::Serverless::CapacityProvider\n    Properties:\n      VpcConfig: {SubnetIds: [subnet-1], SecurityGroupIds: [sg-1]}\n"
	}
	e := readString(t, provider("Shared")+provider("Other")+fn("Web", "Shared")+fn("Batch", "Shared")+fn("Alone", "Other")+fn("Plain", ""))
	g := exposure.New(e, inventory.NewIndex(e), iampolicy.BuiltinManagedPolicies()).Graph(exposure.GraphOptions{})
	for _, c := range []struct {
		from, to string
		want     bool
	}{
		{"fn:Web", "fn:Batch", true},
		{"fn:Batch", "fn:Web", true},
		{"fn:Web", "fn:Alone", false},
		{"fn:Alone", "fn:Web", false},
		{"fn:Plain", "fn:Web", false},
	} {
		if got := slices.Contains(g.Out(c.from), c.to); got != c.want {
			t.Errorf("edge %s -> %s: %v, want %v", c.from, c.to, got, c.want)
		}
	}
}
