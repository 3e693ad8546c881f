package live

import (
	"context"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	logstypes "github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs/types"

	"github.com/lambdasec/lambdasec/internal/inventory"
)

// lambdaLogPrefix is where Lambda writes a function's logs by default
// (/aws/lambda/NAME).
// https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs.html
const lambdaLogPrefix = "/aws/lambda/"

// DescribeLogGroups lists the log groups under /aws/lambda/ in one
// paginated listing rather than one call per function.
// https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_DescribeLogGroups.html
var opDescribeLogGroups = op(cloudwatchlogs.ServiceID, "DescribeLogGroups", "logs:DescribeLogGroups",
	"the retention and KMS key of the functions' log groups (/aws/lambda/NAME)", "LS609", "LS610")

// collectLogGroups reads the log groups of the region's functions: those
// named /aws/lambda/NAME after a function. (A function that logs to a
// group of its own choosing, LoggingConfig.LogGroup, is not followed: the
// model does not keep that setting.)
func (r *region) collectLogGroups(ctx context.Context) {
	fns := r.regionFunctions()
	if len(fns) == 0 {
		return
	}
	wanted := map[string]bool{}
	for _, f := range fns {
		wanted[lambdaLogPrefix+f.Name] = true
	}
	client := cloudwatchlogs.NewFromConfig(r.cfg)
	var out []*inventory.LogGroup
	p := cloudwatchlogs.NewDescribeLogGroupsPaginator(client, &cloudwatchlogs.DescribeLogGroupsInput{LogGroupNamePrefix: aws.String(lambdaLogPrefix)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			r.estateGap(call(opDescribeLogGroups), err, "log groups")
			break
		}
		for _, g := range page.LogGroups {
			if wanted[aws.ToString(g.LogGroupName)] {
				out = append(out, r.logGroupOf(g))
			}
		}
	}
	r.add(func(e *inventory.Estate) { e.LogGroups = append(e.LogGroups, out...) })
}

// logGroupOf maps a log group; its ARN without the trailing ":*" is the ID.
// No RetentionInDays means the logs never expire (RetentionDays 0).
func (r *region) logGroupOf(g logstypes.LogGroup) *inventory.LogGroup {
	arn := aws.ToString(g.LogGroupArn)
	if arn == "" {
		arn = strings.TrimSuffix(aws.ToString(g.Arn), ":*")
	}
	return &inventory.LogGroup{
		Resource:      inventory.Resource{ID: arn, ARN: arn, Name: aws.ToString(g.LogGroupName), Region: r.name, Source: inventory.Source{ARN: arn}},
		RetentionDays: int(aws.ToInt32(g.RetentionInDays)),
		KMSKey:        aws.ToString(g.KmsKeyId),
	}
}
