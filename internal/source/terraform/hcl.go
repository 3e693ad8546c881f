package terraform

import (
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"

	"github.com/lambdasec/lambdasec/internal/inventory"
)

// maxModuleDepth bounds how deep local modules are followed.
const maxModuleDepth = 8

// maxInstances bounds the instances one count or for_each makes.
const maxInstances = 1000

// passes is how many times a module's resources are evaluated, so that a
// reference to a resource declared later (or in a module) sees its
// configured values: names rarely chain further than that.
const passes = 3

// DirInfo says what reading a directory involved.
type DirInfo struct {
	// Files are the .tf files read, the root module's and its modules'.
	Files []string
	// Modules are the directories of the local modules followed.
	Modules []string
	// NotFollowed are the module calls whose source is not local (a
	// registry or Git module other than the Lambda module lambdasec
	// emulates), as "module.NAME (SOURCE)": what they create is not in
	// the estate.
	NotFollowed []string
}

// IsTerraformDir reports whether dir holds .tf files.
func IsTerraformDir(dir string) bool {
	m, _ := filepath.Glob(filepath.Join(dir, "*.tf"))
	return len(m) > 0
}

// ReadDir reads the Terraform root module in dir statically: its .tf
// files, terraform.tfvars and *.auto.tfvars, and the local modules it
// calls. Nothing is run and no provider is asked: values that only a plan
// would know are unresolved, with the reason. It returns the estate (named
// dir), what was read, and warnings; the error is a file that does not
// parse, an *inventory.Diagnostic with its position.
func ReadDir(dir string) (*inventory.Estate, *DirInfo, []inventory.Diagnostic, error) {
	return readRoot(dir, nil)
}

// ReadFile reads one .tf file as a root module of its own (its directory's
// other files are not read): the estate is named after the file. Rule
// fixtures use it.
func ReadFile(path string) (*inventory.Estate, *DirInfo, []inventory.Diagnostic, error) {
	est, info, warns, err := readRoot(filepath.Dir(path), []string{path})
	if est != nil {
		est.Name = path
	}
	return est, info, warns, err
}

func readRoot(dir string, files []string) (*inventory.Estate, *DirInfo, []inventory.Diagnostic, error) {
	rd := &reader{info: &DirInfo{}, fns: map[string]map[string]function.Function{}, root: dir}
	mod, err := rd.loadFiles(dir, files)
	if err != nil {
		return nil, rd.info, nil, err
	}
	inputs := map[string]cty.Value{}
	if files == nil {
		if err := rd.tfvars(dir, inputs); err != nil {
			return nil, rd.info, nil, err
		}
	}
	ev := rd.newEval(mod, "", inputs, nil, 0)
	ev.run(true)
	est, warns := Map(dir, dir, ev.out)
	est.Parameters = ev.parameters()
	for _, n := range rd.info.NotFollowed {
		est.Gaps = append(est.Gaps, inventory.Gap{Field: inventory.FieldAll, Reason: n + " is not followed: the resources it creates are not in the estate"})
	}
	return est, rd.info, append(rd.warnings, warns...), nil
}

type reader struct {
	// root is the root module's directory: Terraform resolves relative
	// paths (file("x"), filename) against it, and path.module is relative
	// to it.
	root     string
	info     *DirInfo
	parsed   map[string]*module
	warnings []inventory.Diagnostic
	fns      map[string]map[string]function.Function
}

// module is one directory of .tf files, parsed.
type module struct {
	dir       string
	lines     map[string][]string // file -> lines, for comments
	variables map[string]*hclsyntax.Block
	locals    map[string]*hclsyntax.Attribute
	resources []*hclsyntax.Block // resource and data blocks, in file order
	calls     []*hclsyntax.Block
	outputs   map[string]*hclsyntax.Attribute
	sensitive map[string]bool // outputs marked sensitive
	files     map[*hclsyntax.Block]string
	// refAttrs are the attributes the module's expressions read of each
	// resource ("aws_api_gateway_resource.person" -> "path"), so that an
	// exported attribute lambdasec does not model still has a value.
	refAttrs map[string]map[string]bool
}

// load parses the module in dir once per read: a module called several
// times is parsed once. A module called by several root modules is
// parsed once for all of them while it stays in parsedModules.
func (rd *reader) load(dir string) (*module, error) {
	dir = filepath.Clean(dir)
	if m, ok := rd.parsed[dir]; ok {
		return m, nil
	}
	m, files, err := parsedModules.get(dir)
	rd.info.Files = append(rd.info.Files, files...)
	if err == nil {
		if rd.parsed == nil {
			rd.parsed = map[string]*module{}
		}
		rd.parsed[dir] = m
	}
	return m, err
}

// loadFiles parses the module in dir: the given files, or all its .tf files.
func (rd *reader) loadFiles(dir string, names []string) (*module, error) {
	m, files, err := parseModule(dir, names)
	rd.info.Files = append(rd.info.Files, files...)
	return m, err
}

// parseModule parses the module in dir: the given files, or all its .tf
// files; it returns the files read (those before an error included).
func parseModule(dir string, names []string) (*module, []string, error) {
	if names == nil {
		var err error
		if names, err = filepath.Glob(filepath.Join(dir, "*.tf")); err != nil {
			return nil, nil, err
		}
	}
	sort.Strings(names)
	if len(names) == 0 {
		return nil, nil, &inventory.Diagnostic{Source: inventory.Source{File: dir}, Message: "no .tf files"}
	}
	m := newModule(dir)
	var read []string
	for _, name := range names {
		data, err := os.ReadFile(name)
		if err != nil {
			return nil, read, &inventory.Diagnostic{Source: inventory.Source{File: name}, Message: err.Error()}
		}
		if len(data) > 10<<20 {
			return nil, read, &inventory.Diagnostic{Source: inventory.Source{File: name}, Message: "larger than 10 MiB; not read"}
		}
		read = append(read, name)
		if err := m.parse(name, data); err != nil {
			return nil, read, err
		}
	}
	sort.SliceStable(m.calls, func(i, j int) bool { return m.calls[i].Labels[0] < m.calls[j].Labels[0] })
	return m, read, nil
}

// moduleCache keeps parsed local modules across the root modules of a
// run. The examples of a module repository all call the same module
// (terraform-aws-lambda's examples call ../../), which is then parsed once
// rather than once per example. A parsed module is only read after
// parsing (as Terraform shares parsed configuration across its parallel
// graph walk), so readers on several goroutines share it. It keeps the
// last moduleCacheSize modules; an entry is keyed by the directory and
// its .tf files' names, sizes and modification times, so a file changed
// meanwhile is parsed again.
type moduleCache struct {
	mu      sync.Mutex
	entries map[string]*cachedModule
	order   []string // the directories of entries, oldest first
}

// cachedModule is one parse; ready is closed once m, files and err are set.
type cachedModule struct {
	key   string
	ready chan struct{}
	m     *module
	files []string
	err   error
}

// moduleCacheSize is how many parsed modules a moduleCache keeps.
const moduleCacheSize = 16

// parsedModules is the process's moduleCache.
var parsedModules = &moduleCache{entries: map[string]*cachedModule{}}

// get returns the parsed module in dir and the files read, parsing it
// unless an unchanged parse is kept.
func (c *moduleCache) get(dir string) (*module, []string, error) {
	names, err := filepath.Glob(filepath.Join(dir, "*.tf"))
	if err != nil {
		return nil, nil, err
	}
	sort.Strings(names)
	var key strings.Builder
	key.WriteString(dir)
	for _, n := range names {
		st, err := os.Stat(n)
		if err != nil {
			return parseModule(dir, names) // which says what is wrong
		}
		fmt.Fprintf(&key, "\x00%s\x00%d\x00%d", n, st.Size(), st.ModTime().UnixNano())
	}
	c.mu.Lock()
	e, ok := c.entries[dir]
	if ok && e.key == key.String() {
		c.mu.Unlock()
		<-e.ready
		return e.m, e.files, e.err
	}
	e = &cachedModule{key: key.String(), ready: make(chan struct{})}
	if !ok {
		c.order = append(c.order, dir)
		if len(c.order) > moduleCacheSize {
			delete(c.entries, c.order[0])
			c.order = c.order[1:]
		}
	}
	c.entries[dir] = e
	c.mu.Unlock()
	e.m, e.files, e.err = parseModule(dir, names)
	close(e.ready)
	return e.m, e.files, e.err
}

func newModule(dir string) *module {
	return &module{dir: dir, lines: map[string][]string{}, variables: map[string]*hclsyntax.Block{}, locals: map[string]*hclsyntax.Attribute{},
		outputs: map[string]*hclsyntax.Attribute{}, sensitive: map[string]bool{}, files: map[*hclsyntax.Block]string{},
		refAttrs: map[string]map[string]bool{}}
}

// parse adds one file's blocks to the module.
func (m *module) parse(name string, data []byte) error {
	{
		f, diags := hclsyntax.ParseConfig(data, name, hcl.InitialPos)
		if diags.HasErrors() {
			return diagError(name, diags)
		}
		m.lines[name] = strings.Split(string(data), "\n")
		body, ok := f.Body.(*hclsyntax.Body)
		if !ok {
			return nil
		}
		collectRefs(body, m.refAttrs)
		for _, b := range body.Blocks {
			m.files[b] = name
			switch b.Type {
			case "variable":
				if len(b.Labels) == 1 {
					m.variables[b.Labels[0]] = b
				}
			case "locals":
				for n, a := range b.Body.Attributes {
					m.locals[n] = a
				}
			case "resource", "data":
				if len(b.Labels) == 2 {
					m.resources = append(m.resources, b)
				}
			case "module":
				if len(b.Labels) == 1 {
					m.calls = append(m.calls, b)
				}
			case "output":
				if len(b.Labels) == 1 {
					if a := b.Body.Attributes["value"]; a != nil {
						m.outputs[b.Labels[0]] = a
					}
					if s := b.Body.Attributes["sensitive"]; s != nil {
						v, _ := s.Expr.Value(nil)
						m.sensitive[b.Labels[0]] = v.Type() == cty.Bool && v.IsKnown() && v.True()
					}
				}
			}
		}
	}
	return nil
}

// readBytes reads one file's text as a root module in dir, without the
// disk: the fuzz target's way in.
func readBytes(dir, name string, data []byte) (*inventory.Estate, error) {
	rd := &reader{info: &DirInfo{}, fns: map[string]map[string]function.Function{}, root: dir}
	m := newModule(dir)
	if err := m.parse(name, data); err != nil {
		return nil, err
	}
	ev := rd.newEval(m, "", map[string]cty.Value{}, nil, 0)
	ev.run(true)
	est, _ := Map(name, dir, ev.out)
	est.Parameters = ev.parameters()
	return est, nil
}

// collectRefs records in refs the attributes that expressions in body read
// of managed resources: TYPE.NAME[index].ATTR.
func collectRefs(body *hclsyntax.Body, refs map[string]map[string]bool) {
	for _, a := range body.Attributes {
		for _, t := range a.Expr.Variables() {
			root := t.RootName()
			switch root {
			case "var", "local", "data", "module", "path", "count", "each", "terraform", "self":
				continue
			}
			if len(t) < 3 {
				continue
			}
			name, ok := t[1].(hcl.TraverseAttr)
			if !ok {
				continue
			}
			rest := t[2:]
			if _, idx := rest[0].(hcl.TraverseIndex); idx && len(rest) > 1 {
				rest = rest[1:]
			}
			if attr, ok := rest[0].(hcl.TraverseAttr); ok {
				key := root + "." + name.Name
				if refs[key] == nil {
					refs[key] = map[string]bool{}
				}
				refs[key][attr.Name] = true
			}
		}
	}
	for _, b := range body.Blocks {
		collectRefs(b.Body, refs)
	}
}

// tfvars reads terraform.tfvars and *.auto.tfvars (in that order, later
// files winning, as Terraform does) into inputs.
// https://developer.hashicorp.com/terraform/language/values/variables#variable-definition-precedence
func (rd *reader) tfvars(dir string, inputs map[string]cty.Value) error {
	files := []string{filepath.Join(dir, "terraform.tfvars")}
	auto, _ := filepath.Glob(filepath.Join(dir, "*.auto.tfvars"))
	sort.Strings(auto)
	for _, name := range append(files, auto...) {
		data, err := os.ReadFile(name)
		if err != nil {
			continue
		}
		f, diags := hclsyntax.ParseConfig(data, name, hcl.InitialPos)
		if diags.HasErrors() {
			return diagError(name, diags)
		}
		attrs, _ := f.Body.JustAttributes()
		for n, a := range attrs {
			v, diags := a.Expr.Value(nil)
			if !diags.HasErrors() {
				inputs[n] = v
			}
		}
		rd.info.Files = append(rd.info.Files, name)
	}
	return nil
}

func diagError(file string, diags hcl.Diagnostics) error {
	for _, d := range diags {
		if d.Severity != hcl.DiagError {
			continue
		}
		e := &inventory.Diagnostic{Source: inventory.Source{File: file}, Message: d.Summary}
		if d.Detail != "" {
			e.Message += ": " + d.Detail
		}
		if d.Subject != nil {
			e.File, e.Line, e.Column = d.Subject.Filename, d.Subject.Start.Line, d.Subject.Start.Column
		}
		return e
	}
	return &inventory.Diagnostic{Source: inventory.Source{File: file}, Message: diags.Error()}
}

// eval evaluates one module instance.
type eval struct {
	rd     *reader
	mod    *module
	prefix string // "module.api." for a module's resources
	inputs map[string]cty.Value
	// inputRefs are the expressions a module's inputs were given by, to
	// follow references through module boundaries.
	inputRefs map[string]*Value
	depth     int
	parent    *eval // the module that called this one, nil for the root

	vars      map[string]cty.Value
	sensitive map[string]bool
	locals    map[string]cty.Value
	busy      map[string]bool
	managed   map[string]map[string]cty.Value // type -> name -> object
	data      map[string]map[string]cty.Value
	modules   map[string]cty.Value
	// childModules are the local modules called, by call name; memo
	// keeps the last evaluation of each call, reused while its inputs do
	// not change.
	childModules map[string]*module
	memo         map[string]*callMemo
	// unfollowed are the module calls not followed, with their source.
	unfollowed map[string]string
	out        []*Resource
	// top holds the evaluation context's variables, each rebuilt only
	// when what it is made of changes; localsObj caches local.
	top       map[string]cty.Value
	localsObj cty.Value
	localsSet bool
}

func (rd *reader) newEval(m *module, prefix string, inputs map[string]cty.Value, inputRefs map[string]*Value, depth int) *eval {
	ev := &eval{rd: rd, mod: m, prefix: prefix, inputs: inputs, inputRefs: inputRefs, depth: depth,
		vars: map[string]cty.Value{}, sensitive: map[string]bool{}, managed: map[string]map[string]cty.Value{},
		data: map[string]map[string]cty.Value{}, modules: map[string]cty.Value{}, childModules: map[string]*module{}, memo: map[string]*callMemo{}, unfollowed: map[string]string{}}
	for name, b := range m.variables {
		if s := b.Body.Attributes["sensitive"]; s != nil {
			v, _ := s.Expr.Value(nil)
			ev.sensitive[name] = v.Type() == cty.Bool && v.IsKnown() && v.True()
		}
		if v, ok := inputs[name]; ok && !v.IsNull() {
			ev.vars[name] = v
			continue
		}
		if d := b.Body.Attributes["default"]; d != nil {
			v, diags := d.Expr.Value(nil)
			if !diags.HasErrors() {
				ev.vars[name] = v
				continue
			}
		}
		ev.vars[name] = noDefault(name, b)
	}
	return ev
}

// parameters lists the root module's variables as the estate's
// parameters: a variable marked sensitive is the NoEcho of Terraform, and
// its value is its default or the one a .tfvars file gives.
func (ev *eval) parameters() []*inventory.Parameter {
	names := make([]string, 0, len(ev.mod.variables))
	for n := range ev.mod.variables {
		names = append(names, n)
	}
	sort.Strings(names)
	var out []*inventory.Parameter
	for _, n := range names {
		b := ev.mod.variables[n]
		p := &inventory.Parameter{Name: n, NoEcho: ev.sensitive[n],
			Source: inventory.Source{File: ev.mod.files[b], Line: b.DefRange().Start.Line, Column: b.DefRange().Start.Column, LogicalID: "var." + n}}
		if t := b.Body.Attributes["type"]; t != nil {
			if tr, ok := t.Expr.(*hclsyntax.ScopeTraversalExpr); ok {
				p.Type = tr.Traversal.RootName()
			}
		}
		if s, ok := stringOf(ev.vars[n]); ok && !inventory.IsUnresolved(s) {
			p.Default, p.HasDefault = s, true
		} else if v := ev.vars[n]; v.IsKnown() && !v.IsNull() && v.Type() != cty.String {
			p.HasDefault = true
		}
		out = append(out, p)
	}
	return out
}

// noDefault is the value of a variable that has neither a value nor a
// default: a token in a string (so templates keep their shape), unknown
// for other types.
func noDefault(name string, b *hclsyntax.Block) cty.Value {
	if t := b.Body.Attributes["type"]; t != nil {
		if tr, ok := t.Expr.(*hclsyntax.ScopeTraversalExpr); !ok || tr.Traversal.RootName() != "string" {
			return cty.DynamicVal
		}
	}
	return cty.StringVal(inventory.UnresolvedToken("variable " + name + " has no default and no value in a .tfvars file"))
}

func (ev *eval) funcs() map[string]function.Function {
	f := ev.rd.fns[ev.rd.root]
	if f == nil {
		f = functions(ev.rd.root)
		ev.rd.fns[ev.rd.root] = f
	}
	return f
}

// modulePath is path.module: the module's directory relative to the root
// module's, as Terraform gives it.
func (ev *eval) modulePath() string {
	rel, err := filepath.Rel(ev.rd.root, ev.mod.dir)
	if err != nil {
		return ev.mod.dir
	}
	return filepath.ToSlash(rel)
}

// ctx returns a fresh evaluation context (callers add count, each and
// local to its variables) over the module's current values.
func (ev *eval) ctx() *hcl.EvalContext {
	if ev.top == nil {
		ev.top = map[string]cty.Value{
			"var":       cty.ObjectVal(ev.vars),
			"local":     cty.DynamicVal,
			"data":      objOfObjs(ev.data),
			"module":    cty.ObjectVal(ev.modules),
			"path":      cty.ObjectVal(map[string]cty.Value{"module": cty.StringVal(ev.modulePath()), "root": cty.StringVal("."), "cwd": cty.StringVal(".")}),
			"terraform": cty.ObjectVal(map[string]cty.Value{"workspace": cty.StringVal("default")}),
		}
		for typ, objs := range ev.managed {
			ev.top[typ] = cty.ObjectVal(objs)
		}
	}
	vars := make(map[string]cty.Value, len(ev.top)+2)
	for k, v := range ev.top {
		vars[k] = v
	}
	return &hcl.EvalContext{Variables: vars, Functions: ev.funcs()}
}

// changed records that the values of a top-level name ("data", "module"
// or a resource type) changed.
func (ev *eval) changed(name string) {
	if ev.top == nil {
		return
	}
	switch name {
	case "data":
		ev.top["data"] = objOfObjs(ev.data)
	case "module":
		ev.top["module"] = cty.ObjectVal(ev.modules)
	default:
		ev.top[name] = cty.ObjectVal(ev.managed[name])
	}
}

func objOfObjs(m map[string]map[string]cty.Value) cty.Value {
	out := map[string]cty.Value{}
	for k, v := range m {
		out[k] = cty.ObjectVal(v)
	}
	return cty.ObjectVal(out)
}

// withLocals evaluates the locals an expression needs (lazily, each once
// per pass) and returns a context that holds them.
func (ev *eval) withLocals(ctx *hcl.EvalContext, expr hcl.Expression) *hcl.EvalContext {
	need := false
	for _, t := range expr.Variables() {
		if t.RootName() == "local" {
			need = true
			if len(t) > 1 {
				if a, ok := t[1].(hcl.TraverseAttr); ok {
					ev.local(a.Name)
				}
			}
		}
	}
	if need {
		if !ev.localsSet {
			ev.localsObj, ev.localsSet = cty.ObjectVal(ev.locals), true
		}
		ctx.Variables["local"] = ev.localsObj
	}
	return ctx
}

func (ev *eval) local(name string) cty.Value {
	if v, ok := ev.locals[name]; ok {
		return v
	}
	a := ev.mod.locals[name]
	if a == nil || ev.busy[name] {
		return cty.DynamicVal
	}
	ev.busy[name] = true
	defer delete(ev.busy, name)
	ctx := ev.withLocals(ev.ctx(), a.Expr)
	v, _ := a.Expr.Value(ctx)
	ev.locals[name] = v
	ev.localsSet = false
	return v
}

// run evaluates the module's resources and the modules it calls, passes
// times when full is set (once otherwise: a module called in one of its
// caller's early passes only needs to give its outputs a shape).
func (ev *eval) run(full bool) {
	n := passes
	if !full {
		n = 1
	}
	var prev map[string]cty.Value
	for pass := 0; pass < n; pass++ {
		ev.locals, ev.busy = map[string]cty.Value{}, map[string]bool{}
		ev.localsSet = false
		ev.out = nil
		ev.callModules(full && (pass == n-1 || pass > 0))
		for _, b := range ev.mod.resources {
			ev.resource(b)
		}
		// A pass that changed nothing any reference sees is the last one
		// needed (its modules having run every pass).
		ev.ctx()
		if pass > 0 && full && sameInputs(prev, ev.top) {
			break
		}
		prev = make(map[string]cty.Value, len(ev.top))
		for k, v := range ev.top {
			prev[k] = v
		}
	}
	ev.locals, ev.busy = map[string]cty.Value{}, map[string]bool{}
	ev.localsSet = false
}

// outputs evaluates the module's outputs.
func (ev *eval) outputs() cty.Value {
	out := map[string]cty.Value{}
	for name, a := range ev.mod.outputs {
		v, _ := a.Expr.Value(ev.withLocals(ev.ctx(), a.Expr))
		out[name] = v
	}
	return cty.ObjectVal(out)
}

// resource evaluates one resource or data block into its instances.
func (ev *eval) resource(b *hclsyntax.Block) {
	typ, name := b.Labels[0], b.Labels[1]
	file := ev.mod.files[b]
	mode := "managed"
	addrBase := ev.prefix + typ + "." + name
	if b.Type == "data" {
		mode = "data"
		addrBase = ev.prefix + "data." + typ + "." + name
	}
	src := inventory.Source{File: file, Line: b.DefRange().Start.Line, Column: b.DefRange().Start.Column, LogicalID: addrBase}
	skips := ev.skips(file, b.DefRange().Start.Line, b.Body, src)
	type inst struct {
		suffix string
		each   map[string]cty.Value
	}
	var insts []inst
	gap := ""
	var objs cty.Value // the value the resource has for references
	if a := b.Body.Attributes["count"]; a != nil {
		v, diags := a.Expr.Value(ev.withLocals(ev.ctx(), a.Expr))
		n, ok := countOf(v)
		switch {
		case diags.HasErrors() || !ok:
			gap = "count " + ev.reason(a.Expr, v, diags)
			insts = append(insts, inst{suffix: "[0]", each: map[string]cty.Value{"count": cty.ObjectVal(map[string]cty.Value{"index": cty.NumberIntVal(0)})}})
		default:
			for i := 0; i < n && i < maxInstances; i++ {
				insts = append(insts, inst{suffix: "[" + strconv.Itoa(i) + "]", each: map[string]cty.Value{"count": cty.ObjectVal(map[string]cty.Value{"index": cty.NumberIntVal(int64(i))})}})
			}
		}
	} else if a := b.Body.Attributes["for_each"]; a != nil {
		v, diags := a.Expr.Value(ev.withLocals(ev.ctx(), a.Expr))
		if diags.HasErrors() || !v.IsWhollyKnown() || v.IsNull() || !(v.CanIterateElements()) {
			gap = "for_each " + ev.reason(a.Expr, v, diags)
			insts = append(insts, inst{suffix: `["?"]`, each: map[string]cty.Value{"each": cty.ObjectVal(map[string]cty.Value{"key": cty.UnknownVal(cty.String), "value": cty.DynamicVal})}})
		} else {
			v, _ = v.Unmark()
			for it := v.ElementIterator(); it.Next() && len(insts) < maxInstances; {
				k, val := it.Element()
				if v.Type().IsSetType() || v.Type().IsListType() || v.Type().IsTupleType() {
					k = val
				}
				ks := ""
				if k.Type() == cty.String && k.IsKnown() {
					ks = k.AsString()
				} else if k.Type() == cty.Number {
					ks = k.AsBigFloat().Text('f', -1)
				}
				insts = append(insts, inst{suffix: "[" + strconv.Quote(ks) + "]", each: map[string]cty.Value{"each": cty.ObjectVal(map[string]cty.Value{"key": cty.StringVal(ks), "value": val})}})
			}
		}
	} else {
		insts = append(insts, inst{})
	}
	count := b.Body.Attributes["count"] != nil
	forEach := b.Body.Attributes["for_each"] != nil
	list := []cty.Value{}
	byKey := map[string]cty.Value{}
	for _, in := range insts {
		ctx := ev.ctx()
		for k, v := range in.each {
			ctx.Variables[k] = v
		}
		addr := addrBase + in.suffix
		isrc := src
		isrc.LogicalID = addr
		attrs := ev.body(b.Body, ctx, file, addr)
		r := &Resource{Mode: mode, Type: typ, Address: addr, Attrs: attrs, Source: isrc, Skips: skips, Gap: gap}
		ev.out = append(ev.out, r)
		obj := ev.refObject(r, b.Body, ctx)
		if mode == "data" {
			obj = dataObject(typ, addr, attrs, obj)
		}
		list = append(list, obj)
		if len(in.suffix) > 2 {
			k, _ := strconv.Unquote(in.suffix[1 : len(in.suffix)-1])
			byKey[k] = obj
		}
	}
	switch {
	case count && gap == "":
		objs = cty.TupleVal(list)
	case forEach && gap == "":
		objs = cty.ObjectVal(byKey)
	case count || forEach:
		objs = cty.DynamicVal
	default:
		objs = list[0]
	}
	target := ev.managed
	if mode == "data" {
		target = ev.data
	}
	if target[typ] == nil {
		target[typ] = map[string]cty.Value{}
	}
	target[typ][name] = objs
	if mode == "data" {
		ev.changed("data")
	} else {
		ev.changed(typ)
	}
}

// countOf reads a count value.
func countOf(v cty.Value) (int, bool) {
	v, _ = v.Unmark()
	if !v.IsKnown() || v.IsNull() || v.Type() != cty.Number {
		if v.IsKnown() && !v.IsNull() && v.Type() == cty.Bool {
			if v.True() {
				return 1, true
			}
			return 0, true
		}
		return 0, false
	}
	f, _ := v.AsBigFloat().Int64()
	if f < 0 {
		return 0, false
	}
	return int(f), true
}

// reason is reasonOf, naming the modules not followed that the
// expression depends on.
func (ev *eval) reason(expr hcl.Expression, v cty.Value, diags hcl.Diagnostics) string {
	r := reasonOf(expr, v, diags)
	if expr == nil {
		return r
	}
	var names []string
	for _, t := range expr.Variables() {
		if t.RootName() != "module" || len(t) < 2 {
			continue
		}
		if a, ok := t[1].(hcl.TraverseAttr); ok {
			if src, ok := ev.unfollowed[a.Name]; ok {
				names = append(names, "module."+a.Name+" ("+src+")")
			}
		}
	}
	if len(names) > 0 {
		r += "; lambdasec does not follow " + strings.Join(dedupe(names), ", ")
	}
	return r
}

// reasonOf says why an expression has no known value.
func reasonOf(expr hcl.Expression, v cty.Value, diags hcl.Diagnostics) string {
	var names []string
	if expr != nil {
		for _, t := range expr.Variables() {
			names = append(names, traversalText(t))
		}
	}
	dep := ""
	if len(names) > 0 {
		dep = " (depends on " + strings.Join(dedupe(names), ", ") + ")"
	}
	if diags.HasErrors() {
		d := diags[0]
		msg := d.Summary
		if d.Detail != "" && len(d.Detail) < 400 {
			msg += ": " + strings.TrimSuffix(d.Detail, ".")
		}
		return "could not be worked out: " + msg + dep
	}
	if s, ok := stringOf(v); ok {
		if why, ok := inventory.UnresolvedReason(s); ok {
			return "is not known: " + why
		}
	}
	return "is not known before apply" + dep
}

func stringOf(v cty.Value) (string, bool) {
	v, _ = v.Unmark()
	if v.IsKnown() && !v.IsNull() && v.Type() == cty.String {
		return v.AsString(), true
	}
	return "", false
}

func dedupe(s []string) []string {
	seen := map[string]bool{}
	out := s[:0]
	for _, x := range s {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}

// traversalText writes a traversal as it appears in source:
// "aws_iam_access_key.ci.secret".
func traversalText(t hcl.Traversal) string {
	var b strings.Builder
	for i, step := range t {
		switch s := step.(type) {
		case hcl.TraverseRoot:
			b.WriteString(s.Name)
		case hcl.TraverseAttr:
			b.WriteString("." + s.Name)
		case hcl.TraverseIndex:
			if s.Key.Type() == cty.String {
				b.WriteString("[" + strconv.Quote(s.Key.AsString()) + "]")
			} else if s.Key.Type() == cty.Number {
				b.WriteString("[" + s.Key.AsBigFloat().Text('f', -1) + "]")
			}
		case hcl.TraverseSplat:
			b.WriteString("[*]")
		}
		_ = i
	}
	return b.String()
}

// metaArgs are the arguments of a resource block that are not its
// configuration.
var metaArgs = map[string]bool{"count": true, "for_each": true, "depends_on": true, "provider": true}

var metaBlocks = map[string]bool{"lifecycle": true, "provisioner": true, "connection": true, "timeouts": true}

// body evaluates a block body into a map value: arguments, and nested
// blocks as lists of maps (dynamic blocks expanded).
func (ev *eval) body(b *hclsyntax.Body, ctx *hcl.EvalContext, file, addr string) *Value {
	out := &Value{Kind: KindMap, Source: srcOf(b.SrcRange, addr)}
	names := make([]string, 0, len(b.Attributes))
	for n := range b.Attributes {
		names = append(names, n)
	}
	sort.Slice(names, func(i, j int) bool {
		return b.Attributes[names[i]].SrcRange.Start.Byte < b.Attributes[names[j]].SrcRange.Start.Byte
	})
	for _, n := range names {
		if metaArgs[n] {
			continue
		}
		a := b.Attributes[n]
		out.Set(n, ev.expr(a.Expr, ctx, addr))
	}
	for _, blk := range b.Blocks {
		if metaBlocks[blk.Type] {
			continue
		}
		if blk.Type == "dynamic" && len(blk.Labels) == 1 {
			ev.dynamic(out, blk, ctx, file, addr)
			continue
		}
		list := out.Get(blk.Type)
		if list == nil || list.Kind != KindList || getRaw(out, blk.Type) == nil {
			list = &Value{Kind: KindList, Source: srcOf(blk.DefRange(), addr)}
			out.Set(blk.Type, list)
		}
		list.List = append(list.List, ev.body(blk.Body, ctx, file, addr))
	}
	return out
}

// getRaw is Get without looking inside a list of one.
func getRaw(v *Value, k string) *Value {
	for i, key := range v.Keys {
		if key == k {
			return v.Vals[i]
		}
	}
	return nil
}

// dynamic expands a dynamic block.
// https://developer.hashicorp.com/terraform/language/expressions/dynamic-blocks
func (ev *eval) dynamic(out *Value, blk *hclsyntax.Block, ctx *hcl.EvalContext, file, addr string) {
	typ := blk.Labels[0]
	list := getRaw(out, typ)
	if list == nil {
		list = &Value{Kind: KindList, Source: srcOf(blk.DefRange(), addr)}
		out.Set(typ, list)
	}
	fe := blk.Body.Attributes["for_each"]
	var content *hclsyntax.Block
	for _, c := range blk.Body.Blocks {
		if c.Type == "content" {
			content = c
		}
	}
	if fe == nil || content == nil {
		return
	}
	iter := typ
	if it := blk.Body.Attributes["iterator"]; it != nil {
		if tr, ok := it.Expr.(*hclsyntax.ScopeTraversalExpr); ok {
			iter = tr.Traversal.RootName()
		}
	}
	v, diags := fe.Expr.Value(ev.withLocals(ctx, fe.Expr))
	v, _ = v.Unmark()
	if diags.HasErrors() || !v.IsWhollyKnown() || v.IsNull() || !v.CanIterateElements() {
		out.Set(typ, unresolvedValue("dynamic "+typ+" for_each "+ev.reason(fe.Expr, v, diags), srcOf(fe.SrcRange, addr)))
		return
	}
	for it := v.ElementIterator(); it.Next(); {
		k, val := it.Element()
		child := ctx.NewChild()
		child.Variables = map[string]cty.Value{iter: cty.ObjectVal(map[string]cty.Value{"key": k, "value": val})}
		flat := &hcl.EvalContext{Variables: map[string]cty.Value{}, Functions: ctx.Functions}
		for n, x := range ctx.Variables {
			flat.Variables[n] = x
		}
		flat.Variables[iter] = child.Variables[iter]
		list.List = append(list.List, ev.body(content.Body, flat, file, addr))
	}
}

func srcOf(r hcl.Range, addr string) inventory.Source {
	return inventory.Source{File: r.Filename, Line: r.Start.Line, Column: r.Start.Column, LogicalID: addr}
}

// expr evaluates one expression into a Value, keeping positions of the
// items of object and tuple constructors, and the reference an expression
// that is one traversal names.
func (ev *eval) expr(e hclsyntax.Expression, ctx *hcl.EvalContext, addr string) *Value {
	ctx = ev.withLocals(ctx, e)
	v, diags := e.Value(ctx)
	src := srcOf(e.Range(), addr)
	var out *Value
	if diags.HasErrors() {
		out = unresolvedValue(ev.reason(e, v, diags), src)
	} else {
		out = ev.convert(v, e, ctx, src, addr)
	}
	if ref := singleRef(e); ref != "" {
		out.Ref = ref
		if strings.HasPrefix(ref, "var.") {
			out.Sensitive = ev.sensitive[strings.SplitN(ref, ".", 3)[1]]
		}
		if strings.HasPrefix(ref, "module.") {
			out.Sensitive = ev.outputSensitive(ref)
		}
		if strings.HasPrefix(ref, "var.") && ev.inputRefs != nil {
			// Follow the variable to the expression the caller gave it.
			if in := ev.inputRefs[strings.SplitN(ref, ".", 3)[1]]; in != nil && in.Ref != "" {
				out.Ref, out.Sensitive = in.Ref, in.Sensitive || out.Sensitive
			}
		}
	}
	return out
}

func (ev *eval) outputSensitive(ref string) bool {
	parts := strings.Split(ref, ".")
	if len(parts) < 3 {
		return false
	}
	for _, c := range ev.mod.calls {
		if c.Labels[0] == parts[1] {
			if m := ev.childModules[parts[1]]; m != nil {
				return m.sensitive[parts[2]]
			}
		}
	}
	return false
}

// singleRef returns the traversal an expression is made of, alone or in a
// template of its own ("${var.x}").
func singleRef(e hclsyntax.Expression) string {
	switch t := e.(type) {
	case *hclsyntax.ScopeTraversalExpr:
		return traversalText(t.Traversal)
	case *hclsyntax.TemplateWrapExpr:
		return singleRef(t.Wrapped)
	case *hclsyntax.RelativeTraversalExpr:
		return ""
	}
	return ""
}

// convert turns a cty value into a Value; e, when it is a constructor, gives
// the positions of the items.
func (ev *eval) convert(v cty.Value, e hclsyntax.Expression, ctx *hcl.EvalContext, src inventory.Source, addr string) *Value {
	v, _ = v.UnmarkDeep()
	if !v.IsKnown() {
		var he hcl.Expression
		if e != nil {
			he = e
		}
		return unresolvedValue(ev.reason(he, v, nil), src)
	}
	if v.IsNull() {
		return &Value{Kind: KindNull, Source: src}
	}
	t := v.Type()
	switch {
	case t == cty.String:
		return strValue(v.AsString(), src)
	case t == cty.Number:
		return &Value{Kind: KindNumber, Str: numText(v.AsBigFloat()), Source: src}
	case t == cty.Bool:
		return &Value{Kind: KindBool, Str: strconv.FormatBool(v.True()), Source: src}
	case t.IsListType() || t.IsSetType() || t.IsTupleType():
		out := &Value{Kind: KindList, Source: src}
		var items []hclsyntax.Expression
		if tc, ok := e.(*hclsyntax.TupleConsExpr); ok && len(tc.Exprs) == v.LengthInt() {
			items = tc.Exprs
		}
		i := 0
		for it := v.ElementIterator(); it.Next(); i++ {
			_, x := it.Element()
			var ie hclsyntax.Expression
			isrc := src
			if items != nil {
				ie = items[i]
				isrc = srcOf(ie.Range(), addr)
			}
			item := ev.convert(x, ie, ctx, isrc, addr)
			if ie != nil {
				if ref := singleRef(ie); ref != "" {
					item.Ref = ref
				}
			}
			out.List = append(out.List, item)
		}
		return out
	case t.IsMapType() || t.IsObjectType():
		out := &Value{Kind: KindMap, Source: src}
		items := map[string]hclsyntax.ObjectConsItem{}
		var order []string
		if oc, ok := e.(*hclsyntax.ObjectConsExpr); ok {
			for _, it := range oc.Items {
				kv, diags := it.KeyExpr.Value(ctx)
				if diags.HasErrors() || !kv.IsKnown() || kv.IsNull() || kv.Type() != cty.String {
					continue
				}
				items[kv.AsString()] = it
				order = append(order, kv.AsString())
			}
		}
		keys := map[string]cty.Value{}
		for it := v.ElementIterator(); it.Next(); {
			k, x := it.Element()
			keys[k.AsString()] = x
		}
		var all []string
		for _, k := range order {
			if _, ok := keys[k]; ok {
				all = append(all, k)
			}
		}
		var rest []string
		for k := range keys {
			if _, ok := items[k]; !ok {
				rest = append(rest, k)
			}
		}
		sort.Strings(rest)
		for _, k := range append(all, rest...) {
			var ie hclsyntax.Expression
			isrc := src
			if it, ok := items[k]; ok {
				ie = it.ValueExpr
				isrc = srcOf(ie.Range(), addr)
			}
			item := ev.convert(keys[k], ie, ctx, isrc, addr)
			if ie != nil {
				if ref := singleRef(ie); ref != "" {
					item.Ref = ref
					if strings.HasPrefix(ref, "var.") {
						item.Sensitive = ev.sensitive[strings.SplitN(ref, ".", 3)[1]]
						if ev.inputRefs != nil {
							if in := ev.inputRefs[strings.SplitN(ref, ".", 3)[1]]; in != nil && in.Ref != "" {
								item.Ref, item.Sensitive = in.Ref, in.Sensitive || item.Sensitive
							}
						}
					}
				}
			}
			out.Set(k, item)
		}
		return out
	}
	return &Value{Kind: KindNull, Source: src}
}

func numText(f *big.Float) string {
	if f.IsInt() {
		i, _ := f.Int(nil)
		return i.String()
	}
	return f.Text('f', -1)
}
