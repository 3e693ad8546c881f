package code

import (
	"strings"
)

// The analysis of Python and JavaScript/TypeScript files: one pass over
// the tokens finds what names stand for (the SDK's modules, clients,
// resources, tables, helper functions that return clients, variables
// holding environment variables or literals), repeated until nothing new
// is learnt, then one more pass records the SDK calls. Scopes are not
// modelled: a name means what any assignment in the file gave it (two
// different strings make it computed at run time). Calls are found
// wherever they are written, in dead code too.

// objKind is what an expression of the program evaluates to, as far as
// the analysis cares.
type objKind uint8

const (
	oNone       objKind = iota
	oBoto3              // the boto3 (or aioboto3) module
	oSessionNS          // boto3.session (the module)
	oSessionFn          // boto3.Session, boto3.session.Session
	oSession            // a session
	oClientFn           // boto3.client (a from-import)
	oResourceFn         // boto3.resource
	oClient             // a client with one method per operation (boto3, JS v2, JS v3 aggregated, Go)
	oResource           // a boto3 service resource
	oSub                // a boto3 sub-resource (Table, Bucket, Object, Queue, Topic)
	oPaginator          // a boto3 paginator
	oWaiter             // a boto3 waiter
	oJSModule           // a JavaScript module namespace or default export
	oJSExport           // a named export of a JavaScript module
	oJSBare             // an SDK for JavaScript v3 client (calls go through send)
	oDocClient          // a DynamoDB document client with methods
	oMember             // obj.name, before a call
	oValue              // a string
	oDict               // a dict or object literal (its tokens)
	oOS                 // Python's os module, os.environ, process, process.env
	oEnviron            // os.environ / process.env
	oGetenv             // os.getenv, os.environ.get
	oFunc               // a helper function; ret is what it returns
	oSelf               // self, this
)

// obj is the value of an expression.
type obj struct {
	kind     objKind
	svc      string // IAM prefix of a client, resource, sub-resource, paginator, waiter
	sub      string // the sub-resource's type ("Table")
	ids      []Value
	op       string // a paginator's or waiter's operation
	pkg      string // a JavaScript module ("@aws-sdk/client-s3", "aws-sdk")
	name     string // an export's or member's name
	base     *obj   // the object a member is read from
	val      Value
	from, to int // a dict's tokens
	ret      *obj
}

// script analyses one Python or JavaScript file.
type script struct {
	lang  lang
	file  string
	src   string
	toks  []lexeme
	vars  map[string]obj
	attrs map[string]obj // self.x / this.x
	funcs map[string]obj // helper functions, by what they return
	// funcRefs holds one heap copy of each helper's result, so that
	// looking a helper up allocates nothing.
	funcRefs map[string]*obj
	record   bool
	calls    []Call
	// changed is set when a pass learnt something.
	changed bool
}

// analyseScript returns the SDK calls of a Python or JavaScript file.
func analyseScript(file string, src []byte, l lang) []Call {
	s := &script{lang: l, file: file, src: string(src), vars: map[string]obj{}, attrs: map[string]obj{}, funcs: map[string]obj{}, funcRefs: map[string]*obj{}}
	s.toks = tokenize(s.src, l)
	for range 4 {
		s.changed = false
		s.pass()
		if !s.changed {
			break
		}
	}
	s.record = true
	s.pass()
	return s.calls
}

func (s *script) tok(i int) lexeme {
	if i >= 0 && i < len(s.toks) {
		return s.toks[i]
	}
	return lexeme{}
}

func (s *script) is(i int, text string) bool {
	t := s.tok(i)
	return (t.kind == tPunct || t.kind == tIdent) && t.text == text
}

// skipNL returns the first index from i that is not a newline token
// (JavaScript expressions run over lines inside braces).
func (s *script) skipNL(i int) int {
	for i < len(s.toks) && s.toks[i].kind == tNewline {
		i++
	}
	return i
}

// stmtStart reports whether token i begins a statement.
func (s *script) stmtStart(i int) bool {
	if i == 0 {
		return true
	}
	p := s.tok(i - 1)
	if p.kind == tNewline {
		return true
	}
	if p.kind == tPunct && (p.text == ";" || p.text == "{" || p.text == "}") {
		return true
	}
	return p.kind == tPunct && p.text == ":" && s.lang == langPython
}

// bind gives a name a meaning; a second, different string makes it
// computed at run time.
func (s *script) bind(m map[string]obj, name string, o obj) {
	if o.kind == oNone {
		return
	}
	old, ok := m[name]
	if ok && old.kind == oValue && o.kind == oValue && old.val.String() != o.val.String() {
		if old.val.Known() || o.val.Known() {
			o = obj{kind: oValue, val: dynamic(name)}
		} else {
			return
		}
	}
	if ok && old.kind != oValue && old.kind != oDict && (o.kind == oValue || o.kind == oDict) {
		return // a client stays a client
	}
	if ok && sameObj(old, o) {
		return
	}
	m[name] = o
	s.changed = true
}

func sameObj(a, b obj) bool {
	if a.kind != b.kind || a.svc != b.svc || a.sub != b.sub || a.op != b.op || a.pkg != b.pkg || a.name != b.name || a.from != b.from {
		return false
	}
	if a.kind == oValue && a.val.String() != b.val.String() {
		return false
	}
	if len(a.ids) != len(b.ids) {
		return false
	}
	for i := range a.ids {
		if a.ids[i].String() != b.ids[i].String() {
			return false
		}
	}
	return true
}

// pass walks the file once.
func (s *script) pass() {
	curDef := ""
	for i := 0; i < len(s.toks); i++ {
		t := s.toks[i]
		if t.kind != tIdent {
			continue
		}
		if s.is(i-1, ".") || s.is(i-1, "?.") || s.is(i-1, "new") && t.text != "new" {
			continue
		}
		start := s.stmtStart(i)
		switch {
		case start && s.lang == langPython && (t.text == "import" || t.text == "from"):
			i = s.pyImport(i)
			continue
		case start && s.lang == langJS && t.text == "import" && !s.is(i+1, "("):
			i = s.jsImport(i)
			continue
		case t.text == "def" || t.text == "function" && s.tok(i+1).kind == tIdent:
			curDef = s.tok(i + 1).text
			i++
			continue
		case t.text == "return":
			var o obj
			s.quietly(func() { o, _ = s.expr(i + 1) })
			if curDef != "" && isObject(o.kind) {
				s.bind(s.funcs, curDef, o)
			}
			continue
		}
		if start {
			if j, assigned := s.assignment(i, &curDef); assigned {
				i = j - 1
				continue
			}
		}
		// The chain's calls are recorded; the loop then goes on with the
		// next token, so calls nested in its arguments are found too.
		o, end := s.chain(i)
		// with boto3.client('s3') as s3:  /  async with session.client(...) as c:
		if s.lang == langPython && s.is(end, "as") && s.tok(end+1).kind == tIdent && isObject(o.kind) {
			s.bind(s.vars, s.tok(end+1).text, o)
		}
	}
}

// isObject reports whether a kind is an SDK object worth remembering in
// a name (not a plain value).
func isObject(k objKind) bool {
	switch k {
	case oNone, oValue, oDict, oMember:
		return false
	}
	return true
}

// assignment handles an assignment statement starting at i — "x = ...",
// "self.x = ...", "x: T = ...", JavaScript's "const x = ...",
// "const { a, b: c } = ...", "this.x = ...", class fields — and returns
// the index after the target and whether i began one. The right-hand
// side is evaluated (its calls recorded); it is scanned again by the
// caller for nested calls.
func (s *script) assignment(i int, curDef *string) (int, bool) {
	j := i
	if s.lang == langJS {
		for s.tok(j).kind == tIdent {
			switch s.tok(j).text {
			case "export", "const", "let", "var", "static", "private", "public", "protected", "readonly", "declare", "default":
				j++
				continue
			}
			break
		}
	}
	var target string
	var into map[string]obj
	switch {
	case s.lang == langJS && s.is(j, "{"):
		// const { A, B: C } = rhs
		close := s.matching(j)
		if close < 0 || !s.is(close+1, "=") {
			return i, false
		}
		var rhs obj
		s.quietly(func() { rhs, _ = s.expr(close + 2) })
		s.destructure(j, close, rhs)
		return close + 2, true
	case (s.is(j, "self") || s.is(j, "this") || s.is(j, "cls")) && s.is(j+1, ".") && s.tok(j+2).kind == tIdent:
		target, into = s.tok(j+2).text, s.attrs
		j += 3
	case s.tok(j).kind == tIdent:
		target, into = s.tok(j).text, s.vars
		j++
	default:
		return i, false
	}
	// An annotation: x: T = ...,  x!: T = ...
	if s.is(j, "!") {
		j++
	}
	if s.is(j, ":") && target != "" {
		k := j + 1
		for k < len(s.toks) && !s.is(k, "=") && s.tok(k).kind != tNewline && !s.is(k, ";") {
			k++
		}
		if !s.is(k, "=") {
			return i, false
		}
		j = k
	}
	if !s.is(j, "=") {
		return i, false
	}
	r := s.skipNL(j + 1)
	if s.lang == langJS {
		// const f = (...) => expr  /  async () => { ... }
		k := r
		if s.is(k, "async") {
			k++
		}
		if s.is(k, "(") || s.tok(k).kind == tIdent && s.is(k+1, "=>") {
			if s.is(k, "(") {
				k = s.matching(k) + 1
				if k == 0 {
					return i, false
				}
			} else {
				k++
			}
			if s.is(k, ":") { // a return type
				for k < len(s.toks) && !s.is(k, "=>") && s.tok(k).kind != tNewline {
					k++
				}
			}
			if s.is(k, "=>") {
				if s.is(k+1, "{") {
					*curDef = target
					return k + 1, true
				}
				var o obj
				s.quietly(func() { o, _ = s.expr(k + 1) })
				if isObject(o.kind) {
					s.bind(s.funcs, target, o)
				}
				return k + 1, true
			}
		}
		if s.is(k, "function") {
			*curDef = target
			return k, true
		}
	}
	var o obj
	s.quietly(func() { o, _ = s.expr(r) })
	s.bind(into, target, o)
	return r, true
}

// destructure binds the names of a JavaScript object pattern (tokens
// open..close) read from rhs: a module (require), process.env, or an
// object.
func (s *script) destructure(open, close int, rhs obj) {
	for k := open + 1; k < close; k++ {
		if s.tok(k).kind != tIdent || s.is(k-1, ":") || s.is(k-1, "=") {
			continue
		}
		key, local := s.tok(k).text, s.tok(k).text
		if s.is(k+1, ":") && s.tok(k+2).kind == tIdent {
			local = s.tok(k + 2).text
		}
		switch rhs.kind {
		case oJSModule:
			s.bind(s.vars, local, s.jsExport(rhs.pkg, rhs.name, key))
		case oEnviron:
			s.bind(s.vars, local, obj{kind: oValue, val: envValue(key, "process.env."+key)})
		}
	}
}

// matching returns the index of the bracket closing the one at i, or -1.
func (s *script) matching(i int) int {
	depth := 0
	for k := i; k < len(s.toks); k++ {
		t := s.toks[k]
		if t.kind != tPunct {
			continue
		}
		switch t.text {
		case "(", "[", "{":
			depth++
		case ")", "]", "}":
			depth--
			if depth == 0 {
				return k
			}
		}
	}
	return -1
}

// exprEnd returns the end of the expression starting at i: the first
// newline (Python), semicolon or comma at depth 0, or the bracket that
// closes an enclosing one.
func (s *script) exprEnd(i int) int {
	depth := 0
	for k := i; k < len(s.toks); k++ {
		t := s.toks[k]
		switch {
		case t.kind == tNewline && depth == 0:
			if s.lang == langJS && k > i {
				// JavaScript continues a line ending in an operator or
				// followed by a member access.
				p, n := s.tok(k-1), s.tok(s.skipNL(k))
				if p.kind == tPunct && strings.Contains("+=(,[{?:|&", p.text) || n.kind == tPunct && (n.text == "." || n.text == "?.") {
					continue
				}
			}
			return k
		case t.kind != tPunct:
		case t.text == "(" || t.text == "[" || t.text == "{":
			depth++
		case t.text == ")" || t.text == "]" || t.text == "}":
			if depth == 0 {
				return k
			}
			depth--
		case (t.text == ";" || t.text == ",") && depth == 0:
			return k
		}
	}
	return len(s.toks)
}

// expr evaluates the expression starting at i and returns its value and
// its end.
func (s *script) expr(i int) (obj, int) {
	i = s.skipNL(i)
	end := s.exprEnd(i)
	k := i
	for s.is(k, "await") || s.is(k, "yield") {
		k++
	}
	if s.is(k, "{") && s.lang == langJS || s.is(k, "{") && s.lang == langPython {
		if c := s.matching(k); c >= 0 && c+1 >= end {
			return obj{kind: oDict, from: k, to: c}, end
		}
	}
	o, cend := s.chain(k)
	if cend >= end && o.kind != oNone && o.kind != oMember {
		return o, end
	}
	// Not one chain: a string expression, perhaps.
	v := s.value(k, end)
	if len(v.Parts) == 0 {
		return obj{}, end
	}
	return obj{kind: oValue, val: v}, end
}

// chain evaluates a primary expression and its postfix operations
// starting at i: names, member accesses, calls, indexing, `new`. It
// records the SDK calls it meets and returns the value and the index
// after it.
func (s *script) chain(i int) (obj, int) {
	var o obj
	k := i
	switch t := s.tok(k); {
	case t.kind == tIdent && t.text == "new" && s.lang == langJS:
		// new X.Y(args)
		c, end := s.newExpr(k)
		o, k = c, end
	case t.kind == tIdent && t.text == "require" && s.lang == langJS && s.is(k+1, "(") && s.tok(k+2).kind == tString && s.is(k+3, ")"):
		o = jsModule(s.tok(k + 2).text)
		k += 4
	case t.kind == tIdent:
		o = s.lookup(t.text)
		k++
	case t.kind == tPunct && t.text == "(":
		c := s.matching(k)
		if c < 0 {
			return obj{}, k + 1
		}
		inner, _ := s.expr(k + 1)
		o, k = inner, c+1
	case t.kind == tString:
		o = obj{kind: oValue, val: s.stringValue(t)}
		k++
	default:
		return obj{}, k + 1
	}
	for k < len(s.toks) {
		t := s.tok(k)
		if t.kind == tNewline && s.lang == langJS {
			// a chain continued on the next line: .send(...)
			n := s.skipNL(k)
			if s.is(n, ".") || s.is(n, "?.") {
				k = n
				continue
			}
			break
		}
		if t.kind != tPunct {
			break
		}
		switch t.text {
		case ".", "?.":
			n := s.skipNL(k + 1)
			if s.tok(n).kind != tIdent {
				return o, n
			}
			o = s.member(o, s.tok(n).text)
			k = n + 1
		case "(":
			c := s.matching(k)
			if c < 0 {
				return obj{}, len(s.toks)
			}
			o = s.call(o, k, c, s.tok(k).line)
			k = c + 1
		case "[":
			c := s.matching(k)
			if c < 0 {
				return obj{}, len(s.toks)
			}
			o = s.index(o, k+1, c)
			k = c + 1
		case "!":
			if s.lang == langJS && !s.is(k+1, "=") {
				k++
				continue
			}
			return o, k
		default:
			return o, k
		}
	}
	return o, k
}

// lookup returns what a name stands for.
func (s *script) lookup(name string) obj {
	if o, ok := s.vars[name]; ok {
		return o
	}
	if _, ok := s.funcs[name]; ok {
		return s.funcRef(name)
	}
	switch {
	case name == "self" || name == "this" || name == "cls":
		return obj{kind: oSelf}
	case s.lang == langJS && name == "process":
		return obj{kind: oOS}
	}
	return obj{}
}

// funcRef returns the value of the name of helper function name.
func (s *script) funcRef(name string) obj {
	o := s.funcs[name]
	p, ok := s.funcRefs[name]
	if !ok || !sameObj(*p, o) {
		p = &o
		s.funcRefs[name] = p
	}
	return obj{kind: oFunc, ret: p}
}
