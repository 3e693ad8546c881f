package iampolicy

import (
	"strings"
	"testing"
)

const self = "111122223333"

// TestAccess checks who a resource policy admits, over all its statements,
// on the cases that scanners get wrong in both directions. doc names the
// AWS behaviour each case rests on.
func TestAccess(t *testing.T) {
	invoke := Query{Actions: []string{"lambda:InvokeFunction"}, Context: Context{"lambda:FunctionUrlAuthType": nil, "lambda:InvokedViaFunctionUrl": nil}}
	url := Query{Actions: []string{"lambda:InvokeFunctionUrl"}, Context: Context{"lambda:FunctionUrlAuthType": {"NONE"}}}
	cases := []struct {
		name, doc, policy string
		q                 Query
		want              []Reach // one per surviving grant, in order
		foreign           []string
	}{
		{"plain public", "Principal * admits everyone",
			`{"Statement":{"Effect":"Allow","Principal":"*","Action":"lambda:InvokeFunction","Resource":"*"}}`, invoke, []Reach{ReachPublic}, nil},
		{"AWS star is public", "{\"AWS\": \"*\"} is the same as \"*\" (reference_policies_elements_principal.html#principal-anonymous)",
			`{"Statement":{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"lambda:*","Resource":"*"}}`, invoke, []Reach{ReachPublic}, nil},
		{"source account restricts", "aws:SourceAccount pins the source resource's owner",
			`{"Statement":{"Effect":"Allow","Principal":"*","Action":"lambda:InvokeFunction","Resource":"*","Condition":{"StringEquals":{"aws:SourceAccount":"111122223333"}}}}`, invoke, []Reach{ReachSameAccount}, nil},
		{"foreign source account", "aws:SourceAccount of another account: cross-account",
			`{"Statement":{"Effect":"Allow","Principal":"*","Action":"lambda:InvokeFunction","Resource":"*","Condition":{"StringEquals":{"aws:SourceAccount":"444455556666"}}}}`, invoke, []Reach{ReachCrossAccount}, []string{"444455556666"}},
		{"org id restricts", "aws:PrincipalOrgID limits callers to one organization",
			`{"Statement":{"Effect":"Allow","Principal":"*","Action":"lambda:InvokeFunction","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-abc123"}}}}`, invoke, []Reach{ReachOrganization}, nil},
		{"StringLike star restricts nothing", "StringLike with * matches any value (condition_operators.html#Conditions_String)",
			`{"Statement":{"Effect":"Allow","Principal":"*","Action":"lambda:InvokeFunction","Resource":"*","Condition":{"StringLike":{"aws:PrincipalOrgID":"*"}}}}`, invoke, []Reach{ReachPublic}, nil},
		{"IfExists restricts nothing", "...IfExists is true when the key is absent, as for anonymous callers (condition_operators.html#Conditions_IfExists)",
			`{"Statement":{"Effect":"Allow","Principal":"*","Action":"lambda:InvokeFunction","Resource":"*","Condition":{"StringEqualsIfExists":{"aws:SourceAccount":"111122223333"}}}}`, invoke, []Reach{ReachPublic}, nil},
		{"negated operator in Allow restricts nothing", "StringNotEquals is true for every other value and for an absent key",
			`{"Statement":{"Effect":"Allow","Principal":"*","Action":"lambda:InvokeFunction","Resource":"*","Condition":{"StringNotEquals":{"aws:SourceAccount":"444455556666"}}}}`, invoke, []Reach{ReachPublic}, nil},
		{"ForAllValues restricts nothing", "ForAllValues is true for an absent key (reference_policies_condition-single-vs-multi-valued-context-keys.html)",
			`{"Statement":{"Effect":"Allow","Principal":"*","Action":"lambda:InvokeFunction","Resource":"*","Condition":{"ForAllValues:StringEquals":{"aws:PrincipalOrgPaths":["o-a/r-b/ou-c/"]}}}}`, invoke, []Reach{ReachPublic}, nil},
		{"source arn of every bucket", "arn:aws:s3:::* names every bucket of every account",
			`{"Statement":{"Effect":"Allow","Principal":{"Service":"s3.amazonaws.com"},"Action":"lambda:InvokeFunction","Resource":"*","Condition":{"ArnLike":{"aws:SourceArn":"arn:aws:s3:::*"}}}}`, invoke, []Reach{ReachServiceNoSource}, nil},
		{"source arn of one bucket", "a bucket name pins the source",
			`{"Statement":{"Effect":"Allow","Principal":{"Service":"s3.amazonaws.com"},"Action":"lambda:InvokeFunction","Resource":"*","Condition":{"ArnLike":{"aws:SourceArn":"arn:aws:s3:::uploads"}}}}`, invoke, []Reach{ReachServiceSource}, nil},
		{"source arn with any account", "an ARN whose account is * pins nothing",
			`{"Statement":{"Effect":"Allow","Principal":{"Service":"sns.amazonaws.com"},"Action":"lambda:InvokeFunction","Resource":"*","Condition":{"ArnLike":{"aws:SourceArn":"arn:aws:sns:*:*:alerts"}}}}`, invoke, []Reach{ReachServiceNoSource}, nil},
		{"source arn of a foreign topic", "a topic in another account: the service acts for that account",
			`{"Statement":{"Effect":"Allow","Principal":{"Service":"sns.amazonaws.com"},"Action":"lambda:InvokeFunction","Resource":"*","Condition":{"ArnEquals":{"aws:SourceArn":"arn:aws:sns:eu-west-1:444455556666:alerts"}}}}`, invoke, []Reach{ReachServiceSource}, []string{"444455556666"}},
		{"deny unless source ip", "an explicit Deny overrides the Allow; the grant survives only from the range (reference_policies_evaluation-logic.html)",
			`{"Statement":[{"Effect":"Allow","Principal":"*","Action":"lambda:InvokeFunction","Resource":"*"},{"Effect":"Deny","Principal":"*","Action":"lambda:InvokeFunction","Resource":"*","Condition":{"NotIpAddress":{"aws:SourceIp":"203.0.113.0/24"}}}]}`, invoke, []Reach{ReachPublicLimited}, nil},
		{"deny unless org", "Deny when aws:PrincipalOrgID is not ours: a data perimeter",
			`{"Statement":[{"Effect":"Allow","Principal":"*","Action":"lambda:InvokeFunction","Resource":"*"},{"Effect":"Deny","Principal":"*","Action":"lambda:*","Resource":"*","Condition":{"StringNotEquals":{"aws:PrincipalOrgID":"o-abc123"}}}]}`, invoke, []Reach{ReachOrganization}, nil},
		{"deny when source ip in range", "a positive Deny excludes some callers but leaves the rest of the world",
			`{"Statement":[{"Effect":"Allow","Principal":"*","Action":"lambda:InvokeFunction","Resource":"*"},{"Effect":"Deny","Principal":"*","Action":"lambda:InvokeFunction","Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":"198.51.100.0/24"}}}]}`, invoke, []Reach{ReachPublic}, nil},
		{"deny unless 0.0.0.0/0", "a range of the whole internet bounds nothing",
			`{"Statement":[{"Effect":"Allow","Principal":"*","Action":"lambda:InvokeFunction","Resource":"*"},{"Effect":"Deny","Principal":"*","Action":"lambda:InvokeFunction","Resource":"*","Condition":{"NotIpAddress":{"aws:SourceIp":"0.0.0.0/0"}}}]}`, invoke, []Reach{ReachPublic}, nil},
		{"deny without condition removes", "an unconditional Deny for everyone leaves no grant",
			`{"Statement":[{"Effect":"Allow","Principal":"*","Action":"lambda:InvokeFunction","Resource":"*"},{"Effect":"Deny","Principal":"*","Action":"*","Resource":"*"}]}`, invoke, nil, nil},
		{"deny for another action", "a Deny of lambda:GetFunction does not touch invocation",
			`{"Statement":[{"Effect":"Allow","Principal":"*","Action":"lambda:InvokeFunction","Resource":"*"},{"Effect":"Deny","Principal":"*","Action":"lambda:GetFunction","Resource":"*"}]}`, invoke, []Reach{ReachPublic}, nil},
		{"deny for one account only", "a Deny naming one account leaves everyone else",
			`{"Statement":[{"Effect":"Allow","Principal":"*","Action":"lambda:InvokeFunction","Resource":"*"},{"Effect":"Deny","Principal":{"AWS":"444455556666"},"Action":"lambda:InvokeFunction","Resource":"*"}]}`, invoke, []Reach{ReachPublic}, nil},
		{"NotPrincipal allow", "Allow with NotPrincipal admits everyone not listed (reference_policies_elements_notprincipal.html)",
			`{"Statement":{"Effect":"Allow","NotPrincipal":{"AWS":"444455556666"},"Action":"lambda:InvokeFunction","Resource":"*"}}`, invoke, []Reach{ReachPublic}, nil},
		{"NotAction allow", "Allow with NotAction covers every other action",
			`{"Statement":{"Effect":"Allow","Principal":"*","NotAction":"lambda:GetPolicy","Resource":"*"}}`, invoke, []Reach{ReachPublic}, nil},
		{"same account", "the account's own root", `{"Statement":{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"lambda:InvokeFunction","Resource":"*"}}`, invoke, []Reach{ReachSameAccount}, nil},
		{"other account role", "a role of another account", `{"Statement":{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::444455556666:role/caller"},"Action":"lambda:InvokeFunction","Resource":"*"}}`, invoke, []Reach{ReachCrossAccount}, []string{"444455556666"}},
		{"unique id principal", "a deleted role's unique ID names no account", `{"Statement":{"Effect":"Allow","Principal":{"AWS":"AROAEXAMPLEID"},"Action":"lambda:InvokeFunction","Resource":"*"}}`, invoke, []Reach{ReachUnknown}, nil},
		{"url statement not for direct invoke", "lambda:FunctionUrlAuthType is only in requests through the URL (urls-auth.html)",
			`{"Statement":{"Effect":"Allow","Principal":"*","Action":"lambda:InvokeFunction","Resource":"*","Condition":{"Bool":{"lambda:InvokedViaFunctionUrl":"true"}}}}`, invoke, nil, nil},
		{"url statement for the url", "lambda:FunctionUrlAuthType NONE through the URL",
			`{"Statement":{"Effect":"Allow","Principal":"*","Action":"lambda:InvokeFunctionUrl","Resource":"*","Condition":{"StringEquals":{"lambda:FunctionUrlAuthType":"NONE"}}}}`, url, []Reach{ReachPublic}, nil},
		{"url statement for AWS_IAM only", "a statement for AWS_IAM URLs does not apply to NONE",
			`{"Statement":{"Effect":"Allow","Principal":"*","Action":"lambda:InvokeFunctionUrl","Resource":"*","Condition":{"StringEquals":{"lambda:FunctionUrlAuthType":"AWS_IAM"}}}}`, url, nil, nil},
		{"unknown condition key", "a key lambdasec does not know is not guessed", `{"Statement":{"Effect":"Allow","Principal":"*","Action":"lambda:InvokeFunction","Resource":"*","Condition":{"StringEquals":{"myco:Thing":"x"}}}}`, invoke, []Reach{ReachUnknown}, nil},
		{"vpce with a template parameter", "StringNotEquals on a value chosen at deployment still pins one endpoint",
			`{"Statement":[{"Effect":"Allow","Principal":"*","Action":"execute-api:Invoke","Resource":"*"},{"Effect":"Deny","Principal":"*","Action":"execute-api:Invoke","Resource":"*","Condition":{"StringNotEquals":{"aws:SourceVpce":"{{unresolved.parameter Vpce has no default}}"}}}]}`,
			Query{Actions: []string{"execute-api:Invoke"}}, []Reach{ReachPublicLimited}, nil},
		{"multi-condition deny", "a Deny with two negated conditions: allowed when either fails; bounded when both bound",
			`{"Statement":[{"Effect":"Allow","Principal":"*","Action":"lambda:InvokeFunction","Resource":"*"},{"Effect":"Deny","Principal":"*","Action":"lambda:InvokeFunction","Resource":"*","Condition":{"NotIpAddress":{"aws:SourceIp":"10.0.0.0/8"},"StringNotEquals":{"aws:SourceVpce":"vpce-1"}}}]}`, invoke, []Reach{ReachPublicLimited}, nil},
		{"multi-condition deny with transport", "a Deny also needing aws:SecureTransport false does not bound callers who use TLS",
			`{"Statement":[{"Effect":"Allow","Principal":"*","Action":"lambda:InvokeFunction","Resource":"*"},{"Effect":"Deny","Principal":"*","Action":"lambda:InvokeFunction","Resource":"*","Condition":{"NotIpAddress":{"aws:SourceIp":"10.0.0.0/8"},"Bool":{"aws:SecureTransport":"false"}}}]}`, invoke, []Reach{ReachPublic}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p, err := Parse([]byte(c.policy))
			if err != nil {
				t.Fatal(err)
			}
			acc := Analyze(p, c.q)
			var got []Reach
			var foreign []string
			for _, g := range acc.Grants {
				r, f := g.Reach(self)
				got = append(got, r)
				foreign = append(foreign, f...)
			}
			if strings.Join(reachStrings(got), ",") != strings.Join(reachStrings(c.want), ",") {
				t.Errorf("%s: reach %v, want %v", c.doc, got, c.want)
			}
			if strings.Join(foreign, ",") != strings.Join(c.foreign, ",") {
				t.Errorf("%s: foreign accounts %v, want %v", c.doc, foreign, c.foreign)
			}
		})
	}
}

func reachStrings(rs []Reach) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = string(r)
	}
	return out
}
