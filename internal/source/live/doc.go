// Package live reads a live AWS account (or every account of an
// Organization) into the inventory model, read-only, through
// aws-sdk-go-v2: Lambda functions with their resource policies, URLs,
// aliases, versions, layers and event sources; the execution roles and
// their policies; the API Gateway APIs and load balancers in front of the
// functions; the network, keys, secrets, trails, alarms, log groups and
// detection services around them.
//
// It calls AWS at the speed AWS's quotas allow: a token bucket per
// account, region and quota bucket (Lambda's published quotas: GetFunction
// 100/s, GetPolicy 15/s, every other control-plane call together 15/s),
// and the SDK's adaptive retry for throttling and server errors. It loses
// nothing silently: every API error is recorded against the resource and
// the data it blocked (a Gap), so rules say UNKNOWN, and the run summary
// lists what could not be read.
package live
