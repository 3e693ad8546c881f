package code

import (
	"bytes"
	"reflect"
	"strings"
	"testing"
)

// checkCalls is the contract every language's analysis keeps, whatever
// its input: no panic; the same input gives the same calls; every call
// names the file it was given, a line of the input, a service and an
// operation, and actions of the form "service:Action" (none only for
// operations that need no permission).
func checkCalls(t *testing.T, name string, src []byte, calls []Call, again []Call) {
	t.Helper()
	if !reflect.DeepEqual(calls, again) {
		t.Fatalf("two analyses of the same input differ:\n%+v\n%+v", calls, again)
	}
	lines := bytes.Count(src, []byte("\n")) + 1
	for _, c := range calls {
		if c.File != name || c.Line < 1 || c.Line > lines {
			t.Errorf("call %s.%s at %s:%d: not a line of the %d-line input", c.Service, c.Operation, c.File, c.Line, lines)
		}
		if c.Service == "" || c.Operation == "" {
			t.Errorf("call at line %d without service or operation: %+v", c.Line, c)
		}
		for _, a := range c.Actions {
			svc, act, ok := strings.Cut(a, ":")
			if !ok || svc == "" || act == "" {
				t.Errorf("call %s.%s: action %q is not service:Action", c.Service, c.Operation, a)
			}
		}
	}
}

// checkTokens checks the tokenizer: tokens in order, inside the input,
// on non-decreasing lines no greater than the input's.
func checkTokens(t *testing.T, src []byte, l lang) {
	t.Helper()
	toks := tokenize(string(src), l)
	lines := bytes.Count(src, []byte("\n")) + 1
	prev := lexeme{}
	for i, tk := range toks {
		if tk.start < 0 || tk.end > len(src) || tk.start > tk.end || i > 0 && tk.start < prev.end {
			t.Fatalf("token %d %q at [%d,%d) after [%d,%d) in %d bytes", i, tk.text, tk.start, tk.end, prev.start, prev.end, len(src))
		}
		if tk.line < 1 || tk.line > lines || tk.line < prev.line {
			t.Fatalf("token %d %q on line %d after line %d (%d lines)", i, tk.text, tk.line, prev.line, lines)
		}
		prev = tk
	}
}

var fuzzAnalyzer = New(Options{})

func FuzzPython(f *testing.F) {
	for _, s := range []string{
		"import boto3\ns3 = boto3.client('s3')\ns3.put_object(Bucket='b', Key=f'{x!r:>{w}}')\n",
		"from boto3 import resource as r\nt = r('dynamodb').Table(os.environ['T'])\nt.put_item(Item={})\n",
		"def c():\n    return boto3.client('sqs')\nc().send_message(QueueUrl=\"\"\"u\n\"\"\", **{'A': 1})\n",
		"x = f'{\"nested\" + f\"{y}\"}' # comment\nboto3.client(\n",
		"class A:\n  def __init__(self):\n    self.t = boto3.resource('dynamodb').Table('x')\n  def f(self): self.t.query()\n",
		"s = rb'\\'' + '''\n''' \\\n + u\"\\\"\"\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		checkTokens(t, src, langPython)
		checkCalls(t, "app.py", src, fuzzAnalyzer.Calls("app.py", src), fuzzAnalyzer.Calls("app.py", src))
	})
}

func FuzzJavaScript(f *testing.F) {
	for _, s := range []string{
		"import { S3Client, PutObjectCommand as P } from '@aws-sdk/client-s3';\nnew P({ Bucket: process.env.B, Key: `a/${x}` });\n",
		"const AWS = require('aws-sdk');\nconst d = new AWS.DynamoDB.DocumentClient();\nd.put({ TableName: T }).promise();\n",
		"const { DynamoDBDocumentClient: D } = require('@aws-sdk/lib-dynamodb');\nconst c = D.from(x);\nconst r = /a[/]b/g; x = a / b / c;\n",
		"`${`${`${a}`}`}` /* unterminated",
		"class R { private readonly c = new S3({}); async f(): Promise<void> { await this.c.getObject({ Bucket: 'b' }); } }\n",
		"#!/usr/bin/env node\nlet x = a?.b ?? c; #p = 1;\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		checkTokens(t, src, langJS)
		checkCalls(t, "app.ts", src, fuzzAnalyzer.Calls("app.ts", src), fuzzAnalyzer.Calls("app.ts", src))
	})
}

func FuzzGo(f *testing.F) {
	for _, s := range []string{
		"package main\nimport (\"os\"\n\"github.com/aws/aws-sdk-go-v2/aws\"\n\"github.com/aws/aws-sdk-go-v2/service/s3\")\nfunc h() { c := s3.NewFromConfig(cfg); c.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String(os.Getenv(\"B\"))}) }\n",
		"package p\nimport d \"github.com/aws/aws-sdk-go-v2/service/dynamodb\"\nvar t = \"a\" + \"b\"\nfunc f() { x.TransactWriteItems(ctx, &d.TransactWriteItemsInput{TransactItems: []T{{Put: &P{TableName: &t}}}}) }\n",
		"package p\nimport \"github.com/aws/aws-sdk-go-v2/service/s3\"\ntype a struct{ c *s3.Client }\nfunc (x a) f() { x.c.ListBuckets(ctx, nil) }\n",
		"package p\nimport \"github.com/aws/aws-sdk-go-v2/service/s3\"\nfunc f() { s3.PutObjectInput{",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		checkCalls(t, "main.go", src, fuzzAnalyzer.Calls("main.go", src), fuzzAnalyzer.Calls("main.go", src))
	})
}
