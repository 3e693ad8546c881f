"""Handlers of vulnerable-shop (deliberately vulnerable; see ../template.yaml)."""


def authorize(event, context):
    return {"principalId": "user", "policyDocument": {"Version": "2012-10-17", "Statement": []}}


def admin(event, context):
    return {"statusCode": 200, "body": "admin"}


def orders(event, context):
    return {"statusCode": 200, "body": "[]"}


def receipt(event, context):
    return {"ok": True}
