package trail

import "testing"

func TestOperation(t *testing.T) {
	for in, want := range map[string]string{
		"AddPermission20150331v2":           "AddPermission",
		"UpdateFunctionCode20150331v2":      "UpdateFunctionCode",
		"CreateFunction20150331":            "CreateFunction",
		"AddLayerVersionPermission20181031": "AddLayerVersionPermission",
		"CreateFunctionUrlConfig20211031":   "CreateFunctionUrlConfig",
		"GetFunction20150331v2":             "GetFunction",
		"Invoke":                            "Invoke",
		"AddPermission":                     "AddPermission",
		"ListFunctions20150331":             "ListFunctions",
		"PutObject":                         "PutObject",
		"v2":                                "v2",
		"20150331":                          "20150331",
		"X123v2":                            "X123v2",
		"":                                  "",
	} {
		if got := Operation(in); got != want {
			t.Errorf("Operation(%q) = %q, want %q", in, got, want)
		}
	}
}
