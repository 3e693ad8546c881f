// Command reports lists yesterday's invoices and writes a summary beside
// them.
package main

import (
	"context"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

type reporter struct {
	s3     *s3.Client
	bucket string
}

func (r *reporter) handle(ctx context.Context) error {
	day := time.Now().AddDate(0, 0, -1).Format("2006-01-02")
	p := s3.NewListObjectsV2Paginator(r.s3, &s3.ListObjectsV2Input{Bucket: aws.String(r.bucket), Prefix: aws.String("invoices/")})
	var keys []string
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		for _, o := range page.Contents {
			keys = append(keys, aws.ToString(o.Key))
		}
	}
	_, err := r.s3.PutObject(ctx, &s3.PutObjectInput{
		Bucket: aws.String(r.bucket),
		Key:    aws.String("reports/" + day + ".txt"),
		Body:   strings.NewReader(fmt.Sprintf("%d invoices\n", len(keys))),
	})
	return err
}

func main() {
	cfg, err := config.LoadDefaultConfig(context.Background())
	if err != nil {
		panic(err)
	}
	r := &reporter{s3: s3.NewFromConfig(cfg), bucket: os.Getenv("BUCKET")}
	lambda.Start(r.handle)
}
