package live

import (
	"context"
	"errors"
	"io"
	"net"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	"github.com/aws/smithy-go"
	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/lambdasec/lambdasec/internal/inventory"
)

// lambdaNamespace is the CloudWatch namespace of Lambda's metrics.
// https://docs.aws.amazon.com/lambda/latest/dg/monitoring-metrics-types.html
const lambdaNamespace = "AWS/Lambda"

// DescribeAlarms lists the region's metric alarms (CloudWatch has no
// filter by namespace, so they are filtered here).
// https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_DescribeAlarms.html
var opDescribeAlarms = op(cloudwatch.ServiceID, "DescribeAlarms", "cloudwatch:DescribeAlarms",
	"the region's metric alarms on Lambda metrics (AWS/Lambda) and on custom metrics (metric filters)", "LS607", "LS608")

// collectAlarms reads the metric alarms of the region that watch a Lambda
// metric. A page that fails is a gap of the region.
func (r *region) collectAlarms(ctx context.Context) {
	client := cloudwatch.NewFromConfig(r.cfg, func(o *cloudwatch.Options) {
		o.APIOptions = append(o.APIOptions, undecodedAsDeserializationError)
	})
	var out []*inventory.Alarm
	p := cloudwatch.NewDescribeAlarmsPaginator(client, &cloudwatch.DescribeAlarmsInput{AlarmTypes: []cwtypes.AlarmType{cwtypes.AlarmTypeMetricAlarm}})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			r.estateGap(call(opDescribeAlarms), err, "alarms")
			break
		}
		for _, a := range page.MetricAlarms {
			if al := r.alarmOf(a); al != nil {
				out = append(out, al)
			}
		}
	}
	r.add(func(e *inventory.Estate) { e.Alarms = append(e.Alarms, out...) })
}

// customMetric reports whether namespace is one of the account's own
// (not "AWS/..."): where a metric filter writes the count of the
// CloudTrail events it matches, so an alarm there may watch Lambda's
// control plane (LS607).
func customMetric(namespace string) bool {
	return namespace != "" && !strings.HasPrefix(namespace, "AWS/")
}

// alarmOf maps an alarm on a Lambda metric or a custom metric, or returns nil. An alarm on a
// metric math expression is mapped by its first AWS/Lambda metric.
func (r *region) alarmOf(a cwtypes.MetricAlarm) *inventory.Alarm {
	ns, name, dims := aws.ToString(a.Namespace), aws.ToString(a.MetricName), a.Dimensions
	if ns == "" {
		for _, q := range a.Metrics {
			if q.MetricStat != nil && q.MetricStat.Metric != nil && aws.ToString(q.MetricStat.Metric.Namespace) == lambdaNamespace {
				m := q.MetricStat.Metric
				ns, name, dims = lambdaNamespace, aws.ToString(m.MetricName), m.Dimensions
				break
			}
		}
	}
	if ns != lambdaNamespace && !customMetric(ns) {
		return nil
	}
	arn := aws.ToString(a.AlarmArn)
	al := &inventory.Alarm{
		Resource:  inventory.Resource{ID: arn, ARN: arn, Name: aws.ToString(a.AlarmName), Region: r.name, Source: inventory.Source{ARN: arn}},
		Namespace: ns, MetricName: name,
	}
	for _, d := range dims {
		if al.Dimensions == nil {
			al.Dimensions = map[string]string{}
		}
		al.Dimensions[aws.ToString(d.Name)] = aws.ToString(d.Value)
	}
	return al
}

// undecodedAsDeserializationError makes a CloudWatch response body that
// is not CBOR fail with a *smithy.DeserializationError, as every other
// service's undecodable answer does, so classify can say what answered
// (see wireFormats). The pinned cloudwatch module (go.mod: the last
// release before schema-based serde, for binary size) returns the CBOR
// decoder's error bare ("unexpected minor value 28") when a 200 response
// does not decode; its error responses are already wrapped. It sits just
// outside the operation's deserializer, inside the SDK's response-error
// wrapper: an error the SDK already typed (an API error, a
// deserialization error, a failed send, a cancelled context) or a
// network error reading the body is left as it is.
func undecodedAsDeserializationError(stack *middleware.Stack) error {
	mw := middleware.DeserializeMiddlewareFunc("lambdasecUndecoded", func(ctx context.Context, in middleware.DeserializeInput, next middleware.DeserializeHandler) (middleware.DeserializeOutput, middleware.Metadata, error) {
		out, md, err := next.HandleDeserialize(ctx, in)
		if err == nil || ctx.Err() != nil {
			return out, md, err
		}
		var (
			api  smithy.APIError
			de   *smithy.DeserializationError
			send *smithyhttp.RequestSendError
			can  *smithy.CanceledError
			ne   net.Error
		)
		if errors.As(err, &api) || errors.As(err, &de) || errors.As(err, &send) || errors.As(err, &can) || errors.As(err, &ne) ||
			errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, context.DeadlineExceeded) {
			return out, md, err
		}
		return out, md, &smithy.DeserializationError{Err: err}
	})
	if _, ok := stack.Deserialize.Get("OperationDeserializer"); ok {
		return stack.Deserialize.Insert(mw, "OperationDeserializer", middleware.Before)
	}
	return stack.Deserialize.Add(mw, middleware.After)
}
