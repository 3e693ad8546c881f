package terraform

import (
	"bytes"
	"encoding/json"
	"fmt"
	"path/filepath"
	"sort"
	"strings"

	"github.com/lambdasec/lambdasec/internal/inventory"
)

// The JSON that `terraform show -json` writes for a plan or a state.
// https://developer.hashicorp.com/terraform/internals/json-format
type planJSON struct {
	FormatVersion    string           `json:"format_version"`
	TerraformVersion string           `json:"terraform_version"`
	PlannedValues    *valuesJSON      `json:"planned_values"`
	Values           *valuesJSON      `json:"values"`
	ResourceChanges  []resourceChange `json:"resource_changes"`
	Configuration    *configJSON      `json:"configuration"`
	PriorState       *struct {
		Values *valuesJSON `json:"values"`
	} `json:"prior_state"`
}

type valuesJSON struct {
	RootModule moduleJSON `json:"root_module"`
}

type moduleJSON struct {
	Address      string         `json:"address"`
	Resources    []resourceJSON `json:"resources"`
	ChildModules []moduleJSON   `json:"child_modules"`
}

type resourceJSON struct {
	Address string          `json:"address"`
	Mode    string          `json:"mode"`
	Type    string          `json:"type"`
	Name    string          `json:"name"`
	Index   json.RawMessage `json:"index"`
	Values  map[string]any  `json:"values"`
}

type resourceChange struct {
	Address string `json:"address"`
	Change  struct {
		Actions     []string `json:"actions"`
		AfterUnkown any      `json:"after_unknown"`
	} `json:"change"`
}

type configJSON struct {
	RootModule configModule `json:"root_module"`
}

type configModule struct {
	Resources   []configResource      `json:"resources"`
	ModuleCalls map[string]moduleCall `json:"module_calls"`
}

type moduleCall struct {
	Source string       `json:"source"`
	Module configModule `json:"module"`
}

type configResource struct {
	Address     string                     `json:"address"`
	Expressions map[string]json.RawMessage `json:"expressions"`
}

// LooksLikePlan reports whether data is the JSON of a Terraform plan or
// state as `terraform show -json` writes it: an object with
// "format_version" and "planned_values" or "values". It looks at the
// content, not the file name.
func LooksLikePlan(data []byte) bool {
	head := data
	if len(head) > 4096 {
		head = head[:4096]
	}
	t := bytes.TrimSpace(head)
	if len(t) == 0 || t[0] != '{' || !bytes.Contains(head, []byte(`"format_version"`)) {
		return false
	}
	return bytes.Contains(data, []byte(`"planned_values"`)) || bytes.Contains(data, []byte(`"values"`))
}

// ReadPlan reads the JSON of a plan (`terraform show -json plan.out`) or of
// a state (`terraform show -json`) into an estate named path. Values come
// from planned_values (a plan) or values (a state), child modules
// included; a value the plan marks in after_unknown is unresolved with the
// reason "known only after apply", unless the configuration shows it is a
// reference to another resource of the plan, which is then followed.
// Positions are the file and the resource address. Warnings are problems
// that did not stop the read.
func ReadPlan(path string, data []byte) (*inventory.Estate, []inventory.Diagnostic, error) {
	var p planJSON
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := dec.Decode(&p); err != nil {
		return nil, nil, fmt.Errorf("%s: not a Terraform plan or state: %w", path, err)
	}
	if p.FormatVersion == "" {
		return nil, nil, fmt.Errorf("%s: no format_version: not the JSON of `terraform show -json`", path)
	}
	if major, _, _ := strings.Cut(p.FormatVersion, "."); major != "0" && major != "1" {
		return nil, nil, fmt.Errorf("%s: format_version %s is not one lambdasec reads (1.x)", path, p.FormatVersion)
	}
	vals := p.PlannedValues
	if vals == nil {
		vals = p.Values
	}
	if vals == nil {
		return nil, nil, fmt.Errorf("%s: neither planned_values nor values: nothing to read", path)
	}
	unknown := map[string]any{}
	for _, rc := range p.ResourceChanges {
		unknown[rc.Address] = rc.Change.AfterUnkown
	}
	exprs := map[string]map[string]json.RawMessage{} // module-relative config address with module prefix
	if p.Configuration != nil {
		collectExprs("", p.Configuration.RootModule, exprs)
	}
	pr := &planReader{path: path, byAddr: map[string]*resourceJSON{}}
	var all []*resourceJSON
	var walk func(m *moduleJSON)
	walk = func(m *moduleJSON) {
		for i := range m.Resources {
			r := &m.Resources[i]
			all = append(all, r)
			pr.byAddr[r.Address] = r
		}
		for i := range m.ChildModules {
			walk(&m.ChildModules[i])
		}
	}
	walk(&vals.RootModule)
	var out []*Resource
	for _, r := range all {
		src := inventory.Source{File: path, LogicalID: r.Address}
		attrs := fromJSONValues(r.Values, src)
		merged := mergeUnknown(attrs, unknown[r.Address], src)
		modPrefix, cfgAddr := splitModule(r.Address)
		ex := exprs[modPrefix+cfgAddr]
		for i, k := range merged.Keys {
			v := merged.Vals[i]
			raw, ok := ex[k]
			if !ok {
				// Known only after apply and not set by the configuration:
				// the provider computes it (an ARN, an ID, the role's
				// attachments made by other resources, AWS's default
				// tracing mode), so it is not configured here.
				if _, cfg := exprs[modPrefix+cfgAddr]; cfg {
					if why, unres := v.Unresolved(); unres && why == knownAfterApply {
						merged.Vals[i] = &Value{Kind: KindNull, Source: src}
					}
				}
				continue
			}
			refs := references(raw)
			if why, unres := v.Unresolved(); unres && why == knownAfterApply {
				if len(refs) > 0 {
					if rv := pr.follow(modPrefix, refs[0], src); rv != nil {
						merged.Vals[i] = rv
						continue
					}
				}
			}
			pr.markRefs(v, refs)
		}
		out = append(out, &Resource{Mode: r.Mode, Type: r.Type, Address: r.Address, Attrs: merged, Source: src})
	}
	est, warns := Map(path, filepath.Dir(path), out)
	// The plan read data.aws_caller_identity: the estate's own account is
	// known, so a grant to it is not a grant to another account.
	if acct := callerAccount(vals, p.PriorState); acct != "" {
		est.Account = acct
	}
	return est, warns, nil
}

// callerAccount returns the account_id of an aws_caller_identity data
// source in the plan's values or prior state, or "".
func callerAccount(vals *valuesJSON, prior *struct {
	Values *valuesJSON `json:"values"`
}) string {
	var found string
	var walk func(m *moduleJSON)
	walk = func(m *moduleJSON) {
		for _, r := range m.Resources {
			if r.Mode == "data" && r.Type == "aws_caller_identity" {
				if s, ok := r.Values["account_id"].(string); ok && found == "" {
					found = s
				}
			}
		}
		for i := range m.ChildModules {
			walk(&m.ChildModules[i])
		}
	}
	walk(&vals.RootModule)
	if prior != nil && prior.Values != nil {
		walk(&prior.Values.RootModule)
	}
	return found
}

// knownAfterApply is the reason of a value the plan does not know.
const knownAfterApply = "known only after apply"

type planReader struct {
	path   string
	byAddr map[string]*resourceJSON
}

// follow returns the value a reference ("aws_iam_role.r.arn") has in the
// plan: the referenced resource's planned value, or what lambdasec writes
// for its exported attribute.
func (pr *planReader) follow(modPrefix, ref string, src inventory.Source) *Value {
	parts := strings.Split(ref, ".")
	if len(parts) < 3 || parts[0] == "var" || parts[0] == "local" || parts[0] == "module" || parts[0] == "data" {
		return nil
	}
	addr := modPrefix + parts[0] + "." + parts[1]
	r := pr.byAddr[addr]
	if r == nil {
		r = pr.byAddr[addr+"[0]"]
		if r != nil {
			addr += "[0]"
		}
	}
	if r == nil {
		return nil
	}
	attr := parts[2]
	if x, ok := r.Values[attr]; ok && x != nil {
		v := fromAny(plainJSON(x), src)
		v.Ref = ref
		return v
	}
	attrs := fromJSONValues(r.Values, src)
	if s, ok := computedAttrs(r.Type, addr, attrs)[attr]; ok {
		v := strValue(s, src)
		v.Ref = ref
		return v
	}
	return nil
}

// markRefs records, on a map of values that are unknown, the one reference
// their expression has, so a variable set from a credential is seen.
func (pr *planReader) markRefs(v *Value, refs []string) {
	if len(refs) == 0 || v == nil {
		return
	}
	var secret string
	for _, r := range refs {
		if _, ok := SecretReference(r, false); ok {
			secret = r
		}
	}
	var walk func(x *Value)
	walk = func(x *Value) {
		switch x.Kind {
		case KindList:
			for _, it := range x.List {
				walk(it)
			}
		case KindMap:
			for _, it := range x.Vals {
				walk(it)
			}
		case KindString:
			if inventory.IsUnresolved(x.Str) && x.Ref == "" {
				if secret != "" {
					x.Ref = secret
				} else if len(refs) == 1 {
					x.Ref = refs[0]
				}
			}
		}
	}
	walk(v)
}

// splitModule splits an instance address into its module path (with the
// trailing dot) and the resource's address within the module, without
// its index.
func splitModule(addr string) (string, string) {
	mod := ""
	rest := addr
	for strings.HasPrefix(rest, "module.") {
		i := strings.Index(rest[len("module."):], ".")
		if i < 0 {
			break
		}
		name := rest[:len("module.")+i]
		rest = rest[len(name)+1:]
		if j := strings.IndexByte(name, '['); j >= 0 {
			name = name[:j]
		}
		mod += name + "."
	}
	if j := strings.IndexByte(rest, '['); j >= 0 {
		rest = rest[:j]
	}
	return mod, rest
}

func collectExprs(prefix string, m configModule, out map[string]map[string]json.RawMessage) {
	for _, r := range m.Resources {
		out[prefix+r.Address] = r.Expressions
	}
	names := make([]string, 0, len(m.ModuleCalls))
	for n := range m.ModuleCalls {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		collectExprs(prefix+"module."+n+".", m.ModuleCalls[n].Module, out)
	}
}

// references returns the "references" of a configuration expression, most
// specific first (Terraform lists "aws_iam_role.r.arn" before
// "aws_iam_role.r").
func references(raw json.RawMessage) []string {
	var e struct {
		References []string `json:"references"`
	}
	if json.Unmarshal(raw, &e) != nil {
		// A nested block is a list of expression maps.
		return nil
	}
	return e.References
}

// plainJSON turns json.Number values into float64 for fromAny.
func plainJSON(x any) any {
	switch t := x.(type) {
	case json.Number:
		f, err := t.Float64()
		if err != nil {
			return t.String()
		}
		return f
	case []any:
		out := make([]any, len(t))
		for i, it := range t {
			out[i] = plainJSON(it)
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(t))
		for k, it := range t {
			out[k] = plainJSON(it)
		}
		return out
	}
	return x
}

// fromJSONValues converts a resource's values, keys sorted.
func fromJSONValues(vals map[string]any, src inventory.Source) *Value {
	v := &Value{Kind: KindMap, Source: src}
	for _, k := range sortedKeys(vals) {
		v.Set(k, fromAny(plainJSON(vals[k]), src))
	}
	return v
}

// mergeUnknown marks in v every value that after_unknown says is known only
// after apply.
func mergeUnknown(v *Value, unk any, src inventory.Source) *Value {
	switch u := unk.(type) {
	case bool:
		if u {
			return unresolvedValue(knownAfterApply, src)
		}
	case map[string]any:
		if v == nil || v.Kind == KindNull {
			v = &Value{Kind: KindMap, Source: src}
		}
		if v.Kind != KindMap {
			return v
		}
		for _, k := range sortedKeys(u) {
			v.Set(k, mergeUnknown(v.Get(k), u[k], src))
		}
	case []any:
		if v == nil || v.Kind == KindNull {
			v = &Value{Kind: KindList, Source: src}
		}
		if v.Kind != KindList {
			return v
		}
		for i, x := range u {
			if i < len(v.List) {
				v.List[i] = mergeUnknown(v.List[i], x, src)
			} else if b, ok := x.(bool); ok && b {
				v.List = append(v.List, unresolvedValue(knownAfterApply, src))
			} else if x != nil {
				v.List = append(v.List, mergeUnknown(nil, x, src))
			}
		}
	}
	if v == nil {
		return &Value{Kind: KindNull, Source: src}
	}
	return v
}
