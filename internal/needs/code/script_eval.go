package code

import (
	"strings"
)

// span is a range of tokens [from, to).
type span struct{ from, to int }

// args splits the arguments between the brackets at open and close into
// positional ones and keyword ones (Python's name=value; **dict is
// merged in when the dict is known).
func (s *script) args(open, close int) (pos []span, kw map[string]span) {
	kw = map[string]span{}
	k := open + 1
	for k < close {
		k = s.skipNL(k)
		if k >= close {
			break
		}
		end := s.argEnd(k, close)
		switch {
		case s.lang == langPython && s.tok(k).kind == tIdent && s.is(k+1, "=") && !s.is(k+2, "="):
			kw[s.tok(k).text] = span{k + 2, end}
		case s.lang == langPython && s.is(k, "**"):
			if d, _ := s.expr(k + 1); d.kind == oDict {
				for _, e := range s.entries(d.from, d.to) {
					kw[e.key] = e.val
				}
			}
		default:
			pos = append(pos, span{k, end})
		}
		k = end + 1
	}
	return pos, kw
}

// argEnd returns the index of the comma or closing bracket that ends the
// argument starting at k.
func (s *script) argEnd(k, close int) int {
	depth := 0
	for ; k < close; k++ {
		t := s.toks[k]
		if t.kind != tPunct {
			continue
		}
		switch t.text {
		case "(", "[", "{":
			depth++
		case ")", "]", "}":
			depth--
		case ",":
			if depth == 0 {
				return k
			}
		}
	}
	return close
}

// entry is one key: value of a dict or object literal.
type entry struct {
	key    string // the key as a name ("Bucket"); "" when computed
	keyVal Value  // the key's value (a computed key, a variable)
	val    span
}

// entries returns the entries of the dict or object literal whose braces
// are at open and close; a spread (...x, **x) of a known literal is
// merged in.
func (s *script) entries(open, close int) []entry {
	var out []entry
	k := open + 1
	for k < close {
		k = s.skipNL(k)
		if k >= close {
			break
		}
		end := s.argEnd(k, close)
		t := s.tok(k)
		switch {
		case s.is(k, "...") || s.is(k, "**"):
			if d, _ := s.expr(k + 1); d.kind == oDict && d.from != open {
				out = append(out, s.entries(d.from, d.to)...)
			}
		case t.kind == tString && s.is(k+1, ":"):
			v := s.stringValue(t)
			lit, _ := v.Literal()
			out = append(out, entry{key: lit, keyVal: v, val: span{k + 2, end}})
		case t.kind == tIdent && s.is(k+1, ":") && s.lang == langJS:
			out = append(out, entry{key: t.text, keyVal: literal(t.text), val: span{k + 2, end}})
		case t.kind == tIdent && end == k+1 && s.lang == langJS:
			// { TableName } shorthand
			out = append(out, entry{key: t.text, keyVal: literal(t.text), val: span{k, end}})
		case s.is(k, "["): // { [TABLE]: ... }
			c := s.matching(k)
			if c > 0 && s.is(c+1, ":") {
				out = append(out, entry{keyVal: s.value(k+1, c), val: span{c + 2, end}})
			}
		default:
			// Python { TABLE: [...] } with a variable key.
			colon := -1
			depth := 0
			for j := k; j < end; j++ {
				if s.tok(j).kind == tPunct {
					switch s.tok(j).text {
					case "(", "[", "{":
						depth++
					case ")", "]", "}":
						depth--
					case ":":
						if depth == 0 && colon < 0 {
							colon = j
						}
					}
				}
			}
			if colon > k {
				out = append(out, entry{keyVal: s.value(k, colon), val: span{colon + 1, end}})
			}
		}
		k = end + 1
	}
	return out
}

// params returns a call's named parameters: Python's keywords, or the
// entries of the object literal (or a name bound to one) passed as
// JavaScript's argument n.
func (s *script) params(pos []span, kw map[string]span, n int) map[string]span {
	if s.lang == langPython {
		return kw
	}
	out := map[string]span{}
	if n >= len(pos) {
		return out
	}
	d, _ := s.expr(pos[n].from)
	if d.kind != oDict {
		return out
	}
	for _, e := range s.entries(d.from, d.to) {
		if e.key != "" {
			out[e.key] = e.val
		}
	}
	return out
}

// quietly evaluates without recording calls (values of arguments are
// looked at again by the pass that records).
func (s *script) quietly(f func()) {
	saved := s.record
	s.record = false
	f()
	s.record = saved
}

// value evaluates the tokens [from, to) as a string expression:
// literals, f-strings and template literals, environment variable reads,
// names bound to strings, and their concatenation with +. What it cannot
// follow is a Dynamic part holding the expression's text.
func (s *script) value(from, to int) Value {
	from = s.skipNL(from)
	for s.is(from, "await") {
		from++
	}
	if from >= to {
		return Value{}
	}
	text := s.text(from, to)
	var terms []Value
	k := from
	for k < to {
		var o obj
		var end int
		s.quietly(func() { o, end = s.chain(k) })
		if end > to {
			end = to
		}
		switch o.kind {
		case oValue:
			terms = append(terms, o.val)
		default:
			// str(x), String(x): the string of x.
			if (s.is(k, "str") || s.is(k, "String")) && s.is(k+1, "(") {
				if c := s.matching(k + 1); c > 0 && c < to {
					terms = append(terms, s.value(k+2, c))
					end = c + 1
					break
				}
			}
			if end <= k {
				return dynamic(text)
			}
			// One operand computed at run time: the others may still
			// be known ("incoming/" + event.name).
			terms = append(terms, dynamic(s.text(k, end)))
		}
		k = s.skipNL(end)
		if k >= to {
			break
		}
		switch {
		case s.is(k, "+"):
			k++
		case s.is(k, "||") || s.is(k, "??") || s.is(k, "or"):
			// A default: the first operand is what the code uses when
			// it is set.
			k = to
		case s.is(k, "as") || s.is(k, "!"):
			k = to // a TypeScript cast or non-null assertion
		default:
			return dynamic(text)
		}
	}
	if len(terms) == 1 {
		return terms[0]
	}
	v := concat(terms...)
	v.Text = shorten(text)
	return v
}

// text returns the source text of tokens [from, to).
func (s *script) text(from, to int) string {
	if from >= to || from >= len(s.toks) {
		return ""
	}
	end := s.toks[min(to, len(s.toks))-1].end
	return shorten(s.src[s.toks[from].start:end])
}

// stringValue returns the value of a string token: its literal text, or
// for an f-string or template literal its pieces, each substitution
// evaluated.
func (s *script) stringValue(t lexeme) Value {
	if !t.interp {
		return Value{Parts: []Part{{Lit, unescape(t.text)}}, Text: shorten(s.src[t.start:t.end])}
	}
	open, close := "{", "}"
	if s.lang == langJS {
		open = "${"
	}
	var v Value
	body := t.text
	for body != "" {
		i := strings.Index(body, open)
		if s.lang == langPython {
			for i >= 0 && i+1 < len(body) && body[i+1] == '{' {
				j := strings.Index(body[i+2:], open)
				if j < 0 {
					i = -1
					break
				}
				i += 2 + j
			}
		}
		if i < 0 {
			v.Parts = append(v.Parts, Part{Lit, unescape(body)})
			break
		}
		if i > 0 {
			v.Parts = append(v.Parts, Part{Lit, unescape(body[:i])})
		}
		rest := body[i+len(open):]
		j := closeOf(rest, close[0])
		inner := rest[:j]
		// A format spec or conversion (f"{x!r:>10}") is not part of the
		// expression.
		if s.lang == langPython {
			if k := strings.IndexAny(inner, "!:"); k > 0 && !strings.ContainsAny(inner[:k], "[(\"'") {
				inner = inner[:k]
			}
		}
		v.Parts = append(v.Parts, s.subValue(inner).Parts...)
		if j+1 > len(rest) {
			break
		}
		body = rest[j+1:]
	}
	merged := concat(v)
	merged.Text = shorten(s.src[t.start:t.end])
	return merged
}

// closeOf returns the index of the byte closing an embedded expression
// in s, stepping over brackets and strings; len(s) if none.
func closeOf(s string, close byte) int {
	depth := 0
	var q byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case q != 0:
			if c == '\\' {
				i++
			} else if c == q {
				q = 0
			}
		case c == '"' || c == '\'' || c == '`':
			q = c
		case c == '(' || c == '[' || c == '{':
			depth++
		case c == ')' || c == ']' || c == '}':
			if depth == 0 && c == close {
				return i
			}
			depth--
		}
	}
	return len(s)
}

// subValue evaluates an expression embedded in a string with this
// file's bindings.
func (s *script) subValue(expr string) Value {
	sub := &script{lang: s.lang, file: s.file, src: expr, vars: s.vars, attrs: s.attrs, funcs: s.funcs, funcRefs: s.funcRefs}
	sub.toks = tokenize(expr, s.lang)
	if len(sub.toks) == 0 {
		return dynamic(expr)
	}
	v := sub.value(0, len(sub.toks))
	if len(v.Parts) == 0 {
		return dynamic(expr)
	}
	return v
}

// unescape resolves the common backslash escapes of a literal.
func unescape(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '\\' || i+1 == len(s) {
			b.WriteByte(s[i])
			continue
		}
		i++
		switch s[i] {
		case 'n':
			b.WriteByte('\n')
		case 't':
			b.WriteByte('\t')
		case '\n':
		default:
			b.WriteByte(s[i])
		}
	}
	return b.String()
}

// literalArg returns the literal string of an argument, or "".
func (s *script) literalArg(sp span) string {
	v := s.value(sp.from, sp.to)
	lit, _ := v.Literal()
	return lit
}

// member evaluates o.name.
func (s *script) member(o obj, name string) obj {
	switch o.kind {
	case oFunc:
		return s.member(*o.ret, name)
	case oSelf:
		if a, ok := s.attrs[name]; ok {
			return a
		}
		if _, ok := s.funcs[name]; ok {
			return s.funcRef(name)
		}
		if v, ok := s.vars[name]; ok && isObject(v.kind) {
			return v
		}
		return obj{}
	case oBoto3:
		switch name {
		case "client":
			return obj{kind: oClientFn}
		case "resource":
			return obj{kind: oResourceFn}
		case "Session":
			return obj{kind: oSessionFn}
		case "session":
			return obj{kind: oSessionNS}
		}
	case oSessionNS:
		if name == "Session" {
			return obj{kind: oSessionFn}
		}
	case oSession:
		switch name {
		case "client":
			return obj{kind: oClientFn}
		case "resource":
			return obj{kind: oResourceFn}
		}
	case oOS:
		switch {
		case s.lang == langPython && name == "environ", s.lang == langJS && name == "env":
			return obj{kind: oEnviron}
		case s.lang == langPython && name == "getenv":
			return obj{kind: oGetenv}
		}
	case oEnviron:
		if s.lang == langPython && name == "get" {
			return obj{kind: oGetenv}
		}
		if s.lang == langJS {
			return obj{kind: oValue, val: envValue(name, "process.env."+name)}
		}
	case oJSModule:
		return s.jsExport(o.pkg, o.name, name)
	case oJSExport:
		if name != "" && 'A' <= name[0] && name[0] <= 'Z' {
			return obj{kind: oJSExport, pkg: o.pkg, name: o.name + "." + name}
		}
		return obj{kind: oMember, base: &o, name: name}
	case oResource:
		if name == "meta" {
			r := o
			r.name = "meta"
			return r
		}
		if o.name == "meta" && name == "client" {
			return obj{kind: oClient, svc: o.svc}
		}
		return obj{kind: oMember, base: &o, name: name}
	case oSub:
		if o.sub == "Bucket" && name == "objects" {
			return obj{kind: oSub, svc: "s3", sub: "objects", ids: o.ids}
		}
		if o.sub == "Bucket" && name == "name" || o.sub == "Table" && name == "name" || o.sub == "Table" && name == "table_name" {
			if len(o.ids) > 0 {
				return obj{kind: oValue, val: o.ids[0]}
			}
		}
		return obj{kind: oMember, base: &o, name: name}
	case oClient, oDocClient, oJSBare, oPaginator, oWaiter:
		if o.kind == oClient && name == "meta" {
			return o
		}
		return obj{kind: oMember, base: &o, name: name}
	}
	return obj{}
}

// index evaluates o[expr] for the tokens [from, to).
func (s *script) index(o obj, from, to int) obj {
	if o.kind == oEnviron {
		v := s.value(from, to)
		if lit, ok := v.Literal(); ok {
			return obj{kind: oValue, val: envValue(lit, s.text(from-2, to+1))}
		}
	}
	if o.kind == oFunc {
		return s.index(*o.ret, from, to)
	}
	return obj{}
}
