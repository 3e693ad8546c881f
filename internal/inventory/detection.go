package inventory

// The resources the detection posture rules (LS6xx) read besides trails,
// log groups and alarms: CloudWatch Logs metric filters and EventBridge
// rules that watch CloudTrail events, AWS Config configuration recorders,
// GuardDuty detectors and Amazon Inspector enablement.

// FieldLogFileValidation is the Gap field of a trail whose log file
// validation setting could not be resolved.
const FieldLogFileValidation = "logFileValidation"

// MetricFilter is a CloudWatch Logs metric filter: a filter pattern over
// the events of one log group that counts matches into a metric, which an
// alarm may watch.
// https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/MonitoringLogData.html
type MetricFilter struct {
	Resource
	// LogGroup is the name of the log group the filter reads (a token in a
	// template when it names a resource of the template).
	LogGroup string `json:"logGroup"`
	// Pattern is the filter pattern as written.
	// https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html
	Pattern string `json:"pattern"`
	// Metrics are the metrics the filter writes to.
	Metrics []MetricName `json:"metrics,omitempty"`
}

// MetricName names a CloudWatch metric by namespace and name.
type MetricName struct {
	Namespace string `json:"namespace"`
	Name      string `json:"name"`
}

// EventRule is an Amazon EventBridge rule with an event pattern (rules
// that only run on a schedule are not kept).
// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns.html
type EventRule struct {
	Resource
	// Pattern is the event pattern as JSON text.
	Pattern string `json:"pattern"`
	// Enabled is false when the rule's state is DISABLED.
	Enabled bool `json:"enabled"`
	// Targets counts the rule's targets (a rule with none alerts nobody);
	// -1 when they were not read.
	Targets int `json:"targets"`
}

// ConfigRecorder is an AWS Config configuration recorder and what its
// recording group records.
// https://docs.aws.amazon.com/config/latest/APIReference/API_RecordingGroup.html
type ConfigRecorder struct {
	Resource
	// AllSupported is true when the recorder records every supported
	// resource type of the region (less ExcludedTypes).
	AllSupported bool `json:"allSupported,omitempty"`
	// ResourceTypes are the types recorded when AllSupported is false.
	ResourceTypes []string `json:"resourceTypes,omitempty"`
	// ExcludedTypes are the types left out (the EXCLUSION_BY_RESOURCE_TYPES
	// strategy).
	ExcludedTypes []string `json:"excludedTypes,omitempty"`
	// Recording says whether the recorder is started; nil when not known
	// (a template's recorder is started by a separate resource, or, in
	// CloudFormation, once its delivery channel exists).
	Recording *bool `json:"recording,omitempty"`
}

// Records reports whether the recorder records resources of type typ
// ("AWS::Lambda::Function").
func (c *ConfigRecorder) Records(typ string) bool {
	for _, t := range c.ExcludedTypes {
		if t == typ {
			return false
		}
	}
	if c.AllSupported {
		return true
	}
	for _, t := range c.ResourceTypes {
		if t == typ {
			return true
		}
	}
	return false
}

// GuardDutyDetector is a GuardDuty detector defined in a template, with
// whether Lambda Protection (the LAMBDA_NETWORK_LOGS feature) is on.
// A live account's detectors are summed up in RegionSettings.
// https://docs.aws.amazon.com/guardduty/latest/ug/lambda-protection.html
type GuardDutyDetector struct {
	Resource
	Enabled           bool `json:"enabled"`
	LambdaNetworkLogs bool `json:"lambdaNetworkLogs"`
}

// InspectorEnabler is a template's enablement of Amazon Inspector scans
// (Terraform's aws_inspector2_enabler) for the listed resource types
// ("LAMBDA", "LAMBDA_CODE"). A live account's state is in RegionSettings.
// https://docs.aws.amazon.com/inspector/v2/APIReference/API_Enable.html
type InspectorEnabler struct {
	Resource
	ResourceTypes []string `json:"resourceTypes"`
}
