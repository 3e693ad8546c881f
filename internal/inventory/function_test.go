package inventory

import "testing"

func TestExternalFunction(t *testing.T) {
	param := UnresolvedToken("parameter Target has no default")
	for _, tc := range []struct {
		ref                   string
		id, name, arn, qualif string
	}{
		{"arn:aws:lambda:us-east-1:111122223333:function:fn", "arn:aws:lambda:us-east-1:111122223333:function:fn", "fn", "arn:aws:lambda:us-east-1:111122223333:function:fn", ""},
		{"arn:aws:lambda:us-east-1:111122223333:function:fn:live", "arn:aws:lambda:us-east-1:111122223333:function:fn", "fn", "arn:aws:lambda:us-east-1:111122223333:function:fn", "live"},
		{"111122223333:function:fn:3", "111122223333:function:fn", "fn", "", "3"},
		{"fn", "fn", "fn", "", ""},
		{"arn:aws", "arn:aws", "arn:aws", "arn:aws", ""},
		{"fn:live", "fn", "fn", "", "live"},
		{param, param, "unresolved (parameter Target has no default)", "", ""},
		{param + ":live", param, "unresolved (parameter Target has no default)", "", "live"},
		{"arn:aws:lambda:" + RegionToken + ":" + AccountIDToken + ":function:" + param, "arn:aws:lambda:" + RegionToken + ":" + AccountIDToken + ":function:" + param,
			"unresolved (parameter Target has no default)", "arn:aws:lambda:" + RegionToken + ":" + AccountIDToken + ":function:" + param, ""},
	} {
		at := Source{File: "t.yaml", Line: 3, LogicalID: "P"}
		f, q := ExternalFunction(tc.ref, at)
		if f.ID != tc.id || f.Name != tc.name || f.ARN != tc.arn || q != tc.qualif || !f.External || f.Source != at {
			t.Errorf("ExternalFunction(%q) = ID %q name %q ARN %q qualifier %q external %v source %v; want %q %q %q %q",
				tc.ref, f.ID, f.Name, f.ARN, q, f.External, f.Source, tc.id, tc.name, tc.arn, tc.qualif)
		}
	}
}

func TestInvocableFunctions(t *testing.T) {
	own, ext := &Function{Resource: Resource{ID: "A"}}, &Function{Resource: Resource{ID: "x"}, External: true}
	e := &Estate{Functions: []*Function{own}}
	if got := e.InvocableFunctions(); len(got) != 1 || got[0] != own {
		t.Errorf("without external functions: %v", got)
	}
	e.ExternalFunctions = []*Function{ext}
	if got := e.InvocableFunctions(); len(got) != 2 || got[0] != own || got[1] != ext {
		t.Errorf("with an external function: %v", got)
	}
	if len(e.Functions) != 1 {
		t.Errorf("InvocableFunctions changed Functions: %v", e.Functions)
	}
}
