package scan

import (
	"fmt"
	"slices"
	"testing"

	"github.com/lambdasec/lambdasec/internal/iampolicy"
	"github.com/lambdasec/lambdasec/internal/rules"
)

// TestTerraformExample scans examples/orders-tf, the Terraform quick-start
// application, and wants the findings the README promises of it.
func TestTerraformExample(t *testing.T) {
	l := Load([]string{"../../examples/orders-tf"}, Options{})
	if len(l.Skipped) > 0 || l.Read[KindTerraformDir] != 1 || len(l.Estates) != 1 {
		t.Fatalf("read %v, skipped %v", l.Read, l.Skipped)
	}
	if len(l.Estates[0].Functions) != 3 {
		t.Errorf("%d functions, want 3 (two for_each instances and the module's)", len(l.Estates[0].Functions))
	}
	var got []string
	for _, f := range rules.Run(l.Estates, rules.All(), judgeDay, &rules.Config{ManagedPolicies: iampolicy.BuiltinManagedPolicies()}) {
		got = append(got, fmt.Sprintf("%s %s %s", f.Rule.ID, f.Status, f.Resource))
	}
	for _, want := range []string{
		`LS104 FAIL aws_lambda_function.orders["get"]`,
		`LS302 FAIL aws_lambda_function.orders["get"]`,
		`LS501 FAIL aws_lambda_function.orders["export"]`,
		`LS103 FAIL aws_lambda_function.orders["export"]`,
		`LS202 FAIL aws_iam_role.orders`,
		`LS205 PASS aws_iam_role.orders`,
		`LS103 PASS module.notifier.aws_lambda_function.this[0]`,
		`LS601 PASS module.notifier.aws_lambda_function.this[0]`,
	} {
		if !slices.Contains(got, want) {
			t.Errorf("missing %s", want)
		}
	}
	if t.Failed() {
		t.Logf("got %v", got)
	}
}
