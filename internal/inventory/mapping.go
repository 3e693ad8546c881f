package inventory

// FieldMappingSettings names, in Gap.Field, the batching and failure
// settings of an event source mapping (MappingSettings) when one of them
// could not be read or resolved.
const FieldMappingSettings = "mappingSettings"

// MappingSettings are the settings of an event source mapping that decide
// what happens to a batch the function fails on. The fields follow the
// Lambda API's EventSourceMappingConfiguration:
// https://docs.aws.amazon.com/lambda/latest/api/API_EventSourceMappingConfiguration.html
type MappingSettings struct {
	// BatchSize is the most records a batch holds; nil when not set (the
	// service default: 10 for SQS, 100 for Kinesis and DynamoDB streams).
	BatchSize *int `json:"batchSize,omitempty"`
	// MaximumRetryAttempts is how many times a failed stream batch is
	// retried; nil when not set, which means -1 (retry until the record
	// expires). Kinesis and DynamoDB streams only.
	MaximumRetryAttempts *int `json:"maximumRetryAttempts,omitempty"`
	// BisectBatchOnFunctionError is true when a failed stream batch is
	// split in two and retried, so a poison record is isolated.
	BisectBatchOnFunctionError bool `json:"bisectBatchOnFunctionError,omitempty"`
	// ReportBatchItemFailures is true when FunctionResponseTypes holds
	// ReportBatchItemFailures: the function may report which records of a
	// batch failed, and only those are retried.
	ReportBatchItemFailures bool `json:"reportBatchItemFailures,omitempty"`
	// Filters is the number of FilterCriteria filters: events that match
	// none are not sent to the function.
	Filters int `json:"filters,omitempty"`
}

// Integration types of an API route, as API Gateway names them, and
// IntegrationNone for a route or method with no integration.
// https://docs.aws.amazon.com/apigateway/latest/api/API_Integration.html
const (
	IntegrationNone = "NONE"
	IntegrationMock = "MOCK"
)
