// Package code finds the AWS SDK calls in a Lambda function's handler
// code and turns them into needs (internal/needs): the IAM actions each
// call requires, on the resources it names.
//
// It reads Python (boto3: clients, service resources and their
// sub-resources such as Table and Bucket, sessions, paginators, waiters,
// the S3 transfer methods), JavaScript and TypeScript (the SDK for
// JavaScript v3's commands, its aggregated clients, paginators and
// waiters, lib-dynamodb and lib-storage; v2's service classes and
// DocumentClient) and Go (aws-sdk-go-v2). Go is read with the standard
// library's Go lexer go/scanner, not go/parser: the parser and its AST
// cost ~465 KB of binary and issue 14 caps the size; patterns of tokens,
// with brackets matched and composite literals told from blocks as
// go/parser tells them, find the calls. Python and JavaScript have no Go
// parser worth its weight, so a tokenizer that
// knows their strings, comments, f-strings, template literals and
// regular expressions feeds an analysis that follows names: aliased
// imports (import boto3 as b, from boto3 import client, const { S3Client:
// C } = require(...)), clients made in helper functions and kept in
// class attributes (self.table, this.s3), and the environment variables
// and literals that name resources.
//
// What it does not do: it follows no data flow between files or through
// function arguments, models no scopes (a name means what any
// assignment in its file made it), and does not decide which code runs.
// Calls in dead code — behind `if False:`, in functions never called,
// in other handlers of the same package — still count: a least-privilege
// policy built from them may grant a little more than one handler uses,
// never less than it calls. Installed dependencies (boto3 itself,
// vendor/, site-packages, node_modules) are not read: their calls are
// made on behalf of the code that uses them.
//
// Each call's operation maps to IAM actions by name, with a table of the
// exceptions (s3:ListObjectsV2 needs s3:ListBucket, lambda:Invoke needs
// lambda:InvokeFunction, DynamoDB transactions need their items'
// actions); resources resolve through the function's environment
// variables and its estate (TABLE_NAME: !Ref OrdersTable names the
// table's ARN). A resource computed at run time is a placeholder that
// says so — arn:aws:dynamodb:${Region}:${Account}:table/<unresolved:
// event['table']> — never "*" silently; actions that take no resource
// (s3:ListAllMyBuckets, xray:PutTraceSegments) get "*" with that reason.
package code
