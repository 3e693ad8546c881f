package terraform

import (
	"slices"
	"testing"
)

// TestProvisionedConcurrency checks that aws_lambda_provisioned_concurrency_config
// reaches its function: by the function's reference with an alias's
// reference as qualifier (the alias's name), by the function's name with
// a literal version, and with a qualifier that cannot be resolved; a
// configuration of a function the module does not define is left out.
func TestProvisionedConcurrency(t *testing.T) {
	e, _, _, err := ReadDir(writeDir(t, map[string]string{"main.tf": `
resource "aws_lambda_function" "api" {
  function_name = "api"
  role          = "arn:aws:iam::123456789012:role/r"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "api.zip"
  publish       = true
}
resource "aws_lambda_alias" "live" {
  name             = "live"
  function_name    = aws_lambda_function.api.function_name
  function_version = aws_lambda_function.api.version
}
resource "aws_lambda_provisioned_concurrency_config" "live" {
  function_name                     = aws_lambda_function.api.function_name
  qualifier                         = aws_lambda_alias.live.name
  provisioned_concurrent_executions = 5
}
resource "aws_lambda_provisioned_concurrency_config" "v1" {
  function_name                     = "api"
  qualifier                         = "1"
  provisioned_concurrent_executions = 1
}
resource "aws_lambda_provisioned_concurrency_config" "chosen" {
  function_name                     = aws_lambda_function.api.arn
  qualifier                         = var.qualifier
  provisioned_concurrent_executions = 1
}
resource "aws_lambda_provisioned_concurrency_config" "elsewhere" {
  function_name                     = "not-in-this-module"
  qualifier                         = "live"
  provisioned_concurrent_executions = 1
}
variable "qualifier" {
  type = string
}
`}))
	if err != nil {
		t.Fatal(err)
	}
	if len(e.Functions) != 1 {
		t.Fatalf("functions %d, want 1", len(e.Functions))
	}
	got := slices.Sorted(slices.Values(e.Functions[0].ProvisionedConcurrency))
	if want := []string{"(qualifier not resolved)", "1", "live"}; !slices.Equal(got, want) {
		t.Errorf("provisioned concurrency %q, want %q", got, want)
	}
}
