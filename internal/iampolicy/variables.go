package iampolicy

import "strings"

// VersionCurrent is the policy language version that introduced policy
// variables. In a policy with another Version, or none (which means
// 2008-10-17), "${...}" is literal text.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_version.html
const VersionCurrent = "2012-10-17"

// Substitute replaces the policy variables in value with values from ctx,
// as https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
// describes, and returns the result and true. A variable is "${key}",
// where key names a context key (looked up case-insensitively), optionally
// with a default: "${aws:username, 'anonymous'}" (spaces around the key and
// the comma are ignored). "${*}", "${?}" and "${$}" stand for the literal
// characters *, ? and $. Substitution is done once: text that a variable
// brings in is not searched for variables.
//
// A variable has no value when its key is not in ctx or has no value, or
// has more than one ("You can't use a multivalued condition key as a
// variable"), or when "${...}" is malformed (no key, or a default that is
// not quoted); its default is used when it has one. When a variable has no
// value and no default Substitute returns "", false: "When you use a
// variable with no value in the condition element of an IAM policy,
// condition operators like StringEquals or StringLike do not match", and "the
// resource that includes a policy variable with no value will not match
// any resource" (#policy-vars-no-value). "${" without a closing brace is
// literal text.
//
// Substitute does not check the policy's Version; Evaluate substitutes only
// in policies whose Version is VersionCurrent.
func Substitute(value string, ctx Context) (string, bool) {
	if !hasVariable(value) {
		return value, true
	}
	return expand(value, ctx, false)
}

// hasVariable reports whether s may hold a policy variable.
func hasVariable(s string) bool { return strings.Contains(s, "${") }

// expand substitutes the policy variables in s. With pattern set the result
// is a pattern for globEscaped: the policy's own '*' and '?' stay wildcards,
// while every character that must match literally — a '\' of the policy,
// and '*', '?' and '\' brought in by a variable, its default or the ${*} and
// ${?} escapes — is preceded by '\'.
func expand(s string, ctx Context, pattern bool) (string, bool) {
	var b strings.Builder
	b.Grow(len(s) + 16)
	for {
		i := strings.Index(s, "${")
		if i < 0 {
			writeText(&b, s, pattern)
			return b.String(), true
		}
		end := closingBrace(s, i+2)
		if end < 0 {
			writeText(&b, s, pattern)
			return b.String(), true
		}
		writeText(&b, s[:i], pattern)
		v, ok := resolve(s[i+2:end], ctx)
		if !ok {
			return "", false
		}
		writeValue(&b, v, pattern)
		s = s[end+1:]
	}
}

// closingBrace returns the index of the '}' that closes a variable whose
// body starts at s[from], skipping braces inside a quoted default, or -1.
func closingBrace(s string, from int) int {
	quoted := false
	for j := from; j < len(s); j++ {
		switch s[j] {
		case '\'':
			quoted = !quoted
		case '}':
			if !quoted {
				return j
			}
		}
	}
	return -1
}

// resolve returns the value of a variable from the text between "${" and
// "}".
func resolve(body string, ctx Context) (string, bool) {
	switch body {
	case "*", "?", "$":
		return body, true
	}
	key, def, hasDefault := body, "", false
	if k, rest, ok := strings.Cut(body, ","); ok {
		rest = strings.TrimSpace(rest)
		if len(rest) < 2 || rest[0] != '\'' || rest[len(rest)-1] != '\'' {
			return "", false
		}
		key, def, hasDefault = k, rest[1:len(rest)-1], true
	}
	key = strings.TrimSpace(key)
	if key != "" {
		if vals, ok := ctx.Lookup(key); ok && len(vals) == 1 {
			return vals[0], true
		}
	}
	return def, hasDefault
}

// writeText writes policy text: in a pattern only '\' needs escaping.
func writeText(b *strings.Builder, s string, pattern bool) {
	if !pattern {
		b.WriteString(s)
		return
	}
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' {
			b.WriteByte('\\')
		}
		b.WriteByte(s[i])
	}
}

// writeValue writes text a variable brings in: in a pattern it is literal.
func writeValue(b *strings.Builder, s string, pattern bool) {
	if !pattern {
		b.WriteString(s)
		return
	}
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '*', '?', '\\':
			b.WriteByte('\\')
		}
		b.WriteByte(s[i])
	}
}

// splitARN splits an ARN pattern into its six colon-delimited fields,
// ignoring colons inside "${...}" (as in "${aws:username}"). It reports
// false when p is not an ARN of six fields.
func splitARN(p string) ([]string, bool) {
	if !strings.HasPrefix(p, "arn:") {
		return nil, false
	}
	fields := make([]string, 0, 6)
	start := 0
	for i := 0; i < len(p) && len(fields) < 5; i++ {
		switch p[i] {
		case '$':
			if i+1 < len(p) && p[i+1] == '{' {
				if end := closingBrace(p, i+2); end >= 0 {
					i = end
				}
			}
		case ':':
			fields = append(fields, p[start:i])
			start = i + 1
		}
	}
	if len(fields) != 5 {
		return nil, false
	}
	return append(fields, p[start:]), true
}

// matchResourceVars reports whether the Resource (or NotResource) pattern
// p covers arn, substituting policy variables in the resource part of p —
// after the fifth colon, the only place the variables page allows them:
// "You can't use a variable to replace parts of the ARN before the fifth
// colon". A "${...}" before it is literal text. A variable with no value
// makes p match no resource.
func matchResourceVars(p, arn string, ctx Context) bool {
	if !hasVariable(p) {
		return matchResource(p, arn)
	}
	pf, ok := splitARN(p)
	af := strings.SplitN(arn, ":", 6)
	if !ok || len(af) != 6 || !strings.HasPrefix(arn, "arn:") {
		pat, ok := expand(p, ctx, true)
		return ok && globEscaped(pat, arn)
	}
	for i := 1; i < 5; i++ {
		if !glob(pf[i], af[i]) {
			return false
		}
	}
	pat, ok := expand(pf[5], ctx, true)
	return ok && globEscaped(pat, af[5])
}
