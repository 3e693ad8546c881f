package live

import (
	"github.com/aws/aws-sdk-go-v2/aws"
	ltypes "github.com/aws/aws-sdk-go-v2/service/lambda/types"

	"github.com/lambdasec/lambdasec/internal/inventory"
)

// mappingSettings copies the batching and failure settings of an event
// source mapping, as ListEventSourceMappings returns it, into t.
// https://docs.aws.amazon.com/lambda/latest/api/API_EventSourceMappingConfiguration.html
func mappingSettings(t *inventory.Trigger, m ltypes.EventSourceMappingConfiguration) {
	if m.BatchSize != nil {
		n := int(aws.ToInt32(m.BatchSize))
		t.BatchSize = &n
	}
	if m.MaximumRetryAttempts != nil {
		n := int(aws.ToInt32(m.MaximumRetryAttempts))
		t.MaximumRetryAttempts = &n
	}
	t.BisectBatchOnFunctionError = aws.ToBool(m.BisectBatchOnFunctionError)
	for _, rt := range m.FunctionResponseTypes {
		if rt == ltypes.FunctionResponseTypeReportBatchItemFailures {
			t.ReportBatchItemFailures = true
		}
	}
	if m.FilterCriteria != nil {
		t.Filters = len(m.FilterCriteria.Filters)
	}
}
