package terraform

import (
	"encoding/json"
	"path/filepath"
	"strings"

	"github.com/lambdasec/lambdasec/internal/iampolicy"
	"github.com/lambdasec/lambdasec/internal/inventory"
)

// Map turns the resources one reader found into an estate named name. dir
// is the directory local code paths are relative to ("" for none).
// Warnings are what the mapper could not tie together (a permission naming
// no function).
func Map(name, dir string, resources []*Resource) (*inventory.Estate, []inventory.Diagnostic) {
	m := &mapper{
		e:        &inventory.Estate{Kind: inventory.KindTerraform, Name: name, Account: inventory.AccountIDToken},
		dir:      dir,
		byAddr:   map[string]*Resource{},
		fn:       map[string]*inventory.Function{},
		fnByARN:  map[string]*inventory.Function{},
		fnByName: map[string]*inventory.Function{},
		roles:    map[string]*inventory.Role{},
		roleARN:  map[string]*inventory.Role{},
		perms:    map[permKey]*permSet{},
		external: map[string]*inventory.Function{},
	}
	byType := map[string][]*Resource{}
	for _, r := range resources {
		if r.Mode == "data" {
			continue
		}
		m.byAddr[r.Address] = r
		byType[r.Type] = append(byType[r.Type], r)
	}
	m.mapAll(byType)
	// Every resource's skips, by address, those folded into another item
	// (a permission into its function's policy) included.
	for _, r := range resources {
		if len(r.Skips) > 0 {
			if m.e.Skips == nil {
				m.e.Skips = map[string][]inventory.Skip{}
			}
			m.e.Skips[r.Address] = r.Skips
		}
	}
	return m.e, m.warnings
}

type mapper struct {
	e        *inventory.Estate
	dir      string
	warnings []inventory.Diagnostic
	byAddr   map[string]*Resource
	fn       map[string]*inventory.Function
	fnByARN  map[string]*inventory.Function
	fnByName map[string]*inventory.Function
	roles    map[string]*inventory.Role
	roleARN  map[string]*inventory.Role
	apis     map[string]*inventory.API
	perms    map[permKey]*permSet
	permKeys []permKey
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

func (m *mapper) header(r *Resource, name string) inventory.Resource {
	h := inventory.Resource{ID: r.Address, Name: name, Source: r.Source, Skips: r.Skips}
	if t := r.Attrs.Get("tags"); t != nil && t.Kind == KindMap {
		h.Tags = map[string]string{}
		for i, k := range t.Keys {
			h.Tags[k] = t.Vals[i].Text()
		}
	}
	if r.Gap != "" {
		h.AddGap(inventory.FieldAll, r.Gap, "")
	}
	return h
}

// text reads a scalar attribute: the value, and why it is not known.
func text(v *Value) (string, string) {
	if v == nil || v.Kind == KindNull {
		return "", ""
	}
	if why, ok := v.Unresolved(); ok {
		return "", why
	}
	if v.Kind == KindList || v.Kind == KindMap {
		return "", "not a single value"
	}
	return v.Str, ""
}

// present reports whether an attribute is set (not absent, not null).
func present(v *Value) bool { return v != nil && v.Kind != KindNull }

func refOrValue(s string) string {
	if id, ok := inventory.RefTarget(s); ok {
		return id
	}
	return s
}

func refList(v *Value) []string {
	var out []string
	for _, s := range v.Strings() {
		out = append(out, refOrValue(s))
	}
	return out
}

func (m *mapper) mapAll(byType map[string][]*Resource) {
	for _, r := range byType["aws_lambda_function"] {
		m.function(r)
	}
	for _, r := range byType["aws_iam_role"] {
		m.role(r)
	}
	for _, r := range byType["aws_iam_policy"] {
		m.managedPolicy(r)
	}
	m.attachments(byType)
	m.usersAndGroups(byType)
	for _, f := range m.e.Functions {
		if r := m.roleRef(f.Role); r != nil {
			f.Role = r.ID
		}
	}
	for _, r := range byType["aws_lambda_alias"] {
		m.alias(r)
	}
	for _, r := range byType["aws_lambda_permission"] {
		m.permission(r)
	}
	for _, r := range byType["aws_lambda_function_url"] {
		m.url(r)
	}
	for _, r := range byType["aws_lambda_function_event_invoke_config"] {
		m.eventInvokeConfig(r)
	}
	for _, r := range byType["aws_lambda_code_signing_config"] {
		m.codeSigningConfig(r)
	}
	m.capacityProviders(byType)
	m.provisionedConcurrency(byType)
	m.webFunctionEndpoints(byType)
	m.webFunctions(byType)
	m.layers(byType)
	m.surfacesB(byType)
	m.triggers(byType)
	m.restAPIs(byType)
	m.httpAPIs(byType)
	m.apiCORS(byType)
	m.loadBalancers(byType)
	m.domainNames(byType)
	m.network(byType)
	m.data(byType)
	m.monitoring(byType)
	m.detection(byType)
	m.others(byType)
	m.access(byType)
	m.sourcePolicies(byType)
	m.finishPermissions()
}

// functionRef finds the function (and qualifier) a reference names.
func (m *mapper) functionRef(s string) (*inventory.Function, string) {
	if s == "" {
		return nil, ""
	}
	if id, ok := inventory.RefTarget(s); ok {
		if f := m.fn[id]; f != nil {
			return f, ""
		}
		if r := m.byAddr[id]; r != nil && r.Type == "aws_lambda_alias" {
			f, _ := m.functionRef(r.Attrs.Get("function_name").Text())
			return f, r.Attrs.Get("name").Text()
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
			if f := m.fnByARN[s[:i+len(":function:")]+name]; f != nil {
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

func (m *mapper) externalFunction(r *Resource, ref string) (*inventory.Function, string) {
	if ref == "" {
		m.warnings = append(m.warnings, inventory.Diagnostic{Source: r.Source, Message: r.Address + " names no function", Severity: inventory.SeverityWarning})
		return nil, ""
	}
	f, qual := inventory.ExternalFunction(ref, r.Source)
	if known := m.external[f.ID]; known != nil {
		return known, qual
	}
	m.external[f.ID] = f
	m.e.ExternalFunctions = append(m.e.ExternalFunctions, f)
	return f, qual
}

func (m *mapper) function(r *Resource) {
	a := r.Attrs
	name, _ := text(a.Get("function_name"))
	f := &inventory.Function{Resource: m.header(r, name)}
	f.ARN = arnOf(r.Type, r.Address, a)
	gap := func(field, why string) { f.AddGap(field, why, "") }
	str := func(key, field string) string {
		s, why := text(a.Get(key))
		if why != "" && field != "" {
			gap(field, key+": "+why)
		}
		return s
	}
	f.PackageType = str("package_type", "")
	if f.PackageType == "" {
		f.PackageType = "Zip"
	}
	f.Runtime = str("runtime", inventory.FieldRuntime)
	f.Handler = str("handler", "")
	f.Architectures = a.Get("architectures").Strings()
	if present(a.Get("role")) {
		f.Role = str("role", inventory.FieldRole)
	} else {
		gap(inventory.FieldRole, "no role argument")
	}
	m.environment(r, f)
	f.KMSKey = refOrValue(str("kms_key_arn", inventory.FieldKMSKey))
	m.functionSurfaces(a, f)
	if v := a.Get("vpc_config"); present(v) {
		if why, ok := v.Unresolved(); ok {
			gap(inventory.FieldVPC, "vpc_config: "+why)
		} else if b := v.Blocks(); len(b) > 0 {
			vc := &inventory.VPCConfig{Source: b[0].Source, IPv6DualStack: b[0].Get("ipv6_allowed_for_dual_stack").IsTrue()}
			vc.SubnetIDs = refList(b[0].Get("subnet_ids"))
			vc.SecurityGroupIDs = refList(b[0].Get("security_group_ids"))
			for _, k := range []string{"subnet_ids", "security_group_ids"} {
				for _, s := range b[0].Get(k).Items() {
					if why, ok := s.Unresolved(); ok {
						gap(inventory.FieldVPC, k+": "+why)
					}
				}
			}
			if len(vc.SubnetIDs) > 0 || len(vc.SecurityGroupIDs) > 0 {
				f.VPC = vc
			}
		}
	}
	if v := a.Get("tracing_config"); present(v) {
		s, why := text(v.Get("mode"))
		if why != "" {
			gap(inventory.FieldTracing, "tracing_config: "+why)
		}
		f.TracingMode = s
	}
	if n, set, why := a.Get("reserved_concurrent_executions").Int(); set {
		switch {
		case why != "":
			gap(inventory.FieldReservedConcurrency, "reserved_concurrent_executions: "+why)
		case n >= 0: // -1 is the provider's "no reservation"
			f.ReservedConcurrency = &n
		}
	}
	if n, set, why := a.Get("timeout").Int(); set {
		if why != "" {
			gap(inventory.FieldTimeout, "timeout: "+why)
		}
		f.Timeout = n
	}
	if n, _, _ := a.Get("memory_size").Int(); n > 0 {
		f.MemorySize = n
	}
	if v := a.Get("layers"); present(v) {
		if why, ok := v.Unresolved(); ok {
			gap(inventory.FieldLayers, "layers: "+why)
		}
		for _, s := range v.Strings() {
			if !inventory.IsUnresolved(s) {
				f.Layers = append(f.Layers, refOrValue(s))
			} else {
				r, _ := inventory.UnresolvedReason(s)
				gap(inventory.FieldLayers, "layers: "+r)
			}
		}
	}
	f.CodeSigningConfig = refOrValue(str("code_signing_config_arn", inventory.FieldCodeSigning))
	if v := a.Get("dead_letter_config"); present(v) {
		f.DeadLetterTarget = refOrValue(func() string {
			s, why := text(v.Get("target_arn"))
			if why != "" {
				gap(inventory.FieldDeadLetter, "dead_letter_config: "+why)
			}
			return s
		}())
	}
	f.Code = m.code(r)
	m.logging(f, a)
	m.e.Functions = append(m.e.Functions, f)
	m.fn[r.Address] = f
	m.fnByARN[f.ARN] = f
	if name != "" {
		m.fnByName[name] = f
	}
}

// environment reads a function's variables and where each came from. A
// variable set from a credential (an access key's secret, a random
// password, a variable named like a secret) is recorded as a secret found
// by reference: its value is not visible, but it is stored in the
// function's configuration all the same.
func (m *mapper) environment(r *Resource, f *inventory.Function) {
	env := r.Attrs.Get("environment")
	if !present(env) {
		return
	}
	vars := env.Get("variables")
	if why, ok := vars.Unresolved(); ok {
		f.AddGap(inventory.FieldEnvironment, "environment variables: "+why, "")
		return
	}
	if why, ok := env.Unresolved(); ok {
		f.AddGap(inventory.FieldEnvironment, "environment: "+why, "")
		return
	}
	if vars == nil || vars.Kind != KindMap {
		return
	}
	for i, name := range vars.Keys {
		v := vars.Vals[i]
		ev := inventory.EnvVar{Name: name, Value: v.Text(), Source: v.Source, Ref: v.Ref}
		switch {
		case v.Kind == KindList || v.Kind == KindMap:
			ev.Origin = inventory.OriginUnresolved
		case inventory.IsUnresolved(v.Str):
			ev.Origin = inventory.OriginUnresolved
		case v.Ref != "":
			ev.Origin = inventory.OriginResource
			if strings.HasPrefix(v.Ref, "var.") {
				ev.Origin = inventory.OriginParameter
				if v.Sensitive {
					ev.Origin = inventory.OriginNoEchoParameter
				}
			}
		}
		if v.Ref != "" {
			if what, ok := SecretReference(v.Ref, v.Sensitive); ok {
				ev.Secret = &inventory.SecretHit{Detector: "secret-reference",
					Description: what + ", set from " + v.Ref,
					Critical:    strings.Contains(what, "access key"),
					Fingerprint: "reference " + v.Ref, Where: name, Source: v.Source}
			}
		}
		f.Environment = append(f.Environment, ev)
	}
}

// code finds where a function's code is: a local zip (filename), S3, or an
// image.
func (m *mapper) code(r *Resource) *inventory.Code {
	a := r.Attrs
	c := &inventory.Code{Source: r.Source}
	if s, _ := text(a.Get("filename")); s != "" && !inventory.HasToken(s) && m.dir != "" {
		c.LocalPath = s
		if !filepath.IsAbs(s) {
			c.LocalPath = filepath.Join(m.dir, s)
		}
	}
	if b, _ := text(a.Get("s3_bucket")); b != "" {
		k, _ := text(a.Get("s3_key"))
		c.S3URI = "s3://" + b + "/" + k
	}
	c.ImageURI, _ = text(a.Get("image_uri"))
	if *c == (inventory.Code{Source: c.Source}) {
		return nil
	}
	return c
}

// policyOf reads a policy document written as a JSON string (jsonencode,
// a heredoc, aws_iam_policy_document.json), recording a gap on h when it
// cannot be read.
func (m *mapper) policyOf(name string, v *Value, h *inventory.Resource, field string) *inventory.Policy {
	label := name
	if label == "" {
		label = field
	}
	if !present(v) {
		h.AddGap(field, label+": no policy document", "")
		return nil
	}
	var doc []byte
	switch v.Kind {
	case KindMap:
		doc, _ = json.Marshal(v.toAny())
	default:
		s := strings.TrimSpace(v.Text())
		if why, ok := inventory.UnresolvedReason(s); ok && strings.HasPrefix(s, "{{") {
			h.AddGap(field, label+": "+why, "")
			return nil
		}
		doc = []byte(s)
	}
	if _, err := iampolicy.Parse(doc); err != nil {
		if why, ok := inventory.UnresolvedReason(string(doc)); ok {
			h.AddGap(field, label+": policy document has an unresolved part: "+why, "")
		} else {
			h.AddGap(field, label+": policy document: "+err.Error(), "")
			return nil
		}
	}
	return &inventory.Policy{Name: name, Document: json.RawMessage(doc), Source: v.Source}
}

func (m *mapper) role(r *Resource) {
	a := r.Attrs
	name, _ := text(a.Get("name"))
	ro := &inventory.Role{Resource: m.header(r, name)}
	ro.ARN = arnOf(r.Type, r.Address, a)
	ro.Path, _ = text(a.Get("path"))
	ro.TrustPolicy = m.policyOf("trust policy", a.Get("assume_role_policy"), &ro.Resource, inventory.FieldTrustPolicy)
	for _, ip := range a.Get("inline_policy").Blocks() {
		pn, _ := text(ip.Get("name"))
		if pol := m.policyOf(pn, ip.Get("policy"), &ro.Resource, inventory.FieldPolicies); pol != nil {
			ro.InlinePolicies = append(ro.InlinePolicies, *pol)
		}
	}
	if mp := a.Get("managed_policy_arns"); present(mp) {
		if why, ok := mp.Unresolved(); ok {
			ro.AddGap(inventory.FieldPolicies, "managed_policy_arns: "+why, "")
		}
		for _, s := range mp.Strings() {
			if why, ok := inventory.UnresolvedReason(s); ok {
				ro.AddGap(inventory.FieldPolicies, "a managed policy ARN: "+why, "")
				continue
			}
			ro.ManagedPolicies = append(ro.ManagedPolicies, m.policyRef(s))
		}
	}
	if v := a.Get("permissions_boundary"); present(v) {
		s, why := text(v)
		if why != "" {
			ro.AddGap(inventory.FieldBoundary, "permissions_boundary: "+why, "")
		}
		ro.PermissionsBoundary = m.policyRef(s)
	}
	m.e.Roles = append(m.e.Roles, ro)
	m.roles[r.Address] = ro
	m.roleARN[ro.ARN] = ro
	if name != "" {
		m.roleARN[name] = ro
	}
	m.roleARN[inventory.RefToken(r.Address)] = ro
}

// roleRef finds the role a reference names: its address token, ARN or name.
func (m *mapper) roleRef(s string) *inventory.Role {
	if id, ok := inventory.RefTarget(s); ok {
		return m.roles[id]
	}
	if r := m.roleARN[s]; r != nil {
		return r
	}
	if name, ok := inventory.RoleNameFromARN(s); ok {
		if r := m.roleARN[name]; r != nil {
			return r
		}
	}
	return nil
}

// policyRef turns a managed policy ARN into the ID of the estate's policy
// it names, or keeps the ARN.
func (m *mapper) policyRef(s string) string {
	for _, mp := range m.e.ManagedPolicies {
		if mp.ARN == s || inventory.RefToken(mp.ID) == s {
			return mp.ID
		}
	}
	return refOrValue(s)
}

func (m *mapper) managedPolicy(r *Resource) {
	name, _ := text(r.Attrs.Get("name"))
	mp := &inventory.ManagedPolicy{Resource: m.header(r, name)}
	mp.ARN = arnOf(r.Type, r.Address, r.Attrs)
	if pol := m.policyOf(r.Address, r.Attrs.Get("policy"), &mp.Resource, inventory.FieldPolicies); pol != nil {
		pol.ARN = mp.ARN
		mp.Policy = *pol
	}
	m.e.ManagedPolicies = append(m.e.ManagedPolicies, mp)
}

// attachments reads aws_iam_role_policy, aws_iam_role_policy_attachment and
// aws_iam_policy_attachment.
func (m *mapper) attachments(byType map[string][]*Resource) {
	// Roles are now known: re-resolve their managed policy references.
	for _, ro := range m.e.Roles {
		for i, s := range ro.ManagedPolicies {
			ro.ManagedPolicies[i] = m.policyRef(s)
		}
	}
	for _, r := range byType["aws_iam_role_policy"] {
		ro := m.roleRef(r.Attrs.Get("role").Text())
		if ro == nil {
			continue
		}
		name, _ := text(r.Attrs.Get("name"))
		if pol := m.policyOf(name, r.Attrs.Get("policy"), &ro.Resource, inventory.FieldPolicies); pol != nil {
			pol.Source = r.Source
			ro.InlinePolicies = append(ro.InlinePolicies, *pol)
		}
	}
	attach := func(r *Resource, role string) {
		ro := m.roleRef(role)
		if ro == nil {
			return
		}
		arn := r.Attrs.Get("policy_arn")
		if why, ok := arn.Unresolved(); ok {
			ro.AddGap(inventory.FieldPolicies, r.Address+": "+why, "")
			return
		}
		ro.ManagedPolicies = append(ro.ManagedPolicies, m.policyRef(arn.Text()))
	}
	for _, r := range byType["aws_iam_role_policy_attachment"] {
		attach(r, r.Attrs.Get("role").Text())
	}
	for _, r := range byType["aws_iam_policy_attachment"] {
		for _, s := range r.Attrs.Get("roles").Strings() {
			attach(r, s)
		}
	}
}

func (m *mapper) alias(r *Resource) {
	f, _ := m.functionRef(r.Attrs.Get("function_name").Text())
	if f == nil {
		return
	}
	name, _ := text(r.Attrs.Get("name"))
	ver, _ := text(r.Attrs.Get("function_version"))
	f.Aliases = append(f.Aliases, inventory.Alias{Name: name, FunctionVersion: ver, ARN: f.ARN + ":" + name, Source: r.Source})
}

// principalValue writes the principal of a Lambda permission the way
// GetPolicy shows it.
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

// permission turns an aws_lambda_permission into the statement Lambda adds
// to the function's resource-based policy.
func (m *mapper) permission(r *Resource) {
	a := r.Attrs
	fnName := a.Get("function_name").Text()
	f, qual := m.functionRef(fnName)
	if f == nil {
		if f, qual = m.externalFunction(r, fnName); f == nil {
			return
		}
	}
	if q, _ := text(a.Get("qualifier")); q != "" {
		qual = q
	}
	m.addStatement(f, qual, r.Address, r.Source, a.Get("principal").Text(), a.Get("action").Text(), map[string]*Value{
		"source_arn": a.Get("source_arn"), "source_account": a.Get("source_account"),
		"principal_org_id": a.Get("principal_org_id"), "function_url_auth_type": a.Get("function_url_auth_type"),
		"event_source_token": a.Get("event_source_token"), "invoked_via_function_url": a.Get("invoked_via_function_url"),
	})
}

// addStatement adds one AddPermission statement to f's policy for qual.
func (m *mapper) addStatement(f *inventory.Function, qual, sid string, at inventory.Source, principal, action string, cond map[string]*Value) {
	resARN := f.ARN
	if resARN == "" {
		resARN = f.ID
	}
	if qual != "" {
		resARN += ":" + qual
	}
	if action == "" {
		action = "lambda:InvokeFunction"
	}
	st := map[string]any{"Sid": sid, "Effect": "Allow", "Principal": principalValue(principal), "Action": action, "Resource": resARN}
	c := map[string]map[string]any{}
	add := func(op, key string, v *Value) {
		if !present(v) {
			return
		}
		if c[op] == nil {
			c[op] = map[string]any{}
		}
		c[op][key] = v.Text()
	}
	add("ArnLike", "AWS:SourceArn", cond["source_arn"])
	add("StringEquals", "AWS:SourceAccount", cond["source_account"])
	add("StringEquals", "aws:PrincipalOrgID", cond["principal_org_id"])
	add("StringEquals", "lambda:FunctionUrlAuthType", cond["function_url_auth_type"])
	add("StringEquals", "lambda:EventSourceToken", cond["event_source_token"])
	// invoked_via_function_url = true limits a lambda:InvokeFunction
	// grant to calls through the function's URL (since October 2025 a
	// public URL needs it). https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html
	if v := cond["invoked_via_function_url"]; v.IsTrue() {
		add("Bool", "lambda:InvokedViaFunctionUrl", v)
	}
	if len(c) > 0 {
		st["Condition"] = c
	}
	k := permKey{fn: f, qualifier: qual}
	ps := m.perms[k]
	if ps == nil {
		ps = &permSet{}
		m.perms[k] = ps
		m.permKeys = append(m.permKeys, k)
	}
	ps.stmts = append(ps.stmts, st)
	ps.sources = append(ps.sources, at)
}

func (m *mapper) finishPermissions() {
	for _, k := range m.permKeys {
		ps := m.perms[k]
		doc, _ := json.Marshal(map[string]any{"Version": "2012-10-17", "Id": "default", "Statement": ps.stmts})
		k.fn.Permissions = append(k.fn.Permissions, inventory.ResourcePolicy{Qualifier: k.qualifier,
			Policy: inventory.Policy{Name: "resource policy", Document: doc, Source: ps.sources[0], StatementSources: ps.sources}})
	}
}

func (m *mapper) url(r *Resource) {
	a := r.Attrs
	target := a.Get("function_name").Text()
	f, qual := m.functionRef(target)
	if f == nil {
		if f, qual = m.externalFunction(r, target); f == nil {
			return
		}
	}
	if q, _ := text(a.Get("qualifier")); q != "" {
		qual = q
	}
	u := inventory.FunctionURL{Qualifier: qual, Source: r.Source}
	u.InvokeMode, _ = text(a.Get("invoke_mode"))
	at, why := text(a.Get("authorization_type"))
	if why != "" {
		f.AddGap(inventory.FieldURLs, "function URL authorization_type: "+why, "")
	}
	u.AuthType = at
	if c := a.Get("cors"); len(c.Blocks()) > 0 {
		b := c.Blocks()[0]
		u.CORS = &inventory.CORS{AllowOrigins: b.Get("allow_origins").Strings(), AllowMethods: b.Get("allow_methods").Strings(),
			AllowHeaders: b.Get("allow_headers").Strings(), AllowCredentials: b.Get("allow_credentials").IsTrue(), Source: b.Source}
	}
	f.URLs = append(f.URLs, u)
}

func (m *mapper) eventInvokeConfig(r *Resource) {
	a := r.Attrs
	f, _ := m.functionRef(a.Get("function_name").Text())
	if f == nil {
		return
	}
	c := &inventory.EventInvokeConfig{Source: r.Source}
	c.Qualifier, _ = text(a.Get("qualifier"))
	dc := a.Get("destination_config")
	c.OnFailure = refOrValue(dc.Get("on_failure").Get("destination").Text())
	c.OnSuccess = refOrValue(dc.Get("on_success").Get("destination").Text())
	if n, set, why := a.Get("maximum_retry_attempts").Int(); set && why == "" {
		c.MaximumRetryAttempts = &n
	}
	if n, set, why := a.Get("maximum_event_age_in_seconds").Int(); set && why == "" {
		c.MaximumEventAgeSecs = &n
	}
	f.Async = c
}

func (m *mapper) codeSigningConfig(r *Resource) {
	a := r.Attrs
	c := &inventory.CodeSigningConfig{Resource: m.header(r, "")}
	c.ARN = inventory.RefToken(r.Address)
	c.SigningProfiles = a.Get("allowed_publishers").Get("signing_profile_version_arns").Strings()
	c.UntrustedArtifactOnDeployment, _ = text(a.Get("policies").Get("untrusted_artifact_on_deployment"))
	m.e.CodeSigningConfigs = append(m.e.CodeSigningConfigs, c)
}

func (m *mapper) layers(byType map[string][]*Resource) {
	byRef := map[string]*inventory.Layer{}
	for _, r := range byType["aws_lambda_layer_version"] {
		name, _ := text(r.Attrs.Get("layer_name"))
		l := &inventory.Layer{Resource: m.header(r, name), CompatibleRuntimes: r.Attrs.Get("compatible_runtimes").Strings()}
		l.ARN = inventory.RefToken(r.Address)
		if s, _ := text(r.Attrs.Get("filename")); s != "" && m.dir != "" && !inventory.HasToken(s) {
			l.Code = &inventory.Code{LocalPath: filepath.Join(m.dir, s), Source: r.Source}
		}
		m.e.Layers = append(m.e.Layers, l)
		byRef[r.Address] = l
		if name != "" {
			byRef[name] = l
		}
	}
	for _, f := range m.e.Functions {
		for i, s := range f.Layers {
			if l := byRef[s]; l != nil {
				f.Layers[i] = l.ID
			}
		}
	}
	for _, r := range byType["aws_lambda_layer_version_permission"] {
		a := r.Attrs
		l := byRef[refOrValue(a.Get("layer_name").Text())]
		if l == nil {
			continue
		}
		principal := a.Get("principal").Text()
		st := map[string]any{"Sid": r.Address, "Effect": "Allow", "Action": a.Get("action").Text(),
			"Resource": l.ARN, "Principal": principalValue(principal)}
		if org, _ := text(a.Get("organization_id")); org != "" {
			st["Condition"] = map[string]any{"StringEquals": map[string]any{"aws:PrincipalOrgID": org}}
		}
		var stmts []any
		if l.Policy != nil {
			var d map[string]any
			if json.Unmarshal(l.Policy.Document, &d) == nil {
				if s, ok := d["Statement"].([]any); ok {
					stmts = s
				}
			}
		}
		stmts = append(stmts, st)
		doc, _ := json.Marshal(map[string]any{"Version": "2012-10-17", "Statement": stmts})
		srcs := []inventory.Source{r.Source}
		if l.Policy != nil {
			srcs = append(l.Policy.StatementSources, r.Source)
		}
		l.Policy = &inventory.Policy{Name: "layer policy", Document: doc, Source: srcs[0], StatementSources: srcs}
	}
}

// triggerType guesses an event source mapping's type from its source.
func (m *mapper) triggerType(src string) string {
	if id, ok := inventory.RefTarget(src); ok {
		if r := m.byAddr[id]; r != nil {
			switch {
			case strings.HasPrefix(r.Type, "aws_sqs_"):
				return inventory.TriggerSQS
			case strings.HasPrefix(r.Type, "aws_kinesis_"):
				return inventory.TriggerKinesis
			case strings.HasPrefix(r.Type, "aws_dynamodb_"):
				return inventory.TriggerDynamoDB
			case strings.HasPrefix(r.Type, "aws_msk_"):
				return inventory.TriggerKafka
			case strings.HasPrefix(r.Type, "aws_mq_"):
				return inventory.TriggerMQ
			}
		}
	}
	return inventory.TriggerTypeOf(src)
}

func (m *mapper) trigger(r *Resource, at inventory.Source, typ, fnRef, source string, mapping, async, enabled bool) *inventory.Trigger {
	f, qual := m.functionRef(fnRef)
	if f == nil {
		return nil
	}
	tr := &inventory.Trigger{Resource: m.header(r, ""), Type: typ, Function: f.ID, Qualifier: qual,
		SourceARN: source, Mapping: mapping, Async: async, Enabled: enabled}
	tr.Source = at
	m.e.Triggers = append(m.e.Triggers, tr)
	return tr
}

// triggers reads event source mappings and the push sources that name a
// function. Which invocations are asynchronous:
// https://docs.aws.amazon.com/lambda/latest/dg/lambda-services.html
func (m *mapper) triggers(byType map[string][]*Resource) {
	for _, r := range byType["aws_lambda_event_source_mapping"] {
		a := r.Attrs
		src := a.Get("event_source_arn").Text()
		typ := m.triggerType(src)
		if present(a.Get("self_managed_event_source")) {
			typ = inventory.TriggerKafka
		}
		enabled := !present(a.Get("enabled")) || a.Get("enabled").IsTrue()
		if tr := m.trigger(r, r.Source, typ, a.Get("function_name").Text(), src, true, false, enabled); tr != nil {
			tr.OnFailure = refOrValue(a.Get("destination_config").Get("on_failure").Get("destination_arn").Text())
			mappingSettings(tr, a)
		}
	}
	for _, r := range byType["aws_sns_topic_subscription"] {
		a := r.Attrs
		if strings.EqualFold(a.Get("protocol").Text(), "lambda") {
			m.trigger(r, r.Source, inventory.TriggerSNS, a.Get("endpoint").Text(), a.Get("topic_arn").Text(), false, true, true)
		}
	}
	for _, r := range byType["aws_cloudwatch_event_target"] {
		a := r.Attrs
		rule := a.Get("rule").Text()
		typ := inventory.TriggerEventBridge
		if rr := m.byAddr[refOrValue(rule)]; rr != nil && present(rr.Attrs.Get("schedule_expression")) {
			typ = inventory.TriggerSchedule
		}
		if tr := m.trigger(r, r.Source, typ, a.Get("arn").Text(), rule, false, true, true); tr != nil {
			tr.EventBus = a.Get("event_bus_name").Text()
			if rr := m.byAddr[refOrValue(rule)]; rr != nil && tr.EventBus == "" {
				tr.EventBus = rr.Attrs.Get("event_bus_name").Text()
			}
			tr.EventBus = refOrValue(tr.EventBus)
		}
	}
	for _, r := range byType["aws_s3_bucket_notification"] {
		for _, c := range r.Attrs.Get("lambda_function").Blocks() {
			m.trigger(r, c.Source, inventory.TriggerS3, c.Get("lambda_function_arn").Text(), r.Attrs.Get("bucket").Text(), false, true, true)
		}
	}
	for _, r := range byType["aws_cloudwatch_log_subscription_filter"] {
		a := r.Attrs
		m.trigger(r, r.Source, inventory.TriggerCloudWatchLogs, a.Get("destination_arn").Text(), a.Get("log_group_name").Text(), false, true, true)
	}
	for _, r := range byType["aws_scheduler_schedule"] {
		a := r.Attrs
		enabled := !strings.EqualFold(a.Get("state").Text(), "DISABLED")
		m.trigger(r, r.Source, inventory.TriggerSchedule, a.Get("target").Get("arn").Text(), "", false, true, enabled)
	}
}

// otherTypes are the data and messaging resources kept as Others, with the
// CloudFormation type name the rules know them by.
var otherTypes = map[string]string{
	"aws_dynamodb_table": "AWS::DynamoDB::Table", "aws_s3_bucket": "AWS::S3::Bucket", "aws_sqs_queue": "AWS::SQS::Queue",
	"aws_sns_topic": "AWS::SNS::Topic", "aws_kinesis_stream": "AWS::Kinesis::Stream", "aws_sfn_state_machine": "AWS::StepFunctions::StateMachine",
	"aws_cloudwatch_event_bus": "AWS::Events::EventBus", "aws_ssm_parameter": "AWS::SSM::Parameter", "aws_cognito_user_pool": "AWS::Cognito::UserPool",
	"aws_cloudwatch_event_rule": "AWS::Events::Rule",
}

// policyTargets are the resources that set the policy of an Other, and the
// argument naming it.
var policyTargets = map[string]string{"aws_s3_bucket_policy": "bucket", "aws_sns_topic_policy": "arn", "aws_sqs_queue_policy": "queue_url"}

func (m *mapper) others(byType map[string][]*Resource) {
	for _, typ := range sortedTypes(otherTypes) {
		for _, r := range byType[typ] {
			name := ""
			if k := nameAttr[typ]; k != "" {
				name, _ = text(r.Attrs.Get(k))
			}
			o := &inventory.Other{Resource: m.header(r, name), Type: otherTypes[typ]}
			o.ARN = arnOf(typ, r.Address, r.Attrs)
			if p := r.Attrs.Get("policy"); present(p) && (typ == "aws_sns_topic" || typ == "aws_sqs_queue") {
				o.Policy = m.policyOf("resource policy", p, &o.Resource, inventory.FieldPermissions)
			}
			m.e.Others = append(m.e.Others, o)
		}
	}
	for _, typ := range sortedTypes(policyTargets) {
		for _, r := range byType[typ] {
			target := refOrValue(r.Attrs.Get(policyTargets[typ]).Text())
			for _, o := range m.e.Others {
				if o.ID == target || o.ARN == target || (o.Name != "" && o.Name == target) {
					o.Policy = m.policyOf("resource policy", r.Attrs.Get("policy"), &o.Resource, inventory.FieldPermissions)
					if o.Policy != nil {
						o.Policy.Source = r.Source
					}
				}
			}
		}
	}
}

func sortedTypes(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	for i := 1; i < len(keys); i++ {
		for j := i; j > 0 && keys[j] < keys[j-1]; j-- {
			keys[j], keys[j-1] = keys[j-1], keys[j]
		}
	}
	return keys
}
