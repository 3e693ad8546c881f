package cloudformation

import (
	"fmt"
	"strings"

	"go.yaml.in/yaml/v3"
)

// kind is the shape of a template value.
type kind uint8

const (
	kindNull kind = iota
	kindScalar
	kindList
	kindMap
)

// value is one node of a template, with its position. Scalars (strings,
// numbers, booleans) keep their text; maps keep key order.
type value struct {
	kind kind
	str  string
	list []*value
	keys []string
	vals []*value
	line int
	col  int
	// kline and kcol are the position of the map key this value is the
	// value of, when it is one: findings point at "Runtime:", not at
	// the value after it.
	kline, kcol int
	// idx indexes keys once a map grows past indexAt entries, so that
	// building and reading big maps (merge keys, aliases) stays linear.
	idx map[string]int
}

// indexAt is the map size from which lookups go through an index.
const indexAt = 32

func (v *value) index() map[string]int {
	if v.idx == nil || len(v.idx) != len(v.keys) {
		v.idx = make(map[string]int, len(v.keys))
		for i, k := range v.keys {
			v.idx[k] = i
		}
	}
	return v.idx
}

// get returns the map entry key, or nil.
func (v *value) get(key string) *value {
	if v == nil || v.kind != kindMap {
		return nil
	}
	if len(v.keys) > indexAt {
		if i, ok := v.index()[key]; ok {
			return v.vals[i]
		}
		return nil
	}
	for i, k := range v.keys {
		if k == key {
			return v.vals[i]
		}
	}
	return nil
}

// set replaces or adds a map entry.
func (v *value) set(key string, val *value) {
	if len(v.keys) > indexAt {
		idx := v.index()
		if i, ok := idx[key]; ok {
			v.vals[i] = val
			return
		}
		idx[key] = len(v.keys)
		v.keys = append(v.keys, key)
		v.vals = append(v.vals, val)
		return
	}
	for i, k := range v.keys {
		if k == key {
			v.vals[i] = val
			return
		}
	}
	v.keys = append(v.keys, key)
	v.vals = append(v.vals, val)
}

// del removes a map entry.
func (v *value) del(key string) {
	v.idx = nil
	for i, k := range v.keys {
		if k == key {
			v.keys = append(v.keys[:i:i], v.keys[i+1:]...)
			v.vals = append(v.vals[:i:i], v.vals[i+1:]...)
			return
		}
	}
}

// isScalar reports whether v is a scalar.
func (v *value) isScalar() bool { return v != nil && v.kind == kindScalar }

// text returns a scalar's text, or "".
func (v *value) text() string {
	if v == nil || v.kind != kindScalar {
		return ""
	}
	return v.str
}

// items returns a list's items, or a scalar as a one-item list, or nil.
func (v *value) items() []*value {
	switch {
	case v == nil:
		return nil
	case v.kind == kindList:
		return v.list
	case v.kind == kindScalar || v.kind == kindMap:
		return []*value{v}
	}
	return nil
}

// strings returns the scalar texts of a list (or of a scalar).
func (v *value) strings() []string {
	var out []string
	for _, it := range v.items() {
		if it.kind == kindScalar {
			out = append(out, it.str)
		}
	}
	return out
}

// isTrue reports whether a scalar is the boolean true.
func (v *value) isTrue() bool {
	return v != nil && v.kind == kindScalar && strings.EqualFold(v.str, "true")
}

func scalarAt(s string, at *value) *value {
	v := &value{kind: kindScalar, str: s}
	if at != nil {
		v.line, v.col = at.line, at.col
	}
	return v
}

func listAt(items []*value, at *value) *value {
	v := &value{kind: kindList, list: items}
	if at != nil {
		v.line, v.col = at.line, at.col
	}
	return v
}

func mapAt(at *value) *value {
	v := &value{kind: kindMap}
	if at != nil {
		v.line, v.col = at.line, at.col
	}
	return v
}

// clone copies v deeply, so a shared subtree (a YAML alias, SAM Globals)
// can be changed in one place only.
func (v *value) clone() *value {
	c, _ := v.cloneIn(nil)
	return c
}

// cloneIn is clone, spending one node of b per value copied: it fails
// with a *budgetError once b is spent. A nil b counts nothing.
func (v *value) cloneIn(b *budget) (*value, error) {
	if v == nil {
		return nil, nil
	}
	if err := b.spend(1, 0, v); err != nil {
		return nil, err
	}
	c := *v
	c.idx = nil
	if v.list != nil {
		c.list = make([]*value, len(v.list))
		for i, it := range v.list {
			ci, err := it.cloneIn(b)
			if err != nil {
				return nil, err
			}
			c.list[i] = ci
		}
	}
	if v.keys != nil {
		c.keys = append([]string(nil), v.keys...)
		c.vals = make([]*value, len(v.vals))
		for i, it := range v.vals {
			ci, err := it.cloneIn(b)
			if err != nil {
				return nil, err
			}
			c.vals[i] = ci
		}
	}
	return &c, nil
}

// budget bounds what the reader materialises from one file: the values
// built from the YAML (aliases and merge keys expanded), copied by the
// SAM Globals merge, and built by resolving intrinsic functions, and the
// bytes of the strings that resolution builds. Without it a small file
// can ask for any amount of memory: a YAML alias bomb ("billion laughs"),
// aliased Globals copied into every function, a chain of Fn::Join whose
// length doubles at each step. A nil *budget counts nothing.
type budget struct {
	nodes, maxNodes int
	bytes, maxBytes int
}

// Budget sizes: a fixed allowance plus an amount per byte of the file,
// so a big template that is only big (50,000 functions) is read, while a
// small one cannot make the reader build more than a few hundred MB.
// A value node costs about 150 bytes of memory.
const (
	budgetNodes        = 1_000_000
	budgetNodesPerByte = 4
	budgetBytes        = 64 << 20
	budgetBytesPerByte = 256
)

// newBudget returns the budget of a file of size bytes.
func newBudget(size int) *budget {
	return &budget{maxNodes: budgetNodes + budgetNodesPerByte*size, maxBytes: budgetBytes + budgetBytesPerByte*size}
}

// spend counts nodes values and n string bytes built at the position of
// at, and fails once the budget is exceeded.
func (b *budget) spend(nodes, n int, at *value) error {
	if b == nil {
		return nil
	}
	b.nodes += nodes
	b.bytes += n
	if b.nodes > b.maxNodes || b.bytes > b.maxBytes {
		e := &budgetError{max: b.maxNodes, maxBytes: b.maxBytes}
		if at != nil {
			e.line, e.col = at.line, at.col
		}
		return e
	}
	return nil
}

// budgetError is returned when a file would make the reader build more
// than its budget; the file is skipped.
type budgetError struct {
	line, col     int
	max, maxBytes int
}

func (e *budgetError) Error() string {
	return fmt.Sprintf("%d:%d: %s", e.line, e.col, e.message())
}

func (e *budgetError) message() string {
	return fmt.Sprintf("the template expands to more than %d values or %d MiB of text (YAML aliases, Globals copied into every function, or intrinsic functions that repeat values: an alias bomb?); the file is not read", e.max, e.maxBytes>>20)
}

// shortForms maps YAML short-form intrinsic tags to their long form.
var shortForms = map[string]string{
	"!Ref":          "Ref",
	"!Condition":    "Condition",
	"!GetAtt":       "Fn::GetAtt",
	"!Sub":          "Fn::Sub",
	"!Join":         "Fn::Join",
	"!Select":       "Fn::Select",
	"!Split":        "Fn::Split",
	"!If":           "Fn::If",
	"!Equals":       "Fn::Equals",
	"!And":          "Fn::And",
	"!Or":           "Fn::Or",
	"!Not":          "Fn::Not",
	"!FindInMap":    "Fn::FindInMap",
	"!ImportValue":  "Fn::ImportValue",
	"!Base64":       "Fn::Base64",
	"!GetAZs":       "Fn::GetAZs",
	"!Cidr":         "Fn::Cidr",
	"!Transform":    "Fn::Transform",
	"!ToJsonString": "Fn::ToJsonString",
	"!Length":       "Fn::Length",
	"!ForEach":      "Fn::ForEach",
	// The functions of the Rules section.
	// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference-rules.html
	"!Contains":         "Fn::Contains",
	"!EachMemberEquals": "Fn::EachMemberEquals",
	"!EachMemberIn":     "Fn::EachMemberIn",
	"!RefAll":           "Fn::RefAll",
	"!ValueOf":          "Fn::ValueOf",
	"!ValueOfAll":       "Fn::ValueOfAll",
}

type converter struct {
	budget *budget
	// warnings are values the converter could not read (an unknown tag):
	// each becomes an unresolved value, not a reason to skip the file.
	warnings []*posError
	// expanding guards against an alias that contains itself.
	expanding map[*yaml.Node]bool
}

// convert turns a YAML node tree into values, expanding aliases and merge
// keys and rewriting short-form intrinsic tags into their long form.
func (c *converter) convert(n *yaml.Node) (*value, error) {
	if err := c.budget.spend(1, 0, &value{line: n.Line, col: n.Column}); err != nil {
		return nil, err
	}
	var v *value
	switch n.Kind {
	case yaml.DocumentNode:
		if len(n.Content) == 0 {
			return &value{kind: kindNull}, nil
		}
		return c.convert(n.Content[0])
	case yaml.AliasNode:
		if n.Alias == nil {
			return nil, &posError{line: n.Line, col: n.Column, msg: "alias to nothing"}
		}
		if c.expanding[n.Alias] {
			return nil, &posError{line: n.Line, col: n.Column, msg: "alias refers to itself"}
		}
		c.expanding[n.Alias] = true
		defer delete(c.expanding, n.Alias)
		return c.convert(n.Alias)
	case yaml.ScalarNode:
		if n.Tag == "!!null" {
			v = &value{kind: kindNull}
		} else {
			v = &value{kind: kindScalar, str: n.Value}
		}
	case yaml.SequenceNode:
		v = &value{kind: kindList, list: make([]*value, 0, len(n.Content))}
		for _, it := range n.Content {
			cv, err := c.convert(it)
			if err != nil {
				return nil, err
			}
			v.list = append(v.list, cv)
		}
	case yaml.MappingNode:
		v = &value{kind: kindMap}
		for i := 0; i+1 < len(n.Content); i += 2 {
			kn, vn := n.Content[i], n.Content[i+1]
			if kn.Tag == "!!merge" || (kn.Kind == yaml.ScalarNode && kn.Value == "<<" && kn.Style == 0) {
				if err := c.merge(v, vn); err != nil {
					return nil, err
				}
				continue
			}
			if kn.Kind != yaml.ScalarNode {
				return nil, &posError{line: kn.Line, col: kn.Column, msg: "mapping key is not a string"}
			}
			cv, err := c.convert(vn)
			if err != nil {
				return nil, err
			}
			if cv.kline == 0 {
				cv.kline, cv.kcol = kn.Line, kn.Column
			}
			v.set(kn.Value, cv)
		}
	default:
		return nil, &posError{line: n.Line, col: n.Column, msg: "unexpected YAML node"}
	}
	v.line, v.col = n.Line, n.Column
	if n.Tag != "" && strings.HasPrefix(n.Tag, "!") && !strings.HasPrefix(n.Tag, "!!") {
		long, ok := shortForms[n.Tag]
		if !ok {
			msg := fmt.Sprintf("unknown tag %s", n.Tag)
			c.warnings = append(c.warnings, &posError{line: n.Line, col: n.Column, msg: msg + ": the value is left unresolved"})
			return unresolved(msg, v), nil
		}
		if long == "Fn::GetAtt" && v.kind == kindScalar {
			// !GetAtt Resource.Attribute (the attribute may itself contain
			// dots). Without a dot, the resolver says what is wrong.
			if id, attr, ok := strings.Cut(v.str, "."); ok {
				v = listAt([]*value{scalarAt(id, v), scalarAt(attr, v)}, v)
			}
		}
		if v.kind == kindNull {
			v = scalarAt("", v)
			v.line, v.col = n.Line, n.Column
		}
		w := mapAt(v)
		w.set(long, v)
		return w, nil
	}
	return v, nil
}

// merge applies a YAML merge key: entries already present win.
func (c *converter) merge(dst *value, n *yaml.Node) error {
	var sources []*yaml.Node
	switch {
	case n.Kind == yaml.AliasNode || n.Kind == yaml.MappingNode:
		sources = []*yaml.Node{n}
	case n.Kind == yaml.SequenceNode:
		sources = n.Content
	default:
		return &posError{line: n.Line, col: n.Column, msg: "merge key needs a mapping"}
	}
	for _, s := range sources {
		mv, err := c.convert(s)
		if err != nil {
			return err
		}
		if mv.kind != kindMap {
			return &posError{line: s.Line, col: s.Column, msg: "merge key needs a mapping"}
		}
		for i, k := range mv.keys {
			if dst.get(k) == nil {
				dst.set(k, mv.vals[i])
			}
		}
	}
	return nil
}

// posError is an error at a position of the file being read.
type posError struct {
	line, col int
	msg       string
}

func (e *posError) Error() string { return fmt.Sprintf("%d:%d: %s", e.line, e.col, e.msg) }

func errAt(v *value, format string, args ...any) error {
	e := &posError{msg: fmt.Sprintf(format, args...)}
	if v != nil {
		e.line, e.col = v.line, v.col
	}
	return e
}

func quote(s string) string {
	if len(s) > 60 {
		s = s[:57] + "..."
	}
	return fmt.Sprintf("%q", s)
}
