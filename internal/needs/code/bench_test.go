package code_test

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lambdasec/lambdasec/internal/inventory"
	"github.com/lambdasec/lambdasec/internal/needs/code"
)

// handlerLines is the length of each generated handler.
const handlerLines = 200

// genHandler writes a handler of about handlerLines lines in the
// language of ext: a few SDK clients, calls with literal, environment
// and computed resources, helpers and plain business logic between them.
func genHandler(i int, ext string) string {
	var b strings.Builder
	lines := 0
	line := func(format string, args ...any) {
		fmt.Fprintf(&b, format+"\n", args...)
		lines++
	}
	switch ext {
	case "py":
		line("import json\nimport os\n\nimport boto3\n")
		lines += 4
		line("s3 = boto3.client('s3')")
		line("table = boto3.resource('dynamodb').Table(os.environ['TABLE_NAME'])")
		line("def _sqs():\n    return boto3.client('sqs')")
		lines++
		for k := 0; lines < handlerLines-8; k++ {
			line("\n\ndef step_%d(event, context):", k)
			lines += 2
			line("    total = sum(int(x) for x in event.get('items', []))  # step %d of handler %d", k, i)
			line("    label = f\"order-{event['id']}-{total}\"")
			switch k % 4 {
			case 0:
				line("    s3.put_object(Bucket=os.environ['BUCKET'], Key=f'out/{label}.json', Body=json.dumps(event))")
			case 1:
				line("    table.put_item(Item={'id': label, 'total': total})")
			case 2:
				line("    _sqs().send_message(QueueUrl=os.environ['QUEUE_URL'], MessageBody=label)")
			case 3:
				line("    boto3.client('dynamodb').get_item(TableName=event['table'], Key={'id': {'S': label}})")
			}
			line("    if total > 100:\n        print('large order', label)")
			lines++
			line("    return {'statusCode': 200, 'body': json.dumps({'label': label})}")
		}
	case "js":
		line("import { S3Client, PutObjectCommand } from '@aws-sdk/client-s3';")
		line("import { DynamoDBClient } from '@aws-sdk/client-dynamodb';")
		line("import { DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';")
		line("const s3 = new S3Client({});\nconst doc = DynamoDBDocumentClient.from(new DynamoDBClient({}));")
		lines++
		for k := 0; lines < handlerLines-8; k++ {
			line("\nexport const step%d = async (event) => {", k)
			lines++
			line("  const total = (event.items ?? []).reduce((a, x) => a + Number(x), 0); // step %d of %d", k, i)
			line("  const label = `order-${event.id}-${total}`;")
			switch k % 3 {
			case 0:
				line("  await s3.send(new PutObjectCommand({ Bucket: process.env.BUCKET, Key: `out/${label}.json`, Body: JSON.stringify(event) }));")
			case 1:
				line("  await doc.send(new PutCommand({ TableName: process.env.TABLE_NAME, Item: { id: label, total } }));")
			case 2:
				line("  await doc.send(new QueryCommand({ TableName: event.table, KeyConditionExpression: 'id = :i', ExpressionAttributeValues: { ':i': label } }));")
			}
			line("  if (total > 100) {\n    console.log('large order', label);\n  }")
			lines += 2
			line("  return { statusCode: 200, body: JSON.stringify({ label }) };\n};")
			lines++
		}
	case "go":
		line("package main\n\nimport (\n\t\"context\"\n\t\"fmt\"\n\t\"os\"\n")
		lines += 6
		line("\t\"github.com/aws/aws-sdk-go-v2/aws\"\n\t\"github.com/aws/aws-sdk-go-v2/service/dynamodb\"\n\t\"github.com/aws/aws-sdk-go-v2/service/s3\"\n)\n")
		lines += 4
		line("type app struct {\n\ts3 *s3.Client\n\tdb *dynamodb.Client\n}")
		lines += 3
		for k := 0; lines < handlerLines-10; k++ {
			line("\nfunc (a *app) step%d(ctx context.Context, id string, items []int) error {", k)
			lines++
			line("\ttotal := 0\n\tfor _, x := range items {\n\t\ttotal += x\n\t}")
			lines += 3
			line("\tlabel := fmt.Sprintf(\"order-%%s-%%d\", id, total) // step %d of %d", k, i)
			if k%2 == 0 {
				line("\t_, err := a.s3.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String(os.Getenv(\"BUCKET\")), Key: aws.String(\"out/\" + label)})")
			} else {
				line("\t_, err := a.db.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String(os.Getenv(\"TABLE_NAME\"))})")
			}
			line("\treturn err\n}")
			lines++
		}
	}
	for lines < handlerLines {
		if ext == "py" {
			line("# padding line %d", lines)
		} else {
			line("// padding line %d", lines)
		}
	}
	return b.String()
}

// BenchmarkAnalyzeEstate analyses the code of a generated estate of
// 1,000 functions (a third each in Python, JavaScript and Go), each in
// its own directory with one 200-line handler, and reports functions
// analysed per second. Each iteration starts a new Analyzer, so every
// directory is read and parsed again.
func BenchmarkAnalyzeEstate(b *testing.B) {
	const n = 1000
	dir := b.TempDir()
	e := &inventory.Estate{Kind: inventory.KindTemplate, Account: acct}
	exts := []string{"py", "js", "go"}
	for i := range n {
		ext := exts[i%3]
		name := map[string]string{"py": "app.py", "js": "index.mjs", "go": "main.go"}[ext]
		fdir := filepath.Join(dir, fmt.Sprintf("fn%04d", i))
		writeFile(b, fdir, name, genHandler(i, ext))
		e.Functions = append(e.Functions, &inventory.Function{
			Resource:    inventory.Resource{ID: fmt.Sprintf("Fn%d", i), Region: "eu-west-1"},
			Environment: []inventory.EnvVar{{Name: "TABLE_NAME", Value: "orders"}, {Name: "BUCKET", Value: "uploads"}, {Name: "QUEUE_URL", Value: "https://sqs.eu-west-1.amazonaws.com/" + acct + "/jobs"}},
			Code:        &inventory.Code{LocalPath: fdir},
		})
	}
	b.ReportAllocs()
	b.ResetTimer()
	needsFound := 0
	for b.Loop() {
		a := code.New(code.Options{Estate: e})
		needsFound = 0
		for _, f := range e.Functions {
			got, ok := a.Code(f)
			if !ok || len(got) == 0 {
				b.Fatalf("%s: no needs found", f.ID)
			}
			needsFound += len(got)
		}
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "functions/s")
	b.ReportMetric(float64(needsFound)/n, "needs/function")
}

// TestGeneratedHandlers checks that the benchmark's handlers are the
// length it claims and hold the calls it means them to.
func TestGeneratedHandlers(t *testing.T) {
	a := code.New(code.Options{})
	for i, ext := range []string{"py", "js", "go"} {
		src := genHandler(i, ext)
		if got := strings.Count(src, "\n"); got < handlerLines || got > handlerLines+5 {
			t.Errorf("%s handler: %d lines, want about %d", ext, got, handlerLines)
		}
		if calls := a.Calls("handler."+map[string]string{"py": "py", "js": "mjs", "go": "go"}[ext], []byte(src)); len(calls) < 10 {
			t.Errorf("%s handler: %d calls found, want at least 10", ext, len(calls))
		}
	}
}
