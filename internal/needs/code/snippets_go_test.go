package code_test

// goHeader is the package clause and imports the Go handlers share.
const goHeader = `package main

import (
	"context"
	"os"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	ddbtypes "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	ebtypes "github.com/aws/aws-sdk-go-v2/service/eventbridge/types"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	sm "github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	"github.com/aws/aws-sdk-go-v2/service/sfn"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
)

`

// Go handlers of the table (aws-sdk-go-v2).
var goSnippets = []snippet{
	{"go/put-object-env", "main.go", goHeader + `func handler(ctx context.Context, ev events.APIGatewayV2HTTPRequest) error {
	cfg, err := config.LoadDefaultConfig(ctx)
	if err != nil {
		return err
	}
	client := s3.NewFromConfig(cfg)
	_, err = client.PutObject(ctx, &s3.PutObjectInput{
		Bucket: aws.String(os.Getenv("BUCKET")),
		Key:    aws.String("uploads/" + ev.RequestContext.RequestID),
	})
	return err
}
`, []string{"s3:PutObject " + uploads + "/uploads/*"}},

	{"go/dynamodb-ref", "put.go", goHeader + `func save(ctx context.Context, client *dynamodb.Client, item map[string]ddbtypes.AttributeValue) error {
	_, err := client.PutItem(ctx, &dynamodb.PutItemInput{
		TableName: aws.String(os.Getenv("TABLE_NAME")),
		Item:      item,
	})
	return err
}
`, []string{"dynamodb:PutItem " + orders}},

	{"go/package-var", "get.go", goHeader + `var tableName = os.Getenv("TABLE_NAME")

func get(ctx context.Context, db *dynamodb.Client, key map[string]ddbtypes.AttributeValue) (*dynamodb.GetItemOutput, error) {
	return db.GetItem(ctx, &dynamodb.GetItemInput{TableName: &tableName, Key: key})
}
`, []string{"dynamodb:GetItem " + orders}},

	{"go/struct-field-client", "forward.go", goHeader + `type forwarder struct {
	sqs      *sqs.Client
	queueURL string
}

func newForwarder(cfg aws.Config) *forwarder {
	return &forwarder{sqs: sqs.NewFromConfig(cfg), queueURL: os.Getenv("QUEUE_URL")}
}

func (f *forwarder) handle(ctx context.Context, ev events.SNSEvent) error {
	for _, r := range ev.Records {
		if _, err := f.sqs.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: &f.queueURL, MessageBody: aws.String(r.SNS.Message)}); err != nil {
			return err
		}
	}
	return nil
}
`, []string{"sqs:SendMessage " + jobs}},

	{"go/paginator", "list.go", goHeader + `func count(ctx context.Context, client *s3.Client) (int, error) {
	bucket := os.Getenv("REPORTS_BUCKET")
	p := s3.NewListObjectsV2Paginator(client, &s3.ListObjectsV2Input{Bucket: aws.String(bucket), Prefix: aws.String("daily/")})
	n := 0
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return 0, err
		}
		n += len(page.Contents)
	}
	return n, nil
}
`, []string{"s3:ListBucket " + reports}},

	{"go/waiter", "wait.go", goHeader + `func ready(ctx context.Context, client *dynamodb.Client) error {
	w := dynamodb.NewTableExistsWaiter(client)
	return w.Wait(ctx, &dynamodb.DescribeTableInput{TableName: aws.String("audit")}, time.Minute)
}
`, []string{"dynamodb:DescribeTable " + arnOf("dynamodb", "table/audit")}},

	{"go/nil-input", "buckets.go", goHeader + `type app struct{ s3 *s3.Client }

func (a *app) buckets(ctx context.Context) (int, error) {
	out, err := a.s3.ListBuckets(ctx, nil)
	if err != nil {
		return 0, err
	}
	return len(out.Buckets), nil
}
`, []string{"s3:ListAllMyBuckets *"}},

	{"go/aliased-import", "secret.go", goHeader + `func password(ctx context.Context, cfg aws.Config) (string, error) {
	client := sm.NewFromConfig(cfg)
	out, err := client.GetSecretValue(ctx, &sm.GetSecretValueInput{SecretId: aws.String(os.Getenv("SECRET_ID"))})
	if err != nil {
		return "", err
	}
	return aws.ToString(out.SecretString), nil
}
`, []string{"secretsmanager:GetSecretValue arn:aws:secretsmanager:eu-west-1:" + acct + ":secret:prod/db-??????"}},

	{"go/lambda-invoke", "invoke.go", goHeader + `func fanOut(ctx context.Context, client *lambda.Client, payload []byte) error {
	_, err := client.Invoke(ctx, &lambda.InvokeInput{
		FunctionName:   aws.String(os.Getenv("WORKER")),
		InvocationType: "Event",
		Payload:        payload,
	})
	return err
}
`, []string{"lambda:InvokeFunction " + arnOf("lambda", "function:worker")}},

	{"go/dynamic-bucket", "copy.go", goHeader + `func handle(ctx context.Context, client *s3.Client, ev events.S3Event) error {
	for _, r := range ev.Records {
		_, err := client.GetObject(ctx, &s3.GetObjectInput{
			Bucket: aws.String(r.S3.Bucket.Name),
			Key:    aws.String(r.S3.Object.Key),
		})
		if err != nil {
			return err
		}
	}
	return nil
}
`, []string{"s3:GetObject arn:aws:s3:::<unresolved: r.S3.Bucket.Name>/*"}},

	{"go/step-functions", "start.go", goHeader + `func start(ctx context.Context, client *sfn.Client, input string) error {
	_, err := client.StartExecution(ctx, &sfn.StartExecutionInput{
		StateMachineArn: aws.String(os.Getenv("STATE_MACHINE_ARN")),
		Input:           aws.String(input),
	})
	return err
}
`, []string{"states:StartExecution " + arnOf("states", "stateMachine:orders")}},

	{"go/eventbridge", "emit.go", goHeader + `func emit(ctx context.Context, client *eventbridge.Client, detail string) error {
	_, err := client.PutEvents(ctx, &eventbridge.PutEventsInput{
		Entries: []ebtypes.PutEventsRequestEntry{{
			EventBusName: aws.String(os.Getenv("BUS")),
			Source:       aws.String("orders"),
			DetailType:   aws.String("OrderCreated"),
			Detail:       aws.String(detail),
		}},
	})
	return err
}
`, []string{"events:PutEvents " + arnOf("events", "event-bus/orders-bus")}},

	{"go/dead-code", "debug.go", goHeader + `const debug = false

func cleanup(ctx context.Context, client *s3.Client) {
	if debug {
		client.DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: aws.String("uploads-bucket"), Key: aws.String("debug.log")})
	}
}
`, []string{"s3:DeleteObject " + uploads + "/debug.log"}},

	{"go/transact", "transfer.go", goHeader + `func transfer(ctx context.Context, db *dynamodb.Client, table string) error {
	table = os.Getenv("TABLE_NAME")
	_, err := db.TransactWriteItems(ctx, &dynamodb.TransactWriteItemsInput{
		TransactItems: []ddbtypes.TransactWriteItem{
			{Put: &ddbtypes.Put{TableName: aws.String(table)}},
			{Delete: &ddbtypes.Delete{TableName: aws.String(table)}},
		},
	})
	return err
}
`, []string{"dynamodb:PutItem " + orders, "dynamodb:DeleteItem " + orders}},

	{"go/helper-client", "purge.go", goHeader + `func queueClient(ctx context.Context) *sqs.Client {
	cfg, _ := config.LoadDefaultConfig(ctx)
	return sqs.NewFromConfig(cfg)
}

func purge(ctx context.Context) error {
	c := queueClient(ctx)
	_, err := c.PurgeQueue(ctx, &sqs.PurgeQueueInput{QueueUrl: aws.String(os.Getenv("QUEUE_URL"))})
	return err
}
`, []string{"sqs:PurgeQueue " + jobs}},
}

// snippets is the whole table.
var snippets = append(append(append([]snippet{}, pySnippets...), jsSnippets...), goSnippets...)
