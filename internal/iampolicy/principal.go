package iampolicy

import (
	"strings"
)

// AccountOf returns the AWS account a principal value of an "AWS" principal
// (or a condition value naming a principal or account) belongs to: the
// 12-digit ID itself, the account field of an IAM or STS ARN, or a template
// token that stands for an account. It returns "" when the value names no
// account (a unique ID such as AROA..., a wildcard, an unresolved value).
func AccountOf(v string) string {
	if isAccountID(v) || isAccountToken(v) {
		return v
	}
	if !strings.HasPrefix(v, "arn:") {
		return ""
	}
	parts := strings.SplitN(v, ":", 6)
	if len(parts) != 6 {
		return ""
	}
	acct := parts[4]
	if isAccountID(acct) || isAccountToken(acct) {
		return acct
	}
	return ""
}

// IsAccountID reports whether s is a 12-digit AWS account ID.
func IsAccountID(s string) bool { return isAccountID(s) }

func isAccountID(s string) bool {
	if len(s) != 12 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// isAccountToken reports whether s is a placeholder that stands for one
// fixed account: the stack's own account token, or a template parameter or
// reference token (a value chosen at deploy time, one account however it is
// chosen). Unresolved tokens do not count: they may stand for anything.
func isAccountToken(s string) bool {
	if !strings.HasPrefix(s, "{{") || !strings.HasSuffix(s, "}}") {
		return false
	}
	if strings.Contains(s[2:len(s)-2], "{{") {
		return false
	}
	return !strings.HasPrefix(s, "{{unresolved.")
}

// hasWildcard reports whether s contains an IAM wildcard.
func hasWildcard(s string) bool { return strings.ContainsAny(s, "*?") }

// isUnresolved reports whether s holds a value a template left unresolved.
func isUnresolved(s string) bool { return strings.Contains(s, "{{unresolved.") }
