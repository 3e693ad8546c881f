package exposure_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/lambdasec/lambdasec/internal/exposure"
	"github.com/lambdasec/lambdasec/internal/iampolicy"
	"github.com/lambdasec/lambdasec/internal/inventory"
)

// webFunction is a Web Function named name with one revision running as
// role (a logical ID, or an ARN outside the template; none when empty)
// and one endpoint of auth type auth.
func webFunction(name, role, auth string) string {
	s := "  " + name + ":\n    Type: AWS::Lambda::WebFunction\n    Properties:\n      FunctionName: " + strings.ToLower(name) + "\n"
	if role != "" {
		arn := "!GetAtt " + role + ".Arn"
		if strings.HasPrefix(role, "arn:") {
			arn = role
		}
		s += "  " + name + "Revision:\n    Type: AWS::Lambda::WebFunctionRevision\n    Properties:\n      FunctionName: !Ref " + name +
			"\n      BuildConfig: {CodeConfig: {S3Object: {Bucket: b, Key: k}}, RuntimeConfig: {Runtime: nodejs24.x}}\n" +
			"      ServiceConfig: {ExecutionRoleArn: " + arn + "}\n"
	}
	return s + "  " + name + "Endpoint:\n    Type: AWS::Lambda::WebFunctionEndpoint\n    Properties:\n      FunctionName: !Ref " + name +
		"\n      EndpointName: prod\n      EndpointType: HomeRegion\n      AuthType: " + auth + "\n"
}

const adminRole = `  AdminRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Principal: {Service: lambda.amazonaws.com}, Action: sts:AssumeRole}]}
      ManagedPolicyArns: [arn:aws:iam::aws:policy/AdministratorAccess]
`

// TestWebEndpointPaths: an ApplicationManaged endpoint is a door to its
// Web Function and its revision's role (a critical admin path whose hops
// carry positions); an IamAuth endpoint with no resource policy is none; a
// Web Function whose role is outside the estate, or that has no revision,
// gives an UNKNOWN path; an AuthType that cannot be resolved gives an
// UNKNOWN entry. The admin role is shared with a plain function, so the
// role's node and impacts are drawn once.
func TestWebEndpointPaths(t *testing.T) {
	e := readString(t, adminRole+"  Admin:\n    Type: AWS::Serverless::Function\n    Properties:\n      Runtime: python3.13\n      Handler: app.handler\n      CodeUri: src/\n      Role: !GetAtt AdminRole.Arn\n"+
		webFunction("Open", "AdminRole", "ApplicationManaged")+
		webFunction("Shut", "AdminRole", "IamAuth")+
		webFunction("Outside", "arn:aws:iam::123456789012:role/elsewhere", "ApplicationManaged")+
		webFunction("Bare", "", "ApplicationManaged")+
		webFunction("Param", "AdminRole", "!ImportValue other-stack-auth-type"))
	g := exposure.New(e, inventory.NewIndex(e), iampolicy.BuiltinManagedPolicies()).Graph(exposure.GraphOptions{})
	paths := map[string]*exposure.Path{}
	for _, p := range g.Paths() {
		paths[p.Entry.ID] = p
	}
	open := paths["entry:web:OpenEndpoint"]
	if open == nil {
		t.Fatalf("no path from the ApplicationManaged endpoint; paths: %v", keys(paths))
	}
	if open.Impact != exposure.ImpactAdmin || open.Severity != "critical" || open.Unknown != "" {
		t.Errorf("open endpoint path: impact %s, severity %s, unknown %q; want admin, critical, none", open.Impact, open.Severity, open.Unknown)
	}
	var kinds []exposure.NodeKind
	for _, h := range open.Hops {
		kinds = append(kinds, h.Kind)
		if h.Kind != exposure.NodeInternet && (h.Source.File != "t.yaml" || h.Source.Line == 0) {
			t.Errorf("hop %s %q has no position: %v", h.Kind, h.Label, h.Source)
		}
	}
	if want := []exposure.NodeKind{exposure.NodeInternet, exposure.NodeEntry, exposure.NodeFunction, exposure.NodeRole, exposure.NodeImpact}; !slices.Equal(kinds, want) {
		t.Errorf("hops %v; want %v", kinds, want)
	}
	if open.Hops[2].Label != "Web Function open" || open.Hops[3].Label != "AdminRole" {
		t.Errorf("function and role hops %q, %q; want Web Function open, AdminRole", open.Hops[2].Label, open.Hops[3].Label)
	}
	if !strings.Contains(open.Cut, "set AuthType IamAuth on the endpoint prod of Web Function open") {
		t.Errorf("cut %q", open.Cut)
	}
	if g.Node("entry:web:ShutEndpoint") != nil || paths["entry:web:ShutEndpoint"] != nil {
		t.Error("an IamAuth endpoint with no resource policy is an entry point")
	}
	if n := len(slices.DeleteFunc(slices.Clone(g.Nodes), func(n *exposure.Node) bool { return n.ID != "role:AdminRole" })); n != 1 {
		t.Errorf("%d nodes for AdminRole; want 1", n)
	}
	if !slices.Contains(g.Out("fn:Admin"), "role:AdminRole") || !slices.Contains(g.Out("webfn:Open"), "role:AdminRole") {
		t.Error("the plain function and the Web Function do not both run as AdminRole")
	}
	for id, want := range map[string]string{
		"entry:web:OutsideEndpoint": "defined outside this estate",
		"entry:web:BareEndpoint":    "holds no revision of the Web Function",
		"entry:web:ParamEndpoint":   "AuthType: ",
	} {
		p := paths[id]
		if p == nil {
			t.Errorf("no path from %s", id)
			continue
		}
		if !strings.Contains(p.Unknown, want) {
			t.Errorf("%s: unknown %q; want it to say %q", id, p.Unknown, want)
		}
	}
}

func keys(m map[string]*exposure.Path) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
