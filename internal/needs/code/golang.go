package code

import (
	"go/token"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// goSDK is the import path prefix of aws-sdk-go-v2's service packages.
const goSDK = "github.com/aws/aws-sdk-go-v2/service/"

// analyseGo returns the AWS SDK for Go v2 calls of a Go file, read with
// the standard library's Go lexer go/scanner (go/parser and its AST
// would cost the binary ~465 KB, and issue 14 caps its size): patterns
// of tokens, with brackets matched and expressions read as go/parser
// reads them. An operation's input type names it (s3.PutObjectInput is
// PutObject), so every composite literal of a service package's XInput
// type is a call of X — made directly (client.PutObject(ctx, &in)),
// through a paginator (s3.NewListObjectsV2Paginator), a waiter's Wait,
// the S3 transfer manager or a presign client. A call on a client with a
// nil input (client.ListBuckets(ctx, nil)) is found by its receiver: a
// name assigned from svc.NewFromConfig or declared *svc.Client. A file
// whose package clause does not read yields no call; a file with
// errors after it yields the calls of what could be read.
func analyseGo(file string, src []byte) []Call {
	tk := lexGo(src)
	if tk.tok(0) != token.PACKAGE || tk.tok(1) != token.IDENT || tk.tok(2) != token.SEMICOLON {
		return nil
	}
	g := &goFile{goTokens: tk, file: file, pkgs: map[string]string{}, clients: map[string]string{}, strs: map[string]Value{}}
	g.imports(3)
	if len(g.pkgs) == 0 {
		return nil
	}
	// First the names: clients and strings, in the order go/ast.Inspect
	// would meet them.
	for i := range g.toks {
		switch t := g.toks[i].t; {
		case t == token.ASSIGN || t == token.DEFINE || t > token.ADD_ASSIGN-1 && t < token.AND_NOT_ASSIGN+1:
			g.assignment(i)
		case t == token.COLON:
			g.keyValue(i)
		case t == token.IDENT && g.toks[i].lit == "Client":
			g.clientField(i)
		}
	}
	// Then the calls: input literals and calls on clients, in source
	// order, an enclosing one before what it holds.
	type site struct{ lo, hi, kind int }
	var sites []site
	for i := range g.toks {
		switch g.toks[i].t {
		case token.LBRACE:
			if lo := g.inputLiteral(i); lo >= 0 {
				sites = append(sites, site{lo, g.match[i], i})
			}
		case token.LPAREN:
			if lo := g.clientCall(i, false); lo >= 0 {
				sites = append(sites, site{lo, g.match[i], -i - 1})
			}
		}
	}
	sort.SliceStable(sites, func(a, b int) bool {
		if sites[a].lo != sites[b].lo {
			return sites[a].lo < sites[b].lo
		}
		return sites[a].hi > sites[b].hi
	})
	for _, s := range sites {
		if s.kind >= 0 {
			g.recordLiteral(s.lo, s.kind)
		} else {
			g.clientCall(-s.kind-1, true)
		}
	}
	return g.calls
}

// goFile is the state of one Go file's analysis.
type goFile struct {
	*goTokens
	file    string
	os      string            // the local name of package os
	pkgs    map[string]string // local package name -> IAM prefix
	clients map[string]string // variable or field name -> IAM prefix
	strs    map[string]Value  // variable, field or constant name -> string value
	calls   []Call
}

// imports reads the import declarations from token i on: import "p",
// import name "p", import ( ... ).
func (g *goFile) imports(i int) {
	for g.tok(i) == token.IMPORT {
		i++
		end := i + 1
		if g.tok(i) == token.LPAREN {
			if g.match[i] < 0 {
				end = len(g.toks)
			} else {
				end = g.match[i]
			}
			i++
		} else {
			for end < len(g.toks) && g.toks[end].t != token.SEMICOLON {
				end++
			}
		}
		// A file may end inside an import declaration ("import" as its
		// last token): never read past the tokens there are.
		end = min(end, len(g.toks))
		for ; i < end; i++ {
			if g.toks[i].t != token.STRING {
				continue
			}
			local := ""
			if n := g.tok(i - 1); n == token.IDENT || n == token.PERIOD {
				local = g.toks[i-1].lit
			}
			g.importSpec(local, g.toks[i].lit)
		}
		for i < len(g.toks) && g.toks[i].t != token.SEMICOLON {
			i++
		}
		i++
	}
}

// importSpec remembers an import of path (quoted) under local ("" when
// the spec names none).
func (g *goFile) importSpec(local, quoted string) {
	p, err := strconv.Unquote(quoted)
	if err != nil {
		return
	}
	if !strings.HasPrefix(p, goSDK) {
		if p == "os" {
			g.os = "os"
			if local != "" {
				g.os = local
			}
		}
		return
	}
	svc := strings.SplitN(strings.TrimPrefix(p, goSDK), "/", 2)[0]
	if local == "" {
		local = svc
	}
	g.pkgs[local] = prefixOf(svc)
}

// stmtStart returns the first token of the statement or specification
// that holds the assignment operator at i, and the token before it.
func (g *goFile) stmtStart(i int) (start, before int) {
	j := i - 1
	for ; j >= 0; j-- {
		switch g.toks[j].t {
		case token.RPAREN, token.RBRACK, token.RBRACE:
			if m := g.match[j]; m >= 0 {
				j = m
				continue
			}
			return j + 1, j
		case token.SEMICOLON, token.LBRACE, token.LPAREN, token.LBRACK, token.COLON,
			token.VAR, token.CONST, token.IF, token.FOR, token.SWITCH, token.CASE, token.TYPE,
			token.GO, token.DEFER, token.RETURN, token.SELECT, token.ELSE:
			return j + 1, j
		}
	}
	return 0, -1
}

// assignment binds the names of the assignment or var/const
// specification whose operator is at i to its values.
func (g *goFile) assignment(i int) {
	start, before := g.stmtStart(i)
	spec := false
	switch g.tok(before) {
	case token.TYPE:
		return // type A = B
	case token.VAR, token.CONST:
		spec = true
	}
	if o := g.parent[i]; o >= 0 && g.toks[o].t == token.LPAREN && (g.tok(o-1) == token.VAR || g.tok(o-1) == token.CONST) {
		spec = true // var ( a = 1; b, c T = 2, 3 )
	}
	if g.tok(i+1) == token.RANGE {
		return // for k, v := range m
	}
	end := i + 1
	for ; end < len(g.toks); end++ {
		t := g.toks[end].t
		if t == token.SEMICOLON || t == token.COLON || t == token.RPAREN || t == token.RBRACK || t == token.RBRACE {
			break
		}
		if t == token.LBRACE && !g.lit[end] {
			break
		}
		if m := g.match[end]; m > end && (t == token.LPAREN || t == token.LBRACK || t == token.LBRACE) {
			end = m
		}
	}
	lhs, rhs := g.split(start, i), g.split(i+1, end)
	for k, l := range lhs {
		if k >= len(rhs) {
			break
		}
		var n string
		if spec {
			if g.tok(l[0]) == token.IDENT {
				n = g.toks[l[0]].lit
			}
		} else {
			n = name(g.expr(l[0], l[1]))
		}
		g.bind(n, g.expr(rhs[k][0], rhs[k][1]))
	}
}

// keyValue binds the key of a composite literal's element whose ':' is
// at i (Field: value) to its value.
func (g *goFile) keyValue(i int) {
	b := g.parent[i]
	if b < 0 || g.toks[b].t != token.LBRACE || !g.lit[b] || g.tok(i-1) != token.IDENT {
		return
	}
	if p := g.tok(i - 2); p != token.LBRACE && p != token.COMMA {
		return
	}
	g.bind(g.toks[i-1].lit, g.expr(i+1, g.elementEnd(i+1)))
}

// elementEnd returns where the element of a composite literal that goes
// on at i ends: its ',' or the literal's '}'.
func (g *goFile) elementEnd(i int) int {
	for ; i < len(g.toks); i++ {
		switch t := g.toks[i].t; t {
		case token.COMMA, token.RBRACE, token.RPAREN, token.RBRACK:
			return i
		case token.LPAREN, token.LBRACK, token.LBRACE:
			if m := g.match[i]; m > i {
				i = m
			} else {
				return len(g.toks)
			}
		}
	}
	return i
}

// clientField remembers the names declared with type *svc.Client or
// svc.Client (a struct field, a parameter, a variable) whose Client is at
// token i.
func (g *goFile) clientField(i int) {
	if g.tok(i-1) != token.PERIOD || g.tok(i-2) != token.IDENT || g.tok(i-3) == token.PERIOD {
		return
	}
	svc := g.pkgs[g.toks[i-2].lit]
	if svc == "" {
		return
	}
	j := i - 3
	if g.tok(j) == token.MUL {
		j--
	}
	for first := true; g.tok(j) == token.IDENT; first = false {
		if !first {
			// a, b *s3.Client: a name follows '(', '{', ';', ',' or var.
			switch g.tok(j - 1) {
			case token.LPAREN, token.LBRACE, token.SEMICOLON, token.COMMA, token.VAR:
			default:
				return
			}
		} else if g.tok(j-1) == token.PERIOD {
			return
		}
		g.clients[g.toks[j].lit] = svc
		if g.tok(j-1) != token.COMMA {
			return
		}
		j -= 2
	}
}

// inputLiteral returns the first token of the svc.XInput{...} composite
// literal whose '{' is at b, or -1.
func (g *goFile) inputLiteral(b int) int {
	if !g.lit[b] || g.tok(b-1) != token.IDENT || g.tok(b-2) != token.PERIOD || g.tok(b-3) != token.IDENT {
		return -1
	}
	switch g.tok(b - 4) {
	case token.PERIOD, token.RBRACK:
		return -1 // x.svc.T{}, []svc.T{}
	case token.MUL:
		if g.tok(b-5) == token.RBRACK {
			return -1
		}
	}
	if _, _, ok := g.inputType(g.toks[b-3].lit, g.toks[b-1].lit); !ok {
		return -1
	}
	return b - 3
}

// inputType returns the service and operation of a svc.XInput type.
func (g *goFile) inputType(pkg, typ string) (svc, op string, ok bool) {
	svc = g.pkgs[pkg]
	op, found := strings.CutSuffix(typ, "Input")
	return svc, op, svc != "" && found && op != ""
}

// name returns the last name of an identifier or selector (h.client ->
// "client").
func name(e *goExpr) string {
	switch e.kind {
	case xIdent, xSel:
		return e.s
	case xStar, xUnary:
		return name(e.x)
	}
	return ""
}

// bind remembers what an assignment gives name n: a client
// (svc.NewFromConfig(cfg), svc.New(opts)), or a string.
func (g *goFile) bind(n string, rhs *goExpr) {
	if n == "" || n == "_" {
		return
	}
	if rhs.kind == xCall && rhs.x.kind == xSel && rhs.x.x.kind == xIdent && g.pkgs[rhs.x.x.s] != "" && (rhs.x.s == "NewFromConfig" || rhs.x.s == "New") {
		g.clients[n] = g.pkgs[rhs.x.x.s]
		return
	}
	v := g.value(rhs, 0)
	if len(v.Parts) == 0 || !v.Known() && !isStringish(rhs) {
		return
	}
	if old, ok := g.strs[n]; ok && old.String() != v.String() {
		v = dynamic(n)
	}
	g.strs[n] = v
}

// isStringish reports whether an expression looks like it yields a
// string worth remembering even when computed.
func isStringish(e *goExpr) bool {
	return e.kind == xLit && e.op == token.STRING || e.kind == xBinary && e.op == token.ADD
}

// value evaluates a string expression of Go.
func (g *goFile) value(e *goExpr, depth int) Value {
	if depth > 20 {
		return dynamic(text(e))
	}
	switch e.kind {
	case xLit:
		if e.op == token.STRING {
			if s, err := strconv.Unquote(e.s); err == nil {
				return literal(s)
			}
		}
	case xParen, xStar:
		return g.value(e.x, depth+1)
	case xUnary:
		if e.op == token.AND {
			return g.value(e.x, depth+1)
		}
	case xBinary:
		if e.op == token.ADD {
			return concat(g.value(e.x, depth+1), g.value(e.y, depth+1))
		}
	case xIdent, xSel:
		if v, ok := g.strs[name(e)]; ok {
			return v
		}
	case xCall:
		if f := e.x; f.kind == xSel && f.x.kind == xIdent && len(e.args) >= 1 {
			switch id := f.x.s; {
			case id == g.os && g.os != "" && (f.s == "Getenv" || f.s == "LookupEnv"):
				if lit, ok := g.value(e.args[0], depth+1).Literal(); ok {
					return envValue(lit, text(e))
				}
			case id == "aws" && (f.s == "String" || f.s == "ToString"):
				return g.value(e.args[0], depth+1)
			}
		}
	}
	return dynamic(text(e))
}

// text returns an expression's source text.
func text(e *goExpr) string {
	var b strings.Builder
	writeExpr(&b, e)
	return shorten(b.String())
}

// writeExpr writes the common forms of an expression, and "…" for the
// others.
func writeExpr(b *strings.Builder, e *goExpr) {
	switch e.kind {
	case xIdent, xLit:
		b.WriteString(e.s)
	case xSel:
		writeExpr(b, e.x)
		b.WriteString("." + e.s)
	case xCall:
		writeExpr(b, e.x)
		b.WriteString("(")
		for i, a := range e.args {
			if i > 0 {
				b.WriteString(", ")
			}
			writeExpr(b, a)
		}
		b.WriteString(")")
	case xIndex:
		writeExpr(b, e.x)
		b.WriteString("[")
		writeExpr(b, e.y)
		b.WriteString("]")
	case xStar:
		b.WriteString("*")
		writeExpr(b, e.x)
	case xUnary:
		b.WriteString(e.op.String())
		writeExpr(b, e.x)
	case xBinary:
		writeExpr(b, e.x)
		b.WriteString(" " + e.op.String() + " ")
		writeExpr(b, e.y)
	case xParen:
		b.WriteString("(")
		writeExpr(b, e.x)
		b.WriteString(")")
	default:
		b.WriteString("…")
	}
}

// elements returns the elements of the composite literal whose braces
// are at b and b's match: for each, its key's tokens (empty when it has
// none) and its value's.
func (g *goFile) elements(b int) (keys, values [][2]int) {
	m := g.match[b]
	if m < 0 {
		m = len(g.toks)
	}
	for _, el := range g.split(b+1, m) {
		lo, hi := el[0], el[1]
		for hi > lo && g.toks[hi-1].t == token.SEMICOLON {
			hi--
		}
		if c := g.colon(lo, hi); c >= 0 {
			keys, values = append(keys, [2]int{lo, c}), append(values, [2]int{c + 1, hi})
		} else {
			keys, values = append(keys, [2]int{lo, lo}), append(values, [2]int{lo, hi})
		}
	}
	return keys, values
}

// recordLiteral keeps the call of the svc.XInput{...} literal starting at
// token lo whose '{' is at b, with its fields.
func (g *goFile) recordLiteral(lo, b int) {
	svc, op, _ := g.inputType(g.toks[lo].lit, g.toks[b-1].lit)
	actions, ok := actionsFor(svc, op)
	if !ok {
		return
	}
	c := Call{Service: svc, Operation: op, Method: op, Actions: actions, File: g.file, Line: g.toks[lo].line, params: map[string]Value{}}
	keys, values := g.elements(b)
	for i, k := range keys {
		if k[1]-k[0] != 1 || g.toks[k[0]].t != token.IDENT {
			continue
		}
		key, v := g.toks[k[0]].lit, values[i]
		val := g.expr(v[0], v[1])
		c.params[key] = g.value(val, 0)
		switch key {
		case "RequestItems":
			if val.kind == xComposite {
				mk, _ := g.elements(val.lo)
				for _, k := range mk {
					if k[1] > k[0] {
						c.tables = append(c.tables, g.value(g.expr(k[0], k[1]), 0))
					}
				}
			}
		case "TransactItems", "Entries":
			kinds := map[string]string{"Put": "dynamodb:PutItem", "Update": "dynamodb:UpdateItem", "Delete": "dynamodb:DeleteItem", "ConditionCheck": "dynamodb:ConditionCheckItem"}
			var seen []string
			for j := v[0]; j < v[1]; j++ {
				if g.toks[j].t != token.COLON || !g.isKey(j) {
					continue
				}
				k := g.toks[j-1].lit
				if op == "TransactWriteItems" && kinds[k] != "" && !slices.Contains(seen, kinds[k]) {
					seen = append(seen, kinds[k])
				}
				if k == "TableName" || k == "EventBusName" {
					v := g.value(g.expr(j+1, g.elementEnd(j+1)), 0)
					if k == "TableName" {
						c.tables = append(c.tables, v)
					} else if _, set := c.params["EventBusName"]; !set {
						c.params["EventBusName"] = v
					}
				}
			}
			if len(seen) > 0 {
				c.Actions = seen
			}
		}
	}
	setResource(&c)
	g.calls = append(g.calls, c)
}

// isKey reports whether the ':' at i follows the identifier key of a
// composite literal's element.
func (g *goFile) isKey(i int) bool {
	b := g.parent[i]
	if b < 0 || g.toks[b].t != token.LBRACE || !g.lit[b] || g.tok(i-1) != token.IDENT {
		return false
	}
	p := g.tok(i - 2)
	return p == token.LBRACE || p == token.COMMA
}

// clientCall looks at the call whose '(' is at p: client.Op(ctx, nil)
// or client.Op(ctx) on a known client, a call whose input is not a
// literal of the call. It returns the call's first token, or -1 when it
// is none; record keeps it.
func (g *goFile) clientCall(p int, record bool) int {
	m := p - 1
	if g.tok(m) != token.IDENT || g.tok(m-1) != token.PERIOD || g.tok(m-2) != token.IDENT {
		return -1
	}
	recv := g.toks[m-2].lit
	if g.tok(m-3) != token.PERIOD && g.pkgs[recv] != "" {
		return -1 // s3.NewFromConfig(cfg): the package, not a client
	}
	svc := g.clients[recv]
	op := g.toks[m].lit
	if svc == "" || op[0] < 'A' || op[0] > 'Z' || op == "Options" || g.match[p] < 0 {
		return -1
	}
	args := g.split(p+1, g.match[p])
	if len(args) < 1 || len(args) > 3 {
		return -1
	}
	if len(args) >= 2 && (args[1][1]-args[1][0] != 1 || !g.is(args[1][0], "nil")) {
		return -1 // the input literal is recorded where it is written
	}
	// The call starts where its receiver does: a.b.c.Op(...).
	lo := m - 2
	for g.tok(lo-1) == token.PERIOD && g.tok(lo-2) == token.IDENT {
		lo -= 2
	}
	if record {
		actions, ok := actionsFor(svc, op)
		if !ok {
			return lo
		}
		c := Call{Service: svc, Operation: op, Method: op, Actions: actions, File: g.file, Line: g.toks[lo].line, params: map[string]Value{}}
		setResource(&c)
		g.calls = append(g.calls, c)
	}
	return lo
}
