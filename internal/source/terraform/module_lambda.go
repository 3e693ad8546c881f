package terraform

import (
	"sort"
	"strconv"

	"github.com/zclconf/go-cty/cty"

	"github.com/lambdasec/lambdasec/internal/inventory"
)

// LambdaModuleVersion is the version of terraform-aws-modules/lambda/aws
// whose behaviour lambdasec emulates: the module at commit 23d00f7 of
// github.com/terraform-aws-modules/terraform-aws-lambda (2026-06-19, the
// v8 line). https://registry.terraform.io/modules/terraform-aws-modules/lambda/aws
const LambdaModuleVersion = "terraform-aws-modules/terraform-aws-lambda@23d00f7 (2026-06-19)"

// lambdaCall reads the inputs of one call of the Lambda module.
type lambdaCall struct {
	addr   string
	inputs map[string]*Value
	at     inventory.Source
}

func (c *lambdaCall) in(n string) *Value {
	if v := c.inputs[n]; v != nil && v.Kind != KindNull {
		return v
	}
	return nil
}

func (c *lambdaCall) flag(n string, def bool) bool {
	v := c.in(n)
	if v == nil {
		return def
	}
	if v.Kind == KindBool || v.Kind == KindString {
		if s := v.Text(); s == "true" || s == "false" {
			return s == "true"
		}
	}
	return def
}

func (c *lambdaCall) str(n, def string) *Value {
	if v := c.in(n); v != nil {
		return v
	}
	if def == "" {
		return nil
	}
	return strValue(def, c.at)
}

func (c *lambdaCall) obj(kv ...any) *Value {
	v := &Value{Kind: KindMap, Source: c.at}
	for i := 0; i+1 < len(kv); i += 2 {
		switch x := kv[i+1].(type) {
		case *Value:
			if x != nil {
				v.Set(kv[i].(string), x)
			}
		case string:
			v.Set(kv[i].(string), strValue(x, c.at))
		}
	}
	return v
}

func blockList(items ...*Value) *Value {
	out := &Value{Kind: KindList}
	for _, it := range items {
		if it != nil {
			out.List = append(out.List, it)
			out.Source = it.Source
		}
	}
	return out
}

// lambdaModule emulates what one call of terraform-aws-modules/lambda/aws
// (LambdaModuleVersion) creates from its inputs: the function, its log
// group, its role with the policies the attach_* inputs ask for, the
// permissions of allowed_triggers (on the unqualified function, and on the
// published version when publish is set), the function URL, event source
// mappings and the asynchronous invocation configuration. Its network and
// tracing policies are copies of the AWS managed policies
// AWSLambdaENIManagementAccess and AWSXRayDaemonWriteAccess; lambdasec
// attaches the managed policies, which grant the same. It returns the
// resources and the module's outputs.
func lambdaModule(addr string, _ map[string]cty.Value, refs map[string]*Value, at inventory.Source, skips []inventory.Skip) ([]*Resource, cty.Value) {
	c := &lambdaCall{addr: addr, inputs: refs, at: at}
	var out []*Resource
	add := func(typ, name string, attrs *Value) *Resource {
		r := &Resource{Mode: "managed", Type: typ, Address: addr + "." + typ + "." + name, Attrs: attrs, Source: at, Skips: skips}
		r.Source.LogicalID = r.Address
		out = append(out, r)
		return r
	}
	outputs := map[string]cty.Value{}
	if !c.flag("create", true) || !c.flag("putin_khuylo", true) {
		return nil, cty.ObjectVal(outputs)
	}
	if c.flag("create_layer", false) {
		l := add("aws_lambda_layer_version", "this[0]", c.obj("layer_name", c.in("layer_name"), "compatible_runtimes", c.in("compatible_runtimes"), "filename", c.in("local_existing_package")))
		arn := inventory.RefToken(l.Address)
		outputs["lambda_layer_arn"] = cty.StringVal(arn)
		outputs["lambda_layer_layer_arn"] = cty.StringVal(arn)
		outputs["lambda_layer_version"] = cty.StringVal(inventory.RefToken(l.Address + ".version"))
		return out, cty.ObjectVal(outputs)
	}
	if !c.flag("create_function", true) {
		return nil, cty.ObjectVal(outputs)
	}
	fnAddr := addr + ".aws_lambda_function.this[0]"
	fname := c.in("function_name")
	createRole := c.flag("create_role", true)
	var role *Value
	roleAddr := addr + ".aws_iam_role.lambda[0]"
	roleName := c.in("role_name")
	if roleName == nil {
		roleName = fname
	}
	roleAttrs := c.obj("name", roleName)
	roleARN := arnOf("aws_iam_role", roleAddr, roleAttrs)
	if createRole {
		role = strValue(roleARN, at)
		role.Ref = fnAddr + ".role"
	} else {
		role = c.in("lambda_role")
	}
	pkg := c.str("package_type", "Zip")
	fn := c.obj("function_name", fname, "role", role, "memory_size", c.str("memory_size", "128"), "timeout", c.str("timeout", "3"),
		"reserved_concurrent_executions", c.in("reserved_concurrent_executions"), "layers", c.in("layers"), "kms_key_arn", c.in("kms_key_arn"),
		"image_uri", c.in("image_uri"), "package_type", pkg, "architectures", c.in("architectures"),
		"code_signing_config_arn", c.in("code_signing_config_arn"), "tags", c.in("tags"))
	if pkg.Text() == "Zip" {
		fn.Set("handler", c.in("handler"))
		fn.Set("runtime", c.in("runtime"))
		if fn.Get("runtime") == nil {
			fn.Set("runtime", strValue("", at))
		}
	}
	if v := c.in("local_existing_package"); v != nil {
		fn.Set("filename", v)
	} else if v := c.in("source_path"); v != nil && v.Kind == KindString {
		fn.Set("filename", v)
	}
	if s3 := c.in("s3_existing_package"); s3 != nil {
		fn.Set("s3_bucket", s3.Get("bucket"))
		fn.Set("s3_key", s3.Get("key"))
	}
	if env := c.in("environment_variables"); env != nil && (env.Kind != KindMap || len(env.Keys) > 0) {
		fn.Set("environment", blockList(c.obj("variables", env)))
	}
	if d := c.in("dead_letter_target_arn"); d != nil {
		fn.Set("dead_letter_config", blockList(c.obj("target_arn", d)))
	}
	if t := c.in("tracing_mode"); t != nil {
		fn.Set("tracing_config", blockList(c.obj("mode", t)))
	}
	if s := c.in("vpc_subnet_ids"); s != nil {
		fn.Set("vpc_config", blockList(c.obj("subnet_ids", s, "security_group_ids", c.in("vpc_security_group_ids"),
			"ipv6_allowed_for_dual_stack", c.in("ipv6_allowed_for_dual_stack"))))
	}
	// tenant_isolation_mode = true: tenancy_config { tenant_isolation_mode = "PER_TENANT" }.
	if c.flag("tenant_isolation_mode", false) {
		fn.Set("tenancy_config", blockList(c.obj("tenant_isolation_mode", "PER_TENANT")))
	}
	f := add("aws_lambda_function", "this[0]", fn)
	fnARN := arnOf("aws_lambda_function", f.Address, fn)
	fnNameRef := strValue(nameOf("aws_lambda_function", f.Address, fn), at)
	version := inventory.RefToken(f.Address + ".version")
	publish := c.flag("publish", false) || c.flag("lambda_at_edge", false) || c.flag("snap_start", false)
	if !publish {
		version = "$LATEST"
	}
	// provisioned_concurrent_executions > -1 (the default) creates
	// aws_lambda_provisioned_concurrency_config.current_version on the
	// function's version. A value that does not resolve leaves the count
	// unknown: no configuration is claimed.
	if v := c.in("provisioned_concurrent_executions"); v != nil {
		if n, err := strconv.Atoi(v.Text()); err == nil && n > -1 {
			add("aws_lambda_provisioned_concurrency_config", "current_version[0]", c.obj("function_name", fnNameRef,
				"qualifier", strValue(version, at), "provisioned_concurrent_executions", v))
		}
	}
	logName := "/aws/lambda/" + nameOf("aws_lambda_function", f.Address, fn)
	if v := c.in("logging_log_group"); v != nil {
		logName = v.Text()
	}
	if !c.flag("use_existing_cloudwatch_log_group", false) {
		add("aws_cloudwatch_log_group", "lambda[0]", c.obj("name", logName, "retention_in_days", c.in("cloudwatch_logs_retention_in_days"),
			"kms_key_id", c.in("cloudwatch_logs_kms_key_id")))
	}
	if createRole {
		services := []string{"lambda.amazonaws.com"}
		if c.flag("lambda_at_edge", false) {
			services = append(services, "edgelambda.amazonaws.com")
		}
		var principals []*Value
		for _, t := range c.in("trusted_entities").Items() {
			if t.Kind == KindString {
				services = append(services, t.Str)
			} else if t.Kind == KindMap {
				principals = append(principals, t)
			}
		}
		trust := c.obj("statement", blockList(c.obj("effect", "Allow", "actions", listOf(at, "sts:AssumeRole"),
			"principals", blockList(append([]*Value{c.obj("type", "Service", "identifiers", listOf(at, services...))}, principals...)...))))
		for _, st := range mapItems(c.in("assume_role_policy_statements")) {
			trust.Get("statement").List = append(trust.Get("statement").List, st)
		}
		roleAttrs.Set("assume_role_policy", strValue(policyDocument(trust), at))
		roleAttrs.Set("path", c.in("role_path"))
		roleAttrs.Set("permissions_boundary", c.in("role_permissions_boundary"))
		roleAttrs.Set("tags", c.in("tags"))
		add("aws_iam_role", "lambda[0]", roleAttrs)
		roleRef := strValue(inventory.RefToken(roleAddr), at)
		inline := func(name string, doc *Value) {
			if doc != nil {
				add("aws_iam_role_policy", name, c.obj("role", roleRef, "policy", doc))
			}
		}
		stmtDoc := func(actions []string, resources ...string) *Value {
			var rs []string
			for _, r := range resources {
				if r != "" {
					rs = append(rs, r)
				}
			}
			doc := c.obj("statement", blockList(c.obj("effect", "Allow", "actions", listOf(at, actions...), "resources", listOf(at, rs...))))
			return strValue(policyDocument(doc), at)
		}
		if c.flag("attach_cloudwatch_logs_policy", true) {
			actions := []string{"logs:CreateLogStream", "logs:PutLogEvents"}
			if !c.flag("use_existing_cloudwatch_log_group", false) && c.flag("attach_create_log_group_permission", true) {
				actions = append([]string{"logs:CreateLogGroup"}, actions...)
			}
			lg := "arn:aws:logs:" + inventory.RegionToken + ":" + inventory.AccountIDToken + ":log-group:" + logName
			inline("logs[0]", stmtDoc(actions, lg+":*", lg+":*:*"))
		}
		if c.flag("attach_dead_letter_policy", false) {
			inline("dead_letter[0]", stmtDoc([]string{"sns:Publish", "sqs:SendMessage"}, c.in("dead_letter_target_arn").Text()))
		}
		if c.flag("attach_async_event_policy", false) {
			inline("async[0]", stmtDoc([]string{"sns:Publish", "sqs:SendMessage", "events:PutEvents", "lambda:InvokeFunction"},
				c.in("destination_on_failure").Text(), c.in("destination_on_success").Text()))
		}
		attach := func(name string, arn *Value) {
			if arn != nil {
				add("aws_iam_role_policy_attachment", name, c.obj("role", roleRef, "policy_arn", arn))
			}
		}
		if c.flag("attach_network_policy", false) {
			attach("vpc[0]", strValue("arn:aws:iam::aws:policy/service-role/AWSLambdaENIManagementAccess", at))
		}
		if c.flag("attach_tracing_policy", false) {
			attach("tracing[0]", strValue("arn:aws:iam::aws:policy/AWSXRayDaemonWriteAccess", at))
		}
		if c.flag("attach_policy_json", false) {
			inline("additional_json[0]", c.in("policy_json"))
		}
		if c.flag("attach_policy_jsons", false) {
			for i, p := range c.in("policy_jsons").Items() {
				inline("additional_jsons["+strconv.Itoa(i)+"]", p)
			}
		}
		if c.flag("attach_policy", false) {
			attach("additional_one[0]", c.in("policy"))
		}
		if c.flag("attach_policies", false) {
			for i, p := range c.in("policies").Items() {
				attach("additional_many["+strconv.Itoa(i)+"]", p)
			}
		}
		if c.flag("attach_policy_statements", false) {
			doc := c.obj("statement", blockList(mapItems(c.in("policy_statements"))...))
			inline("additional_inline[0]", strValue(policyDocument(doc), c.in("policy_statements").Source))
		}
	}
	if t := c.in("allowed_triggers"); t != nil {
		if why, ok := t.Unresolved(); ok {
			f.Gap = "allowed_triggers " + why
		}
		for i, k := range t.Keys {
			tr := t.Vals[i]
			principal := tr.Get("principal")
			if principal == nil {
				principal = strValue(tr.Get("service").Text()+".amazonaws.com", tr.Source)
			}
			action := tr.Get("action")
			if action == nil {
				action = strValue("lambda:InvokeFunction", tr.Source)
			}
			perm := func(name string, qual string) {
				p := c.obj("function_name", fnNameRef, "principal", principal, "action", action, "source_arn", tr.Get("source_arn"),
					"source_account", tr.Get("source_account"), "principal_org_id", tr.Get("principal_org_id"),
					"event_source_token", tr.Get("event_source_token"), "function_url_auth_type", tr.Get("function_url_auth_type"))
				if qual != "" {
					p.Set("qualifier", strValue(qual, tr.Source))
				}
				r := add("aws_lambda_permission", name+"["+strconv.Quote(k)+"]", p)
				r.Source = tr.Source
			}
			if c.flag("create_unqualified_alias_allowed_triggers", true) {
				perm("unqualified_alias_triggers", "")
			}
			if publish && c.flag("create_current_version_allowed_triggers", true) {
				perm("current_version_triggers", version)
			}
		}
	}
	if c.flag("create_lambda_function_url", false) {
		u := c.obj("function_name", fnNameRef, "authorization_type", c.str("authorization_type", "NONE"), "invoke_mode", c.in("invoke_mode"))
		if !c.flag("create_unqualified_alias_lambda_function_url", true) {
			u.Set("qualifier", strValue(version, at))
		}
		if cors := c.in("cors"); cors != nil && cors.Kind == KindMap && len(cors.Keys) > 0 {
			u.Set("cors", blockList(cors))
		}
		add("aws_lambda_function_url", "this[0]", u)
		outputs["lambda_function_url"] = cty.StringVal(inventory.RefToken(addr + ".aws_lambda_function_url.this[0]"))
	}
	if esm := c.in("event_source_mapping"); esm != nil && c.flag("create_unqualified_alias_allowed_triggers", true) {
		for i, k := range esm.Keys {
			e := esm.Vals[i]
			enabled := e.Get("enabled")
			attrs := c.obj("function_name", strValue(fnARN, e.Source), "event_source_arn", e.Get("event_source_arn"), "enabled", enabled,
				"self_managed_event_source", e.Get("self_managed_event_source"))
			if d := e.Get("destination_arn_on_failure"); d != nil {
				attrs.Set("destination_config", blockList(c.obj("on_failure", blockList(c.obj("destination_arn", d)))))
			}
			r := add("aws_lambda_event_source_mapping", "this["+strconv.Quote(k)+"]", attrs)
			r.Source = e.Source
		}
	}
	if c.flag("create_async_event_config", false) {
		dc := c.obj()
		if d := c.in("destination_on_failure"); d != nil {
			dc.Set("on_failure", blockList(c.obj("destination", d)))
		}
		if d := c.in("destination_on_success"); d != nil {
			dc.Set("on_success", blockList(c.obj("destination", d)))
		}
		add("aws_lambda_function_event_invoke_config", `this["unqualified_alias"]`, c.obj("function_name", fnNameRef,
			"maximum_event_age_in_seconds", c.in("maximum_event_age_in_seconds"), "maximum_retry_attempts", c.in("maximum_retry_attempts"),
			"destination_config", blockList(dc)))
	}
	for k, v := range computedAttrs("aws_lambda_function", f.Address, fn) {
		switch k {
		case "arn", "function_name", "invoke_arn", "qualified_arn", "version", "qualified_invoke_arn":
			outputs["lambda_function_"+k] = cty.StringVal(v)
		}
	}
	outputs["lambda_function_name"] = cty.StringVal(fnNameRef.Str)
	if createRole {
		outputs["lambda_role_arn"] = cty.StringVal(roleARN)
		outputs["lambda_role_name"] = cty.StringVal(nameOf("aws_iam_role", roleAddr, roleAttrs))
	}
	outputs["lambda_cloudwatch_log_group_name"] = cty.StringVal(logName)
	return out, cty.ObjectVal(outputs)
}

func listOf(at inventory.Source, ss ...string) *Value {
	v := &Value{Kind: KindList, Source: at}
	for _, s := range ss {
		v.List = append(v.List, strValue(s, at))
	}
	return v
}

// mapItems returns the values of a map input (policy_statements) as
// statement blocks, the key as the Sid when none is given; a list input is
// taken as it is.
func mapItems(v *Value) []*Value {
	if v == nil {
		return nil
	}
	if v.Kind == KindList {
		return v.List
	}
	if v.Kind != KindMap {
		return nil
	}
	keys := append([]string(nil), v.Keys...)
	sort.Strings(keys)
	var out []*Value
	for _, k := range keys {
		st := v.Get(k)
		if st.Kind != KindMap {
			continue
		}
		if st.Get("sid") == nil {
			cp := *st
			cp.Keys = append([]string(nil), st.Keys...)
			cp.Vals = append([]*Value(nil), st.Vals...)
			cp.Set("sid", strValue(sidOf(k), st.Source))
			st = &cp
		}
		out = append(out, st)
	}
	return out
}

// sidOf is replace(key, "/[^0-9A-Za-z]*/", ""), as the module writes a Sid.
func sidOf(k string) string {
	b := make([]byte, 0, len(k))
	for i := 0; i < len(k); i++ {
		c := k[i]
		if c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' {
			b = append(b, c)
		}
	}
	return string(b)
}
