package needs_test

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/lambdasec/lambdasec/internal/inventory"
	"github.com/lambdasec/lambdasec/internal/needs"
)

// record writes a CloudTrail record of a call made with a session of role
// (named session), as CloudTrail logs it.
// https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html
func record(role, session, when, source, name, params, resources, errorCode string) []byte {
	if params == "" {
		params = "null"
	}
	if resources == "" {
		resources = "[]"
	}
	errField := ""
	if errorCode != "" {
		errField = fmt.Sprintf(`"errorCode": %q, "errorMessage": "denied",`, errorCode)
	}
	return []byte(fmt.Sprintf(`{"eventVersion": "1.09",
 "userIdentity": {"type": "AssumedRole", "principalId": "AROAEXAMPLE:%[2]s", "arn": "arn:aws:sts::111122223333:assumed-role/%[1]s/%[2]s", "accountId": "111122223333",
   "sessionContext": {"sessionIssuer": {"type": "Role", "principalId": "AROAEXAMPLE", "arn": "arn:aws:iam::111122223333:role/%[1]s", "accountId": "111122223333", "userName": "%[1]s"},
   "attributes": {"creationDate": "2026-12-01T09:00:00Z", "mfaAuthenticated": "false"}}},
 "eventTime": %[3]q, "eventSource": %[4]q, "eventName": %[5]q, "awsRegion": "eu-west-1", "sourceIPAddress": "3.3.3.3",
 "userAgent": "Boto3/1.35.0", %[8]s "requestParameters": %[6]s, "responseElements": null, "resources": %[7]s,
 "eventID": "id-%[3]s-%[5]s", "readOnly": false, "eventType": "AwsApiCall", "managementEvent": false, "recipientAccountId": "111122223333", "eventCategory": "Data"}`,
		role, session, when, source, name, params, resources, errField))
}

func TestTrail(t *testing.T) {
	tr := needs.NewTrail()
	at := inventory.Source{File: "AWSLogs/x.json.gz", LogicalID: "Records[0]"}
	for _, r := range [][]byte{
		record("orders-role", "orders", "2026-12-01T10:00:00Z", "dynamodb.amazonaws.com", "PutItem", `{"tableName": "orders"}`, "", ""),
		record("orders-role", "orders", "2026-12-02T10:00:00Z", "dynamodb.amazonaws.com", "PutItem", `{"tableName": "orders"}`, "", ""),
		record("orders-role", "orders", "2026-12-02T10:05:00Z", "s3.amazonaws.com", "GetObject", `{"bucketName": "receipts", "key": "a/b.pdf"}`,
			`[{"type": "AWS::S3::Object", "ARN": "arn:aws:s3:::receipts/a/b.pdf"}, {"accountId": "111122223333", "type": "AWS::S3::Bucket", "ARN": "arn:aws:s3:::receipts"}]`, ""),
		record("orders-role", "orders", "2026-12-02T10:06:00Z", "s3.amazonaws.com", "ListObjectsV2", `{"bucketName": "receipts"}`, "", ""),
		record("orders-role", "orders", "2026-12-02T10:07:00Z", "sqs.amazonaws.com", "SendMessage", `{"queueUrl": "https://sqs.eu-west-1.amazonaws.com/111122223333/orders-dlq"}`, "", "AccessDenied"),
		record("orders-role", "orders", "2026-12-02T10:08:00Z", "xray.amazonaws.com", "PutTraceSegments", "", "", ""),
		record("orders-role", "orders", "2026-12-02T10:09:00Z", "sqs.amazonaws.com", "ReceiveMessage", "", "", ""),
		// Another function's session of the same role.
		record("orders-role", "refunds", "2026-12-02T11:00:00Z", "dynamodb.amazonaws.com", "DeleteItem", `{"tableName": "orders"}`, "", ""),
		// A role no function of the estate has.
		record("deploy", "ci", "2026-12-02T11:00:00Z", "iam.amazonaws.com", "PassRole", "", "", ""),
		// Not an assumed role, and not a record.
		[]byte(`{"userIdentity": {"type": "IAMUser", "arn": "arn:aws:iam::111122223333:user/alice"}, "eventTime": "2026-12-02T11:00:00Z", "eventSource": "s3.amazonaws.com", "eventName": "GetObject"}`),
		[]byte(`{"AssumedRole"`),
	} {
		tr.Add(r, at)
	}
	orders := &inventory.Function{Resource: inventory.Resource{ID: "Orders", Name: "orders"}, Role: "arn:aws:iam::111122223333:role/orders-role"}
	got, ok := tr.Activity(orders)
	if !ok {
		t.Fatal("no activity for orders")
	}
	type call struct {
		action, resource string
		count            int
	}
	var calls []call
	for _, n := range got {
		calls = append(calls, call{n.Action, n.Resource, n.Count})
		if n.File != "AWSLogs/x.json.gz (Records[0])" && !strings.HasPrefix(n.File, "AWSLogs/x.json.gz") {
			t.Errorf("%s: file %q", n.Action, n.File)
		}
	}
	want := []call{
		{"dynamodb:PutItem", "arn:aws:dynamodb:eu-west-1:111122223333:table/orders", 2},
		{"s3:GetObject", "arn:aws:s3:::receipts/*", 1},
		{"s3:ListBucket", "arn:aws:s3:::receipts", 1},
		{"sqs:ReceiveMessage", "", 1},
		{"sqs:SendMessage", "arn:aws:sqs:eu-west-1:111122223333:orders-dlq", 1},
		{"xray:PutTraceSegments", "*", 1},
	}
	// The SQS call names no resource: a placeholder, said so. (X-Ray's
	// takes none: "*".)
	ph := got[3]
	if !needs.IsPlaceholder(ph.Resource) || !strings.Contains(ph.Reason, "the records name no resource") {
		t.Errorf("sqs need %+v: want a placeholder, said so", ph)
	}
	calls[3].resource = ""
	if !reflect.DeepEqual(calls, want) {
		t.Errorf("calls:\n got %v\nwant %v", calls, want)
	}
	if !strings.Contains(got[0].Reason, "called 2 times by its sessions, 2026-12-01T10:00:00Z to 2026-12-02T10:00:00Z") {
		t.Errorf("reason %q", got[0].Reason)
	}
	if !strings.Contains(got[4].Reason, "(1 denied)") {
		t.Errorf("denied call not said: %q", got[3].Reason)
	}
	// A function no session is named after gets its role's calls, said so.
	other := &inventory.Function{Resource: inventory.Resource{ID: "Other", Name: "other"}, Role: "arn:aws:iam::111122223333:role/orders-role"}
	got, ok = tr.Activity(other)
	if !ok || len(got) != 7 || !strings.Contains(got[0].Reason, "the sessions of its role (none named after the function)") {
		t.Errorf("role-wide activity: %v %+v", ok, got)
	}
	// A function of a template (its role a token) is matched by session.
	tmpl := &inventory.Function{Resource: inventory.Resource{ID: "Refunds", Name: "refunds"}, Role: inventory.AttrToken("RefundsRole", "Arn")}
	if got, ok := tr.Activity(tmpl); !ok || len(got) != 1 || got[0].Action != "dynamodb:DeleteItem" {
		t.Errorf("template function: %v %+v", ok, got)
	}
	// A function of a template that names none: the name CloudFormation
	// gives it.
	tr.Add(record("orders-api-ReportsRole-1XK2", "orders-api-ReportsFunction-Q8Z1W0", "2026-12-02T12:00:00Z", "s3.amazonaws.com", "ListBuckets", "", "", ""), at)
	tr.Add(record("orders-api-ReportsRole-1XK2", "orders-api-ReportsFunctionTwo-Q8Z1W0", "2026-12-02T12:00:00Z", "s3.amazonaws.com", "ListObjects", `{"bucketName": "b"}`, "", ""), at)
	unnamed := &inventory.Function{Resource: inventory.Resource{ID: "ReportsFunction"}, Role: inventory.AttrToken("ReportsRole", "Arn")}
	if got, ok := tr.Activity(unnamed); !ok || len(got) != 1 || got[0].Action != "s3:ListAllMyBuckets" || got[0].Resource != "*" {
		t.Errorf("unnamed template function: %v %+v", ok, got)
	}
	// No record at all.
	if _, ok := tr.Activity(&inventory.Function{Resource: inventory.Resource{ID: "X", Name: "x"}, Role: "arn:aws:iam::111122223333:role/x"}); ok {
		t.Error("activity for a function with no record")
	}
	first, last2 := tr.Window()
	if first.Format("2006-01-02T15:04:05Z") != "2026-12-01T10:00:00Z" || last2.Format("2006-01-02T15:04:05Z") != "2026-12-02T12:00:00Z" {
		t.Errorf("window %v %v", first, last2)
	}
}

// FuzzTrailAdd checks that no record makes Trail.Add panic, and that
// what it keeps gives needs with an action.
func FuzzTrailAdd(f *testing.F) {
	f.Add(record("r", "fn", "2026-12-01T10:00:00Z", "s3.amazonaws.com", "GetObject", `{"bucketName": "b", "key": "k"}`, "", ""))
	f.Add(record("r", "fn", "2026-12-01T10:00:00Z", "sqs.amazonaws.com", "SendMessage", `{"queueUrl": "https://sqs.eu-west-1.amazonaws.com/1/q"}`, "", "AccessDenied"))
	f.Add([]byte(`{"userIdentity": {"type": "AssumedRole"}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		tr := needs.NewTrail()
		tr.Add(data, inventory.Source{File: "fuzz.json"})
		got, _ := tr.Activity(&inventory.Function{Resource: inventory.Resource{ID: "fn", Name: "fn"}, Role: "arn:aws:iam::111122223333:role/r"})
		for _, n := range got {
			if n.Action == "" || n.Resource == "" {
				t.Fatalf("need without action or resource: %+v", n)
			}
		}
	})
}
