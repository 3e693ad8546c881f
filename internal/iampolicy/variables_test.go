package iampolicy

import (
	"fmt"
	"testing"
)

// variables is reference_policies_variables.html.
var substituteCases = []struct {
	doc    string
	in     string
	ctx    Context
	want   string
	wantOK bool
}{
	{doc: "variables#policy-vars-intro: ${aws:username} is replaced with the user's friendly name",
		in: "arn:aws:s3:::mybucket/${aws:username}/*", ctx: Context{"aws:username": {"David"}}, want: "arn:aws:s3:::mybucket/David/*", wantOK: true},
	{doc: "variables#policy-vars-tags: ${aws:PrincipalTag/team} is replaced with the tag value",
		in: "amzn-s3-demo-bucket-${aws:PrincipalTag/team}", ctx: Context{"aws:PrincipalTag/team": {"yellow"}}, want: "amzn-s3-demo-bucket-yellow", wantOK: true},
	{doc: "variables#policy-vars-using-variables: several variables in one value",
		in: "${aws:PrincipalTag/access-project}-${aws:PrincipalTag/access-application}-*", ctx: Context{"aws:PrincipalTag/access-project": {"p"}, "aws:PrincipalTag/access-application": {"a"}}, want: "p-a-*", wantOK: true},
	{doc: "variables#policy-vars-using-variables: key names are case-insensitive",
		in: "${AWS:USERNAME}", ctx: Context{"aws:username": {"David"}}, want: "David", wantOK: true},
	{doc: "variables#policy-vars-using-variables: any single-valued condition key can be a variable (service key)",
		in: "${s3:prefix}", ctx: Context{"s3:prefix": {"home/"}}, want: "home/", wantOK: true},
	{doc: "variables#policy-vars-using-variables: a multivalued condition key cannot be a variable",
		in: "${aws:TagKeys}", ctx: Context{"aws:TagKeys": {"a", "b"}}, want: "", wantOK: false},
	{doc: "variables#policy-vars-no-value: a key that is not present has no value",
		in: "home/${aws:username}", ctx: Context{}, want: "", wantOK: false},
	{doc: "variables#policy-vars-no-value: a key with no value has no value",
		in: "home/${aws:username}", ctx: Context{"aws:username": nil}, want: "", wantOK: false},
	{doc: "variables#policy-vars-default-values: the default is used when the key is absent",
		in: "amzn-s3-demo-bucket-${aws:PrincipalTag/team, 'company-wide'}", ctx: Context{}, want: "amzn-s3-demo-bucket-company-wide", wantOK: true},
	{doc: "variables#policy-vars-default-values: the default is not used when the key has a value",
		in: "amzn-s3-demo-bucket-${aws:PrincipalTag/team, 'company-wide'}", ctx: Context{"aws:PrincipalTag/team": {"yellow"}}, want: "amzn-s3-demo-bucket-yellow", wantOK: true},
	{doc: "variables#policy-vars-default-values: anonymous users do not populate ${aws:userid}; default 'anonymous'",
		in: "arn:aws:s3:::/bucket/${aws:userid, 'anonymous'}", ctx: Context{}, want: "arn:aws:s3:::/bucket/anonymous", wantOK: true},
	{doc: "variables#policy-vars-specialchars: ${*} stands for an asterisk",
		in: "a${*}b", ctx: Context{}, want: "a*b", wantOK: true},
	{doc: "variables#policy-vars-specialchars: ${?} stands for a question mark",
		in: "a${?}b", ctx: Context{}, want: "a?b", wantOK: true},
	{doc: "variables#policy-vars-specialchars: ${$} stands for a dollar sign",
		in: "${$}{aws:username}", ctx: Context{"aws:username": {"David"}}, want: "${aws:username}", wantOK: true},
	{doc: "variables#policy-vars-intro: text without ${ } is unchanged",
		in: "arn:aws:s3:::mybucket/$David/*", ctx: Context{}, want: "arn:aws:s3:::mybucket/$David/*", wantOK: true},
	{doc: "variables#policy-vars-intro: a variable is ${ followed by a closing brace; without one the text is literal",
		in: "a${aws:username", ctx: Context{"aws:username": {"David"}}, want: "a${aws:username", wantOK: true},
	{doc: "variables#policy-vars-default-values: the default is surrounded with single quotes",
		in: "${aws:username, anonymous}", ctx: Context{}, want: "", wantOK: false},
}

func TestSubstitute(t *testing.T) {
	for i, tc := range substituteCases {
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			got, ok := Substitute(tc.in, tc.ctx)
			if got != tc.want || ok != tc.wantOK {
				t.Errorf("%s\nSubstitute(%q, %v) = %q, %v; want %q, %v", tc.doc, tc.in, tc.ctx, got, ok, tc.want, tc.wantOK)
			}
		})
	}
}

// A value brought in by a variable is literal text in a pattern: a tag
// value "*" does not become a wildcard. (The documentation does not say;
// this is lambdasec's reading, the safer one for the resource owner.)
func TestVariableValueIsLiteralInPatterns(t *testing.T) {
	ctx := Context{"aws:PrincipalTag/team": {"*"}}
	if matchResourceVars("arn:aws:s3:::bucket/${aws:PrincipalTag/team}/x", "arn:aws:s3:::bucket/red/x", ctx) {
		t.Error("a tag value * matched as a wildcard")
	}
	if !matchResourceVars("arn:aws:s3:::bucket/${aws:PrincipalTag/team}/x", "arn:aws:s3:::bucket/*/x", ctx) {
		t.Error("a tag value * did not match itself")
	}
	if !matchResourceVars(`arn:aws:s3:::bucket/a\b/${aws:PrincipalTag/team}`, `arn:aws:s3:::bucket/a\b/*`, ctx) {
		t.Error(`a backslash in the policy text is not literal`)
	}
}

func TestMatchResourceVars(t *testing.T) {
	ctx := Context{"aws:username": {"alice"}, "aws:userid": {"AROAEXAMPLE:alice"}}
	cases := []struct {
		doc     string
		pattern string
		arn     string
		want    bool
	}{
		{"variables#policy-vars-resourceelement: a variable in the resource part", "arn:aws:s3:::mybucket/${aws:username}/*", "arn:aws:s3:::mybucket/alice/f", true},
		{"variables#policy-vars-resourceelement: another user's folder", "arn:aws:s3:::mybucket/${aws:username}/*", "arn:aws:s3:::mybucket/bob/f", false},
		{"variables#policy-vars-resourceelement: a value with a colon stays in the resource part", "arn:aws:s3:::mybucket/${aws:userid}/*", "arn:aws:s3:::mybucket/AROAEXAMPLE:alice/f", true},
		{"variables#policy-vars-resourceelement: sqs queue named after the user", "arn:aws:sqs:us-east-2:*:${aws:username}-queue", "arn:aws:sqs:us-east-2:111122223333:alice-queue", true},
		{"variables#policy-vars-resourceelement: no variables before the fifth colon (literal there)", "arn:aws:sqs:${aws:username}:111122223333:q", "arn:aws:sqs:alice:111122223333:q", false},
		{"variables#policy-vars-no-value: a variable with no value matches no resource", "arn:aws:s3:::mybucket/${aws:PrincipalTag/team}/*", "arn:aws:s3:::mybucket/x/f", false},
		{"variables#policy-vars-specialchars: ${*} is a literal asterisk in a resource", "arn:aws:s3:::mybucket/${*}", "arn:aws:s3:::mybucket/x", false},
		{"variables#policy-vars-specialchars: ${*} matches an asterisk", "arn:aws:s3:::mybucket/${*}", "arn:aws:s3:::mybucket/*", true},
	}
	for _, tc := range cases {
		if got := matchResourceVars(tc.pattern, tc.arn, ctx); got != tc.want {
			t.Errorf("%s\nmatchResourceVars(%q, %q) = %v, want %v", tc.doc, tc.pattern, tc.arn, got, tc.want)
		}
	}
}

func TestSplitARN(t *testing.T) {
	got, ok := splitARN("arn:aws:iam::${aws:PrincipalAccount}:role/${aws:username}")
	want := []string{"arn", "aws", "iam", "", "${aws:PrincipalAccount}", "role/${aws:username}"}
	if !ok || fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("splitARN = %q, %v; want %q", got, ok, want)
	}
	if _, ok := splitARN("arn:aws:s3"); ok {
		t.Error("splitARN of a 3-field ARN reported ok")
	}
	if _, ok := splitARN("*"); ok {
		t.Error("splitARN of * reported ok")
	}
}

func TestGlobEscaped(t *testing.T) {
	cases := []struct {
		pattern, s string
		want       bool
	}{
		{`a*`, "abc", true},
		{`a\*`, "abc", false},
		{`a\*`, "a*", true},
		{`a\?`, "a?", true},
		{`a\?`, "ab", false},
		{`a?c`, "abc", true},
		{`a\\b`, `a\b`, true},
		{`*\*`, "xyz*", true},
		{`*\*`, "xyz", false},
		{"", "", true},
		{`\`, `\`, true},
	}
	for _, tc := range cases {
		if got := globEscaped(tc.pattern, tc.s); got != tc.want {
			t.Errorf("globEscaped(%q, %q) = %v, want %v", tc.pattern, tc.s, got, tc.want)
		}
	}
}
