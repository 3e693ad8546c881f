package rules

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"testing"
)

// TestFingerprintBytes checks Fingerprint hashes what its doc comment
// says, written with fmt as a reference: baselines written by earlier
// versions keep matching.
func TestFingerprintBytes(t *testing.T) {
	for _, res := range []Result{
		{Kind: KindFunction, Resource: "Fn", Status: Fail},
		{Kind: KindRole, Resource: "Role", Status: Unknown, Evidence: []Evidence{{Label: "a", Value: "b=c"}, {Label: "", Value: "\x00"}}},
		{},
	} {
		h := sha256.New()
		fmt.Fprintf(h, "%s\x00%s\x00%s\x00%s\x00%s", "LS101", "stack", res.Kind, res.Resource, res.Status)
		for _, ev := range res.Evidence {
			fmt.Fprintf(h, "\x00%s=%s", ev.Label, ev.Value)
		}
		want := hex.EncodeToString(h.Sum(nil))[:32]
		if got := Fingerprint("LS101", "stack", res); got != want {
			t.Errorf("Fingerprint(%+v) = %s, want %s", res, got, want)
		}
	}
}
