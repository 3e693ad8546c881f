"""Orders: create an order, list a customer's orders, queue the order for fulfilment."""

import json
import os
import uuid

import boto3
from boto3.dynamodb.conditions import Key

table = boto3.resource("dynamodb").Table(os.environ["TABLE_NAME"])
sqs = boto3.client("sqs")


def create(order):
    order["id"] = str(uuid.uuid4())
    table.put_item(Item=order)
    sqs.send_message(QueueUrl=os.environ["QUEUE_URL"], MessageBody=json.dumps({"order": order["id"]}))
    return order


def by_customer(customer):
    result = table.query(IndexName="byCustomer", KeyConditionExpression=Key("customer").eq(customer))
    return result["Items"]


def handler(event, context):
    if event.get("httpMethod") == "POST":
        order = create(json.loads(event.get("body") or "{}"))
        return {"statusCode": 201, "body": json.dumps(order)}
    customer = (event.get("queryStringParameters") or {}).get("customer", "")
    return {"statusCode": 200, "body": json.dumps(by_customer(customer), default=str)}
