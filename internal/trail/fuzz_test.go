package trail

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/lambdasec/lambdasec/internal/inventory"
)

// FuzzRead: the record parser never panics, and every error it returns
// names the file it read.
func FuzzRead(f *testing.F) {
	f.Add([]byte(`{"Records":[{"eventSource":"lambda.amazonaws.com","eventName":"AddPermission20150331v2","eventTime":"2026-12-05T10:15:02Z","eventID":"a","requestParameters":{"principal":"*"}}]}`))
	f.Add([]byte(`[{"eventSource":"lambda.amazonaws.com","eventName":"Invoke","eventTime":"2026-12-05T10:15:02Z","eventCategory":"Data","resources":[{"type":"AWS::Lambda::Function","ARN":"arn:aws:lambda:eu-west-1:1:function:f"}]}]`))
	f.Add([]byte("{\"eventSource\":\"lambda.amazonaws.com\"}\n{\"eventName\":1}\n"))
	f.Add([]byte(`{"Records":[{"eventSource":"lambda.amazonaws.com","eventName":"X","eventTime":"2026-12-05T10:15:02Z","requestParameters":{"functionName":"arn:aws:lambda:::function"}}],"x":[`))
	f.Fuzz(func(t *testing.T, data []byte) {
		r := NewReader(Options{})
		if err := r.Read("fuzz.json", bytes.NewReader(data)); err != nil && !strings.HasPrefix(err.Error(), "fuzz.json") {
			t.Fatalf("error does not name the file: %v", err)
		}
		for _, e := range r.Estates() {
			for _, ev := range e.Events {
				_ = FunctionARN(ev)
			}
		}
		_, _ = ParseRecord(data, inventory.Source{File: "fuzz.json"})
	})
}

// FuzzReadLake: the Lake CSV reader never panics, and its errors name the
// file.
func FuzzReadLake(f *testing.F) {
	f.Add([]byte("eventJson\n\"{\"\"eventSource\"\":\"\"lambda.amazonaws.com\"\",\"\"eventName\"\":\"\"GetFunction20150331v2\"\",\"\"eventTime\"\":\"\"2026-12-05T10:15:02Z\"\"}\"\n"))
	f.Add([]byte("eventName,eventSource,eventTime,requestParameters,userIdentity.arn\nAddPermission20150331v2,lambda.amazonaws.com,2026-12-05T10:15:02Z,\"{principal=*, layers=[a, b], x={y={z=1}}}\",arn:aws:iam::1:user/u\n"))
	f.Add([]byte("eventName\n\"unterminated"))
	f.Fuzz(func(t *testing.T, data []byte) {
		r := NewReader(Options{})
		if err := r.ReadLake("result_1.csv", bytes.NewReader(data)); err != nil && !strings.HasPrefix(err.Error(), "result_1.csv") {
			t.Fatalf("error does not name the file: %v", err)
		}
		for _, p := range r.Problems() {
			if p.File != "result_1.csv" {
				t.Fatalf("problem without the file: %v", p)
			}
		}
		r.Estates()
	})
}

// FuzzSplit: on a log file encoding/json accepts, the splitter yields
// exactly the records json.Unmarshal finds, in order, whatever the
// buffer boundaries (a small first buffer forces refills mid-string and
// mid-escape).
func FuzzSplit(f *testing.F) {
	f.Add([]byte(`{"Records":[{"a":"x\"}y","b":[1,{"c":"\\"}]},{}]}`), uint16(1))
	f.Add([]byte(` { "Records" : [ ] } `), uint16(3))
	f.Add([]byte(`{"Records":[{"eventSource":"lambda.amazonaws.com","k":"\\\\\""}]}`), uint16(7))
	f.Fuzz(func(t *testing.T, data []byte, bufSize uint16) {
		var doc struct{ Records []json.RawMessage }
		if !recordsFile.Match(data) || json.Unmarshal(data, &doc) != nil || !json.Valid(data) {
			return
		}
		var top map[string]json.RawMessage
		if json.Unmarshal(data, &top) != nil || len(top) != 1 {
			return // a second key (or "records" spelled otherwise) is not what S3 delivers
		}
		if _, ok := top["Records"]; !ok {
			return
		}
		for _, r := range doc.Records {
			if r[0] != '{' {
				return // a record that is not an object is an error of the splitter's (tested elsewhere)
			}
		}
		sp := &splitter{r: bytes.NewReader(data), buf: make([]byte, 0, int(bufSize%64)+1)}
		if err := sp.open(); err != nil {
			t.Fatalf("open: %v", err)
		}
		for i := 0; ; i++ {
			rec, err := sp.record()
			if err != nil {
				t.Fatalf("record %d: %v", i, err)
			}
			if rec == nil {
				if i != len(doc.Records) {
					t.Fatalf("%d records, json found %d", i, len(doc.Records))
				}
				return
			}
			if i >= len(doc.Records) || !bytes.Equal(rec, doc.Records[i]) {
				t.Fatalf("record %d = %q, json found %q", i, rec, doc.Records[min(i, len(doc.Records)-1)])
			}
		}
	})
}
