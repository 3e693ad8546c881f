package terraform

import (
	"errors"
	"github.com/lambdasec/lambdasec/internal/inventory"
	"os"
	"path/filepath"
	"runtime/debug"
	"testing"
	"time"
)

// FuzzReadDir feeds arbitrary bytes as a main.tf to the HCL reader (parse,
// evaluation, modules, mapping): it must
// return an estate or an *inventory.Diagnostic, never panic or hang. The seeds are the
// Terraform rule fixtures and the example application.
func FuzzReadDir(f *testing.F) {
	for _, pattern := range []string{"../../rules/testdata/*/*.tf", "../../../examples/*/*.tf"} {
		files, _ := filepath.Glob(pattern)
		for _, p := range files {
			if data, err := os.ReadFile(p); err == nil {
				f.Add(data)
			}
		}
	}
	f.Add([]byte(`locals { a = local.b
  b = local.a }
resource "aws_lambda_function" "f" { function_name = local.a }`))
	f.Add([]byte(`resource "aws_lambda_function" "f" {
  count = 3
  function_name = "f${count.index}"
  environment { variables = { K = templatefile("main.tf", {}) } }
}`))
	f.Add([]byte(`module "m" { source = "./" }`))
	debug.SetMaxStack(64 << 20)
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		type result struct {
			e   any
			err error
		}
		done := make(chan result, 1)
		go func() {
			e, err := readBytes(dir, filepath.Join(dir, "main.tf"), data)
			done <- result{e, err}
		}()
		var r result
		select {
		case r = <-done:
		case <-time.After(20 * time.Second):
			t.Fatalf("ReadDir hangs on %q", data)
		}
		e, err := r.e, r.err
		if err != nil {
			var te *inventory.Diagnostic
			if !errors.As(err, &te) {
				t.Fatalf("error %T is not an *inventory.Diagnostic: %v", err, err)
			}
			return
		}
		if e == nil {
			t.Fatal("nil estate without an error")
		}
	})
}

// FuzzReadPlan feeds arbitrary bytes to the plan/state reader: an estate
// or an error, never a panic.
func FuzzReadPlan(f *testing.F) {
	for _, pattern := range []string{"../../scan/testdata/equivalence/plan.json", "../../rules/testdata/*/*.json"} {
		files, _ := filepath.Glob(pattern)
		for _, p := range files {
			if data, err := os.ReadFile(p); err == nil && LooksLikePlan(data) {
				f.Add(data)
			}
		}
	}
	f.Add([]byte(`{"format_version":"1.0","values":{"root_module":{"resources":[{"address":"aws_lambda_function.f","mode":"managed","type":"aws_lambda_function","name":"f","values":{"function_name":"f","environment":[{"variables":{"A":"b"}}]}}],"child_modules":[{"address":"module.m","resources":[]}]}}}`))
	f.Add([]byte(`{"format_version":"1.2","planned_values":{"root_module":{"resources":[{"address":"aws_lambda_permission.p","type":"aws_lambda_permission","values":{}}]}},"resource_changes":[{"address":"aws_lambda_permission.p","change":{"after_unknown":{"function_name":true,"x":[true,{"y":[true]}]}}}],"configuration":{"root_module":{"resources":[{"address":"aws_lambda_permission.p","expressions":{"function_name":{"references":["aws_lambda_function.f.arn"]}}}]}}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		e, _, err := ReadPlan("fuzz.json", data)
		if err == nil && e == nil {
			t.Fatal("nil estate without an error")
		}
	})
}
