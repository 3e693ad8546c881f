// Package trail reads CloudTrail records — S3-delivered log files
// (.json.gz, .json), whole directory trees in the S3 layout, JSON arrays
// and JSON-lines exports, CloudTrail Lake query results (result_N.csv.gz),
// and the CloudTrailEvent strings of LookupEvents — into the Lambda
// activity the LS8xx rules judge: one inventory estate of KindActivity per
// account, holding the Lambda management events one by one and the
// Invoke data events counted per function, caller account and hour.
//
// Records stream through encoding/json's Decoder over the Records array,
// one at a time; records of other services are dropped after a byte
// search, before they are decoded. Memory grows with the Lambda records
// kept, never with the files read. Records are deduplicated on eventID
// (S3 delivery may repeat them).
//
// Event names are matched by operation whatever their version suffix:
// Lambda logs "AddPermission20150331v2" for AddPermission (Operation).
// https://docs.aws.amazon.com/lambda/latest/dg/logging-using-cloudtrail.html
//
// The package also writes detection rules for the events it knows, for
// EventBridge, CloudWatch Logs metric filters and Sigma (Emit).
package trail
