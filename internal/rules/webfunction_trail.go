package rules

import (
	"fmt"
	"slices"
	"strings"

	"github.com/lambdasec/lambdasec/internal/inventory"
)

// LS617: whether the invocations of a Web Function endpoint that serves
// from more than one Region are recorded in each of them. CloudTrail
// records an InvokeWebFunctionEndpoint data event in the Region that
// served the request and does not centralise it into the home Region, so
// a trail of the home Region alone misses the others.

// The facts LS617 rests on.
const (
	// webFunctionType is the CloudTrail data event resource type
	// (resources.type) of a Lambda Web Function, whose data event is
	// InvokeWebFunctionEndpoint; resources.ARN is the Web Function's ARN,
	// not the endpoint's.
	// https://docs.aws.amazon.com/lambda/latest/dg/web-functions-logging-cloudtrail.html
	webFunctionType = "AWS::Lambda::WebFunction"
	// webFunctionARNPart precedes a Web Function's name in its ARN
	// (arn:aws:lambda:us-east-1:111122223333:web-function/hello-world).
	// https://docs.aws.amazon.com/lambda/latest/dg/web-functions-logging-cloudtrail.html
	webFunctionARNPart = ":web-function/"

	docWebTrail     = "https://docs.aws.amazon.com/lambda/latest/dg/web-functions-logging-cloudtrail.html"
	docWebEndpoints = "https://docs.aws.amazon.com/lambda/latest/dg/web-functions-endpoints.html"
	// docFieldSelector says resources.type is required in a data event
	// selector, with Equals only: no trail selector records "every data
	// event" without naming the type.
	docFieldSelector = "https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_AdvancedFieldSelector.html"
	// docDataResource says a basic event selector takes only
	// AWS::DynamoDB::Table, AWS::Lambda::Function and AWS::S3::Object.
	docDataResource = "https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_DataResource.html"
)

var webEndpointTrail = &Rule{
	ID:       "LS617",
	Name:     "web-endpoint-invocations-not-logged-every-region",
	Severity: Medium,
	Title:    "Invocations of a MultiRegion or PerRegion Web Function endpoint are not recorded in every Region it serves",
	Description: "CloudTrail records each invocation of a Lambda Web Function (InvokeWebFunctionEndpoint, a data event of " +
		"resource type AWS::Lambda::WebFunction) in the Region that served the request; AWS: \"invocation events are not " +
		"centralized into the home Region. For a MultiRegion or PerRegion endpoint, use a multi-Region trail or event data " +
		"store so that invocations in every Region that the endpoint serves are recorded.\" Without it, who called the " +
		"function from the other Regions is not known. The rule judges MultiRegion and PerRegion endpoints: it passes one " +
		"when a logging multi-Region trail has an advanced event selector with resources.type AWS::Lambda::WebFunction " +
		"that selects the endpoint's Web Function (every Web Function, its ARN, an ARN prefix ending in ':' or '/', or a " +
		"reference to it), or when logging single-Region trails that select it cover each Region the endpoint serves " +
		"(the home Region and its Regions). Nothing else records these events: a data event selector must name " +
		"resources.type, and basic event selectors take only S3 objects, Lambda functions and DynamoDB tables. It fails " +
		"when no trail records them, or only a single-Region trail does; it is UNKNOWN when a template defines no trail " +
		"(the account's trail usually lives elsewhere), a selector, IsMultiRegionTrail or EndpointType is unresolved, or " +
		"a live account's trails or event selectors could not be read (any selector that lambdasec cannot model makes " +
		"the trail UNKNOWN rather than covering). HomeRegion endpoints are not judged: they serve from one Region, " +
		"so theirs is the single-Region question of whether Web Function data events are recorded at all, not this " +
		"rule's. Not modelled: CloudTrail Lake event data stores, and readOnly or eventName filters in a selector " +
		"(readOnly true would leave InvokeWebFunctionEndpoint, a write event, out). Live accounts' endpoints are not " +
		"read (the Go SDK has no Lambda Web API yet), so the rule judges templates, Terraform and snapshots that hold them.",
	Remediation: Remediation{
		Text:           "Record Web Function data events in a multi-Region trail (an organization trail, or the account's), for every Web Function or for this one by ARN.",
		CLI:            "aws cloudtrail put-event-selectors --trail-name TRAIL --advanced-event-selectors '[{\"Name\":\"Web Function invocations\",\"FieldSelectors\":[{\"Field\":\"eventCategory\",\"Equals\":[\"Data\"]},{\"Field\":\"resources.type\",\"Equals\":[\"AWS::Lambda::WebFunction\"]}]}]' && aws cloudtrail update-trail --name TRAIL --is-multi-region-trail",
		CloudFormation: "AWS::CloudTrail::Trail: IsMultiRegionTrail: true; AdvancedEventSelectors: [{Name: Web Function invocations, FieldSelectors: [{Field: eventCategory, Equals: [Data]}, {Field: resources.type, Equals: [AWS::Lambda::WebFunction]}]}]",
		Terraform:      "resource \"aws_cloudtrail\" \"main\" { is_multi_region_trail = true; advanced_event_selector { name = \"Web Function invocations\"; field_selector { field = \"eventCategory\"; equals = [\"Data\"] }; field_selector { field = \"resources.type\"; equals = [\"AWS::Lambda::WebFunction\"] } } }",
	},
	References: []string{docWebTrail, docWebEndpoints, docWebEndpointCFN, docFieldSelector, docDataResource},
	Compliance: []Compliance{{"OWASP Serverless Top 10", "SAS-10"}},
	Check:      checkWebEndpointTrail,
}

// checkWebEndpointTrail judges every MultiRegion and PerRegion Web
// Function endpoint of the estate (and those whose type is not known).
func checkWebEndpointTrail(in *Input) []Result {
	start := func(ep *inventory.WebFunctionEndpoint) Result { return resultFor(&ep.Resource, KindWebEndpoint) }
	return each(in.Estate.WebFunctionEndpoints, start, func(ep *inventory.WebFunctionEndpoint, res *Result) bool {
		switch ep.EndpointType {
		case inventory.WebEndpointHomeRegion:
			return false
		case inventory.WebEndpointMultiRegion, inventory.WebEndpointPerRegion:
			judgeWebEndpointTrails(in, ep, res)
		case "":
			if !gapUnknown(ep, inventory.FieldEndpointType, res) {
				res.unknown("EndpointType is not set (it is required), so the Regions the endpoint serves are not known")
			}
		default:
			res.unknown(fmt.Sprintf("EndpointType %q is not one lambdasec knows", ep.EndpointType))
		}
		return true
	})
}

// Whether a trail selects a Web Function's data events.
type selects int

const (
	selectsNo selects = iota
	selectsMaybe
	selectsYes
)

// webIdentity is what names an endpoint's Web Function in an event
// selector: the IDs a template reference may point to, its ARNs and its
// names.
type webIdentity struct {
	ids, arns, names []string
}

// webIdentityOf gathers the names of ep's Web Function: the endpoint's
// FunctionName and, when the estate defines the function, its ID, name
// and ARN.
func webIdentityOf(in *Input, ep *inventory.WebFunctionEndpoint) webIdentity {
	var id webIdentity
	add := func(s string, name bool) {
		switch {
		case s == "":
		case strings.HasPrefix(s, "arn:") && !inventory.HasToken(s):
			id.arns = append(id.arns, s)
		case inventory.HasToken(s):
		case name:
			id.names = append(id.names, s)
		}
	}
	id.ids = append(id.ids, ep.Function)
	w := in.Estate.WebFunctionOf(ep.Function)
	add(ep.Function, w == nil) // a function outside the estate: its name or ARN
	if w != nil {
		id.ids = append(id.ids, w.ID)
		add(w.Name, true)
		add(w.ARN, false)
	}
	return id
}

// webDataSelector reports whether data resource d of a trail selects the
// Web Function id names, and why not when that cannot be told. A value
// of d.Values counts as a prefix only when it ends in ':' or '/', where
// one ARN cannot be the start of another (snapshots written before
// Prefixes existed hold StartsWith values there); d.Prefixes are
// prefixes. A selector that may leave some events out (d.Partial)
// selects at best maybe.
func webDataSelector(d inventory.DataResource, id webIdentity) (selects, string) {
	got, why := webDataSelectorWhole(d, id)
	return atMostPartial(d, got, why)
}

// webDataSelectorWhole is webDataSelector before d.Partial is weighed.
func webDataSelectorWhole(d inventory.DataResource, id webIdentity) (selects, string) {
	var why string
	types := strings.Split(d.Type, ",")
	for _, t := range types {
		if r, ok := inventory.UnresolvedReason(t); ok {
			why = "its resources.type is unresolved: " + r
		}
	}
	if !slices.Contains(types, webFunctionType) {
		if why != "" {
			return selectsMaybe, why
		}
		return selectsNo, ""
	}
	if len(d.Values)+len(d.Prefixes) == 0 {
		return selectsYes, ""
	}
	for _, p := range d.Prefixes {
		if ref, ok := inventory.RefTarget(p); ok && slices.Contains(id.ids, ref) {
			return selectsYes, ""
		}
		for _, a := range id.arns {
			if strings.HasPrefix(a, p) {
				return selectsYes, ""
			}
		}
		if len(id.arns) == 0 {
			why = fmt.Sprintf("whether its resources.ARN prefix %s takes in the Web Function is not known (its ARN is not)", p)
		}
	}
	for _, v := range d.Values {
		if r, ok := inventory.UnresolvedReason(v); ok {
			why = "its resources.ARN value is unresolved: " + r
			continue
		}
		if ref, ok := inventory.RefTarget(v); ok && slices.Contains(id.ids, ref) {
			return selectsYes, ""
		}
		prefix := strings.HasSuffix(v, ":") || strings.HasSuffix(v, "/")
		for _, a := range id.arns {
			if v == a || prefix && strings.HasPrefix(a, v) {
				return selectsYes, ""
			}
		}
		if _, name, ok := strings.Cut(v, webFunctionARNPart); ok && slices.Contains(id.names, name) {
			return selectsYes, ""
		}
		if prefix && len(id.arns) == 0 {
			why = fmt.Sprintf("whether its resources.ARN prefix %s takes in the Web Function is not known (its ARN is not)", v)
		}
	}
	if why != "" {
		return selectsMaybe, why
	}
	return selectsNo, ""
}

// trailSelectsWeb reports whether trail t's selectors select the Web
// Function id names. A trail whose selectors were not all read (or not
// all modelled) selects it at best maybe: a partial read is never a PASS.
func trailSelectsWeb(t *inventory.Trail, id webIdentity) (selects, string) {
	best, why := selectsNo, ""
	for _, d := range t.DataResources {
		s, w := webDataSelector(d, id)
		if s > best {
			best, why = s, w
		}
	}
	// A gap with no selectors read at all, or beside one that selects
	// Web Functions, leaves the answer open; a gap beside selectors of
	// other types only is about those.
	if g, ok := t.Gap(inventory.FieldEventSelectors); ok && (best != selectsNo || len(t.DataResources) == 0) {
		return selectsMaybe, "its event selectors are not all known: " + g.Reason
	}
	return best, why
}

// servingRegions are the Regions ep serves from: its home Region (""
// when the source does not say, as in a template: the Region the stack
// deploys to) and its Regions, without repeats.
func servingRegions(ep *inventory.WebFunctionEndpoint) []string {
	out := []string{ep.Region}
	for _, r := range ep.Regions {
		if !slices.Contains(out, r) {
			out = append(out, r)
		}
	}
	return out
}

// regionText names region r for a message.
func regionText(r string) string {
	if r == "" {
		return "the home Region"
	}
	if _, ok := inventory.UnresolvedReason(r); ok {
		return "an unresolved Region"
	}
	return r
}

// regionsText names regions for a message.
func regionsText(regions []string) string {
	out := make([]string, len(regions))
	for i, r := range regions {
		out[i] = regionText(r)
	}
	return strings.Join(out, ", ")
}

// judgeWebEndpointTrails gives a MultiRegion or PerRegion endpoint its
// verdict from the estate's trails.
func judgeWebEndpointTrails(in *Input, ep *inventory.WebFunctionEndpoint, res *Result) {
	fn := "Web Function " + inventory.Describe(ep.Function)
	if w := in.Estate.WebFunctionOf(ep.Function); w != nil {
		fn = "Web Function " + w.Label()
	}
	serving := servingRegions(ep)
	res.Evidence = append(res.Evidence, Evidence{Label: "EndpointType", Value: ep.EndpointType + ", serving " + regionsText(serving), Source: ep.Source})
	trails := in.Estate.Trails
	if len(trails) == 0 {
		switch why, ok := estateGapOf(in, "trails"); {
		case !live(in):
			res.unknown(notInTemplate("CloudTrail trail") + " (it would say whether the invocations of " + fn + " are recorded in every Region the endpoint serves)")
		case ok:
			res.unknown("the trails could not be listed: " + why)
		default:
			res.fail("no CloudTrail trail covers the account: the invocations of " + fn + " are recorded in none of the Regions the endpoint serves")
		}
		return
	}
	id := webIdentityOf(in, ep)
	var good, single, maybeMulti, maybeSingle []string
	covered, maybeCovered := map[string]bool{}, map[string]bool{}
	for _, t := range trails {
		res.Evidence = append(res.Evidence, trailEvidence(t))
		sel, why := trailSelectsWeb(t, id)
		loggingGap := hasGap(t, trailLoggingField)
		if sel == selectsNo || !t.Logging && !loggingGap {
			continue
		}
		mg, multiGap := t.Gap(inventory.FieldMultiRegion)
		switch {
		case t.MultiRegion && t.Logging && sel == selectsYes:
			good = append(good, t.Label())
		case t.MultiRegion || multiGap:
			switch {
			case sel == selectsMaybe:
			case loggingGap:
				why = "whether it is logging could not be read"
			default:
				why = "whether it is multi-Region is not known: " + mg.Reason
			}
			maybeMulti = append(maybeMulti, "trail "+t.Label()+": "+why)
		case sel == selectsYes && t.Logging:
			covered[t.Region] = true
			single = append(single, t.Label()+" ("+regionText(t.Region)+")")
		default:
			maybeCovered[t.Region] = true
			if why == "" {
				why = "whether it is logging could not be read"
			}
			maybeSingle = append(maybeSingle, "single-Region trail "+t.Label()+" ("+regionText(t.Region)+"): "+why)
		}
	}
	var uncovered, unsure []string
	for _, r := range serving {
		switch {
		case covered[r]:
		case maybeCovered[r]:
			unsure = append(unsure, r)
		default:
			uncovered = append(uncovered, r)
		}
	}
	const events = "AWS::Lambda::WebFunction data events (InvokeWebFunctionEndpoint)"
	switch {
	case len(good) > 0:
		res.pass("multi-Region trail " + strings.Join(good, ", ") + " records " + events + " for " + fn + " in every Region the endpoint serves")
	case len(uncovered)+len(unsure) == 0:
		res.pass("single-Region trails " + strings.Join(single, ", ") + " record " + events + " for " + fn + " in every Region the endpoint serves")
	case len(maybeMulti) > 0:
		res.unknown("no trail is known to record " + events + " for " + fn + " in every Region the endpoint serves, and " + strings.Join(maybeMulti, "; "))
	case len(uncovered) == 0:
		res.unknown("no trail is known to record " + events + " for " + fn + " in " + regionsText(unsure) + ", and " + strings.Join(maybeSingle, "; "))
	case live(in) && estateGapped(in):
		why, _ := estateGapOf(in, "trails")
		res.unknown("no trail read records " + events + " for " + fn + " in every Region the endpoint serves, but the trails of some Regions could not be listed: " + why)
	case len(single) > 0:
		res.fail("only single-Region trail " + strings.Join(single, ", ") + " records " + events + " for " + fn + ": its invocations served in " + regionsText(uncovered) + " are not recorded")
	default:
		res.fail("no logging trail records " + events + " for " + fn + ": its invocations are recorded in none of the Regions the endpoint serves (" + regionsText(serving) + ")")
	}
}

// estateGapped reports whether the estate's trails were not all listed.
func estateGapped(in *Input) bool {
	_, ok := estateGapOf(in, "trails")
	return ok
}
