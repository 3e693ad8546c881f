package rules_test

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/lambdasec/lambdasec/internal/iampolicy"
	"github.com/lambdasec/lambdasec/internal/inventory"
	"github.com/lambdasec/lambdasec/internal/rules"
	"github.com/lambdasec/lambdasec/internal/scan"
	"github.com/lambdasec/lambdasec/internal/source/cloudformation"
)

// corpusRoot finds the shared corpus of real templates (../shared/corpus
// beside the checkout, or $LAMBDASEC_CORPUS). Without it the test skips,
// unless LAMBDASEC_REQUIRE_CORPUS is set (as .ci/run does).
func corpusRoot(tb testing.TB) string {
	dir := os.Getenv("LAMBDASEC_CORPUS")
	if dir == "" {
		dir = filepath.Join("..", "..", "..", "shared", "corpus")
	}
	if _, err := os.Stat(filepath.Join(dir, "serverless-patterns")); err != nil {
		if os.Getenv("LAMBDASEC_REQUIRE_CORPUS") != "" {
			tb.Fatalf("corpus required but not found: %v", err)
		}
		tb.Skipf("no corpus at %s", dir)
	}
	return dir
}

// invokeResource is a resource of a template that grants or opens
// invocation of a function: an AWS::Lambda::Permission, an AWS::Lambda::Url
// or a SAM function's FunctionUrlConfig.
type invokeResource struct {
	file, id, typ string
	// conditional is true when the resource has a Condition.
	conditional bool
}

// invokeResources lists the Permission/Url resources a template declares,
// read from the raw file (not through lambdasec's reader, which is what is
// being checked).
func invokeResources(t *testing.T, path string) []invokeResource {
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil || len(doc.Content) == 0 {
		return nil
	}
	get := func(n *yaml.Node, key string) *yaml.Node {
		if n == nil || n.Kind != yaml.MappingNode {
			return nil
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == key {
				return n.Content[i+1]
			}
		}
		return nil
	}
	root := doc.Content[0]
	globalURL := get(get(get(root, "Globals"), "Function"), "FunctionUrlConfig") != nil
	res := get(root, "Resources")
	if res == nil || res.Kind != yaml.MappingNode {
		return nil
	}
	var out []invokeResource
	for i := 0; i+1 < len(res.Content); i += 2 {
		id, body := res.Content[i].Value, res.Content[i+1]
		switch typ := get(body, "Type"); {
		case typ == nil:
		case typ.Value == "AWS::Lambda::Permission", typ.Value == "AWS::Lambda::Url":
			out = append(out, invokeResource{path, id, typ.Value, get(body, "Condition") != nil})
		case typ.Value == "AWS::Serverless::Function" && (globalURL || get(get(body, "Properties"), "FunctionUrlConfig") != nil):
			out = append(out, invokeResource{path, id, "FunctionUrlConfig", get(body, "Condition") != nil})
		}
	}
	return out
}

// functionNodes returns the function nodes of an estate that the exposure
// rules judge: its own and those defined elsewhere.
func functionNodes(e *inventory.Estate) []*inventory.Function {
	return e.InvocableFunctions()
}

// TestCorpusInvokeResources reads every template of the corpus and counts
// the AWS::Lambda::Permission, AWS::Lambda::Url and SAM FunctionUrlConfig
// resources that get no result: a permission must land in the resource
// policy of a function node (defined in the template or elsewhere) that
// LS101 judges, and a URL must be judged by LS104 and LS105. The count
// must be 0: silence is not an answer.
func TestCorpusInvokeResources(t *testing.T) {
	root := corpusRoot(t)
	dirs := []string{filepath.Join(root, "serverless-patterns")}
	if sam := filepath.Join(root, "sam-translator", "tests", "translator"); dirExists(sam) {
		dirs = append(dirs, sam)
	}
	loaded := scan.Load(dirs, scan.Options{})
	cfg := &rules.Config{ManagedPolicies: iampolicy.BuiltinManagedPolicies()}
	var judges []*rules.Rule
	for _, id := range []string{"LS101", "LS104", "LS105"} {
		judges = append(judges, rules.ByID(rules.All(), id))
	}
	total := map[string]int{}
	silent := map[string]int{}
	notDeployed := map[string]int{}
	external, elsewhere := 0, map[string]int{}
	var examples []string
	for _, e := range loaded.Estates {
		if e.Kind != inventory.KindTemplate {
			continue
		}
		declared := invokeResources(t, e.Name)
		if len(declared) == 0 {
			continue
		}
		hasResult := resultsOf(e, judges, cfg)
		external += len(e.ExternalFunctions)
		if len(e.ExternalFunctions) > 0 {
			for _, f := range rules.Run([]*inventory.Estate{e}, judges, testNow, cfg) {
				if f.DefinedElsewhere {
					elsewhere[f.Rule.ID+" "+string(f.Status)]++
				}
			}
		}
		for _, r := range declared {
			total[r.typ]++
			if hasResult(r) {
				continue
			}
			if r.conditional && resultWithoutCondition(t, r, judges, cfg) {
				// Its Condition is false with the parameters'
				// defaults: not deployed, so nothing to judge.
				notDeployed[r.typ]++
				continue
			}
			silent[r.typ]++
			examples = append(examples, r.typ+" "+r.id+" in "+r.file)
		}
	}
	sort.Strings(examples)
	for i, x := range examples {
		if i == 20 {
			t.Logf("... and %d more", len(examples)-20)
			break
		}
		t.Logf("no result: %s", x)
	}
	n := 0
	for _, typ := range []string{"AWS::Lambda::Permission", "AWS::Lambda::Url", "FunctionUrlConfig"} {
		t.Logf("%-24s %5d declared, %4d with no result, %3d not deployed (Condition false with default parameters)", typ, total[typ], silent[typ], notDeployed[typ])
		n += silent[typ]
	}
	t.Logf("functions defined elsewhere: %d nodes; their results: %v", external, elsewhere)
	t.Logf("Permission/Url resources with no result: %d (files read %d, skipped %d)", n, loaded.Files, len(loaded.Skipped))
	if n != 0 {
		t.Errorf("%d Permission/Url resources have no result, want 0", n)
	}
}

// resultsOf judges e with the exposure rules and returns whether a
// declared Permission/Url resource got a result.
func resultsOf(e *inventory.Estate, judges []*rules.Rule, cfg *rules.Config) func(invokeResource) bool {
	fs := rules.Run([]*inventory.Estate{e}, judges, testNow, cfg)
	judged := map[string]bool{} // "LS101 node", "LS104 url ID", "LS104 fn ID"
	for _, f := range fs {
		judged[f.Rule.ID+" "+f.Resource] = true
		if f.Kind == rules.KindFunctionURL {
			judged[f.Rule.ID+" url "+f.Source.LogicalID] = true
			fn, _, _ := strings.Cut(f.Resource, ":")
			judged[f.Rule.ID+" fn "+fn] = true
		}
	}
	carries := map[string]string{} // permission logical ID -> node ID
	for _, n := range functionNodes(e) {
		for _, rp := range n.Permissions {
			for _, s := range rp.Policy.StatementSources {
				carries[s.LogicalID] = n.ID
			}
		}
	}
	return func(r invokeResource) bool {
		switch r.typ {
		case "AWS::Lambda::Permission":
			node, found := carries[r.id]
			return found && judged["LS101 "+node]
		case "AWS::Lambda::Url":
			return judged["LS104 url "+r.id] && judged["LS105 url "+r.id]
		}
		return judged["LS104 fn "+r.id] && judged["LS105 fn "+r.id]
	}
}

// resultWithoutCondition reads r's template again with every resource's
// Condition removed (r's, and those of the functions it names, which the
// same condition usually guards), and reports whether r then gets a
// result: its silence came from being left out of the deployment with the
// parameters' defaults, not from being misread.
func resultWithoutCondition(t *testing.T, r invokeResource, judges []*rules.Rule, cfg *rules.Config) bool {
	data, err := os.ReadFile(r.file)
	if err != nil {
		t.Fatal(err)
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return false
	}
	for _, res := range mapValue(doc.Content[0], "Resources") {
		if res.Kind != yaml.MappingNode {
			continue
		}
		for i := 0; i+1 < len(res.Content); i += 2 {
			if res.Content[i].Value == "Condition" {
				res.Content = append(res.Content[:i], res.Content[i+2:]...)
				break
			}
		}
	}
	out, err := yaml.Marshal(&doc)
	if err != nil {
		return false
	}
	e, _, err := cloudformation.Read(r.file, out)
	if err != nil {
		return false
	}
	return resultsOf(e, judges, cfg)(r)
}

// mapValue returns the values of the mapping under key in n.
func mapValue(n *yaml.Node, key string) []*yaml.Node {
	if n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key && n.Content[i+1].Kind == yaml.MappingNode {
			var out []*yaml.Node
			m := n.Content[i+1]
			for j := 1; j < len(m.Content); j += 2 {
				out = append(out, m.Content[j])
			}
			return out
		}
	}
	return nil
}

func dirExists(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.IsDir()
}
