package code

// The tokenizer Python and JavaScript/TypeScript share. It knows each
// language's comments, strings (Python's prefixes, triple quotes and
// f-strings; JavaScript's template literals, with their ${...}
// substitutions nested to any depth) and, for JavaScript, regular
// expression literals, so that nothing inside them is taken for code. It
// never fails: an unterminated string or comment runs to the end of the
// input, and a byte it does not know is a one-byte punctuation token.

// tokKind is the kind of a token.
type tokKind uint8

const (
	tIdent   tokKind = iota + 1 // a name or keyword
	tString                     // a string literal, f-string or template literal
	tNumber                     // a numeric literal
	tPunct                      // an operator or delimiter
	tNewline                    // the end of a logical line, outside brackets
)

// lexeme is one token: its kind, its text (for a string, the content
// between the quotes, escapes left as written), where it starts and ends
// in the source (byte offsets), its 1-based line, and for a string
// whether it interpolates ({...} in an f-string, ${...} in a template).
type lexeme struct {
	kind       tokKind
	text       string
	start, end int
	line       int
	interp     bool
}

// lang is a language the tokenizer reads.
type lang uint8

const (
	langPython lang = iota + 1
	langJS
)

// lexer turns source text into tokens.
type lexer struct {
	src   string
	lang  lang
	pos   int
	line  int
	depth int // bracket depth: newlines inside brackets are not tokens
	toks  []lexeme
}

// tokenize returns the tokens of src.
func tokenize(src string, l lang) []lexeme {
	// About one token for every five bytes of code.
	lx := &lexer{src: src, lang: l, line: 1, toks: make([]lexeme, 0, len(src)/5+8)}
	lx.run()
	return lx.toks
}

func isIdentStart(c byte) bool {
	return c == '_' || c == '$' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c >= 0x80
}

func isIdentPart(c byte) bool { return isIdentStart(c) || '0' <= c && c <= '9' }

func (lx *lexer) emit(k tokKind, text string, start int, line int, interp bool) {
	lx.toks = append(lx.toks, lexeme{kind: k, text: text, start: start, end: lx.pos, line: line, interp: interp})
}

// lastSignificant returns the last token, or a zero token.
func (lx *lexer) last() lexeme {
	if len(lx.toks) == 0 {
		return lexeme{}
	}
	return lx.toks[len(lx.toks)-1]
}

func (lx *lexer) run() {
	src := lx.src
	for lx.pos < len(src) {
		c := src[lx.pos]
		switch {
		case c == '\n':
			if lx.depth == 0 {
				if t := lx.last(); t.kind != tNewline && len(lx.toks) > 0 {
					lx.pos++
					lx.emit(tNewline, "\n", lx.pos-1, lx.line, false)
					lx.line++
					continue
				}
			}
			lx.pos++
			lx.line++
		case c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v':
			lx.pos++
		case c == '\\' && lx.lang == langPython && (lx.peek(1) == '\n' || lx.peek(1) == '\r' && lx.peek(2) == '\n'):
			// An explicit line joining: the next line continues this one.
			lx.pos++
			if src[lx.pos] == '\r' && lx.pos+1 < len(src) && src[lx.pos+1] == '\n' {
				lx.pos++
			}
			lx.pos++
			lx.line++
		case c == '#' && lx.lang == langPython:
			lx.skipLine()
		case c == '/' && lx.lang == langJS && lx.peek(1) == '/':
			lx.skipLine()
		case c == '/' && lx.lang == langJS && lx.peek(1) == '*':
			lx.skipBlockComment()
		case c == '/' && lx.lang == langJS && lx.regexAllowed():
			lx.regex()
		case c == '"' || c == '\'':
			lx.str("", lx.pos)
		case c == '`' && lx.lang == langJS:
			lx.template()
		case '0' <= c && c <= '9' || c == '.' && '0' <= lx.peek(1) && lx.peek(1) <= '9':
			lx.number()
		case isIdentStart(c):
			start := lx.pos
			for lx.pos < len(src) && isIdentPart(src[lx.pos]) {
				lx.pos++
			}
			word := src[start:lx.pos]
			if lx.lang == langPython && lx.pos < len(src) && (src[lx.pos] == '"' || src[lx.pos] == '\'') && stringPrefix(word) {
				lx.str(word, start)
				continue
			}
			lx.emit(tIdent, word, start, lx.line, false)
		case c == '#' && lx.lang == langJS:
			// A private class member (#field) or a hashbang line.
			if lx.pos == 0 && lx.peek(1) == '!' {
				lx.skipLine()
				continue
			}
			start := lx.pos
			lx.pos++
			for lx.pos < len(src) && isIdentPart(src[lx.pos]) {
				lx.pos++
			}
			lx.emit(tIdent, src[start:lx.pos], start, lx.line, false)
		default:
			lx.punct()
		}
	}
}

func (lx *lexer) peek(n int) byte {
	if lx.pos+n < len(lx.src) {
		return lx.src[lx.pos+n]
	}
	return 0
}

func (lx *lexer) skipLine() {
	for lx.pos < len(lx.src) && lx.src[lx.pos] != '\n' {
		lx.pos++
	}
}

func (lx *lexer) skipBlockComment() {
	lx.pos += 2
	for lx.pos < len(lx.src) {
		if lx.src[lx.pos] == '*' && lx.peek(1) == '/' {
			lx.pos += 2
			return
		}
		if lx.src[lx.pos] == '\n' {
			lx.line++
		}
		lx.pos++
	}
}

// stringPrefix reports whether word is a Python string prefix (r, b, u,
// f, and their combinations, in either case).
func stringPrefix(word string) bool {
	if len(word) > 2 {
		return false
	}
	for i := 0; i < len(word); i++ {
		switch word[i] | 0x20 {
		case 'r', 'b', 'u', 'f', 't':
		default:
			return false
		}
	}
	return true
}

// str reads a Python or JavaScript quoted string starting at lx.pos (the
// quote), with the Python prefix already read from start.
func (lx *lexer) str(prefix string, start int) {
	src := lx.src
	line := lx.line
	q := src[lx.pos]
	fstr := false
	for i := 0; i < len(prefix); i++ {
		if c := prefix[i] | 0x20; c == 'f' || c == 't' {
			fstr = true
		}
	}
	triple := lx.lang == langPython && lx.peek(1) == q && lx.peek(2) == q
	if triple {
		lx.pos += 3
	} else {
		lx.pos++
	}
	body := lx.pos
	interp := false
	for lx.pos < len(src) {
		c := src[lx.pos]
		switch {
		case c == '\\' && lx.pos+1 < len(src):
			if src[lx.pos+1] == '\n' {
				lx.line++
			}
			lx.pos += 2
			continue
		case c == '\n' && !triple:
			// An unterminated string ends at the line's end.
			lx.emit(tString, src[body:lx.pos], start, line, interp)
			return
		case c == '\n':
			lx.line++
		case fstr && c == '{':
			if lx.peek(1) == '{' {
				lx.pos += 2
				continue
			}
			interp = true
			lx.pos++
			lx.skipCode('}')
			continue
		case c == q && (!triple || lx.peek(1) == q && lx.peek(2) == q):
			text := src[body:lx.pos]
			if triple {
				lx.pos += 3
			} else {
				lx.pos++
			}
			lx.emit(tString, text, start, line, interp)
			return
		}
		lx.pos++
	}
	lx.emit(tString, src[body:], start, line, interp)
}

// skipCode skips an embedded expression (an f-string's {...}, a
// template's ${...}) up to and past its closing byte, stepping over the
// strings, templates and brackets inside it.
func (lx *lexer) skipCode(close byte) {
	src := lx.src
	depth := 0
	for lx.pos < len(src) {
		c := src[lx.pos]
		switch {
		case c == '\n':
			lx.line++
		case c == '"' || c == '\'':
			saved := len(lx.toks)
			lx.str("", lx.pos)
			lx.toks = lx.toks[:saved]
			continue
		case c == '`' && lx.lang == langJS:
			saved := len(lx.toks)
			lx.template()
			lx.toks = lx.toks[:saved]
			continue
		case c == '(' || c == '[' || c == '{':
			depth++
		case c == ')' || c == ']' || c == '}':
			if depth == 0 && c == close {
				lx.pos++
				return
			}
			if depth > 0 {
				depth--
			}
		}
		lx.pos++
	}
}

// template reads a JavaScript template literal.
func (lx *lexer) template() {
	src := lx.src
	start, line := lx.pos, lx.line
	lx.pos++
	body := lx.pos
	interp := false
	for lx.pos < len(src) {
		c := src[lx.pos]
		switch {
		case c == '\\' && lx.pos+1 < len(src):
			if src[lx.pos+1] == '\n' {
				lx.line++
			}
			lx.pos += 2
			continue
		case c == '\n':
			lx.line++
		case c == '$' && lx.peek(1) == '{':
			interp = true
			lx.pos += 2
			lx.skipCode('}')
			continue
		case c == '`':
			text := src[body:lx.pos]
			lx.pos++
			lx.emit(tString, text, start, line, interp)
			return
		}
		lx.pos++
	}
	lx.emit(tString, src[body:], start, line, interp)
}

// regexAllowed reports whether a '/' here starts a regular expression
// literal rather than a division: after an operator, an opening bracket,
// a comma or a keyword that takes an expression, or at the start.
func (lx *lexer) regexAllowed() bool {
	t := lx.last()
	switch t.kind {
	case 0, tNewline:
		return true
	case tNumber, tString:
		return false
	case tIdent:
		switch t.text {
		case "return", "typeof", "instanceof", "in", "of", "new", "delete", "void", "throw", "case", "do", "else", "yield", "await":
			return true
		}
		return false
	case tPunct:
		switch t.text {
		case ")", "]", "}":
			return false
		}
		return true
	}
	return false
}

// regex reads a regular expression literal; a newline before its end
// means it was a division after all, and only the '/' is taken.
func (lx *lexer) regex() {
	src := lx.src
	start := lx.pos
	i := lx.pos + 1
	class := false
	for i < len(src) {
		c := src[i]
		switch {
		case c == '\n':
			lx.pos++
			lx.emit(tPunct, "/", start, lx.line, false)
			return
		case c == '\\':
			i += 2
			continue
		case c == '[':
			class = true
		case c == ']':
			class = false
		case c == '/' && !class:
			i++
			for i < len(src) && isIdentPart(src[i]) {
				i++
			}
			lx.pos = i
			// A regular expression is no string a call could name a
			// resource with: one opaque token.
			lx.emit(tPunct, "regex", start, lx.line, false)
			return
		}
		i++
	}
	lx.pos++
	lx.emit(tPunct, "/", start, lx.line, false)
}

func (lx *lexer) number() {
	start := lx.pos
	for lx.pos < len(lx.src) {
		c := lx.src[lx.pos]
		if isIdentPart(c) || c == '.' {
			lx.pos++
			continue
		}
		if (c == '+' || c == '-') && lx.pos > start && (lx.src[lx.pos-1]|0x20 == 'e') && !(lx.pos-start > 1 && lx.src[start+1]|0x20 == 'x') {
			lx.pos++
			continue
		}
		break
	}
	lx.emit(tNumber, lx.src[start:lx.pos], start, lx.line, false)
}

// puncts are the multi-byte operators the analyses look at, longest
// first; any other byte is a one-byte token.
var puncts = []string{"...", "?.", "??", "||", "&&", "=>", "==", "!=", "**", "+=", ":="}

func (lx *lexer) punct() {
	start := lx.pos
	rest := lx.src[lx.pos:]
	for _, p := range puncts {
		if len(rest) >= len(p) && rest[:len(p)] == p {
			lx.pos += len(p)
			lx.emit(tPunct, p, start, lx.line, false)
			return
		}
	}
	c := lx.src[lx.pos]
	// Python ends a logical line only outside all brackets; JavaScript's
	// braces are blocks as often as objects, so newlines inside them
	// stay tokens there (the analysis steps over them in expressions).
	switch {
	case c == '(' || c == '[' || c == '{' && lx.lang == langPython:
		lx.depth++
	case c == ')' || c == ']' || c == '}' && lx.lang == langPython:
		if lx.depth > 0 {
			lx.depth--
		}
	}
	lx.pos++
	lx.emit(tPunct, string(c), start, lx.line, false)
}
