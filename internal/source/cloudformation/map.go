package cloudformation

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/lambdasec/lambdasec/internal/iampolicy"
	"github.com/lambdasec/lambdasec/internal/inventory"
)

// mapper turns a resolved template into the inventory model.
type mapper struct {
	t  *template
	r  *resolver
	e  *inventory.Estate
	fn map[string]*inventory.Function // by logical ID
	// fnByARN and fnByName find functions by the ARN or physical name a
	// reference carries.
	fnByARN  map[string]*inventory.Function
	fnByName map[string]*inventory.Function
	roles    map[string]*inventory.Role // by logical ID
	roleARN  map[string]*inventory.Role
	apis     map[string]*inventory.API // by logical ID
	// permissions collects resource-policy statements per function and
	// qualifier, in template order.
	permissions map[permKey]*permSet
	permOrder   []permKey
	// external finds the functions defined outside the template by the
	// reference that names them (Estate.ExternalFunctions).
	external map[string]*inventory.Function
}

type permKey struct {
	fn        *inventory.Function
	qualifier string
}

type permSet struct {
	stmts   []any
	sources []inventory.Source
}

func (m *mapper) src(res *resource, at *value) inventory.Source { return m.t.source(res, at) }

// header fills the common resource header of a template resource.
func (m *mapper) header(res *resource, name string) inventory.Resource {
	h := inventory.Resource{ID: res.id, Name: name, Source: m.src(res, nil), Tags: tags(res.props.get("Tags"))}
	h.Skips = m.skips(res)
	return h
}

// skips reads the inline suppressions of a resource's Metadata (for a
// generated resource, of the SAM resource it came from).
func (m *mapper) skips(res *resource) []inventory.Skip {
	raw := res.raw
	if res.from != "" {
		if orig := m.t.byID[res.from]; orig != nil {
			raw = orig.raw
		}
	}
	var out []inventory.Skip
	for _, s := range raw.get("Metadata").get("lambdasec").get("skip").items() {
		id := s.get("id").text()
		if id == "" {
			id = s.get("Id").text()
		}
		if id == "" && s.isScalar() {
			id = s.str
		}
		if id == "" {
			continue
		}
		reason := s.get("reason").text()
		if reason == "" {
			reason = s.get("Reason").text()
		}
		out = append(out, inventory.Skip{RuleID: id, Reason: reason, Source: m.src(res, s)})
	}
	return out
}

// tags reads Tags written as a map (SAM) or a list of Key/Value (CFN).
func tags(v *value) map[string]string {
	if v == nil {
		return nil
	}
	out := map[string]string{}
	switch v.kind {
	case kindMap:
		for i, k := range v.keys {
			out[k] = v.vals[i].text()
		}
	case kindList:
		for _, it := range v.list {
			if k := it.get("Key").text(); k != "" {
				out[k] = it.get("Value").text()
			}
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// text returns a resolved scalar property, and a gap reason when it is
// unresolved.
func text(v *value) (string, string) {
	s := v.text()
	if r, ok := inventory.UnresolvedReason(s); ok {
		return "", r
	}
	if v != nil && v.kind != kindScalar && v.kind != kindNull {
		return "", "not a single value"
	}
	return s, ""
}

// intProp reads an integer property: ok is false with a reason when it is
// present but not a number lambdasec can know.
func intProp(v *value) (n int, set bool, reason string) {
	if v == nil {
		return 0, false, ""
	}
	s, why := text(v)
	if why != "" {
		return 0, true, why
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return 0, true, fmt.Sprintf("%q is not a number", s)
	}
	return int(f), true, ""
}

// docJSON encodes a resolved policy document and checks that it parses,
// returning the positions of its statements.
func docJSON(v *value, m *mapper, res *resource) (json.RawMessage, []inventory.Source, string) {
	if v == nil {
		return nil, nil, "no policy document"
	}
	if s := v.text(); v.kind == kindScalar {
		// A document given as a JSON string (Terraform style, or Fn::Sub of
		// a JSON text).
		if r, ok := inventory.UnresolvedReason(s); ok && strings.HasPrefix(strings.TrimSpace(s), "{{") {
			return nil, nil, r
		}
		if _, err := iampolicy.Parse([]byte(s)); err != nil {
			return nil, nil, "policy document: " + err.Error()
		}
		return json.RawMessage(s), nil, ""
	}
	b, err := json.Marshal(toJSON(v))
	if err != nil {
		return nil, nil, err.Error()
	}
	var srcs []inventory.Source
	for _, st := range v.get("Statement").items() {
		srcs = append(srcs, m.src(res, st))
	}
	if _, err := iampolicy.Parse(b); err != nil {
		if r, ok := inventory.UnresolvedReason(string(b)); ok {
			return b, srcs, "policy document has an unresolved part: " + r
		}
		return b, srcs, "policy document: " + err.Error()
	}
	return b, srcs, ""
}

// Read builds the estate of one template file. data is the file's content;
// path is used for positions and to find local code (CodeUri) relative to
// the template. Warnings are problems that did not stop the read (an event
// type not modelled, a reference lambdasec could not follow), each an
// inventory.Diagnostic of severity warning at its position. A value
// CloudFormation would refuse (a reference to nothing, an index past the end
// of a list) is unresolved, with a warning: the rest of the template is
// read. The error, an *inventory.Diagnostic (use errors.As for its
// position), is for a file that is not YAML/JSON, not a template, or would
// make the reader build more than its budget (see budget).
func Read(path string, data []byte) (*inventory.Estate, []inventory.Diagnostic, error) {
	t, err := parse(path, data)
	if err != nil {
		return nil, nil, err
	}
	if t.sam {
		if err := t.applyGlobals(); err != nil {
			return nil, nil, fileError(path, err)
		}
		t.reserveSAM()
	}
	if err := t.checkCycles(); err != nil {
		if !t.sam {
			return nil, nil, fileError(path, err)
		}
		// The transform rewrites SAM resources, and with them their
		// references; lambdasec's reading of those is approximate, so a
		// cycle it sees is a warning, not a reason to skip the file.
		t.warnErr(err)
	}
	r := newResolver(t)
	if err := t.resolveAll(r); err != nil {
		return nil, nil, fileError(path, err)
	}
	if t.sam {
		t.expandSAM(r)
	}
	m := &mapper{
		t: t, r: r,
		e:           &inventory.Estate{Kind: inventory.KindTemplate, Name: path, Account: inventory.AccountIDToken},
		fn:          map[string]*inventory.Function{},
		fnByARN:     map[string]*inventory.Function{},
		fnByName:    map[string]*inventory.Function{},
		roles:       map[string]*inventory.Role{},
		roleARN:     map[string]*inventory.Role{},
		apis:        map[string]*inventory.API{},
		permissions: map[permKey]*permSet{},
		external:    map[string]*inventory.Function{},
	}
	m.mapAll()
	return m.e, t.warnings, nil
}

// mapAll maps the resources in dependency order: functions and roles
// first, since everything else refers to them.
func (m *mapper) mapAll() {
	for _, p := range m.t.paramList {
		ip := &inventory.Parameter{Name: p.name, Type: p.typ, HasDefault: p.hasDefault, NoEcho: p.noEcho,
			Source: inventory.Source{File: m.t.file, Line: p.pos.line, Column: p.pos.col, LogicalID: p.name}}
		if p.hasDefault {
			ip.Default = p.def.text()
			if p.def.kind == kindList {
				ip.Default = strings.Join(p.def.strings(), ",")
			}
		}
		m.e.Parameters = append(m.e.Parameters, ip)
	}
	byType := map[string][]*resource{}
	for _, res := range m.t.resources {
		byType[res.typ] = append(byType[res.typ], res)
	}
	for _, res := range byType["AWS::Lambda::Function"] {
		m.function(res)
	}
	for _, res := range byType["AWS::IAM::Role"] {
		m.role(res)
	}
	for _, res := range byType["AWS::IAM::ManagedPolicy"] {
		m.managedPolicy(res)
	}
	for _, typ := range []string{"AWS::IAM::Policy", "AWS::IAM::RolePolicy"} {
		for _, res := range byType[typ] {
			m.inlinePolicy(res)
		}
	}
	m.usersAndGroups(byType)
	for _, f := range m.e.Functions {
		if r := m.roleRef(f.Role); r != nil {
			f.Role = r.ID
		}
	}
	for _, res := range byType["AWS::Lambda::Alias"] {
		m.alias(res)
	}
	for _, res := range byType["AWS::Lambda::Version"] {
		m.version(res)
	}
	for _, res := range byType["AWS::Lambda::Permission"] {
		m.permission(res)
	}
	for _, res := range byType["AWS::Lambda::Url"] {
		m.url(res)
	}
	for _, res := range byType["AWS::Lambda::EventInvokeConfig"] {
		m.eventInvokeConfig(res)
	}
	for _, res := range byType["AWS::Lambda::CodeSigningConfig"] {
		m.codeSigningConfig(res)
	}
	for _, res := range byType["AWS::Lambda::LayerVersion"] {
		m.layer(res)
	}
	for _, res := range byType["AWS::Lambda::LayerVersionPermission"] {
		m.layerPermission(res)
	}
	m.runtimes(byType)
	m.triggers(byType)
	m.apisFrom(byType)
	m.loadBalancers(byType)
	m.domainNames(byType)
	m.webACLs(byType)
	m.network(byType)
	m.data(byType)
	m.monitoring(byType)
	m.detection(byType)
	m.others(byType)
	m.surfaces(byType)
	m.access(byType)
	m.sourcePolicies(byType)
	m.finishPermissions()
	m.inlineSkips()
}

// inlineSkips records the inline suppressions of every resource, by
// logical ID (Estate.Skips).
func (m *mapper) inlineSkips() {
	for _, res := range m.t.resources {
		if sk := m.skips(res); len(sk) > 0 {
			if m.e.Skips == nil {
				m.e.Skips = map[string][]inventory.Skip{}
			}
			m.e.Skips[res.id] = sk
		}
	}
}

// otherTypes are the data and messaging resources kept as Others.
var otherTypes = []string{
	"AWS::DynamoDB::Table", "AWS::DynamoDB::GlobalTable", "AWS::S3::Bucket", "AWS::SQS::Queue",
	"AWS::SNS::Topic", "AWS::Kinesis::Stream", "AWS::StepFunctions::StateMachine",
	"AWS::Events::EventBus", "AWS::SSM::Parameter", "AWS::Cognito::UserPool",
}

func (m *mapper) others(byType map[string][]*resource) {
	for _, typ := range otherTypes {
		for _, res := range byType[typ] {
			name := ""
			if f, ok := arnFormats[typ]; ok && f[1] != "" {
				name, _ = text(res.props.get(f[1]))
			}
			o := &inventory.Other{Resource: m.header(res, name), Type: typ}
			o.ARN = m.r.arnOf(res)
			m.e.Others = append(m.e.Others, o)
		}
	}
}

// functionRef finds the function (and qualifier) a reference names: a Ref
// token to a function, alias or version, a function ARN (qualified or
// not), or a function name.
func (m *mapper) functionRef(s string) (*inventory.Function, string) {
	if s == "" {
		return nil, ""
	}
	if id, ok := inventory.RefTarget(s); ok {
		if f := m.fn[id]; f != nil {
			return f, ""
		}
		if res := m.t.byID[id]; res != nil {
			switch res.typ {
			case "AWS::Lambda::Alias":
				f, _ := m.functionRef(res.props.get("FunctionName").text())
				return f, res.props.get("Name").text()
			case "AWS::Lambda::Version":
				f, _ := m.functionRef(res.props.get("FunctionName").text())
				return f, inventory.AttrToken(id, "Version")
			}
		}
		return nil, ""
	}
	if f := m.fnByARN[s]; f != nil {
		return f, ""
	}
	if strings.HasPrefix(s, "arn:") {
		if i := strings.Index(s, ":function:"); i >= 0 {
			rest := s[i+len(":function:"):]
			name, qual, _ := strings.Cut(rest, ":")
			base := s[:i+len(":function:")] + name
			if f := m.fnByARN[base]; f != nil {
				return f, qual
			}
			if f := m.fnByName[name]; f != nil {
				if acct := iampolicy.AccountOf(s); acct == "" || acct == inventory.AccountIDToken {
					return f, qual
				}
			}
			if id, ok := inventory.RefTarget(name); ok {
				if f := m.fn[id]; f != nil {
					return f, qual
				}
			}
		}
		return nil, ""
	}
	name, qual, _ := strings.Cut(s, ":")
	if f := m.fnByName[name]; f != nil {
		return f, qual
	}
	return nil, ""
}

func (m *mapper) function(res *resource) {
	p := res.props
	name, why := text(p.get("FunctionName"))
	f := &inventory.Function{Resource: m.header(res, name)}
	f.ARN = m.r.arnOf(res)
	gap := func(field, why string) { f.AddGap(field, why, "") }
	if why != "" {
		gap(inventory.FieldName, "FunctionName: "+why)
	}

	f.PackageType = p.get("PackageType").text()
	if v := p.get("Runtime"); v != nil {
		s, why := text(v)
		if why != "" {
			gap(inventory.FieldRuntime, why)
		}
		f.Runtime = s
	}
	f.Handler = p.get("Handler").text()
	f.Architectures = p.get("Architectures").strings()
	if v := p.get("Role"); v != nil {
		s, why := text(v)
		if why != "" {
			gap(inventory.FieldRole, why)
		}
		f.Role = s
	} else {
		gap(inventory.FieldRole, "no Role property")
	}
	m.environment(res, f)
	if v := p.get("KmsKeyArn"); v != nil {
		s, why := text(v)
		if why != "" {
			gap(inventory.FieldKMSKey, why)
		}
		f.KMSKey = s
	}
	if v := p.get("VpcConfig"); v != nil {
		if v.kind != kindMap {
			_, why := text(v)
			gap(inventory.FieldVPC, why)
		} else {
			vc := &inventory.VPCConfig{Source: m.src(res, v), IPv6DualStack: v.get("Ipv6AllowedForDualStack").isTrue()}
			vc.SubnetIDs = refList(v.get("SubnetIds"))
			vc.SecurityGroupIDs = refList(v.get("SecurityGroupIds"))
			if len(vc.SubnetIDs) > 0 || len(vc.SecurityGroupIDs) > 0 {
				f.VPC = vc
			}
			if s := v.get("SubnetIds"); s != nil && s.kind == kindScalar {
				_, why := text(s)
				if why != "" {
					gap(inventory.FieldVPC, "subnets: "+why)
				}
			}
		}
	}
	if v := p.get("TracingConfig"); v != nil {
		s, why := text(v.get("Mode"))
		if why != "" || (v.kind != kindMap && v.kind != kindNull) {
			gap(inventory.FieldTracing, why)
		}
		f.TracingMode = s
	}
	if n, set, why := intProp(p.get("ReservedConcurrentExecutions")); set {
		if why != "" {
			gap(inventory.FieldReservedConcurrency, why)
		} else {
			f.ReservedConcurrency = &n
		}
	}
	if n, set, why := intProp(p.get("Timeout")); set {
		if why != "" {
			gap(inventory.FieldTimeout, why)
		}
		f.Timeout = n
	}
	if n, _, _ := intProp(p.get("MemorySize")); n > 0 {
		f.MemorySize = n
	}
	if v := p.get("Layers"); v != nil {
		if v.kind == kindScalar {
			_, why := text(v)
			gap(inventory.FieldLayers, why)
		}
		f.Layers = refList(v)
	}
	if v := p.get("CodeSigningConfigArn"); v != nil {
		s, why := text(v)
		if why != "" {
			gap(inventory.FieldCodeSigning, why)
		}
		f.CodeSigningConfig = refOrValue(s)
	}
	if v := p.get("DeadLetterConfig"); v != nil {
		s, why := text(v.get("TargetArn"))
		if why != "" || v.kind != kindMap {
			gap(inventory.FieldDeadLetter, why)
		}
		f.DeadLetterTarget = s
	}
	m.functionSurfaces(res, f)
	f.Code = m.code(res)
	m.surfacesB(res, f)
	m.e.Functions = append(m.e.Functions, f)
	m.fn[res.id] = f
	if f.ARN != "" {
		m.fnByARN[f.ARN] = f
	}
	if name != "" {
		m.fnByName[name] = f
	}
}

// refList reads a list of references, turning a Ref/GetAtt token into the
// logical ID it names.
func refList(v *value) []string {
	var out []string
	for _, s := range v.strings() {
		out = append(out, refOrValue(s))
	}
	return out
}

func refOrValue(s string) string {
	if id, ok := inventory.RefTarget(s); ok {
		return id
	}
	return s
}

// environment reads a function's variables, and for each where its value
// came from, looking at the template as written.
func (m *mapper) environment(res *resource, f *inventory.Function) {
	env := res.props.get("Environment")
	if env == nil {
		return
	}
	vars := env.get("Variables")
	if vars == nil || vars.kind != kindMap {
		if _, why := text(vars); why != "" {
			f.AddGap(inventory.FieldEnvironment, why, "")
		} else if _, why := text(env); why != "" {
			f.AddGap(inventory.FieldEnvironment, why, "")
		}
		return
	}
	rawVars := res.prop.get("Environment").get("Variables")
	if res.from != "" {
		if orig := m.t.byID[res.from]; orig != nil {
			rawVars = orig.prop.get("Environment").get("Variables")
		}
	}
	for i, name := range vars.keys {
		v := vars.vals[i]
		ev := inventory.EnvVar{Name: name, Value: v.text(), Source: m.src(res, v)}
		ev.Origin, ev.Ref = m.origin(rawVars.get(name), v)
		ev.Secret = m.accessKeySecret(rawVars.get(name), name, ev.Source)
		f.Environment = append(f.Environment, ev)
	}
}

// accessKeySecret reports a variable set to !GetAtt Key.SecretAccessKey of
// an AWS::IAM::AccessKey: no literal is visible, but the key's secret is
// stored in the function's configuration all the same (LS302). The
// evidence is the reference, never a value.
// https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-iam-accesskey.html#aws-resource-iam-accesskey-return-values
func (m *mapper) accessKeySecret(raw *value, name string, at inventory.Source) *inventory.SecretHit {
	if intrinsicName(raw) != "Fn::GetAtt" {
		return nil
	}
	arg := raw.vals[0]
	var id, attr string
	switch {
	case arg.kind == kindScalar:
		id, attr, _ = strings.Cut(arg.str, ".")
	case arg.kind == kindList && len(arg.list) == 2:
		id, attr = arg.list[0].text(), arg.list[1].text()
	}
	if res := m.t.byID[id]; res == nil || res.typ != "AWS::IAM::AccessKey" || attr != "SecretAccessKey" {
		return nil
	}
	ref := "!GetAtt " + id + "." + attr
	return &inventory.SecretHit{Detector: "secret-reference", Description: "IAM access key secret, set from " + ref,
		Critical: true, Fingerprint: "reference " + ref, Where: name, Source: at}
}

// origin classifies where a value written in the template comes from.
func (m *mapper) origin(raw, resolved *value) (string, string) {
	s := resolved.text()
	switch {
	case raw == nil:
		return inventory.OriginLiteral, ""
	case inventory.IsUnresolved(s):
		return inventory.OriginUnresolved, ""
	case strings.Contains(s, "{{resolve:"):
		return inventory.OriginDynamicReference, ""
	}
	switch intrinsicName(raw) {
	case "Ref":
		name := raw.vals[0].text()
		if p := m.t.params[name]; p != nil {
			if p.noEcho {
				return inventory.OriginNoEchoParameter, name
			}
			return inventory.OriginParameter, name
		}
		if m.t.byID[name] != nil {
			return inventory.OriginResource, name
		}
	case "Fn::GetAtt", "Fn::ImportValue":
		return inventory.OriginResource, ""
	case "Fn::Sub":
		a := raw.vals[0]
		str := a.text()
		if a.kind == kindList && len(a.list) > 0 {
			str = a.list[0].text()
		}
		for _, name := range subVars(str) {
			if p := m.t.params[name]; p != nil && p.noEcho {
				return inventory.OriginNoEchoParameter, name
			}
		}
	}
	if raw.kind == kindScalar {
		return inventory.OriginLiteral, ""
	}
	return inventory.OriginLiteral, ""
}

// code finds where a function's code is: a local path (SAM CodeUri, or a
// Code property before `aws cloudformation package`), S3, an image or
// inline source.
func (m *mapper) code(res *resource) *inventory.Code {
	p := res.props
	c := &inventory.Code{Source: m.src(res, nil)}
	dir := filepath.Dir(m.t.file)
	local := func(s string) {
		switch {
		case s == "" || inventory.HasToken(s):
		case strings.HasPrefix(s, "s3://"):
			c.S3URI = s
		default:
			c.LocalPath = filepath.Join(dir, s)
		}
	}
	if v := p.get("CodeUri"); v != nil {
		c.Source = m.src(res, v)
		if v.kind == kindMap {
			c.S3URI = "s3://" + v.get("Bucket").text() + "/" + v.get("Key").text()
		} else {
			local(v.text())
		}
	}
	if v := p.get("Code"); v != nil {
		c.Source = m.src(res, v)
		switch {
		case v.kind == kindScalar:
			local(v.str)
		case v.get("ZipFile") != nil:
			c.Inline = v.get("ZipFile").text()
		case v.get("ImageUri") != nil:
			c.ImageURI = v.get("ImageUri").text()
		case v.get("S3Bucket") != nil:
			c.S3URI = "s3://" + v.get("S3Bucket").text() + "/" + v.get("S3Key").text()
		}
	}
	if *c == (inventory.Code{Source: c.Source}) {
		return nil
	}
	return c
}

func (m *mapper) alias(res *resource) {
	f, _ := m.functionRef(res.props.get("FunctionName").text())
	if f == nil {
		return
	}
	a := inventory.Alias{Name: res.props.get("Name").text(), FunctionVersion: res.props.get("FunctionVersion").text(), Source: m.src(res, nil)}
	f.Aliases = append(f.Aliases, a)
}

func (m *mapper) version(res *resource) {
	f, _ := m.functionRef(res.props.get("FunctionName").text())
	if f == nil {
		return
	}
	f.Versions = append(f.Versions, inventory.AttrToken(res.id, "Version"))
}

// principalValue writes the Principal of a Lambda permission the way
// GetPolicy shows it: "*", an account as its root ARN, a service, or an
// IAM ARN.
// https://docs.aws.amazon.com/lambda/latest/api/API_AddPermission.html
func principalValue(p string) any {
	switch {
	case p == "*":
		return "*"
	case iampolicy.AccountOf(p) == p:
		return map[string]any{"AWS": "arn:aws:iam::" + p + ":root"}
	case strings.HasPrefix(p, "arn:"):
		return map[string]any{"AWS": p}
	case strings.Contains(p, "."):
		return map[string]any{"Service": p}
	}
	return map[string]any{"AWS": p}
}

// permission turns an AWS::Lambda::Permission into the statement Lambda
// adds to the function's resource-based policy.
func (m *mapper) permission(res *resource) {
	p := res.props
	fnName := p.get("FunctionName").text()
	f, qual := m.functionRef(fnName)
	if f == nil {
		f, qual = m.externalFunction(res, fnName)
		if f == nil {
			return
		}
	}
	resARN := f.ARN
	if resARN == "" {
		resARN = f.ID
	}
	if qual != "" {
		resARN += ":" + qual
	}
	st := map[string]any{
		"Sid":       res.id,
		"Effect":    "Allow",
		"Principal": principalValue(p.get("Principal").text()),
		"Action":    p.get("Action").text(),
		"Resource":  resARN,
	}
	cond := map[string]map[string]any{}
	add := func(op, key string, v *value) {
		if v == nil {
			return
		}
		if cond[op] == nil {
			cond[op] = map[string]any{}
		}
		cond[op][key] = v.text()
	}
	add("ArnLike", "AWS:SourceArn", p.get("SourceArn"))
	add("StringEquals", "AWS:SourceAccount", p.get("SourceAccount"))
	add("StringEquals", "aws:PrincipalOrgID", p.get("PrincipalOrgID"))
	add("StringEquals", "lambda:FunctionUrlAuthType", p.get("FunctionUrlAuthType"))
	add("StringEquals", "lambda:EventSourceToken", p.get("EventSourceToken"))
	if v := p.get("InvokedViaFunctionUrl"); v.isTrue() {
		add("Bool", "lambda:InvokedViaFunctionUrl", v)
	}
	if len(cond) > 0 {
		st["Condition"] = cond
	}
	k := permKey{fn: f, qualifier: qual}
	ps := m.permissions[k]
	if ps == nil {
		ps = &permSet{}
		m.permissions[k] = ps
		m.permOrder = append(m.permOrder, k)
	}
	ps.stmts = append(ps.stmts, st)
	ps.sources = append(ps.sources, m.src(res, nil))
}

// externalFunction returns the node of a function the template does not
// define, named by ref in resource res (a Permission's FunctionName, a
// Url's TargetFunctionArn), creating it on first use, with the qualifier
// the reference carries. An empty reference names no function: the
// resource is reported in a warning and nil returned.
func (m *mapper) externalFunction(res *resource, ref string) (*inventory.Function, string) {
	if ref == "" {
		m.t.warnings = append(m.t.warnings, inventory.Diagnostic{Source: m.src(res, nil), Message: fmt.Sprintf("%s %s names no function", res.typ, res.id), Severity: inventory.SeverityWarning})
		return nil, ""
	}
	f, qual := inventory.ExternalFunction(ref, m.src(res, nil))
	if known := m.external[f.ID]; known != nil {
		return known, qual
	}
	m.external[f.ID] = f
	m.e.ExternalFunctions = append(m.e.ExternalFunctions, f)
	return f, qual
}

// finishPermissions writes each function's collected statements as its
// resource-based policies.
func (m *mapper) finishPermissions() {
	for _, k := range m.permOrder {
		ps := m.permissions[k]
		f := k.fn
		doc, _ := json.Marshal(map[string]any{"Version": "2012-10-17", "Id": "default", "Statement": ps.stmts})
		f.Permissions = append(f.Permissions, inventory.ResourcePolicy{
			Qualifier: k.qualifier,
			Policy: inventory.Policy{Name: "resource policy", Document: doc, Source: ps.sources[0],
				StatementSources: ps.sources},
		})
	}
}

func (m *mapper) url(res *resource) {
	p := res.props
	target := p.get("TargetFunctionArn").text()
	f, qual := m.functionRef(target)
	if f == nil {
		f, qual = m.externalFunction(res, target)
		if f == nil {
			return
		}
	}
	if q := p.get("Qualifier").text(); q != "" {
		qual = q
	}
	u := inventory.FunctionURL{Qualifier: qual, InvokeMode: p.get("InvokeMode").text(), Source: m.src(res, nil)}
	at, why := text(p.get("AuthType"))
	if why != "" {
		f.AddGap(inventory.FieldURLs, "function URL AuthType: "+why, "")
	}
	u.AuthType = at
	if c := p.get("Cors"); c != nil && c.kind == kindMap {
		u.CORS = &inventory.CORS{
			AllowOrigins:     c.get("AllowOrigins").strings(),
			AllowMethods:     c.get("AllowMethods").strings(),
			AllowHeaders:     c.get("AllowHeaders").strings(),
			AllowCredentials: c.get("AllowCredentials").isTrue(),
			Source:           m.src(res, c),
		}
	}
	f.URLs = append(f.URLs, u)
}

func (m *mapper) eventInvokeConfig(res *resource) {
	p := res.props
	f, _ := m.functionRef(p.get("FunctionName").text())
	if f == nil {
		return
	}
	c := &inventory.EventInvokeConfig{Qualifier: p.get("Qualifier").text(), Source: m.src(res, nil)}
	c.OnFailure = p.get("DestinationConfig").get("OnFailure").get("Destination").text()
	c.OnSuccess = p.get("DestinationConfig").get("OnSuccess").get("Destination").text()
	if n, set, why := intProp(p.get("MaximumRetryAttempts")); set && why == "" {
		c.MaximumRetryAttempts = &n
	}
	if n, set, why := intProp(p.get("MaximumEventAgeInSeconds")); set && why == "" {
		c.MaximumEventAgeSecs = &n
	}
	f.Async = c
}

func (m *mapper) codeSigningConfig(res *resource) {
	p := res.props
	c := &inventory.CodeSigningConfig{Resource: m.header(res, "")}
	c.ARN = inventory.AttrToken(res.id, "CodeSigningConfigArn")
	c.SigningProfiles = p.get("AllowedPublishers").get("SigningProfileVersionArns").strings()
	c.UntrustedArtifactOnDeployment = p.get("CodeSigningPolicies").get("UntrustedArtifactOnDeployment").text()
	m.e.CodeSigningConfigs = append(m.e.CodeSigningConfigs, c)
}
