package rules

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/lambdasec/lambdasec/internal/iampolicy"
	"github.com/lambdasec/lambdasec/internal/source/cloudformation"
)

// corpusInputs reads every template of the shared corpus of real
// templates (../shared/corpus, or $LAMBDASEC_CORPUS): the applications of
// serverless-patterns and SAM's translator test pairs, the way a scan does,
// keyed by part. It skips when the corpus is absent, unless
// LAMBDASEC_REQUIRE_CORPUS is set.
func corpusInputs(t *testing.T) map[string][]*Input {
	t.Helper()
	root := os.Getenv("LAMBDASEC_CORPUS")
	if root == "" {
		root = filepath.Join("..", "..", "..", "shared", "corpus")
	}
	if _, err := os.Stat(filepath.Join(root, "serverless-patterns")); err != nil {
		if os.Getenv("LAMBDASEC_REQUIRE_CORPUS") != "" {
			t.Fatalf("corpus required but not found: %v", err)
		}
		t.Skipf("no corpus at %s", root)
	}
	cfg := &Config{ManagedPolicies: iampolicy.BuiltinManagedPolicies()}
	now := time.Date(2026, 11, 21, 0, 0, 0, 0, time.UTC)
	out := map[string][]*Input{}
	for _, part := range []string{"serverless-patterns", "sam-translator"} {
		_ = filepath.WalkDir(filepath.Join(root, part), func(p string, d os.DirEntry, err error) error {
			if err != nil {
				return nil
			}
			if d.IsDir() {
				if d.Name() == "node_modules" {
					return filepath.SkipDir
				}
				return nil
			}
			data, err := os.ReadFile(p)
			if err != nil || !cloudformation.LooksLikeTemplate(data) {
				return nil
			}
			e, _, err := cloudformation.Read(p, data)
			if err != nil {
				return nil
			}
			out[part] = append(out[part], NewInput(e, now, cfg))
			return nil
		})
	}
	return out
}

// passedToService is, for each escalation method that passes a role, the
// service principal the role is passed to — written out here, apart from
// the catalogue, so the test checks the catalogue rather than repeats it.
// passrole-any stands for a service no policy names.
var passedToService = map[string]string{
	"passrole-lambda-invoke":  "lambda.amazonaws.com",
	"passrole-lambda-esm":     "lambda.amazonaws.com",
	"passrole-lambda-update":  "lambda.amazonaws.com",
	"passrole-ec2":            "ec2.amazonaws.com",
	"passrole-cloudformation": "cloudformation.amazonaws.com",
	"passrole-glue":           "glue.amazonaws.com",
	"passrole-datapipeline":   "datapipeline.amazonaws.com",
	"passrole-codebuild":      "codebuild.amazonaws.com",
	"passrole-sagemaker":      "sagemaker.amazonaws.com",
	"passrole-ecs":            "ecs-tasks.amazonaws.com",
	"passrole-any":            "lambdasec-unnamed-service.amazonaws.com",
}

// restrictedPassRole reports whether a method's iam:PassRole step is
// granted only by statements whose iam:PassedToService condition excludes
// the method's service: a method that, as AWS evaluates it, is not
// granted at all.
func restrictedPassRole(in *Input, v *roleView, risk iampolicy.Risk) bool {
	svc, ok := passedToService[risk.ID]
	if !ok {
		return false
	}
	ctx := iampolicy.Context{"iam:PassedToService": {svc}}
	ps := iampolicy.MayAllow(v.Identity, v.Boundary, "iam:PassRole", iampolicy.ProbeARN("role", in.Estate.Account, v.Region()))
	if len(ps) == 0 {
		return false
	}
	for _, p := range ps {
		excluded := false
		for _, c := range p.Conditions {
			if !strings.EqualFold(c.Key, "iam:PassedToService") {
				continue
			}
			if ok, err := c.Holds(ctx); err == nil && !ok {
				excluded = true
			}
		}
		if !excluded {
			return false
		}
	}
	return true
}

// TestCorpusPassRoleConditions runs LS203 over the corpus and counts its
// FAIL results, and those that rest only on an iam:PassRole grant whose
// iam:PassedToService condition names another service than the method's
// (AmazonDynamoDBFullAccess passes roles to DAX and Application Auto
// Scaling only). Those are false alarms: the count must be 0. .ci/run
// prints the counts.
func TestCorpusPassRoleConditions(t *testing.T) {
	parts := corpusInputs(t)
	if n := len(parts["serverless-patterns"]); n < 400 {
		t.Fatalf("read only %d templates from serverless-patterns", n)
	}
	for _, part := range []string{"serverless-patterns", "sam-translator"} {
		inputs := parts[part]
		var fails, restrictedOnly, withRestricted int
		for _, in := range inputs {
			views := map[string]*roleView{}
			for _, v := range in.executionRoles() {
				views[v.Role.ID] = v
			}
			for _, res := range roleEscalation.Check(in) {
				if res.Status != Fail {
					continue
				}
				fails++
				v := views[res.Resource]
				if v == nil {
					t.Errorf("%s: no role view for %s", in.Estate.Name, res.Resource)
					continue
				}
				found, _ := in.risks(v, iampolicy.Escalations)
				others, _ := strongerFunctions(in, v)
				restricted := 0
				for _, r := range found {
					if restrictedPassRole(in, v, r) {
						restricted++
						t.Errorf("%s: %s: LS203 counts %q, whose iam:PassRole is restricted to another service", in.Estate.Name, res.Resource, r.Title)
					}
				}
				if restricted > 0 {
					withRestricted++
				}
				if restricted > 0 && restricted == len(found) && len(others) == 0 {
					restrictedOnly++
					t.Errorf("%s: %s: LS203 fails only on a PassRole restricted to another service: %s", in.Estate.Name, res.Resource, res.Message)
				}
			}
		}
		t.Logf("%s: LS203 over %d templates: %d FAIL, %d resting only on a condition-restricted iam:PassRole (must be 0), %d counting such a method (must be 0)",
			part, len(inputs), fails, restrictedOnly, withRestricted)
	}
}
