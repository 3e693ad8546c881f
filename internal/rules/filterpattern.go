package rules

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
)

// A small reader of CloudWatch Logs filter patterns for JSON log events
// (the form CloudTrail's log events take), enough to tell whether a metric
// filter matches a given CloudTrail event: selectors ($.eventName,
// $.userIdentity.type...), the comparison operators, "IS NULL", "NOT
// EXISTS", "IS TRUE/FALSE", && and || with parentheses, the * wildcard in
// values and %regular expressions%.
// https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html
// https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/matching-terms-json-log-events.html

// tri is a three-valued truth: a comparison on a field the probe event
// does not describe may or may not hold.
type tri uint8

const (
	triNo tri = iota
	triMaybe
	triYes
)

// filterExpr is a parsed JSON filter pattern.
type filterExpr interface {
	eval(event map[string]string) tri
}

type filterAnd []filterExpr
type filterOr []filterExpr

// filterCmp compares a selector with a value. op is one of = != < > <= >=,
// or "null", "notexists", "true", "false".
type filterCmp struct {
	field, op, value string
	re               *regexp.Regexp // for %regex%
	glob             bool           // the value has * wildcards
}

func (a filterAnd) eval(ev map[string]string) tri {
	out := triYes
	for _, e := range a {
		out = min(out, e.eval(ev))
	}
	return out
}

func (o filterOr) eval(ev map[string]string) tri {
	out := triNo
	for _, e := range o {
		out = max(out, e.eval(ev))
	}
	return out
}

func (c *filterCmp) eval(ev map[string]string) tri {
	v, known := ev[c.field]
	if !known {
		return triMaybe
	}
	eq := v == c.value
	switch {
	case c.re != nil:
		eq = c.re.MatchString(v)
	case c.glob:
		eq = globMatch(c.value, v)
	}
	switch c.op {
	case "=":
		return yesNo(eq)
	case "!=":
		return yesNo(!eq)
	case "null", "notexists", "true", "false":
		// The probe's fields hold strings: present, not null, not boolean.
		return triNo
	}
	return triNo // a numeric comparison on a string field
}

// mentions reports whether x compares one of fields (a pattern that says
// nothing about eventName or eventSource does not watch Lambda's events,
// however its other conditions evaluate).
func mentions(x filterExpr, fields ...string) bool {
	switch x := x.(type) {
	case filterAnd:
		for _, e := range x {
			if mentions(e, fields...) {
				return true
			}
		}
	case filterOr:
		for _, e := range x {
			if mentions(e, fields...) {
				return true
			}
		}
	case *filterCmp:
		for _, f := range fields {
			if x.field == f {
				return true
			}
		}
	}
	return false
}

func yesNo(b bool) tri {
	if b {
		return triYes
	}
	return triNo
}

// errNotJSONPattern says a filter pattern is not a JSON one (a term or
// space-delimited pattern), which this reader does not judge.
var errNotJSONPattern = errors.New("not a JSON filter pattern ({ $.field = value })")

// parseFilterPattern parses a JSON filter pattern. It returns
// errNotJSONPattern for other patterns and an error saying where for a
// malformed one; it never panics.
func parseFilterPattern(s string) (filterExpr, error) {
	s = strings.TrimSpace(s)
	if !strings.HasPrefix(s, "{") || !strings.HasSuffix(s, "}") {
		return nil, errNotJSONPattern
	}
	p := &patternParser{src: s[1 : len(s)-1]}
	e, err := p.or(0)
	if err != nil {
		return nil, err
	}
	p.space()
	if p.i < len(p.src) {
		return nil, fmt.Errorf("filter pattern: unexpected %q at offset %d", p.rest(10), p.i+1)
	}
	return e, nil
}

type patternParser struct {
	src string
	i   int
}

// maxPatternDepth bounds the nesting of parentheses.
const maxPatternDepth = 50

func (p *patternParser) space() {
	for p.i < len(p.src) && strings.IndexByte(" \t\r\n", p.src[p.i]) >= 0 {
		p.i++
	}
}

func (p *patternParser) rest(n int) string {
	r := p.src[p.i:]
	if len(r) > n {
		r = r[:n]
	}
	return r
}

func (p *patternParser) eat(tok string) bool {
	p.space()
	if strings.HasPrefix(p.src[p.i:], tok) {
		p.i += len(tok)
		return true
	}
	return false
}

func (p *patternParser) or(depth int) (filterExpr, error) {
	var alts filterOr
	for {
		e, err := p.and(depth)
		if err != nil {
			return nil, err
		}
		alts = append(alts, e)
		if !p.eat("||") {
			break
		}
	}
	if len(alts) == 1 {
		return alts[0], nil
	}
	return alts, nil
}

func (p *patternParser) and(depth int) (filterExpr, error) {
	var all filterAnd
	for {
		e, err := p.term(depth)
		if err != nil {
			return nil, err
		}
		all = append(all, e)
		if !p.eat("&&") {
			break
		}
	}
	if len(all) == 1 {
		return all[0], nil
	}
	return all, nil
}

func (p *patternParser) term(depth int) (filterExpr, error) {
	if depth > maxPatternDepth {
		return nil, errors.New("filter pattern: parentheses nested too deep")
	}
	if p.eat("(") {
		e, err := p.or(depth + 1)
		if err != nil {
			return nil, err
		}
		if !p.eat(")") {
			return nil, fmt.Errorf("filter pattern: want ) at offset %d", p.i+1)
		}
		return e, nil
	}
	if !p.eat("$") {
		return nil, fmt.Errorf("filter pattern: want a selector ($.field) at offset %d, found %q", p.i+1, p.rest(10))
	}
	start := p.i
	for p.i < len(p.src) && strings.IndexByte(" \t\r\n=!<>()&|", p.src[p.i]) < 0 {
		p.i++
	}
	field := strings.TrimPrefix(p.src[start:p.i], ".")
	if field == "" {
		return nil, fmt.Errorf("filter pattern: empty selector at offset %d", start)
	}
	c := &filterCmp{field: field}
	p.space()
	switch {
	case p.eat("IS NULL"):
		c.op = "null"
		return c, nil
	case p.eat("NOT EXISTS"):
		c.op = "notexists"
		return c, nil
	case p.eat("IS TRUE"):
		c.op = "true"
		return c, nil
	case p.eat("IS FALSE"):
		c.op = "false"
		return c, nil
	}
	for _, op := range []string{"!=", "<=", ">=", "=", "<", ">"} {
		if p.eat(op) {
			c.op = op
			break
		}
	}
	if c.op == "" {
		return nil, fmt.Errorf("filter pattern: want an operator after $.%s at offset %d", field, p.i+1)
	}
	v, err := p.value()
	if err != nil {
		return nil, err
	}
	c.value = v
	switch {
	case len(v) >= 2 && strings.HasPrefix(v, "%") && strings.HasSuffix(v, "%"):
		re, err := regexp.Compile(v[1 : len(v)-1])
		if err != nil {
			return nil, fmt.Errorf("filter pattern: $.%s: bad regular expression: %v", field, err)
		}
		c.re = re
	case strings.Contains(v, "*"):
		c.glob = true
	}
	return c, nil
}

// value reads a quoted string, a %regex% or a bare word.
func (p *patternParser) value() (string, error) {
	p.space()
	if p.i >= len(p.src) {
		return "", errors.New("filter pattern: a comparison has no value")
	}
	switch p.src[p.i] {
	case '"':
		end := strings.IndexByte(p.src[p.i+1:], '"')
		if end < 0 {
			return "", fmt.Errorf("filter pattern: unterminated string at offset %d", p.i+1)
		}
		v := p.src[p.i+1 : p.i+1+end]
		p.i += end + 2
		return v, nil
	case '%':
		end := strings.IndexByte(p.src[p.i+1:], '%')
		if end < 0 {
			return "", fmt.Errorf("filter pattern: unterminated %%regex%% at offset %d", p.i+1)
		}
		v := p.src[p.i : p.i+end+2]
		p.i += end + 2
		return v, nil
	}
	start := p.i
	for p.i < len(p.src) && strings.IndexByte(" \t\r\n()&|", p.src[p.i]) < 0 {
		p.i++
	}
	if p.i == start {
		return "", fmt.Errorf("filter pattern: want a value at offset %d", p.i+1)
	}
	return p.src[start:p.i], nil
}
