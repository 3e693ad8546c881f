package cloudformation

import (
	"bytes"
	"os"
	"testing"
)

// TestEmbeddedSAMData: each gzipped table the binary embeds is its JSON
// file, byte for byte.
func TestEmbeddedSAMData(t *testing.T) {
	for file, gz := range map[string][]byte{"samdata/policy_templates.json": policyTemplatesJSON, "samdata/managed_policy_paths.json": managedPolicyPathsJSON} {
		src, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		data, err := gunzip(gz)
		if err != nil || !bytes.Equal(data, src) {
			t.Errorf("%s.gz is not %s (%v): run go generate ./internal/source/cloudformation", file, file, err)
		}
	}
}
