package live

import (
	"context"
	"slices"
	"sort"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail"
	cttypes "github.com/aws/aws-sdk-go-v2/service/cloudtrail/types"

	"github.com/lambdasec/lambdasec/internal/inventory"
)

// CloudTrail: DescribeTrails with shadow trails lists every trail that
// covers the region (a multi-region or organization trail appears in each
// region it covers); its status and event selectors are asked once, in
// its home region.
// https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_DescribeTrails.html
// https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_GetTrailStatus.html
// https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_GetEventSelectors.html
var (
	opDescribeTrails = op(cloudtrail.ServiceID, "DescribeTrails", "cloudtrail:DescribeTrails",
		"the trails that cover each region, with their home region", "LS603", "LS604", "LS605", "LS606")
	opGetTrailStatus = op(cloudtrail.ServiceID, "GetTrailStatus", "cloudtrail:GetTrailStatus",
		"whether each trail is logging", "LS603", "LS604")
	opGetEventSelectors = op(cloudtrail.ServiceID, "GetEventSelectors", "cloudtrail:GetEventSelectors",
		"whether each trail records management events and Lambda data events (Invoke)", "LS603", "LS604")
)

// fieldLogging is the Gap field of a trail whose status was not read.
const fieldLogging = "logging"

// collectTrails reads the trails that cover the region.
func (r *region) collectTrails(ctx context.Context) {
	client := cloudtrail.NewFromConfig(r.cfg)
	out, err := client.DescribeTrails(ctx, &cloudtrail.DescribeTrailsInput{IncludeShadowTrails: aws.Bool(true)})
	if err != nil {
		r.estateGap(call(opDescribeTrails), err, "trails")
		return
	}
	var mine []cttypes.Trail
	for _, t := range out.TrailList {
		if r.readsTrail(aws.ToString(t.HomeRegion)) {
			mine = append(mine, t)
		}
	}
	trails := make([]*inventory.Trail, len(mine))
	r.each(ctx, len(mine), func(i int) { trails[i] = r.trail(ctx, client, mine[i]) })
	var keep []*inventory.Trail
	for _, t := range trails {
		if t != nil {
			keep = append(keep, t)
		}
	}
	r.add(func(e *inventory.Estate) { e.Trails = append(e.Trails, keep...) })
}

// readsTrail reports whether this region reads a trail whose home region
// is home: the home region does, and when the home region is not among
// those collected, every region that lists the trail does (the estate
// keeps one trail per ARN).
func (r *region) readsTrail(home string) bool {
	return home == "" || home == r.name || !slices.Contains(r.opts.Regions, home)
}

// trail maps a trail and reads its status and selectors (by ARN, which
// names a trail of another region or account). It returns nil when the
// trail is gone.
func (r *region) trail(ctx context.Context, client *cloudtrail.Client, t cttypes.Trail) *inventory.Trail {
	arn := aws.ToString(t.TrailARN)
	home := aws.ToString(t.HomeRegion)
	if home == "" {
		home = r.name
	}
	tr := &inventory.Trail{
		Resource:    inventory.Resource{ID: arn, ARN: arn, Name: aws.ToString(t.Name), Region: home, Source: inventory.Source{ARN: arn}},
		MultiRegion: aws.ToBool(t.IsMultiRegionTrail),
		// DescribeTrails gives the integrity, encryption and delivery settings.
		LogFileValidation: aws.ToBool(t.LogFileValidationEnabled),
		KMSKey:            aws.ToString(t.KmsKeyId),
		LogGroup:          aws.ToString(t.CloudWatchLogsLogGroupArn),
	}
	st, err := client.GetTrailStatus(ctx, &cloudtrail.GetTrailStatusInput{Name: aws.String(arn)})
	switch {
	case trailGone(err):
		return nil
	case err != nil:
		gap(&tr.Resource, call(opGetTrailStatus), err, fieldLogging)
	default:
		tr.Logging = aws.ToBool(st.IsLogging)
	}
	sel, err := client.GetEventSelectors(ctx, &cloudtrail.GetEventSelectorsInput{TrailName: aws.String(arn)})
	switch {
	case trailGone(err):
		return nil
	case err != nil:
		gap(&tr.Resource, call(opGetEventSelectors), err, inventory.FieldEventSelectors)
	default:
		eventSelectors(tr, sel.EventSelectors, sel.AdvancedEventSelectors)
	}
	return tr
}

// trailGone reports whether err says the trail no longer exists.
func trailGone(err error) bool {
	return isNotFound(err) || errorCode(err) == "TrailNotFoundException"
}

// eventSelectors maps basic and advanced event selectors the way a
// template's are read (inventory.Trail.AddBasicSelectors and
// AddAdvancedSelectors), with the values of each data resource sorted:
// the API's order is not the selectors' meaning.
// https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_GetEventSelectors.html
func eventSelectors(t *inventory.Trail, basic []cttypes.EventSelector, advanced []cttypes.AdvancedEventSelector) {
	bs := make([]inventory.BasicSelector, len(basic))
	for i, s := range basic {
		bs[i] = inventory.BasicSelector{IncludeManagementEvents: s.IncludeManagementEvents, ReadWriteType: string(s.ReadWriteType)}
		for _, d := range s.DataResources {
			bs[i].DataResources = append(bs[i].DataResources, inventory.DataResource{Type: aws.ToString(d.Type), Values: sortedCopy(d.Values)})
		}
	}
	t.AddBasicSelectors(bs)
	sels := make([]inventory.AdvancedSelector, len(advanced))
	for i, s := range advanced {
		sels[i].Name = aws.ToString(s.Name)
		for _, f := range s.FieldSelectors {
			sels[i].Fields = append(sels[i].Fields, inventory.FieldSelector{Field: aws.ToString(f.Field), Equals: f.Equals,
				StartsWith: f.StartsWith, EndsWith: f.EndsWith, NotEquals: f.NotEquals, NotStartsWith: f.NotStartsWith, NotEndsWith: f.NotEndsWith})
		}
	}
	n := len(t.DataResources)
	t.AddAdvancedSelectors(sels)
	for i := n; i < len(t.DataResources); i++ {
		sort.Strings(t.DataResources[i].Values) // the API's order is not the selector's meaning
		sort.Strings(t.DataResources[i].Prefixes)
	}
	sort.SliceStable(t.DataResources, func(i, j int) bool { return t.DataResources[i].Type < t.DataResources[j].Type })
}

// sortedCopy returns a sorted copy of ss, or nil.
func sortedCopy(ss []string) []string {
	if len(ss) == 0 {
		return nil
	}
	out := append([]string(nil), ss...)
	sort.Strings(out)
	return out
}
