package live

import (
	"context"
	"sort"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/configservice"

	"github.com/lambdasec/lambdasec/internal/inventory"
)

// What the detection posture rules read besides trails, alarms, log groups
// and the detection services' status: the region's CloudWatch Logs metric
// filters (which of them count Lambda's CloudTrail events, LS607) and its
// AWS Config recorders' recording groups (whether they record
// AWS::Lambda::Function, LS611).
// https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_DescribeMetricFilters.html
// https://docs.aws.amazon.com/config/latest/APIReference/API_DescribeConfigurationRecorders.html
var (
	opDescribeMetricFilters = op(cloudwatchlogs.ServiceID, "DescribeMetricFilters", "logs:DescribeMetricFilters",
		"the metric filters that count Lambda's CloudTrail events (AddPermission, CreateFunctionUrlConfig)", "LS607")
	opDescribeConfigRecorders = op(configservice.ServiceID, "DescribeConfigurationRecorders", "config:DescribeConfigurationRecorders",
		"which resource types AWS Config records (AWS::Lambda::Function)", "LS611")
)

// collectDetection reads the region's metric filters and configuration
// recorders; a call that fails is a gap of the region ("metric filters in
// REGION", "configuration recorders in REGION").
func (r *region) collectDetection(ctx context.Context) {
	r.collectMetricFilters(ctx)
	r.collectConfigRecorders(ctx)
}

// collectMetricFilters lists every metric filter of the region (one
// paginated call, not one per log group). Each is identified by its log
// group's ARN and its name, since a metric filter has no ARN of its own.
func (r *region) collectMetricFilters(ctx context.Context) {
	client := cloudwatchlogs.NewFromConfig(r.cfg)
	var out []*inventory.MetricFilter
	p := cloudwatchlogs.NewDescribeMetricFiltersPaginator(client, &cloudwatchlogs.DescribeMetricFiltersInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			r.estateGap(call(opDescribeMetricFilters), err, "metric filters")
			break
		}
		for _, f := range page.MetricFilters {
			group, name := aws.ToString(f.LogGroupName), aws.ToString(f.FilterName)
			id := r.arn("logs", r.id, "log-group:"+group+":metric-filter:"+name)
			mf := &inventory.MetricFilter{
				Resource: inventory.Resource{ID: id, Name: name, Region: r.name, Source: inventory.Source{ARN: id}},
				LogGroup: group, Pattern: aws.ToString(f.FilterPattern),
			}
			for _, t := range f.MetricTransformations {
				mf.Metrics = append(mf.Metrics, inventory.MetricName{Namespace: aws.ToString(t.MetricNamespace), Name: aws.ToString(t.MetricName)})
			}
			out = append(out, mf)
		}
	}
	r.add(func(e *inventory.Estate) { e.MetricFilters = append(e.MetricFilters, out...) })
}

// collectConfigRecorders reads the recording groups of the region's
// configuration recorders (whether they run is DescribeConfigurationRecorderStatus's,
// in RegionSettings.ConfigRecorder). A recorder with no recording group
// records every supported type.
func (r *region) collectConfigRecorders(ctx context.Context) {
	res, err := configservice.NewFromConfig(r.cfg).DescribeConfigurationRecorders(ctx, &configservice.DescribeConfigurationRecordersInput{})
	if err != nil {
		r.estateGap(call(opDescribeConfigRecorders), err, "configuration recorders")
		return
	}
	var out []*inventory.ConfigRecorder
	for _, c := range res.ConfigurationRecorders {
		name := aws.ToString(c.Name)
		id := aws.ToString(c.Arn)
		if id == "" {
			id = r.arn("config", r.id, "config-recorder/"+name)
		}
		cr := &inventory.ConfigRecorder{Resource: inventory.Resource{ID: id, ARN: aws.ToString(c.Arn), Name: name, Region: r.name, Source: inventory.Source{ARN: id}}, AllSupported: true}
		if g := c.RecordingGroup; g != nil {
			cr.AllSupported = g.AllSupported
			for _, t := range g.ResourceTypes {
				cr.ResourceTypes = append(cr.ResourceTypes, string(t))
			}
			if g.RecordingStrategy != nil && g.RecordingStrategy.UseOnly == "EXCLUSION_BY_RESOURCE_TYPES" && g.ExclusionByResourceTypes != nil {
				cr.AllSupported = true
				for _, t := range g.ExclusionByResourceTypes.ResourceTypes {
					cr.ExcludedTypes = append(cr.ExcludedTypes, string(t))
				}
			}
		}
		sort.Strings(cr.ResourceTypes)
		sort.Strings(cr.ExcludedTypes)
		out = append(out, cr)
	}
	r.add(func(e *inventory.Estate) { e.ConfigRecorders = append(e.ConfigRecorders, out...) })
}
