package cloudformation

import (
	"bytes"
	"os"
	"testing"
)

// TestEmbeddedTables checks that each gzipped table the binary embeds is
// the JSON beside it (run go generate ./internal/source/cloudformation
// after editing one).
func TestEmbeddedTables(t *testing.T) {
	for file, gz := range map[string][]byte{"samdata/policy_templates.json": policyTemplatesGz, "samdata/managed_policy_paths.json": managedPolicyPathsGz} {
		src, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(gunzip(gz), src) {
			t.Errorf("%s.gz is not %s: run go generate ./internal/source/cloudformation", file, file)
		}
	}
}
