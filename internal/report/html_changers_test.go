package report

import (
	"bytes"
	"html"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/lambdasec/lambdasec/internal/iampolicy"
	"github.com/lambdasec/lambdasec/internal/inventory"
	"github.com/lambdasec/lambdasec/internal/rules"
	"github.com/lambdasec/lambdasec/internal/source/cloudformation"
)

// TestHTMLExposureChangers checks the exposure view names who may change
// a path's function, and draws a path through a change (a public
// function whose role may update another function's code) with every
// hop linking to a finding of the page.
func TestHTMLExposureChangers(t *testing.T) {
	const tpl = `AWSTemplateFormatVersion: "2010-09-09"
Transform: AWS::Serverless-2016-10-31
Resources:
  Front:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.13
      Handler: app.handler
      CodeUri: src/
      Policies:
        - Statement:
            - {Effect: Allow, Action: lambda:UpdateFunctionCode, Resource: !GetAtt Back.Arn}
      Events:
        Get: {Type: Api, Properties: {Path: /front, Method: get}}
  Back:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.13
      Handler: app.handler
      CodeUri: src/
      Policies: [AdministratorAccess]
  Deployer:
    Type: AWS::IAM::User
    Properties:
      Policies:
        - PolicyName: deploy
          PolicyDocument:
            Statement:
              - {Effect: Allow, Action: lambda:UpdateFunctionConfiguration, Resource: !GetAtt Front.Arn}
`
	e, _, err := cloudformation.Read("t.yaml", []byte(tpl))
	if err != nil {
		t.Fatal(err)
	}
	fs := rules.Run([]*inventory.Estate{e}, rules.All(), goldenNow, &rules.Config{ManagedPolicies: iampolicy.BuiltinManagedPolicies()})
	var buf bytes.Buffer
	if err := Write(&buf, "html", fs, Summary{}, Options{}); err != nil {
		t.Fatal(err)
	}
	view, ok := between(buf.String(), `<section id="exposure">`, "</section>")
	if !ok || !strings.Contains(view, "<svg") {
		t.Fatal("no exposure view with an SVG")
	}
	if !strings.Contains(view, "can be changed by: user Deployer (UpdateFunctionConfiguration; without MFA)") {
		t.Errorf("the view does not say Deployer may change Front without MFA:\n%s", view)
	}
	for _, hop := range []string{">Front<", ">FrontRole<", ">Back<", ">BackRole<", ">full admin<"} {
		if !strings.Contains(view, hop) {
			t.Errorf("the path list has no hop %s", hop)
		}
	}
	found := map[[2]string]bool{}
	for _, f := range fs {
		if f.Status != rules.Pass {
			found[[2]string{f.Rule.ID, f.Resource}] = true
		}
	}
	for _, m := range regexp.MustCompile(`href="#([^"]+)"`).FindAllStringSubmatch(view, -1) {
		q, err := url.ParseQuery(html.UnescapeString(m[1]))
		if err != nil || !found[[2]string{q.Get("rule"), q.Get("q")}] {
			t.Errorf("link to #%s, which is no finding of the page", m[1])
		}
	}
}
