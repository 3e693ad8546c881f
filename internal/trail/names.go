package trail

// Operation returns the Lambda API operation an eventName names, without
// the API version suffix Lambda logs: "AddPermission20150331v2",
// "UpdateFunctionCode20150331v2", "CreateFunction20150331",
// "AddLayerVersionPermission20181031" and "CreateFunctionUrlConfig20211031"
// give "AddPermission", "UpdateFunctionCode", "CreateFunction",
// "AddLayerVersionPermission" and "CreateFunctionUrlConfig". A name with no
// suffix is returned as it is. The suffix is an API version date (eight
// digits) optionally followed by "v" and digits; see "Lambda events" in
// https://docs.aws.amazon.com/lambda/latest/dg/logging-using-cloudtrail.html
// ("the eventName might include date and version information, such as
// GetFunction20150331, but it is still referring to the same public API").
func Operation(eventName string) string {
	s := eventName
	// Strip "v<digits>" at the end, if it follows a date.
	i := len(s)
	for i > 0 && isDigit(s[i-1]) {
		i--
	}
	if i < len(s) && i > 0 && s[i-1] == 'v' {
		if j := i - 1; j >= 8 && allDigits(s[j-8:j]) && j-8 > 0 {
			return s[:j-8]
		}
		return s
	}
	// Strip an eight-digit date.
	if len(s)-i == 8 && i > 0 {
		return s[:i]
	}
	return s
}

func isDigit(b byte) bool { return b >= '0' && b <= '9' }

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return true
}

// Watched are the Lambda operations whose events lambdasec judges (the
// LS8xx rules) and Emit writes detections for, in the order they are
// listed in docs. Invoke is a data event, logged only when a trail selects
// Lambda data events.
var Watched = []string{
	"AddPermission",
	"AddLayerVersionPermission",
	"CreateFunctionUrlConfig",
	"UpdateFunctionUrlConfig",
	"CreateFunction",
	"UpdateFunctionCode",
	"UpdateFunctionConfiguration",
	"DeleteFunctionCodeSigningConfig",
	"DeleteFunctionConcurrency",
	"PutFunctionConcurrency",
	"CreateEventSourceMapping",
	"GetFunction",
}
