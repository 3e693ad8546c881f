package code

import (
	"strings"
)

// pyImport reads a Python import statement at i and binds the names it
// makes that matter: boto3 (or aioboto3) and its client, resource and
// Session, boto3.session, os and os.environ/os.getenv. It returns the
// index of the statement's last token.
func (s *script) pyImport(i int) int {
	end := i
	for end < len(s.toks) && s.toks[end].kind != tNewline && !s.is(end, ";") {
		end++
	}
	if s.is(i, "import") {
		// import boto3, os as o, boto3.session
		for k := i + 1; k < end; {
			mod, k2 := s.dotted(k, end)
			local := strings.SplitN(mod, ".", 2)[0]
			whole := false
			if s.is(k2, "as") && s.tok(k2+1).kind == tIdent {
				local, whole = s.tok(k2+1).text, true
				k2 += 2
			}
			o := obj{}
			switch {
			case mod == "boto3" || mod == "aioboto3" || !whole && (strings.HasPrefix(mod, "boto3.") || strings.HasPrefix(mod, "aioboto3.")):
				o = obj{kind: oBoto3}
			case mod == "boto3.session" || mod == "aioboto3.session":
				o = obj{kind: oSessionNS}
			case mod == "os":
				o = obj{kind: oOS}
			}
			s.bind(s.vars, local, o)
			k = k2
			if s.is(k, ",") {
				k++
			} else {
				break
			}
		}
		return end
	}
	// from boto3 import client as c, resource  /  from os import environ
	mod, k := s.dotted(i+1, end)
	if !s.is(k, "import") {
		return end
	}
	for k++; k < end; k++ {
		if s.tok(k).kind != tIdent {
			continue
		}
		name, local := s.tok(k).text, s.tok(k).text
		if s.is(k+1, "as") && s.tok(k+2).kind == tIdent {
			local = s.tok(k + 2).text
			k += 2
		}
		var o obj
		switch mod {
		case "boto3", "aioboto3":
			o = s.member(obj{kind: oBoto3}, name)
		case "boto3.session", "aioboto3.session":
			o = s.member(obj{kind: oSessionNS}, name)
		case "os":
			o = s.member(obj{kind: oOS}, name)
		}
		s.bind(s.vars, local, o)
	}
	return end
}

// dotted reads a dotted module name starting at k.
func (s *script) dotted(k, end int) (string, int) {
	var b strings.Builder
	for k < end && (s.tok(k).kind == tIdent || s.is(k, ".")) {
		if s.tok(k).kind == tIdent && (s.tok(k).text == "import" || s.tok(k).text == "as") {
			break
		}
		b.WriteString(s.tok(k).text)
		k++
	}
	return b.String(), k
}

// jsImport reads a JavaScript import declaration at i and binds its
// names to the SDK's modules and exports. It returns the index of its
// last token.
func (s *script) jsImport(i int) int {
	end := i + 1
	for end < len(s.toks) && !(s.tok(end).kind == tString && s.is(end-1, "from")) && !(s.tok(end).kind == tString && end == i+1) {
		if s.is(end, ";") {
			return end
		}
		end++
	}
	if end >= len(s.toks) {
		return end
	}
	pkg := s.tok(end).text
	k := i + 1
	if s.is(k, "type") {
		return end
	}
	for k < end {
		switch {
		case s.is(k, "*") && s.is(k+1, "as") && s.tok(k+2).kind == tIdent:
			s.bind(s.vars, s.tok(k+2).text, jsModule(pkg))
			k += 3
		case s.is(k, "{"):
			c := s.matching(k)
			if c < 0 {
				return end
			}
			for j := k + 1; j < c; j++ {
				if s.tok(j).kind != tIdent || s.is(j-1, "as") || s.tok(j).text == "type" {
					continue
				}
				name, local := s.tok(j).text, s.tok(j).text
				if s.is(j+1, "as") && s.tok(j+2).kind == tIdent {
					local = s.tok(j + 2).text
				}
				m := jsModule(pkg)
				s.bind(s.vars, local, s.jsExport(m.pkg, m.name, name))
			}
			k = c + 1
		case s.tok(k).kind == tIdent && s.tok(k).text != "from":
			// a default import
			s.bind(s.vars, s.tok(k).text, jsModule(pkg))
			k++
		default:
			k++
		}
	}
	return end
}

// jsModule returns what importing or requiring pkg gives: the module of
// an SDK package, or for "aws-sdk/clients/s3" the v2 class it exports.
func jsModule(pkg string) obj {
	switch {
	case pkg == "aws-sdk" || pkg == "aws-sdk/global" || strings.HasPrefix(pkg, "@aws-sdk/"):
		return obj{kind: oJSModule, pkg: pkg}
	case strings.HasPrefix(pkg, "aws-sdk/clients/"):
		c := strings.TrimPrefix(pkg, "aws-sdk/clients/")
		for class := range v2Classes {
			if strings.EqualFold(class, c) {
				return obj{kind: oJSModule, pkg: "aws-sdk", name: class}
			}
		}
	}
	return obj{}
}

// jsExport returns export name of a module (pkg; within, for
// aws-sdk/clients/X, the class X).
func (s *script) jsExport(pkg, within, name string) obj {
	if pkg == "" {
		return obj{}
	}
	if pkg == "aws-sdk" && within != "" {
		if name == "default" {
			return obj{kind: oJSExport, pkg: pkg, name: within}
		}
		return obj{kind: oJSExport, pkg: pkg, name: within + "." + name}
	}
	if pkg == "aws-sdk/global" {
		return obj{}
	}
	return obj{kind: oJSExport, pkg: pkg, name: name}
}

// recordCall records an SDK call (when the pass records) with its
// parameters' tokens.
func (s *script) recordCall(svc, op, method string, params map[string]span, line int) {
	s.finish(s.newCall(svc, op, method, params, line))
}

// newCall builds a call, evaluating its parameters.
func (s *script) newCall(svc, op, method string, params map[string]span, line int) Call {
	actions, ok := actionsFor(svc, op)
	c := Call{Service: svc, Operation: op, Method: method, Actions: actions, File: s.file, Line: line, params: map[string]Value{}, notAPI: !ok}
	if !s.record || !ok {
		return c
	}
	s.quietly(func() {
		for k, sp := range params {
			c.params[k] = s.value(sp.from, sp.to)
		}
		// Tables of batches and transactions, the bus of PutEvents.
		for k, sp := range params {
			switch k {
			case "RequestItems":
				if d, _ := s.expr(sp.from); d.kind == oDict {
					for _, e := range s.entries(d.from, d.to) {
						c.tables = append(c.tables, e.keyVal)
					}
				}
			case "TransactItems", "Statements":
				c.tables = append(c.tables, s.deep(sp, "TableName")...)
				if op == "TransactWriteItems" {
					c.Actions = transactActions(s, sp)
				}
			case "Entries":
				if svc == "events" {
					if buses := s.deep(sp, "EventBusName"); len(buses) > 0 {
						c.params["EventBusName"] = buses[0]
					}
				}
			}
		}
	})
	return c
}

// transactActions returns the actions a TransactWriteItems call's items
// need, by the kinds of item it writes (Put, Update, Delete,
// ConditionCheck); all four when none is seen.
func transactActions(s *script, sp span) []string {
	kinds := map[string]string{"Put": "dynamodb:PutItem", "Update": "dynamodb:UpdateItem", "Delete": "dynamodb:DeleteItem", "ConditionCheck": "dynamodb:ConditionCheckItem"}
	var out []string
	for _, k := range []string{"Put", "Update", "Delete", "ConditionCheck"} {
		for j := sp.from; j < sp.to; j++ {
			t := s.tok(j)
			if (t.kind == tIdent || t.kind == tString) && t.text == k && (s.is(j+1, ":") || s.is(j+1, "=")) {
				out = append(out, kinds[k])
				break
			}
		}
	}
	if len(out) == 0 {
		return operationActions["dynamodb:TransactWriteItems"]
	}
	return out
}

// deep returns the values of every key named key inside the tokens sp.
func (s *script) deep(sp span, key string) []Value {
	var out []Value
	for j := sp.from; j < sp.to; j++ {
		t := s.tok(j)
		if (t.kind == tIdent || t.kind == tString) && t.text == key && s.is(j+1, ":") {
			end := s.argEnd(j+2, sp.to)
			out = append(out, s.value(j+2, end))
		}
	}
	return out
}

// finish chooses the call's resource parameter and keeps it.
func (s *script) finish(c Call) {
	if !s.record || c.notAPI {
		return
	}
	setResource(&c)
	s.calls = append(s.calls, c)
}
