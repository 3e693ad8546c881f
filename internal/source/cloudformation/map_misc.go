package cloudformation

import (
	"encoding/json"
	"strings"

	"github.com/lambdasec/lambdasec/internal/inventory"
)

// triggerType guesses an event source mapping's type from its source: the
// service in an ARN, or the type of the template resource it refers to.
func (m *mapper) triggerType(src *value) string {
	s := src.text()
	if id, ok := inventory.RefTarget(s); ok {
		if res := m.t.byID[id]; res != nil {
			switch {
			case strings.HasPrefix(res.typ, "AWS::SQS::"):
				return inventory.TriggerSQS
			case strings.HasPrefix(res.typ, "AWS::Kinesis::"):
				return inventory.TriggerKinesis
			case strings.HasPrefix(res.typ, "AWS::DynamoDB::"), res.typ == "AWS::Serverless::SimpleTable":
				return inventory.TriggerDynamoDB
			case strings.HasPrefix(res.typ, "AWS::MSK::"):
				return inventory.TriggerKafka
			case strings.HasPrefix(res.typ, "AWS::AmazonMQ::"):
				return inventory.TriggerMQ
			case strings.HasPrefix(res.typ, "AWS::DocDB::"):
				return inventory.TriggerDocumentDB
			}
		}
	}
	return inventory.TriggerTypeOf(s)
}

// trigger records an event source of a function.
func (m *mapper) trigger(res *resource, at *value, typ, fnRef, source string, mapping, async, enabled bool) *inventory.Trigger {
	f, qual := m.functionRef(fnRef)
	if f == nil {
		return nil
	}
	tr := &inventory.Trigger{Resource: m.header(res, ""), Type: typ, Function: f.ID, Qualifier: qual,
		SourceARN: source, Mapping: mapping, Async: async, Enabled: enabled}
	tr.Source = m.src(res, at)
	m.e.Triggers = append(m.e.Triggers, tr)
	return tr
}

// triggers reads every kind of event source that can point at a function.
// Which invocations are asynchronous: https://docs.aws.amazon.com/lambda/latest/dg/lambda-services.html
func (m *mapper) triggers(byType map[string][]*resource) {
	for _, res := range byType["AWS::Lambda::EventSourceMapping"] {
		p := res.props
		src := p.get("EventSourceArn")
		typ := m.triggerType(src)
		if p.get("SelfManagedEventSource") != nil {
			typ = inventory.TriggerKafka
		}
		enabled := p.get("Enabled") == nil || p.get("Enabled").isTrue()
		if tr := m.trigger(res, nil, typ, p.get("FunctionName").text(), src.text(), true, false, enabled); tr != nil {
			tr.OnFailure = p.get("DestinationConfig").get("OnFailure").get("Destination").text()
			mappingSettings(tr, p)
		}
	}
	for _, res := range byType["AWS::SNS::Subscription"] {
		p := res.props
		if strings.EqualFold(p.get("Protocol").text(), "lambda") {
			m.trigger(res, nil, inventory.TriggerSNS, p.get("Endpoint").text(), p.get("TopicArn").text(), false, true, true)
		}
	}
	for _, res := range byType["AWS::SNS::Topic"] {
		for _, s := range res.props.get("Subscription").items() {
			if strings.EqualFold(s.get("Protocol").text(), "lambda") {
				m.trigger(res, s, inventory.TriggerSNS, s.get("Endpoint").text(), m.r.arnOf(res), false, true, true)
			}
		}
	}
	for _, res := range byType["AWS::Events::Rule"] {
		p := res.props
		typ := inventory.TriggerEventBridge
		if p.get("ScheduleExpression") != nil {
			typ = inventory.TriggerSchedule
		}
		enabled := !strings.EqualFold(p.get("State").text(), "DISABLED")
		for _, t := range p.get("Targets").items() {
			if tr := m.trigger(res, t, typ, t.get("Arn").text(), m.r.arnOf(res), false, true, enabled); tr != nil {
				tr.EventBus = refOrValue(p.get("EventBusName").text())
			}
		}
	}
	for _, res := range byType["AWS::Scheduler::Schedule"] {
		p := res.props
		enabled := !strings.EqualFold(p.get("State").text(), "DISABLED")
		m.trigger(res, nil, inventory.TriggerSchedule, p.get("Target").get("Arn").text(), "", false, true, enabled)
	}
	for _, res := range byType["AWS::S3::Bucket"] {
		for _, c := range res.props.get("NotificationConfiguration").get("LambdaConfigurations").items() {
			m.trigger(res, c, inventory.TriggerS3, c.get("Function").text(), m.r.arnOf(res), false, true, true)
		}
	}
	for _, res := range byType["AWS::Logs::SubscriptionFilter"] {
		p := res.props
		m.trigger(res, nil, inventory.TriggerCloudWatchLogs, p.get("DestinationArn").text(), p.get("LogGroupName").text(), false, true, true)
	}
	for _, res := range byType["AWS::IoT::TopicRule"] {
		for _, a := range res.props.get("TopicRulePayload").get("Actions").items() {
			if fa := a.get("Lambda").get("FunctionArn"); fa != nil {
				m.trigger(res, a, inventory.TriggerIoT, fa.text(), "", false, true, true)
			}
		}
	}
	for _, res := range byType["AWS::Cognito::UserPool"] {
		lc := res.props.get("LambdaConfig")
		for i := range lc.keysOrNil() {
			m.trigger(res, lc.vals[i], inventory.TriggerCognito, lc.vals[i].text(), m.r.arnOf(res), false, false, true)
		}
	}
}

func (m *mapper) layer(res *resource) {
	p := res.props
	name, _ := text(p.get("LayerName"))
	l := &inventory.Layer{Resource: m.header(res, name), CompatibleRuntimes: p.get("CompatibleRuntimes").strings()}
	l.ARN = inventory.RefToken(res.id)
	if c := p.get("Content"); c != nil {
		code := &inventory.Code{Source: m.src(res, c)}
		switch {
		case c.kind == kindScalar && strings.HasPrefix(c.str, "s3://"):
			code.S3URI = c.str
		case c.kind == kindScalar && !inventory.HasToken(c.str):
			code.LocalPath = joinDir(m.t.file, c.str)
		case c.get("S3Bucket") != nil:
			code.S3URI = "s3://" + c.get("S3Bucket").text() + "/" + c.get("S3Key").text()
		case c.get("Bucket") != nil:
			code.S3URI = "s3://" + c.get("Bucket").text() + "/" + c.get("Key").text()
		}
		l.Code = code
	}
	m.e.Layers = append(m.e.Layers, l)
}

// layerPermission turns an AWS::Lambda::LayerVersionPermission into the
// statement Lambda adds to the layer version's policy.
// https://docs.aws.amazon.com/lambda/latest/api/API_AddLayerVersionPermission.html
func (m *mapper) layerPermission(res *resource) {
	p := res.props
	ref := refOrValue(p.get("LayerVersionArn").text())
	var l *inventory.Layer
	for _, x := range m.e.Layers {
		if x.ID == ref || x.ARN == p.get("LayerVersionArn").text() {
			l = x
		}
	}
	if l == nil {
		return
	}
	st := map[string]any{
		"Sid":       res.id,
		"Effect":    "Allow",
		"Principal": principalValue(p.get("Principal").text()),
		"Action":    p.get("Action").text(),
		"Resource":  l.ARN,
	}
	if org := p.get("OrganizationId"); org != nil {
		st["Condition"] = map[string]any{"StringEquals": map[string]any{"aws:PrincipalOrgID": org.text()}}
	}
	var doc map[string]any
	if l.Policy != nil {
		_ = json.Unmarshal(l.Policy.Document, &doc)
	} else {
		doc = map[string]any{"Version": "2012-10-17", "Statement": []any{}}
		l.Policy = &inventory.Policy{Name: "layer version policy", Source: m.src(res, nil)}
	}
	doc["Statement"] = append(doc["Statement"].([]any), st)
	l.Policy.Document, _ = json.Marshal(doc)
	l.Policy.StatementSources = append(l.Policy.StatementSources, m.src(res, nil))
}

func joinDir(file, rel string) string {
	if strings.HasPrefix(rel, "/") {
		return rel
	}
	i := strings.LastIndexAny(file, `/\`)
	if i < 0 {
		return rel
	}
	return file[:i+1] + rel
}

// network reads subnets, security groups (with their separate ingress and
// egress rules) and VPC endpoints.
func (m *mapper) network(byType map[string][]*resource) {
	for _, res := range byType["AWS::EC2::Subnet"] {
		p := res.props
		s := &inventory.Subnet{Resource: m.header(res, ""), VPC: refOrValue(p.get("VpcId").text()), CIDR: p.get("CidrBlock").text()}
		az, why := text(p.get("AvailabilityZone"))
		if p.get("AvailabilityZone") == nil && p.get("AvailabilityZoneId") != nil {
			az, why = text(p.get("AvailabilityZoneId"))
		}
		switch {
		case why != "":
			s.AddGap(inventory.FieldAvailabilityZone, why, "")
		case az == "":
			s.AddGap(inventory.FieldAvailabilityZone, "no AvailabilityZone: AWS picks one", "")
		}
		s.AvailabilityZone = az
		m.e.Subnets = append(m.e.Subnets, s)
	}
	groups := map[string]*inventory.SecurityGroup{}
	for _, res := range byType["AWS::EC2::SecurityGroup"] {
		p := res.props
		name, _ := text(p.get("GroupName"))
		g := &inventory.SecurityGroup{Resource: m.header(res, name), VPC: refOrValue(p.get("VpcId").text())}
		if in := p.get("SecurityGroupIngress"); in != nil && in.kind == kindScalar {
			_, why := text(in)
			g.AddGap(inventory.FieldIngress, why, "")
		}
		for _, r := range p.get("SecurityGroupIngress").items() {
			g.Ingress = append(g.Ingress, m.sgRule(res, r, false))
		}
		for _, r := range p.get("SecurityGroupEgress").items() {
			g.Egress = append(g.Egress, m.sgRule(res, r, true))
		}
		if p.get("SecurityGroupEgress") == nil {
			g.Egress = append(g.Egress, defaultEgress(m.src(res, nil)))
		}
		m.e.SecurityGroups = append(m.e.SecurityGroups, g)
		groups[res.id] = g
	}
	for _, typ := range []string{"AWS::EC2::SecurityGroupIngress", "AWS::EC2::SecurityGroupEgress"} {
		for _, res := range byType[typ] {
			g := groups[refOrValue(res.props.get("GroupId").text())]
			if g == nil {
				continue
			}
			if typ == "AWS::EC2::SecurityGroupIngress" {
				g.Ingress = append(g.Ingress, m.sgRule(res, res.props, false))
			} else {
				g.Egress = append(g.Egress, m.sgRule(res, res.props, true))
			}
		}
	}
	m.groupUsers(groups)
	for _, res := range byType["AWS::EC2::VPCEndpoint"] {
		p := res.props
		ep := &inventory.VPCEndpoint{Resource: m.header(res, ""), ServiceName: p.get("ServiceName").text(),
			Type: p.get("VpcEndpointType").text(), VPC: refOrValue(p.get("VpcId").text()), Subnets: refList(p.get("SubnetIds"))}
		if ep.Type == "" {
			ep.Type = "Gateway"
		}
		if d := p.get("PolicyDocument"); d != nil {
			ep.Policy = m.policyOf(res, "endpoint policy", d, &ep.Resource, inventory.FieldPermissions)
		}
		m.e.VPCEndpoints = append(m.e.VPCEndpoints, ep)
	}
}

// groupUsers records, for each security group of the template, the other
// resources that name it (by Ref or Fn::GetAtt) anywhere in their
// properties: functions, security groups and their rules name groups as
// their own or as peers, and are left out.
func (m *mapper) groupUsers(groups map[string]*inventory.SecurityGroup) {
	for _, g := range groups {
		g.UsersKnown = true
	}
	for _, res := range m.t.resources {
		switch res.typ {
		case "AWS::Lambda::Function", "AWS::EC2::SecurityGroup", "AWS::EC2::SecurityGroupIngress", "AWS::EC2::SecurityGroupEgress":
			continue
		}
		seen := map[string]bool{}
		var walk func(v *value)
		walk = func(v *value) {
			if v == nil {
				return
			}
			switch v.kind {
			case kindScalar:
				if id, ok := inventory.RefTarget(v.str); ok && !seen[id] {
					if g := groups[id]; g != nil {
						seen[id] = true
						g.AttachedTo = append(g.AttachedTo, res.typ+" "+res.id)
					}
				}
			case kindList:
				for _, x := range v.list {
					walk(x)
				}
			case kindMap:
				for _, x := range v.vals {
					walk(x)
				}
			}
		}
		walk(res.props)
	}
}

func (m *mapper) sgRule(res *resource, r *value, egress bool) inventory.SGRule {
	proto := r.get("IpProtocol").text()
	from, _, _ := intProp(r.get("FromPort"))
	to, _, _ := intProp(r.get("ToPort"))
	if r.get("FromPort") == nil && r.get("ToPort") == nil {
		from, to = 0, 65535
	}
	rule := inventory.SGRule{Protocol: proto, FromPort: from, ToPort: to,
		CIDRv4: r.get("CidrIp").text(), CIDRv6: r.get("CidrIpv6").text(),
		Description: r.get("Description").text(), Source: m.src(res, r)}
	for _, k := range []string{"SourceSecurityGroupId", "SourcePrefixListId", "DestinationSecurityGroupId", "DestinationPrefixListId", "SourceSecurityGroupName"} {
		if v := r.get(k).text(); v != "" {
			rule.Peer = refOrValue(v)
		}
	}
	return rule
}

// data reads secrets with their rotation and KMS keys.
func (m *mapper) data(byType map[string][]*resource) {
	secrets := map[string]*inventory.Secret{}
	for _, res := range byType["AWS::SecretsManager::Secret"] {
		p := res.props
		name, _ := text(p.get("Name"))
		s := &inventory.Secret{Resource: m.header(res, name), KMSKey: refOrValue(p.get("KmsKeyId").text())}
		s.ARN = m.r.arnOf(res)
		m.e.Secrets = append(m.e.Secrets, s)
		secrets[res.id] = s
	}
	for _, res := range byType["AWS::SecretsManager::RotationSchedule"] {
		p := res.props
		s := secrets[refOrValue(p.get("SecretId").text())]
		if s == nil {
			continue
		}
		if p.get("RotationLambdaARN") == nil && p.get("HostedRotationLambda") == nil && p.get("RotationRules") == nil {
			continue
		}
		s.RotationEnabled = true
		s.Rotation = m.src(res, nil)
		if d, set, why := intProp(p.get("RotationRules").get("AutomaticallyAfterDays")); set && why == "" {
			s.RotationDays = d
		}
	}
	for _, res := range byType["AWS::KMS::Key"] {
		p := res.props
		k := &inventory.KMSKey{Resource: m.header(res, ""), RotationEnabled: p.get("EnableKeyRotation").isTrue()}
		k.ARN = m.r.arnOf(res)
		k.Origin = p.get("Origin").text()
		if v := p.get("EnableKeyRotation"); v != nil {
			if _, why := text(v); why != "" {
				k.AddGap(inventory.FieldRotation, "EnableKeyRotation: "+why, "")
			}
		}
		if d := p.get("KeyPolicy"); d != nil {
			k.Policy = m.policyOf(res, "key policy", d, &k.Resource, inventory.FieldPermissions)
		}
		m.e.KMSKeys = append(m.e.KMSKeys, k)
	}
}

// monitoring reads trails, log groups and alarms.
func (m *mapper) monitoring(byType map[string][]*resource) {
	for _, res := range byType["AWS::CloudTrail::Trail"] {
		p := res.props
		name, _ := text(p.get("TrailName"))
		t := &inventory.Trail{Resource: m.header(res, name), MultiRegion: p.get("IsMultiRegionTrail").isTrue(),
			Logging: p.get("IsLogging").isTrue(), ManagementEvents: true}
		if _, why := text(p.get("IsMultiRegionTrail")); why != "" {
			t.AddGap(inventory.FieldMultiRegion, "IsMultiRegionTrail: "+why, "")
		}
		var basic []inventory.BasicSelector
		for _, s := range p.get("EventSelectors").items() {
			sel := inventory.BasicSelector{ReadWriteType: s.get("ReadWriteType").text()}
			if v := s.get("IncludeManagementEvents"); v != nil {
				include := v.isTrue()
				sel.IncludeManagementEvents = &include
			}
			for _, d := range s.get("DataResources").items() {
				sel.DataResources = append(sel.DataResources, inventory.DataResource{Type: d.get("Type").text(), Values: d.get("Values").strings()})
			}
			basic = append(basic, sel)
		}
		t.AddBasicSelectors(basic)
		var sels []inventory.AdvancedSelector
		for _, s := range p.get("AdvancedEventSelectors").items() {
			sel := inventory.AdvancedSelector{Name: s.get("Name").text()}
			for _, f := range s.get("FieldSelectors").items() {
				sel.Fields = append(sel.Fields, inventory.FieldSelector{Field: f.get("Field").text(), Equals: f.get("Equals").strings(),
					StartsWith: f.get("StartsWith").strings(), EndsWith: f.get("EndsWith").strings(), NotEquals: f.get("NotEquals").strings(),
					NotStartsWith: f.get("NotStartsWith").strings(), NotEndsWith: f.get("NotEndsWith").strings()})
			}
			sels = append(sels, sel)
		}
		t.AddAdvancedSelectors(sels)
		m.e.Trails = append(m.e.Trails, t)
	}
	for _, res := range byType["AWS::Logs::LogGroup"] {
		p := res.props
		name, _ := text(p.get("LogGroupName"))
		lg := &inventory.LogGroup{Resource: m.header(res, name), KMSKey: refOrValue(p.get("KmsKeyId").text())}
		if d, set, why := intProp(p.get("RetentionInDays")); set {
			if why != "" {
				lg.AddGap(inventory.FieldRetention, why, "")
			}
			lg.RetentionDays = d
		}
		m.e.LogGroups = append(m.e.LogGroups, lg)
	}
	for _, res := range byType["AWS::CloudWatch::Alarm"] {
		p := res.props
		name, _ := text(p.get("AlarmName"))
		a := &inventory.Alarm{Resource: m.header(res, name), Namespace: p.get("Namespace").text(), MetricName: p.get("MetricName").text()}
		for _, d := range p.get("Dimensions").items() {
			if a.Dimensions == nil {
				a.Dimensions = map[string]string{}
			}
			a.Dimensions[d.get("Name").text()] = refOrValue(d.get("Value").text())
		}
		m.e.Alarms = append(m.e.Alarms, a)
	}
}

// defaultEgress is the rule EC2 gives a VPC security group created without
// SecurityGroupEgress: all traffic to 0.0.0.0/0. A standalone
// AWS::EC2::SecurityGroupEgress does not remove it.
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-ec2-securitygroup.html
func defaultEgress(at inventory.Source) inventory.SGRule {
	return inventory.SGRule{Protocol: "-1", FromPort: 0, ToPort: 65535, CIDRv4: "0.0.0.0/0",
		Description: "the default egress rule EC2 adds when SecurityGroupEgress is not given", Source: at}
}
