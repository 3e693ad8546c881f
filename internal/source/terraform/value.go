package terraform

import (
	"strconv"
	"strings"

	"github.com/lambdasec/lambdasec/internal/inventory"
)

// Kind is the kind of a Value.
type Kind int

// Kinds of Value. An unresolved value is a KindString holding an
// inventory.UnresolvedToken.
const (
	KindNull Kind = iota
	KindString
	KindNumber
	KindBool
	KindList
	KindMap
)

// Value is one attribute value of a Terraform resource as a reader saw it:
// a scalar (numbers and bools keep their text in Str), a list (a list, set,
// tuple or a nested block list) or a map (an object, a map or one nested
// block). Source is where the value is written.
type Value struct {
	Kind   Kind
	Str    string
	List   []*Value
	Keys   []string // map keys, in source order
	Vals   []*Value // map values, parallel to Keys
	Source inventory.Source
	// Ref is the expression the value came from when it names something
	// other than a literal ("var.db_password",
	// "aws_iam_access_key.ci.secret"); Sensitive is set when that
	// variable or output is marked sensitive.
	Ref       string
	Sensitive bool
}

// Get returns the map entry k, or nil. On a list of one block (how
// Terraform writes a nested block) it looks inside the block.
func (v *Value) Get(k string) *Value {
	if v == nil {
		return nil
	}
	if v.Kind == KindList && len(v.List) == 1 {
		return v.List[0].Get(k)
	}
	if v.Kind != KindMap {
		return nil
	}
	for i, key := range v.Keys {
		if key == k {
			return v.Vals[i]
		}
	}
	return nil
}

// Set sets the map entry k.
func (v *Value) Set(k string, x *Value) {
	for i, key := range v.Keys {
		if key == k {
			v.Vals[i] = x
			return
		}
	}
	v.Keys = append(v.Keys, k)
	v.Vals = append(v.Vals, x)
}

// Text returns a scalar's text, or "" for anything else.
func (v *Value) Text() string {
	if v == nil {
		return ""
	}
	switch v.Kind {
	case KindString, KindNumber, KindBool:
		return v.Str
	}
	return ""
}

// IsTrue reports whether v is the boolean true (or the string "true").
func (v *Value) IsTrue() bool { return v.Text() == "true" }

// Items returns a list's items; a single non-null value is a list of one.
func (v *Value) Items() []*Value {
	switch {
	case v == nil || v.Kind == KindNull:
		return nil
	case v.Kind == KindList:
		return v.List
	}
	return []*Value{v}
}

// Blocks returns the nested blocks of v (a list of maps, or one map).
func (v *Value) Blocks() []*Value {
	var out []*Value
	for _, it := range v.Items() {
		if it.Kind == KindMap {
			out = append(out, it)
		}
	}
	return out
}

// Strings returns the scalar items of a list (or the one scalar).
func (v *Value) Strings() []string {
	var out []string
	for _, it := range v.Items() {
		if s := it.Text(); it.Kind != KindList && it.Kind != KindMap {
			out = append(out, s)
		}
	}
	return out
}

// Unresolved returns the reason v cannot be known, and whether it cannot.
func (v *Value) Unresolved() (string, bool) {
	if v == nil || v.Kind != KindString {
		return "", false
	}
	return inventory.UnresolvedReason(v.Str)
}

// Int reads an integer: set is false when v is absent or null, why is
// non-empty when v is set but not a known number.
func (v *Value) Int() (n int, set bool, why string) {
	if v == nil || v.Kind == KindNull {
		return 0, false, ""
	}
	if r, ok := v.Unresolved(); ok {
		return 0, true, r
	}
	f, err := strconv.ParseFloat(strings.TrimSpace(v.Text()), 64)
	if err != nil {
		return 0, true, strconv.Quote(v.Text()) + " is not a number"
	}
	return int(f), true, ""
}

// Str returns a string value at src.
func strValue(s string, src inventory.Source) *Value {
	return &Value{Kind: KindString, Str: s, Source: src}
}

// unresolvedValue returns a value that could not be worked out, and why.
func unresolvedValue(reason string, src inventory.Source) *Value {
	return strValue(inventory.UnresolvedToken(reason), src)
}

// toAny converts v to plain Go values for encoding as JSON.
func (v *Value) toAny() any {
	if v == nil {
		return nil
	}
	switch v.Kind {
	case KindString:
		return v.Str
	case KindNumber:
		if f, err := strconv.ParseFloat(v.Str, 64); err == nil {
			return f
		}
		return v.Str
	case KindBool:
		return v.Str == "true"
	case KindList:
		out := make([]any, len(v.List))
		for i, it := range v.List {
			out[i] = it.toAny()
		}
		return out
	case KindMap:
		out := make(map[string]any, len(v.Keys))
		for i, k := range v.Keys {
			out[k] = v.Vals[i].toAny()
		}
		return out
	}
	return nil
}

// fromAny converts a decoded JSON value to a Value, all at src.
func fromAny(x any, src inventory.Source) *Value {
	switch t := x.(type) {
	case nil:
		return &Value{Kind: KindNull, Source: src}
	case string:
		return strValue(t, src)
	case bool:
		return &Value{Kind: KindBool, Str: strconv.FormatBool(t), Source: src}
	case float64:
		return &Value{Kind: KindNumber, Str: strconv.FormatFloat(t, 'f', -1, 64), Source: src}
	case []any:
		v := &Value{Kind: KindList, Source: src}
		for _, it := range t {
			v.List = append(v.List, fromAny(it, src))
		}
		return v
	case map[string]any:
		v := &Value{Kind: KindMap, Source: src}
		for _, k := range sortedKeys(t) {
			v.Set(k, fromAny(t[k], src))
		}
		return v
	}
	return &Value{Kind: KindNull, Source: src}
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	// insertion sort keeps this allocation-free for the small maps policies have
	for i := 1; i < len(keys); i++ {
		for j := i; j > 0 && keys[j] < keys[j-1]; j-- {
			keys[j], keys[j-1] = keys[j-1], keys[j]
		}
	}
	return keys
}

// Resource is one Terraform resource instance (or data source instance) as
// both readers hand it to Map.
type Resource struct {
	// Mode is "managed" for a resource block, "data" for a data block.
	Mode string
	Type string
	// Address is the instance address, with module path and index:
	// `module.api.aws_lambda_function.f["a"]`.
	Address string
	Attrs   *Value
	Source  inventory.Source
	Skips   []inventory.Skip
	// Gap, when set, says why the resource's instances are not known (a
	// count or for_each that could not be worked out): every rule that
	// looks at it says UNKNOWN.
	Gap string
}
