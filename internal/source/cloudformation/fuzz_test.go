package cloudformation

import (
	"errors"
	"os"
	"path/filepath"
	"runtime/debug"
	"testing"

	"github.com/lambdasec/lambdasec/internal/inventory"
)

// FuzzRead feeds arbitrary bytes to the template reader: it must return an
// estate or an *inventory.Diagnostic, never panic or hang. The seed corpus is the rule
// fixtures and the example application.
func FuzzRead(f *testing.F) {
	for _, pattern := range []string{"../../rules/testdata/*/*.yaml", "../../../examples/*/template.yaml"} {
		files, _ := filepath.Glob(pattern)
		for _, p := range files {
			if data, err := os.ReadFile(p); err == nil {
				f.Add(data)
			}
		}
	}
	f.Add([]byte(`{"Resources": {"A": {"Type": "AWS::SNS::Topic", "Properties": {"TopicName": {"Fn::Sub": "${AWS::Region}"}}}}}`))
	f.Add([]byte("Resources:\n  A: &a {Type: AWS::SQS::Queue}\n  B: *a\n"))
	f.Add([]byte("Transform: AWS::Serverless-2016-10-31\nGlobals: {Function: {Runtime: x}}\nResources:\n  F: {Type: AWS::Serverless::Function, Properties: {Events: {E: {Type: Api}}}}\n"))
	// A runaway recursion should fail fast with a stack trace, not grow
	// the stack to a gigabyte first.
	debug.SetMaxStack(64 << 20)
	f.Fuzz(func(t *testing.T, data []byte) {
		e, _, err := Read("fuzz.yaml", data)
		if err != nil {
			var fe *inventory.Diagnostic
			if !errors.As(err, &fe) {
				t.Fatalf("error %T is not an *inventory.Diagnostic: %v", err, err)
			}
			return
		}
		if e == nil {
			t.Fatal("nil estate without an error")
		}
	})
}
