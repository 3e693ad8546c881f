package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/smithy-go/logging"
	"github.com/spf13/cobra"
)

// awsFlags are the flags every command that talks to AWS takes.
type awsFlags struct {
	profile     string
	region      string
	endpointURL string
}

func (a *awsFlags) register(cmd *cobra.Command, defaultRegion string) {
	f := cmd.Flags()
	f.StringVar(&a.profile, "profile", "", "AWS shared config `PROFILE` (default: the standard credential chain)")
	f.StringVar(&a.region, "region", defaultRegion, "AWS `REGION` (default: from the profile or AWS_REGION)")
	f.StringVar(&a.endpointURL, "endpoint-url", "", "send every AWS request to `URL` (an AWS-compatible endpoint)")
}

// load builds an aws.Config from the standard credential chain and the
// flags.
func (a *awsFlags) load(ctx context.Context) (aws.Config, error) {
	var opts []func(*config.LoadOptions) error
	if a.profile != "" {
		opts = append(opts, config.WithSharedConfigProfile(a.profile))
	}
	if a.region != "" {
		opts = append(opts, config.WithRegion(a.region))
	}
	// The SDK's own log lines ("SDK ... WARN falling back to IMDSv1")
	// mean nothing to a user: what fails is said once, below, or
	// attributed by the collector.
	opts = append(opts, config.WithLogger(logging.Nop{}))
	cfg, err := config.LoadDefaultConfig(ctx, opts...)
	if err != nil {
		return aws.Config{}, fmt.Errorf("load AWS configuration: %w", err)
	}
	if _, err := cfg.Credentials.Retrieve(ctx); err != nil {
		return aws.Config{}, fmt.Errorf("no AWS credentials (%s): give a profile with --profile or AWS_PROFILE (aws configure, aws sso login), "+
			"or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or run where an instance or task role applies; "+
			"see https://docs.aws.amazon.com/sdkref/latest/guide/standardized-credentials.html", innermost(err))
	}
	if a.endpointURL != "" {
		cfg.BaseEndpoint = aws.String(a.endpointURL)
	}
	if cfg.Region == "" {
		cfg.Region = "us-east-1"
	}
	return cfg, nil
}

// innermost returns the message of the error at the end of err's chain:
// the cause, without the SDK's layers of context.
func innermost(err error) string {
	for {
		next := errors.Unwrap(err)
		if next == nil {
			return err.Error()
		}
		err = next
	}
}

// cacheDir is where lambdasec keeps data it fetched (the managed policy
// documents): $LAMBDASEC_CACHE_DIR, or the user cache directory.
func cacheDir() (string, error) {
	if d := os.Getenv("LAMBDASEC_CACHE_DIR"); d != "" {
		return d, nil
	}
	d, err := os.UserCacheDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(d, "lambdasec"), nil
}

// managedCachePath is the synced managed policy cache file.
func managedCachePath() (string, error) {
	d, err := cacheDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(d, "managed-policies.json"), nil
}
