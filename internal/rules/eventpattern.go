package rules

import (
	"encoding/json"
	"fmt"
	"strings"
)

// matchEventPattern tells whether an Amazon EventBridge event pattern
// matches event, a probe event whose leaves are strings. Fields the probe
// does not hold (request parameters, user identity) may match either way:
// a condition on them gives triMaybe. It supports exact values, prefix,
// suffix, wildcard, equals-ignore-case, anything-but, exists and $or; it
// returns an error for a pattern that is not a JSON object.
// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns.html
// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html
func matchEventPattern(pattern string, event map[string]any) (tri, error) {
	var p map[string]any
	if err := json.Unmarshal([]byte(pattern), &p); err != nil {
		return triNo, fmt.Errorf("event pattern: %w", err)
	}
	if !aboutCloudTrailCall(p) {
		return triNo, nil
	}
	return matchPatternObject(p, event, 0), nil
}

// aboutCloudTrailCall reports whether an event pattern selects API calls
// recorded by CloudTrail by what tells them apart: their source, detail
// type, or detail's eventSource or eventName (in $or branches too). A
// pattern on other fields only (an EC2 state change) watches no Lambda
// call, whatever those fields would match.
func aboutCloudTrailCall(p map[string]any) bool {
	for _, k := range []string{"source", "detail-type"} {
		if _, ok := p[k]; ok {
			return true
		}
	}
	if d, ok := p["detail"].(map[string]any); ok {
		for _, k := range []string{"eventSource", "eventName"} {
			if _, ok := d[k]; ok {
				return true
			}
		}
	}
	if alts, ok := p["$or"].([]any); ok {
		for _, a := range alts {
			if m, ok := a.(map[string]any); ok && aboutCloudTrailCall(m) {
				return true
			}
		}
	}
	return false
}

func matchPatternObject(p, ev map[string]any, depth int) tri {
	if depth > maxPatternDepth {
		return triMaybe
	}
	out := triYes
	for k, pv := range p {
		if k == "$or" {
			alts, _ := pv.([]any)
			best := triNo
			for _, a := range alts {
				if m, ok := a.(map[string]any); ok {
					best = max(best, matchPatternObject(m, ev, depth+1))
				}
			}
			out = min(out, best)
			continue
		}
		evv, known := ev[k]
		switch pv := pv.(type) {
		case map[string]any:
			sub, ok := evv.(map[string]any)
			if !known || !ok {
				out = min(out, triMaybe)
				continue
			}
			out = min(out, matchPatternObject(pv, sub, depth+1))
		case []any:
			s, ok := evv.(string)
			if !known || !ok {
				out = min(out, triMaybe)
				continue
			}
			out = min(out, matchPatternValues(pv, s))
		default:
			return triNo // not a valid pattern: leaves are arrays
		}
	}
	return out
}

// matchPatternValues reports whether string s matches any of a field's
// matchers.
func matchPatternValues(ms []any, s string) tri {
	for _, m := range ms {
		switch m := m.(type) {
		case string:
			if m == s {
				return triYes
			}
		case map[string]any:
			if matchOperator(m, s) {
				return triYes
			}
		}
	}
	return triNo
}

// matchOperator applies one content filter ({"prefix": "Add"}) to s.
func matchOperator(m map[string]any, s string) bool {
	for op, arg := range m {
		switch op {
		case "prefix":
			if v, ok := textArg(arg); ok && strings.HasPrefix(s, v) {
				return true
			}
			if ci, ok := arg.(map[string]any); ok {
				if v, ok := ci["equals-ignore-case"].(string); ok && len(s) >= len(v) && strings.EqualFold(s[:len(v)], v) {
					return true
				}
			}
		case "suffix":
			if v, ok := textArg(arg); ok && strings.HasSuffix(s, v) {
				return true
			}
		case "equals-ignore-case":
			if v, ok := textArg(arg); ok && strings.EqualFold(s, v) {
				return true
			}
		case "wildcard":
			if v, ok := textArg(arg); ok && globMatch(v, s) {
				return true
			}
		case "exists":
			if b, ok := arg.(bool); ok && b {
				return true
			}
		case "anything-but":
			switch a := arg.(type) {
			case string:
				return a != s
			case []any:
				return matchPatternValues(a, s) == triNo
			case map[string]any:
				return !matchOperator(a, s)
			}
		}
	}
	return false
}

func textArg(a any) (string, bool) {
	s, ok := a.(string)
	return s, ok
}

// globMatch matches s against a pattern where * stands for any run of
// bytes (and nothing else is special), in time linear in len(s) times the
// number of stars.
func globMatch(pattern, s string) bool {
	parts := strings.Split(pattern, "*")
	if len(parts) == 1 {
		return pattern == s
	}
	if !strings.HasPrefix(s, parts[0]) {
		return false
	}
	s = s[len(parts[0]):]
	last := parts[len(parts)-1]
	for _, p := range parts[1 : len(parts)-1] {
		i := strings.Index(s, p)
		if i < 0 {
			return false
		}
		s = s[i+len(p):]
	}
	return len(s) >= len(last) && strings.HasSuffix(s, last)
}
