package scan

import (
	"bytes"
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/lambdasec/lambdasec/internal/report"
)

// jsonReport scans path and returns its JSON report (schemaVersion 2).
func jsonReport(t *testing.T, path string) []byte {
	t.Helper()
	res, err := Run(context.Background(), Request{Paths: []string{path}, Now: time.Date(2026, 11, 21, 0, 0, 0, 0, time.UTC), Parallel: 1})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := res.Write(&buf, "json", report.Options{Version: "test"}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// asV1 rewrites a schemaVersion 2 report as lambdasec wrote version 1:
// every finding carrying its rule's name, title, remediation, references
// and compliance, and no "rules".
func asV1(t *testing.T, v2 []byte) []byte {
	t.Helper()
	top, err := objectFields(v2)
	if err != nil {
		t.Fatal(err)
	}
	rulesByID := map[string]map[string]json.RawMessage{}
	for _, f := range top {
		if f.key != "rules" {
			continue
		}
		var rs []map[string]json.RawMessage
		if err := json.Unmarshal(f.raw, &rs); err != nil {
			t.Fatal(err)
		}
		for _, r := range rs {
			var id string
			_ = json.Unmarshal(r["id"], &id)
			rulesByID[id] = r
		}
	}
	obj := func(fs []field) []byte {
		var b bytes.Buffer
		b.WriteString("{")
		for i, f := range fs {
			if i > 0 {
				b.WriteString(",")
			}
			k, _ := json.Marshal(f.key)
			b.Write(k)
			b.WriteString(":")
			b.Write(f.raw)
		}
		b.WriteString("}")
		return b.Bytes()
	}
	var out []field
	for _, f := range top {
		switch f.key {
		case "rules":
			continue
		case "schemaVersion":
			f.raw = json.RawMessage("1")
		case "findings":
			var fs []json.RawMessage
			if err := json.Unmarshal(f.raw, &fs); err != nil {
				t.Fatal(err)
			}
			var v1 []json.RawMessage
			for _, raw := range fs {
				members, err := objectFields(raw)
				if err != nil {
					t.Fatal(err)
				}
				var id string
				_ = json.Unmarshal(members[0].raw, &id)
				r := rulesByID[id]
				if r == nil {
					t.Fatalf("finding of rule %s: no such rule in rules", id)
				}
				var old []field
				for _, m := range members {
					if m.key == "fingerprint" {
						old = append(old, field{"remediation", r["remediation"]})
						for _, k := range []string{"references", "compliance"} {
							if r[k] != nil {
								old = append(old, field{k, r[k]})
							}
						}
					}
					old = append(old, m)
					if m.key == "ruleId" {
						old = append(old, field{"ruleName", r["name"]}, field{"title", r["title"]})
					}
				}
				v1 = append(v1, obj(old))
			}
			f.raw, _ = json.Marshal(v1)
		}
		out = append(out, f)
	}
	return obj(out)
}

// TestMergeReportsV1V2 merges a schemaVersion 1 report with a version 2
// one: the result is the version 2 report that merging the two as version
// 2 gives, byte for byte (the version 1 findings' rule metadata moved to
// "rules", once per rule).
func TestMergeReportsV1V2(t *testing.T) {
	shop := jsonReport(t, "../../examples/vulnerable-shop")
	orders := jsonReport(t, "../../examples/orders-api")
	shopV1 := asV1(t, shop)
	if !bytes.Contains(shopV1, []byte(`"ruleName":"public-invoke"`)) || bytes.Contains(shopV1, []byte(`"rules":`)) {
		t.Fatalf("asV1 wrote no version 1 report:\n%.400s", shopV1)
	}
	merged := func(in ...MergeInput) string {
		m, err := MergeInputs(in)
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := m.Write(&buf); err != nil {
			t.Fatal(err)
		}
		return buf.String()
	}
	want := merged(MergeInput{Name: "shop.json", Data: shop}, MergeInput{Name: "orders.json", Data: orders})
	got := merged(MergeInput{Name: "shop.json", Data: shopV1}, MergeInput{Name: "orders.json", Data: orders})
	if got != want {
		gl, wl := strings.Split(got, "\n"), strings.Split(want, "\n")
		for i := range min(len(gl), len(wl)) {
			if gl[i] != wl[i] {
				t.Fatalf("v1+v2 merge differs from v2+v2 at line %d:\ngot  %s\nwant %s", i+1, gl[i], wl[i])
			}
		}
		t.Fatalf("v1+v2 merge: %d lines, v2+v2: %d", len(gl), len(wl))
	}
	var rep struct {
		SchemaVersion int
		Rules         []struct{ ID, Name string }
		Findings      []map[string]json.RawMessage
	}
	if err := json.Unmarshal([]byte(got), &rep); err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, r := range rep.Rules {
		ids = append(ids, r.ID)
	}
	if rep.SchemaVersion != 2 || !slices.IsSorted(ids) || len(slices.Compact(slices.Clone(ids))) != len(ids) || len(rep.Findings) == 0 {
		t.Errorf("schemaVersion %d, rules %v (want 2, each rule once, by ID), %d findings", rep.SchemaVersion, ids, len(rep.Findings))
	}
	for _, f := range rep.Findings {
		for _, k := range v1RuleFields {
			if _, ok := f[k]; ok {
				t.Fatalf("a merged finding keeps the version 1 member %q", k)
			}
		}
	}

	// With no version 2 input listing them, the rules come from the
	// version 1 findings alone: each the entry a scan writes.
	empty := []byte(`{"schemaVersion":2,"tool":"lambdasec","version":"test","summary":{"files":0,"estates":0},"rules":[],"findings":[]}`)
	alone := merged(MergeInput{Name: "shop.json", Data: shopV1}, MergeInput{Name: "empty.json", Data: empty})
	entries := func(doc []byte) map[string]string {
		var r struct{ Rules []json.RawMessage }
		if err := json.Unmarshal(doc, &r); err != nil {
			t.Fatal(err)
		}
		out := map[string]string{}
		for _, raw := range r.Rules {
			c, _ := compact(raw)
			var head struct{ ID string }
			_ = json.Unmarshal(c, &head)
			out[head.ID] = string(c)
		}
		return out
	}
	fromV1, fromScan := entries([]byte(alone)), entries(shop)
	if len(fromV1) == 0 {
		t.Fatal("no rules from the version 1 findings")
	}
	for id, e := range fromV1 {
		if e != fromScan[id] {
			t.Errorf("rule %s from version 1 findings:\n%s\nthe scan's:\n%s", id, e, fromScan[id])
		}
	}

	// Two version 1 reports stay version 1.
	v1v1 := merged(MergeInput{Name: "shop.json", Data: shopV1}, MergeInput{Name: "orders.json", Data: asV1(t, orders)})
	if !strings.Contains(v1v1, `"schemaVersion": 1`) || !strings.Contains(v1v1, `"ruleName": "public-invoke"`) {
		t.Errorf("two version 1 reports merged into:\n%.300s", v1v1)
	}
}
