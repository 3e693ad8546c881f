package scan

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/lambdasec/lambdasec/internal/rules"
)

// v1RuleFields are the members of a schemaVersion 1 finding that are its
// rule's metadata: version 2 lists them once per rule, in "rules".
var v1RuleFields = []string{"ruleName", "title", "remediation", "references", "compliance"}

// reportVersion reads a report's schemaVersion: 1 or 2 (report.JSONSchemaVersion);
// anything else is an error naming the input.
func reportVersion(name string, raw json.RawMessage) (int, error) {
	var v int
	if err := json.Unmarshal(raw, &v); err != nil || v < 1 || v > 2 {
		return 0, fmt.Errorf("%s: schemaVersion %s: merge reads JSON reports of schemaVersion 1 and 2", name, raw)
	}
	return v, nil
}

// field is one member of a JSON object, in its order.
type field struct {
	key string
	raw json.RawMessage
}

// objectFields returns the members of a JSON object in their order.
func objectFields(raw json.RawMessage) ([]field, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return nil, fmt.Errorf("not a JSON object")
	}
	var out []field
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return nil, err
		}
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return nil, err
		}
		out = append(out, field{key: t.(string), raw: v})
	}
	return out, nil
}

// upgradeV1Finding returns a schemaVersion 1 finding (compact JSON) in
// the form of version 2: its rule's metadata taken out, the other members
// in their order; and its rule's entry for "rules" (compact JSON), built
// from the metadata the finding carried.
func upgradeV1Finding(raw json.RawMessage) (finding, rule json.RawMessage, err error) {
	fs, err := objectFields(raw)
	if err != nil {
		return nil, nil, err
	}
	meta := map[string]json.RawMessage{}
	var b bytes.Buffer
	b.WriteString("{")
	n := 0
	for _, f := range fs {
		if slices.Contains(v1RuleFields, f.key) {
			meta[f.key] = f.raw
			continue
		}
		if f.key == "ruleId" || f.key == "severity" {
			meta[f.key] = f.raw
		}
		if n > 0 {
			b.WriteString(",")
		}
		n++
		k, _ := json.Marshal(f.key)
		b.Write(k)
		b.WriteString(":")
		b.Write(f.raw)
	}
	b.WriteString("}")
	var id string
	_ = json.Unmarshal(meta["ruleId"], &id)
	// The rule's entry as a scan writes it: its default severity and its
	// area come from the rule itself when lambdasec still has it; a
	// finding's own severity may be another.
	sev, area := meta["severity"], "other"
	if r := rules.ByID(rules.All(), id); r != nil && strings.EqualFold(r.ID, id) {
		sev, _ = json.Marshal(r.Severity.String())
		area = r.Area()
	} else if len(id) == 5 {
		area = (&rules.Rule{ID: id}).Area()
	}
	entry := []field{{"id", meta["ruleId"]}, {"name", meta["ruleName"]}, {"title", meta["title"]}, {"severity", sev}}
	a, _ := json.Marshal(area)
	entry = append(entry, field{"area", a}, field{"remediation", meta["remediation"]}, field{"references", meta["references"]}, field{"compliance", meta["compliance"]})
	var r bytes.Buffer
	r.WriteString("{")
	n = 0
	for _, f := range entry {
		if len(f.raw) == 0 {
			if f.key != "name" && f.key != "title" && f.key != "remediation" {
				continue // left out when empty, as in a scan's report
			}
			f.raw = json.RawMessage(`null`)
			if f.key != "remediation" {
				f.raw = json.RawMessage(`""`)
			}
		}
		if n > 0 {
			r.WriteString(",")
		}
		n++
		k, _ := json.Marshal(f.key)
		r.Write(k)
		r.WriteString(":")
		r.Write(f.raw)
	}
	r.WriteString("}")
	return b.Bytes(), r.Bytes(), nil
}

// mergeRuleList returns the rule entries of "rules" once per ID (the
// first input's), sorted by ID as a scan writes them.
func mergeRuleList(list []json.RawMessage) []json.RawMessage {
	type entry struct {
		id  string
		raw json.RawMessage
	}
	seen := map[string]bool{}
	var out []entry
	for _, raw := range list {
		var head struct {
			ID string `json:"id"`
		}
		_ = json.Unmarshal(raw, &head)
		if seen[head.ID] {
			continue
		}
		seen[head.ID] = true
		out = append(out, entry{head.ID, raw})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].id < out[j].id })
	res := make([]json.RawMessage, len(out))
	for i, e := range out {
		res[i] = e.raw
	}
	return res
}
