package internal_test

import (
	"os/exec"
	"strings"
	"testing"
)

// schemaFree are the aws-sdk-go-v2 service modules go.mod pins at their
// last release before schema-based (de)serialization (docs/binsize.md):
// a schema-serde release links the service's schemas package, whose init
// builds every shape of the service, whatever the client calls — 0.16 to
// 0.87 MB of binary each, measured. A go get that raises one past the
// pin makes this test fail; raise the pin only with the binary's size
// measured (bash .ci/binsize.sh) and docs/binsize.md updated.
var schemaFree = []string{"lambda", "configservice", "cloudwatchlogs", "cloudwatch", "kms", "organizations", "secretsmanager", "sqs", "sns", "eventbridge"}

func TestSDKPinsLinkNoSchemas(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list")
	}
	out, err := exec.Command("go", "list", "-deps", "../cmd/lambdasec").Output()
	if err != nil {
		t.Skipf("go list: %v", err)
	}
	deps := map[string]bool{}
	for _, p := range strings.Fields(string(out)) {
		deps[p] = true
	}
	if !deps["github.com/aws/aws-sdk-go-v2/service/lambda"] {
		t.Fatalf("go list -deps lists no lambda client: %d packages", len(deps))
	}
	for _, svc := range schemaFree {
		if p := "github.com/aws/aws-sdk-go-v2/service/" + svc + "/schemas"; deps[p] {
			t.Errorf("%s is linked: service/%s was raised past its pin in go.mod (see docs/binsize.md)", p, svc)
		}
	}
}
