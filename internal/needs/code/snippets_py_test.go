package code_test

// Python handlers of the table (boto3).
var pySnippets = []snippet{
	{"py/client-put-object", "app.py", `import json
import os
import uuid

import boto3

s3 = boto3.client("s3")


def handler(event, context):
    order_id = str(uuid.uuid4())
    s3.put_object(
        Bucket=os.environ["BUCKET"],
        Key=f"uploads/{order_id}.json",
        Body=json.dumps(event).encode(),
        ContentType="application/json",
    )
    return {"statusCode": 201, "body": order_id}
`, []string{"s3:PutObject " + uploads + "/uploads/*"}},

	{"py/resource-table", "orders.py", `import json
import os

import boto3

TABLE = boto3.resource("dynamodb").Table(os.environ["TABLE_NAME"])


def create(event, context):
    order = json.loads(event.get("body") or "{}")
    TABLE.put_item(Item=order)
    return {"statusCode": 201}
`, []string{"dynamodb:PutItem " + orders}},

	{"py/aliased-import", "notify.py", `import os
import boto3 as aws

queue = aws.client("sqs", region_name="eu-west-1")

def handler(event, context):
    for record in event["Records"]:
        queue.send_message(QueueUrl=os.environ["QUEUE_URL"], MessageBody=record["body"])
`, []string{"sqs:SendMessage " + jobs}},

	{"py/from-import-client", "alerts.py", `from os import environ
from boto3 import client as make_client

sns = make_client("sns")


def handler(event, context):
    sns.publish(TopicArn=environ["TOPIC_ARN"], Subject="alarm", Message=str(event))
`, []string{"sns:Publish " + alerts}},

	{"py/helper-function", "batch.py", `import json
import os

import boto3


def _sqs():
    return boto3.client("sqs")


def handler(event, context):
    entries = [{"Id": str(i), "MessageBody": json.dumps(r)} for i, r in enumerate(event["items"])]
    _sqs().send_message_batch(QueueUrl=os.environ["QUEUE_URL"], Entries=entries)
`, []string{"sqs:SendMessage " + jobs}},

	{"py/lru-cache-helper", "lookup.py", `import os
from functools import lru_cache

import boto3


@lru_cache(maxsize=1)
def table():
    return boto3.resource("dynamodb").Table(os.environ["TABLE_NAME"])


def handler(event, context):
    item = table().get_item(Key={"id": event["pathParameters"]["id"]}).get("Item")
    return {"statusCode": 200 if item else 404}
`, []string{"dynamodb:GetItem " + orders}},

	{"py/class-attribute", "repo.py", `import os

import boto3
from boto3.dynamodb.conditions import Key


class OrderRepository:
    def __init__(self):
        self.table = boto3.resource("dynamodb").Table(os.environ["TABLE_NAME"])

    def by_customer(self, customer_id):
        return self.table.query(KeyConditionExpression=Key("customer").eq(customer_id))["Items"]

    def mark_paid(self, order_id):
        self.table.update_item(
            Key={"id": order_id},
            UpdateExpression="SET paid = :t",
            ExpressionAttributeValues={":t": True},
        )


repo = OrderRepository()


def handler(event, context):
    repo.mark_paid(event["id"])
`, []string{"dynamodb:Query " + orders, "dynamodb:UpdateItem " + orders}},

	{"py/session-client", "db.py", `import json
import os

import boto3.session

session = boto3.session.Session()
secrets = session.client(service_name="secretsmanager", region_name=session.region_name)


def credentials():
    value = secrets.get_secret_value(SecretId=os.environ["SECRET_ID"])
    return json.loads(value["SecretString"])
`, []string{"secretsmanager:GetSecretValue " + "arn:aws:secretsmanager:eu-west-1:" + acct + ":secret:prod/db-??????"}},

	{"py/paginator", "inventory.py", `import os
import boto3

s3 = boto3.client("s3")


def handler(event, context):
    paginator = s3.get_paginator("list_objects_v2")
    total = 0
    for page in paginator.paginate(Bucket=os.environ["REPORTS_BUCKET"], Prefix="daily/"):
        total += page.get("KeyCount", 0)
    return total
`, []string{"s3:ListBucket " + reports}},

	{"py/waiter", "ready.py", `import os
import boto3

BUCKET = os.environ["BUCKET"]
client = boto3.client("s3")


def handler(event, context):
    client.get_waiter("object_exists").wait(Bucket=BUCKET, Key="ready.flag")
    return "ready"
`, []string{"s3:GetObject " + uploads + "/ready.flag"}},

	{"py/dynamic-table", "tenant.py", `import boto3

dynamodb = boto3.client("dynamodb")


def handler(event, context):
    # One table per tenant: the name comes with the request.
    return dynamodb.get_item(TableName=event['table'], Key={"pk": {"S": event["id"]}})
`, []string{"dynamodb:GetItem " + "arn:aws:dynamodb:eu-west-1:" + acct + ":table/<unresolved: event['table']>"}},

	{"py/dead-code", "cleanup.py", `import os
import boto3

table = boto3.resource("dynamodb").Table(os.environ["TABLE_NAME"])
DEBUG = False


def handler(event, context):
    if DEBUG:
        table.delete_item(Key={"id": event["id"]})
    return {"ok": True}


def never_called():
    boto3.client("lambda").invoke(FunctionName=os.environ["WORKER"])
`, []string{"dynamodb:DeleteItem " + orders, "lambda:InvokeFunction " + arnOf("lambda", "function:worker")}},

	{"py/list-buckets", "audit.py", `import boto3

s3 = boto3.client("s3")


def handler(event, context):
    return [b["Name"] for b in s3.list_buckets()["Buckets"]]
`, []string{"s3:ListAllMyBuckets *"}},

	{"py/head-object", "exists.py", `import os
import boto3
from botocore.exceptions import ClientError

s3 = boto3.client("s3")


def handler(event, context):
    try:
        s3.head_object(Bucket=os.environ["BUCKET"], Key=event["key"])
        return True
    except ClientError:
        return False
`, []string{"s3:GetObject " + uploads + "/*"}},

	{"py/upload-file", "export.py", `import datetime
import os

import boto3

s3 = boto3.client("s3")


def handler(event, context):
    day = datetime.date.today().isoformat()
    with open("/tmp/report.csv", "w") as f:
        f.write("id,total\n")
    s3.upload_file("/tmp/report.csv", os.environ["REPORTS_BUCKET"], f"reports/{day}.csv")
`, []string{"s3:PutObject " + reports + "/reports/*"}},

	{"py/download-file", "model.py", `import os
import boto3

s3 = boto3.client("s3")
BUCKET = os.getenv("BUCKET")
s3.download_file(BUCKET, "models/model.bin", "/tmp/model.bin")


def handler(event, context):
    return {"loaded": True}
`, []string{"s3:GetObject " + uploads + "/models/model.bin"}},

	{"py/lambda-invoke", "fanout.py", `import json
import os

import boto3

lambda_client = boto3.client("lambda")


def handler(event, context):
    for chunk in event["chunks"]:
        lambda_client.invoke(
            FunctionName=os.environ["WORKER"],
            InvocationType="Event",
            Payload=json.dumps(chunk),
        )
`, []string{"lambda:InvokeFunction " + arnOf("lambda", "function:worker")}},

	{"py/step-functions", "start.py", `import json
import os

import boto3

sfn = boto3.client("stepfunctions")


def handler(event, context):
    sfn.start_execution(stateMachineArn=os.environ["STATE_MACHINE_ARN"], input=json.dumps(event))
`, []string{"states:StartExecution " + arnOf("states", "stateMachine:orders")}},

	{"py/ssm-parameter", "config.py", `import os
import boto3

ssm = boto3.client("ssm")
_config = None


def config():
    global _config
    if _config is None:
        _config = ssm.get_parameter(Name=os.environ["PARAM"], WithDecryption=True)["Parameter"]["Value"]
    return _config
`, []string{"ssm:GetParameter " + arnOf("ssm", "parameter/app/prod/config")}},

	{"py/kms-decrypt", "decrypt.py", `import base64
import boto3

kms = boto3.client("kms")


def handler(event, context):
    blob = base64.b64decode(event["ciphertext"])
    return kms.decrypt(CiphertextBlob=blob)["Plaintext"].decode()
`, []string{"kms:Decrypt " + arnOf("kms", "key/<unresolved: the key that encrypted the ciphertext>")}},

	{"py/kinesis-put-records", "clicks.py", `import json
import os

import boto3

kinesis = boto3.client("kinesis")
STREAM = os.environ["STREAM"]


def handler(event, context):
    records = [{"Data": json.dumps(c), "PartitionKey": c["user"]} for c in event["clicks"]]
    kinesis.put_records(StreamName=STREAM, Records=records)
`, []string{"kinesis:PutRecords " + arnOf("kinesis", "stream/clicks")}},

	{"py/eventbridge", "emit.py", `import json
import os

import boto3

events = boto3.client("events")


def handler(event, context):
    events.put_events(
        Entries=[
            {
                "Source": "orders",
                "DetailType": "OrderCreated",
                "Detail": json.dumps(event),
                "EventBusName": os.environ["BUS"],
            }
        ]
    )
`, []string{"events:PutEvents " + arnOf("events", "event-bus/orders-bus")}},

	{"py/caller-identity", "whoami.py", `import boto3

sts = boto3.client("sts")
s3 = boto3.client("s3")


def handler(event, context):
    account = sts.get_caller_identity()["Account"]
    s3.put_object(Bucket=f"exports-{account}", Key="daily.csv", Body=b"")
`, []string{`s3:PutObject arn:aws:s3:::exports-<unresolved: sts.get_caller_identity()["Account"]>/daily.csv`}},

	{"py/batch-writer", "load.py", `import os
import boto3

table = boto3.resource("dynamodb").Table(os.environ["TABLE_NAME"])


def handler(event, context):
    with table.batch_writer() as batch:
        for item in event["items"]:
            batch.put_item(Item=item)
`, []string{"dynamodb:BatchWriteItem " + orders}},

	{"py/resource-object", "read.py", `import os
import boto3

s3 = boto3.resource("s3")


def handler(event, context):
    obj = s3.Object(os.environ["BUCKET"], event["key"])
    return obj.get()["Body"].read().decode()
`, []string{"s3:GetObject " + uploads + "/*"}},

	{"py/bucket-objects", "purge.py", `import os
import boto3

bucket = boto3.resource("s3").Bucket(os.environ["REPORTS_BUCKET"])


def handler(event, context):
    for obj in bucket.objects.filter(Prefix="tmp/"):
        print(obj.key)
    bucket.objects.filter(Prefix="tmp/").delete()
`, []string{"s3:ListBucket " + reports, "s3:DeleteObject " + reports + "/*"}},

	{"py/sqs-resource-queue", "enqueue.py", `import json
import os

import boto3

queue = boto3.resource("sqs").Queue(os.environ["QUEUE_URL"])


def handler(event, context):
    queue.send_message(MessageBody=json.dumps(event))
`, []string{"sqs:SendMessage " + jobs}},

	{"py/transact-write", "transfer.py", `import os
import boto3

TABLE = os.environ["TABLE_NAME"]
client = boto3.client("dynamodb")


def handler(event, context):
    client.transact_write_items(
        TransactItems=[
            {"Put": {"TableName": TABLE, "Item": {"pk": {"S": event["to"]}}}},
            {"Update": {"TableName": TABLE, "Key": {"pk": {"S": event["from"]}}, "UpdateExpression": "SET n = n - :one"}},
        ]
    )
`, []string{"dynamodb:PutItem " + orders, "dynamodb:UpdateItem " + orders}},

	{"py/batch-get", "many.py", `import os
import boto3

TABLE = os.environ["TABLE_NAME"]
dynamodb = boto3.client("dynamodb")


def handler(event, context):
    keys = [{"id": {"S": i}} for i in event["ids"]]
    return dynamodb.batch_get_item(RequestItems={TABLE: {"Keys": keys}})
`, []string{"dynamodb:BatchGetItem " + orders}},

	{"py/presigned-url", "link.py", `import os
import boto3

s3 = boto3.client("s3")


def handler(event, context):
    url = s3.generate_presigned_url(
        "get_object",
        Params={"Bucket": os.environ["BUCKET"], "Key": event["key"]},
        ExpiresIn=300,
    )
    return {"statusCode": 302, "headers": {"Location": url}}
`, []string{"s3:GetObject " + uploads + "/*"}},

	{"py/copy-object", "archive.py", `import os
import boto3

s3 = boto3.client("s3")


def handler(event, context):
    key = event["key"]
    s3.copy_object(
        Bucket=os.environ["REPORTS_BUCKET"],
        Key="archive/" + key,
        CopySource={"Bucket": os.environ["BUCKET"], "Key": key},
    )
`, []string{"s3:PutObject " + reports + "/archive/*", `s3:GetObject arn:aws:s3:::<unresolved: copy source {"Bucket": os.environ["BUCKET"], "Key": key}>`}},

	{"py/bedrock-converse", "chat.py", `import boto3

bedrock = boto3.client("bedrock-runtime")
MODEL = "anthropic.claude-3-haiku-20240307-v1:0"


def handler(event, context):
    reply = bedrock.converse(
        modelId=MODEL,
        messages=[{"role": "user", "content": [{"text": event["prompt"]}]}],
    )
    return reply["output"]["message"]["content"][0]["text"]
`, []string{"bedrock:InvokeModel arn:aws:bedrock:eu-west-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0"}},

	{"py/sse-kms", "secure_put.py", `import os
import boto3

s3 = boto3.client("s3")


def handler(event, context):
    s3.put_object(
        Bucket=os.environ["BUCKET"],
        Key="secure/report.pdf",
        Body=event["body"].encode(),
        ServerSideEncryption="aws:kms",
        SSEKMSKeyId=os.environ["KEY_ID"],
    )
`, []string{"s3:PutObject " + uploads + "/secure/report.pdf",
		"kms:GenerateDataKey " + arnOf("kms", "key/1234abcd-12ab-34cd-56ef-1234567890ab"),
		"kms:Decrypt " + arnOf("kms", "key/1234abcd-12ab-34cd-56ef-1234567890ab")}},

	{"py/aioboto3", "async_put.py", `import os
import aioboto3

session = aioboto3.Session()


async def save(item):
    async with session.client("dynamodb") as ddb:
        await ddb.put_item(TableName=os.environ["TABLE_NAME"], Item=item)
`, []string{"dynamodb:PutItem " + orders}},

	{"py/variable-not-set", "legacy.py", `import os
import boto3

table = boto3.resource("dynamodb").Table(os.environ["LEGACY_TABLE"])


def handler(event, context):
    return table.scan()["Items"]
`, []string{"dynamodb:Scan " + arnOf("dynamodb", "table/<unresolved: environment variable LEGACY_TABLE (not set on the function)>")}},
	{"py/name-reused", "webhook.py", `import os

import boto3
import httpx


def enqueue(body):
    client = boto3.client("sqs")
    client.send_message(QueueUrl=os.environ["QUEUE_URL"], MessageBody=body)


def fetch(url):
    # The same name, another client: httpx's get is no SQS operation.
    client = httpx.Client(timeout=5)
    return client.get(url).text
`, []string{"sqs:SendMessage " + jobs}},
	{"py/kwargs-dict", "thumbnail.py", `import os

import boto3

s3 = boto3.client("s3")
DEFAULTS = {"Bucket": os.environ["BUCKET"], "ContentType": "image/png"}


def handler(event, context):
    params = {**DEFAULTS, "Key": f"thumbs/{event['id']}.png"}
    s3.put_object(Body=event["png"], **params)
`, []string{"s3:PutObject " + uploads + "/thumbs/*"}},
}
