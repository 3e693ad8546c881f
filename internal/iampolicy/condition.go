package iampolicy

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"net/netip"
	"strconv"
	"strings"
	"time"
)

// The set operators that may prefix a condition operator.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
const (
	forAnyValue  = "ForAnyValue"
	forAllValues = "ForAllValues"
)

// opKind is the family of a base condition operator: it says how one
// request value is compared with one policy value.
type opKind uint8

const (
	opString opKind = iota
	opStringIgnoreCase
	opStringLike
	opNumeric
	opDate
	opBool
	opBinary
	opIP
	opARN
	opNull
)

// order is the comparison a Numeric or Date operator makes.
type order uint8

const (
	orderEq order = iota
	orderLt
	orderLe
	orderGt
	orderGe
)

// opSpec describes a base operator (without set prefix or IfExists).
type opSpec struct {
	kind    opKind
	order   order
	negated bool
}

// lookupOperator returns the description of a base operator, as listed in
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
func lookupOperator(base string) (opSpec, bool) {
	switch base {
	case "StringEquals":
		return opSpec{kind: opString}, true
	case "StringNotEquals":
		return opSpec{kind: opString, negated: true}, true
	case "StringEqualsIgnoreCase":
		return opSpec{kind: opStringIgnoreCase}, true
	case "StringNotEqualsIgnoreCase":
		return opSpec{kind: opStringIgnoreCase, negated: true}, true
	case "StringLike":
		return opSpec{kind: opStringLike}, true
	case "StringNotLike":
		return opSpec{kind: opStringLike, negated: true}, true
	case "NumericEquals":
		return opSpec{kind: opNumeric, order: orderEq}, true
	case "NumericNotEquals":
		return opSpec{kind: opNumeric, order: orderEq, negated: true}, true
	case "NumericLessThan":
		return opSpec{kind: opNumeric, order: orderLt}, true
	case "NumericLessThanEquals":
		return opSpec{kind: opNumeric, order: orderLe}, true
	case "NumericGreaterThan":
		return opSpec{kind: opNumeric, order: orderGt}, true
	case "NumericGreaterThanEquals":
		return opSpec{kind: opNumeric, order: orderGe}, true
	case "DateEquals":
		return opSpec{kind: opDate, order: orderEq}, true
	case "DateNotEquals":
		return opSpec{kind: opDate, order: orderEq, negated: true}, true
	case "DateLessThan":
		return opSpec{kind: opDate, order: orderLt}, true
	case "DateLessThanEquals":
		return opSpec{kind: opDate, order: orderLe}, true
	case "DateGreaterThan":
		return opSpec{kind: opDate, order: orderGt}, true
	case "DateGreaterThanEquals":
		return opSpec{kind: opDate, order: orderGe}, true
	case "Bool":
		return opSpec{kind: opBool}, true
	case "BinaryEquals":
		return opSpec{kind: opBinary}, true
	case "IpAddress":
		return opSpec{kind: opIP}, true
	case "NotIpAddress":
		return opSpec{kind: opIP, negated: true}, true
	case "ArnEquals", "ArnLike":
		return opSpec{kind: opARN}, true
	case "ArnNotEquals", "ArnNotLike":
		return opSpec{kind: opARN, negated: true}, true
	case "Null":
		return opSpec{kind: opNull}, true
	}
	return opSpec{}, false
}

// takesVariables reports whether policy variables in the values of an
// operator of kind k are substituted. The operators page marks String,
// Boolean and ARN operators "Policy variables – Supported" and Numeric,
// Date, Binary, IP address and Null "Not supported".
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
func (k opKind) takesVariables() bool {
	switch k {
	case opString, opStringIgnoreCase, opStringLike, opARN, opBool:
		return true
	}
	return false
}

// Holds reports whether the condition is true for the request context ctx,
// following the IAM condition operators reference
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html)
// and the set operators for multivalued context keys
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html).
//
// The key is looked up case-insensitively; a key that is not in ctx, or
// maps to no values, is absent. Several policy values are OR'ed; for a
// negated operator (StringNotEquals, NotIpAddress, ...) they are NOR'ed
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_multi-value-conditions.html).
// When the key is absent the condition is false, except: with the IfExists
// suffix it is true; with ForAllValues it is true; with ForAnyValue it is
// false; and for a negated operator it is true. Null "true" holds when the
// key is absent or its values are all empty strings, Null "false" when it
// has a non-empty value. ForAllValues is also true, and ForAnyValue false,
// when the request's values are all empty strings (an empty data set).
// Without a set operator a key with several request values holds when any
// of them matches (for a negated operator: when none matches).
//
// Policy variables in the values of String, Bool and ARN operators are
// substituted from ctx first, as Substitute does (the policy language
// version 2012-10-17 is assumed); a variable without a value matches
// nothing, so a negated operator then holds.
//
// Holds returns an error, and false, for an unknown operator or set
// operator, IfExists or a set operator on Null, a policy value that is not
// a valid number, date, CIDR, base64 string or boolean for its operator, and
// a request value that is not valid for a Numeric, Date, Bool or IP
// operator.
func (c Condition) Holds(ctx Context) (bool, error) {
	return c.holds(ctx, true)
}

// holds is Holds with policy variables substituted only when vars is set
// (policy language version 2012-10-17).
func (c Condition) holds(ctx Context, vars bool) (bool, error) {
	set, base, ifExists := ParseOperator(c.Operator)
	spec, ok := lookupOperator(base)
	if !ok {
		return false, fmt.Errorf("unknown condition operator %q", c.Operator)
	}
	if set != "" && set != forAnyValue && set != forAllValues {
		return false, fmt.Errorf("unknown set operator %q in %q", set, c.Operator)
	}
	vals, present := ctx.Lookup(c.Key)
	if spec.kind == opNull {
		if ifExists || set != "" {
			return false, fmt.Errorf("%q: Null takes neither a set operator nor IfExists", c.Operator)
		}
		return c.null(vals)
	}
	m := matcher{spec: spec, values: c.Values, ctx: ctx, vars: vars && spec.kind.takesVariables()}
	if !present {
		if err := m.validate(); err != nil {
			return false, err
		}
		return absentResult(set, ifExists, spec.negated), nil
	}
	switch set {
	case forAnyValue:
		if emptySet(vals) {
			return false, nil
		}
		return m.any(vals)
	case forAllValues:
		if emptySet(vals) {
			return true, nil
		}
		return m.all(vals)
	}
	if len(vals) == 1 {
		return m.one(vals[0])
	}
	if spec.negated {
		// No request value may match any policy value.
		return m.all(vals)
	}
	return m.any(vals)
}

// absentResult is a condition's value when its key is not in the request.
func absentResult(set string, ifExists, negated bool) bool {
	switch {
	case ifExists:
		// "If the key is not present, evaluate the condition element as true."
		return true
	case set == forAllValues:
		// "It also returns true if there are no context keys in the request."
		return true
	case set == forAnyValue:
		// "For no matching context key or if the key does not exist, the
		// condition returns false."
		return false
	}
	// "If the policy condition requires that the key is not matched, such as
	// StringNotLike or ArnNotLike, and the right key is not present, the
	// condition is true."
	return negated
}

// emptySet reports whether request values resolve to an empty data set:
// none, or only empty strings.
func emptySet(vals []string) bool {
	for _, v := range vals {
		if v != "" {
			return false
		}
	}
	return true
}

// null evaluates the Null operator: "true" means the key is absent (or
// null), "false" that it is present with a value; several values are
// OR'ed.
func (c Condition) null(vals []string) (bool, error) {
	if len(c.Values) == 0 {
		return false, errors.New("Null needs a value, true or false")
	}
	isNull := emptySet(vals)
	result := false
	for _, v := range c.Values {
		want, err := parseBool(v)
		if err != nil {
			return false, fmt.Errorf("Null: %w", err)
		}
		if want == isNull {
			result = true
		}
	}
	return result, nil
}

// matcher compares request values with a condition's policy values.
type matcher struct {
	spec   opSpec
	values []string
	ctx    Context
	vars   bool
}

// one reports whether the single request value r satisfies the operator:
// it matches some policy value, or for a negated operator none.
func (m *matcher) one(r string) (bool, error) {
	matched := false
	for _, p := range m.values {
		ok, err := m.match(p, r)
		if err != nil {
			return false, err
		}
		if ok {
			matched = true
			if !m.spec.kind.parses() {
				break // nothing left to validate
			}
		}
	}
	return matched != m.spec.negated, nil
}

// any reports whether some request value satisfies the operator.
func (m *matcher) any(vals []string) (bool, error) {
	result := false
	for _, r := range vals {
		ok, err := m.one(r)
		if err != nil {
			return false, err
		}
		result = result || ok
	}
	return result, nil
}

// all reports whether every request value satisfies the operator.
func (m *matcher) all(vals []string) (bool, error) {
	result := true
	for _, r := range vals {
		ok, err := m.one(r)
		if err != nil {
			return false, err
		}
		result = result && ok
	}
	return result, nil
}

// parses reports whether the operator's values have a syntax that can be
// wrong (and must therefore all be checked).
func (k opKind) parses() bool {
	switch k {
	case opNumeric, opDate, opBool, opBinary, opIP:
		return true
	}
	return false
}

// validate checks the policy values without a request value.
func (m *matcher) validate() error {
	for _, p := range m.values {
		var err error
		switch m.spec.kind {
		case opNumeric:
			_, err = parseNumber(p)
		case opDate:
			_, err = parseDate(p)
		case opBool:
			if !m.vars || !hasVariable(p) {
				_, err = parseBool(p)
			}
		case opBinary:
			_, err = base64.StdEncoding.DecodeString(p)
		case opIP:
			_, err = parsePrefix(p)
		}
		if err != nil {
			return fmt.Errorf("policy value %q: %w", p, err)
		}
	}
	return nil
}

// match reports whether request value r matches policy value p under the
// operator's positive form.
func (m *matcher) match(p, r string) (bool, error) {
	switch m.spec.kind {
	case opString, opStringIgnoreCase:
		if m.vars && hasVariable(p) {
			var ok bool
			if p, ok = expand(p, m.ctx, false); !ok {
				return false, nil
			}
		}
		if m.spec.kind == opString {
			return p == r, nil
		}
		return strings.EqualFold(p, r), nil
	case opStringLike:
		if m.vars && hasVariable(p) {
			pat, ok := expand(p, m.ctx, true)
			return ok && globEscaped(pat, r), nil
		}
		return glob(p, r), nil
	case opARN:
		return matchARN(p, r, m.ctx, m.vars), nil
	case opNumeric:
		pv, err := parseNumber(p)
		if err != nil {
			return false, fmt.Errorf("policy value %q: %w", p, err)
		}
		rv, err := parseNumber(r)
		if err != nil {
			return false, fmt.Errorf("request value %q: %w", r, err)
		}
		return compare(m.spec.order, cmpFloat(rv, pv)), nil
	case opDate:
		pv, err := parseDate(p)
		if err != nil {
			return false, fmt.Errorf("policy value %q: %w", p, err)
		}
		rv, err := parseDate(r)
		if err != nil {
			return false, fmt.Errorf("request value %q: %w", r, err)
		}
		return compare(m.spec.order, rv.Compare(pv)), nil
	case opBool:
		if m.vars && hasVariable(p) {
			var ok bool
			if p, ok = expand(p, m.ctx, false); !ok {
				return false, nil
			}
		}
		pv, err := parseBool(p)
		if err != nil {
			return false, fmt.Errorf("policy value %q: %w", p, err)
		}
		rv, err := parseBool(r)
		if err != nil {
			return false, fmt.Errorf("request value %q: %w", r, err)
		}
		return pv == rv, nil
	case opBinary:
		pv, err := base64.StdEncoding.DecodeString(p)
		if err != nil {
			return false, fmt.Errorf("policy value %q: %w", p, err)
		}
		// The request value is the binary value itself, or (as the
		// operators page shows it) its base64 text.
		if rv, err := base64.StdEncoding.DecodeString(r); err == nil && bytes.Equal(rv, pv) {
			return true, nil
		}
		return r == string(pv), nil
	case opIP:
		pv, err := parsePrefix(p)
		if err != nil {
			return false, fmt.Errorf("policy value %q: %w", p, err)
		}
		rv, err := netip.ParseAddr(r)
		if err != nil {
			return false, fmt.Errorf("request value %q: not an IP address", r)
		}
		return pv.Contains(rv.Unmap()), nil
	}
	return false, fmt.Errorf("operator kind %d cannot compare values", m.spec.kind)
}

// compare applies order o to the result c of comparing the request value
// with the policy value (-1, 0, +1).
func compare(o order, c int) bool {
	switch o {
	case orderLt:
		return c < 0
	case orderLe:
		return c <= 0
	case orderGt:
		return c > 0
	case orderGe:
		return c >= 0
	}
	return c == 0
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// parseNumber reads an integer or decimal value ("Numeric condition
// operators ... comparing a key to an integer or decimal value"): an
// optional sign, digits, and an optional fraction. Exponents, hexadecimal,
// NaN and infinities are rejected.
func parseNumber(s string) (float64, error) {
	i := 0
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		i++
	}
	digits, dot := 0, false
	for ; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			digits++
		case c == '.' && !dot:
			dot = true
		default:
			return 0, errors.New("not a number")
		}
	}
	if digits == 0 {
		return 0, errors.New("not a number")
	}
	return strconv.ParseFloat(s, 64)
}

// dateLayouts are the W3C profile of ISO 8601 that the Date operators take
// (https://www.w3.org/TR/NOTE-datetime), from the most to the least
// precise; time.Parse accepts a fraction of a second after the seconds.
var dateLayouts = [...]string{
	"2006-01-02T15:04:05Z07:00",
	"2006-01-02T15:04Z07:00",
	"2006-01-02",
	"2006-01",
}

// parseDate reads a date for the Date operators: one of the W3C ISO 8601
// forms, or epoch (UNIX) seconds. A string of digits is always read as
// epoch seconds, so the W3C year-only form "YYYY" is not accepted.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_Date
func parseDate(s string) (time.Time, error) {
	if s != "" && strings.Trim(s, "0123456789") == "" {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return time.Time{}, fmt.Errorf("epoch seconds out of range")
		}
		return time.Unix(n, 0).UTC(), nil
	}
	for _, layout := range dateLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, errors.New("not an ISO 8601 date (W3C profile) or epoch seconds")
}

// parseBool reads "true" or "false" in any letter case.
func parseBool(s string) (bool, error) {
	switch {
	case strings.EqualFold(s, "true"):
		return true, nil
	case strings.EqualFold(s, "false"):
		return false, nil
	}
	return false, errors.New("not true or false")
}

// parsePrefix reads an IP condition value: an IPv4 or IPv6 CIDR block, or a
// single address, which stands for /32 (or /128 for IPv6).
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_IPAddress
func parsePrefix(s string) (netip.Prefix, error) {
	if strings.Contains(s, "/") {
		p, err := netip.ParsePrefix(s)
		if err != nil {
			return netip.Prefix{}, errors.New("not a CIDR block")
		}
		if p.Addr().Is4In6() {
			p = netip.PrefixFrom(p.Addr().Unmap(), max(p.Bits()-96, 0))
		}
		return p.Masked(), nil
	}
	a, err := netip.ParseAddr(s)
	if err != nil || a.Zone() != "" {
		return netip.Prefix{}, errors.New("not an IP address or CIDR block")
	}
	a = a.Unmap()
	return netip.PrefixFrom(a, a.BitLen()), nil
}

// matchARN reports whether the ARN v matches the ARN pattern p as the ARN
// condition operators compare them: "Each of the six colon-delimited
// components of the ARN is checked separately and each can include
// multi-character match wildcards (*) or single-character match wildcards
// (?)", case-sensitively. With vars set, policy variables in p are
// substituted, each component on its own.
func matchARN(p, v string, ctx Context, vars bool) bool {
	if !vars || !hasVariable(p) {
		return matchResource(p, v)
	}
	pf, ok := splitARN(p)
	vf := strings.SplitN(v, ":", 6)
	if !ok || len(vf) != 6 || !strings.HasPrefix(v, "arn:") {
		pat, ok := expand(p, ctx, true)
		return ok && globEscaped(pat, v)
	}
	for i := 1; i < 6; i++ {
		pat, ok := expand(pf[i], ctx, true)
		if !ok || !globEscaped(pat, vf[i]) {
			return false
		}
	}
	return true
}
