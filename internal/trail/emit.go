package trail

import (
	"crypto/sha1"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"go.yaml.in/yaml/v3"
)

// EmitFormats are the formats Emit writes.
var EmitFormats = []string{"eventbridge", "metric-filter", "sigma"}

// Detection is one detection rule lambdasec can write for others to run:
// the Lambda operations it watches (matched whatever their version
// suffix), an optional request parameter value, or an error code prefix.
type Detection struct {
	Name        string   // kebab-case, unique
	Description string   // what a match means
	Rules       []string // the LS8xx rules that judge the same events
	Level       string   // Sigma level: low, medium, high, critical
	Operations  []string // Lambda API operations; empty means any
	// Param and Value, when set, require requestParameters.<Param> = Value.
	Param, Value string
	// ErrorPrefix, when set, requires an errorCode starting with it.
	ErrorPrefix string
}

// Detections are the detections Emit writes, for the events of
// significance the LS8xx rules judge. What a pattern cannot express (an
// account being unknown, a caller not being the deployer) is left to
// `lambdasec trail`; those detections match every event of the operation.
var Detections = []Detection{
	{Name: "lambda-permission-added", Description: "A statement was added to a Lambda function's resource policy (AddPermission): check the principal and its conditions.", Rules: []string{"LS801", "LS802", "LS803"}, Level: "medium", Operations: []string{"AddPermission"}},
	{Name: "lambda-permission-public", Description: "A Lambda function was made invocable by anyone (AddPermission with principal \"*\").", Rules: []string{"LS801"}, Level: "critical", Operations: []string{"AddPermission"}, Param: "principal", Value: "*"},
	{Name: "lambda-function-url-public", Description: "A Lambda function URL was created or changed to AuthType NONE.", Rules: []string{"LS804"}, Level: "critical", Operations: []string{"CreateFunctionUrlConfig", "UpdateFunctionUrlConfig"}, Param: "authType", Value: "NONE"},
	{Name: "lambda-layer-shared", Description: "A Lambda layer version was shared (AddLayerVersionPermission).", Rules: []string{"LS805"}, Level: "high", Operations: []string{"AddLayerVersionPermission"}},
	{Name: "lambda-code-updated", Description: "A Lambda function's code was updated (UpdateFunctionCode): check the caller is the deployer.", Rules: []string{"LS806"}, Level: "medium", Operations: []string{"UpdateFunctionCode"}},
	{Name: "lambda-configuration-changed", Description: "A Lambda function's configuration was changed (layers, role, VPC, KMS key).", Rules: []string{"LS807", "LS808", "LS809"}, Level: "medium", Operations: []string{"UpdateFunctionConfiguration"}},
	{Name: "lambda-code-signing-removed", Description: "A Lambda function's code signing configuration was removed.", Rules: []string{"LS809"}, Level: "high", Operations: []string{"DeleteFunctionCodeSigningConfig"}},
	{Name: "lambda-concurrency-deleted", Description: "A Lambda function's reserved concurrency was deleted.", Rules: []string{"LS810"}, Level: "medium", Operations: []string{"DeleteFunctionConcurrency"}},
	{Name: "lambda-event-source-mapping-created", Description: "An event source mapping was created: check the source is in your account.", Rules: []string{"LS811"}, Level: "medium", Operations: []string{"CreateEventSourceMapping"}},
	{Name: "lambda-get-function", Description: "A Lambda function's code location and environment were read (GetFunction): check the caller.", Rules: []string{"LS812"}, Level: "low", Operations: []string{"GetFunction"}},
	{Name: "lambda-access-denied", Description: "A call to Lambda was denied: a burst of these is reconnaissance with stolen credentials.", Rules: []string{"LS815"}, Level: "low", ErrorPrefix: "AccessDenied"},
}

// versioned is the prefix of an operation's versioned event names:
// Lambda appends an API version date ("AddPermission20150331v2"), so
// operation + "20" matches every version and no other operation
// ("CreateFunction20" does not match "CreateFunctionUrlConfig20211031").
func versioned(op string) string { return op + "20" }

// Emit writes the Detections in format (one of EmitFormats) to w:
// "eventbridge", a JSON array of {"Name", "Description", "EventPattern"}
// (EventBridge rules on CloudTrail's "AWS API Call via CloudTrail"
// events, matching each operation's bare name and its versioned names
// with prefix matching); "metric-filter", a JSON array of CloudWatch Logs
// metric filters for a trail's log group; "sigma", Sigma rules in YAML,
// one document each. The error is w's, or an unknown format.
// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html#eb-filtering-prefix-matching
// https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html
// https://sigmahq.io/docs/basics/rules.html
func Emit(w io.Writer, format string) error {
	switch format {
	case "eventbridge":
		return emitJSON(w, eventBridge())
	case "metric-filter":
		return emitJSON(w, metricFilters())
	case "sigma":
		return emitSigma(w)
	}
	return fmt.Errorf("unknown format %q: want one of %s", format, strings.Join(EmitFormats, ", "))
}

func emitJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// EventBridgeRule is one rule of the eventbridge output.
type EventBridgeRule struct {
	Name         string         `json:"Name"`
	Description  string         `json:"Description"`
	EventPattern map[string]any `json:"EventPattern"`
}

func eventBridge() []EventBridgeRule {
	var out []EventBridgeRule
	for _, d := range Detections {
		detail := map[string]any{"eventSource": []string{lambdaSource}}
		if len(d.Operations) > 0 {
			var names []any
			for _, op := range d.Operations {
				names = append(names, op, map[string]string{"prefix": versioned(op)})
			}
			detail["eventName"] = names
		}
		if d.Param != "" {
			detail["requestParameters"] = map[string]any{d.Param: []string{d.Value}}
		}
		if d.ErrorPrefix != "" {
			detail["errorCode"] = []any{map[string]string{"prefix": d.ErrorPrefix}}
		}
		out = append(out, EventBridgeRule{Name: "lambdasec-" + d.Name, Description: description(d),
			EventPattern: map[string]any{"source": []string{"aws.lambda"}, "detail-type": []string{"AWS API Call via CloudTrail"}, "detail": detail}})
	}
	return out
}

func description(d Detection) string {
	return d.Description + " (lambdasec " + strings.Join(d.Rules, ", ") + ")"
}

// MetricFilter is one filter of the metric-filter output, in the shape of
// PutMetricFilter's input.
type MetricFilter struct {
	FilterName            string              `json:"filterName"`
	FilterPattern         string              `json:"filterPattern"`
	MetricTransformations []map[string]string `json:"metricTransformations"`
	Description           string              `json:"description"`
}

func metricFilters() []MetricFilter {
	var out []MetricFilter
	for _, d := range Detections {
		terms := []string{fmt.Sprintf(`($.eventSource = "%s")`, lambdaSource)}
		if len(d.Operations) > 0 {
			var names []string
			for _, op := range d.Operations {
				// A trailing * is a prefix match in a JSON filter pattern.
				names = append(names, fmt.Sprintf(`($.eventName = "%s")`, op), fmt.Sprintf(`($.eventName = "%s*")`, versioned(op)))
			}
			terms = append(terms, "("+strings.Join(names, " || ")+")")
		}
		desc := description(d)
		if d.Param != "" {
			if d.Value == "*" {
				// "*" is the wildcard of filter patterns: a literal "*"
				// cannot be matched, so the filter counts every event
				// of the operation.
				desc += `; the filter cannot match a literal "*" and counts every such call`
			} else {
				terms = append(terms, fmt.Sprintf(`($.requestParameters.%s = "%s")`, d.Param, d.Value))
			}
		}
		if d.ErrorPrefix != "" {
			terms = append(terms, fmt.Sprintf(`($.errorCode = "%s*")`, d.ErrorPrefix))
		}
		out = append(out, MetricFilter{FilterName: "lambdasec-" + d.Name, FilterPattern: "{ " + strings.Join(terms, " && ") + " }",
			MetricTransformations: []map[string]string{{"metricName": metricName(d.Name), "metricNamespace": "lambdasec", "metricValue": "1"}},
			Description:           desc})
	}
	return out
}

// metricName is a detection's name in CamelCase ("LambdaPermissionAdded").
func metricName(name string) string {
	var b strings.Builder
	for _, p := range strings.Split(name, "-") {
		if p != "" {
			b.WriteString(strings.ToUpper(p[:1]) + p[1:])
		}
	}
	return b.String()
}

// sigmaRule is a Sigma rule; field order is the order Sigma's
// specification lists them.
type sigmaRule struct {
	Title       string         `yaml:"title"`
	ID          string         `yaml:"id"`
	Status      string         `yaml:"status"`
	Description string         `yaml:"description"`
	References  []string       `yaml:"references"`
	Author      string         `yaml:"author"`
	LogSource   map[string]any `yaml:"logsource"`
	Detection   map[string]any `yaml:"detection"`
	Level       string         `yaml:"level"`
}

func emitSigma(w io.Writer) error {
	for i, d := range Detections {
		sel := map[string]any{"eventSource": lambdaSource}
		det := map[string]any{"selection": sel}
		cond := "selection"
		if len(d.Operations) > 0 {
			det["name_bare"] = map[string]any{"eventName": d.Operations}
			var prefixes []string
			for _, op := range d.Operations {
				prefixes = append(prefixes, versioned(op))
			}
			det["name_versioned"] = map[string]any{"eventName|startswith": prefixes}
			cond = "selection and (name_bare or name_versioned)"
		}
		if d.Param != "" {
			// Sigma treats * as a wildcard; \* is the character.
			sel["requestParameters."+d.Param] = strings.ReplaceAll(d.Value, "*", `\*`)
		}
		if d.ErrorPrefix != "" {
			sel["errorCode|startswith"] = d.ErrorPrefix
		}
		det["condition"] = cond
		r := sigmaRule{Title: "Lambda: " + d.Description, ID: uuidOf("lambdasec/" + d.Name), Status: "experimental",
			Description: description(d) + ". Matches Lambda's versioned event names (AddPermission20150331v2) as well as the bare ones.",
			References:  []string{"https://docs.aws.amazon.com/lambda/latest/dg/logging-using-cloudtrail.html"},
			Author:      "lambdasec", LogSource: map[string]any{"product": "aws", "service": "cloudtrail"}, Detection: det, Level: d.Level}
		if i > 0 {
			if _, err := io.WriteString(w, "---\n"); err != nil {
				return err
			}
		}
		enc := yaml.NewEncoder(w)
		enc.SetIndent(2)
		if err := enc.Encode(r); err != nil {
			return err
		}
		if err := enc.Close(); err != nil {
			return err
		}
	}
	return nil
}

// uuidOf derives a stable UUID (version 5 layout) from name, so a
// detection keeps its Sigma id across runs.
func uuidOf(name string) string {
	h := sha1.Sum([]byte(name))
	h[6] = h[6]&0x0f | 0x50
	h[8] = h[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", h[0:4], h[4:6], h[6:8], h[8:10], h[10:16])
}
