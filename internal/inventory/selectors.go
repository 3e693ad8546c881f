package inventory

import (
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

// AddAdvancedSelectors records on t what its advanced event selectors
// select, the one way for every reader:
//   - management events only when a selector has eventCategory Equals
//     Management (a trail with advanced selectors records nothing else;
//     https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-management-events-with-cloudtrail.html),
//     so ManagementEvents is set false first when sels is not empty;
//   - a DataResource per selector with a resources.type, its Values the
//     resources.ARN StartsWith and Equals values (none: every resource of
//     the type);
//   - a gap on FieldEventSelectors for a resources.ARN selector with
//     NotEquals, NotStartsWith, EndsWith or NotEndsWith, which a
//     DataResource cannot say: coverage is then unknown, not over-claimed.
func (t *Trail) AddAdvancedSelectors(sels []AdvancedSelector) {
	if len(sels) > 0 {
		t.ManagementEvents = false
	}
	for _, s := range sels {
		var dr DataResource
		for _, f := range s.Fields {
			switch f.Field {
			case "resources.type":
				dr.Type = strings.Join(f.Equals, ",")
			case "resources.ARN":
				dr.Values = append(dr.Values, f.StartsWith...)
				dr.Values = append(dr.Values, f.Equals...)
				if len(f.NotEquals)+len(f.NotStartsWith)+len(f.EndsWith)+len(f.NotEndsWith) > 0 {
					label := "an advanced event selector"
					if s.Name != "" {
						label = "advanced event selector " + strconv.Quote(s.Name)
					}
					t.AddGap(FieldEventSelectors, label+" matches resources.ARN with NotEquals, NotStartsWith, EndsWith or NotEndsWith, which lambdasec does not model", "")
				}
			case "eventCategory":
				if strings.Join(f.Equals, ",") == "Management" {
					t.ManagementEvents = true
				}
			}
		}
		if dr.Type != "" {
			t.DataResources = append(t.DataResources, dr)
		}
	}
}
