package cloudformation

import (
	"strings"

	"github.com/lambdasec/lambdasec/internal/inventory"
)

// sourcePolicies reads the resource policies of the other event sources
// that can feed a function: an event bus's policy (the bus's Policy
// property, and AWS::Events::EventBusPolicy resources, in their Statement
// form or the older Action/Principal/Condition form), a Kinesis stream's
// (AWS::Kinesis::ResourcePolicy) and a DynamoDB table's (its
// ResourcePolicy property). A bus policy naming no bus, or "default", is
// the default bus's, kept as an Other named "default". It runs after
// others.
// https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-events-eventbuspolicy.html
// https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-kinesis-resourcepolicy.html
// https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-dynamodb-table-resourcepolicy.html
func (m *mapper) sourcePolicies(byType map[string][]*resource) {
	others := map[string]*inventory.Other{}
	for _, o := range m.e.Others {
		others[o.ID] = o
	}
	find := func(typ, ref string) *inventory.Other {
		if o := others[refOrValue(ref)]; o != nil && o.Type == typ {
			return o
		}
		for _, o := range m.e.Others {
			if o.Type == typ && ref != "" && (o.ARN == ref || o.Name == ref || strings.HasSuffix(ref, "/"+o.Name)) {
				return o
			}
		}
		return nil
	}
	for _, res := range byType["AWS::Events::EventBus"] {
		if o := others[res.id]; o != nil && res.props.get("Policy") != nil {
			o.Policy = m.policyOf(res, "resource policy", res.props.get("Policy"), &o.Resource, inventory.FieldPermissions)
		}
	}
	type busStatements struct {
		first *resource
		stmts []*value
	}
	buses := map[*inventory.Other]*busStatements{}
	var order []*inventory.Other
	for _, res := range byType["AWS::Events::EventBusPolicy"] {
		p := res.props
		name := p.get("EventBusName").text()
		var o *inventory.Other
		if name == "" || name == "default" {
			o = find(inventory.TypeEventBus, "default")
			if o == nil {
				o = &inventory.Other{Resource: inventory.Resource{ID: "default", Name: "default", Source: m.src(res, nil)}, Type: inventory.TypeEventBus}
				m.e.Others = append(m.e.Others, o)
			}
		} else if o = find(inventory.TypeEventBus, name); o == nil {
			continue
		}
		st := p.get("Statement")
		if st == nil {
			st = legacyBusStatement(p)
		}
		if buses[o] == nil {
			buses[o] = &busStatements{first: res}
			order = append(order, o)
		}
		buses[o].stmts = append(buses[o].stmts, st)
	}
	for _, o := range order {
		bs := buses[o]
		if o.Policy != nil {
			continue // the bus's own Policy property holds every statement
		}
		doc := obj(bs.first.props, "Version", "2012-10-17", "Statement", arr(bs.first.props, bs.stmts...))
		o.Policy = m.policyOf(bs.first, "resource policy", doc, &o.Resource, inventory.FieldPermissions)
	}
	for _, res := range byType["AWS::Kinesis::ResourcePolicy"] {
		if o := find("AWS::Kinesis::Stream", res.props.get("ResourceArn").text()); o != nil {
			o.Policy = m.policyOf(res, "resource policy", res.props.get("ResourcePolicy"), &o.Resource, inventory.FieldPermissions)
		}
	}
	for _, res := range byType["AWS::DynamoDB::Table"] {
		if o := others[res.id]; o != nil {
			if d := res.props.get("ResourcePolicy").get("PolicyDocument"); d != nil {
				o.Policy = m.policyOf(res, "resource policy", d, &o.Resource, inventory.FieldPermissions)
			}
		}
	}
}

// legacyBusStatement builds the statement of an EventBusPolicy written in
// the older form: Action, Principal (an account ID or "*"), StatementId,
// and a Condition of Type, Key and Value.
func legacyBusStatement(p *value) *value {
	principal := p.get("Principal")
	pr := principal
	if principal.text() != "*" {
		pr = obj(p, "AWS", principal)
	}
	var cond *value
	if c := p.get("Condition"); c != nil {
		cond = obj(c, c.get("Type").text(), obj(c, c.get("Key").text(), c.get("Value")))
	}
	return obj(p, "Sid", p.get("StatementId"), "Effect", "Allow", "Principal", pr, "Action", p.get("Action"), "Condition", cond)
}
