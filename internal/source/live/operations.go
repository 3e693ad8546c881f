package live

import (
	"encoding/json"
	"sort"
	"strings"
	"sync"
)

// Operation is one API operation the collector calls: the SDK's service ID
// and operation name, the IAM action that allows it, and why lambdasec
// calls it (the rules that need its data).
type Operation struct {
	// Service is the SDK service ID ("Lambda", "API Gateway").
	Service string
	Name    string
	// Action is the IAM action the call needs ("lambda:GetPolicy"); API
	// Gateway's control plane is authorised by HTTP method
	// ("apigateway:GET").
	Action string
	// Rules are the rule IDs that read what the call returns; Why says
	// what it returns in words.
	Rules []string
	Why   string
}

// Key is "service:Operation" in the form Limits.Calls uses: the SDK
// service ID in lower case ("lambda:GetPolicy").
func (o Operation) Key() string { return strings.ToLower(o.Service) + ":" + o.Name }

var (
	opsMu      sync.Mutex
	operations = map[string]Operation{}
)

// op registers an operation the collector calls. Each service's file
// registers its operations next to the code that calls them.
func op(service, name, action, why string, rules ...string) Operation {
	o := Operation{Service: service, Name: name, Action: action, Why: why, Rules: rules}
	opsMu.Lock()
	operations[o.Key()] = o
	opsMu.Unlock()
	return o
}

// Operations returns every operation the collector may call, sorted by
// service and name.
func Operations() []Operation {
	opsMu.Lock()
	defer opsMu.Unlock()
	out := make([]Operation, 0, len(operations))
	for _, o := range operations {
		out = append(out, o)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key() < out[j].Key() })
	return out
}

// OperationOf returns the registered operation for a Limits.Calls key.
func OperationOf(key string) (Operation, bool) {
	opsMu.Lock()
	defer opsMu.Unlock()
	o, ok := operations[key]
	return o, ok
}

// ReadOnlyPolicy returns the IAM policy document (JSON, indented) that
// allows every call of the collector and nothing else: the read actions of
// Operations on every resource, and, for --org, sts:AssumeRole on the
// named role in member accounts (roleName empty leaves it out).
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
func ReadOnlyPolicy(roleName string) []byte {
	seen := map[string]bool{}
	var actions []string
	for _, o := range Operations() {
		if o.Action == "" || o.Action == "sts:AssumeRole" || seen[o.Action] {
			continue
		}
		seen[o.Action] = true
		actions = append(actions, o.Action)
	}
	sort.Strings(actions)
	type statement struct {
		Sid      string   `json:"Sid"`
		Effect   string   `json:"Effect"`
		Action   []string `json:"Action"`
		Resource string   `json:"Resource"`
	}
	doc := struct {
		Version   string      `json:"Version"`
		Statement []statement `json:"Statement"`
	}{Version: "2012-10-17"}
	doc.Statement = append(doc.Statement, statement{Sid: "LambdasecReadOnly", Effect: "Allow", Action: actions, Resource: "*"})
	if roleName != "" {
		doc.Statement = append(doc.Statement, statement{Sid: "LambdasecOrganizationMembers", Effect: "Allow",
			Action: []string{"sts:AssumeRole"}, Resource: "arn:aws:iam::*:role/" + roleName})
	}
	b, _ := json.MarshalIndent(doc, "", "  ")
	return append(b, '\n')
}
