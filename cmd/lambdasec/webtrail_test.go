package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestScanWebEndpointTrail runs LS617 from the command line: the example's
// MultiRegion endpoint is UNKNOWN (the template defines no trail, which
// usually lives elsewhere), one whose only Web Function trail is
// single-Region fails at medium and, with --fail-on medium, sets the exit
// code; explain shows the AWS page the rule rests on.
func TestScanWebEndpointTrail(t *testing.T) {
	example := filepath.Join("..", "..", "examples", "lambda-2026-surfaces")
	got := surfaceFindings(t, exitOK, "scan", "--no-color", "--format", "json", "--show-pass", "--rule", "LS617", example)
	checkSurfaceFindings(t, got, []surfaceFinding{
		{RuleID: "LS617", Status: "UNKNOWN", Resource: "SiteEndpoint", Message: "the template defines no CloudTrail trail"},
	})
	if len(got) != 1 {
		t.Errorf("LS617 on the example: %d findings, want 1 (SiteEndpoint): %+v", len(got), got)
	}

	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "template.yaml"), `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Site:
    Type: AWS::Lambda::WebFunction
    Properties:
      FunctionName: site
  Global:
    Type: AWS::Lambda::WebFunctionEndpoint
    Properties:
      FunctionName: !Ref Site
      EndpointName: prod
      EndpointType: PerRegion
      Regions: [eu-west-1]
      AuthType: IamAuth
  Trail:
    Type: AWS::CloudTrail::Trail
    Properties:
      IsLogging: true
      S3BucketName: trail-bucket
      AdvancedEventSelectors:
        - FieldSelectors:
            - {Field: eventCategory, Equals: [Data]}
            - {Field: resources.type, Equals: [AWS::Lambda::WebFunction]}
`)
	got = surfaceFindings(t, exitFindings, "scan", "--no-color", "--format", "json", "--rule", "LS617", "--fail-on", "medium", dir)
	checkSurfaceFindings(t, got, []surfaceFinding{
		{RuleID: "LS617", Status: "FAIL", Severity: "medium", Resource: "Global", Message: "its invocations served in eu-west-1 are not recorded"},
	})

	code, out, stderr := runCmd(t, "explain", "LS617")
	if code != exitOK || !strings.Contains(out, "https://docs.aws.amazon.com/lambda/latest/dg/web-functions-logging-cloudtrail.html") {
		t.Errorf("explain LS617: exit %d, output lacks the Web Function CloudTrail page: %s%s", code, out, stderr)
	}
}
