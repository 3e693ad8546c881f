package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
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
	cfg, err := config.LoadDefaultConfig(ctx, opts...)
	if err != nil {
		return aws.Config{}, fmt.Errorf("load AWS configuration: %w", err)
	}
	if a.endpointURL != "" {
		cfg.BaseEndpoint = aws.String(a.endpointURL)
	}
	if cfg.Region == "" {
		cfg.Region = "us-east-1"
	}
	return cfg, nil
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
