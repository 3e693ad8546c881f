package exposure_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/lambdasec/lambdasec/internal/exposure"
	"github.com/lambdasec/lambdasec/internal/iampolicy"
	"github.com/lambdasec/lambdasec/internal/inventory"
)

// changeShop is a public route to Front, whose role may update the code
// of Back (and only Back); Back's role is an admin. A user may change
// Back without MFA, another only with MFA.
const changeShop = `  Front:
    Type: AWS::Serverless::Function
    Properties:
      FunctionName: front
      Runtime: python3.13
      Handler: app.handler
      CodeUri: src/
      Policies:
        - Statement:
            - Effect: Allow
              Action: lambda:UpdateFunctionCode
              Resource: !GetAtt Back.Arn
      Events:
        Get: {Type: HttpApi, Properties: {Path: /front, Method: get}}
  Back:
    Type: AWS::Serverless::Function
    Properties:
      FunctionName: back
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
              - Effect: Allow
                Action: [lambda:UpdateFunctionConfiguration, lambda:AddPermission]
                Resource: !GetAtt Back.Arn
  Careful:
    Type: AWS::IAM::User
    Properties:
      Policies:
        - PolicyName: deploy
          PolicyDocument:
            Statement:
              - Effect: Allow
                Action: lambda:UpdateFunctionCode
                Resource: !GetAtt Back.Arn
                Condition: {Bool: {aws:MultiFactorAuthPresent: "true"}}
`

func graphOf(e *inventory.Estate) *exposure.Graph {
	a := exposure.New(e, inventory.NewIndex(e), iampolicy.BuiltinManagedPolicies())
	return a.Graph(exposure.GraphOptions{})
}

// TestChangeEdges checks that principals that may change a function are
// nodes with an edge to it, labelled with the actions and whether MFA
// guards them, and that an execution role's edge starts at its role node.
func TestChangeEdges(t *testing.T) {
	g := graphOf(readString(t, changeShop))
	type edge struct{ from, to, mfa string }
	var got []edge
	acts := map[string][]string{}
	for _, e := range g.Edges {
		if len(e.Actions) == 0 {
			continue
		}
		got = append(got, edge{g.Node(e.From).Label, g.Node(e.To).Label, e.MFA})
		acts[g.Node(e.From).Label] = e.Actions
		if g.Node(e.From).Kind != exposure.NodePrincipal && g.Node(e.From).Kind != exposure.NodeRole {
			t.Errorf("change edge from %s, a %s node", e.From, g.Node(e.From).Kind)
		}
	}
	want := []edge{
		{"user Deployer", "back", exposure.MFANotRequired},
		{"user Careful", "back", exposure.MFARequired},
		{"FrontRole", "back", exposure.MFANotRequired},
		{"BackRole", "every function (2)", exposure.MFANotRequired}, // an admin
	}
	for _, w := range want {
		if !slices.Contains(got, w) {
			t.Errorf("no change edge %+v; change edges: %+v", w, got)
		}
	}
	if len(got) != len(want) {
		t.Errorf("change edges %+v, want %+v", got, want)
	}
	if a := acts["user Deployer"]; !slices.Equal(a, []string{"lambda:UpdateFunctionConfiguration", "lambda:AddPermission"}) {
		t.Errorf("Deployer's actions %v", a)
	}
	if n := g.Node("principal:user:Deployer"); n == nil || n.Source.Line == 0 {
		t.Errorf("Deployer node %+v: want a node with its template line", n)
	}
}

// TestPathThroughChange checks that a public function whose role may
// update another function's code is a path to that function's role: the
// route -> Front -> its role -> Back -> Back's role -> admin, critical,
// with every hop at a line of the template; and that without the grant
// there is no path at all (Front's role reaches nothing ranked).
func TestPathThroughChange(t *testing.T) {
	ps := pathsOf(readString(t, changeShop))
	if len(ps) != 1 {
		for _, p := range ps {
			t.Logf("path %s", p.ID)
		}
		t.Fatalf("%d paths, want 1", len(ps))
	}
	p := ps[0]
	var labels []string
	for _, h := range p.Hops {
		labels = append(labels, h.Label)
	}
	want := []string{"anyone on the internet", "ServerlessHttpApi GET /front", "front", "FrontRole", "back", "BackRole", "full admin"}
	if !slices.Equal(labels, want) {
		t.Errorf("hops %q, want %q", labels, want)
	}
	if p.Severity != "critical" || p.Impact != exposure.ImpactAdmin || p.Via == nil || p.Via.Label != "back" {
		t.Errorf("path %s: severity %s impact %s; want critical admin through back", p.ID, p.Severity, p.Impact)
	}
	for i, h := range p.Hops[1:] {
		if h.Source.Line == 0 {
			t.Errorf("hop %d %s has no line", i+2, h.Label)
		}
	}
	if !strings.Contains(p.Hops[4].Detail, "UpdateFunctionCode") || !strings.Contains(p.Cut, "so it can no longer UpdateFunctionCode on back") {
		t.Errorf("change hop %q / cut %q do not name the change", p.Hops[4].Detail, p.Cut)
	}
	without := strings.Replace(changeShop, "Action: lambda:UpdateFunctionCode\n              Resource: !GetAtt Back.Arn", "Action: lambda:GetFunction\n              Resource: !GetAtt Back.Arn", 1)
	if ps := pathsOf(readString(t, without)); len(ps) != 0 {
		t.Errorf("without the grant: %d paths, first %s; want none", len(ps), ps[0].ID)
	}
}

// TestChangeEveryFunction checks a principal allowed to change every
// function gets one edge to the every-function node, not one per
// function, and that a role allowed only AddPermission on another
// function does not make a path to its role.
func TestChangeEveryFunction(t *testing.T) {
	body := strings.Replace(changeShop, "Action: lambda:UpdateFunctionCode\n              Resource: !GetAtt Back.Arn", "Action: lambda:AddPermission\n              Resource: !GetAtt Back.Arn", 1) + `  Ops:
    Type: AWS::IAM::User
    Properties:
      ManagedPolicyArns: [arn:aws:iam::aws:policy/AWSLambda_FullAccess]
`
	g := graphOf(readString(t, body))
	n := 0
	for _, e := range g.Edges {
		if e.From == "principal:user:Ops" {
			n++
			if e.To != exposure.EveryFunction || e.MFA != exposure.MFANotRequired {
				t.Errorf("Ops edge %+v, want one to %s without MFA", e, exposure.EveryFunction)
			}
		}
	}
	if n != 1 {
		t.Errorf("%d edges from Ops, want 1", n)
	}
	if ps := g.Paths(); len(ps) != 0 {
		t.Errorf("%d paths, first %s; want none (AddPermission does not give Back's role)", len(ps), ps[0].ID)
	}
	cb := g.ChangedBy("fn:Back")
	var who []string
	for _, c := range cb {
		who = append(who, c.Label)
	}
	if !slices.Contains(who, "user Ops") || !slices.Contains(who, "user Deployer") {
		t.Errorf("ChangedBy(Back) = %v, want Ops and Deployer among them", who)
	}
}

func graphWith(e *inventory.Estate, opt exposure.GraphOptions) *exposure.Graph {
	a := exposure.New(e, inventory.NewIndex(e), iampolicy.BuiltinManagedPolicies())
	return a.Graph(opt)
}

// partnerRole is a role account 444455556666 may assume, which may
// update the admin function's code.
const partnerRole = adminFunction + `  Partner:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - {Sid: Vendor, Effect: Allow, Principal: {AWS: "arn:aws:iam::444455556666:root"}, Action: sts:AssumeRole}
      Policies:
        - PolicyName: deploy
          PolicyDocument:
            Statement:
              - {Effect: Allow, Action: lambda:UpdateFunctionCode, Resource: !GetAtt Admin.Arn}
`

// TestPathThroughAssumedRole checks a role another account may assume,
// which may update a function's code, is a path from that account to the
// function's role (high: accounts not trusted, a takeover), and that
// trusting the account, or the role trusting only its own account,
// leaves no path.
func TestPathThroughAssumedRole(t *testing.T) {
	ps := pathsOf(readString(t, partnerRole))
	if len(ps) != 1 {
		for _, p := range ps {
			t.Logf("path %s", p.ID)
		}
		t.Fatalf("%d paths, want 1", len(ps))
	}
	p := ps[0]
	var labels []string
	for _, h := range p.Hops {
		labels = append(labels, h.Label)
	}
	want := []string{"accounts not trusted", "trust policy of role Partner", "role Partner", "Admin", "AdminRole", "full admin"}
	if !slices.Equal(labels, want) || p.Severity != "high" || p.Entry.EntryKind != exposure.EntryTrust || p.Principal == nil {
		t.Errorf("path %s (%s): hops %q, want %q", p.ID, p.Severity, labels, want)
	}
	for i, h := range p.Hops[1:] {
		if h.Source.Line == 0 {
			t.Errorf("hop %d %s has no line", i+2, h.Label)
		}
	}
	if ps := graphWith(readString(t, partnerRole), exposure.GraphOptions{Trusted: []string{"444455556666"}}).Paths(); len(ps) != 0 {
		t.Errorf("with the account trusted: %d paths; want none", len(ps))
	}
	own := strings.Replace(partnerRole, `{AWS: "arn:aws:iam::444455556666:root"}`, `{AWS: !Sub "arn:aws:iam::${AWS::AccountId}:root"}`, 1)
	if ps := pathsOf(readString(t, own)); len(ps) != 0 {
		t.Errorf("trusted by its own account: %d paths, first %s; want none", len(ps), ps[0].ID)
	}
}
