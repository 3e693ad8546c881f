package cloudformation

import (
	"encoding/json"
	"strings"

	"github.com/lambdasec/lambdasec/internal/inventory"
)

// detection reads what the detection posture rules need beyond the
// trails, log groups and alarms monitoring reads: the trails' log file
// validation, KMS key and log group; metric filters; EventBridge rules
// with an event pattern; Config recorders; GuardDuty detectors.
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-cloudtrail-trail.html
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-logs-metricfilter.html
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-events-rule.html
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-config-configurationrecorder.html
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-guardduty-detector.html
func (m *mapper) detection(byType map[string][]*resource) {
	trails := map[string]*inventory.Trail{}
	for _, t := range m.e.Trails {
		trails[t.ID] = t
	}
	for _, res := range byType["AWS::CloudTrail::Trail"] {
		t := trails[res.id]
		if t == nil {
			continue
		}
		p := res.props
		if v := p.get("EnableLogFileValidation"); v != nil {
			if _, why := text(v); why != "" {
				t.AddGap(inventory.FieldLogFileValidation, "EnableLogFileValidation: "+why, "")
			}
			t.LogFileValidation = v.isTrue()
		}
		if v := p.get("KMSKeyId"); v != nil {
			if s, why := text(v); why != "" {
				t.AddGap(inventory.FieldKMSKey, "KMSKeyId: "+why, "")
			} else {
				t.KMSKey = refOrValue(s)
			}
		}
		t.LogGroup = refOrValue(p.get("CloudWatchLogsLogGroupArn").text())
	}
	for _, res := range byType["AWS::Logs::MetricFilter"] {
		p := res.props
		f := &inventory.MetricFilter{Resource: m.header(res, p.get("FilterName").text()),
			LogGroup: refOrValue(p.get("LogGroupName").text()), Pattern: p.get("FilterPattern").text()}
		for _, t := range p.get("MetricTransformations").items() {
			f.Metrics = append(f.Metrics, inventory.MetricName{Namespace: t.get("MetricNamespace").text(), Name: t.get("MetricName").text()})
		}
		m.e.MetricFilters = append(m.e.MetricFilters, f)
	}
	for _, res := range byType["AWS::Events::Rule"] {
		p := res.props
		pat := p.get("EventPattern")
		if pat == nil {
			continue
		}
		r := &inventory.EventRule{Resource: m.header(res, p.get("Name").text()),
			Enabled: !strings.EqualFold(p.get("State").text(), "DISABLED"), Targets: len(p.get("Targets").items())}
		if pat.kind == kindScalar {
			r.Pattern = pat.text()
		} else if b, err := json.Marshal(toJSON(pat)); err == nil {
			r.Pattern = string(b)
		}
		m.e.EventRules = append(m.e.EventRules, r)
	}
	started := len(byType["AWS::Config::DeliveryChannel"]) > 0
	for _, res := range byType["AWS::Config::ConfigurationRecorder"] {
		g := res.props.get("RecordingGroup")
		c := &inventory.ConfigRecorder{Resource: m.header(res, res.props.get("Name").text())}
		c.AllSupported = g == nil || g.get("AllSupported").isTrue()
		c.ResourceTypes = g.get("ResourceTypes").strings()
		if strings.EqualFold(g.get("RecordingStrategy").get("UseOnly").text(), "EXCLUSION_BY_RESOURCE_TYPES") {
			c.AllSupported = true
			c.ExcludedTypes = g.get("ExclusionByResourceTypes").get("ResourceTypes").strings()
		}
		// CloudFormation starts the recorder once the template's delivery
		// channel exists; without one in the template it is not known.
		if started {
			c.Recording = &started
		}
		m.e.ConfigRecorders = append(m.e.ConfigRecorders, c)
	}
	for _, res := range byType["AWS::GuardDuty::Detector"] {
		p := res.props
		d := &inventory.GuardDutyDetector{Resource: m.header(res, ""), Enabled: p.get("Enable").isTrue()}
		for _, f := range p.get("Features").items() {
			if f.get("Name").text() == "LAMBDA_NETWORK_LOGS" && strings.EqualFold(f.get("Status").text(), "ENABLED") {
				d.LambdaNetworkLogs = true
			}
		}
		m.e.GuardDutyDetectors = append(m.e.GuardDutyDetectors, d)
	}
}
