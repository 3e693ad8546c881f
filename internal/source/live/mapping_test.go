package live

import (
	"encoding/json"
	"testing"

	"github.com/lambdasec/lambdasec/internal/inventory"
	"github.com/lambdasec/lambdasec/internal/source/live/awstest"
)

// listMappingsResponse is a ListEventSourceMappings answer shaped like the
// API reference's EventSourceMappingConfiguration:
// https://docs.aws.amazon.com/lambda/latest/api/API_ListEventSourceMappings.html
const listMappingsResponse = `{
 "EventSourceMappings": [
  {
   "UUID": "14e0db71-1111-2222-3333-444444444444",
   "EventSourceMappingArn": "arn:aws:lambda:us-east-1:111122223333:event-source-mapping:14e0db71-1111-2222-3333-444444444444",
   "EventSourceArn": "arn:aws:sqs:us-east-1:111122223333:jobs",
   "FunctionArn": "arn:aws:lambda:us-east-1:111122223333:function:worker",
   "State": "Enabled",
   "BatchSize": 10,
   "FunctionResponseTypes": ["ReportBatchItemFailures"],
   "FilterCriteria": {"Filters": [{"Pattern": "{\"body\": {\"kind\": [\"job\"]}}"}]},
   "LastModified": 1700000000.0
  },
  {
   "UUID": "5c1e0b2a-aaaa-bbbb-cccc-dddddddddddd",
   "EventSourceMappingArn": "arn:aws:lambda:us-east-1:111122223333:event-source-mapping:5c1e0b2a-aaaa-bbbb-cccc-dddddddddddd",
   "EventSourceArn": "arn:aws:kinesis:us-east-1:111122223333:stream/clicks",
   "FunctionArn": "arn:aws:lambda:us-east-1:111122223333:function:worker",
   "State": "Enabled",
   "StartingPosition": "LATEST",
   "BatchSize": 100,
   "MaximumRetryAttempts": -1,
   "BisectBatchOnFunctionError": false,
   "MaximumRecordAgeInSeconds": -1,
   "ParallelizationFactor": 1,
   "DestinationConfig": {"OnFailure": {}},
   "LastModified": 1700000000.0
  }
 ]
}`

func TestCollectMappingSettings(t *testing.T) {
	s := fixtureServer(t)
	s.Handle("lambda", "ListEventSourceMappings", func(r *awstest.Request) awstest.Response {
		var v any
		if err := json.Unmarshal([]byte(listMappingsResponse), &v); err != nil {
			t.Fatal(err)
		}
		return awstest.JSON(r, v)
	})
	e := collectFixture(t, s)
	by := map[string]*inventory.Trigger{}
	for _, tr := range e.Triggers {
		by[tr.Type] = tr
	}
	q, k := by[inventory.TriggerSQS], by[inventory.TriggerKinesis]
	if q == nil || k == nil {
		t.Fatalf("triggers %+v: want an SQS and a Kinesis mapping", e.Triggers)
	}
	if q.BatchSize == nil || *q.BatchSize != 10 || !q.ReportBatchItemFailures || q.Filters != 1 || q.MaximumRetryAttempts != nil {
		t.Errorf("SQS mapping settings %+v", q.MappingSettings)
	}
	if k.MaximumRetryAttempts == nil || *k.MaximumRetryAttempts != -1 || k.BisectBatchOnFunctionError || k.Filters != 0 || k.OnFailure != "" {
		t.Errorf("Kinesis mapping settings %+v on failure %q", k.MappingSettings, k.OnFailure)
	}
}
