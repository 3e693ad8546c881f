package cloudformation

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/lambdasec/lambdasec/internal/inventory"
)

// resource is one resource of a template, as written and as resolved.
type resource struct {
	id   string
	typ  string
	raw  *value // the resource's whole map (Type, Properties, Metadata...)
	prop *value // Properties as written (after SAM Globals are merged)
	// props are the resolved Properties; set by template.resolveAll.
	props     *value
	condition string
	// from is the SAM resource a generated resource was expanded from.
	from string
	// at is where the resource is written (its logical ID's line).
	at *value
	// reserved marks a resource the SAM transform is expected to
	// generate, registered early so references to it resolve.
	reserved bool
}

// template is one parsed CloudFormation/SAM template.
type template struct {
	file       string
	params     map[string]*param
	paramList  []*param
	mappings   *value
	conditions *value
	globals    *value
	resources  []*resource
	byID       map[string]*resource
	sam        bool
	// warnings are problems that did not stop the read.
	warnings []string
	// budget bounds what the reader builds from this file.
	budget *budget
}

func (t *template) resource(id string) *resource { return t.byID[id] }

// Error is a problem with one input file, at a position when one is known.
// It formats like go/scanner errors: "file:line:col: message".
type Error struct {
	File   string
	Line   int
	Column int
	Msg    string
}

// Error formats the error as "file:line:col: message".
func (e *Error) Error() string {
	switch {
	case e.Line > 0:
		return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Column, e.Msg)
	case e.File != "":
		return fmt.Sprintf("%s: %s", e.File, e.Msg)
	}
	return e.Msg
}

// ErrNotTemplate is returned (wrapped in an *Error) for a file that parses
// but is not a CloudFormation template: no Resources map with AWS:: types.
var ErrNotTemplate = errors.New("not a CloudFormation template (no Resources with AWS:: types)")

// yamlLine matches the position yaml.v3 puts in its error messages.
var yamlLine = regexp.MustCompile(`^yaml: (?:line (\d+): )?(.*)$`)

// fileError turns an error from parsing or resolving into an *Error
// naming file and position.
func fileError(file string, err error) *Error {
	var fe *Error
	if errors.As(err, &fe) {
		return fe
	}
	var pe *posError
	if errors.As(err, &pe) {
		return &Error{File: file, Line: pe.line, Column: pe.col, Msg: pe.msg}
	}
	var be *budgetError
	if errors.As(err, &be) {
		return &Error{File: file, Line: be.line, Column: be.col, Msg: be.message()}
	}
	msg := err.Error()
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[1])
		col := 0
		if line > 0 {
			col = 1
		}
		return &Error{File: file, Line: line, Column: col, Msg: "invalid YAML (at or just after this line): " + m[2]}
	}
	var te *yaml.TypeError
	if errors.As(err, &te) {
		return &Error{File: file, Msg: "invalid YAML: " + strings.Join(te.Errors, "; ")}
	}
	return &Error{File: file, Msg: msg}
}

// jsonSyntaxError gives the exact position of a syntax error in a file
// that is meant to be JSON (it starts with '{'), which YAML's messages
// only place near; nil when data is not JSON-shaped or has no JSON error.
func jsonSyntaxError(file string, data []byte) *Error {
	trimmed := bytes.TrimLeft(data, " \t\r\n\ufeff")
	if len(trimmed) == 0 || trimmed[0] != '{' {
		return nil
	}
	if json.Valid(data) {
		return nil
	}
	var v any
	err := json.Unmarshal(data, &v)
	var se *json.SyntaxError
	if !errors.As(err, &se) {
		return nil
	}
	line, col := 1, 1
	for i := 0; i < int(se.Offset) && i < len(data); i++ {
		if data[i] == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
	}
	return &Error{File: file, Line: line, Column: col, Msg: "invalid JSON: " + se.Error()}
}

// LooksLikeTemplate is a cheap test on the raw bytes, used to pass over
// files in a directory that cannot be templates without parsing them.
func LooksLikeTemplate(data []byte) bool {
	return bytes.Contains(data, []byte("Resources")) && bytes.Contains(data, []byte("AWS::"))
}

// parse reads YAML or JSON into a template, checking that it is one.
func parse(file string, data []byte) (*template, error) {
	if i := bytes.IndexByte(data, 0); i >= 0 {
		return nil, &Error{File: file, Msg: "binary file (NUL byte at offset " + strconv.Itoa(i) + ")"}
	}
	// A JSON template must be JSON: YAML would accept a trailing comma
	// that CloudFormation refuses, and JSON errors have exact positions.
	if je := jsonSyntaxError(file, data); je != nil {
		return nil, je
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, fileError(file, err)
	}
	b := newBudget(len(data))
	c := &converter{budget: b, expanding: map[*yaml.Node]bool{}}
	root, err := c.convert(&doc)
	if err != nil {
		return nil, fileError(file, err)
	}
	if root.kind != kindMap {
		return nil, &Error{File: file, Line: root.line, Column: root.col, Msg: ErrNotTemplate.Error()}
	}
	res := root.get("Resources")
	if res != nil && (res.kind == kindNull || (res.kind == kindMap && len(res.keys) == 0)) {
		return nil, &Error{File: file, Line: res.kline, Column: res.kcol, Msg: "the template has no resources (CloudFormation requires at least one)"}
	}
	if res == nil || res.kind != kindMap || !hasAWSType(res) {
		at := root
		if res != nil {
			at = res
		}
		return nil, &Error{File: file, Line: at.line, Column: at.col, Msg: ErrNotTemplate.Error()}
	}
	t := &template{
		file:       file,
		params:     map[string]*param{},
		byID:       map[string]*resource{},
		mappings:   root.get("Mappings"),
		conditions: root.get("Conditions"),
		globals:    root.get("Globals"),
		budget:     b,
	}
	for _, w := range c.warnings {
		t.warnings = append(t.warnings, fileError(file, w).Error())
	}
	t.sam = hasTransform(root.get("Transform"), "AWS::Serverless-2016-10-31")
	if err := t.readParameters(root.get("Parameters")); err != nil {
		return nil, fileError(file, err)
	}
	for i, id := range res.keys {
		rv := res.vals[i]
		if strings.HasPrefix(id, "Fn::ForEach") {
			t.warnings = append(t.warnings, fmt.Sprintf("%s:%d:%d: %s is not expanded (AWS::LanguageExtensions loops)", file, rv.line, rv.col, id))
			continue
		}
		// A resource lambdasec cannot read is left out, with a warning;
		// the rest of the template is read.
		if rv.kind != kindMap {
			t.warnings = append(t.warnings, fileError(file, errAt(rv, "resource %s is not a map: it is not read", id)).Error())
			continue
		}
		typ := rv.get("Type").text()
		if typ == "" {
			t.warnings = append(t.warnings, fileError(file, errAt(rv, "resource %s has no Type: it is not read", id)).Error())
			continue
		}
		if strings.HasPrefix(typ, "AWS::Serverless::") {
			t.sam = true
		}
		props := rv.get("Properties")
		if props == nil || props.kind == kindNull {
			props = mapAt(rv)
		}
		if props.kind != kindMap {
			return nil, fileError(file, errAt(props, "Properties of %s is not a map", id))
		}
		r := &resource{id: id, typ: typ, raw: rv, prop: props, at: rv, condition: rv.get("Condition").text()}
		t.resources = append(t.resources, r)
		t.byID[id] = r
	}
	return t, nil
}

func hasAWSType(res *value) bool {
	for _, v := range res.vals {
		if strings.HasPrefix(v.get("Type").text(), "AWS::") {
			return true
		}
	}
	return false
}

func hasTransform(v *value, name string) bool {
	for _, s := range v.strings() {
		if s == name {
			return true
		}
	}
	for _, it := range v.items() {
		if it.kind == kindMap && it.get("Name").text() == name {
			return true
		}
	}
	return false
}

func (t *template) readParameters(ps *value) error {
	if ps == nil || ps.kind == kindNull {
		return nil
	}
	if ps.kind != kindMap {
		return errAt(ps, "Parameters is not a map")
	}
	for i, name := range ps.keys {
		pv := ps.vals[i]
		p := &param{name: name, pos: pv}
		if pv.kind == kindMap {
			p.typ = pv.get("Type").text()
			if d := pv.get("Default"); d != nil && d.kind != kindNull {
				if d.kind == kindMap {
					return errAt(d, "parameter %s: Default must be a string or list", name)
				}
				p.def, p.hasDefault = d, true
			}
			p.noEcho = pv.get("NoEcho").isTrue()
		}
		t.params[name] = p
		t.paramList = append(t.paramList, p)
	}
	return nil
}

// resolveAll resolves every resource's properties and drops the resources
// whose Condition is false with the parameters' defaults. A condition that
// cannot be evaluated keeps the resource, with a warning; the only error is
// the file's budget running out.
func (t *template) resolveAll(r *resolver) error {
	kept := t.resources[:0]
	for _, res := range t.resources {
		if res.condition != "" {
			c, err := r.condition(res.condition, res.raw.get("Condition"))
			if err != nil {
				if isBudget(err) {
					return err
				}
				r.warn(err, "the resource is read as if its condition held")
				c = condUnknown
			}
			if c == condFalse {
				delete(t.byID, res.id)
				continue
			}
		}
		if res.props == nil {
			p, err := r.resolve(res.prop)
			if err != nil {
				return err
			}
			if p.kind != kindMap {
				p = mapAt(res.prop)
			}
			res.props = p
		}
		kept = append(kept, res)
	}
	t.resources = kept
	return nil
}

// checkCycles reports a cycle of references among resources, which
// CloudFormation rejects ("Circular dependency between resources"). For a
// SAM function, references inside Events do not count: after the transform
// they belong to the generated permissions and mappings, not the function.
func (t *template) checkCycles() error {
	edges := map[string][]string{}
	for _, res := range t.resources {
		var refs []string
		collectRefs(res.prop, t, &refs, res.typ == "AWS::Serverless::Function")
		for _, d := range res.raw.get("DependsOn").strings() {
			if t.byID[d] != nil {
				refs = append(refs, d)
			}
		}
		edges[res.id] = refs
	}
	const (
		unseen = iota
		onPath
		done
	)
	state := map[string]int{}
	var path []string
	var visit func(id string) error
	visit = func(id string) error {
		state[id] = onPath
		path = append(path, id)
		for _, n := range edges[id] {
			switch state[n] {
			case onPath:
				i := len(path) - 1
				for i > 0 && path[i] != n {
					i--
				}
				cycle := append(append([]string(nil), path[i:]...), n)
				at := t.byID[n].at
				if at.kline > 0 {
					at = &value{line: at.kline, col: at.kcol}
				}
				return errAt(at, "circular dependency between resources: %s", strings.Join(cycle, " -> "))
			case unseen:
				if err := visit(n); err != nil {
					return err
				}
			}
		}
		path = path[:len(path)-1]
		state[id] = done
		return nil
	}
	for _, res := range t.resources {
		if state[res.id] == unseen {
			if err := visit(res.id); err != nil {
				return err
			}
		}
	}
	return nil
}

// collectRefs appends the resources v refers to with Ref, Fn::GetAtt and
// Fn::Sub.
func collectRefs(v *value, t *template, out *[]string, skipEvents bool) {
	if v == nil {
		return
	}
	switch v.kind {
	case kindList:
		for _, it := range v.list {
			collectRefs(it, t, out, false)
		}
	case kindMap:
		switch intrinsicName(v) {
		case "Ref":
			if id := v.vals[0].text(); t.byID[id] != nil {
				*out = append(*out, id)
			}
			return
		case "Fn::GetAtt":
			a := v.vals[0]
			id := ""
			if a.kind == kindScalar {
				id, _, _ = strings.Cut(a.str, ".")
			} else if len(a.list) > 0 {
				id = a.list[0].text()
			}
			if t.byID[id] != nil {
				*out = append(*out, id)
			}
			return
		case "Fn::Sub":
			a := v.vals[0]
			s := a.text()
			vars := map[string]bool{}
			if a.kind == kindList && len(a.list) > 0 {
				s = a.list[0].text()
				if len(a.list) > 1 {
					for i, k := range a.list[1].keys {
						vars[k] = true
						collectRefs(a.list[1].vals[i], t, out, false)
					}
				}
			}
			for _, name := range subVars(s) {
				id, _, _ := strings.Cut(name, ".")
				if !vars[name] && t.byID[id] != nil {
					*out = append(*out, id)
				}
			}
			return
		}
		for i, k := range v.keys {
			if skipEvents && k == "Events" {
				continue
			}
			collectRefs(v.vals[i], t, out, false)
		}
	}
}

// subVars lists the ${...} variable names of a Fn::Sub template.
func subVars(s string) []string {
	var out []string
	for {
		i := strings.Index(s, "${")
		if i < 0 {
			return out
		}
		j := strings.IndexByte(s[i:], '}')
		if j < 0 {
			return out
		}
		name := s[i+2 : i+j]
		if !strings.HasPrefix(name, "!") {
			out = append(out, strings.TrimSpace(name))
		}
		s = s[i+j+1:]
	}
}

// source returns the inventory Source for a value of resource res.
func (t *template) source(res *resource, at *value) inventory.Source {
	s := inventory.Source{File: t.file, LogicalID: res.id}
	if at == nil || at.line == 0 {
		at = res.at
	}
	switch {
	case at == nil:
	case at.kline > 0:
		s.Line, s.Column = at.kline, at.kcol
	default:
		s.Line, s.Column = at.line, at.col
	}
	return s
}
