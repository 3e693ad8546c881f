package live

import (
	"slices"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"

	"github.com/lambdasec/lambdasec/internal/inventory"
	"github.com/lambdasec/lambdasec/internal/rules"
	"github.com/lambdasec/lambdasec/internal/source/live/awstest"
)

const (
	albPublic   = "arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/app/public-alb/50dc6c495c0c9188"
	tgThumbnail = "arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/thumbnail-tg/73e2d6bc24d8a067"
	listener80  = "arn:aws:elasticloadbalancing:us-east-1:111122223333:listener/app/public-alb/50dc6c495c0c9188/f2f7dc8efc522ab2"
	listener443 = "arn:aws:elasticloadbalancing:us-east-1:111122223333:listener/app/public-alb/50dc6c495c0c9188/0467ef3c8400ae65"
)

func TestCollectLoadBalancers(t *testing.T) {
	e := collectFixture(t, fixtureServer(t))

	// Only the lambda target group, and only the load balancer it is
	// attached to: not the instance target group, the internal ALB that
	// uses it, or the NLB (second page of DescribeLoadBalancers).
	if len(e.TargetGroups) != 1 {
		t.Fatalf("target groups %+v", e.TargetGroups)
	}
	tg := e.TargetGroups[0]
	if tg.ID != tgThumbnail || tg.ARN != tgThumbnail || tg.Name != "thumbnail-tg" || tg.TargetType != "lambda" ||
		tg.Region != "us-east-1" || !slices.Equal(tg.Functions, []string{fnThumbnail}) {
		t.Errorf("target group %+v", tg)
	}
	if len(e.LoadBalancers) != 1 {
		t.Fatalf("load balancers %+v", e.LoadBalancers)
	}
	lb := e.LoadBalancers[0]
	if lb.ID != albPublic || lb.Name != "public-alb" || lb.Scheme != "internet-facing" || lb.Type != "application" ||
		!slices.Equal(lb.SecurityGroups, []string{"sg-0a1b2c3d4e5f60001"}) || lb.WebACL != "" || len(lb.Gaps) != 0 {
		t.Errorf("load balancer %+v", lb)
	}
	want := []inventory.Listener{
		{ID: listener80, Protocol: "HTTP", Port: 80, Source: inventory.Source{ARN: listener80}},
		// The target group is reached through a listener rule's forward
		// config, not the default action.
		{ID: listener443, Protocol: "HTTPS", Port: 443, TargetGroups: []string{tgThumbnail}, Source: inventory.Source{ARN: listener443}},
	}
	if !slices.EqualFunc(lb.Listeners, want, func(a, b inventory.Listener) bool {
		return a.ID == b.ID && a.Protocol == b.Protocol && a.Port == b.Port && slices.Equal(a.TargetGroups, b.TargetGroups) &&
			a.Authenticates == b.Authenticates && a.Source == b.Source
	}) {
		t.Errorf("listeners\n got %+v\nwant %+v", lb.Listeners, want)
	}
	for op, n := range map[string]int{
		"elastic load balancing v2:DescribeLoadBalancers": 2, // two pages
		"elastic load balancing v2:DescribeTargetGroups":  1,
		"elastic load balancing v2:DescribeTargetHealth":  1, // the lambda target group only
		"elastic load balancing v2:DescribeListeners":     1, // the ALB that reaches a function only
		"elastic load balancing v2:DescribeRules":         2,
		"wafv2:GetWebACLForResource":                      1,
	} {
		if e.Calls[op] != n {
			t.Errorf("%s calls %d, want %d", op, e.Calls[op], n)
		}
	}
}

// TestLoadBalancerFailures makes one call fail and checks what is
// recorded in its place.
func TestLoadBalancerFailures(t *testing.T) {
	tests := []struct {
		service, op string
		check       func(t *testing.T, e *inventory.Estate)
	}{
		{"elasticloadbalancing", "DescribeTargetGroups", func(t *testing.T, e *inventory.Estate) {
			wantEstateGap(t, e, "target groups in us-east-1", "elastic load balancing v2:DescribeTargetGroups")
			if len(e.TargetGroups)+len(e.LoadBalancers) != 0 {
				t.Errorf("read %d target groups, %d load balancers", len(e.TargetGroups), len(e.LoadBalancers))
			}
		}},
		{"elasticloadbalancing", "DescribeLoadBalancers", func(t *testing.T, e *inventory.Estate) {
			wantEstateGap(t, e, "load balancers in us-east-1", "elastic load balancing v2:DescribeLoadBalancers")
			if len(e.TargetGroups) != 1 || len(e.LoadBalancers) != 0 {
				t.Errorf("read %d target groups, %d load balancers", len(e.TargetGroups), len(e.LoadBalancers))
			}
		}},
		{"elasticloadbalancing", "DescribeTargetHealth", func(t *testing.T, e *inventory.Estate) {
			tg := e.TargetGroups[0]
			if g, ok := tg.Gap(inventory.FieldTargets); !ok || g.Kind != inventory.GapDenied || g.Call != "elastic load balancing v2:DescribeTargetHealth" || len(tg.Functions) != 0 {
				t.Errorf("target group %+v", tg)
			}
		}},
		{"elasticloadbalancing", "DescribeRules", func(t *testing.T, e *inventory.Estate) {
			lb := e.LoadBalancers[0]
			if g, ok := lb.Gap(inventory.FieldTargets); !ok || g.Call != "elastic load balancing v2:DescribeRules" {
				t.Errorf("load balancer gaps %+v", lb.Gaps)
			}
			if len(lb.Listeners) != 2 || len(lb.Listeners[1].TargetGroups) != 0 {
				t.Errorf("listeners without their rules %+v", lb.Listeners)
			}
		}},
		{"wafv2", "GetWebACLForResource", func(t *testing.T, e *inventory.Estate) {
			lb := e.LoadBalancers[0]
			if g, ok := lb.Gap(inventory.FieldWebACL); !ok || g.Kind != inventory.GapDenied || g.Call != "wafv2:GetWebACLForResource" {
				t.Errorf("load balancer gaps %+v", lb.Gaps)
			}
			if !slices.Contains(e.Unread(), "wafv2:GetWebACLForResource denied for 1 load balancer in us-east-1") {
				t.Errorf("run summary %q", e.Unread())
			}
			// Whether a web ACL protects it is unknown: LS108 must say so,
			// not FAIL (nor PASS).
			for _, f := range rules.Run([]*inventory.Estate{e}, rules.All(), time.Now(), nil) {
				if f.Rule.ID == "LS108" && f.Kind == rules.KindLoadBalancer && f.Status != rules.Unknown {
					t.Errorf("LS108 on the load balancer: %s %s", f.Status, f.Message)
				}
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.op, func(t *testing.T) {
			s := fixtureServer(t)
			s.Handle(tt.service, tt.op, awstest.AccessDenied)
			tt.check(t, collectFixture(t, s))
		})
	}
}

// TestWebACLOfLoadBalancer checks an associated web ACL is kept and makes
// LS108 pass.
func TestWebACLOfLoadBalancer(t *testing.T) {
	const acl = "arn:aws:wafv2:us-east-1:111122223333:regional/webacl/alb-acl/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"
	s := fixtureServer(t)
	s.Handle("wafv2", "GetWebACLForResource", func(r *awstest.Request) awstest.Response {
		return awstest.JSON(r, map[string]any{"WebACL": map[string]any{"Name": "alb-acl", "Id": "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0", "ARN": acl,
			"DefaultAction": map[string]any{"Allow": map[string]any{}}, "Rules": []any{},
			"VisibilityConfig": map[string]any{"SampledRequestsEnabled": true, "CloudWatchMetricsEnabled": true, "MetricName": "alb-acl"}}})
	})
	e := collectFixture(t, s)
	if got := e.LoadBalancers[0].WebACL; got != acl {
		t.Errorf("web ACL %q", got)
	}
	if got := ruleResults(e, "LS108")["LS108 "+albPublic]; got != rules.Pass {
		t.Errorf("LS108 %s, want PASS", got)
	}
}

func TestListenerActions(t *testing.T) {
	const tgA, tgB = "arn:tg/a", "arn:tg/b"
	tests := []struct {
		name    string
		actions []elbtypes.Action
		want    []string
		auth    bool
	}{
		{"forward", []elbtypes.Action{{Type: elbtypes.ActionTypeEnumForward, TargetGroupArn: aws.String(tgB)}}, []string{tgB}, false},
		{"forward config, duplicates once, sorted", []elbtypes.Action{
			{Type: elbtypes.ActionTypeEnumForward, TargetGroupArn: aws.String(tgB), ForwardConfig: &elbtypes.ForwardActionConfig{
				TargetGroups: []elbtypes.TargetGroupTuple{{TargetGroupArn: aws.String(tgB)}, {TargetGroupArn: aws.String(tgA)}}}},
		}, []string{tgA, tgB}, false},
		{"authenticate-oidc then forward", []elbtypes.Action{
			{Type: elbtypes.ActionTypeEnumAuthenticateOidc},
			{Type: elbtypes.ActionTypeEnumForward, TargetGroupArn: aws.String(tgA)},
		}, []string{tgA}, true},
		{"authenticate-cognito", []elbtypes.Action{{Type: elbtypes.ActionTypeEnumAuthenticateCognito}}, nil, true},
		{"redirect and fixed response", []elbtypes.Action{{Type: elbtypes.ActionTypeEnumRedirect}, {Type: elbtypes.ActionTypeEnumFixedResponse}}, nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var l inventory.Listener
			listenerActions(&l, tt.actions, "arn:rule")
			if !slices.Equal(l.TargetGroups, tt.want) || l.Authenticates != tt.auth {
				t.Errorf("target groups %q authenticates %v, want %q %v", l.TargetGroups, l.Authenticates, tt.want, tt.auth)
			}
			if len(l.Routes) != 1 || l.Routes[0].Rule != "arn:rule" || l.Routes[0].Authenticates != tt.auth {
				t.Errorf("routes %+v, want one for rule arn:rule that authenticates: %v", l.Routes, tt.auth)
			}
		})
	}
}
