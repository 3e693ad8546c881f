// Invoices: read the order, write its invoice to the bucket, announce it.
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, GetCommand } from "@aws-sdk/lib-dynamodb";
import { S3Client, PutObjectCommand } from "@aws-sdk/client-s3";
import { SNSClient, PublishCommand } from "@aws-sdk/client-sns";

const doc = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const s3 = new S3Client({});
const sns = new SNSClient({});
const { BUCKET, TOPIC_ARN, TABLE_NAME } = process.env;

export const handler = async (event) => {
  for (const record of event.Records ?? []) {
    const { order: id } = JSON.parse(record.body);
    const { Item: order } = await doc.send(new GetCommand({ TableName: TABLE_NAME, Key: { id } }));
    const key = `invoices/${id}.json`;
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: JSON.stringify(order), ContentType: "application/json" }));
    await sns.send(new PublishCommand({ TopicArn: TOPIC_ARN, Message: JSON.stringify({ id, key }) }));
  }
};
