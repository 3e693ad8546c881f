package inventory

import "strings"

// Tokens for the values a CloudFormation stack only learns at deploy time.
// A template's estate uses AccountIDToken as its Account, so a policy that
// names "{{AWS.AccountId}}" names the estate's own account. No token holds
// a colon, so an ARN with tokens still splits into its six fields.
const (
	AccountIDToken = "{{AWS.AccountId}}"
	RegionToken    = "{{AWS.Region}}"
	StackNameToken = "{{AWS.StackName}}"
	StackIDToken   = "{{AWS.StackId}}"
)

const (
	refPrefix        = "{{ref."
	attrPrefix       = "{{attr."
	unresolvedPrefix = "{{unresolved."
	azPrefix         = "{{az."
	tokenEnd         = "}}"
)

// escapeReason keeps a reason free of the characters that would break a
// token or the ARN around it; unescapeReason restores them.
var (
	escapeReason   = strings.NewReplacer("%", "%25", ":", "%3A", "}", "%7D", "{", "%7B")
	unescapeReason = strings.NewReplacer("%3A", ":", "%7D", "}", "%7B", "{", "%25", "%")
)

// RefToken returns the token that stands for the value of Ref to the
// resource logicalID when that value is only known after deployment (a
// physical name or ID). Two RefTokens are equal exactly when they name the
// same resource.
func RefToken(logicalID string) string { return refPrefix + logicalID + tokenEnd }

// AttrToken returns the token that stands for Fn::GetAtt logicalID.attr when
// the attribute cannot be written as a structured value (such as an ARN).
func AttrToken(logicalID, attr string) string {
	return attrPrefix + logicalID + "." + attr + tokenEnd
}

// AZToken returns the token for the i-th Availability Zone of the stack's
// region, as Fn::Select [i, Fn::GetAZs ""] yields it: distinct indices are
// distinct zones.
func AZToken(i string) string { return azPrefix + i + tokenEnd }

// UnresolvedToken returns a token that marks a value lambdasec could not
// work out statically; reason says why, in words meant for a finding
// ("parameter DbPassword has no default", "Fn::ImportValue SharedVpc").
func UnresolvedToken(reason string) string {
	return unresolvedPrefix + escapeReason.Replace(reason) + tokenEnd
}

// IsUnresolved reports whether s contains any unresolved token.
func IsUnresolved(s string) bool { return strings.Contains(s, unresolvedPrefix) }

// UnresolvedReason returns the reason inside the first unresolved token in
// s, and false if s has none.
func UnresolvedReason(s string) (string, bool) {
	i := strings.Index(s, unresolvedPrefix)
	if i < 0 {
		return "", false
	}
	rest := s[i+len(unresolvedPrefix):]
	j := strings.Index(rest, tokenEnd)
	if j < 0 {
		return unescapeReason.Replace(rest), true
	}
	return unescapeReason.Replace(rest[:j]), true
}

// HasToken reports whether s contains any placeholder token (a Ref, an
// attribute, a pseudo parameter, an Availability Zone or an unresolved value).
func HasToken(s string) bool { return strings.Contains(s, "{{") && strings.Contains(s, tokenEnd) }

// RefTarget returns the logical ID named by a value that is exactly one
// RefToken or AttrToken, and false otherwise.
func RefTarget(s string) (logicalID string, ok bool) {
	switch {
	case strings.HasPrefix(s, refPrefix) && strings.HasSuffix(s, tokenEnd):
		id := s[len(refPrefix) : len(s)-len(tokenEnd)]
		return id, !strings.Contains(id, tokenEnd)
	case strings.HasPrefix(s, attrPrefix) && strings.HasSuffix(s, tokenEnd):
		body := s[len(attrPrefix) : len(s)-len(tokenEnd)]
		if strings.Contains(body, tokenEnd) {
			return "", false
		}
		id, _, _ := strings.Cut(body, ".")
		return id, true
	}
	return "", false
}

// ReferencedIDs returns the logical IDs that the Ref and attribute tokens
// inside s name, in order of appearance, without duplicates.
func ReferencedIDs(s string) []string {
	var ids []string
	for _, prefix := range []string{refPrefix, attrPrefix} {
		rest := s
		for {
			i := strings.Index(rest, prefix)
			if i < 0 {
				break
			}
			rest = rest[i+len(prefix):]
			j := strings.Index(rest, tokenEnd)
			if j < 0 {
				break
			}
			id := rest[:j]
			if prefix == attrPrefix {
				id, _, _ = strings.Cut(id, ".")
			}
			ids = appendUnique(ids, id)
			rest = rest[j:]
		}
	}
	return ids
}

func appendUnique(list []string, s string) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}

// Describe renders a value for a human: tokens become the words for what
// they stand for ("Ref Orders", "the stack's account"), so findings read
// naturally. Values without tokens are returned unchanged.
func Describe(s string) string {
	if !HasToken(s) {
		return s
	}
	if reason, ok := UnresolvedReason(s); ok && strings.HasPrefix(s, unresolvedPrefix) && strings.HasSuffix(s, tokenEnd) {
		return "unresolved (" + reason + ")"
	}
	r := strings.NewReplacer(
		AccountIDToken, "${AWS::AccountId}",
		RegionToken, "${AWS::Region}",
		StackNameToken, "${AWS::StackName}",
		StackIDToken, "${AWS::StackId}",
	)
	s = r.Replace(s)
	var b strings.Builder
	for {
		i := strings.Index(s, "{{")
		if i < 0 {
			b.WriteString(s)
			break
		}
		j := strings.Index(s[i:], tokenEnd)
		if j < 0 {
			b.WriteString(s)
			break
		}
		b.WriteString(s[:i])
		tok := s[i+2 : i+j]
		kind, body, _ := strings.Cut(tok, ".")
		switch kind {
		case "ref":
			b.WriteString("${" + body + "}")
		case "attr":
			b.WriteString("${" + body + "}")
		case "az":
			b.WriteString("<AZ #" + body + ">")
		case "unresolved":
			b.WriteString("<unresolved: " + unescapeReason.Replace(body) + ">")
		default:
			b.WriteString("{{" + tok + "}}")
		}
		s = s[i+j+len(tokenEnd):]
	}
	return b.String()
}
