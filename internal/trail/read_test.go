package trail

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/lambdasec/lambdasec/internal/inventory"
)

// logFile is a log file as S3 delivers it, with management events,
// an errorCode record, a data event and a record of another service.
func logFile(t *testing.T) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "lambda-events.json"))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func gz(t *testing.T, data []byte) []byte {
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	zw.Write(data)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func write(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestReadS3Layout reads a directory tree in the S3 layout: the log file
// delivered twice (its records deduplicated on eventID), an organization
// trail's copy, a digest and an Insights file left out.
func TestReadS3Layout(t *testing.T) {
	dir := t.TempDir()
	data := gz(t, logFile(t))
	day := filepath.Join("CloudTrail", "eu-west-1", "2026", "12", "05")
	write(t, filepath.Join(dir, "AWSLogs", "111122223333", day, "111122223333_CloudTrail_eu-west-1_20261205T1025Z_a.json.gz"), data)
	write(t, filepath.Join(dir, "AWSLogs", "o-a1b2c3d4e5", "111122223333", day, "111122223333_CloudTrail_eu-west-1_20261205T1025Z_b.json.gz"), data)
	write(t, filepath.Join(dir, "AWSLogs", "111122223333", "CloudTrail-Digest", "eu-west-1", "2026", "12", "05", "d.json.gz"), []byte("not a log file"))
	write(t, filepath.Join(dir, "AWSLogs", "111122223333", "CloudTrail-Insight", "eu-west-1", "2026", "12", "05", "i.json.gz"), []byte("not a log file"))
	r := NewReader(Options{Workers: 2})
	if err := r.ReadPaths(context.Background(), []string{dir}); err != nil {
		t.Fatal(err)
	}
	if p := r.Problems(); len(p) > 0 {
		t.Fatalf("problems: %v", p)
	}
	st := r.Stats()
	if st.Files != 2 || st.Records != 12 || st.Lambda != 5 || st.Duplicates != 5 {
		t.Errorf("stats %+v, want 2 files, 12 records, 5 Lambda events kept, 5 duplicates", st)
	}
	es := r.Estates()
	if len(es) != 1 || es[0].Kind != inventory.KindActivity || es[0].Account != "111122223333" {
		t.Fatalf("estates %+v", es)
	}
	e := es[0]
	var ops []string
	for _, ev := range e.Events {
		ops = append(ops, ev.Operation)
	}
	if got := strings.Join(ops, " "); got != "AddPermission CreateFunctionUrlConfig AddLayerVersionPermission GetFunction" {
		t.Errorf("operations %q", got)
	}
	add := e.Events[0]
	if add.Name != "AddPermission20150331v2" || add.Actor.Issuer != "arn:aws:iam::111122223333:role/deploy" ||
		add.Actor.SourceIP != "203.0.113.10" || Str(add.Request, "principal") != "s3.amazonaws.com" ||
		!strings.HasSuffix(add.At.File, filepath.Join("111122223333", day, "111122223333_CloudTrail_eu-west-1_20261205T1025Z_a.json.gz")) || add.At.LogicalID != "Records[1]" {
		t.Errorf("AddPermission event %+v", add)
	}
	if e.Events[3].ErrorCode != "AccessDenied" || !e.Events[3].ReadOnly {
		t.Errorf("GetFunction event %+v", e.Events[3])
	}
	if len(e.Invocations) != 1 || e.Invocations[0].Caller != "444455556666" || e.Invocations[0].Count != 1 ||
		e.Invocations[0].Function != "arn:aws:lambda:eu-west-1:111122223333:function:orders" {
		t.Errorf("invocations %+v", e.Invocations)
	}
}

// TestReadForms: a JSON array and JSON lines give the same events as the
// log file; --since drops what is earlier.
func TestReadForms(t *testing.T) {
	var file struct{ Records []json.RawMessage }
	if err := json.Unmarshal(logFile(t), &file); err != nil {
		t.Fatal(err)
	}
	arr, _ := json.Marshal(file.Records)
	var lines bytes.Buffer
	for _, r := range file.Records {
		lines.Write(r)
		lines.WriteByte('\n')
	}
	for name, data := range map[string][]byte{"array.json": arr, "lines.jsonl": lines.Bytes(), "log.json": logFile(t)} {
		r := NewReader(Options{})
		if err := r.Read(name, bytes.NewReader(data)); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if st := r.Stats(); st.Records != 6 || st.Lambda != 5 {
			t.Errorf("%s: stats %+v", name, st)
		}
	}
	r := NewReader(Options{Since: time.Date(2026, 12, 5, 10, 21, 0, 0, time.UTC)})
	if err := r.Read("log.json", bytes.NewReader(logFile(t))); err != nil {
		t.Fatal(err)
	}
	if st := r.Stats(); st.Lambda != 3 {
		t.Errorf("--since kept %d events, want 3", st.Lambda)
	}
}

// TestReadBadInput: a broken file says which file and record, keeps the
// records before it, and another file still reads.
func TestReadBadInput(t *testing.T) {
	dir := t.TempDir()
	good := logFile(t)
	cut := bytes.Index(good, []byte(`"eventName": "CreateFunctionUrlConfig`))
	write(t, filepath.Join(dir, "a-truncated.json"), good[:cut])
	write(t, filepath.Join(dir, "b-bad-time.json"), []byte(`{"Records":[{"eventSource":"lambda.amazonaws.com","eventName":"AddPermission20150331v2","eventTime":"yesterday","eventID":"x"}]}`))
	write(t, filepath.Join(dir, "c-not-gzip.json.gz"), []byte{0x1f, 0x8b, 0, 0})
	write(t, filepath.Join(dir, "d-good.json"), good)
	r := NewReader(Options{})
	if err := r.ReadPaths(context.Background(), []string{dir}); err != nil {
		t.Fatal(err)
	}
	p := r.Problems()
	if len(p) != 3 {
		t.Fatalf("problems %v, want 3", p)
	}
	for i, want := range []string{"Records[2]: unexpected end of input", `eventTime "yesterday" is not a date`, "c-not-gzip.json.gz"} {
		if !strings.Contains(p[i].Error(), want) {
			t.Errorf("problem %d = %q, want it to say %q", i, p[i].Error(), want)
		}
	}
	if st := r.Stats(); st.Lambda != 5 {
		t.Errorf("kept %d events, want the good file's 5 (the truncated file's first Lambda record is a duplicate)", st.Lambda)
	}
}

// TestReadLake reads CloudTrail Lake query results: whole records in an
// eventJson column, and flat columns with Lake's {k=v} rendering.
func TestReadLake(t *testing.T) {
	var file struct{ Records []json.RawMessage }
	if err := json.Unmarshal(logFile(t), &file); err != nil {
		t.Fatal(err)
	}
	var csvWhole bytes.Buffer
	csvWhole.WriteString("eventJson\n")
	for _, rec := range file.Records {
		csvWhole.WriteString(`"` + strings.ReplaceAll(string(rec), `"`, `""`) + "\"\n")
	}
	flat := "eventID,eventTime,eventSource,eventName,awsRegion,recipientAccountId,userIdentity,sourceIPAddress,requestParameters\n" +
		`11111111-2222-3333-4444-555555555555,2026-12-05T10:15:02Z,lambda.amazonaws.com,AddPermission20150331v2,eu-west-1,111122223333,` +
		`"{type=AssumedRole, principalid=AROA3EXAMPLEROLEID:alice, arn=arn:aws:sts::111122223333:assumed-role/deploy/alice, accountid=111122223333, sessioncontext={sessionissuer={type=Role, arn=arn:aws:iam::111122223333:role/deploy}}}",` +
		`203.0.113.10,"{functionName=orders, statementId=open, action=lambda:InvokeFunction, principal=*}"` + "\n" +
		`66666666-2222-3333-4444-555555555555,2026-12-05T10:15:03Z,s3.amazonaws.com,PutObject,eu-west-1,111122223333,{},203.0.113.10,{}` + "\n"
	dir := t.TempDir()
	write(t, filepath.Join(dir, "whole", "result_1.csv.gz"), gz(t, csvWhole.Bytes()))
	write(t, filepath.Join(dir, "flat", "result_1.csv"), []byte(flat))
	r := NewReader(Options{})
	if err := r.ReadPaths(context.Background(), []string{filepath.Join(dir, "whole")}); err != nil {
		t.Fatal(err)
	}
	if st := r.Stats(); st.Records != 6 || st.Lambda != 5 || len(r.Problems()) > 0 {
		t.Errorf("eventJson CSV: stats %+v, problems %v", st, r.Problems())
	}
	r = NewReader(Options{})
	if err := r.ReadPaths(context.Background(), []string{filepath.Join(dir, "flat")}); err != nil {
		t.Fatal(err)
	}
	es := r.Estates()
	if len(r.Problems()) > 0 || len(es) != 1 || len(es[0].Events) != 1 {
		t.Fatalf("flat CSV: problems %v, estates %+v", r.Problems(), es)
	}
	ev := es[0].Events[0]
	if ev.Operation != "AddPermission" || Str(ev.Request, "principal") != "*" || ev.Actor.Issuer != "arn:aws:iam::111122223333:role/deploy" || ev.At.Line != 2 {
		t.Errorf("flat CSV event %+v", ev)
	}
}

func TestFunctionARN(t *testing.T) {
	ev := &inventory.Event{Region: "eu-west-1", Account: "111122223333", Actor: inventory.Actor{ARN: "arn:aws-cn:sts::111122223333:assumed-role/r/s"}}
	for name, want := range map[string]string{
		"orders":                       "arn:aws-cn:lambda:eu-west-1:111122223333:function:orders",
		"orders:prod":                  "arn:aws-cn:lambda:eu-west-1:111122223333:function:orders",
		"444455556666:function:orders": "arn:aws-cn:lambda:eu-west-1:444455556666:function:orders",
		"arn:aws:lambda:us-east-1:444455556666:function:f:3": "arn:aws:lambda:us-east-1:444455556666:function:f",
	} {
		ev.Request = map[string]any{"functionName": name}
		if got := FunctionARN(ev); got != want {
			t.Errorf("FunctionARN(%q) = %q, want %q", name, got, want)
		}
	}
}

// TestRepeatedReads: GetFunction reads of one function by one principal
// are kept once, the earliest, whichever file is read first; another
// principal's read is kept too.
func TestRepeatedReads(t *testing.T) {
	get := func(id, at, who string) string {
		return `{"eventSource":"lambda.amazonaws.com","eventName":"GetFunction20150331v2","eventTime":"` + at + `","eventID":"` + id +
			`","awsRegion":"eu-west-1","recipientAccountId":"111122223333","userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::111122223333:user/` + who +
			`","accountId":"111122223333"},"requestParameters":{"functionName":"orders"},"readOnly":true,"eventCategory":"Management"}`
	}
	r := NewReader(Options{})
	r.Read("late.json", strings.NewReader(`{"Records":[`+get("b", "2026-12-05T11:00:00Z", "eve")+`,`+get("c", "2026-12-05T12:00:00Z", "eve")+`]}`))
	r.Read("early.json", strings.NewReader(`{"Records":[`+get("a", "2026-12-05T10:00:00Z", "eve")+`,`+get("d", "2026-12-05T10:30:00Z", "bob")+`]}`))
	es := r.Estates()
	if len(es) != 1 || len(es[0].Events) != 2 || es[0].Events[0].ID != "a" || es[0].Events[1].ID != "d" {
		t.Fatalf("estates %+v", es)
	}
	if st := r.Stats(); st.Repeats != 2 || st.Lambda != 4 {
		t.Errorf("stats %+v, want 2 repeats of 4 reads", st)
	}
}
