package inventory

import (
	"slices"
	"strconv"
	"strings"
)

// AdvancedSelector is a CloudTrail advanced event selector as written in
// a template, a Terraform configuration or GetEventSelectors' answer: its
// name and its field selectors.
// https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_AdvancedEventSelector.html
type AdvancedSelector struct {
	Name   string
	Fields []FieldSelector
}

// FieldSelector is one field selector of an advanced event selector: the
// field ("eventCategory", "resources.type", "resources.ARN", ...) and the
// values of each operator.
// https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_AdvancedFieldSelector.html
type FieldSelector struct {
	Field                                                               string
	Equals, StartsWith, EndsWith, NotEquals, NotStartsWith, NotEndsWith []string
}

// others reports whether f has values for an operator other than Equals.
func (f FieldSelector) others() bool {
	return len(f.StartsWith)+len(f.EndsWith)+len(f.NotEquals)+len(f.NotStartsWith)+len(f.NotEndsWith) > 0
}

// BasicSelector is a CloudTrail (basic) event selector: whether it
// records management events (nil: the default, true), which of read and
// write events ("All", "ReadOnly", "WriteOnly"; "" is All) and its data
// resources.
// https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_EventSelector.html
type BasicSelector struct {
	IncludeManagementEvents *bool
	ReadWriteType           string
	DataResources           []DataResource
}

// lambdaSource is the event source of Lambda's management events.
const lambdaSource = "lambda.amazonaws.com"

// AddBasicSelectors records on t what its basic event selectors select,
// the one way for every reader. Selectors are OR'd: management write
// events are recorded when a selector includes management events and
// not only read-only ones; its data resources are kept, marked Partial
// when the selector records only read-only or only write events (which of
// those a Lambda Invoke is, lambdasec does not assume).
func (t *Trail) AddBasicSelectors(sels []BasicSelector) {
	if len(sels) > 0 {
		t.ManagementEvents = false
	}
	for _, s := range sels {
		rw := s.ReadWriteType
		if (s.IncludeManagementEvents == nil || *s.IncludeManagementEvents) && rw != "ReadOnly" {
			t.ManagementEvents = true
		}
		for _, d := range s.DataResources {
			if rw != "" && rw != "All" {
				d.Partial = "its selector records " + rw + " events only"
			}
			t.DataResources = append(t.DataResources, d)
		}
	}
}

// AddAdvancedSelectors records on t what its advanced event selectors
// select, the one way for every reader. Selectors are OR'd; the field
// selectors of one are AND'd.
//   - A selector with eventCategory Equals Management records Lambda's
//     management write events unless its readOnly is "true" or its
//     eventSource leaves lambda.amazonaws.com out; another field (or
//     operator) it has makes the recording partial (ManagementPartial).
//     A trail with advanced selectors records no management event but
//     those (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-management-events-with-cloudtrail.html).
//   - Any other selector with a resources.type is a DataResource: its
//     resources.ARN Equals values are Values, its StartsWith values
//     Prefixes; an ARN exclusion (NotEquals, NotStartsWith, EndsWith,
//     NotEndsWith) or another field (readOnly, eventName...) makes it
//     Partial, so coverage is unknown rather than over-claimed.
func (t *Trail) AddAdvancedSelectors(sels []AdvancedSelector) {
	if len(sels) > 0 {
		t.ManagementEvents = false
	}
	for _, s := range sels {
		label := "advanced event selector"
		if s.Name != "" {
			label += " " + strconv.Quote(s.Name)
		}
		management := false
		for _, f := range s.Fields {
			if f.Field == "eventCategory" && slices.Equal(f.Equals, []string{"Management"}) {
				management = true
			}
		}
		if management {
			t.addManagementSelector(s, label)
			continue
		}
		var dr DataResource
		var partial []string
		for _, f := range s.Fields {
			switch f.Field {
			case "eventCategory":
			case "resources.type":
				dr.Type = strings.Join(f.Equals, ",")
			case "resources.ARN":
				dr.Values = append(dr.Values, f.Equals...)
				dr.Prefixes = append(dr.Prefixes, f.StartsWith...)
				if len(f.NotEquals)+len(f.NotStartsWith)+len(f.EndsWith)+len(f.NotEndsWith) > 0 {
					partial = append(partial, "it matches resources.ARN with NotEquals, NotStartsWith, EndsWith or NotEndsWith")
				}
			default:
				partial = append(partial, "it narrows by "+f.Field)
			}
		}
		if dr.Type != "" {
			if len(partial) > 0 {
				dr.Partial = label + " may leave some out: " + strings.Join(partial, "; ") + ", which lambdasec does not model"
			}
			t.DataResources = append(t.DataResources, dr)
		}
	}
}

// addManagementSelector records a management-event advanced selector s.
func (t *Trail) addManagementSelector(s AdvancedSelector, label string) {
	var partial []string
	for _, f := range s.Fields {
		switch f.Field {
		case "eventCategory":
			if f.others() {
				partial = append(partial, "it matches eventCategory with more than Equals")
			}
		case "readOnly":
			switch {
			case f.others():
				partial = append(partial, "it matches readOnly with more than Equals")
			case slices.Equal(f.Equals, []string{"true"}):
				return // read-only events only: no AddPermission, no UpdateFunctionCode
			}
		case "eventSource":
			switch {
			case len(f.Equals) > 0 && !slices.Contains(f.Equals, lambdaSource):
				return // other services' events only
			case slices.Contains(f.NotEquals, lambdaSource):
				return
			case len(f.StartsWith)+len(f.EndsWith)+len(f.NotStartsWith)+len(f.NotEndsWith) > 0:
				partial = append(partial, "it matches eventSource with StartsWith or EndsWith operators")
			}
		default:
			partial = append(partial, "it narrows by "+f.Field)
		}
	}
	if len(partial) > 0 {
		if !t.ManagementEvents {
			t.ManagementPartial = label + " may leave Lambda's management events out: " + strings.Join(partial, "; ") + ", which lambdasec does not model"
		}
		return
	}
	t.ManagementEvents, t.ManagementPartial = true, ""
}
