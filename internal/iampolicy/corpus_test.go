package iampolicy_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lambdasec/lambdasec/internal/iampolicy"
	"github.com/lambdasec/lambdasec/internal/inventory"
	"github.com/lambdasec/lambdasec/internal/source/cloudformation"
)

// corpusPolicies reads every resource policy of the corpus templates:
// function permissions (as Lambda writes them), API, layer, endpoint and
// key policies. It skips when the corpus is not beside the checkout.
func corpusPolicies(t *testing.T) map[string]*inventory.Policy {
	dir := os.Getenv("LAMBDASEC_CORPUS")
	if dir == "" {
		dir = filepath.Join("..", "..", "..", "shared", "corpus")
	}
	dir = filepath.Join(dir, "serverless-patterns")
	if _, err := os.Stat(dir); err != nil {
		if os.Getenv("LAMBDASEC_REQUIRE_CORPUS") != "" {
			t.Fatal(err)
		}
		t.Skipf("no corpus at %s", dir)
	}
	out := map[string]*inventory.Policy{}
	_ = filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !(strings.HasSuffix(p, ".yaml") || strings.HasSuffix(p, ".yml") || strings.HasSuffix(p, ".json")) {
			return nil
		}
		data, _ := os.ReadFile(p)
		e, _, err := cloudformation.Read(p, data)
		if err != nil {
			return nil
		}
		for _, f := range e.Functions {
			for i := range f.Permissions {
				out[p+" "+f.ID+" "+f.Permissions[i].Qualifier] = &f.Permissions[i].Policy
			}
		}
		for _, a := range e.APIs {
			if a.Policy != nil {
				out[p+" "+a.ID] = a.Policy
			}
		}
		for _, l := range e.Layers {
			if l.Policy != nil {
				out[p+" "+l.ID] = l.Policy
			}
		}
		for _, v := range e.VPCEndpoints {
			if v.Policy != nil {
				out[p+" "+v.ID] = v.Policy
			}
		}
		for _, k := range e.KMSKeys {
			if k.Policy != nil {
				out[p+" "+k.ID] = k.Policy
			}
		}
		return nil
	})
	return out
}

// restricting is an independent list of conditions that bound who can
// call: an exact match on these keys with a concrete value.
var restricting = map[string]bool{
	"aws:sourceaccount": true, "aws:sourceowner": true, "aws:principalaccount": true, "aws:principalorgid": true,
	"aws:sourcevpc": true, "aws:sourcevpce": true, "aws:principalarn": true, "lambda:eventsourcetoken": true,
}

// TestCorpusClassifier runs the public-access classifier over every
// resource policy of the corpus and checks two things against the
// statements themselves: no statement for "*" with an exact, concrete
// restricting condition is called public, and no statement for "*" whose
// only conditions are a StringLike "*", an ...IfExists or a negated
// operator is called a restriction.
func TestCorpusClassifier(t *testing.T) {
	policies := corpusPolicies(t)
	if len(policies) < 100 {
		t.Fatalf("only %d policies in the corpus", len(policies))
	}
	var public, restricted, checked int
	for name, ip := range policies {
		p, err := iampolicy.Parse(ip.Document)
		if err != nil {
			continue
		}
		for i := range p.Statements {
			st := &p.Statements[i]
			if st.Effect != iampolicy.Allow || st.Principal == nil || !st.Principal.IsWildcard() {
				continue
			}
			one := &iampolicy.Policy{Statements: []iampolicy.Statement{*st}}
			q := iampolicy.Query{Actions: append(st.Action, "lambda:InvokeFunction")}
			acc := iampolicy.Analyze(one, q)
			if len(acc.Grants) != 1 {
				continue
			}
			reach, _ := acc.Grants[0].Reach(inventory.AccountIDToken)
			hasRestriction, onlyOpen := false, len(st.Conditions) > 0
			for _, c := range st.Conditions {
				set, base, ifExists := iampolicy.ParseOperator(c.Operator)
				concrete := true
				for _, v := range c.Values {
					if v == "" || strings.ContainsAny(v, "*?") || inventory.IsUnresolved(v) {
						concrete = false
					}
				}
				exact := set == "" && !ifExists && (base == "StringEquals" || base == "ArnEquals")
				if exact && concrete && restricting[strings.ToLower(c.Key)] {
					hasRestriction = true
				}
				open := ifExists || set == "ForAllValues" || strings.Contains(base, "Not") || (base == "StringLike" && contains(c.Values, "*"))
				if !open {
					onlyOpen = false
				}
			}
			checked++
			if reach == iampolicy.ReachPublic {
				public++
			} else {
				restricted++
			}
			if hasRestriction && reach == iampolicy.ReachPublic {
				t.Errorf("%s statement %d has a restricting condition but is called public: %+v", name, i+1, st.Conditions)
			}
			if onlyOpen && reach != iampolicy.ReachPublic {
				t.Errorf("%s statement %d has only non-restricting conditions but is called %s", name, i+1, reach)
			}
		}
	}
	t.Logf("%d policies, %d statements for Principal *: %d public, %d restricted", len(policies), checked, public, restricted)
}

func contains(l []string, s string) bool {
	for _, x := range l {
		if x == s {
			return true
		}
	}
	return false
}
