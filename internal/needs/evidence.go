package needs

import (
	"encoding/json"
	"strings"

	"github.com/lambdasec/lambdasec/internal/inventory"
)

// Sources are where evidence of a function's needs comes from beyond its
// configuration. Either may be nil.
type Sources struct {
	Code     CodeSource
	Activity ActivitySource
}

// Evidence is everything known about what one function needs.
type Evidence struct {
	// Needs are the needs, from configuration, code and activity, in the
	// order found (For does not sort them; Generate does).
	Needs []Need
	// Code and Activity say whether the function's code could be read and
	// whether CloudTrail had records of it. With neither, Needs hold only
	// what the configuration shows: the calls the code makes are missing.
	Code, Activity bool
}

// Seen reports whether more than the configuration was seen: the code, or
// recorded activity.
func (ev Evidence) Seen() bool { return ev.Code || ev.Activity }

// Basis says in words what the needs rest on: "configuration, code and
// CloudTrail activity".
func (ev Evidence) Basis() string {
	parts := []string{"configuration"}
	if ev.Code {
		parts = append(parts, "code")
	}
	if ev.Activity {
		parts = append(parts, "CloudTrail activity")
	}
	if len(parts) == 1 {
		return "configuration only (no code and no activity seen)"
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]
}

// For gathers the whole evidence of what function f of estate e (indexed
// by idx) needs: its configuration (Of), the SAM policy templates its
// author chose, the SDK calls of its code (src.Code) and the calls
// CloudTrail saw it make (src.Activity).
//
// The needs that only guess at the access — an environment variable
// naming a resource ("dynamodb:*" on the table) and the actions of a SAM
// policy template — stand for the code's calls while neither code nor
// activity is seen; once either is, they are left out, since the calls
// seen are what the function does with those resources.
func For(e *inventory.Estate, idx *inventory.Index, f *inventory.Function, src Sources) Evidence {
	var ev Evidence
	conf, _ := Of(e, idx, f, nil)
	var code, act []Need
	if src.Code != nil {
		code, ev.Code = src.Code.Code(f)
	}
	if src.Activity != nil {
		act, ev.Activity = src.Activity.Activity(f)
	}
	for _, n := range conf {
		if ev.Seen() && strings.HasPrefix(n.Reason, envReason) {
			continue
		}
		ev.Needs = append(ev.Needs, n)
	}
	if !ev.Seen() {
		ev.Needs = append(ev.Needs, templateNeeds(e, idx, f)...)
	}
	ev.Needs = append(ev.Needs, code...)
	ev.Needs = append(ev.Needs, act...)
	return ev
}

// envReason starts the reason of a need Of infers from an environment
// variable that names a resource.
const envReason = "environment variable "

// templateNeeds lists the statements of the SAM policy templates f's
// author chose (DynamoDBCrudPolicy on a table...), as needs: the author's
// statement of which resources the function uses and how.
func templateNeeds(e *inventory.Estate, idx *inventory.Index, f *inventory.Function) []Need {
	r := idx.Role(f.Role)
	if r == nil {
		return nil
	}
	in := estate{e, idx}
	var out []Need
	for _, p := range r.InlinePolicies {
		if p.SAMTemplate == "" {
			continue
		}
		var doc struct {
			Statement []struct {
				Effect   string
				Action   any
				Resource any
			}
		}
		if json.Unmarshal(p.Document, &doc) != nil {
			continue
		}
		for _, st := range doc.Statement {
			if st.Effect != "Allow" {
				continue
			}
			for _, a := range strs(st.Action) {
				for _, res := range strs(st.Resource) {
					out = append(out, Need{Action: a, Resource: in.resourceARN(res), Reason: "SAM policy template " + p.SAMTemplate + " the author chose",
						File: p.Source.File, Line: p.Source.Line})
				}
			}
		}
	}
	return out
}

// strs reads a policy element that is a string or a list of strings.
func strs(v any) []string {
	switch v := v.(type) {
	case string:
		return []string{v}
	case []any:
		var out []string
		for _, x := range v {
			if s, ok := x.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}
