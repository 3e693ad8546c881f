package inventory

// Gap fields LS617 reads: where a Web Function endpoint serves from, and
// whether a trail records every Region.
const (
	// FieldEndpointType names WebFunctionEndpoint.EndpointType when the
	// source gives a value that cannot be resolved (a parameter with no
	// default, a variable with no value).
	// https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-lambda-webfunctionendpoint.html
	FieldEndpointType = "endpointType"
	// FieldMultiRegion names Trail.MultiRegion when the source's
	// IsMultiRegionTrail (is_multi_region_trail) cannot be resolved.
	// https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-cloudtrail-trail.html
	FieldMultiRegion = "multiRegion"
)

// Web Function endpoint types: where an endpoint serves requests from.
// A HomeRegion endpoint serves from the Region it was created in; a
// MultiRegion one from that Region and the Regions it lists, routing each
// request to the nearest; a PerRegion one gives each of those Regions an
// endpoint of its own.
// https://docs.aws.amazon.com/lambda/latest/lambda-web/API_EndpointConfig.html
// https://docs.aws.amazon.com/lambda/latest/dg/web-functions-endpoints.html
const (
	WebEndpointHomeRegion  = "HomeRegion"
	WebEndpointMultiRegion = "MultiRegion"
	WebEndpointPerRegion   = "PerRegion"
)
