package rules

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

// TestFilterPatternVersionedNames: which metric filter patterns fire on
// the CloudTrail event Lambda records for AddPermission
// (AddPermission20150331v2), and which only on the bare name people write.
func TestFilterPatternVersionedNames(t *testing.T) {
	versioned, _ := cloudTrailProbe("AddPermission20150331v2")
	bare, _ := cloudTrailProbe("AddPermission")
	for _, c := range []struct {
		pattern        string
		onVersioned    tri
		onBare         tri
		wantErr        string
		wantNotPattern bool
	}{
		{pattern: `{ $.eventName = AddPermission }`, onVersioned: triNo, onBare: triYes},
		{pattern: `{ $.eventName = "AddPermission" }`, onVersioned: triNo, onBare: triYes},
		{pattern: `{ $.eventName = AddPermission* }`, onVersioned: triYes, onBare: triYes},
		{pattern: `{ $.eventName = "AddPermission20150331v2" }`, onVersioned: triYes, onBare: triNo},
		{pattern: `{ $.eventName = %^AddPermission[0-9]+v?[0-9]*$% }`, onVersioned: triYes, onBare: triNo},
		{pattern: `{ ($.eventSource = lambda.amazonaws.com) && ($.eventName = AddPermission) }`, onVersioned: triNo, onBare: triYes},
		{pattern: `{ ($.eventSource = lambda.amazonaws.com) && (($.eventName = RemovePermission*) || ($.eventName = AddPermission*)) }`, onVersioned: triYes, onBare: triYes},
		{pattern: `{ ($.eventSource = s3.amazonaws.com) && ($.eventName = AddPermission*) }`, onVersioned: triNo, onBare: triNo},
		// A condition on a field the probe does not describe may hold.
		{pattern: `{ ($.eventName = AddPermission*) && ($.requestParameters.principal = "*") }`, onVersioned: triMaybe, onBare: triMaybe},
		{pattern: `{ $.eventName = AddPermission* && $.errorCode NOT EXISTS }`, onVersioned: triMaybe, onBare: triMaybe},
		{pattern: `{ $.eventName != AddPermission* }`, onVersioned: triNo, onBare: triNo},
		{pattern: `AddPermission`, wantNotPattern: true},
		{pattern: ``, wantNotPattern: true},
		{pattern: `{ $.eventName = }`, wantErr: "no value"},
		{pattern: `{ ($.eventName = AddPermission }`, wantErr: "want )"},
		{pattern: `{ eventName = AddPermission }`, wantErr: "want a selector"},
		{pattern: `{ $.eventName = %(% }`, wantErr: "bad regular expression"},
		{pattern: `{ $.eventName = "AddPermission }`, wantErr: "unterminated string"},
		{pattern: `{ $.eventName ~ x }`, wantErr: "want an operator"},
		{pattern: "{ " + strings.Repeat("(", 60) + "$.a = 1" + strings.Repeat(")", 60) + " }", wantErr: "nested too deep"},
	} {
		x, err := parseFilterPattern(c.pattern)
		switch {
		case c.wantNotPattern:
			if !errors.Is(err, errNotJSONPattern) {
				t.Errorf("%q: error %v, want errNotJSONPattern", c.pattern, err)
			}
			continue
		case c.wantErr != "":
			if err == nil || !strings.Contains(err.Error(), c.wantErr) {
				t.Errorf("%q: error %v, want one saying %q", c.pattern, err, c.wantErr)
			}
			continue
		case err != nil:
			t.Errorf("%q: %v", c.pattern, err)
			continue
		}
		if got := x.eval(versioned); got != c.onVersioned {
			t.Errorf("%q on AddPermission20150331v2: %d, want %d", c.pattern, got, c.onVersioned)
		}
		if got := x.eval(bare); got != c.onBare {
			t.Errorf("%q on AddPermission: %d, want %d", c.pattern, got, c.onBare)
		}
	}
}

// TestEventPatternVersionedNames: which EventBridge patterns match the
// CloudTrail event of CreateFunctionUrlConfig20211031.
func TestEventPatternVersionedNames(t *testing.T) {
	_, versioned := cloudTrailProbe("CreateFunctionUrlConfig20211031")
	for _, c := range []struct {
		pattern string
		want    tri
		wantErr bool
	}{
		{`{"source":["aws.lambda"],"detail":{"eventName":["CreateFunctionUrlConfig"]}}`, triNo, false},
		{`{"source":["aws.lambda"],"detail":{"eventName":[{"prefix":"CreateFunctionUrlConfig"}]}}`, triYes, false},
		{`{"source":["aws.lambda"],"detail":{"eventName":[{"prefix":{"equals-ignore-case":"createfunctionurl"}}]}}`, triYes, false},
		{`{"detail":{"eventName":[{"wildcard":"CreateFunctionUrl*"}]}}`, triYes, false},
		{`{"detail":{"eventName":["CreateFunctionUrlConfig20211031"]}}`, triYes, false},
		{`{"detail":{"eventName":[{"anything-but":{"prefix":"CreateFunctionUrl"}}]}}`, triNo, false},
		{`{"detail":{"eventName":[{"anything-but":"Invoke"}]}}`, triYes, false},
		{`{"source":["aws.s3"],"detail":{"eventName":[{"prefix":"CreateFunctionUrlConfig"}]}}`, triNo, false},
		{`{"$or":[{"detail":{"eventName":["AddPermission20150331v2"]}},{"detail":{"eventName":[{"suffix":"20211031"}]}}]}`, triYes, false},
		{`{"detail":{"eventName":[{"prefix":"CreateFunctionUrlConfig"}],"requestParameters":{"authType":["NONE"]}}}`, triMaybe, false},
		{`{"detail":{"eventName":"CreateFunctionUrlConfig20211031"}}`, triNo, false},
		// A pattern on fields the probe does not hold says nothing about
		// Lambda calls: it does not watch them.
		{`{"detail":{"state":["terminated"]}}`, triNo, false},
		{`not json`, triNo, true},
	} {
		got, err := matchEventPattern(c.pattern, versioned)
		if (err != nil) != c.wantErr {
			t.Errorf("%s: error %v", c.pattern, err)
			continue
		}
		if got != c.want {
			t.Errorf("%s: %d, want %d", c.pattern, got, c.want)
		}
	}
}

// FuzzFilterPattern: any pattern parses or gives an error, never both, and
// never panics; a parsed pattern evaluates to one of the three values.
func FuzzFilterPattern(f *testing.F) {
	for _, s := range []string{
		`{ $.eventName = AddPermission* }`,
		`{ ($.eventSource = lambda.amazonaws.com) && (($.eventName = AddPermission*) || ($.eventName = %Create[A-Z]+%)) }`,
		`{ $.errorCode NOT EXISTS && $.userIdentity.type IS NULL }`,
		`{ $.x = "a b" || $.y >= 3 }`,
		`[ip, user, ...]`,
		`{ (((( }`,
	} {
		f.Add(s)
	}
	probe, _ := cloudTrailProbe("AddPermission20150331v2")
	f.Fuzz(func(t *testing.T, s string) {
		x, err := parseFilterPattern(s)
		if (x == nil) == (err == nil) {
			t.Fatalf("%q: expression %v and error %v", s, x, err)
		}
		if x != nil {
			if v := x.eval(probe); v > triYes {
				t.Fatalf("%q: truth value %d", s, v)
			}
		}
	})
}

// FuzzEventPattern: any text is matched or refused with an error, never
// panics, and a match is one of the three values.
func FuzzEventPattern(f *testing.F) {
	for _, s := range []string{
		`{"source":["aws.lambda"],"detail":{"eventName":[{"prefix":"AddPermission"}]}}`,
		`{"$or":[{"detail":{"eventName":[{"anything-but":{"prefix":"Get"}}]}}]}`,
		`{"detail":{"eventName":[{"wildcard":"*Url*"}, {"exists":true}, 3, null]}}`,
		`[]`,
	} {
		f.Add(s)
	}
	_, probe := cloudTrailProbe("AddPermission20150331v2")
	f.Fuzz(func(t *testing.T, s string) {
		v, err := matchEventPattern(s, probe)
		if err != nil && v != triNo {
			t.Fatalf("%q: error %v with value %d", s, err, v)
		}
		if v > triYes {
			t.Fatalf("%q: truth value %d", s, v)
		}
	})
}

func TestGlobMatch(t *testing.T) {
	for _, c := range []struct {
		pattern, s string
		want       bool
	}{
		{"AddPermission*", "AddPermission20150331v2", true},
		{"*Permission*", "AddPermission20150331v2", true},
		{"*v2", "AddPermission20150331v2", true},
		{"Add*2015*v3", "AddPermission20150331v2", false},
		{"a*a", "a", false},
		{"*", "", true},
		{"AddPermission", "AddPermission20150331v2", false},
	} {
		if got := globMatch(c.pattern, c.s); got != c.want {
			t.Errorf("globMatch(%q, %q) = %v, want %v", c.pattern, c.s, got, c.want)
		}
	}
}

// TestUnrelatedPatternsDoNotWatch: a filter that tests neither eventName
// nor eventSource, or an event rule not about Lambda's CloudTrail calls,
// is not taken for an alert on them (nor makes a template "define" one).
func TestUnrelatedPatternsDoNotWatch(t *testing.T) {
	x, err := parseFilterPattern(`{ $.errorCode = "*UnauthorizedOperation" }`)
	if err != nil || mentions(x, "eventName", "eventSource") {
		t.Errorf("errorCode filter: %v, mentions eventName/eventSource", err)
	}
	x, err = parseFilterPattern(`{ ($.errorCode = x) || ($.eventSource = lambda.amazonaws.com) }`)
	if err != nil || !mentions(x, "eventName", "eventSource") {
		t.Errorf("eventSource filter: %v, mentions nothing", err)
	}
	for pattern, want := range map[string]bool{
		`{"source":["aws.ec2"],"detail-type":["EC2 Instance State-change Notification"]}`: false,
		`{"source":["aws.lambda"]}`: true,
		`{"detail-type":["AWS API Call via CloudTrail"],"detail":{"eventSource":["s3.amazonaws.com"]}}`: true,
		`{"$or":[{"detail":{"eventName":["AddPermission20150331v2"]}}]}`:                                true,
	} {
		var p map[string]any
		if err := json.Unmarshal([]byte(pattern), &p); err != nil {
			t.Fatal(err)
		}
		if got := lambdaCallPattern(p); got != want {
			t.Errorf("lambdaCallPattern(%s) = %v, want %v", pattern, got, want)
		}
	}
}
