package terraform

import (
	"strings"

	"github.com/lambdasec/lambdasec/internal/inventory"
)

// mappingSettings reads the batching and failure arguments of an
// aws_lambda_event_source_mapping (attributes a) into tr; a value that
// cannot be resolved becomes a gap on inventory.FieldMappingSettings.
// https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/lambda_event_source_mapping
func mappingSettings(tr *inventory.Trigger, a *Value) {
	gap := func(arg, why string) {
		tr.AddGap(inventory.FieldMappingSettings, arg+": "+why, "")
	}
	for _, k := range []struct {
		arg string
		to  **int
	}{{"batch_size", &tr.BatchSize}, {"maximum_retry_attempts", &tr.MaximumRetryAttempts}} {
		n, set, why := a.Get(k.arg).Int()
		switch {
		case why != "":
			gap(k.arg, why)
		case set:
			*k.to = &n
		}
	}
	if v := a.Get("bisect_batch_on_function_error"); present(v) {
		if why, ok := v.Unresolved(); ok {
			gap("bisect_batch_on_function_error", why)
		}
		tr.BisectBatchOnFunctionError = v.IsTrue()
	}
	if v := a.Get("function_response_types"); present(v) {
		if why, ok := v.Unresolved(); ok {
			gap("function_response_types", why)
		}
		for _, it := range v.Items() {
			if why, ok := it.Unresolved(); ok {
				gap("function_response_types", why)
			}
			if strings.EqualFold(it.Text(), "ReportBatchItemFailures") {
				tr.ReportBatchItemFailures = true
			}
		}
	}
	for _, fc := range a.Get("filter_criteria").Items() {
		if why, ok := fc.Unresolved(); ok {
			gap("filter_criteria", why)
			continue
		}
		tr.Filters += len(fc.Get("filter").Items())
	}
}
