package live

import (
	"context"
	"slices"
	"sort"

	"github.com/aws/aws-sdk-go-v2/aws"
	elb "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
	"github.com/aws/aws-sdk-go-v2/service/wafv2"

	"github.com/lambdasec/lambdasec/internal/inventory"
)

// Elastic Load Balancing v2 and WAFv2 operations. The region's load
// balancers and target groups are two listings; only what reaches a
// function is read further: the targets of each target group of type
// lambda, and the listeners, listener rules and web ACL of each
// Application Load Balancer such a target group is attached to.
// https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_DescribeLoadBalancers.html
// https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_DescribeTargetGroups.html
// https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_DescribeTargetHealth.html
// https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_DescribeListeners.html
// https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_DescribeRules.html
// https://docs.aws.amazon.com/waf/latest/APIReference/API_GetWebACLForResource.html
var (
	opDescribeLoadBalancers = op(elb.ServiceID, "DescribeLoadBalancers", "elasticloadbalancing:DescribeLoadBalancers",
		"load balancers: type, scheme, security groups", "LS108")
	opDescribeTargetGroups = op(elb.ServiceID, "DescribeTargetGroups", "elasticloadbalancing:DescribeTargetGroups",
		"target groups of type lambda and the load balancers they are attached to", "LS108")
	opDescribeTargetHealth = op(elb.ServiceID, "DescribeTargetHealth", "elasticloadbalancing:DescribeTargetHealth",
		"the functions registered in each lambda target group", "LS108")
	opDescribeListeners = op(elb.ServiceID, "DescribeListeners", "elasticloadbalancing:DescribeListeners",
		"listeners of load balancers that reach a function, with their default actions and security policy", "LS108", "LS410", "LS411")
	opDescribeRules = op(elb.ServiceID, "DescribeRules", "elasticloadbalancing:DescribeRules",
		"listener rules: which target groups they forward to and whether they authenticate first", "LS108", "LS411")
	opGetWebACLForResource = op(wafv2.ServiceID, "GetWebACLForResource", "wafv2:GetWebACLForResource",
		"the WAF web ACL associated with each load balancer that reaches a function", "LS108")
)

// collectLoadBalancers reads the region's Application Load Balancers that
// forward to functions, and their lambda target groups.
func (r *region) collectLoadBalancers(ctx context.Context) {
	client := elb.NewFromConfig(r.cfg)

	var tgs []*inventory.TargetGroup
	attached := map[string]bool{} // ARNs of load balancers a lambda target group is attached to
	tp := elb.NewDescribeTargetGroupsPaginator(client, &elb.DescribeTargetGroupsInput{})
	for tp.HasMorePages() {
		page, err := tp.NextPage(ctx)
		if err != nil {
			r.estateGap(call(opDescribeTargetGroups), err, "target groups")
			return
		}
		for _, tg := range page.TargetGroups {
			if tg.TargetType != elbtypes.TargetTypeEnumLambda {
				continue
			}
			arn := aws.ToString(tg.TargetGroupArn)
			tgs = append(tgs, &inventory.TargetGroup{
				Resource:   inventory.Resource{ID: arn, ARN: arn, Name: aws.ToString(tg.TargetGroupName), Region: r.name, Source: inventory.Source{ARN: arn}},
				TargetType: string(tg.TargetType),
			})
			for _, lb := range tg.LoadBalancerArns {
				attached[lb] = true
			}
		}
	}
	if len(tgs) == 0 {
		return // nothing in the region forwards to a function
	}
	r.each(ctx, len(tgs), func(i int) { r.targetFunctions(ctx, client, tgs[i]) })

	var lbs []*inventory.LoadBalancer
	lp := elb.NewDescribeLoadBalancersPaginator(client, &elb.DescribeLoadBalancersInput{})
	for lp.HasMorePages() {
		page, err := lp.NextPage(ctx)
		if err != nil {
			r.estateGap(call(opDescribeLoadBalancers), err, "load balancers")
			lbs = nil
			break
		}
		for _, lb := range page.LoadBalancers {
			arn := aws.ToString(lb.LoadBalancerArn)
			if lb.Type != elbtypes.LoadBalancerTypeEnumApplication || !attached[arn] {
				continue
			}
			lbs = append(lbs, &inventory.LoadBalancer{
				Resource:       inventory.Resource{ID: arn, ARN: arn, Name: aws.ToString(lb.LoadBalancerName), Region: r.name, Source: inventory.Source{ARN: arn}},
				Scheme:         string(lb.Scheme),
				Type:           string(lb.Type),
				SecurityGroups: lb.SecurityGroups,
			})
		}
	}
	waf := wafv2.NewFromConfig(r.cfg)
	r.each(ctx, len(lbs), func(i int) {
		r.listeners(ctx, client, lbs[i])
		r.webACL(ctx, waf, lbs[i])
	})
	r.add(func(e *inventory.Estate) {
		e.TargetGroups = append(e.TargetGroups, tgs...)
		e.LoadBalancers = append(e.LoadBalancers, lbs...)
	})
}

// targetFunctions reads the functions registered in a lambda target
// group (unqualified ARNs: a target may be an alias or version).
func (r *region) targetFunctions(ctx context.Context, client *elb.Client, tg *inventory.TargetGroup) {
	out, err := client.DescribeTargetHealth(ctx, &elb.DescribeTargetHealthInput{TargetGroupArn: aws.String(tg.ARN)})
	if err != nil {
		gap(&tg.Resource, call(opDescribeTargetHealth), err, inventory.FieldTargets)
		return
	}
	var fns []string
	for _, d := range out.TargetHealthDescriptions {
		if d.Target == nil {
			continue
		}
		if fn := unqualified(aws.ToString(d.Target.Id)); fn != "" && !slices.Contains(fns, fn) {
			fns = append(fns, fn)
		}
	}
	sort.Strings(fns)
	tg.Functions = fns
}

// listeners reads a load balancer's listeners and each listener's rules:
// the target groups any of its actions forward to, and whether any
// authenticates users first (as a template's listeners and listener
// rules are read).
func (r *region) listeners(ctx context.Context, client *elb.Client, lb *inventory.LoadBalancer) {
	var ls []inventory.Listener
	p := elb.NewDescribeListenersPaginator(client, &elb.DescribeListenersInput{LoadBalancerArn: aws.String(lb.ARN)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			gap(&lb.Resource, call(opDescribeListeners), err, inventory.FieldTargets)
			return
		}
		for _, l := range page.Listeners {
			arn := aws.ToString(l.ListenerArn)
			li := inventory.Listener{ID: arn, Protocol: string(l.Protocol), Port: int(aws.ToInt32(l.Port)),
				SSLPolicy: aws.ToString(l.SslPolicy), Source: inventory.Source{ARN: arn}}
			listenerActions(&li, l.DefaultActions, "")
			ls = append(ls, li)
		}
	}
	for i := range ls {
		rp := elb.NewDescribeRulesPaginator(client, &elb.DescribeRulesInput{ListenerArn: aws.String(ls[i].ID)})
		for rp.HasMorePages() {
			page, err := rp.NextPage(ctx)
			if err != nil {
				gap(&lb.Resource, call(opDescribeRules), err, inventory.FieldTargets)
				break
			}
			for _, rule := range page.Rules {
				if !aws.ToBool(rule.IsDefault) {
					listenerActions(&ls[i], rule.Actions, aws.ToString(rule.RuleArn))
				}
			}
		}
	}
	sort.Slice(ls, func(i, j int) bool {
		if ls[i].Port != ls[j].Port {
			return ls[i].Port < ls[j].Port
		}
		return ls[i].ID < ls[j].ID
	})
	lb.Listeners = ls
}

// listenerActions adds to l, as a route, the target groups actions
// forward to (directly or through a forward config) and whether an
// authenticate-cognito or authenticate-oidc action comes first; rule is
// the listener rule's ARN, "" for the default actions. (DescribeRules
// also returns the default rule, IsDefault, which the caller skips: the
// listener's DefaultActions are the same.)
func listenerActions(l *inventory.Listener, actions []elbtypes.Action, rule string) {
	r := inventory.ListenerRoute{Rule: rule, Source: l.Source}
	if rule != "" {
		r.Source = inventory.Source{ARN: rule}
	}
	for _, a := range actions {
		switch a.Type {
		case elbtypes.ActionTypeEnumAuthenticateCognito, elbtypes.ActionTypeEnumAuthenticateOidc:
			r.Authenticates = true
		case elbtypes.ActionTypeEnumForward:
			if tg := aws.ToString(a.TargetGroupArn); tg != "" && !slices.Contains(r.TargetGroups, tg) {
				r.TargetGroups = append(r.TargetGroups, tg)
			}
			if a.ForwardConfig != nil {
				for _, t := range a.ForwardConfig.TargetGroups {
					if tg := aws.ToString(t.TargetGroupArn); tg != "" && !slices.Contains(r.TargetGroups, tg) {
						r.TargetGroups = append(r.TargetGroups, tg)
					}
				}
			}
		}
	}
	l.AddRoute(r)
	sort.Strings(l.TargetGroups)
}

// webACL reads the WAFv2 web ACL associated with a load balancer; none is
// an answer without a web ACL.
func (r *region) webACL(ctx context.Context, client *wafv2.Client, lb *inventory.LoadBalancer) {
	out, err := client.GetWebACLForResource(ctx, &wafv2.GetWebACLForResourceInput{ResourceArn: aws.String(lb.ARN)})
	if err != nil {
		gap(&lb.Resource, call(opGetWebACLForResource), err, inventory.FieldWebACL)
		return
	}
	if out.WebACL != nil {
		lb.WebACL = aws.ToString(out.WebACL.ARN)
	}
}
