package code_test

import (
	"fmt"

	"github.com/lambdasec/lambdasec/internal/inventory"
	"github.com/lambdasec/lambdasec/internal/needs/code"
)

func ExampleAnalyzer_Calls() {
	src := []byte(`import os
import boto3 as b

table = b.resource("dynamodb").Table(os.environ["TABLE_NAME"])

def handler(event, context):
    table.put_item(Item=event)
    b.client("s3").list_objects_v2(Bucket=event["bucket"])
`)
	a := code.New(code.Options{})
	for _, c := range a.Calls("app.py", src) {
		fmt.Printf("%s:%d %s %v %s=%s\n", c.File, c.Line, c.Operation, c.Actions, c.Param, c.Resource)
	}
	// Output:
	// app.py:7 PutItem [dynamodb:PutItem] TableName=${env:TABLE_NAME}
	// app.py:8 ListObjectsV2 [s3:ListBucket] Bucket=<event["bucket"]>
}

func ExampleAnalyzer_Needs() {
	f := &inventory.Function{Resource: inventory.Resource{ID: "Fn", Region: "eu-west-1"},
		Environment: []inventory.EnvVar{{Name: "TABLE_NAME", Value: "orders"}}}
	a := code.New(code.Options{Estate: &inventory.Estate{Account: "111122223333"}})
	calls := a.Calls("index.mjs", []byte(`import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, GetCommand } from "@aws-sdk/lib-dynamodb";
const doc = DynamoDBDocumentClient.from(new DynamoDBClient({}));
export const handler = async (event) =>
  doc.send(new GetCommand({ TableName: process.env.TABLE_NAME, Key: { id: event.id } }));
export const other = async (event) =>
  doc.send(new GetCommand({ TableName: event.table, Key: { id: event.id } }));
`))
	for _, n := range a.Needs(f, calls) {
		fmt.Println(n.Action, inventory.Describe(n.Resource), "—", n.Reason)
	}
	// Output:
	// dynamodb:GetItem arn:aws:dynamodb:eu-west-1:111122223333:table/orders — SDK call dynamodb.GetCommand
	// dynamodb:GetItem arn:aws:dynamodb:eu-west-1:111122223333:table/<unresolved: event.table> — SDK call dynamodb.GetCommand; resource computed at run time: event.table
}
