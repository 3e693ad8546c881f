package code_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/lambdasec/lambdasec/internal/inventory"
	"github.com/lambdasec/lambdasec/internal/needs"
	"github.com/lambdasec/lambdasec/internal/needs/code"
)

const acct = "111122223333"

// testEstate is the estate the handlers of the table run in: a table and
// a bucket a template declares (their variables are Ref tokens), and
// variables holding literal names and ARNs.
func testEstate() (*inventory.Estate, *inventory.Function) {
	f := &inventory.Function{Resource: inventory.Resource{ID: "Handler", Name: "handler", Region: "eu-west-1"}}
	for _, kv := range [][2]string{
		{"TABLE_NAME", inventory.RefToken("OrdersTable")},
		{"REPORTS_BUCKET", inventory.RefToken("ReportsBucket")},
		{"BUCKET", "uploads-bucket"},
		{"QUEUE_URL", "https://sqs.eu-west-1.amazonaws.com/" + acct + "/jobs"},
		{"TOPIC_ARN", "arn:aws:sns:eu-west-1:" + acct + ":alerts"},
		{"SECRET_ID", "prod/db"},
		{"WORKER", "worker"},
		{"STATE_MACHINE_ARN", "arn:aws:states:eu-west-1:" + acct + ":stateMachine:orders"},
		{"STREAM", "clicks"},
		{"PARAM", "/app/prod/config"},
		{"KEY_ID", "1234abcd-12ab-34cd-56ef-1234567890ab"},
		{"BUS", "orders-bus"},
	} {
		f.Environment = append(f.Environment, inventory.EnvVar{Name: kv[0], Value: kv[1]})
	}
	e := &inventory.Estate{Kind: inventory.KindTemplate, Account: acct, Functions: []*inventory.Function{f}, Others: []*inventory.Other{
		{Resource: inventory.Resource{ID: "OrdersTable", ARN: "arn:aws:dynamodb:eu-west-1:" + acct + ":table/orders"}, Type: "AWS::DynamoDB::Table"},
		{Resource: inventory.Resource{ID: "ReportsBucket", ARN: "arn:aws:s3:::reports-bucket"}, Type: "AWS::S3::Bucket"},
	}}
	return e, f
}

// Shorthands for the resources of the table.
const (
	orders  = "arn:aws:dynamodb:eu-west-1:" + acct + ":table/orders"
	uploads = "arn:aws:s3:::uploads-bucket"
	reports = "arn:aws:s3:::reports-bucket"
	jobs    = "arn:aws:sqs:eu-west-1:" + acct + ":jobs"
	alerts  = "arn:aws:sns:eu-west-1:" + acct + ":alerts"
	region  = "arn:aws:%s:eu-west-1:" + acct + ":"
)

// arnOf writes an ARN of the test account and region.
func arnOf(svc, res string) string { return strings.Replace(region, "%s", svc, 1) + res }

// snippet is one handler of the table: its file name (the extension
// picks the language), its code, and every need it must yield as
// "action resource", the resource as inventory.Describe prints it. The
// actions listed are all the handler needs: one missing from the
// analysis, or one more, fails the test.
type snippet struct {
	name, file, src string
	want            []string
}

func TestSnippets(t *testing.T) {
	e, f := testEstate()
	a := code.New(code.Options{Estate: e})
	if n := len(snippets); n < 60 {
		t.Errorf("%d snippets; the table is meant to hold at least 60", n)
	}
	langs := map[string]int{}
	for _, sn := range snippets {
		langs[sn.file[strings.LastIndex(sn.file, ".")+1:]]++
		t.Run(sn.name, func(t *testing.T) {
			calls := a.Calls(sn.file, []byte(sn.src))
			got := a.Needs(f, calls)
			var have []string
			for _, n := range got {
				have = append(have, n.Action+" "+inventory.Describe(n.Resource))
				if n.File != sn.file || n.Line < 1 {
					t.Errorf("%s: evidence at %s:%d, want a line of %s", n.Action, n.File, n.Line, sn.file)
				}
				if n.Resource == "*" && !strings.Contains(n.Reason, "\"*\"") && !strings.Contains(n.Reason, "no resource") && !strings.Contains(n.Reason, "narrow it by hand") {
					t.Errorf("%s on * without saying why: %q", n.Action, n.Reason)
				}
				if inventory.IsUnresolved(n.Resource) && !strings.Contains(n.Reason, "run time") && !strings.Contains(n.Reason, "not set") && !strings.Contains(n.Reason, "not seen") && !strings.Contains(n.Reason, "ciphertext") && !strings.Contains(n.Reason, "endpoint") && !strings.Contains(n.Reason, "default") {
					t.Errorf("%s on a placeholder (%s) without saying why: %q", n.Action, inventory.Describe(n.Resource), n.Reason)
				}
			}
			for _, w := range sn.want {
				if !slices.Contains(have, w) {
					t.Errorf("missing need %q\nhave %q", w, have)
				}
			}
			wantActions, haveActions := actions(sn.want), actions(have)
			for _, a := range haveActions {
				if !slices.Contains(wantActions, a) {
					t.Errorf("need for %s the handler does not call (have %q)", a, have)
				}
			}
		})
	}
	for _, l := range []string{"py", "js", "ts", "go"} {
		if langs[l] < 5 {
			t.Errorf("only %d .%s snippets", langs[l], l)
		}
	}
}

// actions returns the distinct actions of "action resource" strings.
func actions(needs []string) []string {
	var out []string
	for _, n := range needs {
		a, _, _ := strings.Cut(n, " ")
		if !slices.Contains(out, a) {
			out = append(out, a)
		}
	}
	return out
}

// TestCodeSource runs the analysis through needs.CodeSource on a
// function whose code is a directory, and on one with inline code.
func TestCodeSource(t *testing.T) {
	e, f := testEstate()
	dir := t.TempDir()
	writeFile(t, dir, "app.py", "import boto3\nimport os\n\ndef handler(event, context):\n    boto3.client('sqs').send_message(QueueUrl=os.environ['QUEUE_URL'], MessageBody='x')\n")
	writeFile(t, dir, "lib/store.py", "import boto3, os\ntable = boto3.resource('dynamodb').Table(os.environ['TABLE_NAME'])\ndef save(item):\n    table.put_item(Item=item)\n")
	writeFile(t, dir, "node_modules/aws-sdk/clients/s3.js", "const s3 = new AWS.S3(); s3.deleteBucket({Bucket: 'x'});\n")
	writeFile(t, dir, "botocore/client.py", "import boto3\nboto3.client('iam').create_user(UserName='x')\n")
	writeFile(t, dir, "README.md", "boto3.client('s3').delete_bucket(Bucket='x')\n")
	f.Code = &inventory.Code{LocalPath: dir}
	var src needs.CodeSource = code.New(code.Options{Estate: e})
	got, ok := src.Code(f)
	if !ok {
		t.Fatal("Code: no code read")
	}
	var have []string
	for _, n := range got {
		have = append(have, n.Action+" "+n.Resource+" "+n.File)
	}
	slices.Sort(have)
	want := []string{
		"dynamodb:PutItem " + orders + " " + dir + "/lib/store.py",
		"sqs:SendMessage " + jobs + " " + dir + "/app.py",
	}
	if !slices.Equal(have, want) {
		t.Errorf("needs\n%q\nwant\n%q", have, want)
	}

	inline := &inventory.Function{Resource: f.Resource, Runtime: "nodejs20.x", Environment: f.Environment,
		Code: &inventory.Code{Inline: "const AWS = require('aws-sdk');\nexports.handler = async () => {\n  await new AWS.SNS().publish({ TopicArn: process.env.TOPIC_ARN, Message: 'x' }).promise();\n};\n",
			Source: inventory.Source{File: "template.yaml", Line: 20}}}
	got, ok = src.Code(inline)
	if !ok || len(got) != 1 || got[0].Action != "sns:Publish" || got[0].Resource != alerts || got[0].File != "template.yaml" || got[0].Line != 23 {
		t.Errorf("inline code: ok %v, needs %+v; want sns:Publish on %s at template.yaml:23", ok, got, alerts)
	}

	for _, c := range []*inventory.Function{
		{Resource: f.Resource},
		{Resource: f.Resource, Code: &inventory.Code{S3URI: "s3://b/k.zip"}},
		{Resource: f.Resource, Code: &inventory.Code{LocalPath: t.TempDir()}},
		{Resource: f.Resource, Runtime: "java21", Code: &inventory.Code{Inline: "class A {}"}},
	} {
		if got, ok := src.Code(c); ok || len(got) > 0 {
			t.Errorf("%+v: ok %v, needs %v; want no code read", c.Code, ok, got)
		}
	}
}
