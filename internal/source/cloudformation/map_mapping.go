package cloudformation

import (
	"strings"

	"github.com/lambdasec/lambdasec/internal/inventory"
)

// mappingSettings reads the batching and failure settings of an
// AWS::Lambda::EventSourceMapping's properties p into tr; a value that
// cannot be resolved becomes a gap on inventory.FieldMappingSettings.
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-lambda-eventsourcemapping.html
func mappingSettings(tr *inventory.Trigger, p *value) {
	gap := func(prop, why string) {
		tr.AddGap(inventory.FieldMappingSettings, prop+": "+why, "")
	}
	for _, k := range []struct {
		prop string
		to   **int
	}{{"BatchSize", &tr.BatchSize}, {"MaximumRetryAttempts", &tr.MaximumRetryAttempts}} {
		n, set, why := intProp(p.get(k.prop))
		switch {
		case why != "":
			gap(k.prop, why)
		case set:
			*k.to = &n
		}
	}
	if v := p.get("BisectBatchOnFunctionError"); v != nil {
		if _, why := text(v); why != "" {
			gap("BisectBatchOnFunctionError", why)
		}
		tr.BisectBatchOnFunctionError = v.isTrue()
	}
	if v := p.get("FunctionResponseTypes"); v != nil {
		for _, it := range v.items() {
			s, why := text(it)
			if why != "" {
				gap("FunctionResponseTypes", why)
			}
			if strings.EqualFold(s, "ReportBatchItemFailures") {
				tr.ReportBatchItemFailures = true
			}
		}
	}
	if v := p.get("FilterCriteria"); v != nil {
		fs := v.get("Filters")
		if fs == nil && v.kind != kindMap {
			_, why := text(v)
			gap("FilterCriteria", why)
		}
		tr.Filters = len(fs.items())
	}
}
