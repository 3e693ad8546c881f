import os

# Left from a demo.
AWS_ACCESS_KEY_ID = "AKIA3QBOP56Z65H7XEZH"

def handler(event, context):
    return {"ok": True}
