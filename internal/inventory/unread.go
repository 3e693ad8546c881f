package inventory

import (
	"fmt"
	"sort"
	"strings"
)

// Unread summarises what could not be read from a live estate, from its
// gaps: one line per failed call, kind of failure, kind of resource and
// region, such as "lambda:GetPolicy denied for 12 functions in
// eu-west-1", then the estate-wide gaps ("lambda:ListFunctions denied;
// functions in eu-west-1 not read"). Lines are sorted; gaps without a Call
// (template values) are not listed.
func (e *Estate) Unread() []string {
	type key struct{ call, kind, what, region string }
	counts := map[key]int{}
	add := func(what string, r *Resource) {
		seen := map[string]bool{}
		for _, g := range r.Gaps {
			if g.Call == "" || seen[g.Call] {
				continue
			}
			seen[g.Call] = true
			counts[key{g.Call, g.Kind, what, r.Region}]++
		}
	}
	for _, f := range e.Functions {
		add("function", &f.Resource)
	}
	for _, x := range e.Roles {
		add("role", &x.Resource)
	}
	for _, x := range e.ManagedPolicies {
		add("managed policy", &x.Resource)
	}
	for _, x := range e.Layers {
		add("layer version", &x.Resource)
	}
	for _, x := range e.APIs {
		add("API", &x.Resource)
	}
	for _, x := range e.LoadBalancers {
		add("load balancer", &x.Resource)
	}
	for _, x := range e.TargetGroups {
		add("target group", &x.Resource)
	}
	for _, x := range e.Subnets {
		add("subnet", &x.Resource)
	}
	for _, x := range e.SecurityGroups {
		add("security group", &x.Resource)
	}
	for _, x := range e.VPCEndpoints {
		add("VPC endpoint", &x.Resource)
	}
	for _, x := range e.Secrets {
		add("secret", &x.Resource)
	}
	for _, x := range e.KMSKeys {
		add("KMS key", &x.Resource)
	}
	for _, x := range e.Trails {
		add("trail", &x.Resource)
	}
	for _, x := range e.LogGroups {
		add("log group", &x.Resource)
	}
	for _, x := range e.CodeSigningConfigs {
		add("code-signing config", &x.Resource)
	}
	for _, x := range e.Settings {
		add("region setting", &x.Resource)
	}
	for _, x := range e.Others {
		add(otherKind(x.Type), &x.Resource)
	}
	var out []string
	for k, n := range counts {
		what := k.what
		if n != 1 {
			what = plural(what)
		}
		line := fmt.Sprintf("%s %s for %d %s", k.call, verb(k.kind), n, what)
		if k.region != "" {
			line += " in " + k.region
		}
		out = append(out, line)
	}
	sort.Strings(out)
	var wide []string
	for _, g := range e.Gaps {
		if g.Call == "" && g.Kind == "" {
			continue
		}
		wide = append(wide, g.Reason)
	}
	sort.Strings(wide)
	return append(out, wide...)
}

func verb(kind string) string {
	switch kind {
	case GapDenied:
		return "denied"
	case GapThrottled:
		return "throttled"
	case GapTimeout:
		return "timed out"
	case GapSkipped:
		return "skipped"
	}
	return "failed"
}

func plural(s string) string {
	switch {
	case strings.HasSuffix(s, "policy"):
		return strings.TrimSuffix(s, "y") + "ies"
	case strings.HasSuffix(s, "s"):
		return s + "es"
	}
	return s + "s"
}

// FunctionsUnread returns why the estate's list of functions may be
// incomplete — the listing failed in some region (the collector records
// a gap whose field is "functions in REGION") — or "" when it is whole.
// A judgement across functions (is a role shared?) cannot pass then.
func (e *Estate) FunctionsUnread() string {
	for _, g := range e.Gaps {
		if strings.HasPrefix(g.Field, "functions in ") {
			return g.Reason
		}
	}
	return ""
}

// otherKind names the kind of an Other in a summary line.
func otherKind(typ string) string {
	switch typ {
	case TypeBucket:
		return "bucket"
	case TypeQueue:
		return "queue"
	case TypeTopic:
		return "topic"
	}
	return "resource"
}
