package terraform

import (
	"strings"

	"github.com/lambdasec/lambdasec/internal/inventory"
)

// network reads subnets, security groups with their rules (inline blocks,
// aws_security_group_rule, aws_vpc_security_group_ingress_rule) and VPC
// endpoints.
func (m *mapper) network(byType map[string][]*Resource) {
	for _, r := range byType["aws_subnet"] {
		a := r.Attrs
		s := &inventory.Subnet{Resource: m.header(r, ""), VPC: refOrValue(a.Get("vpc_id").Text()), CIDR: a.Get("cidr_block").Text()}
		az, why := text(a.Get("availability_zone"))
		if az == "" && why == "" {
			az, why = text(a.Get("availability_zone_id"))
		}
		switch {
		case why != "":
			s.AddGap(inventory.FieldAvailabilityZone, why, "")
		case az == "":
			s.AddGap(inventory.FieldAvailabilityZone, "no availability_zone: AWS picks one", "")
		}
		s.AvailabilityZone = az
		m.e.Subnets = append(m.e.Subnets, s)
	}
	groups := map[string]*inventory.SecurityGroup{}
	for _, r := range byType["aws_security_group"] {
		a := r.Attrs
		name, _ := text(a.Get("name"))
		g := &inventory.SecurityGroup{Resource: m.header(r, name), VPC: refOrValue(a.Get("vpc_id").Text()), UsersKnown: true}
		if why, ok := a.Get("ingress").Unresolved(); ok {
			g.AddGap(inventory.FieldIngress, "ingress: "+why, "")
		}
		for _, b := range a.Get("ingress").Blocks() {
			g.Ingress = append(g.Ingress, sgRules(b)...)
		}
		for _, b := range a.Get("egress").Blocks() {
			g.Egress = append(g.Egress, sgRules(b)...)
		}
		m.e.SecurityGroups = append(m.e.SecurityGroups, g)
		groups[r.Address] = g
	}
	for _, r := range byType["aws_security_group_rule"] {
		g := groups[refOrValue(r.Attrs.Get("security_group_id").Text())]
		if g == nil {
			continue
		}
		rules := sgRules(r.Attrs)
		for i := range rules {
			rules[i].Source = r.Source
			if p := r.Attrs.Get("source_security_group_id").Text(); p != "" {
				rules[i].Peer = refOrValue(p)
			}
		}
		if r.Attrs.Get("type").Text() == "egress" {
			g.Egress = append(g.Egress, rules...)
		} else {
			g.Ingress = append(g.Ingress, rules...)
		}
	}
	for _, typ := range []string{"aws_vpc_security_group_ingress_rule", "aws_vpc_security_group_egress_rule"} {
		for _, r := range byType[typ] {
			a := r.Attrs
			g := groups[refOrValue(a.Get("security_group_id").Text())]
			if g == nil {
				continue
			}
			from, _, _ := a.Get("from_port").Int()
			to, _, _ := a.Get("to_port").Int()
			proto := a.Get("ip_protocol").Text()
			if proto == "-1" || !present(a.Get("from_port")) {
				from, to = 0, 65535
			}
			rule := inventory.SGRule{Protocol: proto, FromPort: from, ToPort: to, CIDRv4: a.Get("cidr_ipv4").Text(),
				CIDRv6: a.Get("cidr_ipv6").Text(), Description: a.Get("description").Text(), Source: r.Source}
			if p := a.Get("referenced_security_group_id").Text(); p != "" {
				rule.Peer = refOrValue(p)
			} else if p := a.Get("prefix_list_id").Text(); p != "" {
				rule.Peer = p
			}
			if strings.HasSuffix(typ, "egress_rule") {
				g.Egress = append(g.Egress, rule)
			} else {
				g.Ingress = append(g.Ingress, rule)
			}
		}
	}
	m.groupUsers(groups)
	for _, r := range byType["aws_vpc_endpoint"] {
		a := r.Attrs
		ep := &inventory.VPCEndpoint{Resource: m.header(r, ""), ServiceName: a.Get("service_name").Text(),
			Type: a.Get("vpc_endpoint_type").Text(), VPC: refOrValue(a.Get("vpc_id").Text()), Subnets: refList(a.Get("subnet_ids"))}
		if ep.Type == "" {
			ep.Type = "Gateway"
		}
		if p := a.Get("policy"); present(p) {
			ep.Policy = m.policyOf("endpoint policy", p, &ep.Resource, inventory.FieldPermissions)
		}
		m.e.VPCEndpoints = append(m.e.VPCEndpoints, ep)
	}
}

// sgRules expands one rule block (or rule resource) into one rule per
// CIDR, as AWS stores them.
func sgRules(b *Value) []inventory.SGRule {
	from, _, _ := b.Get("from_port").Int()
	to, _, _ := b.Get("to_port").Int()
	proto := b.Get("protocol").Text()
	if proto == "-1" || strings.EqualFold(proto, "all") {
		proto, from, to = "-1", 0, 65535
	}
	base := inventory.SGRule{Protocol: proto, FromPort: from, ToPort: to, Description: b.Get("description").Text(), Source: b.Source}
	var out []inventory.SGRule
	for _, c := range b.Get("cidr_blocks").Strings() {
		r := base
		r.CIDRv4 = c
		out = append(out, r)
	}
	for _, c := range b.Get("ipv6_cidr_blocks").Strings() {
		r := base
		r.CIDRv6 = c
		out = append(out, r)
	}
	for _, p := range append(b.Get("security_groups").Strings(), b.Get("prefix_list_ids").Strings()...) {
		r := base
		r.Peer = refOrValue(p)
		out = append(out, r)
	}
	if b.Get("self").IsTrue() {
		r := base
		r.Peer = "self"
		out = append(out, r)
	}
	if len(out) == 0 {
		out = append(out, base)
	}
	return out
}

// groupUsers records the resources other than functions and groups that
// name each security group.
func (m *mapper) groupUsers(groups map[string]*inventory.SecurityGroup) {
	for addr, r := range m.byAddr {
		switch r.Type {
		case "aws_lambda_function", "aws_security_group", "aws_security_group_rule",
			"aws_vpc_security_group_ingress_rule", "aws_vpc_security_group_egress_rule":
			continue
		}
		seen := map[string]bool{}
		var walk func(v *Value)
		walk = func(v *Value) {
			if v == nil {
				return
			}
			switch v.Kind {
			case KindString:
				for _, id := range inventory.ReferencedIDs(v.Str) {
					if g := groups[id]; g != nil && !seen[id] {
						seen[id] = true
						g.AttachedTo = append(g.AttachedTo, r.Type+" "+addr)
					}
				}
			case KindList:
				for _, x := range v.List {
					walk(x)
				}
			case KindMap:
				for _, x := range v.Vals {
					walk(x)
				}
			}
		}
		walk(r.Attrs)
	}
}

// data reads secrets with their rotation, and KMS keys.
func (m *mapper) data(byType map[string][]*Resource) {
	secrets := map[string]*inventory.Secret{}
	for _, r := range byType["aws_secretsmanager_secret"] {
		name, _ := text(r.Attrs.Get("name"))
		s := &inventory.Secret{Resource: m.header(r, name), KMSKey: refOrValue(r.Attrs.Get("kms_key_id").Text())}
		s.ARN = arnOf(r.Type, r.Address, r.Attrs)
		m.e.Secrets = append(m.e.Secrets, s)
		secrets[r.Address] = s
		secrets[s.ARN] = s
	}
	for _, r := range byType["aws_secretsmanager_secret_rotation"] {
		id := refOrValue(r.Attrs.Get("secret_id").Text())
		s := secrets[id]
		if s == nil {
			continue
		}
		s.RotationEnabled = true
		s.Rotation = r.Source
		if d, set, why := r.Attrs.Get("rotation_rules").Get("automatically_after_days").Int(); set && why == "" {
			s.RotationDays = d
		}
	}
	for _, r := range byType["aws_kms_key"] {
		k := &inventory.KMSKey{Resource: m.header(r, ""), RotationEnabled: r.Attrs.Get("enable_key_rotation").IsTrue()}
		if why, bad := r.Attrs.Get("enable_key_rotation").Unresolved(); bad {
			k.AddGap(inventory.FieldRotation, "enable_key_rotation: "+why, "")
		}
		k.ARN = computedAttrs(r.Type, r.Address, r.Attrs)["arn"]
		if p := r.Attrs.Get("policy"); present(p) {
			k.Policy = m.policyOf("key policy", p, &k.Resource, inventory.FieldPermissions)
		}
		m.e.KMSKeys = append(m.e.KMSKeys, k)
	}
}

// monitoring reads trails, log groups and metric alarms.
func (m *mapper) monitoring(byType map[string][]*Resource) {
	for _, r := range byType["aws_cloudtrail"] {
		a := r.Attrs
		name, _ := text(a.Get("name"))
		t := &inventory.Trail{Resource: m.header(r, name), MultiRegion: a.Get("is_multi_region_trail").IsTrue(),
			Logging: !present(a.Get("enable_logging")) || a.Get("enable_logging").IsTrue(), ManagementEvents: true}
		if _, why := text(a.Get("is_multi_region_trail")); why != "" {
			t.AddGap(inventory.FieldMultiRegion, "is_multi_region_trail: "+why, "")
		}
		var basic []inventory.BasicSelector
		for _, s := range a.Get("event_selector").Blocks() {
			sel := inventory.BasicSelector{ReadWriteType: s.Get("read_write_type").Text()}
			if v := s.Get("include_management_events"); present(v) {
				include := v.IsTrue()
				sel.IncludeManagementEvents = &include
			}
			for _, d := range s.Get("data_resource").Blocks() {
				sel.DataResources = append(sel.DataResources, inventory.DataResource{Type: d.Get("type").Text(), Values: d.Get("values").Strings()})
			}
			basic = append(basic, sel)
		}
		t.AddBasicSelectors(basic)
		var sels []inventory.AdvancedSelector
		for _, s := range a.Get("advanced_event_selector").Blocks() {
			sel := inventory.AdvancedSelector{Name: s.Get("name").Text()}
			for _, f := range s.Get("field_selector").Blocks() {
				sel.Fields = append(sel.Fields, inventory.FieldSelector{Field: f.Get("field").Text(), Equals: f.Get("equals").Strings(),
					StartsWith: f.Get("starts_with").Strings(), EndsWith: f.Get("ends_with").Strings(), NotEquals: f.Get("not_equals").Strings(),
					NotStartsWith: f.Get("not_starts_with").Strings(), NotEndsWith: f.Get("not_ends_with").Strings()})
			}
			sels = append(sels, sel)
		}
		t.AddAdvancedSelectors(sels)
		m.e.Trails = append(m.e.Trails, t)
	}
	for _, r := range byType["aws_cloudwatch_log_group"] {
		name, _ := text(r.Attrs.Get("name"))
		lg := &inventory.LogGroup{Resource: m.header(r, name), KMSKey: refOrValue(r.Attrs.Get("kms_key_id").Text())}
		if d, set, why := r.Attrs.Get("retention_in_days").Int(); set {
			if why != "" {
				lg.AddGap(inventory.FieldRetention, "retention_in_days: "+why, "")
			}
			lg.RetentionDays = d
		}
		m.e.LogGroups = append(m.e.LogGroups, lg)
	}
	for _, r := range byType["aws_cloudwatch_metric_alarm"] {
		a := r.Attrs
		name, _ := text(a.Get("alarm_name"))
		al := &inventory.Alarm{Resource: m.header(r, name), Namespace: a.Get("namespace").Text(), MetricName: a.Get("metric_name").Text()}
		if d := a.Get("dimensions"); d != nil && d.Kind == KindMap {
			al.Dimensions = map[string]string{}
			for i, k := range d.Keys {
				al.Dimensions[k] = refOrValue(d.Vals[i].Text())
			}
		}
		m.e.Alarms = append(m.e.Alarms, al)
	}
}
