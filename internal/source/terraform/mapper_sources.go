package terraform

import (
	"encoding/json"
	"strings"

	"github.com/lambdasec/lambdasec/internal/inventory"
)

// sourcePolicies reads the resource policies of the other event sources
// that can feed a function: aws_cloudwatch_event_bus_policy and
// aws_cloudwatch_event_permission for an event bus (no event_bus_name, or
// "default": the default bus, kept as an Other named "default"),
// aws_kinesis_resource_policy for a stream and aws_dynamodb_resource_policy
// for a table. It runs after others.
// https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/cloudwatch_event_bus_policy
// https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/cloudwatch_event_permission
// https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/kinesis_resource_policy
// https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/dynamodb_resource_policy
func (m *mapper) sourcePolicies(byType map[string][]*Resource) {
	find := func(typ, ref string, src inventory.Source) *inventory.Other {
		ref = refOrValue(ref)
		if typ == inventory.TypeEventBus && (ref == "" || ref == "default") {
			ref = "default"
		}
		for _, o := range m.e.Others {
			if o.Type == typ && (o.ID == ref || o.ARN == ref || o.Name != "" && (o.Name == ref || strings.HasSuffix(ref, "/"+o.Name))) {
				return o
			}
		}
		if ref != "default" {
			return nil
		}
		o := &inventory.Other{Resource: inventory.Resource{ID: "default", Name: "default", Source: src}, Type: typ}
		m.e.Others = append(m.e.Others, o)
		return o
	}
	for _, r := range byType["aws_cloudwatch_event_bus_policy"] {
		if o := find(inventory.TypeEventBus, r.Attrs.Get("event_bus_name").Text(), r.Source); o != nil {
			o.Policy = m.policyOf("resource policy", r.Attrs.Get("policy"), &o.Resource, inventory.FieldPermissions)
		}
	}
	// aws_cloudwatch_event_permission: one statement each, joined per bus.
	stmts := map[*inventory.Other][]map[string]any{}
	var order []*inventory.Other
	for _, r := range byType["aws_cloudwatch_event_permission"] {
		a := r.Attrs
		o := find(inventory.TypeEventBus, a.Get("event_bus_name").Text(), r.Source)
		if o == nil || o.Policy != nil && stmts[o] == nil {
			continue // a bus policy resource holds the whole policy
		}
		st, why := permissionStatement(a)
		if why != "" {
			o.AddGap(inventory.FieldPermissions, r.Address+": "+why, "")
			continue
		}
		if stmts[o] == nil {
			order = append(order, o)
		}
		stmts[o] = append(stmts[o], st)
		o.Policy = &inventory.Policy{Name: "resource policy", Source: r.Source}
	}
	for _, o := range order {
		doc, _ := json.Marshal(map[string]any{"Version": "2012-10-17", "Statement": stmts[o]})
		o.Policy.Document = doc
	}
	for _, pt := range [][2]string{{"aws_kinesis_resource_policy", inventory.TypeStream}, {"aws_dynamodb_resource_policy", inventory.TypeTable}} {
		for _, r := range byType[pt[0]] {
			if o := find(pt[1], r.Attrs.Get("resource_arn").Text(), r.Source); o != nil {
				o.Policy = m.policyOf("resource policy", r.Attrs.Get("policy"), &o.Resource, inventory.FieldPermissions)
			}
		}
	}
}

// permissionStatement builds the bus policy statement of an
// aws_cloudwatch_event_permission: principal (an account ID or "*"),
// action (events:PutEvents when not given), statement_id, and an
// optional condition block of key, type and value.
func permissionStatement(a *Value) (map[string]any, string) {
	principal, why := text(a.Get("principal"))
	if why != "" {
		return nil, "principal: " + why
	}
	action, why := text(a.Get("action"))
	if why != "" {
		return nil, "action: " + why
	}
	if action == "" {
		action = "events:PutEvents"
	}
	st := map[string]any{"Effect": "Allow", "Action": action, "Resource": "*"}
	if sid, _ := text(a.Get("statement_id")); sid != "" {
		st["Sid"] = sid
	}
	if principal == "*" {
		st["Principal"] = "*"
	} else {
		st["Principal"] = map[string]any{"AWS": principal}
	}
	for _, c := range a.Get("condition").Blocks() {
		key, w1 := text(c.Get("key"))
		typ, w2 := text(c.Get("type"))
		val, w3 := text(c.Get("value"))
		if w := w1 + w2 + w3; w != "" {
			return nil, "condition: " + w
		}
		st["Condition"] = map[string]any{typ: map[string]any{key: val}}
	}
	return st, ""
}
