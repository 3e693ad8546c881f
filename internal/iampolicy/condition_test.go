package iampolicy

import (
	"fmt"
	"testing"
)

// conditionCase is one condition decided against one request context. doc
// names the AWS documentation section whose stated behaviour gives want;
// the page abbreviations are:
//
//	operators  reference_policies_elements_condition_operators.html
//	multikeys  reference_policies_condition-single-vs-multi-valued-context-keys.html
//	multivals  reference_policies_multi-value-conditions.html
//	multiex    reference_policies_condition_examples-multi-valued-context-keys.html
//	variables  reference_policies_variables.html
type conditionCase struct {
	doc     string
	op      string
	key     string
	values  []string
	ctx     Context
	want    bool
	wantErr bool
}

func vals(v ...string) []string { return v }

var conditionCases = []conditionCase{
	// String condition operators.
	{doc: "operators#Conditions_String: StringEquals example table, match", op: "StringEquals", key: "aws:PrincipalTag/job-category", values: vals("iamuser-admin"),
		ctx: Context{"aws:PrincipalTag/job-category": {"iamuser-admin"}}, want: true},
	{doc: "operators#Conditions_String: StringEquals example table, dev-ops no match", op: "StringEquals", key: "aws:PrincipalTag/job-category", values: vals("iamuser-admin"),
		ctx: Context{"aws:PrincipalTag/job-category": {"dev-ops"}}, want: false},
	{doc: "operators#Conditions_String: StringEquals example table, key absent no match", op: "StringEquals", key: "aws:PrincipalTag/job-category", values: vals("iamuser-admin"),
		ctx: Context{}, want: false},
	{doc: "operators#Conditions_String: StringEquals is exact matching, case sensitive", op: "StringEquals", key: "aws:PrincipalTag/job-category", values: vals("IAMUser-Admin"),
		ctx: Context{"aws:PrincipalTag/job-category": {"iamuser-admin"}}, want: false},
	{doc: "operators#Conditions_String: StringEquals is exact matching; wildcards are for StringLike", op: "StringEquals", key: "s3:prefix", values: vals("home/*"),
		ctx: Context{"s3:prefix": {"home/alice"}}, want: false},
	{doc: "operators#Conditions_String: StringNotEquals negated matching, other value", op: "StringNotEquals", key: "aws:PrincipalTag/role", values: vals("audit"),
		ctx: Context{"aws:PrincipalTag/role": {"dev"}}, want: true},
	{doc: "operators#Conditions_String: StringNotEquals negated matching, same value", op: "StringNotEquals", key: "aws:PrincipalTag/role", values: vals("audit"),
		ctx: Context{"aws:PrincipalTag/role": {"audit"}}, want: false},
	{doc: "operators (Important): negated operator with the key absent is true", op: "StringNotEquals", key: "aws:PrincipalTag/role", values: vals("audit"),
		ctx: Context{}, want: true},
	{doc: "multivals: negated operator with several values is a logical NOR (one value matches)", op: "StringNotEquals", key: "aws:PrincipalTag/role", values: vals("audit", "security"),
		ctx: Context{"aws:PrincipalTag/role": {"security"}}, want: false},
	{doc: "multivals: negated operator with several values is a logical NOR (none matches)", op: "StringNotEquals", key: "aws:PrincipalTag/role", values: vals("audit", "security"),
		ctx: Context{"aws:PrincipalTag/role": {"dev"}}, want: true},
	{doc: "operators#Conditions_String: StringEqualsIgnoreCase resolves PreProd to true", op: "StringEqualsIgnoreCase", key: "aws:RequestTag/environment", values: vals("preprod", "storage"),
		ctx: Context{"aws:RequestTag/environment": {"PreProd"}}, want: true},
	{doc: "operators#Conditions_String: StringEqualsIgnoreCase, values OR'ed", op: "StringEqualsIgnoreCase", key: "aws:RequestTag/environment", values: vals("preprod", "storage"),
		ctx: Context{"aws:RequestTag/environment": {"STORAGE"}}, want: true},
	{doc: "operators#Conditions_String: StringEqualsIgnoreCase, other value", op: "StringEqualsIgnoreCase", key: "aws:RequestTag/environment", values: vals("preprod", "storage"),
		ctx: Context{"aws:RequestTag/environment": {"prod"}}, want: false},
	{doc: "operators#Conditions_String: StringNotEqualsIgnoreCase, same value in other case", op: "StringNotEqualsIgnoreCase", key: "aws:RequestTag/environment", values: vals("preprod"),
		ctx: Context{"aws:RequestTag/environment": {"PREPROD"}}, want: false},
	{doc: "operators#Conditions_String: StringNotEqualsIgnoreCase, other value", op: "StringNotEqualsIgnoreCase", key: "aws:RequestTag/environment", values: vals("preprod"),
		ctx: Context{"aws:RequestTag/environment": {"dev"}}, want: true},
	{doc: "operators#Conditions_IfExists: StringLike t1.* matches t1.micro", op: "StringLike", key: "ec2:InstanceType", values: vals("t1.*", "t2.*", "m3.*"),
		ctx: Context{"ec2:InstanceType": {"t1.micro"}}, want: true},
	{doc: "operators#Conditions_IfExists: StringLike values OR'ed, m3.* matches m3.large", op: "StringLike", key: "ec2:InstanceType", values: vals("t1.*", "t2.*", "m3.*"),
		ctx: Context{"ec2:InstanceType": {"m3.large"}}, want: true},
	{doc: "operators#Conditions_IfExists: StringLike m2.micro does not match", op: "StringLike", key: "ec2:InstanceType", values: vals("t1.*", "t2.*", "m3.*"),
		ctx: Context{"ec2:InstanceType": {"m2.micro"}}, want: false},
	{doc: "operators#Conditions_IfExists: THISPOLICYDOESNOTWORK, StringLike fails when the key is absent", op: "StringLike", key: "ec2:InstanceType", values: vals("t1.*"),
		ctx: Context{}, want: false},
	{doc: "operators#Conditions_String: StringLike ? matches a single character", op: "StringLike", key: "ec2:InstanceType", values: vals("t?.micro"),
		ctx: Context{"ec2:InstanceType": {"t2.micro"}}, want: true},
	{doc: "operators#Conditions_String: StringLike ? matches exactly one character, not two", op: "StringLike", key: "ec2:InstanceType", values: vals("t?.micro"),
		ctx: Context{"ec2:InstanceType": {"t22.micro"}}, want: false},
	{doc: "operators#Conditions_String: StringLike ? matches exactly one character, not none", op: "StringLike", key: "ec2:InstanceType", values: vals("t?.micro"),
		ctx: Context{"ec2:InstanceType": {"t.micro"}}, want: false},
	{doc: "operators#Conditions_String: StringLike is case-sensitive matching", op: "StringLike", key: "ec2:InstanceType", values: vals("T1.*"),
		ctx: Context{"ec2:InstanceType": {"t1.micro"}}, want: false},
	{doc: "operators#Conditions_String: StringLike * is a multi-character wildcard anywhere", op: "StringLike", key: "s3:prefix", values: vals("home/*/photos"),
		ctx: Context{"s3:prefix": {"home/alice/2024/photos"}}, want: true},
	{doc: "operators#Conditions_String: StringLike needs wildcards for a partial match", op: "StringLike", key: "s3:prefix", values: vals("home/"),
		ctx: Context{"s3:prefix": {"home/alice/"}}, want: false},
	{doc: "operators#Conditions_String: StringLike value \"\" (s3:prefix example) matches the empty prefix", op: "StringLike", key: "s3:prefix", values: vals("", "home/"),
		ctx: Context{"s3:prefix": {""}}, want: true},
	{doc: "multiex: StringNotLike key1* with key2:audit matches", op: "StringNotLike", key: "aws:ResourceTag/x", values: vals("key1*"),
		ctx: Context{"aws:ResourceTag/x": {"key2:audit"}}, want: true},
	{doc: "operators#Conditions_String: StringNotLike negated matching with a matching value", op: "StringNotLike", key: "aws:ResourceTag/x", values: vals("key1*"),
		ctx: Context{"aws:ResourceTag/x": {"key1:legal"}}, want: false},
	{doc: "operators (Important): StringNotLike with the key absent is true", op: "StringNotLike", key: "aws:ResourceTag/x", values: vals("key1*"),
		ctx: Context{}, want: true},
	{doc: "operators#Conditions_IfExists: StringLikeIfExists table, t1.micro match", op: "StringLikeIfExists", key: "ec2:InstanceType", values: vals("t1.*", "t2.*", "m3.*"),
		ctx: Context{"ec2:InstanceType": {"t1.micro"}}, want: true},
	{doc: "operators#Conditions_IfExists: StringLikeIfExists table, m2.micro no match", op: "StringLikeIfExists", key: "ec2:InstanceType", values: vals("t1.*", "t2.*", "m3.*"),
		ctx: Context{"ec2:InstanceType": {"m2.micro"}}, want: false},
	{doc: "operators#Conditions_IfExists: StringLikeIfExists table, key absent match", op: "StringLikeIfExists", key: "ec2:InstanceType", values: vals("t1.*", "t2.*", "m3.*"),
		ctx: Context{}, want: true},
	{doc: "operators#Conditions_IfExists: StringNotEqualsIfExists with the key absent is true", op: "StringNotEqualsIfExists", key: "aws:PrincipalTag/team", values: vals("red"),
		ctx: Context{}, want: true},
	{doc: "operators#Conditions_IfExists: StringEqualsIfExists with the key present is checked as StringEquals", op: "StringEqualsIfExists", key: "aws:PrincipalTag/team", values: vals("red"),
		ctx: Context{"aws:PrincipalTag/team": {"blue"}}, want: false},
	{doc: "variables (Key names are case-insensitive): aws:CurrentTime is equivalent to AWS:currenttime", op: "StringEquals", key: "aws:PrincipalTag/team", values: vals("red"),
		ctx: Context{"AWS:PRINCIPALTAG/TEAM": {"red"}}, want: true},

	// Numeric condition operators.
	{doc: "operators#Conditions_Numeric: NumericLessThanEquals s3:max-keys 10, request 10", op: "NumericLessThanEquals", key: "s3:max-keys", values: vals("10"),
		ctx: Context{"s3:max-keys": {"10"}}, want: true},
	{doc: "operators#Conditions_Numeric: NumericLessThanEquals s3:max-keys 10, request 9", op: "NumericLessThanEquals", key: "s3:max-keys", values: vals("10"),
		ctx: Context{"s3:max-keys": {"9"}}, want: true},
	{doc: "operators#Conditions_Numeric: NumericLessThanEquals s3:max-keys 10, request 11", op: "NumericLessThanEquals", key: "s3:max-keys", values: vals("10"),
		ctx: Context{"s3:max-keys": {"11"}}, want: false},
	{doc: "operators#Conditions_Numeric: the key absent, the values do not match", op: "NumericLessThanEquals", key: "s3:max-keys", values: vals("10"),
		ctx: Context{}, want: false},
	{doc: "operators#Conditions_Numeric: NumericEquals compares integer or decimal values", op: "NumericEquals", key: "s3:max-keys", values: vals("1"),
		ctx: Context{"s3:max-keys": {"1.0"}}, want: true},
	{doc: "operators#Conditions_Numeric: NumericEquals, other value", op: "NumericEquals", key: "s3:max-keys", values: vals("1"),
		ctx: Context{"s3:max-keys": {"2"}}, want: false},
	{doc: "operators#Conditions_Numeric: NumericEquals with negative numbers", op: "NumericEquals", key: "x:n", values: vals("-3"),
		ctx: Context{"x:n": {"-3"}}, want: true},
	{doc: "operators#Conditions_Numeric: NumericNotEquals negated matching, other value", op: "NumericNotEquals", key: "x:n", values: vals("5"),
		ctx: Context{"x:n": {"6"}}, want: true},
	{doc: "operators#Conditions_Numeric: NumericNotEquals negated matching, same value", op: "NumericNotEquals", key: "x:n", values: vals("5"),
		ctx: Context{"x:n": {"5"}}, want: false},
	{doc: "operators (Important): NumericNotEquals with the key absent is true", op: "NumericNotEquals", key: "x:n", values: vals("5"),
		ctx: Context{}, want: true},
	{doc: "multivals: NumericNotEquals with several values is a NOR", op: "NumericNotEquals", key: "x:n", values: vals("5", "6"),
		ctx: Context{"x:n": {"6"}}, want: false},
	{doc: "operators#Conditions_Numeric: NumericLessThan, smaller decimal", op: "NumericLessThan", key: "x:n", values: vals("10"),
		ctx: Context{"x:n": {"9.5"}}, want: true},
	{doc: "operators#Conditions_Numeric: NumericLessThan is strict", op: "NumericLessThan", key: "x:n", values: vals("10"),
		ctx: Context{"x:n": {"10"}}, want: false},
	{doc: "operators#Conditions_Numeric: NumericGreaterThan, larger decimal", op: "NumericGreaterThan", key: "x:n", values: vals("10"),
		ctx: Context{"x:n": {"10.01"}}, want: true},
	{doc: "operators#Conditions_Numeric: NumericGreaterThan is strict", op: "NumericGreaterThan", key: "x:n", values: vals("10"),
		ctx: Context{"x:n": {"10"}}, want: false},
	{doc: "operators#Conditions_Numeric: NumericGreaterThanEquals, equal", op: "NumericGreaterThanEquals", key: "x:n", values: vals("10"),
		ctx: Context{"x:n": {"10"}}, want: true},
	{doc: "operators#Conditions_Numeric: NumericGreaterThanEquals, smaller", op: "NumericGreaterThanEquals", key: "x:n", values: vals("10"),
		ctx: Context{"x:n": {"3"}}, want: false},
	{doc: "multivals: several values are OR'ed (less than 5 or less than 100)", op: "NumericLessThan", key: "x:n", values: vals("5", "100"),
		ctx: Context{"x:n": {"50"}}, want: true},
	{doc: "operators#Conditions_Numeric: a policy value that is not a number is an error", op: "NumericEquals", key: "x:n", values: vals("ten"),
		ctx: Context{"x:n": {"10"}}, wantErr: true},
	{doc: "operators#Conditions_Numeric: a malformed policy value is an error even with the key absent", op: "NumericEquals", key: "x:n", values: vals("1e3"),
		ctx: Context{}, wantErr: true},
	{doc: "operators#Conditions_Numeric: a request value that is not a number is an error", op: "NumericEquals", key: "x:n", values: vals("10"),
		ctx: Context{"x:n": {"abc"}}, wantErr: true},
	{doc: "operators#Conditions_Numeric: Policy variables – Not supported (the value stays text, not a number)", op: "NumericEquals", key: "x:n", values: vals("${x:m}"),
		ctx: Context{"x:n": {"1"}, "x:m": {"1"}}, wantErr: true},

	// Date condition operators.
	{doc: "operators#Conditions_Date: DateGreaterThan aws:TokenIssueTime, issued later", op: "DateGreaterThan", key: "aws:TokenIssueTime", values: vals("2020-01-01T00:00:01Z"),
		ctx: Context{"aws:TokenIssueTime": {"2020-06-01T00:00:00Z"}}, want: true},
	{doc: "operators#Conditions_Date: DateGreaterThan aws:TokenIssueTime, issued earlier", op: "DateGreaterThan", key: "aws:TokenIssueTime", values: vals("2020-01-01T00:00:01Z"),
		ctx: Context{"aws:TokenIssueTime": {"2019-12-31T23:59:59Z"}}, want: false},
	{doc: "operators#Conditions_Date: aws:TokenIssueTime is absent for access keys, the values do not match", op: "DateGreaterThan", key: "aws:TokenIssueTime", values: vals("2020-01-01T00:00:01Z"),
		ctx: Context{}, want: false},
	{doc: "operators#Conditions_Date: values in epoch (UNIX) time", op: "DateLessThan", key: "aws:CurrentTime", values: vals("1700000000"),
		ctx: Context{"aws:CurrentTime": {"2023-01-01T00:00:00Z"}}, want: true},
	{doc: "operators#Conditions_Date: aws:EpochTime in epoch seconds against an ISO 8601 value", op: "DateGreaterThan", key: "aws:EpochTime", values: vals("2020-01-01T00:00:00Z"),
		ctx: Context{"aws:EpochTime": {"1600000000"}}, want: true},
	{doc: "operators#Conditions_Date: DateEquals matches a specific date, whatever the time zone offset", op: "DateEquals", key: "aws:CurrentTime", values: vals("2020-01-01T00:00:00Z"),
		ctx: Context{"aws:CurrentTime": {"2020-01-01T01:00:00+01:00"}}, want: true},
	{doc: "operators#Conditions_Date: DateEquals, other instant", op: "DateEquals", key: "aws:CurrentTime", values: vals("2020-01-01T00:00:00Z"),
		ctx: Context{"aws:CurrentTime": {"2020-01-01T00:00:01Z"}}, want: false},
	{doc: "operators#Conditions_Date: DateNotEquals negated matching", op: "DateNotEquals", key: "aws:CurrentTime", values: vals("2020-01-01T00:00:00Z"),
		ctx: Context{"aws:CurrentTime": {"2021-01-01T00:00:00Z"}}, want: true},
	{doc: "operators (Important): DateNotEquals with the key absent is true", op: "DateNotEquals", key: "aws:CurrentTime", values: vals("2020-01-01T00:00:00Z"),
		ctx: Context{}, want: true},
	{doc: "operators#Conditions_Date: DateLessThan with a W3C complete date (YYYY-MM-DD)", op: "DateLessThan", key: "aws:CurrentTime", values: vals("2020-01-02"),
		ctx: Context{"aws:CurrentTime": {"2020-01-01T12:00:00Z"}}, want: true},
	{doc: "operators#Conditions_Date: DateLessThanEquals, at the date and time", op: "DateLessThanEquals", key: "aws:CurrentTime", values: vals("2020-01-01T00:00:00Z"),
		ctx: Context{"aws:CurrentTime": {"2020-01-01T00:00:00Z"}}, want: true},
	{doc: "operators#Conditions_Date: DateLessThan, at the date and time is not before", op: "DateLessThan", key: "aws:CurrentTime", values: vals("2020-01-01T00:00:00Z"),
		ctx: Context{"aws:CurrentTime": {"2020-01-01T00:00:00Z"}}, want: false},
	{doc: "operators#Conditions_Date: DateGreaterThanEquals, at or after", op: "DateGreaterThanEquals", key: "aws:CurrentTime", values: vals("2020-01-01T00:00:00Z"),
		ctx: Context{"aws:CurrentTime": {"2020-01-01T00:00:00Z"}}, want: true},
	{doc: "operators#Conditions_Date: W3C form with fractional seconds", op: "DateGreaterThan", key: "aws:CurrentTime", values: vals("2020-01-01T00:00:00Z"),
		ctx: Context{"aws:CurrentTime": {"2020-01-01T00:00:00.5Z"}}, want: true},
	{doc: "operators#Conditions_Date: W3C form hours and minutes with an offset", op: "DateLessThan", key: "aws:CurrentTime", values: vals("2020-01-01T10:30+02:00"),
		ctx: Context{"aws:CurrentTime": {"2020-01-01T08:29:00Z"}}, want: true},
	{doc: "operators#Conditions_Date: a value neither ISO 8601 nor epoch is an error", op: "DateLessThan", key: "aws:CurrentTime", values: vals("01/02/2020"),
		ctx: Context{"aws:CurrentTime": {"2020-01-01T00:00:00Z"}}, wantErr: true},
	{doc: "operators#Conditions_Date: a malformed request date is an error", op: "DateLessThan", key: "aws:CurrentTime", values: vals("2020-01-01T00:00:00Z"),
		ctx: Context{"aws:CurrentTime": {"yesterday"}}, wantErr: true},

	// Boolean condition operators.
	{doc: "operators#Conditions_Boolean: Bool aws:SecureTransport false, request false", op: "Bool", key: "aws:SecureTransport", values: vals("false"),
		ctx: Context{"aws:SecureTransport": {"false"}}, want: true},
	{doc: "operators#Conditions_Boolean: Bool aws:SecureTransport false, request true", op: "Bool", key: "aws:SecureTransport", values: vals("false"),
		ctx: Context{"aws:SecureTransport": {"true"}}, want: false},
	{doc: "operators#Conditions_Boolean: Bool aws:SecureTransport false, key absent", op: "Bool", key: "aws:SecureTransport", values: vals("false"),
		ctx: Context{}, want: false},
	{doc: "operators#Conditions_Boolean: Bool compares a key to true or false; anything else is an error", op: "Bool", key: "aws:SecureTransport", values: vals("yes"),
		ctx: Context{"aws:SecureTransport": {"true"}}, wantErr: true},
	{doc: "operators#Conditions_Boolean: ForAllValues:Bool, all the booleans match", op: "ForAllValues:Bool", key: "x:flags", values: vals("true"),
		ctx: Context{"x:flags": {"true", "true"}}, want: true},
	{doc: "operators#Conditions_Boolean: ForAllValues:Bool, one boolean does not match", op: "ForAllValues:Bool", key: "x:flags", values: vals("true"),
		ctx: Context{"x:flags": {"true", "false"}}, want: false},
	{doc: "operators#Conditions_Boolean: ForAnyValue:Bool, at least one boolean matches", op: "ForAnyValue:Bool", key: "x:flags", values: vals("true"),
		ctx: Context{"x:flags": {"false", "true"}}, want: true},

	// Binary condition operators.
	{doc: "operators#Conditions_BinaryEquals: table, same base64 value matches", op: "BinaryEquals", key: "key", values: vals("QmluYXJ5VmFsdWVJbkJhc2U2NA=="),
		ctx: Context{"key": {"QmluYXJ5VmFsdWVJbkJhc2U2NA=="}}, want: true},
	{doc: "operators#Conditions_BinaryEquals: byte for byte against the decoded policy value", op: "BinaryEquals", key: "key", values: vals("QmluYXJ5VmFsdWVJbkJhc2U2NA=="),
		ctx: Context{"key": {"BinaryValueInBase64"}}, want: true},
	{doc: "operators#Conditions_BinaryEquals: table, other value no match", op: "BinaryEquals", key: "key", values: vals("QmluYXJ5VmFsdWVJbkJhc2U2NA=="),
		ctx: Context{"key": {"ASIAIOSFODNN7EXAMPLE"}}, want: false},
	{doc: "operators#Conditions_BinaryEquals: table, key absent no match", op: "BinaryEquals", key: "key", values: vals("QmluYXJ5VmFsdWVJbkJhc2U2NA=="),
		ctx: Context{}, want: false},
	{doc: "operators#Conditions_BinaryEquals: the policy value must be base-64 encoded", op: "BinaryEquals", key: "key", values: vals("not base64!"),
		ctx: Context{"key": {"x"}}, wantErr: true},

	// IP address condition operators.
	{doc: "operators#Conditions_IPAddress: table, 203.0.113.1 in 203.0.113.0/24", op: "IpAddress", key: "aws:SourceIp", values: vals("203.0.113.0/24"),
		ctx: Context{"aws:SourceIp": {"203.0.113.1"}}, want: true},
	{doc: "operators#Conditions_IPAddress: table, 198.51.100.1 not in 203.0.113.0/24", op: "IpAddress", key: "aws:SourceIp", values: vals("203.0.113.0/24"),
		ctx: Context{"aws:SourceIp": {"198.51.100.1"}}, want: false},
	{doc: "operators#Conditions_IPAddress: no aws:SourceIp through a VPC endpoint, the condition returns false", op: "IpAddress", key: "aws:SourceIp", values: vals("203.0.113.0/24"),
		ctx: Context{}, want: false},
	{doc: "operators#Conditions_IPAddress: IPv6 CIDR 2001:DB8:1234:5678::/64, address inside", op: "IpAddress", key: "aws:SourceIp", values: vals("2001:DB8:1234:5678::/64"),
		ctx: Context{"aws:SourceIp": {"2001:db8:1234:5678::1"}}, want: true},
	{doc: "operators#Conditions_IPAddress: IPv6 CIDR, address outside", op: "IpAddress", key: "aws:SourceIp", values: vals("2001:DB8:1234:5678::/64"),
		ctx: Context{"aws:SourceIp": {"2001:db8:1234:5679::1"}}, want: false},
	{doc: "operators#Conditions_IPAddress: mixed IPv4 and IPv6 values, IPv6 address", op: "IpAddress", key: "aws:SourceIp", values: vals("203.0.113.0/24", "2001:DB8:1234:5678::/64"),
		ctx: Context{"aws:SourceIp": {"2001:db8:1234:5678:abcd::9"}}, want: true},
	{doc: "operators#Conditions_IPAddress: mixed IPv4 and IPv6 values, IPv4 address", op: "IpAddress", key: "aws:SourceIp", values: vals("203.0.113.0/24", "2001:DB8:1234:5678::/64"),
		ctx: Context{"aws:SourceIp": {"203.0.113.200"}}, want: true},
	{doc: "operators#Conditions_IPAddress: an address without prefix means /32, same address", op: "IpAddress", key: "aws:SourceIp", values: vals("203.0.113.7"),
		ctx: Context{"aws:SourceIp": {"203.0.113.7"}}, want: true},
	{doc: "operators#Conditions_IPAddress: an address without prefix means /32, neighbour address", op: "IpAddress", key: "aws:SourceIp", values: vals("203.0.113.7"),
		ctx: Context{"aws:SourceIp": {"203.0.113.8"}}, want: false},
	{doc: "operators#Conditions_IPAddress: NotIpAddress, address outside the range", op: "NotIpAddress", key: "aws:SourceIp", values: vals("203.0.113.0/24"),
		ctx: Context{"aws:SourceIp": {"198.51.100.1"}}, want: true},
	{doc: "operators#Conditions_IPAddress: NotIpAddress, address inside the range", op: "NotIpAddress", key: "aws:SourceIp", values: vals("203.0.113.0/24"),
		ctx: Context{"aws:SourceIp": {"203.0.113.1"}}, want: false},
	{doc: "operators (Important): NotIpAddress with the key absent is true", op: "NotIpAddress", key: "aws:SourceIp", values: vals("203.0.113.0/24"),
		ctx: Context{}, want: true},
	{doc: "multivals: NotIpAddress with several ranges is a NOR", op: "NotIpAddress", key: "aws:SourceIp", values: vals("10.0.0.0/8", "192.168.0.0/16"),
		ctx: Context{"aws:SourceIp": {"10.1.2.3"}}, want: false},
	{doc: "operators#Conditions_IPAddress: the value must be in the standard CIDR format", op: "IpAddress", key: "aws:SourceIp", values: vals("10.0.0.0/33"),
		ctx: Context{"aws:SourceIp": {"10.0.0.1"}}, wantErr: true},
	{doc: "operators#Conditions_IPAddress: a request value that is no IP address is an error", op: "IpAddress", key: "aws:SourceIp", values: vals("10.0.0.0/8"),
		ctx: Context{"aws:SourceIp": {"not-an-ip"}}, wantErr: true},

	// ARN condition operators.
	{doc: "operators#Conditions_ARN: table, ArnEquals same topic", op: "ArnEquals", key: "aws:SourceArn", values: vals("arn:aws:sns:us-west-2:123456789012:TOPIC-ID"),
		ctx: Context{"aws:SourceArn": {"arn:aws:sns:us-west-2:123456789012:TOPIC-ID"}}, want: true},
	{doc: "operators#Conditions_ARN: table, ArnEquals topic in another account", op: "ArnEquals", key: "aws:SourceArn", values: vals("arn:aws:sns:us-west-2:123456789012:TOPIC-ID"),
		ctx: Context{"aws:SourceArn": {"arn:aws:sns:us-west-2:777788889999:TOPIC-ID"}}, want: false},
	{doc: "operators#Conditions_ARN: table, no aws:SourceArn in the request context", op: "ArnEquals", key: "aws:SourceArn", values: vals("arn:aws:sns:us-west-2:123456789012:TOPIC-ID"),
		ctx: Context{}, want: false},
	{doc: "operators#Conditions_ARN: case-sensitive matching of the ARN", op: "ArnLike", key: "aws:SourceArn", values: vals("arn:aws:sns:us-west-2:123456789012:topic-id"),
		ctx: Context{"aws:SourceArn": {"arn:aws:sns:us-west-2:123456789012:TOPIC-ID"}}, want: false},
	{doc: "operators#Conditions_ARN: each component can include wildcards", op: "ArnLike", key: "aws:SourceArn", values: vals("arn:aws:sns:*:123456789012:*"),
		ctx: Context{"aws:SourceArn": {"arn:aws:sns:eu-west-1:123456789012:alerts"}}, want: true},
	{doc: "operators#Conditions_ARN: each of the six components is checked separately (* does not span a colon)", op: "ArnLike", key: "aws:SourceArn", values: vals("arn:aws:sns:*:123456789012:t"),
		ctx: Context{"aws:SourceArn": {"arn:aws:sns:us-east-1:999999999999:123456789012:t"}}, want: false},
	{doc: "operators#Conditions_ARN: ? matches one character within a component", op: "ArnLike", key: "aws:SourceArn", values: vals("arn:aws:sns:us-east-?:123456789012:t"),
		ctx: Context{"aws:SourceArn": {"arn:aws:sns:us-east-1:123456789012:t"}}, want: true},
	{doc: "operators#Conditions_ARN: ArnEquals and ArnLike behave identically (wildcards in ArnEquals)", op: "ArnEquals", key: "aws:SourceArn", values: vals("arn:aws:s3:::bucket-*"),
		ctx: Context{"aws:SourceArn": {"arn:aws:s3:::bucket-logs"}}, want: true},
	{doc: "operators#Conditions_ARN: ArnNotEquals negated matching, other ARN", op: "ArnNotEquals", key: "aws:SourceArn", values: vals("arn:aws:sns:us-west-2:123456789012:TOPIC-ID"),
		ctx: Context{"aws:SourceArn": {"arn:aws:sns:us-west-2:123456789012:OTHER"}}, want: true},
	{doc: "operators#Conditions_ARN: ArnNotEquals negated matching, same ARN", op: "ArnNotEquals", key: "aws:SourceArn", values: vals("arn:aws:sns:us-west-2:123456789012:TOPIC-ID"),
		ctx: Context{"aws:SourceArn": {"arn:aws:sns:us-west-2:123456789012:TOPIC-ID"}}, want: false},
	{doc: "operators (Important): ArnNotLike with the key absent is true", op: "ArnNotLike", key: "aws:SourceArn", values: vals("arn:aws:sns:*:*:*"),
		ctx: Context{}, want: true},
	{doc: "operators#Conditions_ARN: ArnNotLike and ArnNotEquals behave identically", op: "ArnNotLike", key: "aws:SourceArn", values: vals("arn:aws:sns:*:123456789012:*"),
		ctx: Context{"aws:SourceArn": {"arn:aws:sns:us-east-1:123456789012:t"}}, want: false},
	{doc: "operators#Conditions_ARN: ForAllValues:ArnLike table, costcenter matches", op: "ForAllValues:ArnLike", key: "logs:LogGeneratingResourceArns",
		values: vals("arn:aws::cloudfront:123456789012:distribution/*", "arn:aws::cloudfront:123456789012:distribution/support*"),
		ctx:    Context{"logs:LogGeneratingResourceArns": {"arn:aws::cloudfront:123456789012:distribution/costcenter"}}, want: true},
	{doc: "operators#Conditions_ARN: ForAllValues:ArnLike table, costcenter and support2025 match", op: "ForAllValues:ArnLike", key: "logs:LogGeneratingResourceArns",
		values: vals("arn:aws::cloudfront:123456789012:distribution/*", "arn:aws::cloudfront:123456789012:distribution/support*"),
		ctx: Context{"logs:LogGeneratingResourceArns": {
			"arn:aws::cloudfront:123456789012:distribution/costcenter",
			"arn:aws::cloudfront:123456789012:distribution/support2025",
		}}, want: true},
	{doc: "operators#Conditions_ARN: ForAllValues:ArnLike table, distribution in 777788889999 does not match", op: "ForAllValues:ArnLike", key: "logs:LogGeneratingResourceArns",
		values: vals("arn:aws::cloudfront:123456789012:distribution/*", "arn:aws::cloudfront:123456789012:distribution/support*"),
		ctx:    Context{"logs:LogGeneratingResourceArns": {"arn:aws::cloudfront:777788889999:distribution/costcenter"}}, want: false},
	{doc: "operators#Conditions_ARN: ForAllValues:ArnLike table, no key in the request context matches", op: "ForAllValues:ArnLike", key: "logs:LogGeneratingResourceArns",
		values: vals("arn:aws::cloudfront:123456789012:distribution/*"),
		ctx:    Context{}, want: true},
	{doc: "operators#Conditions_ARN: ForAnyValue:ArnLike, at least one ARN matches", op: "ForAnyValue:ArnLike", key: "logs:LogGeneratingResourceArns",
		values: vals("arn:aws::cloudfront:123456789012:distribution/*"),
		ctx: Context{"logs:LogGeneratingResourceArns": {
			"arn:aws::cloudfront:777788889999:distribution/a",
			"arn:aws::cloudfront:123456789012:distribution/b",
		}}, want: true},
	{doc: "operators#Conditions_ARN: ForAllValues:ArnNotLike, none of the ARNs may match", op: "ForAllValues:ArnNotLike", key: "logs:LogGeneratingResourceArns",
		values: vals("arn:aws::cloudfront:123456789012:distribution/*"),
		ctx: Context{"logs:LogGeneratingResourceArns": {
			"arn:aws::cloudfront:777788889999:distribution/a",
			"arn:aws::cloudfront:123456789012:distribution/b",
		}}, want: false},

	// Set operators for multivalued context keys.
	{doc: "multikeys#ForAnyValue: table, environment", op: "ForAnyValue:StringEquals", key: "aws:TagKeys", values: vals("environment", "cost-center"),
		ctx: Context{"aws:TagKeys": {"environment"}}, want: true},
	{doc: "multikeys#ForAnyValue: table, cost-center", op: "ForAnyValue:StringEquals", key: "aws:TagKeys", values: vals("environment", "cost-center"),
		ctx: Context{"aws:TagKeys": {"cost-center"}}, want: true},
	{doc: "multikeys#ForAnyValue: table, environment and cost-center", op: "ForAnyValue:StringEquals", key: "aws:TagKeys", values: vals("environment", "cost-center"),
		ctx: Context{"aws:TagKeys": {"environment", "cost-center"}}, want: true},
	{doc: "multikeys#ForAnyValue: table, environment and dept", op: "ForAnyValue:StringEquals", key: "aws:TagKeys", values: vals("environment", "cost-center"),
		ctx: Context{"aws:TagKeys": {"environment", "dept"}}, want: true},
	{doc: "multikeys#ForAnyValue: table, dept", op: "ForAnyValue:StringEquals", key: "aws:TagKeys", values: vals("environment", "cost-center"),
		ctx: Context{"aws:TagKeys": {"dept"}}, want: false},
	{doc: "multikeys#ForAnyValue: table, no aws:TagKeys (the key does not exist: false)", op: "ForAnyValue:StringEquals", key: "aws:TagKeys", values: vals("environment", "cost-center"),
		ctx: Context{}, want: false},
	{doc: "operators#Conditions_String: ForAnyValue comparison is case sensitive (Environment)", op: "ForAnyValue:StringEquals", key: "aws:TagKeys", values: vals("environment"),
		ctx: Context{"aws:TagKeys": {"Environment"}}, want: false},
	{doc: "multikeys#ForAllValues: every request value matches a policy value (environment)", op: "ForAllValues:StringEquals", key: "aws:TagKeys", values: vals("environment", "cost-center"),
		ctx: Context{"aws:TagKeys": {"environment"}}, want: true},
	{doc: "multikeys#ForAllValues: every request value matches a policy value (both)", op: "ForAllValues:StringEquals", key: "aws:TagKeys", values: vals("environment", "cost-center"),
		ctx: Context{"aws:TagKeys": {"environment", "cost-center"}}, want: true},
	{doc: "multikeys#ForAllValues: dept is not in the policy, no match", op: "ForAllValues:StringEquals", key: "aws:TagKeys", values: vals("environment", "cost-center"),
		ctx: Context{"aws:TagKeys": {"environment", "dept"}}, want: false},
	{doc: "multikeys#ForAllValues: also returns true if there are no context keys in the request", op: "ForAllValues:StringEquals", key: "aws:TagKeys", values: vals("environment", "cost-center"),
		ctx: Context{}, want: true},
	{doc: "multivals (2017): ForAllValues:StringLike, requested PostDateTime and Message are allowed", op: "ForAllValues:StringLike", key: "dynamodb:requestedAttributes", values: vals("PostDateTime", "Message", "Tags"),
		ctx: Context{"dynamodb:requestedAttributes": {"PostDateTime", "Message"}}, want: true},
	{doc: "multivals (2017): ForAllValues:StringLike, no match for UserName", op: "ForAllValues:StringLike", key: "dynamodb:requestedAttributes", values: vals("PostDateTime", "Message", "Tags"),
		ctx: Context{"dynamodb:requestedAttributes": {"PostDateTime", "UserName"}}, want: false},
	{doc: "multivals (2017): ForAnyValue:StringLike, PostDateTime matches", op: "ForAnyValue:StringLike", key: "dynamodb:requestedAttributes", values: vals("ID", "PostDateTime"),
		ctx: Context{"dynamodb:requestedAttributes": {"UserName", "Message", "PostDateTime"}}, want: true},
	{doc: "multivals (2017): ForAnyValue:StringLike, UserName alone does not match", op: "ForAnyValue:StringLike", key: "dynamodb:requestedAttributes", values: vals("ID", "PostDateTime"),
		ctx: Context{"dynamodb:requestedAttributes": {"UserName"}}, want: false},
	{doc: "multivals (2017): an empty data set (empty string): ForAllValues returns true", op: "ForAllValues:StringEquals", key: "aws:TagKeys", values: vals("environment"),
		ctx: Context{"aws:TagKeys": {""}}, want: true},
	{doc: "multivals (2017): an empty data set (empty string): ForAnyValue returns false", op: "ForAnyValue:StringEquals", key: "aws:TagKeys", values: vals(""),
		ctx: Context{"aws:TagKeys": {""}}, want: false},
	{doc: "multiex: ForAllValues:StringNotLike key1*, key1:legal does not match", op: "ForAllValues:StringNotLike", key: "aws:TagKeys", values: vals("key1*"),
		ctx: Context{"aws:TagKeys": {"key1:legal"}}, want: false},
	{doc: "multiex: ForAllValues:StringNotLike key1*, key1:hr and key1:personnel do not match", op: "ForAllValues:StringNotLike", key: "aws:TagKeys", values: vals("key1*"),
		ctx: Context{"aws:TagKeys": {"key1:hr", "key1:personnel"}}, want: false},
	{doc: "multiex: ForAllValues:StringNotLike key1*, key2:audit matches", op: "ForAllValues:StringNotLike", key: "aws:TagKeys", values: vals("key1*"),
		ctx: Context{"aws:TagKeys": {"key2:audit"}}, want: true},
	{doc: "multiex: ForAllValues:StringNotLike key1*, no aws:TagKeys matches", op: "ForAllValues:StringNotLike", key: "aws:TagKeys", values: vals("key1*"),
		ctx: Context{}, want: true},
	{doc: "operators#Conditions_String: ForAnyValue:StringNotEquals, at least one request value matches no policy value", op: "ForAnyValue:StringNotEquals", key: "aws:TagKeys", values: vals("a"),
		ctx: Context{"aws:TagKeys": {"a", "b"}}, want: true},
	{doc: "operators#Conditions_String: ForAnyValue:StringNotEquals, every request value matches", op: "ForAnyValue:StringNotEquals", key: "aws:TagKeys", values: vals("a"),
		ctx: Context{"aws:TagKeys": {"a"}}, want: false},
	{doc: "multikeys#ForAnyValue: the key does not exist, the condition returns false (negated operator too)", op: "ForAnyValue:StringNotEquals", key: "aws:TagKeys", values: vals("a"),
		ctx: Context{}, want: false},
	{doc: "operators#Conditions_String: ForAllValues:StringNotEquals, none of the request values matches", op: "ForAllValues:StringNotEquals", key: "aws:TagKeys", values: vals("a", "b"),
		ctx: Context{"aws:TagKeys": {"c", "d"}}, want: true},
	{doc: "operators#Conditions_String: ForAllValues:StringNotEquals, one request value matches", op: "ForAllValues:StringNotEquals", key: "aws:TagKeys", values: vals("a", "b"),
		ctx: Context{"aws:TagKeys": {"c", "a"}}, want: false},
	{doc: "operators#Conditions_String: ForAnyValue:StringEqualsIgnoreCase", op: "ForAnyValue:StringEqualsIgnoreCase", key: "aws:TagKeys", values: vals("environment"),
		ctx: Context{"aws:TagKeys": {"Owner", "ENVIRONMENT"}}, want: true},
	{doc: "operators#Conditions_IfExists: IfExists on any operator but Null; with ForAnyValue and the key absent, true", op: "ForAnyValue:StringEqualsIfExists", key: "aws:TagKeys", values: vals("environment"),
		ctx: Context{}, want: true},

	// Null check.
	{doc: "operators#Conditions_Null: Null true, the key does not exist", op: "Null", key: "aws:TokenIssueTime", values: vals("true"),
		ctx: Context{}, want: true},
	{doc: "operators#Conditions_Null: Null true, the key exists", op: "Null", key: "aws:TokenIssueTime", values: vals("true"),
		ctx: Context{"aws:TokenIssueTime": {"2020-01-01T00:00:00Z"}}, want: false},
	{doc: "operators#Conditions_Null: Null false, the key exists and its value is not null", op: "Null", key: "aws:TokenIssueTime", values: vals("false"),
		ctx: Context{"aws:TokenIssueTime": {"2020-01-01T00:00:00Z"}}, want: true},
	{doc: "operators#Conditions_Null: Null false (the key cannot be absent), key absent", op: "Null", key: "aws:TokenIssueTime", values: vals("false"),
		ctx: Context{}, want: false},
	{doc: "operators#Conditions_ARN: Null false checks the key exists and its value is not null (empty string)", op: "Null", key: "aws:TagKeys", values: vals("false"),
		ctx: Context{"aws:TagKeys": {""}}, want: false},
	{doc: "operators#Conditions_IfExists: IfExists on any condition operator name except the Null condition", op: "NullIfExists", key: "aws:TokenIssueTime", values: vals("true"),
		ctx: Context{}, wantErr: true},
	{doc: "operators#Conditions_Null: use either true or false", op: "Null", key: "aws:TokenIssueTime", values: vals("maybe"),
		ctx: Context{}, wantErr: true},

	// Unknown operators.
	{doc: "operators: an operator not in the reference is an error", op: "StringEqualz", key: "aws:username", values: vals("a"),
		ctx: Context{"aws:username": {"a"}}, wantErr: true},
	{doc: "multikeys: the set operators are ForAllValues and ForAnyValue", op: "ForSomeValues:StringEquals", key: "aws:TagKeys", values: vals("a"),
		ctx: Context{"aws:TagKeys": {"a"}}, wantErr: true},

	// Policy variables in condition values.
	{doc: "operators#Conditions_String: policy variable table, martha_rivera", op: "StringLike", key: "s3:prefix", values: vals("home/", "home/${aws:username}/"),
		ctx: Context{"aws:username": {"martha_rivera"}, "s3:prefix": {"home/martha_rivera/"}}, want: true},
	{doc: "operators#Conditions_String: policy variable table, nikki_wolf's prefix for martha_rivera", op: "StringLike", key: "s3:prefix", values: vals("home/", "home/${aws:username}/"),
		ctx: Context{"aws:username": {"martha_rivera"}, "s3:prefix": {"home/nikki_wolf/"}}, want: false},
	{doc: "operators#Conditions_String: policy variable table, no aws:username in the request context", op: "StringLike", key: "s3:prefix", values: vals("home/${aws:username}/"),
		ctx: Context{"s3:prefix": {"home/martha_rivera/"}}, want: false},
	{doc: "variables#policy-vars-no-value: StringEquals with a variable with no value does not match", op: "StringEquals", key: "s3:ExistingObjectTag/Team", values: vals("${aws:PrincipalTag/Team}"),
		ctx: Context{"s3:ExistingObjectTag/Team": {"red"}}, want: false},
	{doc: "variables#policy-vars-no-value: inverted operators like StringNotEquals match against a null value", op: "StringNotEquals", key: "s3:ExistingObjectTag/Team", values: vals("${aws:PrincipalTag/Team}"),
		ctx: Context{"s3:ExistingObjectTag/Team": {"red"}}, want: true},
	{doc: "variables#policy-vars-no-value: StringNotEquals with the variable set to the same value", op: "StringNotEquals", key: "s3:ExistingObjectTag/Team", values: vals("${aws:PrincipalTag/Team}"),
		ctx: Context{"s3:ExistingObjectTag/Team": {"red"}, "aws:PrincipalTag/Team": {"red"}}, want: false},
	{doc: "variables#policy-vars-no-value: inverted operators like StringNotLike match against a null value", op: "StringNotLike", key: "s3:prefix", values: vals("${aws:username}/*"),
		ctx: Context{"s3:prefix": {"alice/x"}}, want: true},
	{doc: "variables#policy-vars-default-values: the default is used when the key has no value", op: "StringEquals", key: "s3:prefix", values: vals("${aws:PrincipalTag/team, 'company-wide'}"),
		ctx: Context{"s3:prefix": {"company-wide"}}, want: true},
	{doc: "variables#policy-vars-default-values: the default is not used when the key has a value", op: "StringEquals", key: "s3:prefix", values: vals("${aws:PrincipalTag/team, 'company-wide'}"),
		ctx: Context{"s3:prefix": {"company-wide"}, "aws:PrincipalTag/team": {"yellow"}}, want: false},
	{doc: "variables#policy-vars-specialchars: ${*} is a literal asterisk in StringLike", op: "StringLike", key: "x:v", values: vals("a${*}b"),
		ctx: Context{"x:v": {"a*b"}}, want: true},
	{doc: "variables#policy-vars-specialchars: ${*} is not a wildcard", op: "StringLike", key: "x:v", values: vals("a${*}b"),
		ctx: Context{"x:v": {"axxb"}}, want: false},
	{doc: "variables#policy-vars-specialchars: ${?} is a literal question mark", op: "StringLike", key: "x:v", values: vals("why${?}"),
		ctx: Context{"x:v": {"whyz"}}, want: false},
	{doc: "variables#policy-vars-specialchars: ${$} is a literal dollar sign", op: "StringEquals", key: "x:v", values: vals("${$}{aws:username}"),
		ctx: Context{"x:v": {"${aws:username}"}, "aws:username": {"alice"}}, want: true},
	{doc: "multikeys (Key points): a multivalued context key cannot be used as a policy variable", op: "StringEquals", key: "x:v", values: vals("${aws:TagKeys}"),
		ctx: Context{"x:v": {"a"}, "aws:TagKeys": {"a", "b"}}, want: false},
	{doc: "variables (Key names are case-insensitive): ${AWS:UserName} reads aws:username", op: "StringEquals", key: "x:v", values: vals("${AWS:UserName}"),
		ctx: Context{"x:v": {"alice"}, "aws:username": {"alice"}}, want: true},
	{doc: "variables#policy-vars-conditionelement: variables in ARN operators (ArnLike)", op: "ArnLike", key: "aws:SourceArn", values: vals("arn:aws:sns:us-east-1:${aws:PrincipalAccount}:*"),
		ctx: Context{"aws:SourceArn": {"arn:aws:sns:us-east-1:123456789012:t"}, "aws:PrincipalAccount": {"123456789012"}}, want: true},
	{doc: "variables#policy-vars-conditionelement: ArnLike with a variable, other account", op: "ArnLike", key: "aws:SourceArn", values: vals("arn:aws:sns:us-east-1:${aws:PrincipalAccount}:*"),
		ctx: Context{"aws:SourceArn": {"arn:aws:sns:us-east-1:999999999999:t"}, "aws:PrincipalAccount": {"123456789012"}}, want: false},
	{doc: "operators#Conditions_IPAddress: Policy variables – Not supported (the variable stays text)", op: "IpAddress", key: "aws:SourceIp", values: vals("${x:cidr}"),
		ctx: Context{"aws:SourceIp": {"10.0.0.1"}, "x:cidr": {"10.0.0.0/8"}}, wantErr: true},
}

func TestConditionHolds(t *testing.T) {
	for i, tc := range conditionCases {
		t.Run(fmt.Sprintf("%03d_%s", i, tc.op), func(t *testing.T) {
			c := Condition{Operator: tc.op, Key: tc.key, Values: tc.values}
			got, err := c.Holds(tc.ctx)
			if tc.wantErr {
				if err == nil {
					t.Fatalf("%s\nHolds(%v) = %v, nil; want an error", tc.doc, tc.ctx, got)
				}
				if got {
					t.Fatalf("%s\nHolds returned true with error %v", tc.doc, err)
				}
				return
			}
			if err != nil {
				t.Fatalf("%s\nHolds(%v): unexpected error %v", tc.doc, tc.ctx, err)
			}
			if got != tc.want {
				t.Errorf("%s\n%s %s %q with %v = %v, want %v", tc.doc, tc.op, tc.key, tc.values, tc.ctx, got, tc.want)
			}
		})
	}
}

// Every documented base operator, with and without IfExists, is known and
// evaluates without error on a well-formed value.
func TestEveryOperatorKnown(t *testing.T) {
	good := map[string]string{
		"String": "x", "Numeric": "1", "Date": "2020-01-01T00:00:00Z", "Bool": "true",
		"Binary": "eA==", "Ip": "10.0.0.0/8", "NotIp": "10.0.0.0/8", "Arn": "arn:aws:s3:::b",
	}
	ops := map[string][]string{
		"String":  {"StringEquals", "StringNotEquals", "StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase", "StringLike", "StringNotLike"},
		"Numeric": {"NumericEquals", "NumericNotEquals", "NumericLessThan", "NumericLessThanEquals", "NumericGreaterThan", "NumericGreaterThanEquals"},
		"Date":    {"DateEquals", "DateNotEquals", "DateLessThan", "DateLessThanEquals", "DateGreaterThan", "DateGreaterThanEquals"},
		"Bool":    {"Bool"},
		"Binary":  {"BinaryEquals"},
		"Ip":      {"IpAddress"},
		"NotIp":   {"NotIpAddress"},
		"Arn":     {"ArnEquals", "ArnLike", "ArnNotEquals", "ArnNotLike"},
	}
	request := map[string]string{"Ip": "10.1.2.3", "NotIp": "10.1.2.3"}
	for family, names := range ops {
		for _, name := range names {
			for _, suffix := range []string{"", "IfExists"} {
				for _, set := range []string{"", "ForAnyValue:", "ForAllValues:"} {
					c := Condition{Operator: set + name + suffix, Key: "k", Values: []string{good[family]}}
					r, ok := request[family]
					if !ok {
						r = good[family]
					}
					for _, ctx := range []Context{{}, {"k": {r}}} {
						if _, err := c.Holds(ctx); err != nil {
							t.Errorf("%s with %v: %v", c.Operator, ctx, err)
						}
					}
				}
			}
		}
	}
	if ok, err := (Condition{Operator: "Null", Key: "k", Values: []string{"true"}}).Holds(Context{}); err != nil || !ok {
		t.Errorf("Null true on an empty context = %v, %v", ok, err)
	}
}

// lambdasec's reading where the documentation is silent, pinned so a change
// is deliberate: Bool values compare in any letter case.
func TestBoolAnyCase(t *testing.T) {
	c := Condition{Operator: "Bool", Key: "aws:SecureTransport", Values: []string{"TRUE"}}
	if ok, err := c.Holds(Context{"aws:SecureTransport": {"true"}}); err != nil || !ok {
		t.Errorf("Bool TRUE vs true = %v, %v; want true", ok, err)
	}
}

// Without a set operator, a key with several request values holds when any
// matches; a negated operator holds when none does.
func TestNoSetOperatorMultipleRequestValues(t *testing.T) {
	ctx := Context{"k": {"a", "b"}}
	if ok, _ := (Condition{Operator: "StringEquals", Key: "k", Values: []string{"b"}}).Holds(ctx); !ok {
		t.Error("StringEquals b with [a b] = false, want true")
	}
	if ok, _ := (Condition{Operator: "StringNotEquals", Key: "k", Values: []string{"b"}}).Holds(ctx); ok {
		t.Error("StringNotEquals b with [a b] = true, want false")
	}
}
