// Package trail reads CloudTrail records — S3-delivered log files
// (.json.gz, .json), whole directory trees in the S3 layout, JSON arrays
// and JSON-lines exports, CloudTrail Lake query results (result_N.csv.gz),
// and the CloudTrailEvent strings of LookupEvents — into the Lambda
// activity the LS8xx rules judge: one inventory estate of KindActivity per
// account, holding the Lambda management events one by one and the
// Invoke data events counted per function, caller account and hour.
//
// Records stream one at a time: a log file's Records array is split into
// records without decoding them (a scanner that follows only strings and
// nesting), JSON arrays and JSON lines go through encoding/json's
// Decoder; records of other services are dropped after a byte search, and
// only Lambda's are decoded, with encoding/json. Memory grows with what
// the rules need — the Lambda changes and denied calls, the first
// GetFunction of each function by each principal, invocation counts per
// function, caller and hour, and the eventIDs of those — never with the
// files read or the other records. Records are deduplicated on eventID
// (S3 delivery may repeat them): exactly for the events kept one by one,
// in a bounded window of 64-bit hashes for the records counted (Invoke
// data events, access-denied calls), which may count a late copy again
// once the window is full (Stats.Forgotten says how often). Access-denied
// calls are listed one by one for the earliest DefaultDeniedListed of
// each principal and counted (per minute) beyond them.
//
// Event names are matched by operation whatever their version suffix:
// Lambda logs "AddPermission20150331v2" for AddPermission (Operation).
// https://docs.aws.amazon.com/lambda/latest/dg/logging-using-cloudtrail.html
//
// The package also writes detection rules for the events it knows, for
// EventBridge, CloudWatch Logs metric filters and Sigma (Emit).
package trail
