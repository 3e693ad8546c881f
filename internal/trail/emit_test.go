package trail

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// matchesName applies an EventBridge eventName list (exact strings and
// {"prefix": ...}) to a name, as EventBridge does.
func matchesName(list []any, name string) bool {
	for _, v := range list {
		switch x := v.(type) {
		case string:
			if x == name {
				return true
			}
		case map[string]any:
			if p, ok := x["prefix"].(string); ok && strings.HasPrefix(name, p) {
				return true
			}
		}
	}
	return false
}

// TestEmitEventBridge: the patterns match Lambda's versioned event names
// and the bare ones, and not the names of other operations sharing a
// prefix.
func TestEmitEventBridge(t *testing.T) {
	var buf bytes.Buffer
	if err := Emit(&buf, "eventbridge"); err != nil {
		t.Fatal(err)
	}
	var rulesOut []struct {
		Name         string
		EventPattern struct {
			Source []string `json:"source"`
			Detail struct {
				EventName []any `json:"eventName"`
			} `json:"detail"`
		}
	}
	if err := json.Unmarshal(buf.Bytes(), &rulesOut); err != nil {
		t.Fatal(err)
	}
	byName := map[string][]any{}
	for _, r := range rulesOut {
		byName[r.Name] = r.EventPattern.Detail.EventName
	}
	for _, c := range []struct {
		rule, name string
		match      bool
	}{
		{"lambdasec-lambda-permission-added", "AddPermission20150331v2", true},
		{"lambdasec-lambda-permission-added", "AddPermission", true},
		{"lambdasec-lambda-permission-added", "AddLayerVersionPermission20181031", false},
		{"lambdasec-lambda-function-url-public", "CreateFunctionUrlConfig20211031", true},
		{"lambdasec-lambda-code-updated", "UpdateFunctionCode20150331v2", true},
		{"lambdasec-lambda-get-function", "GetFunction20150331v2", true},
		{"lambdasec-lambda-get-function", "GetFunctionConfiguration20150331v2", false},
		{"lambdasec-lambda-layer-shared", "AddLayerVersionPermission20181031", true},
	} {
		if got := matchesName(byName[c.rule], c.name); got != c.match {
			t.Errorf("%s on %s: match %v, want %v", c.rule, c.name, got, c.match)
		}
	}
}

func TestEmitMetricFilterAndSigma(t *testing.T) {
	var buf bytes.Buffer
	if err := Emit(&buf, "metric-filter"); err != nil {
		t.Fatal(err)
	}
	var filters []MetricFilter
	if err := json.Unmarshal(buf.Bytes(), &filters); err != nil {
		t.Fatal(err)
	}
	if len(filters) != len(Detections) || !strings.Contains(filters[0].FilterPattern, `($.eventName = "AddPermission20*")`) {
		t.Errorf("metric filters: %+v", filters[0])
	}
	buf.Reset()
	if err := Emit(&buf, "sigma"); err != nil {
		t.Fatal(err)
	}
	dec := yaml.NewDecoder(&buf)
	n := 0
	for {
		var doc struct {
			Title     string
			ID        string
			Detection map[string]any
		}
		if err := dec.Decode(&doc); err != nil {
			break
		}
		n++
		if doc.ID == "" || doc.Detection["condition"] == nil {
			t.Errorf("sigma rule %q lacks an id or a condition", doc.Title)
		}
	}
	if n != len(Detections) {
		t.Errorf("%d sigma rules, want %d", n, len(Detections))
	}
	if err := Emit(&buf, "splunk"); err == nil {
		t.Error("unknown format accepted")
	}
}
