package terraform

import "github.com/lambdasec/lambdasec/internal/inventory"

// logging reads an aws_lambda_function's logging_config block (log_format,
// application_log_level, system_log_level, log_group).
// https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/lambda_function#logging_config-configuration-block
func (m *mapper) logging(f *inventory.Function, a *Value) {
	v := a.Get("logging_config")
	if !present(v) {
		return
	}
	lc := &inventory.LoggingConfig{Source: v.Source}
	if why, ok := v.Unresolved(); ok {
		f.AddGap(inventory.FieldLogging, "logging_config: "+why, "")
		f.Logging = lc
		return
	}
	if b := v.Blocks(); len(b) > 0 {
		lc.Source = b[0].Source
	}
	for _, k := range []struct {
		key string
		dst *string
	}{{"application_log_level", &lc.ApplicationLogLevel}, {"system_log_level", &lc.SystemLogLevel}, {"log_format", &lc.LogFormat}, {"log_group", &lc.LogGroup}} {
		s, why := text(v.Get(k.key))
		if why != "" {
			f.AddGap(inventory.FieldLogging, "logging_config."+k.key+": "+why, "")
		}
		*k.dst = s
	}
	lc.LogGroup = refOrValue(lc.LogGroup)
	f.Logging = lc
}

// surfacesB reads the resources that set a function's recursive loop
// detection (aws_lambda_function_recursion_config) and runtime update mode
// (aws_lambda_runtime_management_config) into the function they name.
// https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/lambda_function_recursion_config
// https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/lambda_runtime_management_config
func (m *mapper) surfacesB(byType map[string][]*Resource) {
	for _, r := range byType["aws_lambda_function_recursion_config"] {
		a := r.Attrs
		f, _ := m.functionRef(a.Get("function_name").Text())
		if f == nil {
			continue
		}
		s, why := text(a.Get("recursive_loop"))
		if why != "" {
			f.AddGap(inventory.FieldRecursiveLoop, "recursive_loop: "+why, "")
		}
		f.RecursiveLoop = &inventory.RecursionConfig{Loop: s, Source: r.Source}
	}
	for _, r := range byType["aws_lambda_runtime_management_config"] {
		a := r.Attrs
		f, _ := m.functionRef(a.Get("function_name").Text())
		if f == nil {
			continue
		}
		s, why := text(a.Get("update_runtime_on"))
		if why != "" {
			f.AddGap(inventory.FieldRuntimeManagement, "update_runtime_on: "+why, "")
		}
		f.RuntimeManagement = &inventory.RuntimeManagement{UpdateRuntimeOn: s, PinnedVersionARN: a.Get("runtime_version_arn").Text(), Source: r.Source}
	}
}
