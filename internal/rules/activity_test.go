package rules_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/lambdasec/lambdasec/internal/rules"
	"github.com/lambdasec/lambdasec/internal/trail"
)

// ctRecord is a CloudTrail record shaped like AWS's (the record contents
// reference), from an assumed role of account 111122223333 unless ident
// says otherwise.
func ctRecord(name, t string, params map[string]any, ident map[string]any) map[string]any {
	if ident == nil {
		ident = map[string]any{"type": "AssumedRole", "principalId": "AROA3EXAMPLEROLEID:alice",
			"arn": "arn:aws:sts::111122223333:assumed-role/deploy/alice", "accountId": "111122223333", "accessKeyId": "ASIA3EXAMPLEKEYID",
			"sessionContext": map[string]any{"sessionIssuer": map[string]any{"type": "Role", "principalId": "AROA3EXAMPLEROLEID",
				"arn": "arn:aws:iam::111122223333:role/deploy", "accountId": "111122223333", "userName": "deploy"},
				"attributes": map[string]any{"creationDate": "2026-12-05T09:00:00Z", "mfaAuthenticated": "false"}}}
	}
	return map[string]any{"eventVersion": "1.09", "userIdentity": ident, "eventTime": t, "eventSource": "lambda.amazonaws.com",
		"eventName": name, "awsRegion": "eu-west-1", "sourceIPAddress": "203.0.113.10", "userAgent": "aws-cli/2.15.0",
		"requestParameters": params, "responseElements": nil, "requestID": "req-" + name + t, "eventID": "id-" + name + t + fmt.Sprint(params),
		"readOnly": false, "eventType": "AwsApiCall", "managementEvent": true, "recipientAccountId": "111122223333", "eventCategory": "Management"}
}

var mallory = map[string]any{"type": "IAMUser", "principalId": "AIDA3EXAMPLEUSERID", "arn": "arn:aws:iam::111122223333:user/mallory", "accountId": "111122223333"}

func ctInvoke(t, caller string) map[string]any {
	r := ctRecord("Invoke", t, map[string]any{"functionName": "arn:aws:lambda:eu-west-1:111122223333:function:orders", "invocationType": "RequestResponse"},
		map[string]any{"type": "AssumedRole", "arn": "arn:aws:sts::" + caller + ":assumed-role/app/w", "accountId": caller})
	r["eventCategory"], r["managementEvent"] = "Data", false
	r["resources"] = []any{map[string]any{"accountId": "111122223333", "type": "AWS::Lambda::Function", "ARN": "arn:aws:lambda:eu-west-1:111122223333:function:orders"}}
	return r
}

func withError(r map[string]any) map[string]any { r["errorCode"] = "AccessDenied"; return r }

var created = ctRecord("CreateFunction20150331", "2026-12-05T09:00:00Z", map[string]any{"functionName": "orders", "role": "arn:aws:iam::111122223333:role/orders-role"}, nil)

// TestActivityEvents: each event of significance, one record that fires
// its rule (FAIL) and one that does not (PASS), through the real reader.
func TestActivityEvents(t *testing.T) {
	later := "2026-12-05T12:00:00Z"
	spike := []map[string]any{ctInvoke("2026-12-05T08:00:00Z", "111122223333"), ctInvoke("2026-12-05T09:00:00Z", "111122223333")}
	steady := append([]map[string]any(nil), spike...)
	for i := 0; i < 60; i++ {
		spike = append(spike, ctInvoke(fmt.Sprintf("2026-12-05T10:%02d:00Z", i), "111122223333"))
	}
	steady = append(steady, ctInvoke("2026-12-05T10:00:00Z", "111122223333"))
	var burst, few []map[string]any
	for i := 0; i < 6; i++ {
		burst = append(burst, withError(ctRecord("GetFunction20150331v2", fmt.Sprintf("2026-12-05T10:0%d:00Z", i), map[string]any{"functionName": "f"}, mallory)))
	}
	few = burst[:2]
	for _, c := range []struct {
		rule       string
		fire, calm []map[string]any
	}{
		{"LS801", []map[string]any{ctRecord("AddPermission20150331v2", later, map[string]any{"functionName": "orders", "statementId": "x", "principal": "*"}, nil)},
			[]map[string]any{ctRecord("AddPermission20150331v2", later, map[string]any{"functionName": "orders", "statementId": "x", "principal": "*", "principalOrgID": "o-a1b2c3d4e5"}, nil)}},
		{"LS802", []map[string]any{ctRecord("AddPermission20150331v2", later, map[string]any{"functionName": "orders", "principal": "444455556666"}, nil)},
			[]map[string]any{ctRecord("AddPermission20150331v2", later, map[string]any{"functionName": "orders", "principal": "111122223333"}, nil)}},
		{"LS803", []map[string]any{ctRecord("AddPermission20150331v2", later, map[string]any{"functionName": "orders", "principal": "s3.amazonaws.com"}, nil)},
			[]map[string]any{ctRecord("AddPermission20150331v2", later, map[string]any{"functionName": "orders", "principal": "s3.amazonaws.com", "sourceAccount": "111122223333"}, nil)}},
		{"LS804", []map[string]any{ctRecord("CreateFunctionUrlConfig20211031", later, map[string]any{"functionName": "orders", "authType": "NONE"}, nil)},
			[]map[string]any{ctRecord("CreateFunctionUrlConfig20211031", later, map[string]any{"functionName": "orders", "authType": "AWS_IAM"}, nil)}},
		{"LS805", []map[string]any{ctRecord("AddLayerVersionPermission20181031", later, map[string]any{"layerName": "l", "versionNumber": 1, "principal": "*"}, nil)},
			[]map[string]any{ctRecord("AddLayerVersionPermission20181031", later, map[string]any{"layerName": "l", "versionNumber": 1, "principal": "*", "organizationId": "o-a1b2c3d4e5"}, nil)}},
		{"LS806", []map[string]any{created, ctRecord("UpdateFunctionCode20150331v2", later, map[string]any{"functionName": "orders"}, mallory)},
			[]map[string]any{created, ctRecord("UpdateFunctionCode20150331v2", later, map[string]any{"functionName": "orders"}, nil)}},
		{"LS807", []map[string]any{ctRecord("UpdateFunctionConfiguration20150331v2", later, map[string]any{"functionName": "orders", "layers": []any{"arn:aws:lambda:eu-west-1:444455556666:layer:x:1"}}, nil)},
			[]map[string]any{ctRecord("UpdateFunctionConfiguration20150331v2", later, map[string]any{"functionName": "orders", "layers": []any{"arn:aws:lambda:eu-west-1:111122223333:layer:x:1"}}, nil)}},
		{"LS808", []map[string]any{created, ctRecord("UpdateFunctionConfiguration20150331v2", later, map[string]any{"functionName": "orders", "role": "arn:aws:iam::111122223333:role/admin"}, nil)},
			[]map[string]any{created, ctRecord("UpdateFunctionConfiguration20150331v2", later, map[string]any{"functionName": "orders", "role": "arn:aws:iam::111122223333:role/orders-role"}, nil)}},
		{"LS809", []map[string]any{ctRecord("UpdateFunctionConfiguration20150331v2", later, map[string]any{"functionName": "orders", "kMSKeyArn": ""}, nil)},
			[]map[string]any{ctRecord("UpdateFunctionConfiguration20150331v2", later, map[string]any{"functionName": "orders", "timeout": 30}, nil)}},
		{"LS810", []map[string]any{ctRecord("DeleteFunctionConcurrency20171031", later, map[string]any{"functionName": "orders"}, nil)},
			[]map[string]any{ctRecord("PutFunctionConcurrency20171031", later, map[string]any{"functionName": "orders", "reservedConcurrentExecutions": 5}, nil)}},
		{"LS811", []map[string]any{ctRecord("CreateEventSourceMapping20150331", later, map[string]any{"functionName": "orders", "eventSourceArn": "arn:aws:kinesis:eu-west-1:444455556666:stream/s"}, nil)},
			[]map[string]any{ctRecord("CreateEventSourceMapping20150331", later, map[string]any{"functionName": "orders", "eventSourceArn": "arn:aws:sqs:eu-west-1:111122223333:q"}, nil)}},
		{"LS812", []map[string]any{created, ctRecord("GetFunction20150331v2", later, map[string]any{"functionName": "orders"}, mallory)},
			[]map[string]any{created, ctRecord("GetFunction20150331v2", later, map[string]any{"functionName": "orders"}, nil)}},
		{"LS813", spike, steady},
		{"LS814", []map[string]any{ctInvoke(later, "444455556666")}, []map[string]any{ctInvoke(later, "111122223333")}},
		{"LS815", burst, few},
	} {
		r := rules.ByID(rules.All(), c.rule)
		for _, tc := range []struct {
			records []map[string]any
			want    rules.Status
		}{{c.fire, rules.Fail}, {c.calm, rules.Pass}} {
			data, _ := json.Marshal(map[string]any{"Records": tc.records})
			rd := trail.NewReader(trail.Options{})
			if err := rd.Read(c.rule+".json", bytes.NewReader(data)); err != nil {
				t.Fatal(err)
			}
			got := rules.Run(rd.Estates(), []*rules.Rule{r}, testNow, &rules.Config{})
			if len(got) != 1 || got[0].Status != tc.want {
				t.Errorf("%s: want one %s, got %d results", c.rule, tc.want, len(got))
				for _, f := range got {
					t.Logf("  %s %s: %s", f.Status, f.Resource, f.Message)
				}
			}
		}
	}
}

// TestDeniedBurstBeyondListed: LS815 finds a burst among the
// access-denied calls the reader counted but did not list (past
// DeniedListed), from their per-minute counts, and gives the count of
// every call.
func TestDeniedBurstBeyondListed(t *testing.T) {
	var recs []map[string]any
	for _, at := range []string{"2026-12-05T01:00:00Z", "2026-12-05T03:00:00Z", "2026-12-05T05:00:00Z"} {
		recs = append(recs, withError(ctRecord("GetPolicy20150331v2", at, map[string]any{"functionName": "f"}, mallory)))
	}
	for i := 0; i < 6; i++ {
		recs = append(recs, withError(ctRecord("GetFunction20150331v2", fmt.Sprintf("2026-12-05T10:0%d:30Z", i), map[string]any{"functionName": "f"}, mallory)))
	}
	for _, c := range []struct {
		listed int
		want   string
	}{
		{3, "6 access-denied Lambda calls within 10m0s from 2026-12-05T10:00:00Z (GetFunction), counted by the minute"},
		{100, "6 access-denied Lambda calls within 10m0s from 2026-12-05T10:00:30Z (GetFunction)"},
	} {
		data, _ := json.Marshal(map[string]any{"Records": recs})
		rd := trail.NewReader(trail.Options{DeniedListed: c.listed})
		if err := rd.Read("LS815.json", bytes.NewReader(data)); err != nil {
			t.Fatal(err)
		}
		got := rules.Run(rd.Estates(), []*rules.Rule{rules.ByID(rules.All(), "LS815")}, testNow, &rules.Config{})
		if len(got) != 1 || got[0].Status != rules.Fail || got[0].Message != c.want {
			t.Errorf("listed %d: want FAIL %q, got %+v", c.listed, c.want, got)
		}
	}
	// Without a burst, the count is of every call, listed or not.
	data, _ := json.Marshal(map[string]any{"Records": recs[:5]})
	rd := trail.NewReader(trail.Options{DeniedListed: 2})
	rd.Read("LS815.json", bytes.NewReader(data))
	got := rules.Run(rd.Estates(), []*rules.Rule{rules.ByID(rules.All(), "LS815")}, testNow, &rules.Config{})
	if len(got) != 1 || got[0].Status != rules.Pass || got[0].Message != "5 access-denied Lambda calls, no burst" {
		t.Errorf("want PASS with 5 calls, got %+v", got)
	}
}
