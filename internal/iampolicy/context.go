package iampolicy

import "strings"

// Context is a request context: condition keys and their values. Keys
// compare case-insensitively, as AWS compares condition key names. A key
// mapped to a nil or empty slice is known to be absent from the request; a
// key not in the map at all is unknown to the caller of Analyze (for
// Evaluate, absent).
type Context map[string][]string

// Lookup returns the values of key and whether the request has the key.
func (c Context) Lookup(key string) ([]string, bool) {
	v, ok := c[key]
	if !ok {
		for k, vv := range c {
			if strings.EqualFold(k, key) {
				v, ok = vv, true
				break
			}
		}
	}
	return v, ok && len(v) > 0
}

// fixes reports whether the context decides key (present, or known absent).
func (c Context) fixes(key string) bool {
	if _, ok := c[key]; ok {
		return true
	}
	for k := range c {
		if strings.EqualFold(k, key) {
			return true
		}
	}
	return false
}
