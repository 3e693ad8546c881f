package exposure_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/lambdasec/lambdasec/internal/exposure"
	"github.com/lambdasec/lambdasec/internal/iampolicy"
	"github.com/lambdasec/lambdasec/internal/inventory"
	"github.com/lambdasec/lambdasec/internal/source/cloudformation"
)

// TestCoTenancyEdges: functions on one capacity provider are joined both
// ways; a function on another provider, and one on Lambda's own compute,
// are not.
func TestCoTenancyEdges(t *testing.T) {
	fn := func(name, provider string) string {
		s := "  " + name + ":\n    Type: AWS::Serverless::Function\n    Properties:\n      Runtime: python3.13\n      Handler: app.handler\n      CodeUri: src/\n"
		if provider != "" {
			s += "      CapacityProviderConfig:\n        Arn: !GetAtt " + provider + ".Arn\n"
		}
		return s
	}
	provider := func(name string) string {
		return "  " + name + ":\n    Type: AWS::Serverless::CapacityProvider\n    Properties:\n      VpcConfig: {SubnetIds: [subnet-1], SecurityGroupIds: [sg-1]}\n"
	}
	e := readString(t, provider("Shared")+provider("Other")+fn("Web", "Shared")+fn("Batch", "Shared")+fn("Alone", "Other")+fn("Plain", ""))
	g := exposure.New(e, inventory.NewIndex(e), iampolicy.BuiltinManagedPolicies()).Graph(exposure.GraphOptions{})
	for _, c := range []struct {
		from, to string
		want     bool
	}{
		{"fn:Web", "fn:Batch", true},
		{"fn:Batch", "fn:Web", true},
		{"fn:Web", "fn:Alone", false},
		{"fn:Alone", "fn:Web", false},
		{"fn:Plain", "fn:Web", false},
	} {
		if got := slices.Contains(g.Out(c.from), c.to); got != c.want {
			t.Errorf("edge %s -> %s: %v, want %v", c.from, c.to, got, c.want)
		}
	}
}

// TestCoTenancyPaths: a public function whose own role reaches nothing
// ranked leads, through a co-tenancy hop marked as such, to the admin role
// of the function on its provider; that path ranks below the same impact
// reached directly; a provider that cannot be resolved gives an UNKNOWN
// path; a function alone on its provider gives none.
func TestCoTenancyPaths(t *testing.T) {
	role := func(name, policy string) string {
		s := "  " + name + ":\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument: {Version: \"2012-10-17\", Statement: [{Effect: Allow, Principal: {Service: lambda.amazonaws.com}, Action: sts:AssumeRole}]}\n"
		if policy != "" {
			s += "      ManagedPolicyArns: [arn:aws:iam::aws:policy/" + policy + "]\n"
		}
		return s
	}
	fn := func(name, role, provider string) string {
		return "  " + name + ":\n    Type: AWS::Lambda::Function\n    Properties:\n      Runtime: python3.13\n      Handler: app.handler\n      Code: {ZipFile: x}\n" +
			"      Role: !GetAtt " + role + ".Arn\n" +
			"      CapacityProviderConfig: {LambdaManagedInstancesCapacityProviderConfig: {CapacityProviderArn: " + provider + "}}\n"
	}
	public := func(name string) string {
		return "  " + name + "Url:\n    Type: AWS::Lambda::Url\n    Properties: {TargetFunctionArn: !GetAtt " + name + ".Arn, AuthType: NONE}\n" +
			"  " + name + "UrlPermission:\n    Type: AWS::Lambda::Permission\n    Properties: {FunctionName: !Ref " + name + ", Action: lambda:InvokeFunctionUrl, Principal: \"*\", FunctionUrlAuthType: NONE}\n" +
			"  " + name + "InvokePermission:\n    Type: AWS::Lambda::Permission\n    Properties: {FunctionName: !Ref " + name + ", Action: lambda:InvokeFunction, Principal: \"*\", InvokedViaFunctionUrl: true}\n"
	}
	provider := func(name string) string {
		return "  " + name + ":\n    Type: AWS::Lambda::CapacityProvider\n    Properties:\n      VpcConfig: {SubnetIds: [subnet-1], SecurityGroupIds: [sg-1]}\n"
	}
	body := "Parameters:\n  Unset: {Type: String}\nResources:\n" +
		provider("Shared") + provider("Other") + provider("Third") +
		role("AdminRole", "AdministratorAccess") + role("WeakRole", "") +
		fn("Direct", "AdminRole", "!GetAtt Other.Arn") + public("Direct") +
		fn("Web", "WeakRole", "!GetAtt Shared.Arn") + public("Web") +
		fn("Batch", "AdminRole", "!GetAtt Shared.Arn") +
		fn("Lost", "WeakRole", "!Ref Unset") + public("Lost") +
		fn("Lone", "WeakRole", "!GetAtt Third.Arn") + public("Lone")
	e, _, err := cloudformation.Read("t.yaml", []byte("AWSTemplateFormatVersion: \"2010-09-09\"\n"+body))
	if err != nil {
		t.Fatal(err)
	}
	g := exposure.New(e, inventory.NewIndex(e), iampolicy.BuiltinManagedPolicies()).Graph(exposure.GraphOptions{})
	byEntry := map[string][]*exposure.Path{}
	rank := map[string]int{}
	for i, p := range g.Paths() {
		byEntry[p.Entry.Resource] = append(byEntry[p.Entry.Resource], p)
		rank[p.Entry.Resource] = i
	}
	direct, web, lost, lone := byEntry["Direct"], byEntry["Web"], byEntry["Lost"], byEntry["Lone"]
	if len(direct) != 1 || direct[0].CoTenant != nil || direct[0].Impact != exposure.ImpactAdmin {
		t.Fatalf("Direct: want one direct admin path, got %+v", direct)
	}
	if len(web) != 1 || web[0].CoTenant == nil || web[0].CoTenant.Label != "Batch" || web[0].Impact != exposure.ImpactAdmin || web[0].Unknown != "" {
		t.Fatalf("Web: want one admin path through Batch, got %+v", web)
	}
	hop := web[0].Hops[4]
	if !hop.CoTenancy || !strings.Contains(hop.Detail, "less certain than a direct one") || hop.Label != "Batch" {
		t.Errorf("Web's fifth hop: want Batch marked as a co-tenancy hop, got %+v", hop)
	}
	for _, h := range direct[0].Hops {
		if h.CoTenancy {
			t.Errorf("Direct's path has a co-tenancy hop: %+v", h)
		}
	}
	if web[0].Severity != direct[0].Severity || web[0].Score >= direct[0].Score || rank["Web"] < rank["Direct"] {
		t.Errorf("the co-tenancy path (%s, %d) should rank below the direct one (%s, %d)", web[0].Severity, web[0].Score, direct[0].Severity, direct[0].Score)
	}
	if len(lost) == 0 || !strings.Contains(lost[0].Unknown, "the capacity provider of Lost is not known") {
		t.Errorf("Lost: want an UNKNOWN path naming its provider, got %+v", lost)
	}
	if len(lone) != 0 {
		t.Errorf("Lone is alone on its provider and its role reaches nothing ranked, got %d paths", len(lone))
	}
}
