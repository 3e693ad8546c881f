package iampolicy

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// Effect is a statement's effect.
type Effect string

// The two effects a statement can have.
const (
	Allow Effect = "Allow"
	Deny  Effect = "Deny"
)

// Policy is a parsed IAM policy document.
type Policy struct {
	Version    string
	ID         string
	Statements []Statement
}

// Statement is one statement of a policy. Exactly one of Action and
// NotAction is non-nil, likewise Resource/NotResource; Principal and
// NotPrincipal are nil when the element is absent (identity policies).
type Statement struct {
	// Index is the statement's position in the document, from 0.
	Index        int
	Sid          string
	Effect       Effect
	Principal    *Principal
	NotPrincipal *Principal
	Action       []string
	NotAction    []string
	Resource     []string
	NotResource  []string
	// Conditions are the condition block's entries, sorted by operator
	// then key, so evaluation and output are deterministic.
	Conditions []Condition
}

// Principal is the value of a Principal or NotPrincipal element.
type Principal struct {
	// All is true for `"Principal": "*"`.
	All           bool
	AWS           []string
	Service       []string
	Federated     []string
	CanonicalUser []string
}

// Condition is one key of one operator in a Condition block: the statement
// applies only when every Condition holds (AND), and a Condition holds when
// the key matches any of Values (OR), subject to the operator's set prefix.
type Condition struct {
	// Operator is written as in the policy: "StringEquals",
	// "ForAnyValue:StringLike", "ArnLikeIfExists"...
	Operator string
	// Key is the condition key as written ("aws:SourceArn"); AWS compares
	// keys case-insensitively.
	Key    string
	Values []string
}

// Parse reads a policy document in IAM's JSON grammar. It accepts a single
// statement object or a list, a string or a list for every multi-valued
// element, and string, number and boolean condition values. It returns an
// error naming the statement and element for anything AWS would reject as
// malformed: an Effect other than Allow/Deny, both Action and NotAction, no
// action at all, an unknown principal type, a non-string value.
func Parse(doc []byte) (*Policy, error) {
	doc = bytes.TrimSpace(doc)
	if len(doc) == 0 {
		return nil, errors.New("empty policy document")
	}
	var top map[string]json.RawMessage
	if err := json.Unmarshal(doc, &top); err != nil {
		return nil, fmt.Errorf("policy document is not a JSON object: %w", err)
	}
	p := &Policy{}
	for k, v := range top {
		switch k {
		case "Version":
			if err := json.Unmarshal(v, &p.Version); err != nil {
				return nil, fmt.Errorf("Version: %w", err)
			}
		case "Id":
			if err := json.Unmarshal(v, &p.ID); err != nil {
				return nil, fmt.Errorf("Id: %w", err)
			}
		case "Statement":
			st, err := parseStatements(v)
			if err != nil {
				return nil, err
			}
			p.Statements = st
		default:
			return nil, fmt.Errorf("unknown policy element %q", k)
		}
	}
	if _, ok := top["Statement"]; !ok {
		return nil, errors.New("policy has no Statement")
	}
	return p, nil
}

func parseStatements(raw json.RawMessage) ([]Statement, error) {
	raw = bytes.TrimSpace(raw)
	var items []json.RawMessage
	if len(raw) > 0 && raw[0] == '[' {
		if err := json.Unmarshal(raw, &items); err != nil {
			return nil, fmt.Errorf("Statement: %w", err)
		}
	} else {
		items = []json.RawMessage{raw}
	}
	out := make([]Statement, 0, len(items))
	for i, it := range items {
		st, err := parseStatement(it)
		if err != nil {
			return nil, fmt.Errorf("statement %d: %w", i+1, err)
		}
		st.Index = i
		out = append(out, st)
	}
	return out, nil
}

func parseStatement(raw json.RawMessage) (Statement, error) {
	var m map[string]json.RawMessage
	var st Statement
	if err := json.Unmarshal(raw, &m); err != nil {
		return st, fmt.Errorf("not a JSON object: %w", err)
	}
	for k, v := range m {
		var err error
		switch k {
		case "Sid":
			err = json.Unmarshal(v, &st.Sid)
		case "Effect":
			var e string
			err = json.Unmarshal(v, &e)
			st.Effect = Effect(e)
		case "Principal":
			st.Principal, err = parsePrincipal(v)
		case "NotPrincipal":
			st.NotPrincipal, err = parsePrincipal(v)
		case "Action":
			st.Action, err = stringList(v)
		case "NotAction":
			st.NotAction, err = stringList(v)
		case "Resource":
			st.Resource, err = stringList(v)
		case "NotResource":
			st.NotResource, err = stringList(v)
		case "Condition":
			st.Conditions, err = parseConditions(v)
		default:
			err = errors.New("unknown element")
		}
		if err != nil {
			return st, fmt.Errorf("%s: %w", k, err)
		}
	}
	switch {
	case st.Effect != Allow && st.Effect != Deny:
		return st, fmt.Errorf("Effect must be \"Allow\" or \"Deny\", not %q", st.Effect)
	case st.Action != nil && st.NotAction != nil:
		return st, errors.New("both Action and NotAction")
	case st.Action == nil && st.NotAction == nil:
		return st, errors.New("no Action or NotAction")
	case st.Resource != nil && st.NotResource != nil:
		return st, errors.New("both Resource and NotResource")
	case st.Principal != nil && st.NotPrincipal != nil:
		return st, errors.New("both Principal and NotPrincipal")
	}
	return st, nil
}

// stringList reads a JSON string or list of strings (numbers and booleans
// are taken as their text, as AWS does for condition values).
func stringList(raw json.RawMessage) ([]string, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) > 0 && raw[0] == '[' {
		var items []json.RawMessage
		if err := json.Unmarshal(raw, &items); err != nil {
			return nil, err
		}
		out := make([]string, 0, len(items))
		for _, it := range items {
			s, err := scalar(it)
			if err != nil {
				return nil, err
			}
			out = append(out, s)
		}
		return out, nil
	}
	s, err := scalar(raw)
	if err != nil {
		return nil, err
	}
	return []string{s}, nil
}

func scalar(raw json.RawMessage) (string, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return "", errors.New("empty value")
	}
	switch raw[0] {
	case '"':
		var s string
		err := json.Unmarshal(raw, &s)
		return s, err
	case 't', 'f':
		var b bool
		if err := json.Unmarshal(raw, &b); err != nil {
			return "", err
		}
		return strconv.FormatBool(b), nil
	case 'n':
		return "", errors.New("null is not a value")
	case '{', '[':
		return "", fmt.Errorf("expected a string, got %s", kindOf(raw))
	default:
		var n json.Number
		if err := json.Unmarshal(raw, &n); err != nil {
			return "", err
		}
		return n.String(), nil
	}
}

func kindOf(raw json.RawMessage) string {
	if raw[0] == '{' {
		return "an object"
	}
	return "a list"
}

func parsePrincipal(raw json.RawMessage) (*Principal, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) > 0 && raw[0] == '"' {
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			return nil, err
		}
		if s != "*" {
			return nil, fmt.Errorf("a string principal must be \"*\", not %q", s)
		}
		return &Principal{All: true}, nil
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil {
		return nil, fmt.Errorf("must be \"*\" or an object: %w", err)
	}
	p := &Principal{}
	for k, v := range m {
		list, err := stringList(v)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", k, err)
		}
		switch k {
		case "AWS":
			p.AWS = list
		case "Service":
			p.Service = list
		case "Federated":
			p.Federated = list
		case "CanonicalUser":
			p.CanonicalUser = list
		default:
			return nil, fmt.Errorf("unknown principal type %q", k)
		}
	}
	return p, nil
}

func parseConditions(raw json.RawMessage) ([]Condition, error) {
	var ops map[string]json.RawMessage
	if err := json.Unmarshal(raw, &ops); err != nil {
		return nil, fmt.Errorf("must be an object: %w", err)
	}
	var out []Condition
	for op, body := range ops {
		var keys map[string]json.RawMessage
		if err := json.Unmarshal(body, &keys); err != nil {
			return nil, fmt.Errorf("%s: must be an object of condition keys: %w", op, err)
		}
		for key, v := range keys {
			vals, err := stringList(v)
			if err != nil {
				return nil, fmt.Errorf("%s: %s: %w", op, key, err)
			}
			out = append(out, Condition{Operator: op, Key: key, Values: vals})
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Operator != out[j].Operator {
			return out[i].Operator < out[j].Operator
		}
		return out[i].Key < out[j].Key
	})
	return out, nil
}

// IsWildcard reports whether p admits every principal: "*" or {"AWS": "*"}.
func (p *Principal) IsWildcard() bool {
	if p == nil {
		return false
	}
	if p.All {
		return true
	}
	for _, a := range p.AWS {
		if a == "*" {
			return true
		}
	}
	return false
}

// String renders the principal as it appears in a policy, compactly:
// `*`, `AWS:arn:aws:iam::111122223333:root`, `Service:s3.amazonaws.com`.
func (p *Principal) String() string {
	if p == nil {
		return ""
	}
	if p.All {
		return "*"
	}
	var parts []string
	for _, kv := range []struct {
		k string
		v []string
	}{{"AWS", p.AWS}, {"Service", p.Service}, {"Federated", p.Federated}, {"CanonicalUser", p.CanonicalUser}} {
		for _, v := range kv.v {
			parts = append(parts, kv.k+":"+v)
		}
	}
	return strings.Join(parts, ", ")
}

// ParseOperator splits a condition operator into its set prefix
// ("ForAnyValue", "ForAllValues" or ""), its base operator ("StringLike")
// and whether it ends in IfExists.
func ParseOperator(op string) (set, base string, ifExists bool) {
	if s, rest, ok := strings.Cut(op, ":"); ok {
		set, op = s, rest
	}
	if b, ok := strings.CutSuffix(op, "IfExists"); ok && b != "" {
		return set, b, true
	}
	return set, op, false
}
