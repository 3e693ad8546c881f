package live

import (
	"context"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail"
	cttypes "github.com/aws/aws-sdk-go-v2/service/cloudtrail/types"
	"golang.org/x/time/rate"
)

// opLookupEvents is CloudTrail's event history lookup, which `lambdasec
// trail --aws` reads Lambda's management events from.
// https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_LookupEvents.html
var opLookupEvents = op(cloudtrail.ServiceID, "LookupEvents", "cloudtrail:LookupEvents",
	"Lambda's management events of the last 90 days (lambdasec trail --aws)",
	"LS801", "LS802", "LS803", "LS804", "LS805", "LS806", "LS807", "LS808", "LS809", "LS810", "LS811", "LS812", "LS815")

// LookupEventsRate is the quota of LookupEvents: two requests per
// second, per account, per Region ("The rate of lookup requests is
// limited to two per second, per account, per Region").
// https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_LookupEvents.html
const LookupEventsRate = 2

// LookupEvents reads the Lambda events (eventSource
// lambda.amazonaws.com) of the region of cfg between start and end (a
// zero end means now) from CloudTrail's event history, 50 a page, pacing
// the pages at LookupEventsRate a second. It calls record with each
// event's CloudTrailEvent (the record as JSON) and its event ID, in the
// order CloudTrail returns them (newest first). It returns the number of
// pages read; the error is the API's (wrapped with the operation) or
// record's, and stops the reading. Event history holds management events
// only: data events (Invoke) need a trail's log files.
func LookupEvents(ctx context.Context, cfg aws.Config, start, end time.Time, record func(json, id string) error) (int, error) {
	client := cloudtrail.NewFromConfig(cfg)
	in := &cloudtrail.LookupEventsInput{
		LookupAttributes: []cttypes.LookupAttribute{{AttributeKey: cttypes.LookupAttributeKeyEventSource, AttributeValue: aws.String("lambda.amazonaws.com")}},
		MaxResults:       aws.Int32(50),
	}
	if !start.IsZero() {
		in.StartTime = aws.Time(start)
	}
	if !end.IsZero() {
		in.EndTime = aws.Time(end)
	}
	pacer := rate.NewLimiter(LookupEventsRate, 1)
	p := cloudtrail.NewLookupEventsPaginator(client, in)
	pages := 0
	for p.HasMorePages() {
		if err := pacer.Wait(ctx); err != nil {
			return pages, err
		}
		out, err := p.NextPage(ctx)
		if err != nil {
			return pages, fmt.Errorf("%s in %s: %w", call(opLookupEvents), cfg.Region, err)
		}
		pages++
		for _, ev := range out.Events {
			if err := record(aws.ToString(ev.CloudTrailEvent), aws.ToString(ev.EventId)); err != nil {
				return pages, err
			}
		}
	}
	return pages, nil
}
