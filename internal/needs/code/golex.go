package code

import (
	"go/scanner"
	"go/token"
)

// gotok is one token of a Go file as go/scanner returns it: lit is an
// identifier's name, a literal's source text or a keyword; line is
// 1-based, not adjusted by //line directives.
type gotok struct {
	t    token.Token
	lit  string
	line int
}

// goTokens is a Go file's tokens with its brackets matched: match[i] is
// the index of the bracket that closes or opens token i (-1 when
// unmatched or not a bracket), parent[i] the innermost bracket open
// around token i (-1 at top level), and lit[i] whether a '{' opens a
// composite literal rather than a block or a struct or interface type.
type goTokens struct {
	toks   []gotok
	match  []int
	parent []int
	lit    []bool
}

// lexGo splits src into tokens with go/scanner (comments dropped,
// semicolons inserted as the language says), matches brackets and tells
// composite literal braces from blocks the way go/parser does: in the
// header of if, for and switch a bare type name followed by '{' opens
// the block, and so does a function's result type.
func lexGo(src []byte) *goTokens {
	fset := token.NewFileSet()
	file := fset.AddFile("", -1, len(src))
	var s scanner.Scanner
	s.Init(file, src, func(token.Position, string) {}, 0)
	g := &goTokens{toks: make([]gotok, 0, len(src)/3+16)} // about a token per 3 bytes of Go
	for {
		pos, t, lit := s.Scan()
		if t == token.EOF {
			break
		}
		if lit == "" {
			lit = t.String()
		}
		g.toks = append(g.toks, gotok{t: t, lit: lit, line: file.PositionFor(pos, false).Line})
	}
	n := len(g.toks)
	g.match, g.parent, g.lit = make([]int, n), make([]int, n), make([]bool, n)
	var open []int    // indexes of open brackets
	var headers []int // bracket depths of the if/for/switch headers being read
	for i, tk := range g.toks {
		g.match[i] = -1
		g.parent[i] = -1
		if len(open) > 0 {
			g.parent[i] = open[len(open)-1]
		}
		depth := len(open)
		for len(headers) > 0 && headers[len(headers)-1] > depth {
			headers = headers[:len(headers)-1]
		}
		switch tk.t {
		case token.IF, token.FOR, token.SWITCH:
			headers = append(headers, depth)
		case token.LBRACE:
			inHeader := len(headers) > 0 && headers[len(headers)-1] == depth
			g.lit[i] = g.compositeBrace(i, inHeader)
			if inHeader && !g.lit[i] {
				headers = headers[:len(headers)-1]
			}
			open = append(open, i)
		case token.LPAREN, token.LBRACK:
			open = append(open, i)
		case token.RPAREN, token.RBRACK, token.RBRACE:
			if len(open) > 0 && closes(g.toks[open[len(open)-1]].t, tk.t) {
				o := open[len(open)-1]
				open = open[:len(open)-1]
				g.match[o], g.match[i] = i, o
				g.parent[i] = g.parent[o]
			}
		}
	}
	return g
}

// closes reports whether the closing bracket c closes o.
func closes(o, c token.Token) bool {
	return o == token.LPAREN && c == token.RPAREN || o == token.LBRACK && c == token.RBRACK || o == token.LBRACE && c == token.RBRACE
}

// tok returns the kind of token i, or ILLEGAL outside the file.
func (g *goTokens) tok(i int) token.Token {
	if i < 0 || i >= len(g.toks) {
		return token.ILLEGAL
	}
	return g.toks[i].t
}

// is reports whether token i is the identifier name.
func (g *goTokens) is(i int, name string) bool {
	return g.tok(i) == token.IDENT && g.toks[i].lit == name
}

// compositeBrace reports whether the '{' at b opens a composite literal.
func (g *goTokens) compositeBrace(b int, inHeader bool) bool {
	p := b - 1
	// An element of a composite literal with its type elided: {{...}}.
	if e := g.parent[b]; e >= 0 && g.toks[e].t == token.LBRACE && g.lit[e] {
		switch g.tok(p) {
		case token.LBRACE, token.COMMA, token.COLON:
			return true
		}
	}
	start, name := -1, false
	switch g.tok(p) {
	case token.RBRACE: // struct{...}{...}
		if m := g.match[p]; m > 0 && (g.tok(m-1) == token.STRUCT || g.tok(m-1) == token.INTERFACE) {
			start = m - 1
		}
	case token.IDENT: // T{...}, pkg.T{...}
		start, name = p, true
		if g.tok(p-1) == token.PERIOD && g.tok(p-2) == token.IDENT {
			start = p - 2
		}
	}
	if start < 0 {
		return false
	}
	// []T, [N]T, []*T, map[K]T.
	for {
		s := start - 1
		if g.tok(s) == token.MUL && g.tok(s-1) == token.RBRACK {
			s--
		}
		if g.tok(s) != token.RBRACK || g.match[s] < 0 {
			break
		}
		start, name = g.match[s], false
		if g.tok(start-1) == token.MAP {
			start--
		}
	}
	q := start - 1
	for g.tok(q) == token.MUL {
		q--
	}
	switch g.tok(q) {
	case token.RPAREN, token.CHAN: // func f() T {
		return false
	}
	return !(name && inHeader)
}

// split returns the ranges of the comma-separated items of tokens
// [lo, hi), brackets skipped; a trailing comma adds no item.
func (g *goTokens) split(lo, hi int) [][2]int {
	var out [][2]int
	start := lo
	for i := lo; i < hi; i++ {
		switch g.toks[i].t {
		case token.LPAREN, token.LBRACK, token.LBRACE:
			if m := g.match[i]; m > i && m < hi {
				i = m
			}
		case token.COMMA:
			out = append(out, [2]int{start, i})
			start = i + 1
		}
	}
	if start < hi {
		out = append(out, [2]int{start, hi})
	}
	return out
}

// colon returns the index of the first ':' of [lo, hi) outside
// brackets, or -1.
func (g *goTokens) colon(lo, hi int) int {
	for i := lo; i < hi; i++ {
		switch g.toks[i].t {
		case token.LPAREN, token.LBRACK, token.LBRACE:
			if m := g.match[i]; m > i && m < hi {
				i = m
			}
		case token.COLON:
			return i
		}
	}
	return -1
}

// goExpr is an expression read from tokens: the forms the analysis
// evaluates or names, and "other" for the rest (composite and function
// literals, slices, type assertions, types), written "…".
type goExpr struct {
	kind   exprKind
	op     token.Token // a literal's kind, a unary or binary operator
	s      string      // an identifier, a literal's source text, a selector's name
	x, y   *goExpr
	args   []*goExpr
	lo, hi int // the expression's tokens; for a composite literal, its braces
}

type exprKind uint8

const (
	xOther exprKind = iota
	xIdent
	xLit
	xSel
	xCall
	xIndex
	xStar
	xUnary
	xBinary
	xParen
	xComposite
)

// maxExprDepth bounds the nesting read; deeper is "other".
const maxExprDepth = 100

// expr reads the expression of tokens [lo, hi); tokens it cannot read as
// one expression make it "other".
func (g *goTokens) expr(lo, hi int) *goExpr {
	if lo >= hi {
		return &goExpr{lo: lo, hi: hi}
	}
	r := exprReader{g: g, i: lo, hi: hi}
	e := r.binary(1, 0)
	if r.i != hi || e == nil {
		return &goExpr{lo: lo, hi: hi}
	}
	return e
}

// exprReader reads one expression with go/parser's precedence.
type exprReader struct {
	g     *goTokens
	i, hi int
}

func (r *exprReader) peek() token.Token {
	if r.i >= r.hi {
		return token.EOF
	}
	return r.g.toks[r.i].t
}

// binary reads operands joined by operators of precedence prec or more.
func (r *exprReader) binary(prec, depth int) *goExpr {
	x := r.unary(depth)
	for x != nil {
		op := r.peek()
		p := op.Precedence()
		if op == token.EOF || p < prec {
			return x
		}
		r.i++
		y := r.binary(p+1, depth+1)
		if y == nil {
			return nil
		}
		x = &goExpr{kind: xBinary, op: op, x: x, y: y, lo: x.lo, hi: y.hi}
	}
	return x
}

func (r *exprReader) unary(depth int) *goExpr {
	if depth > maxExprDepth {
		return nil
	}
	lo := r.i
	switch op := r.peek(); op {
	case token.AND, token.SUB, token.ADD, token.NOT, token.XOR, token.ARROW, token.MUL, token.TILDE:
		r.i++
		x := r.unary(depth + 1)
		if x == nil {
			return nil
		}
		if op == token.MUL {
			return &goExpr{kind: xStar, x: x, lo: lo, hi: x.hi}
		}
		return &goExpr{kind: xUnary, op: op, x: x, lo: lo, hi: x.hi}
	}
	return r.primary(depth)
}

// primary reads an operand and its selectors, calls, indexes and
// composite literals.
func (r *exprReader) primary(depth int) *goExpr {
	g := r.g
	lo := r.i
	var x *goExpr
	switch t := r.peek(); t {
	case token.IDENT:
		x = &goExpr{kind: xIdent, s: g.toks[r.i].lit, lo: lo, hi: lo + 1}
		r.i++
	case token.STRING, token.INT, token.FLOAT, token.IMAG, token.CHAR:
		x = &goExpr{kind: xLit, op: t, s: g.toks[r.i].lit, lo: lo, hi: lo + 1}
		r.i++
	case token.LPAREN:
		m := g.match[r.i]
		if m < 0 || m >= r.hi {
			return nil
		}
		in := g.expr(r.i+1, m)
		r.i = m + 1
		x = &goExpr{kind: xParen, x: in, lo: lo, hi: r.i}
	case token.FUNC, token.LBRACK, token.MAP, token.STRUCT, token.INTERFACE, token.CHAN:
		// A type, a composite literal of it, a conversion to it, or a
		// function literal: skip to its '{' or '('.
		for r.i < r.hi {
			t := g.toks[r.i].t
			if t == token.LBRACE && (g.lit[r.i] || g.tok(r.i-1) != token.STRUCT && g.tok(r.i-1) != token.INTERFACE) {
				break
			}
			if t == token.LPAREN && r.i > lo && g.tok(r.i-1) != token.FUNC {
				break
			}
			if m := g.match[r.i]; m > r.i && m < r.hi && (t == token.LPAREN || t == token.LBRACK || t == token.LBRACE) {
				r.i = m
			}
			r.i++
		}
		if r.peek() == token.LBRACE {
			m := g.match[r.i]
			if m < 0 || m >= r.hi {
				return nil
			}
			kind := xOther
			if g.lit[r.i] {
				kind = xComposite
			}
			x = &goExpr{kind: kind, lo: r.i, hi: m + 1}
			r.i = m + 1
		} else {
			x = &goExpr{lo: lo, hi: r.i}
		}
	default:
		return nil
	}
	for {
		switch r.peek() {
		case token.PERIOD:
			r.i++
			switch r.peek() {
			case token.IDENT:
				x = &goExpr{kind: xSel, x: x, s: g.toks[r.i].lit, lo: lo, hi: r.i + 1}
				r.i++
			case token.LPAREN: // x.(T)
				m := g.match[r.i]
				if m < 0 || m >= r.hi {
					return nil
				}
				r.i = m + 1
				x = &goExpr{lo: lo, hi: r.i}
			default:
				return nil
			}
		case token.LPAREN:
			m := g.match[r.i]
			if m < 0 || m >= r.hi {
				return nil
			}
			call := &goExpr{kind: xCall, x: x, lo: lo, hi: m + 1}
			for _, a := range g.split(r.i+1, m) {
				hi := a[1]
				if hi > a[0] && g.toks[hi-1].t == token.ELLIPSIS {
					hi--
				}
				call.args = append(call.args, g.expr(a[0], hi))
			}
			r.i = m + 1
			x = call
		case token.LBRACK:
			m := g.match[r.i]
			if m < 0 || m >= r.hi {
				return nil
			}
			items := g.split(r.i+1, m)
			if len(items) == 1 && g.colon(r.i+1, m) < 0 {
				x = &goExpr{kind: xIndex, x: x, y: g.expr(items[0][0], items[0][1]), lo: lo, hi: m + 1}
			} else {
				x = &goExpr{lo: lo, hi: m + 1} // a slice or type arguments
			}
			r.i = m + 1
		case token.LBRACE:
			if !g.lit[r.i] {
				return x
			}
			m := g.match[r.i]
			if m < 0 || m >= r.hi {
				return nil
			}
			x = &goExpr{kind: xComposite, lo: r.i, hi: m + 1}
			r.i = m + 1
		default:
			return x
		}
	}
}
