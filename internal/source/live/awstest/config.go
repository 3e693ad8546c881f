package awstest

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
)

// Config returns an aws.Config whose clients talk to the server: static
// credentials, the given region, and the server's URL as the base
// endpoint of every service. Retries use the SDK's standard retryer with
// no backoff delay, so fault tests run fast.
func (s *Server) Config(region string) aws.Config {
	return aws.Config{
		Region:           region,
		Credentials:      credentials.NewStaticCredentialsProvider("AKIDAWSTEST", "secret", ""),
		BaseEndpoint:     aws.String(s.URL),
		HTTPClient:       s.Client(),
		RetryMaxAttempts: 10,
		Retryer:          nil,
	}
}

// Background is a context for tests.
func Background() context.Context { return context.Background() }
