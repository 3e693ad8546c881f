package needs

import (
	"strings"

	"github.com/lambdasec/lambdasec/internal/iampolicy"
	"github.com/lambdasec/lambdasec/internal/inventory"
)

// sameDeployed reports whether a and b, one written with a template's
// tokens and the other as deployed (from CloudTrail, or a live account),
// may name the same resource: the tokened one, as a pattern (deployPattern),
// matches the other.
func sameDeployed(a, b string) bool {
	ta, tb := inventory.HasToken(a), inventory.HasToken(b)
	switch {
	case ta && !tb:
		return iampolicy.MatchResource(deployPattern(a), b)
	case tb && !ta:
		return iampolicy.MatchResource(deployPattern(b), a)
	}
	return false
}

// deployPattern turns a value with template tokens into the pattern of
// the values it may take once deployed: the stack's region and account
// (and other tokens) match anything, and a reference to a resource the
// name CloudFormation generates for it, which holds its logical ID
// ("STACK-OrdersTable-1QW2ER3TY4UI").
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-name.html
func deployPattern(s string) string {
	var b strings.Builder
	for {
		i := strings.Index(s, "{{")
		j := strings.Index(s[max(i, 0):], "}}")
		if i < 0 || j < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i])
		tok := s[i : i+j+2]
		if id, ok := inventory.RefTarget(tok); ok && tok == inventory.RefToken(id) && !strings.ContainsAny(id, ".:/*?") {
			b.WriteString("*-" + id + "-*")
		} else {
			b.WriteString("*")
		}
		s = s[i+j+2:]
	}
}
