package report

import (
	"bytes"
	"encoding/json"
	"os"
	"regexp"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/lambdasec/lambdasec/internal/rules"
)

// TestSARIFSchema validates SARIF output against the official SARIF 2.1.0
// JSON schema. The schema is not kept in this repository: .ci/run fetches
// it (from Microsoft's SARIF SDK package on npm) and names it in
// LAMBDASEC_SARIF_SCHEMA; without it the test skips.
func TestSARIFSchema(t *testing.T) {
	path := os.Getenv("LAMBDASEC_SARIF_SCHEMA")
	if path == "" {
		t.Skip("LAMBDASEC_SARIF_SCHEMA not set (.ci/run sets it)")
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("sarif-2.1.0.json", doc); err != nil {
		t.Fatal(err)
	}
	schema, err := c.Compile("sarif-2.1.0.json")
	if err != nil {
		t.Fatal(err)
	}
	fs, sum := goldenFindings(t)
	fs = append(fs, shopFindings(t, shopTemplate)...) // exposure paths: "codeFlows" validated too
	// Mark one finding suppressed, so "suppressions" is validated too.
	for i := range fs {
		if fs[i].Status == rules.Fail {
			fs[i].Suppressed = &rules.Suppression{Kind: "inline", Reason: "accepted"}
			break
		}
	}
	var buf bytes.Buffer
	if err := SARIF(&buf, fs, sum, Options{Version: "1.0.0", BaseDir: ".", Rules: rules.All()}); err != nil {
		t.Fatal(err)
	}
	inst, err := jsonschema.UnmarshalJSON(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if err := schema.Validate(inst); err != nil {
		t.Errorf("SARIF output does not validate: %v", err)
	}
}

// TestASFFShape checks the ASFF output against the format's documented
// requirements: the required attributes, their formats and lengths, and
// the allowed values of the enumerations.
// https://docs.aws.amazon.com/securityhub/latest/userguide/securityhub-findings-format-syntax.html
func TestASFFShape(t *testing.T) {
	fs, sum := goldenFindings(t)
	for i := range fs {
		if fs[i].Status == rules.Fail {
			fs[i].Suppressed = &rules.Suppression{Kind: "config", Reason: "accepted"}
			break
		}
	}
	var buf bytes.Buffer
	if err := ASFF(&buf, fs, sum, Options{BaseDir: "."}, ASFFOptions{AccountID: "111122223333", Region: "eu-west-1"}); err != nil {
		t.Fatal(err)
	}
	var out []map[string]any
	if err := json.Unmarshal(buf.Bytes(), &out); err != nil {
		t.Fatal(err)
	}
	if len(out) == 0 || len(out) > 100 {
		t.Fatalf("%d findings (batch-import-findings takes 1 to 100)", len(out))
	}
	typeRE := regexp.MustCompile(`^(Software and Configuration Checks|TTPs|Effects|Unusual Behaviors|Sensitive Data Identifications)(/[^/]+){1,2}$`)
	arnRE := regexp.MustCompile(`^arn:aws:securityhub:[a-z0-9-]+:\d{12}:product/\d{12}/default$`)
	suppressed := 0
	for _, f := range out {
		for _, k := range []string{"SchemaVersion", "Id", "ProductArn", "GeneratorId", "AwsAccountId", "Types", "CreatedAt", "UpdatedAt", "Severity", "Title", "Description", "Resources"} {
			if _, ok := f[k]; !ok {
				t.Fatalf("finding lacks required %s: %v", k, f)
			}
		}
		if f["SchemaVersion"] != "2018-10-08" || !arnRE.MatchString(f["ProductArn"].(string)) || !regexp.MustCompile(`^\d{12}$`).MatchString(f["AwsAccountId"].(string)) {
			t.Errorf("bad header fields: %v %v %v", f["SchemaVersion"], f["ProductArn"], f["AwsAccountId"])
		}
		if len(f["Id"].(string)) > 512 || len(f["Title"].(string)) > 256 || len(f["Description"].(string)) > 1024 {
			t.Errorf("field too long in %v", f["Id"])
		}
		for _, ty := range f["Types"].([]any) {
			if !typeRE.MatchString(ty.(string)) {
				t.Errorf("type %q is not namespace/category/classifier", ty)
			}
		}
		for _, k := range []string{"CreatedAt", "UpdatedAt"} {
			if _, err := time.Parse(time.RFC3339, f[k].(string)); err != nil {
				t.Errorf("%s: %v", k, err)
			}
		}
		switch f["Severity"].(map[string]any)["Label"] {
		case "INFORMATIONAL", "LOW", "MEDIUM", "HIGH", "CRITICAL":
		default:
			t.Errorf("severity label %v", f["Severity"])
		}
		res := f["Resources"].([]any)
		if len(res) == 0 || len(res) > 32 {
			t.Errorf("resources %v", res)
		}
		for _, r := range res {
			m := r.(map[string]any)
			if m["Type"] == "" || m["Id"] == "" {
				t.Errorf("resource without type or id: %v", m)
			}
		}
		switch f["Workflow"].(map[string]any)["Status"] {
		case "NEW":
		case "SUPPRESSED":
			suppressed++
		default:
			t.Errorf("workflow %v", f["Workflow"])
		}
		switch f["Compliance"].(map[string]any)["Status"] {
		case "PASSED", "WARNING", "FAILED", "NOT_AVAILABLE":
		default:
			t.Errorf("compliance %v", f["Compliance"])
		}
		if f["RecordState"] != "ACTIVE" {
			t.Errorf("record state %v", f["RecordState"])
		}
	}
	if suppressed != 1 {
		t.Errorf("%d suppressed findings, want 1", suppressed)
	}
}

// TestCSVInjection checks that cells starting like a formula are
// neutralised.
func TestCSVInjection(t *testing.T) {
	for in, want := range map[string]string{"=cmd|' /C calc'!A0": "'=cmd|' /C calc'!A0", "+1": "'+1", "-2": "'-2", "@SUM(A1)": "'@SUM(A1)", "plain": "plain", "": ""} {
		if got := neutralize(in); got != want {
			t.Errorf("neutralize(%q) = %q, want %q", in, got, want)
		}
	}
}
