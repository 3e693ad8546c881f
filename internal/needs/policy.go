package needs

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/lambdasec/lambdasec/internal/iampolicy"
	"github.com/lambdasec/lambdasec/internal/inventory"
)

// Placeholder returns the resource of a need whose resource cannot be
// known (a name built at run time, a record that names none): an
// unresolved token saying what it stands for ("dynamodb table named by a
// value unknown before run time"). A generated policy prints it as a
// placeholder to replace, never as "*".
func Placeholder(service, what string) string {
	return inventory.UnresolvedToken(strings.TrimSpace(service + " " + what))
}

// IsPlaceholder reports whether a need's resource is not known: an
// unresolved token, or a value that is neither "*" nor an ARN (with or
// without template tokens) — what a code analyzer writes for a name it
// could not resolve.
func IsPlaceholder(resource string) bool {
	if resource == "*" || resource == "" {
		return false
	}
	if inventory.IsUnresolved(resource) {
		return true
	}
	return !strings.HasPrefix(resource, "arn:") && !inventory.HasToken(resource)
}

// Statement is one statement of a generated least-privilege policy: the
// actions it allows on its resources, and the needs that call for them.
type Statement struct {
	// Sid names the statement after its service, numbered from the
	// second ("Dynamodb", "Dynamodb2"); the evidence says why it is there.
	Sid       string   `json:"sid"`
	Actions   []string `json:"actions"`
	Resources []string `json:"resources"`
	// Evidence are the needs the statement grants, sorted by action,
	// resource and reason.
	Evidence []Need `json:"evidence"`
	// Placeholders are the resources that are not known (IsPlaceholder),
	// to be replaced before the policy is deployed.
	Placeholders []string `json:"placeholders,omitempty"`
}

// Generate turns needs into the statements of a least-privilege policy:
// the actions each resource needs, resources with the same actions in one
// statement, an action needed on "*" not repeated on a resource, an action
// another need's pattern covers on the same resource left out. The result
// is sorted (by service, then actions, then resources), so the same needs
// give the same policy byte for byte.
func Generate(needs []Need) []Statement {
	type grant struct{ action, resource string }
	evidence := map[grant][]Need{}
	for _, n := range needs {
		if n.Action == "" {
			continue
		}
		r := n.Resource
		if r == "" {
			r = "*"
		}
		g := grant{n.Action, r}
		evidence[g] = append(evidence[g], n)
	}
	// Fold a grant into a broader one: the same action (or a pattern
	// covering it) on "*", or a pattern covering it on the same resource.
	covers := func(h, g grant) bool {
		return h != g && (h.resource == "*" || h.resource == g.resource) && iampolicy.MatchAction(h.action, g.action)
	}
	keys := make([]grant, 0, len(evidence))
	for g := range evidence {
		keys = append(keys, g)
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].action != keys[j].action {
			return keys[i].action < keys[j].action
		}
		return keys[i].resource < keys[j].resource
	})
	for _, g := range keys {
		for _, h := range keys {
			if _, live := evidence[h]; !live || !covers(h, g) || covers(g, h) {
				continue
			}
			evidence[h] = append(evidence[h], evidence[g]...)
			delete(evidence, g)
			break
		}
	}
	// Actions per resource and service: a statement holds one service.
	type slot struct{ resource, service string }
	actionsOf := map[slot][]string{}
	for g := range evidence {
		k := slot{g.resource, serviceOfAction(g.action)}
		actionsOf[k] = append(actionsOf[k], g.action)
	}
	byActions := map[string]*Statement{}
	for k, acts := range actionsOf {
		res := k.resource
		sort.Strings(acts)
		key := strings.Join(acts, ",")
		st := byActions[key]
		if st == nil {
			st = &Statement{Actions: acts}
			byActions[key] = st
		}
		st.Resources = append(st.Resources, res)
		for _, a := range acts {
			st.Evidence = append(st.Evidence, evidence[grant{a, res}]...)
		}
		if IsPlaceholder(res) {
			st.Placeholders = append(st.Placeholders, res)
		}
	}
	out := make([]Statement, 0, len(byActions))
	for _, st := range byActions {
		sort.Strings(st.Resources)
		sort.Strings(st.Placeholders)
		sortNeeds(st.Evidence)
		st.Evidence = slices.Compact(st.Evidence)
		out = append(out, *st)
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if sa, sb := serviceOfAction(a.Actions[0]), serviceOfAction(b.Actions[0]); sa != sb {
			return sa < sb
		}
		if ka, kb := strings.Join(a.Actions, ","), strings.Join(b.Actions, ","); ka != kb {
			return ka < kb
		}
		return strings.Join(a.Resources, ",") < strings.Join(b.Resources, ",")
	})
	perService := map[string]int{}
	for i := range out {
		svc := serviceOfAction(out[i].Actions[0])
		perService[svc]++
		out[i].Sid = sidWord(svc)
		if n := perService[svc]; n > 1 {
			out[i].Sid += fmt.Sprint(n)
		}
	}
	return out
}

// sortNeeds sorts needs by action, resource, reason, file and line.
func sortNeeds(ns []Need) {
	sort.Slice(ns, func(i, j int) bool {
		a, b := ns[i], ns[j]
		switch {
		case a.Action != b.Action:
			return a.Action < b.Action
		case a.Resource != b.Resource:
			return a.Resource < b.Resource
		case a.Reason != b.Reason:
			return a.Reason < b.Reason
		case a.File != b.File:
			return a.File < b.File
		}
		return a.Line < b.Line
	})
}

// sidWord turns a service prefix into the letters and digits a Sid
// allows ("states" -> "States", "execute-api" -> "ExecuteApi").
func sidWord(svc string) string {
	var b strings.Builder
	up := true
	for _, r := range svc {
		switch {
		case r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9':
			if up && r >= 'a' && r <= 'z' {
				r -= 'a' - 'A'
			}
			b.WriteRune(r)
			up = false
		default:
			up = true
		}
	}
	if b.Len() == 0 {
		return "Statement"
	}
	return b.String()
}

// Describe says in one line where a need was seen: its reason, the file
// and line of the code ("TABLE.put_item at src/app.py:15"); a count is
// in the reason.
func (n Need) Describe() string {
	s := n.Reason
	if n.File != "" {
		at := n.File
		if n.Line > 0 {
			at = fmt.Sprintf("%s:%d", n.File, n.Line)
		}
		if !strings.Contains(s, at) {
			s += " at " + at
		}
	}
	return s
}

// Document is an IAM policy document as JSON writes it.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
type Document struct {
	Version   string        `json:"Version"`
	Statement []DocumentRow `json:"Statement"`
}

// DocumentRow is one statement of a Document.
type DocumentRow struct {
	Sid      string   `json:"Sid"`
	Effect   string   `json:"Effect"`
	Action   []string `json:"Action"`
	Resource []string `json:"Resource"`
}

// DocumentOf returns the statements as an IAM policy document (Version
// 2012-10-17), each statement with its Sid; template tokens in resources
// are written as inventory.Describe writes them ("${AWS::Region}",
// "<unresolved: ...>" for a placeholder).
func DocumentOf(sts []Statement) Document {
	doc := Document{Version: "2012-10-17", Statement: []DocumentRow{}}
	for _, st := range sts {
		res := make([]string, len(st.Resources))
		for i, r := range st.Resources {
			res[i] = inventory.Describe(r)
		}
		doc.Statement = append(doc.Statement, DocumentRow{Sid: st.Sid, Effect: "Allow", Action: st.Actions, Resource: res})
	}
	return doc
}
