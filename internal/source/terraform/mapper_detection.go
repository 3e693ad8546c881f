package terraform

import (
	"encoding/json"
	"strings"

	"github.com/lambdasec/lambdasec/internal/inventory"
)

// detection reads what the detection posture rules need beyond the
// trails, log groups and alarms monitoring reads: the trails' log file
// validation, KMS key and log group; metric filters; EventBridge rules
// with an event pattern and their targets; Config recorders and their
// status; GuardDuty detectors and features; Inspector enablers.
// https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/cloudtrail
// https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/cloudwatch_log_metric_filter
// https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/config_configuration_recorder
// https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/guardduty_detector_feature
// https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/inspector2_enabler
func (m *mapper) detection(byType map[string][]*Resource) {
	trails := map[string]*inventory.Trail{}
	for _, t := range m.e.Trails {
		trails[t.ID] = t
	}
	for _, r := range byType["aws_cloudtrail"] {
		t := trails[r.Address]
		if t == nil {
			continue
		}
		a := r.Attrs
		if v := a.Get("enable_log_file_validation"); present(v) {
			if _, why := text(v); why != "" {
				t.AddGap(inventory.FieldLogFileValidation, "enable_log_file_validation: "+why, "")
			}
			t.LogFileValidation = v.IsTrue()
		}
		if v := a.Get("kms_key_id"); present(v) {
			if s, why := text(v); why != "" {
				t.AddGap(inventory.FieldKMSKey, "kms_key_id: "+why, "")
			} else {
				t.KMSKey = refOrValue(s)
			}
		}
		t.LogGroup = refOrValue(a.Get("cloud_watch_logs_group_arn").Text())
	}
	for _, r := range byType["aws_cloudwatch_log_metric_filter"] {
		a := r.Attrs
		name, _ := text(a.Get("name"))
		f := &inventory.MetricFilter{Resource: m.header(r, name), LogGroup: refOrValue(a.Get("log_group_name").Text()), Pattern: a.Get("pattern").Text()}
		for _, t := range a.Get("metric_transformation").Blocks() {
			f.Metrics = append(f.Metrics, inventory.MetricName{Namespace: t.Get("namespace").Text(), Name: t.Get("name").Text()})
		}
		m.e.MetricFilters = append(m.e.MetricFilters, f)
	}
	targets := map[string]int{}
	for _, r := range byType["aws_cloudwatch_event_target"] {
		targets[refOrValue(r.Attrs.Get("rule").Text())]++
	}
	for _, r := range byType["aws_cloudwatch_event_rule"] {
		a := r.Attrs
		pat := a.Get("event_pattern")
		if !present(pat) {
			continue
		}
		name, _ := text(a.Get("name"))
		enabled := !strings.EqualFold(a.Get("state").Text(), "DISABLED") && a.Get("is_enabled").Text() != "false"
		er := &inventory.EventRule{Resource: m.header(r, name), Enabled: enabled, Targets: targets[r.Address]}
		if name != "" {
			er.Targets += targets[name]
		}
		if pat.Kind == KindMap {
			b, _ := json.Marshal(pat.toAny())
			er.Pattern = string(b)
		} else {
			er.Pattern = pat.Text()
		}
		m.e.EventRules = append(m.e.EventRules, er)
	}
	status := map[string]bool{}
	for _, r := range byType["aws_config_configuration_recorder_status"] {
		status[refOrValue(r.Attrs.Get("name").Text())] = r.Attrs.Get("is_enabled").IsTrue()
	}
	for _, r := range byType["aws_config_configuration_recorder"] {
		a := r.Attrs
		name, _ := text(a.Get("name"))
		c := &inventory.ConfigRecorder{Resource: m.header(r, name)}
		g := a.Get("recording_group")
		c.AllSupported = !present(g) || !present(g.Get("all_supported")) || g.Get("all_supported").IsTrue()
		c.ResourceTypes = g.Get("resource_types").Strings()
		if len(c.ResourceTypes) > 0 && !g.Get("all_supported").IsTrue() {
			c.AllSupported = false
		}
		if strings.EqualFold(g.Get("recording_strategy").Get("use_only").Text(), "EXCLUSION_BY_RESOURCE_TYPES") {
			c.AllSupported = true
			c.ExcludedTypes = g.Get("exclusion_by_resource_types").Get("resource_types").Strings()
		}
		for _, k := range []string{r.Address, name} {
			if on, ok := status[k]; ok && k != "" {
				c.Recording = &on
			}
		}
		m.e.ConfigRecorders = append(m.e.ConfigRecorders, c)
	}
	features := map[string]bool{}
	for _, r := range byType["aws_guardduty_detector_feature"] {
		a := r.Attrs
		if a.Get("name").Text() == "LAMBDA_NETWORK_LOGS" && strings.EqualFold(a.Get("status").Text(), "ENABLED") {
			features[refOrValue(a.Get("detector_id").Text())] = true
		}
	}
	for _, r := range byType["aws_guardduty_detector"] {
		a := r.Attrs
		enabled := !present(a.Get("enable")) || a.Get("enable").IsTrue()
		m.e.GuardDutyDetectors = append(m.e.GuardDutyDetectors, &inventory.GuardDutyDetector{Resource: m.header(r, ""), Enabled: enabled, LambdaNetworkLogs: features[r.Address]})
	}
	for _, r := range byType["aws_inspector2_enabler"] {
		m.e.InspectorEnablers = append(m.e.InspectorEnablers, &inventory.InspectorEnabler{Resource: m.header(r, ""), ResourceTypes: r.Attrs.Get("resource_types").Strings()})
	}
}
