package cloudformation

import "github.com/lambdasec/lambdasec/internal/inventory"

// surfacesB reads the function properties of inventory/surfaces_b.go:
// RecursiveLoop, RuntimeManagementConfig, LoggingConfig and RuntimeConfig
// (SAM passes them through to AWS::Lambda::Function unchanged). A value
// that cannot be resolved leaves a Gap for its field.
// https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-lambda-function.html
func (m *mapper) surfacesB(res *resource, f *inventory.Function) {
	p := res.props
	gap := func(field, prop, why string) { f.AddGap(field, prop+": "+why, "") }
	if v := p.get("RecursiveLoop"); v != nil {
		s, why := text(v)
		if why != "" {
			gap(inventory.FieldRecursiveLoop, "RecursiveLoop", why)
		}
		f.RecursiveLoop = &inventory.RecursionConfig{Loop: s, Source: m.src(res, v)}
	}
	if v := p.get("RuntimeManagementConfig"); v != nil {
		rm := &inventory.RuntimeManagement{Source: m.src(res, v)}
		if v.kind != kindMap {
			_, why := text(v)
			gap(inventory.FieldRuntimeManagement, "RuntimeManagementConfig", why)
		} else {
			var why string
			if rm.UpdateRuntimeOn, why = text(v.get("UpdateRuntimeOn")); why != "" {
				gap(inventory.FieldRuntimeManagement, "RuntimeManagementConfig.UpdateRuntimeOn", why)
			}
			// An unresolved version ARN leaves the pin known: the mode is
			// what the rule judges.
			rm.PinnedVersionARN = v.get("RuntimeVersionArn").text()
		}
		f.RuntimeManagement = rm
	}
	if v := p.get("LoggingConfig"); v != nil {
		lc := &inventory.LoggingConfig{Source: m.src(res, v)}
		if v.kind != kindMap {
			_, why := text(v)
			gap(inventory.FieldLogging, "LoggingConfig", why)
		} else {
			for _, k := range []struct {
				prop string
				dst  *string
			}{{"ApplicationLogLevel", &lc.ApplicationLogLevel}, {"SystemLogLevel", &lc.SystemLogLevel}, {"LogFormat", &lc.LogFormat}, {"LogGroup", &lc.LogGroup}} {
				s, why := text(v.get(k.prop))
				if why != "" {
					gap(inventory.FieldLogging, "LoggingConfig."+k.prop, why)
				}
				*k.dst = s
			}
			lc.LogGroup = refOrValue(lc.LogGroup)
		}
		f.Logging = lc
	}
	if v := p.get("RuntimeConfig"); v != nil {
		rc := &inventory.FunctionRuntimeConfig{Source: m.src(res, v), RuntimeAlias: v.get("RuntimeAlias").text()}
		s := v.get("RuntimeArn").text()
		if v.kind != kindMap {
			_, why := text(v)
			gap(inventory.FieldCustomRuntime, "RuntimeConfig", why)
		} else if why, ok := inventory.UnresolvedReason(s); ok {
			gap(inventory.FieldCustomRuntime, "RuntimeConfig.RuntimeArn", why)
		}
		rc.RuntimeARN = refOrValue(s)
		f.CustomRuntime = rc
	}
}

// runtimes reads the customer-managed runtimes the template publishes
// (AWS::Lambda::Runtime). Runtime versions and aliases add nothing the
// rules judge: a function names the runtime itself.
// https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-lambda-runtime.html
func (m *mapper) runtimes(byType map[string][]*resource) {
	for _, res := range byType["AWS::Lambda::Runtime"] {
		name, _ := text(res.props.get("Name"))
		rt := &inventory.CustomRuntime{Resource: m.header(res, name)}
		rt.ARN = inventory.AttrToken(res.id, "Arn")
		m.e.Runtimes = append(m.e.Runtimes, rt)
	}
}
