package terraform

import (
	"testing"
)

// TestLambdaModuleTenancyAndProvisioned checks that a registry call of
// terraform-aws-modules/lambda/aws with tenant_isolation_mode and
// provisioned_concurrent_executions gives the function what the module
// creates: tenancy_config PER_TENANT and a provisioned concurrency
// configuration on its published version; with the defaults (false, -1)
// neither, and an unresolved count claims none.
func TestLambdaModuleTenancyAndProvisioned(t *testing.T) {
	for _, tc := range []struct {
		name, inputs string
		tenancy      string
		provisioned  int
	}{
		{"set", "tenant_isolation_mode = true\n  provisioned_concurrent_executions = 2\n  publish = true", "PER_TENANT", 1},
		{"zero", "provisioned_concurrent_executions = 0\n  publish = true", "", 1},
		{"defaults", "publish = true", "", 0},
		{"unresolved", "provisioned_concurrent_executions = var.pc", "", 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e, _, _, err := ReadDir(writeDir(t, map[string]string{"main.tf": `
variable "pc" {
  type = number
}
module "fn" {
  source        = "terraform-aws-modules/lambda/aws"
  function_name = "tenant-api"
  handler       = "app.handler"
  runtime       = "python3.13"
  ` + tc.inputs + `
}
`}))
			if err != nil {
				t.Fatal(err)
			}
			if len(e.Functions) != 1 {
				t.Fatalf("%d functions, want 1", len(e.Functions))
			}
			f := e.Functions[0]
			if f.TenantIsolation != tc.tenancy {
				t.Errorf("TenantIsolation = %q, want %q", f.TenantIsolation, tc.tenancy)
			}
			if len(f.ProvisionedConcurrency) != tc.provisioned {
				t.Errorf("ProvisionedConcurrency = %q, want %d entries", f.ProvisionedConcurrency, tc.provisioned)
			}
		})
	}
}
