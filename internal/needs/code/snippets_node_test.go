package code_test

// JavaScript and TypeScript handlers of the table (SDK for JavaScript v3
// and v2).
var jsSnippets = []snippet{
	{"js/v3-put-object", "invoice.mjs", "import { S3Client, PutObjectCommand } from \"@aws-sdk/client-s3\";\n\nconst s3 = new S3Client({});\n\nexport const handler = async (event) => {\n  const id = event.pathParameters.id;\n  await s3.send(\n    new PutObjectCommand({\n      Bucket: process.env.BUCKET,\n      Key: `invoices/${id}.pdf`,\n      Body: Buffer.from(event.body, \"base64\"),\n    })\n  );\n  return { statusCode: 201 };\n};\n",
		[]string{"s3:PutObject " + uploads + "/invoices/*"}},

	{"js/v3-aliased-require", "enqueue.js", "const { SQSClient: Queue, SendMessageCommand: Send } = require(\"@aws-sdk/client-sqs\");\n\nconst queue = new Queue({ region: \"eu-west-1\" });\n\nexports.handler = async (event) => {\n  for (const record of event.Records) {\n    await queue.send(new Send({ QueueUrl: process.env.QUEUE_URL, MessageBody: record.body }));\n  }\n};\n",
		[]string{"sqs:SendMessage " + jobs}},

	{"js/v3-document-client", "create.mjs", "import { DynamoDBClient } from \"@aws-sdk/client-dynamodb\";\nimport { DynamoDBDocumentClient, PutCommand } from \"@aws-sdk/lib-dynamodb\";\nimport { randomUUID } from \"node:crypto\";\n\nconst doc = DynamoDBDocumentClient.from(new DynamoDBClient({}));\n\nexport const handler = async (event) => {\n  const item = { id: randomUUID(), ...JSON.parse(event.body) };\n  await doc.send(new PutCommand({ TableName: process.env.TABLE_NAME, Item: item }));\n  return { statusCode: 201, body: JSON.stringify(item) };\n};\n",
		[]string{"dynamodb:PutItem " + orders}},

	{"js/v3-query-index", "byCustomer.mjs", "import { DynamoDBClient } from \"@aws-sdk/client-dynamodb\";\nimport { DynamoDBDocumentClient, QueryCommand } from \"@aws-sdk/lib-dynamodb\";\n\nconst { TABLE_NAME } = process.env;\nconst doc = DynamoDBDocumentClient.from(new DynamoDBClient({}));\n\nexport const handler = async (event) => {\n  const params = {\n    TableName: TABLE_NAME,\n    IndexName: \"byCustomer\",\n    KeyConditionExpression: \"customer = :c\",\n    ExpressionAttributeValues: { \":c\": event.customer },\n  };\n  const { Items } = await doc.send(new QueryCommand(params));\n  return Items;\n};\n",
		[]string{"dynamodb:Query " + orders + "/index/byCustomer"}},

	{"js/v3-aggregated-client", "report.mjs", "import { S3 } from \"@aws-sdk/client-s3\";\n\nconst s3 = new S3({});\n\nexport async function handler(event) {\n  const res = await s3.getObject({ Bucket: process.env.REPORTS_BUCKET, Key: event.key });\n  return res.Body.transformToString();\n}\n",
		[]string{"s3:GetObject " + reports + "/*"}},

	{"js/v2-s3-params", "upload.js", "const AWS = require(\"aws-sdk\");\nconst s3 = new AWS.S3();\n\nexports.handler = async (event) => {\n  const params = {\n    Bucket: process.env.BUCKET,\n    Key: \"incoming/\" + event.name,\n    Body: event.body,\n  };\n  await s3.putObject(params).promise();\n};\n",
		[]string{"s3:PutObject " + uploads + "/incoming/*"}},

	{"js/v2-document-client", "order.js", "const AWS = require('aws-sdk');\nconst docClient = new AWS.DynamoDB.DocumentClient();\nconst TABLE = process.env.TABLE_NAME;\n\nexports.pay = async (event) => {\n  await docClient.update({\n    TableName: TABLE,\n    Key: { id: event.id },\n    UpdateExpression: 'set paid = :t',\n    ExpressionAttributeValues: { ':t': true },\n  }).promise();\n};\n\nexports.remove = async (event) => {\n  await docClient.delete({ TableName: TABLE, Key: { id: event.id } }).promise();\n};\n",
		[]string{"dynamodb:UpdateItem " + orders, "dynamodb:DeleteItem " + orders}},

	{"js/v2-clients-path", "scan.js", "const DynamoDB = require('aws-sdk/clients/dynamodb');\nconst db = new DynamoDB.DocumentClient({ convertEmptyValues: true });\nconst { TABLE_NAME: table } = process.env;\n\nmodule.exports.handler = async () => {\n  const out = await db.scan({ TableName: table, Limit: 50 }).promise();\n  return out.Items;\n};\n",
		[]string{"dynamodb:Scan " + orders}},

	{"js/v3-lambda-invoke", "fanout.mjs", "import { LambdaClient, InvokeCommand } from \"@aws-sdk/client-lambda\";\n\nconst lambda = new LambdaClient({});\n\nexport const handler = async (event) => {\n  await Promise.all(event.chunks.map((chunk) =>\n    lambda.send(new InvokeCommand({\n      FunctionName: process.env.WORKER,\n      InvocationType: \"Event\",\n      Payload: JSON.stringify(chunk),\n    }))\n  ));\n};\n",
		[]string{"lambda:InvokeFunction " + arnOf("lambda", "function:worker")}},

	{"js/v3-sns-publish", "alarm.js", "const { SNSClient, PublishCommand } = require(\"@aws-sdk/client-sns\");\nconst sns = new SNSClient();\n\nexports.handler = async (event) => {\n  // Publish one message per alarm.\n  await sns.send(new PublishCommand({ TopicArn: process.env.TOPIC_ARN, Message: JSON.stringify(event) }));\n};\n",
		[]string{"sns:Publish " + alerts}},

	{"js/v3-helper-client", "secret.mjs", "import { SecretsManagerClient, GetSecretValueCommand } from \"@aws-sdk/client-secrets-manager\";\n\nconst getClient = () => new SecretsManagerClient({});\nlet cached;\n\nexport const handler = async () => {\n  cached ??= await getClient().send(new GetSecretValueCommand({ SecretId: process.env.SECRET_ID }));\n  return JSON.parse(cached.SecretString).username;\n};\n",
		[]string{"secretsmanager:GetSecretValue arn:aws:secretsmanager:eu-west-1:" + acct + ":secret:prod/db-??????"}},

	{"js/v3-dynamic-bucket", "proxy.mjs", "import { S3Client, GetObjectCommand } from \"@aws-sdk/client-s3\";\n\nconst s3 = new S3Client({});\n\nexport const handler = async (event) => {\n  const out = await s3.send(new GetObjectCommand({ Bucket: event.bucket, Key: event.key }));\n  return out.Body.transformToString();\n};\n",
		[]string{"s3:GetObject arn:aws:s3:::<unresolved: event.bucket>/*"}},

	{"js/v3-paginator", "count.mjs", "import { S3Client, paginateListObjectsV2 } from \"@aws-sdk/client-s3\";\n\nconst client = new S3Client({});\n\nexport const handler = async () => {\n  let n = 0;\n  for await (const page of paginateListObjectsV2({ client }, { Bucket: process.env.BUCKET, Prefix: \"in/\" })) {\n    n += page.KeyCount ?? 0;\n  }\n  return n;\n};\n",
		[]string{"s3:ListBucket " + uploads}},

	{"js/v3-waiter", "setup.mjs", "import { DynamoDBClient, CreateTableCommand, waitUntilTableExists } from \"@aws-sdk/client-dynamodb\";\n\nconst client = new DynamoDBClient({});\n\nexport const handler = async () => {\n  await client.send(new CreateTableCommand({ TableName: \"audit\", BillingMode: \"PAY_PER_REQUEST\", KeySchema: [], AttributeDefinitions: [] }));\n  await waitUntilTableExists({ client, maxWaitTime: 60 }, { TableName: \"audit\" });\n};\n",
		[]string{"dynamodb:CreateTable " + arnOf("dynamodb", "table/audit"), "dynamodb:DescribeTable " + arnOf("dynamodb", "table/audit")}},

	{"js/lib-storage-upload", "bigUpload.mjs", "import { S3Client } from \"@aws-sdk/client-s3\";\nimport { Upload } from \"@aws-sdk/lib-storage\";\nimport { createReadStream } from \"node:fs\";\n\nconst s3 = new S3Client({});\n\nexport const handler = async () => {\n  const upload = new Upload({\n    client: s3,\n    params: { Bucket: process.env.REPORTS_BUCKET, Key: \"big.csv\", Body: createReadStream(\"/tmp/big.csv\") },\n  });\n  await upload.done();\n};\n",
		[]string{"s3:PutObject " + reports + "/big.csv"}},

	{"js/presigned-url", "link.mjs", "import { S3Client, GetObjectCommand } from \"@aws-sdk/client-s3\";\nimport { getSignedUrl } from \"@aws-sdk/s3-request-presigner\";\n\nconst s3 = new S3Client({});\n\nexport const handler = async (event) => {\n  const url = await getSignedUrl(s3, new GetObjectCommand({ Bucket: process.env.BUCKET, Key: event.key }), { expiresIn: 300 });\n  return { statusCode: 302, headers: { Location: url } };\n};\n",
		[]string{"s3:GetObject " + uploads + "/*"}},

	{"js/v3-eventbridge", "emit.js", "const { EventBridgeClient, PutEventsCommand } = require(\"@aws-sdk/client-eventbridge\");\nconst eb = new EventBridgeClient({});\n\nexports.handler = async (order) => {\n  await eb.send(new PutEventsCommand({\n    Entries: [{\n      EventBusName: process.env.BUS,\n      Source: \"orders\",\n      DetailType: \"OrderCreated\",\n      Detail: JSON.stringify(order),\n    }],\n  }));\n};\n",
		[]string{"events:PutEvents " + arnOf("events", "event-bus/orders-bus")}},

	{"js/v3-step-functions", "start.mjs", "import { SFNClient, StartExecutionCommand } from \"@aws-sdk/client-sfn\";\n\nconst sfn = new SFNClient({});\n\nexport const handler = async (event) =>\n  sfn.send(new StartExecutionCommand({ stateMachineArn: process.env.STATE_MACHINE_ARN, input: JSON.stringify(event) }));\n",
		[]string{"states:StartExecution " + arnOf("states", "stateMachine:orders")}},

	{"js/dead-code", "maintenance.mjs", "import { DynamoDBClient } from \"@aws-sdk/client-dynamodb\";\nimport { DynamoDBDocumentClient, GetCommand, DeleteCommand } from \"@aws-sdk/lib-dynamodb\";\n\nconst doc = DynamoDBDocumentClient.from(new DynamoDBClient({}));\n\nexport const handler = async (event) => {\n  return doc.send(new GetCommand({ TableName: process.env.TABLE_NAME, Key: { id: event.id } }));\n};\n\n// Kept for the next migration; never exported.\nasync function purge(id) {\n  if (false) {\n    await doc.send(new DeleteCommand({ TableName: process.env.TABLE_NAME, Key: { id } }));\n  }\n}\n",
		[]string{"dynamodb:GetItem " + orders, "dynamodb:DeleteItem " + orders}},

	{"js/comments-and-regex", "clean.js", "const { S3Client, PutObjectCommand } = require('@aws-sdk/client-s3');\nconst s3 = new S3Client({});\nconst SAFE = /^[a-z0-9'\"`/-]+$/i; // a regex with quotes in it\n\n/*\n * Old code, commented out:\n * await s3.send(new DeleteObjectCommand({ Bucket: 'x', Key: 'y' }));\n */\nexports.handler = async (event) => {\n  // s3.send(new DeleteBucketCommand({ Bucket: process.env.BUCKET }))\n  if (!SAFE.test(event.name)) throw new Error('bad name');\n  const half = event.size / 2 / 1;\n  await s3.send(new PutObjectCommand({ Bucket: process.env.BUCKET, Key: event.name, Body: String(half) }));\n};\n",
		[]string{"s3:PutObject " + uploads + "/*"}},

	{"js/template-literals", "render.mjs", "import { S3Client, PutObjectCommand } from \"@aws-sdk/client-s3\";\n\nconst s3 = new S3Client({});\n\nexport const handler = async (event) => {\n  const html = `<p>${event.items.map((i) => `${i.name}: new DeleteObjectCommand({ Bucket: \"x\" })`).join(\"\")}</p>`;\n  await s3.send(new PutObjectCommand({ Bucket: process.env.BUCKET, Key: `pages/${event.id}/${`index-${event.lang}`}.html`, Body: html }));\n};\n",
		[]string{"s3:PutObject " + uploads + "/pages/*"}},

	{"ts/class-field-client", "repository.ts", "import { DynamoDBClient } from \"@aws-sdk/client-dynamodb\";\nimport { DynamoDBDocumentClient, PutCommand } from \"@aws-sdk/lib-dynamodb\";\nimport type { Order } from \"./model\";\n\nconst TABLE_NAME = process.env.TABLE_NAME!;\n\nexport class OrderRepository {\n  private readonly client: DynamoDBDocumentClient = DynamoDBDocumentClient.from(new DynamoDBClient({}));\n\n  async save(order: Order): Promise<void> {\n    await this.client.send(new PutCommand({ TableName: TABLE_NAME, Item: order }));\n  }\n}\n",
		[]string{"dynamodb:PutItem " + orders}},

	{"ts/import-star", "batch.ts", "import * as sqs from \"@aws-sdk/client-sqs\";\nimport type { SQSBatchItemFailure } from \"aws-lambda\";\n\nconst client = new sqs.SQSClient({});\n\nexport async function forward(bodies: string[]): Promise<SQSBatchItemFailure[]> {\n  const Entries = bodies.map((b, i) => ({ Id: String(i), MessageBody: b }));\n  await client.send(new sqs.SendMessageBatchCommand({ QueueUrl: process.env.QUEUE_URL!, Entries }));\n  return [];\n}\n",
		[]string{"sqs:SendMessage " + jobs}},

	{"ts/typed-handler", "clicks.ts", "import type { APIGatewayProxyHandlerV2 } from \"aws-lambda\";\nimport { KinesisClient, PutRecordCommand } from \"@aws-sdk/client-kinesis\";\n\nconst kinesis = new KinesisClient({});\n\nexport const handler: APIGatewayProxyHandlerV2 = async (event) => {\n  const data = new TextEncoder().encode(event.body ?? \"{}\");\n  await kinesis.send(new PutRecordCommand({ StreamName: process.env.STREAM as string, PartitionKey: \"k\", Data: data }));\n  return { statusCode: 202 };\n};\n",
		[]string{"kinesis:PutRecord " + arnOf("kinesis", "stream/clicks")}},

	{"ts/ssm-default", "config.ts", "import { SSMClient, GetParameterCommand } from \"@aws-sdk/client-ssm\";\n\nconst ssm = new SSMClient({});\nconst name: string = process.env.PARAM ?? \"/app/default\";\n\nexport const loadConfig = async (): Promise<string | undefined> => {\n  const out = await ssm.send(new GetParameterCommand({ Name: name, WithDecryption: true }));\n  return out.Parameter?.Value;\n};\n",
		[]string{"ssm:GetParameter " + arnOf("ssm", "parameter/app/prod/config")}},

	{"ts/bedrock-invoke", "summarise.ts", "import { BedrockRuntimeClient, InvokeModelCommand } from \"@aws-sdk/client-bedrock-runtime\";\n\nconst bedrock = new BedrockRuntimeClient({ region: \"eu-west-1\" });\n\nexport const handler = async (event: { text: string }) => {\n  const body = JSON.stringify({ inputText: `Summarise: ${event.text}` });\n  const out = await bedrock.send(new InvokeModelCommand({ modelId: \"amazon.titan-text-express-v1\", contentType: \"application/json\", body }));\n  return new TextDecoder().decode(out.body);\n};\n",
		[]string{"bedrock:InvokeModel arn:aws:bedrock:eu-west-1::foundation-model/amazon.titan-text-express-v1"}},

	{"ts/kms-encrypt", "seal.ts", "import { KMSClient, EncryptCommand } from \"@aws-sdk/client-kms\";\n\nconst kms = new KMSClient({});\n\nexport async function seal(plain: string): Promise<Uint8Array | undefined> {\n  const out = await kms.send(new EncryptCommand({ KeyId: process.env.KEY_ID, Plaintext: Buffer.from(plain) }));\n  return out.CiphertextBlob;\n}\n",
		[]string{"kms:Encrypt " + arnOf("kms", "key/1234abcd-12ab-34cd-56ef-1234567890ab")}},

	{"ts/cloudwatch-metric", "metrics.ts", "import { CloudWatchClient, PutMetricDataCommand } from \"@aws-sdk/client-cloudwatch\";\n\nconst cw = new CloudWatchClient({});\n\nexport const record = async (latencyMs: number) => {\n  await cw.send(new PutMetricDataCommand({\n    Namespace: \"Orders\",\n    MetricData: [{ MetricName: \"Latency\", Value: latencyMs, Unit: \"Milliseconds\" }],\n  }));\n};\n",
		[]string{"cloudwatch:PutMetricData *"}},
}
