package iampolicy

import (
	"strings"
	"unicode/utf8"
)

// MatchAction reports whether the action pattern of a policy (such as
// "s3:Get*" or "*") covers action ("s3:GetObject"). Actions compare
// case-insensitively; "*" matches any run of characters and "?" any one.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html
func MatchAction(pattern, action string) bool {
	if pattern == "*" {
		return true
	}
	// Most patterns differ from the action in their first letter, an
	// ASCII one either way: no need to look further (ToLower keeps a
	// leading ASCII letter a leading ASCII letter).
	if pattern != "" && action != "" {
		p, a := pattern[0], action[0]
		if p < utf8.RuneSelf && a < utf8.RuneSelf && p != '*' && p != '?' && lowerASCII(p) != lowerASCII(a) {
			return false
		}
	}
	if isASCII(pattern) && isASCII(action) {
		return globFold(pattern, action) // no allocation
	}
	return glob(strings.ToLower(pattern), strings.ToLower(action))
}

// MatchResource reports whether the resource pattern of a policy covers the
// ARN arn. The partition, service, region and account fields are matched
// each on its own; in the resource field "*" also spans "/" and ":".
// Comparison is case-sensitive, as ARNs are.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html
func MatchResource(pattern, arn string) bool {
	if pattern == "*" {
		return true
	}
	if !strings.HasPrefix(pattern, "arn:") || !strings.HasPrefix(arn, "arn:") {
		return glob(pattern, arn)
	}
	pp := strings.SplitN(pattern, ":", 6)
	ap := strings.SplitN(arn, ":", 6)
	if len(pp) != 6 || len(ap) != 6 {
		return glob(pattern, arn)
	}
	for i := 1; i < 6; i++ {
		if !glob(pp[i], ap[i]) {
			return false
		}
	}
	return true
}

// glob matches s against pattern, where '*' matches any run of bytes
// (including none) and '?' exactly one character. It is globMatch with
// exact comparison and no escapes.
func glob(pattern, s string) bool { return globMatch(pattern, s, false, false) }

// globFold is glob for ASCII strings, ignoring letter case.
func globFold(pattern, s string) bool { return globMatch(pattern, s, true, false) }

// globEscaped is glob for patterns made by expand: '*' matches any run of
// characters, '?' one character, and '\' makes the next byte literal.
func globEscaped(pattern, s string) bool { return globMatch(pattern, s, false, true) }

// globMatch is the one glob matcher of the package: '*' matches any run of
// bytes (including none) and '?' exactly one character (a whole UTF-8
// sequence). With fold, ASCII letters match in either case; with escapes,
// '\' makes the next byte of the pattern literal. It runs in linear time
// for the patterns IAM allows, with the classic backtrack-to-last-star
// method, and never allocates.
func globMatch(pattern, s string, fold, escapes bool) bool {
	px, sx := 0, 0
	starP, starS := -1, 0
	for sx < len(s) {
		if px < len(pattern) {
			switch c := pattern[px]; {
			case c == '*':
				starP, starS = px, sx
				px++
				continue
			case c == '?':
				px++
				sx += runeLen(s, sx)
				continue
			case escapes && c == '\\' && px+1 < len(pattern):
				if pattern[px+1] == s[sx] {
					px += 2
					sx++
					continue
				}
			case c == s[sx] || fold && lowerASCII(c) == lowerASCII(s[sx]):
				px++
				sx++
				continue
			}
		}
		if starP >= 0 {
			starS++
			px, sx = starP+1, starS
			continue
		}
		return false
	}
	for px < len(pattern) && pattern[px] == '*' {
		px++
	}
	return px == len(pattern)
}

func lowerASCII(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + ('a' - 'A')
	}
	return c
}

// runeLen returns the byte length of the UTF-8 character starting at s[i],
// so '?' matches one character, not one byte.
func runeLen(s string, i int) int {
	c := s[i]
	switch {
	case c < 0x80:
		return 1
	case c>>5 == 0x6 && i+1 < len(s):
		return 2
	case c>>4 == 0xE && i+2 < len(s):
		return 3
	case c>>3 == 0x1E && i+3 < len(s):
		return 4
	}
	return 1
}

// CoversAction reports whether the statement's Action or NotAction element
// applies to action.
func (s *Statement) CoversAction(action string) bool {
	if s.NotAction != nil {
		return !anyMatch(s.NotAction, action, MatchAction)
	}
	return anyMatch(s.Action, action, MatchAction)
}

// CoversResource reports whether the statement's Resource or NotResource
// element applies to arn. A statement with neither (a trust policy) covers
// every resource.
func (s *Statement) CoversResource(arn string) bool {
	switch {
	case s.NotResource != nil:
		return !anyMatch(s.NotResource, arn, MatchResource)
	case s.Resource != nil:
		return anyMatch(s.Resource, arn, MatchResource)
	}
	return true
}

func anyMatch(patterns []string, v string, match func(p, v string) bool) bool {
	for _, p := range patterns {
		if match(p, v) {
			return true
		}
	}
	return false
}
