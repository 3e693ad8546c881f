package rules_test

import (
	"strings"

	"github.com/lambdasec/lambdasec/internal/inventory"
	"github.com/lambdasec/lambdasec/internal/needs"
)

// fixtureCode is a needs.CodeSource that stands for the code analyzer in
// rule fixtures: "# code: FUNCTION [ACTION RESOURCE]" lines say that the
// code of FUNCTION (its ID or name) was read, and what call it makes.
type fixtureCode map[string][]needs.Need

func (c fixtureCode) Code(f *inventory.Function) ([]needs.Need, bool) {
	if ns, ok := c[f.ID]; ok {
		return ns, true
	}
	ns, ok := c[f.Name]
	return ns, ok && f.Name != ""
}

// codeFrom reads the "# code:" lines of a fixture's wants; nil when there
// are none (the fixture's functions have no code to read).
func codeFrom(data []byte) fixtureCode {
	var c fixtureCode
	for i, line := range strings.Split(string(data), "\n") {
		v, ok := strings.CutPrefix(strings.TrimSpace(line), "# code:")
		if !ok {
			continue
		}
		if c == nil {
			c = fixtureCode{}
		}
		fields := strings.Fields(v)
		if len(fields) == 0 {
			continue
		}
		fn := fields[0]
		if len(fields) >= 3 {
			c[fn] = append(c[fn], needs.Need{Action: fields[1], Resource: fields[2], Reason: "SDK call", File: "handler.py", Line: i + 1})
		} else if _, ok := c[fn]; !ok {
			c[fn] = nil
		}
	}
	return c
}
