package awstest

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// S3 speaks REST-XML: the operation is the method, the bucket (the first
// path segment of a path-style request) and the subresource named by a
// query parameter ("GET /bucket?policy" is GetBucketPolicy). Errors are an
// <Error> document with the code, and, for every operation here, the
// answer is an XML document except GetBucketPolicy's, whose body is the
// policy JSON itself.
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketPolicy.html
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetPublicAccessBlock.html
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketAcl.html
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketNotificationConfiguration.html
// https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html

// s3Subresources maps the subresource query parameter of a GET on a
// bucket to its operation.
var s3Subresources = map[string]string{
	"policy":            "GetBucketPolicy",
	"publicAccessBlock": "GetPublicAccessBlock",
	"acl":               "GetBucketAcl",
	"notification":      "GetBucketNotificationConfiguration",
}

// matchS3 returns the operation and the bucket of a path-style request.
func matchS3(method, path string, query url.Values) (string, map[string]string) {
	bucket, _, _ := strings.Cut(strings.TrimPrefix(path, "/"), "/")
	if method != http.MethodGet || bucket == "" {
		return "", nil
	}
	for sub, op := range s3Subresources {
		if _, ok := query[sub]; ok {
			return op, map[string]string{"Bucket": bucket}
		}
	}
	return "", nil
}

// S3XML returns an S3 answer: the XML document as given.
func S3XML(doc string) Response {
	return Response{ContentType: "application/xml", Body: []byte(`<?xml version="1.0" encoding="UTF-8"?>` + "\n" + doc)}
}

// s3Error is S3's error document.
func s3Error(status int, code, message string) Response {
	return Response{Status: status, ContentType: "application/xml", Body: []byte(fmt.Sprintf(
		`<?xml version="1.0" encoding="UTF-8"?>`+"\n"+`<Error><Code>%s</Code><Message>%s</Message><RequestId>0000000000000000</RequestId><HostId>aG9zdA==</HostId></Error>`,
		esc(code), esc(message)))}
}

// s3NotFound is S3's answer for a bucket without the configuration asked
// for.
func s3NotFound(r *Request) Response {
	switch r.Operation {
	case "GetBucketPolicy":
		return s3Error(404, "NoSuchBucketPolicy", "The bucket policy does not exist")
	case "GetPublicAccessBlock":
		return s3Error(404, "NoSuchPublicAccessBlockConfiguration", "The public access block configuration was not found")
	}
	return s3Error(404, "NoSuchBucket", "The specified bucket does not exist")
}

// s3Empty is the answer for a bucket with nothing configured.
func s3Empty(r *Request) Response {
	switch r.Operation {
	case "GetBucketAcl":
		return S3XML(`<AccessControlPolicy xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Owner><ID>0000</ID></Owner><AccessControlList></AccessControlList></AccessControlPolicy>`)
	case "GetBucketNotificationConfiguration":
		return S3XML(`<NotificationConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"></NotificationConfiguration>`)
	}
	return s3NotFound(r)
}
