package report

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/lambdasec/lambdasec/internal/iampolicy"
	"github.com/lambdasec/lambdasec/internal/inventory"
	"github.com/lambdasec/lambdasec/internal/rules"
	"github.com/lambdasec/lambdasec/internal/source/cloudformation"
)

// TestDefinedElsewhere: findings about a function the template does not
// define (a permission naming an ARN) are listed under "functions defined
// elsewhere" in the table, after the template's own functions and before
// other resources, and carry definedElsewhere in JSON and SARIF.
func TestDefinedElsewhere(t *testing.T) {
	const tmpl = `
Resources:
  Own:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: python3.13
      Handler: app.handler
      Role: arn:aws:iam::111122223333:role/r
      Code: {ZipFile: "def handler(e, c): pass"}
  OwnPermission:
    Type: AWS::Lambda::Permission
    Properties:
      FunctionName: !Ref Own
      Action: lambda:InvokeFunction
      Principal: "*"
  SharedPermission:
    Type: AWS::Lambda::Permission
    Properties:
      FunctionName: arn:aws:lambda:us-east-1:111122223333:function:shared-fn
      Action: lambda:InvokeFunction
      Principal: "*"
`
	e, _, err := cloudformation.Read("app.yaml", []byte(tmpl))
	if err != nil {
		t.Fatal(err)
	}
	fs := rules.Run([]*inventory.Estate{e}, []*rules.Rule{rules.ByID(rules.All(), "LS101")}, goldenNow,
		&rules.Config{ManagedPolicies: iampolicy.BuiltinManagedPolicies()})
	if len(fs) != 2 {
		t.Fatalf("%d findings, want 2 (Own and shared-fn): %+v", len(fs), fs)
	}
	opt := Options{BaseDir: ".", Rules: rules.All()}

	var table bytes.Buffer
	if err := Table(&table, fs, Summary{Files: 1, Estates: 1}, opt); err != nil {
		t.Fatal(err)
	}
	out := table.String()
	own, elsewhere := strings.Index(out, "  function Own\n"), strings.Index(out, "  functions defined elsewhere\n")
	if own < 0 || elsewhere < own || !strings.Contains(out[elsewhere:], "anyone can invoke shared-fn") {
		t.Errorf("table does not list shared-fn under its own heading after Own:\n%s", out)
	}

	var js bytes.Buffer
	if err := JSON(&js, fs, Summary{}, opt); err != nil {
		t.Fatal(err)
	}
	var rep struct {
		Findings []struct {
			Resource         string `json:"resource"`
			DefinedElsewhere bool   `json:"definedElsewhere"`
		} `json:"findings"`
	}
	if err := json.Unmarshal(js.Bytes(), &rep); err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for _, f := range rep.Findings {
		got[f.Resource] = f.DefinedElsewhere
	}
	if want := map[string]bool{"Own": false, "arn:aws:lambda:us-east-1:111122223333:function:shared-fn": true}; len(got) != 2 || got["Own"] != want["Own"] ||
		got["arn:aws:lambda:us-east-1:111122223333:function:shared-fn"] != true {
		t.Errorf("JSON definedElsewhere by resource %v, want %v", got, want)
	}

	var sarif bytes.Buffer
	if err := SARIF(&sarif, fs, Summary{}, opt); err != nil {
		t.Fatal(err)
	}
	var log sarifLog
	if err := json.Unmarshal(sarif.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	marked := map[string]any{}
	for _, r := range log.Runs[0].Results {
		marked[r.Properties["resource"].(string)] = r.Properties["definedElsewhere"]
	}
	if marked["arn:aws:lambda:us-east-1:111122223333:function:shared-fn"] != true || marked["Own"] != nil {
		t.Errorf("SARIF definedElsewhere property by resource %v", marked)
	}
}
