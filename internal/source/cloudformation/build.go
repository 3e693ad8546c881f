package cloudformation

import "fmt"

// obj builds a map value at the position of at from alternating keys and
// values; a value may be a *value, a string, a bool or a []*value. Nil
// values are left out.
func obj(at *value, kv ...any) *value {
	m := mapAt(at)
	for i := 0; i+1 < len(kv); i += 2 {
		k := kv[i].(string)
		switch v := kv[i+1].(type) {
		case *value:
			if v != nil {
				m.set(k, v)
			}
		case string:
			m.set(k, scalarAt(v, at))
		case bool:
			m.set(k, scalarAt(fmt.Sprint(v), at))
		case []*value:
			m.set(k, listAt(v, at))
		case []string:
			items := make([]*value, len(v))
			for j, s := range v {
				items[j] = scalarAt(s, at)
			}
			m.set(k, listAt(items, at))
		case nil:
		default:
			panic(fmt.Sprintf("obj: unsupported value %T", v))
		}
	}
	return m
}

// arr builds a list value.
func arr(at *value, items ...*value) *value {
	out := make([]*value, 0, len(items))
	for _, it := range items {
		if it != nil {
			out = append(out, it)
		}
	}
	return listAt(out, at)
}

// strs builds a list of scalars.
func strs(at *value, ss ...string) *value {
	items := make([]*value, len(ss))
	for i, s := range ss {
		items[i] = scalarAt(s, at)
	}
	return listAt(items, at)
}

// add registers a generated resource with already-resolved properties.
// If a resource of that ID was pre-registered (so that references to it
// resolved), its properties are filled in instead.
func (t *template) add(id, typ, from string, at *value, props *value) *resource {
	if r := t.byID[id]; r != nil && r.reserved && r.typ == typ {
		r.prop, r.props, r.at, r.reserved = props, props, at, false
		return r
	}
	if t.byID[id] != nil {
		// The user's template already has a resource of that name: keep
		// it, as the transform would fail rather than overwrite it.
		t.warnAt(at.line, at.col, "SAM would generate %s, which the template already defines", id)
		return t.byID[id]
	}
	r := &resource{id: id, typ: typ, raw: mapAt(at), prop: props, props: props, from: from, at: at}
	t.resources = append(t.resources, r)
	t.byID[id] = r
	return r
}

// reserve pre-registers a resource the SAM transform will generate, so
// that Ref and Fn::GetAtt to it resolve before the expansion runs.
func (t *template) reserve(id, typ, from string, at *value) {
	if t.byID[id] != nil {
		return
	}
	r := &resource{id: id, typ: typ, raw: mapAt(at), prop: mapAt(at), from: from, at: at, reserved: true}
	t.resources = append(t.resources, r)
	t.byID[id] = r
}

// dropReserved removes the reserved resources the expansion did not
// generate after all.
func (t *template) dropReserved() {
	kept := t.resources[:0]
	for _, r := range t.resources {
		if r.reserved {
			delete(t.byID, r.id)
			continue
		}
		kept = append(kept, r)
	}
	t.resources = kept
}
