package exposure_test

import (
	"strings"
	"testing"

	"github.com/lambdasec/lambdasec/internal/exposure"
)

// albEstate is an Application Load Balancer forwarding to the admin
// function; scheme, security group ingress CIDR and the default
// listener's actions vary.
func albEstate(scheme, cidr, defaultActions string) string {
	return adminFunction + `  Lb:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Properties:
      Scheme: ` + scheme + `
      Subnets: [subnet-1, subnet-2]
      SecurityGroups: [!Ref LbSg]
  LbSg:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: lb
      VpcId: vpc-1
      SecurityGroupIngress:
        - {IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIp: ` + cidr + `}
  Tg:
    Type: AWS::ElasticLoadBalancingV2::TargetGroup
    Properties:
      TargetType: lambda
      Targets: [{Id: !GetAtt Admin.Arn}]
  Listener:
    Type: AWS::ElasticLoadBalancingV2::Listener
    Properties:
      LoadBalancerArn: !Ref Lb
      Port: 443
      Protocol: HTTPS
      DefaultActions:
` + defaultActions
}

const forward = "        - {Type: forward, TargetGroupArn: !Ref Tg}\n"
const authForward = `        - Type: authenticate-oidc
          Order: 1
          AuthenticateOidcConfig: {Issuer: "https://idp.example.com", AuthorizationEndpoint: "https://idp.example.com/auth", TokenEndpoint: "https://idp.example.com/token", UserInfoEndpoint: "https://idp.example.com/userinfo", ClientId: shop}
        - {Type: forward, Order: 2, TargetGroupArn: !Ref Tg}
`

// TestALBEntries checks an internet-facing load balancer whose listener
// forwards to a function without authentication is an entry point (a
// critical path to the admin function, at the listener's line), and the
// negative cases: internal, authenticate-oidc first, a security group
// that admits only a private range; and that a rule forwarding without
// authentication is a door even when the default action authenticates.
func TestALBEntries(t *testing.T) {
	ps := pathsOf(readString(t, albEstate("internet-facing", "0.0.0.0/0", forward)))
	if len(ps) != 1 || ps[0].Severity != "critical" || ps[0].Entry.EntryKind != exposure.EntryALB || ps[0].Entry.Source.Line == 0 {
		for _, p := range ps {
			t.Logf("path %s (%s) at %v", p.ID, p.Severity, p.Entry.Source)
		}
		t.Fatalf("%d paths; want one critical path from the load balancer, with a line", len(ps))
	}
	if !strings.Contains(ps[0].Entry.Label, "HTTPS:443") || !strings.Contains(ps[0].Cut, "authenticate-oidc") {
		t.Errorf("entry %q cut %q", ps[0].Entry.Label, ps[0].Cut)
	}
	for name, body := range map[string]string{
		"internal":                  albEstate("internal", "0.0.0.0/0", forward),
		"authenticate-oidc first":   albEstate("internet-facing", "0.0.0.0/0", authForward),
		"security group 10.0.0.0/8": albEstate("internet-facing", "10.0.0.0/8", forward),
	} {
		if ps := pathsOf(readString(t, body)); len(ps) != 0 {
			t.Errorf("%s: %d paths, first %s; want none", name, len(ps), ps[0].ID)
		}
	}
	rule := albEstate("internet-facing", "0.0.0.0/0", authForward) + `  AdminRule:
    Type: AWS::ElasticLoadBalancingV2::ListenerRule
    Properties:
      ListenerArn: !Ref Listener
      Priority: 10
      Conditions: [{Field: path-pattern, Values: [/admin/*]}]
      Actions: [{Type: forward, TargetGroupArn: !Ref Tg}]
`
	ps = pathsOf(readString(t, rule))
	if len(ps) != 1 || !strings.Contains(ps[0].Entry.Label, "rule AdminRule") {
		for _, p := range ps {
			t.Logf("path %s", p.ID)
		}
		t.Fatalf("%d paths; want one through listener rule AdminRule", len(ps))
	}
	if ps[0].Entry.Source.Line < 40 {
		t.Errorf("the rule's entry is at line %d, want the rule's own line", ps[0].Entry.Source.Line)
	}
}

// TestLayerEntries checks a layer of another account is a supply-chain
// entry of accounts not trusted (high with an admin role), and that the
// estate's own account, a trusted account and an AWS layer publisher are
// not.
func TestLayerEntries(t *testing.T) {
	with := func(layer string) string {
		return adminFunction + "      Layers: [\"" + layer + "\"]\n"
	}
	ps := pathsOf(readString(t, with("arn:aws:lambda:eu-west-1:444455556666:layer:helpers:3")))
	if len(ps) != 1 || ps[0].Entry.EntryKind != exposure.EntryLayer || ps[0].Access != exposure.AccessForeign || ps[0].Severity != "high" {
		for _, p := range ps {
			t.Logf("path %s (%s, %s)", p.ID, p.Access, p.Severity)
		}
		t.Fatalf("%d paths; want one high path from the foreign layer", len(ps))
	}
	if ps[0].Hops[1].Label != "layer helpers:3 of account 444455556666" || ps[0].Hops[1].Source.Line == 0 {
		t.Errorf("entry hop %+v", ps[0].Hops[1])
	}
	trusted := func(acct, region string) bool { return acct == "017000801446" }
	for name, c := range map[string]struct {
		layer string
		opt   exposure.GraphOptions
	}{
		"trusted account":     {"arn:aws:lambda:eu-west-1:444455556666:layer:helpers:3", exposure.GraphOptions{Trusted: []string{"444455556666"}}},
		"AWS layer publisher": {"arn:aws:lambda:eu-west-1:017000801446:layer:AWSLambdaPowertoolsPythonV3-python313-x86_64:7", exposure.GraphOptions{TrustedLayers: trusted}},
	} {
		e := readString(t, with(c.layer))
		if ps := graphWith(e, c.opt).Paths(); len(ps) != 0 {
			t.Errorf("%s: %d paths, first %s; want none", name, len(ps), ps[0].ID)
		}
	}
}
