package scan

import (
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/lambdasec/lambdasec/internal/iampolicy"
	"github.com/lambdasec/lambdasec/internal/rules"
)

// samTranslatorDir finds SAM's own translator test pairs in the shared
// corpus (sam-translator/tests/translator), skipping like corpusDir.
func samTranslatorDir(tb testing.TB) string {
	dir := os.Getenv("LAMBDASEC_CORPUS")
	if dir == "" {
		dir = filepath.Join("..", "..", "..", "shared", "corpus")
	}
	dir = filepath.Join(dir, "sam-translator", "tests", "translator")
	if _, err := os.Stat(filepath.Join(dir, "input")); err != nil {
		if os.Getenv("LAMBDASEC_REQUIRE_CORPUS") != "" {
			tb.Fatalf("corpus required but not found: %v", err)
		}
		tb.Skipf("no SAM translator pairs at %s", dir)
	}
	return dir
}

// samPairAllowed lists the translator pairs whose findings are known to
// differ between the SAM template and SAM's output, each with the reason.
// A pair listed here that no longer differs fails the test (stale entry).
var samPairAllowed = map[string]string{
	"api_cache":                             reasonDefinitionURI,
	"api_description":                       reasonDefinitionURI,
	"api_with_mode":                         reasonDefinitionURI,
	"api_with_path_parameters":              reasonDefinitionURI,
	"api_with_xray_tracing":                 reasonDefinitionURI,
	"depends_on":                            reasonDefinitionURI,
	"explicit_api":                          reasonDefinitionURI,
	"explicit_api_openapi_3":                reasonDefinitionURI,
	"function_with_alias_and_event_sources": reasonDefinitionURI,
	"http_api_def_uri":                      reasonDefinitionURI,
	"intrinsic_functions":                   reasonDefinitionURI,
	"api_with_security_definition_and_none_components": reasonSortedLists,
	"http_api_custom_iam_auth":                         reasonSortedLists,
	"http_api_global_iam_auth_enabled":                 reasonSortedLists,
	"http_api_local_iam_auth_enabled":                  reasonSortedLists,
	"s3_with_condition": "the function has a Condition: SAM's output wraps the bucket's LambdaConfigurations in " +
		"Fn::If on it (an account ID compared with a literal), which lambdasec leaves unresolved, so only the " +
		"input's bucket triggers the function and LS112 judges it there only",
	"function_with_function_url_config_with_intrinsics": "AuthType is a Ref to a parameter whose default is NONE: " +
		"lambdasec resolves it and adds the public URL permissions SAM adds for AuthType NONE, SAM's output (which " +
		"keeps the Ref) adds none; LS104 fails on both sides (critical against low), and LS110 sees the public URL " +
		"as an entry point (a PASS: the role reaches nothing) on the input side only",
	"api_with_any_method_in_swagger": "its HttpApi events name ApiId MyApi, an AWS::Serverless::Api (REST): SAM " +
		"writes HTTP API routes ($default, GET /) into the REST API's body anyway, under a Lambda authorizer " +
		"whose FunctionArn the template omits (authorizerUri null in the output); lambdasec warns that an " +
		"HttpApi event needs an AWS::Serverless::HttpApi and adds no route, so only the output has " +
		"HttpApiFunction's routes and stages",
	"implicit_api_with_serverless_rest_api_resource": "the template defines a function whose logical ID is " +
		"ServerlessRestApi, the implicit API's; SAM's output replaces that function with the implicit API, " +
		"lambdasec keeps the template's resource (and warns), so neither the API's routes nor that function match",
}

// reasonDefinitionURI explains the pairs whose API definition is an S3
// file (DefinitionUri), which neither side reads.
const reasonDefinitionURI = "DefinitionUri: the API definition is an S3 file neither side reads; from the SAM " +
	"input lambdasec still knows the events' routes (authorization UNKNOWN) and so the stages in front of the " +
	"function, while the output keeps only BodyS3Location, so its routes and stages reach no known function"

// reasonSortedLists explains the pairs whose expected output has the
// items of every list sorted (SAM's translator test compares lists in any
// order), so that intrinsic functions no longer read as CloudFormation.
const reasonSortedLists = "SAM's expected output lists the arguments of intrinsic functions sorted: " +
	"Fn::GetAtt [Arn, XRole] and Fn::Sub [{variables}, template], which CloudFormation would reject; " +
	"lambdasec reads the output's execution roles and permission SourceArns as unresolved (role rules and " +
	"LS103 UNKNOWN), while from the input it knows the generated role"

// pairKeys judges one template and returns its findings as
// "rule function status" keys (one per function a result concerns, or
// the resource kind when it concerns none), sorted; a key repeats once per
// result, so a stage judged twice counts twice. ok is
// false when the file could not be read, and why says why.
func pairKeys(path string, cfg *rules.Config, now time.Time) (keys []string, ok bool, why string) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, false, err.Error()
	}
	es, _, _, prob := loadData(path, data, true)
	if prob != nil {
		return nil, false, prob.String()
	}
	if len(es) == 0 {
		return nil, false, "no estate"
	}
	for _, f := range rules.Run(es, rules.All(), now, cfg) {
		if len(f.Functions) == 0 {
			keys = append(keys, fmt.Sprintf("%s %s:- %s", f.Rule.ID, f.Kind, f.Status))
			continue
		}
		for _, fn := range f.Functions {
			keys = append(keys, fmt.Sprintf("%s %s %s", f.Rule.ID, fn, f.Status))
		}
	}
	slices.Sort(keys)
	return keys, true, ""
}

// keyDiff returns the keys in want missing from got ("-key") and those in
// got missing from want ("+key"), counting repeats: an extra stage gives
// one more result for the same function.
func keyDiff(want, got []string) []string {
	n := map[string]int{}
	for _, k := range want {
		n[k]++
	}
	for _, k := range got {
		n[k]--
	}
	var diff []string
	for _, k := range slices.Sorted(maps.Keys(n)) {
		for i := n[k]; i > 0; i-- {
			diff = append(diff, "-"+k)
		}
		for i := n[k]; i < 0; i++ {
			diff = append(diff, "+"+k)
		}
	}
	return diff
}

// TestSAMTranslatorPairs scans each of SAM's translator test inputs and the
// CloudFormation SAM produced from it, and compares the findings (rule,
// function, status). Our SAM emulation is right for a pair when both give
// the same findings. Inputs named error_* are deliberately invalid and
// skipped, as are pairs where either side cannot be read. At most 5% of
// the comparable pairs may differ, each named in samPairAllowed.
func TestSAMTranslatorPairs(t *testing.T) {
	dir := samTranslatorDir(t)
	inputs, err := filepath.Glob(filepath.Join(dir, "input", "*.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	cfg := &rules.Config{ManagedPolicies: iampolicy.BuiltinManagedPolicies()}
	now := time.Date(2026, 11, 21, 0, 0, 0, 0, time.UTC)
	comparable, differ := 0, 0
	seen := map[string]bool{}
	for _, in := range inputs {
		name := strings.TrimSuffix(filepath.Base(in), ".yaml")
		if strings.HasPrefix(name, "error_") {
			continue
		}
		out := filepath.Join(dir, "output", name+".json")
		want, ok1, why1 := pairKeys(out, cfg, now)
		got, ok2, why2 := pairKeys(in, cfg, now)
		if !ok1 || !ok2 {
			t.Logf("%s: not comparable: %s %s", name, why1, why2)
			continue
		}
		comparable++
		if slices.Equal(got, want) {
			continue
		}
		differ++
		seen[name] = true
		diff := keyDiff(want, got)
		if reason, ok := samPairAllowed[name]; ok {
			t.Logf("%s differs (allowed: %s): %s", name, reason, strings.Join(diff, " "))
			continue
		}
		t.Errorf("%s: findings differ from SAM's output (-output +input): %s", name, strings.Join(diff, " "))
	}
	for name := range samPairAllowed {
		if !seen[name] {
			t.Errorf("%s is allowed to differ but does not (or is no longer comparable): remove it from samPairAllowed", name)
		}
	}
	t.Logf("SAM translator pairs: %d of %d comparable pairs differ (%d allowed)", differ, comparable, len(samPairAllowed))
	if comparable < 400 {
		t.Errorf("only %d comparable pairs, want at least 400", comparable)
	}
	if share := float64(differ) / float64(max(comparable, 1)); share > 0.05 {
		t.Errorf("%d of %d pairs differ (%.1f%%), want at most 5%%", differ, comparable, 100*share)
	}
}
