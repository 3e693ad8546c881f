package iampolicy

import (
	"bytes"
	"os"
	"testing"
)

// TestEmbeddedTables checks that each gzipped table the binary embeds is
// the JSON beside it (run go generate ./internal/iampolicy after editing one).
func TestEmbeddedTables(t *testing.T) {
	for file, gz := range map[string][]byte{"actions.json": actionsJSONgz, "managed_policies.json": builtinManagedGz} {
		src, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(gunzip(gz), src) {
			t.Errorf("%s.gz is not %s: run go generate ./internal/iampolicy", file, file)
		}
	}
}
