package terraform

import (
	"encoding/json"
	"fmt"
	"math/big"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"github.com/lambdasec/lambdasec/internal/iampolicy"
	"github.com/lambdasec/lambdasec/internal/inventory"
)

// toCty converts a Value back to cty for references to it.
func toCty(v *Value) cty.Value {
	if v == nil {
		return cty.NullVal(cty.DynamicPseudoType)
	}
	switch v.Kind {
	case KindString:
		return cty.StringVal(v.Str)
	case KindNumber:
		f, _, err := big.ParseFloat(v.Str, 10, 512, big.ToNearestEven)
		if err != nil {
			return cty.StringVal(v.Str)
		}
		return cty.NumberVal(f)
	case KindBool:
		return cty.BoolVal(v.Str == "true")
	case KindList:
		if len(v.List) == 0 {
			return cty.EmptyTupleVal
		}
		items := make([]cty.Value, len(v.List))
		for i, it := range v.List {
			items[i] = toCty(it)
		}
		return cty.TupleVal(items)
	case KindMap:
		m := make(map[string]cty.Value, len(v.Keys))
		for i, k := range v.Keys {
			m[k] = toCty(v.Vals[i])
		}
		return cty.ObjectVal(m)
	}
	return cty.NullVal(cty.DynamicPseudoType)
}

// refObject is the value a reference to the resource sees: its configured
// arguments, and the attributes the provider exports (computedAttrs).
func (ev *eval) refObject(r *Resource, _ *hclsyntax.Body, _ *hcl.EvalContext) cty.Value {
	m := map[string]cty.Value{}
	for i, k := range r.Attrs.Keys {
		m[k] = toCty(r.Attrs.Vals[i])
	}
	for k, s := range computedAttrs(r.Type, r.Address, r.Attrs) {
		if _, set := m[k]; !set || secretAttrs[r.Type][k] != "" {
			m[k] = cty.StringVal(s)
		}
	}
	// Any other attribute the module reads of the resource is one the
	// provider exports after apply: a token for it, as for a
	// CloudFormation Fn::GetAtt lambdasec does not model.
	if r.Mode == "managed" {
		typ, name := r.Type, resourceName(r.Address)
		for attr := range ev.mod.refAttrs[typ+"."+name] {
			if _, set := m[attr]; !set {
				m[attr] = cty.StringVal(inventory.RefToken(r.Address + "." + attr))
			}
		}
	}
	return cty.ObjectVal(m)
}

// resourceName returns the NAME of an address "...TYPE.NAME[index]".
func resourceName(addr string) string {
	if i := strings.LastIndexByte(addr, '['); i >= 0 && strings.HasSuffix(addr, "]") && !strings.Contains(addr[i:], ".") {
		addr = addr[:i]
	}
	if i := strings.LastIndexByte(addr, '.'); i >= 0 {
		return addr[i+1:]
	}
	return addr
}

// dataObject is the value of a data source: the placeholders lambdasec
// knows (the caller's account, region and partition), the policy document
// aws_iam_policy_document renders, and unknown for every other data
// source (it is read from AWS at plan time).
func dataObject(typ, addr string, attrs *Value, configured cty.Value) cty.Value {
	switch typ {
	case "aws_caller_identity":
		return cty.ObjectVal(map[string]cty.Value{
			"account_id": cty.StringVal(inventory.AccountIDToken), "id": cty.StringVal(inventory.AccountIDToken),
			"arn":     cty.StringVal(inventory.UnresolvedToken("the caller's ARN (data." + typ + ")")),
			"user_id": cty.StringVal(inventory.UnresolvedToken("the caller's user ID (data." + typ + ")")),
		})
	case "aws_region":
		r := cty.StringVal(inventory.RegionToken)
		return cty.ObjectVal(map[string]cty.Value{"name": r, "id": r, "region": r, "endpoint": cty.StringVal("")})
	case "aws_partition":
		return cty.ObjectVal(map[string]cty.Value{"partition": cty.StringVal("aws"), "id": cty.StringVal("aws"),
			"dns_suffix": cty.StringVal("amazonaws.com"), "reverse_dns_prefix": cty.StringVal("com.amazonaws")})
	case "aws_iam_policy_document":
		doc := policyDocument(attrs)
		return cty.ObjectVal(map[string]cty.Value{"json": cty.StringVal(doc), "minified_json": cty.StringVal(doc), "id": cty.StringVal(addr)})
	case "archive_file":
		// The zip is built at plan time from source_dir or source_file:
		// its output_path stands for that source, so the code is scanned
		// where it is written.
		m := map[string]cty.Value{}
		for _, k := range []string{"source_dir", "source_file"} {
			if s, _ := text(attrs.Get(k)); s != "" {
				m["output_path"] = cty.StringVal(s)
			}
		}
		if _, ok := m["output_path"]; !ok {
			m["output_path"] = cty.StringVal(inventory.UnresolvedToken("the archive data." + typ + " builds at plan time"))
		}
		for _, k := range []string{"output_base64sha256", "output_md5", "output_sha", "output_size", "output_base64sha512", "id"} {
			m[k] = cty.UnknownVal(cty.String)
		}
		return cty.ObjectVal(m)
	case "aws_iam_role":
		if name, _ := text(attrs.Get("name")); name != "" {
			arn := "arn:aws:iam::" + inventory.AccountIDToken + ":role/" + name
			return cty.ObjectVal(map[string]cty.Value{"name": cty.StringVal(name), "arn": cty.StringVal(arn), "id": cty.StringVal(name)})
		}
	case "aws_iam_policy":
		arn, _ := text(attrs.Get("arn"))
		if name, _ := text(attrs.Get("name")); arn == "" && name != "" {
			arn = awsManagedARN(name)
		}
		if arn != "" {
			return cty.ObjectVal(map[string]cty.Value{"arn": cty.StringVal(arn), "id": cty.StringVal(arn),
				"policy": cty.StringVal(inventory.UnresolvedToken("the policy data." + typ + " reads from AWS"))})
		}
	}
	return cty.DynamicVal
}

// awsManagedARN returns the ARN of the AWS managed policy named name, as
// lambdasec's table of AWS managed policies knows it (their paths differ:
// AWSLambdaBasicExecutionRole is under service-role/), or "".
func awsManagedARN(name string) string {
	set := iampolicy.BuiltinManagedPolicies()
	for _, path := range []string{"", "service-role/", "job-function/", "aws-service-role/"} {
		arn := "arn:aws:iam::aws:policy/" + path + name
		if _, ok := set.ManagedPolicy(arn); ok {
			return arn
		}
	}
	return ""
}

// policyDocument renders an aws_iam_policy_document the way the provider
// does: source_policy_documents' statements, then the block's own, then
// override_policy_documents replacing statements by Sid. A part that is
// not known stays a token, so the document keeps its shape.
// https://registry.terraform.io/providers/hashicorp/aws/latest/docs/data-sources/iam_policy_document
func policyDocument(attrs *Value) string {
	var stmts []any
	docStatements := func(v *Value) []any {
		var out []any
		for _, s := range v.Strings() {
			var d struct {
				Statement json.RawMessage
			}
			if json.Unmarshal([]byte(s), &d) != nil {
				continue
			}
			var list []any
			if json.Unmarshal(d.Statement, &list) != nil {
				var one any
				if json.Unmarshal(d.Statement, &one) == nil && one != nil {
					list = []any{one}
				}
			}
			out = append(out, list...)
		}
		return out
	}
	stmts = append(stmts, docStatements(attrs.Get("source_policy_documents"))...)
	stmts = append(stmts, docStatements(attrs.Get("source_json"))...)
	for _, st := range attrs.Get("statement").Blocks() {
		stmts = append(stmts, statement(st))
	}
	for _, ov := range append(docStatements(attrs.Get("override_policy_documents")), docStatements(attrs.Get("override_json"))...) {
		sid, _ := ov.(map[string]any)["Sid"].(string)
		replaced := false
		for i, s := range stmts {
			if m, ok := s.(map[string]any); ok && sid != "" && m["Sid"] == sid {
				stmts[i], replaced = ov, true
			}
		}
		if !replaced {
			stmts = append(stmts, ov)
		}
	}
	doc := map[string]any{"Version": "2012-10-17", "Statement": stmts}
	if v, _ := text(attrs.Get("version")); v != "" {
		doc["Version"] = v
	}
	if id, _ := text(attrs.Get("policy_id")); id != "" {
		doc["Id"] = id
	}
	b, _ := json.Marshal(doc)
	return string(b)
}

func statement(st *Value) map[string]any {
	out := map[string]any{}
	if sid, _ := text(st.Get("sid")); sid != "" {
		out["Sid"] = sid
	}
	effect, _ := text(st.Get("effect"))
	if effect == "" {
		effect = "Allow"
	}
	out["Effect"] = effect
	one := func(key string, v *Value) {
		if !present(v) {
			return
		}
		if why, ok := v.Unresolved(); ok {
			out[key] = inventory.UnresolvedToken(why)
			return
		}
		ss := v.Strings()
		if len(ss) == 1 {
			out[key] = ss[0]
		} else if len(ss) > 1 {
			out[key] = ss
		}
	}
	one("Action", st.Get("actions"))
	one("NotAction", st.Get("not_actions"))
	one("Resource", st.Get("resources"))
	one("NotResource", st.Get("not_resources"))
	principals := func(key string, blocks []*Value) {
		if len(blocks) == 0 {
			return
		}
		p := map[string]any{}
		for _, b := range blocks {
			typ, _ := text(b.Get("type"))
			ids := b.Get("identifiers").Strings()
			if typ == "*" {
				out[key] = "*"
				return
			}
			var list []string
			if prev, ok := p[typ].([]string); ok {
				list = prev
			}
			p[typ] = append(list, ids...)
		}
		out[key] = p
	}
	principals("Principal", st.Get("principals").Blocks())
	principals("NotPrincipal", st.Get("not_principals").Blocks())
	if conds := st.Get("condition").Blocks(); len(conds) > 0 {
		c := map[string]map[string]any{}
		for _, b := range conds {
			test, _ := text(b.Get("test"))
			variable, _ := text(b.Get("variable"))
			if c[test] == nil {
				c[test] = map[string]any{}
			}
			vals := b.Get("values").Strings()
			if prev, ok := c[test][variable].([]string); ok {
				vals = append(prev, vals...)
			}
			c[test][variable] = vals
		}
		out["Condition"] = c
	}
	return out
}

// ignoreComment is an inline suppression in HCL:
// "# lambdasec:ignore:LS101 reason" or "// lambdasec:ignore:LS101:exp:2027-01-31 reason".
var ignoreComment = regexp.MustCompile(`lambdasec:ignore:([A-Za-z0-9-]+)(?::exp:(\d{4}-\d{2}-\d{2}))?[ \t]*(.*)$`)

// skips reads the lambdasec:ignore comments on the lines right above a
// block and above each of its arguments and nested blocks.
func (ev *eval) skips(file string, line int, body *hclsyntax.Body, at inventory.Source) []inventory.Skip {
	lines := ev.mod.lines[file]
	var out []inventory.Skip
	above := func(l int) {
		for i := l - 2; i >= 0 && i < len(lines); i-- {
			t := strings.TrimSpace(lines[i])
			if !strings.HasPrefix(t, "#") && !strings.HasPrefix(t, "//") {
				break
			}
			if m := ignoreComment.FindStringSubmatch(t); m != nil {
				src := at
				src.Line, src.Column = i+1, strings.Index(lines[i], "lambdasec:")+1
				out = append(out, inventory.Skip{RuleID: m[1], Expires: m[2], Reason: strings.TrimSpace(m[3]), Source: src})
			}
		}
	}
	above(line)
	for _, a := range body.Attributes {
		above(a.SrcRange.Start.Line)
	}
	for _, b := range body.Blocks {
		above(b.DefRange().Start.Line)
	}
	return out
}

// callModules evaluates the module calls: local modules are read and
// evaluated with their inputs, terraform-aws-modules/lambda/aws is
// emulated, and any other source is recorded as not followed.
func (ev *eval) callModules(final bool) {
	defer ev.changed("module")
	for _, c := range ev.mod.calls {
		ev.changed("module") // the calls before this one
		name := c.Labels[0]
		srcAttr := c.Body.Attributes["source"]
		if srcAttr == nil {
			continue
		}
		sv, _ := srcAttr.Expr.Value(nil)
		source, _ := stringOf(sv)
		ctx := ev.ctx()
		inputs := map[string]cty.Value{}
		inputRefs := map[string]*Value{}
		addr := ev.prefix + "module." + name
		for n, a := range c.Body.Attributes {
			switch n {
			case "source", "version", "count", "for_each", "providers", "depends_on":
				continue
			}
			cx := ev.withLocals(ctx, a.Expr)
			v, diags := a.Expr.Value(cx)
			if diags.HasErrors() {
				v = cty.StringVal(inventory.UnresolvedToken("module input " + n + " " + ev.reason(a.Expr, v, diags)))
			}
			inputs[n] = v
			inputRefs[n] = ev.expr(a.Expr, ctx, addr)
		}
		if a := c.Body.Attributes["count"]; a != nil {
			v, _ := a.Expr.Value(ev.withLocals(ctx, a.Expr))
			if n, ok := countOf(v); ok && n == 0 {
				ev.modules[name] = cty.DynamicVal
				continue
			}
		}
		switch {
		case strings.HasPrefix(source, "./") || strings.HasPrefix(source, "../"):
			dir := filepath.Join(ev.mod.dir, source)
			if ev.depth >= maxModuleDepth {
				ev.rd.warnings = append(ev.rd.warnings, rangeWarning(srcAttr.SrcRange, "module %s: deeper than %d modules; not followed", name, maxModuleDepth))
				ev.modules[name] = cty.DynamicVal
				continue
			}
			if ev.calls(filepath.Clean(dir)) {
				ev.rd.warnings = append(ev.rd.warnings, rangeWarning(srcAttr.SrcRange, "module %s (%s) calls itself; not followed", name, source))
				ev.modules[name] = cty.DynamicVal
				continue
			}
			m := ev.childModules[name]
			if m == nil {
				var err error
				m, err = ev.rd.load(dir)
				if err != nil {
					ev.rd.warnings = append(ev.rd.warnings, rangeWarning(srcAttr.SrcRange, "module %s (%s): %v", name, source, err))
					ev.modules[name] = cty.DynamicVal
					continue
				}
				ev.childModules[name] = m
				if !slices.Contains(ev.rd.info.Modules, dir) {
					ev.rd.info.Modules = append(ev.rd.info.Modules, dir)
				}
			}
			if mm := ev.memo[name]; mm != nil && (mm.full || !final) && sameInputs(mm.inputs, inputs) {
				ev.modules[name] = mm.outputs
				ev.out = append(ev.out, mm.out...)
				continue
			}
			child := ev.rd.newEval(m, addr+".", inputs, inputRefs, ev.depth+1)
			child.parent = ev
			child.run(final)
			ev.modules[name] = child.outputs()
			ev.memo[name] = &callMemo{inputs: inputs, outputs: ev.modules[name], out: child.out, full: final}
			ev.out = append(ev.out, child.out...)
		case isLambdaModule(source):
			at := inventory.Source{File: srcAttr.SrcRange.Filename, Line: c.DefRange().Start.Line, Column: c.DefRange().Start.Column, LogicalID: addr}
			res, outputs := lambdaModule(addr, inputs, inputRefs, at, ev.skips(ev.mod.files[c], c.DefRange().Start.Line, c.Body, at))
			ev.out = append(ev.out, res...)
			ev.modules[name] = outputs
			ev.changed("module")
		default:
			if nf := addr + " (" + source + ")"; final && !slices.Contains(ev.rd.info.NotFollowed, nf) {
				ev.rd.info.NotFollowed = append(ev.rd.info.NotFollowed, nf)
			}
			ev.unfollowed[name] = source
			ev.modules[name] = cty.DynamicVal
			ev.changed("module")
		}
	}
}

// calls reports whether dir is the directory of this module or of one of
// the modules that called it: a cycle Terraform refuses.
func (ev *eval) calls(dir string) bool {
	for e := ev; e != nil; e = e.parent {
		if filepath.Clean(e.mod.dir) == dir {
			return true
		}
	}
	return false
}

// callMemo is one evaluation of a module call: its inputs, outputs and
// resources, and whether it ran every pass.
type callMemo struct {
	inputs  map[string]cty.Value
	outputs cty.Value
	out     []*Resource
	full    bool
}

// sameInputs reports whether two sets of module inputs are the same values.
func sameInputs(a, b map[string]cty.Value) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		w, ok := b[k]
		if !ok || !v.RawEquals(w) {
			return false
		}
	}
	return true
}

// isLambdaModule reports whether a module source is terraform-aws-modules'
// Lambda module (registry, GitHub, or a copy named like it).
func isLambdaModule(source string) bool {
	s := strings.TrimPrefix(strings.ToLower(source), "git::")
	s, _, _ = strings.Cut(s, "?")
	return strings.HasPrefix(s, "terraform-aws-modules/lambda/aws") && !strings.Contains(s, "//modules/") ||
		strings.Contains(s, "github.com/terraform-aws-modules/terraform-aws-lambda") && !strings.Contains(s, "//modules/")
}

// rangeWarning is a warning at the start of an HCL range.
func rangeWarning(r hcl.Range, format string, args ...any) inventory.Diagnostic {
	return inventory.Diagnostic{
		Source:   inventory.Source{File: r.Filename, Line: r.Start.Line, Column: r.Start.Column},
		Message:  fmt.Sprintf(format, args...),
		Severity: inventory.SeverityWarning,
	}
}
