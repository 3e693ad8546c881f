package inventory

import (
	"strings"
	"testing"
)

// TestAddAdvancedSelectors: management events only from a Management
// selector that keeps Lambda's writes; data resources with their Equals
// values, StartsWith prefixes, and a Partial reason for what the model
// cannot say (ARN exclusions, other fields), on that selector only.
func TestAddAdvancedSelectors(t *testing.T) {
	mgmt := FieldSelector{Field: "eventCategory", Equals: []string{"Management"}}
	data := FieldSelector{Field: "eventCategory", Equals: []string{"Data"}}
	lambda := FieldSelector{Field: "resources.type", Equals: []string{"AWS::Lambda::Function"}}
	s3 := FieldSelector{Field: "resources.type", Equals: []string{"AWS::S3::Object"}}
	for _, tc := range []struct {
		name        string
		sels        []AdvancedSelector
		management  bool
		mgmtPartial string // a substring; "" for none
		data        []string
	}{
		{"none: the default trail", nil, true, "", nil},
		{"data only", []AdvancedSelector{{Fields: []FieldSelector{data, lambda}}}, false, "", []string{"AWS::Lambda::Function||"}},
		{"management", []AdvancedSelector{{Fields: []FieldSelector{mgmt}}}, true, "", nil},
		{"management, writes", []AdvancedSelector{{Fields: []FieldSelector{mgmt, {Field: "readOnly", Equals: []string{"false"}}}}}, true, "", nil},
		{"management, reads only", []AdvancedSelector{{Fields: []FieldSelector{mgmt, {Field: "readOnly", Equals: []string{"true"}}}}}, false, "", nil},
		{"management of Lambda", []AdvancedSelector{{Fields: []FieldSelector{mgmt, {Field: "eventSource", Equals: []string{"lambda.amazonaws.com"}}}}}, true, "", nil},
		{"management of KMS only", []AdvancedSelector{{Fields: []FieldSelector{mgmt, {Field: "eventSource", Equals: []string{"kms.amazonaws.com"}}}}}, false, "", nil},
		{"management but Lambda", []AdvancedSelector{{Fields: []FieldSelector{mgmt, {Field: "eventSource", NotEquals: []string{"lambda.amazonaws.com"}}}}}, false, "", nil},
		{"management by event name", []AdvancedSelector{{Name: "names", Fields: []FieldSelector{mgmt, {Field: "eventName", Equals: []string{"CreateUser"}}}}}, false, `"names" may leave`, nil},
		{"partial then whole", []AdvancedSelector{{Fields: []FieldSelector{mgmt, {Field: "eventName", Equals: []string{"X"}}}}, {Fields: []FieldSelector{mgmt}}}, true, "", nil},
		{"prefixes and values", []AdvancedSelector{{Fields: []FieldSelector{data, lambda, {Field: "resources.ARN", StartsWith: []string{"arn:aws:lambda:us-east-1:1:function:prod-"}, Equals: []string{"arn:aws:lambda:us-east-1:1:function:x"}}}}},
			false, "", []string{"AWS::Lambda::Function|arn:aws:lambda:us-east-1:1:function:x|arn:aws:lambda:us-east-1:1:function:prod-"}},
		{"exclusion on S3 only", []AdvancedSelector{{Fields: []FieldSelector{data, lambda}}, {Name: "logs", Fields: []FieldSelector{data, s3, {Field: "resources.ARN", NotStartsWith: []string{"arn:aws:s3:::logs/"}}}}},
			false, "", []string{"AWS::Lambda::Function||", `AWS::S3::Object||!advanced event selector "logs" may leave some out: it matches resources.ARN`}},
		{"read-only data", []AdvancedSelector{{Fields: []FieldSelector{data, lambda, {Field: "readOnly", Equals: []string{"true"}}}}},
			false, "", []string{"AWS::Lambda::Function||!advanced event selector may leave some out: it narrows by readOnly"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tr := &Trail{ManagementEvents: true} // what a reader starts from
			tr.AddAdvancedSelectors(tc.sels)
			if tr.ManagementEvents != tc.management {
				t.Errorf("ManagementEvents = %v, want %v", tr.ManagementEvents, tc.management)
			}
			if tc.mgmtPartial == "" && tr.ManagementPartial != "" || !strings.Contains(tr.ManagementPartial, tc.mgmtPartial) {
				t.Errorf("ManagementPartial = %q, want %q", tr.ManagementPartial, tc.mgmtPartial)
			}
			var got []string
			for _, d := range tr.DataResources {
				s := d.Type + "|" + strings.Join(d.Values, ",") + "|" + strings.Join(d.Prefixes, ",")
				if d.Partial != "" {
					s += "!" + d.Partial
				}
				got = append(got, s)
			}
			if len(got) != len(tc.data) {
				t.Fatalf("data resources %q, want %q", got, tc.data)
			}
			for i := range got {
				if !strings.HasPrefix(got[i], tc.data[i]) {
					t.Errorf("data resource %d = %q, want it to start %q", i, got[i], tc.data[i])
				}
			}
		})
	}
}

// TestAddBasicSelectors: management write events unless every selector
// leaves them out or records reads only; data resources of a ReadOnly or
// WriteOnly selector are Partial.
func TestAddBasicSelectors(t *testing.T) {
	no, yes := false, true
	lambda := []DataResource{{Type: "AWS::Lambda::Function", Values: []string{"arn:aws:lambda"}}}
	for _, tc := range []struct {
		name       string
		sels       []BasicSelector
		management bool
		partial    bool
	}{
		{"default", []BasicSelector{{}}, true, false},
		{"excluded", []BasicSelector{{IncludeManagementEvents: &no, DataResources: lambda}}, false, false},
		{"read only", []BasicSelector{{IncludeManagementEvents: &yes, ReadWriteType: "ReadOnly", DataResources: lambda}}, false, true},
		{"write only", []BasicSelector{{ReadWriteType: "WriteOnly", DataResources: lambda}}, true, true},
		{"all", []BasicSelector{{ReadWriteType: "All", DataResources: lambda}}, true, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tr := &Trail{ManagementEvents: true}
			tr.AddBasicSelectors(tc.sels)
			if tr.ManagementEvents != tc.management {
				t.Errorf("ManagementEvents = %v, want %v", tr.ManagementEvents, tc.management)
			}
			for _, d := range tr.DataResources {
				if (d.Partial != "") != tc.partial {
					t.Errorf("data resource %+v: partial %v, want %v", d, d.Partial != "", tc.partial)
				}
			}
		})
	}
}
