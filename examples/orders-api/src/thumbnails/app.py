def handler(event, context):
    for record in event.get("Records", []):
        key = record["s3"]["object"]["key"]
        print("would make a thumbnail of", key)
