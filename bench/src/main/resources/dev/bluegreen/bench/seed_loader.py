"""The seed's way of loading the sample, for comparison: the AWS getting-started loader's algorithm
(json.load of the whole file, then one put_item per movie), written anew here. Prints the load time."""
import decimal
import json
import sys
import time

import boto3

endpoint, table_name, path = sys.argv[1], sys.argv[2], sys.argv[3]
dynamodb = boto3.resource("dynamodb", endpoint_url=endpoint, region_name="us-east-1")
table = dynamodb.create_table(
    TableName=table_name,
    KeySchema=[{"AttributeName": "year", "KeyType": "HASH"}, {"AttributeName": "title", "KeyType": "RANGE"}],
    AttributeDefinitions=[{"AttributeName": "year", "AttributeType": "N"},
                          {"AttributeName": "title", "AttributeType": "S"}],
    ProvisionedThroughput={"ReadCapacityUnits": 10, "WriteCapacityUnits": 10})
table.wait_until_exists()

start = time.monotonic()
with open(path) as f:
    movies = json.load(f, parse_float=decimal.Decimal)
for movie in movies:
    table.put_item(Item={"year": int(movie["year"]), "title": movie["title"], "info": movie["info"]})
print("%.3f" % (time.monotonic() - start))
