package code

import (
	"go/ast"
	"go/parser"
	"go/token"
	"slices"
	"strconv"
	"strings"
)

// goSDK is the import path prefix of aws-sdk-go-v2's service packages.
const goSDK = "github.com/aws/aws-sdk-go-v2/service/"

// analyseGo returns the AWS SDK for Go v2 calls of a Go file, read with
// go/parser. An operation's input type names it (s3.PutObjectInput is
// PutObject), so every composite literal of a service package's XInput
// type is a call of X — made directly (client.PutObject(ctx, &in)),
// through a paginator (s3.NewListObjectsV2Paginator), a waiter's Wait,
// the S3 transfer manager or a presign client. A call on a client with a
// nil input (client.ListBuckets(ctx, nil)) is found by its receiver: a
// name assigned from svc.NewFromConfig or declared *svc.Client. A file
// that does not parse yields the calls of the part that did.
func analyseGo(file string, src []byte) []Call {
	fset := token.NewFileSet()
	f, _ := parser.ParseFile(fset, file, src, parser.SkipObjectResolution)
	if f == nil {
		return nil
	}
	g := &goFile{file: file, fset: fset, pkgs: map[string]string{}, clients: map[string]string{}, strs: map[string]Value{}}
	for _, im := range f.Imports {
		p, err := strconv.Unquote(im.Path.Value)
		if err != nil || !strings.HasPrefix(p, goSDK) {
			if err == nil && p == "os" {
				g.os = "os"
				if im.Name != nil {
					g.os = im.Name.Name
				}
			}
			continue
		}
		svc := strings.SplitN(strings.TrimPrefix(p, goSDK), "/", 2)[0]
		local := svc
		if im.Name != nil {
			local = im.Name.Name
		}
		g.pkgs[local] = prefixOf(svc)
	}
	if len(g.pkgs) == 0 {
		return nil
	}
	// First the names: clients and strings.
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			for i, lhs := range n.Lhs {
				if i < len(n.Rhs) {
					g.bind(lhs, n.Rhs[i])
				}
			}
		case *ast.ValueSpec:
			for i, name := range n.Names {
				if i < len(n.Values) {
					g.bind(name, n.Values[i])
				}
				if svc := g.clientType(n.Type); svc != "" {
					g.clients[name.Name] = svc
				}
			}
		case *ast.Field:
			if svc := g.clientType(n.Type); svc != "" {
				for _, name := range n.Names {
					g.clients[name.Name] = svc
				}
			}
		case *ast.KeyValueExpr:
			if k, ok := n.Key.(*ast.Ident); ok {
				g.bind(k, n.Value)
			}
		}
		return true
	})
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.CompositeLit:
			if svc, op, ok := g.inputType(n.Type); ok {
				g.record(svc, op, n, n.Pos())
			}
		case *ast.CallExpr:
			g.clientCall(n)
		}
		return true
	})
	return g.calls
}

// goFile is the state of one Go file's analysis.
type goFile struct {
	file    string
	fset    *token.FileSet
	os      string            // the local name of package os
	pkgs    map[string]string // local package name -> IAM prefix
	clients map[string]string // variable or field name -> IAM prefix
	strs    map[string]Value  // variable, field or constant name -> string value
	calls   []Call
}

// clientType returns the service of a *svc.Client type, or "".
func (g *goFile) clientType(t ast.Expr) string {
	if st, ok := t.(*ast.StarExpr); ok {
		t = st.X
	}
	if sel, ok := t.(*ast.SelectorExpr); ok && sel.Sel.Name == "Client" {
		if id, ok := sel.X.(*ast.Ident); ok {
			return g.pkgs[id.Name]
		}
	}
	return ""
}

// inputType returns the service and operation of a svc.XInput type.
func (g *goFile) inputType(t ast.Expr) (svc, op string, ok bool) {
	sel, isSel := t.(*ast.SelectorExpr)
	if !isSel {
		return "", "", false
	}
	id, isID := sel.X.(*ast.Ident)
	if !isID {
		return "", "", false
	}
	svc = g.pkgs[id.Name]
	op, found := strings.CutSuffix(sel.Sel.Name, "Input")
	return svc, op, svc != "" && found && op != ""
}

// name returns the last name of an identifier or selector (h.client ->
// "client").
func name(e ast.Expr) string {
	switch e := e.(type) {
	case *ast.Ident:
		return e.Name
	case *ast.SelectorExpr:
		return e.Sel.Name
	case *ast.StarExpr:
		return name(e.X)
	case *ast.UnaryExpr:
		return name(e.X)
	}
	return ""
}

// bind remembers what an assignment gives a name: a client
// (svc.NewFromConfig(cfg), svc.New(opts)), or a string.
func (g *goFile) bind(lhs, rhs ast.Expr) {
	n := name(lhs)
	if n == "" || n == "_" {
		return
	}
	if call, ok := rhs.(*ast.CallExpr); ok {
		if sel, ok := call.Fun.(*ast.SelectorExpr); ok {
			if id, ok := sel.X.(*ast.Ident); ok && g.pkgs[id.Name] != "" && (sel.Sel.Name == "NewFromConfig" || sel.Sel.Name == "New") {
				g.clients[n] = g.pkgs[id.Name]
				return
			}
		}
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
func isStringish(e ast.Expr) bool {
	switch e := e.(type) {
	case *ast.BasicLit:
		return e.Kind == token.STRING
	case *ast.BinaryExpr:
		return e.Op == token.ADD
	}
	return false
}

// value evaluates a string expression of Go.
func (g *goFile) value(e ast.Expr, depth int) Value {
	if depth > 20 {
		return dynamic(g.text(e))
	}
	switch e := e.(type) {
	case *ast.BasicLit:
		if e.Kind == token.STRING {
			if s, err := strconv.Unquote(e.Value); err == nil {
				return literal(s)
			}
		}
	case *ast.ParenExpr:
		return g.value(e.X, depth+1)
	case *ast.UnaryExpr:
		if e.Op == token.AND {
			return g.value(e.X, depth+1)
		}
	case *ast.StarExpr:
		return g.value(e.X, depth+1)
	case *ast.BinaryExpr:
		if e.Op == token.ADD {
			return concat(g.value(e.X, depth+1), g.value(e.Y, depth+1))
		}
	case *ast.Ident, *ast.SelectorExpr:
		if v, ok := g.strs[name(e)]; ok {
			return v
		}
	case *ast.CallExpr:
		if sel, ok := e.Fun.(*ast.SelectorExpr); ok && len(e.Args) >= 1 {
			if id, ok := sel.X.(*ast.Ident); ok {
				switch {
				case id.Name == g.os && g.os != "" && (sel.Sel.Name == "Getenv" || sel.Sel.Name == "LookupEnv"):
					if lit, ok := g.value(e.Args[0], depth+1).Literal(); ok {
						return envValue(lit, g.text(e))
					}
				case id.Name == "aws" && (sel.Sel.Name == "String" || sel.Sel.Name == "ToString"):
					return g.value(e.Args[0], depth+1)
				}
			}
		}
	}
	return dynamic(g.text(e))
}

// text returns an expression's source text.
func (g *goFile) text(e ast.Expr) string {
	var b strings.Builder
	writeExpr(&b, e)
	return shorten(b.String())
}

// writeExpr writes the common forms of an expression (go/printer would
// cost the binary more than this does).
func writeExpr(b *strings.Builder, e ast.Expr) {
	switch e := e.(type) {
	case *ast.Ident:
		b.WriteString(e.Name)
	case *ast.BasicLit:
		b.WriteString(e.Value)
	case *ast.SelectorExpr:
		writeExpr(b, e.X)
		b.WriteString("." + e.Sel.Name)
	case *ast.CallExpr:
		writeExpr(b, e.Fun)
		b.WriteString("(")
		for i, a := range e.Args {
			if i > 0 {
				b.WriteString(", ")
			}
			writeExpr(b, a)
		}
		b.WriteString(")")
	case *ast.IndexExpr:
		writeExpr(b, e.X)
		b.WriteString("[")
		writeExpr(b, e.Index)
		b.WriteString("]")
	case *ast.StarExpr:
		b.WriteString("*")
		writeExpr(b, e.X)
	case *ast.UnaryExpr:
		b.WriteString(e.Op.String())
		writeExpr(b, e.X)
	case *ast.BinaryExpr:
		writeExpr(b, e.X)
		b.WriteString(" " + e.Op.String() + " ")
		writeExpr(b, e.Y)
	case *ast.ParenExpr:
		b.WriteString("(")
		writeExpr(b, e.X)
		b.WriteString(")")
	default:
		b.WriteString("…")
	}
}

// record keeps a call of op with the fields of its input literal.
func (g *goFile) record(svc, op string, lit *ast.CompositeLit, pos token.Pos) {
	actions, ok := actionsFor(svc, op)
	if !ok {
		return
	}
	c := Call{Service: svc, Operation: op, Method: op, Actions: actions, File: g.file, Line: g.fset.Position(pos).Line, params: map[string]Value{}}
	if lit != nil {
		for _, el := range lit.Elts {
			kv, ok := el.(*ast.KeyValueExpr)
			if !ok {
				continue
			}
			k, ok := kv.Key.(*ast.Ident)
			if !ok {
				continue
			}
			c.params[k.Name] = g.value(kv.Value, 0)
			switch k.Name {
			case "RequestItems":
				if m, ok := kv.Value.(*ast.CompositeLit); ok {
					for _, el := range m.Elts {
						if kv, ok := el.(*ast.KeyValueExpr); ok {
							c.tables = append(c.tables, g.value(kv.Key, 0))
						}
					}
				}
			case "TransactItems", "Entries":
				kinds := map[string]string{"Put": "dynamodb:PutItem", "Update": "dynamodb:UpdateItem", "Delete": "dynamodb:DeleteItem", "ConditionCheck": "dynamodb:ConditionCheckItem"}
				var seen []string
				ast.Inspect(kv.Value, func(n ast.Node) bool {
					if kv, ok := n.(*ast.KeyValueExpr); ok && op == "TransactWriteItems" {
						if k, ok := kv.Key.(*ast.Ident); ok && kinds[k.Name] != "" && !slices.Contains(seen, kinds[k.Name]) {
							seen = append(seen, kinds[k.Name])
						}
					}
					if kv, ok := n.(*ast.KeyValueExpr); ok {
						if k, ok := kv.Key.(*ast.Ident); ok && (k.Name == "TableName" || k.Name == "EventBusName") {
							v := g.value(kv.Value, 0)
							if k.Name == "TableName" {
								c.tables = append(c.tables, v)
							} else if _, set := c.params["EventBusName"]; !set {
								c.params["EventBusName"] = v
							}
						}
					}
					return true
				})
				if len(seen) > 0 {
					c.Actions = seen
				}
			}
		}
	}
	setResource(&c)
	g.calls = append(g.calls, c)
}

// clientCall records client.Op(ctx, nil) and client.Op(ctx) on a known
// client: calls whose input is not a literal of the call.
func (g *goFile) clientCall(call *ast.CallExpr) {
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok {
		return
	}
	if id, ok := sel.X.(*ast.Ident); ok && g.pkgs[id.Name] != "" {
		return // s3.NewFromConfig(cfg): the package, not a client
	}
	svc := g.clients[name(sel.X)]
	if svc == "" || len(call.Args) < 1 || len(call.Args) > 3 {
		return
	}
	m := sel.Sel.Name
	if m == "" || m[0] < 'A' || m[0] > 'Z' || m == "Options" {
		return
	}
	if len(call.Args) >= 2 {
		if id, ok := call.Args[1].(*ast.Ident); !ok || id.Name != "nil" {
			return // the input literal is recorded where it is written
		}
	}
	g.record(svc, m, nil, call.Pos())
}
