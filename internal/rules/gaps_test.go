package rules_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/lambdasec/lambdasec/internal/iampolicy"
	"github.com/lambdasec/lambdasec/internal/inventory"
	"github.com/lambdasec/lambdasec/internal/rules"
	"github.com/lambdasec/lambdasec/internal/source/live"
	"github.com/lambdasec/lambdasec/internal/source/live/awstest"
)

// fullAccount is a fake account whose functions have every feature a
// function-level rule looks at: environment variables, a VPC, versions
// and an alias, a public alias URL with CORS, an S3 permission (an
// asynchronous invoker), an on-failure destination, reserved concurrency,
// layers and a package to scan. Every function-level rule then has
// something to say about every function when nothing is denied.
func fullAccount() *awstest.Account {
	a := &awstest.Account{ID: "444455556666", ManagedPolicies: map[string]string{}, Packages: map[string][]byte{}}
	a.Roles = []awstest.Role{{Name: "app-role",
		Trust:   `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}`,
		Inline:  map[string]string{"data": `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"dynamodb:GetItem","Resource":"arn:aws:dynamodb:us-east-1:444455556666:table/t"}]}`},
		Managed: []string{"arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"}}}
	for i := range 2 {
		name := fmt.Sprintf("fn-%d", i)
		arn := "arn:aws:lambda:us-east-1:444455556666:function:" + name
		r := 5
		a.Functions = append(a.Functions, awstest.Function{Name: name, Region: "us-east-1", Runtime: "python3.12", Handler: "app.handler",
			Role: "app-role", Timeout: 30, Env: map[string]string{"TABLE": "t"}, KMSKey: "arn:aws:kms:us-east-1:444455556666:key/k-1",
			SubnetIDs: []string{"subnet-0a", "subnet-0b"}, SecurityGroupIDs: []string{"sg-0a"},
			Layers:   []string{"arn:aws:lambda:us-east-1:444455556666:layer:deps:1"},
			Versions: []string{"1"}, Aliases: map[string]string{"live": "1"}, Reserved: &r,
			Policies: map[string]string{
				"":     `{"Version":"2012-10-17","Statement":[{"Sid":"s3","Effect":"Allow","Principal":{"Service":"s3.amazonaws.com"},"Action":"lambda:InvokeFunction","Resource":"` + arn + `","Condition":{"ArnLike":{"AWS:SourceArn":"arn:aws:s3:::bucket"},"StringEquals":{"AWS:SourceAccount":"444455556666"}}}]}`,
				"live": `{"Version":"2012-10-17","Statement":[{"Sid":"url","Effect":"Allow","Principal":"*","Action":"lambda:InvokeFunctionUrl","Resource":"` + arn + `:live","Condition":{"StringEquals":{"lambda:FunctionUrlAuthType":"NONE"}}}]}`},
			URLs:      []awstest.URL{{Qualifier: "live", AuthType: "NONE", AllowOrigins: []string{"*"}}},
			OnFailure: "arn:aws:sqs:us-east-1:444455556666:dlq"})
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		w, _ := zw.Create("app.py")
		w.Write([]byte("def handler(event, context):\n    return 1\n"))
		zw.Close()
		a.Packages[name] = buf.Bytes()
	}
	return a
}

// signingName is the SigV4 service of an operation, from its IAM action.
func signingName(o live.Operation) string {
	svc, _, _ := strings.Cut(o.Action, ":")
	if svc == "cloudwatch" {
		return "monitoring"
	}
	return svc
}

// judgedFunctions runs every rule on e and returns, per rule, the IDs of
// the functions it said something about, with the best status it gave
// each (PASS only when every result about the function passes).
func judgedFunctions(e *inventory.Estate) map[string]map[string]rules.Status {
	cfg := &rules.Config{ManagedPolicies: iampolicy.BuiltinManagedPolicies()}
	out := map[string]map[string]rules.Status{}
	for _, f := range rules.Run([]*inventory.Estate{e}, rules.All(), testNow, cfg) {
		if out[f.Rule.ID] == nil {
			out[f.Rule.ID] = map[string]rules.Status{}
		}
		for _, id := range f.Functions {
			if st, seen := out[f.Rule.ID][id]; !seen || st == rules.Pass {
				out[f.Rule.ID][id] = f.Status
			}
		}
	}
	return out
}

func collectLive(t *testing.T, deny *live.Operation) *inventory.Estate {
	t.Helper()
	s := awstest.New(t)
	s.ServeAccount(fullAccount())
	// A code-signing config covering fn-0 and a layer, so that the calls
	// about them are made (and can be denied).
	s.Handle("lambda", "ListCodeSigningConfigs", func(r *awstest.Request) awstest.Response {
		return awstest.JSON(r, map[string]any{"CodeSigningConfigs": []any{map[string]any{
			"CodeSigningConfigArn": "arn:aws:lambda:us-east-1:444455556666:code-signing-config:csc-1", "CodeSigningConfigId": "csc-1",
			"CodeSigningPolicies": map[string]any{"UntrustedArtifactOnDeployment": "Enforce"},
			"AllowedPublishers":   map[string]any{"SigningProfileVersionArns": []string{"arn:aws:signer:us-east-1:444455556666:/signing-profiles/p/v1"}}}}})
	})
	s.Handle("lambda", "ListFunctionsByCodeSigningConfig", func(r *awstest.Request) awstest.Response {
		return awstest.JSON(r, map[string]any{"FunctionArns": []string{"arn:aws:lambda:us-east-1:444455556666:function:fn-0"}})
	})
	s.Handle("lambda", "ListLayers", func(r *awstest.Request) awstest.Response {
		return awstest.JSON(r, map[string]any{"Layers": []any{map[string]any{"LayerName": "deps", "LayerArn": "arn:aws:lambda:us-east-1:444455556666:layer:deps"}}})
	})
	s.Handle("lambda", "ListLayerVersions", func(r *awstest.Request) awstest.Response {
		return awstest.JSON(r, map[string]any{"LayerVersions": []any{map[string]any{"LayerVersionArn": "arn:aws:lambda:us-east-1:444455556666:layer:deps:1", "Version": 1}}})
	})
	s.Handle("lambda", "GetLayerVersionPolicy", awstest.NotFound)
	if deny != nil {
		s.Handle(signingName(*deny), deny.Name, awstest.AccessDenied)
	}
	opts := live.Options{Regions: []string{"us-east-1"}, Limits: live.NewLimits(1000), MaxBackoff: time.Millisecond, MaxAttempts: 3, ScanCode: true}
	e, err := live.Collect(context.Background(), s.Config("us-east-1"), opts)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// TestNoSilenceUnderGaps denies each call of the live collector in turn
// and checks that every function still gets a result from every
// function-level rule: a rule whose data could not be read says UNKNOWN
// for the function, it never falls silent. The function-level rules are
// those that judge every function of the full account when nothing is
// denied.
func TestNoSilenceUnderGaps(t *testing.T) {
	base := collectLive(t, nil)
	if len(base.Functions) != 2 {
		t.Fatalf("collected %d functions, want 2", len(base.Functions))
	}
	var fnRules []string
	baseline := judgedFunctions(base)
	for id, fns := range baseline {
		all := true
		for _, f := range base.Functions {
			_, judged := fns[f.ID]
			all = all && judged
		}
		if all {
			fnRules = append(fnRules, id)
		}
	}
	sort.Strings(fnRules)
	// The full account is built so that each of these judges every
	// function; a rule missing here means the account lost a feature.
	for _, id := range []string{"LS101", "LS102", "LS103", "LS104", "LS105", "LS201", "LS204", "LS301", "LS401", "LS402",
		"LS501", "LS502", "LS503", "LS601", "LS701", "LS702", "LS703"} {
		if !contains(fnRules, id) {
			t.Errorf("%s does not judge every function of the full account (function-level rules: %v)", id, fnRules)
		}
	}
	t.Logf("function-level rules: %v", fnRules)

	skip := map[string]bool{"lambda:ListFunctions": true, "sts:GetCallerIdentity": true, "sts:AssumeRole": true,
		"ec2:DescribeRegions": true, "organizations:ListAccounts": true}
	mustGap := map[string]bool{}
	for _, k := range []string{"lambda:GetFunction", "lambda:GetPolicy", "lambda:ListAliases", "lambda:ListFunctionUrlConfigs",
		"lambda:ListFunctionEventInvokeConfigs", "lambda:ListEventSourceMappings", "lambda:ListCodeSigningConfigs",
		"lambda:ListFunctionsByCodeSigningConfig", "lambda:ListLayers", "lambda:ListLayerVersions", "lambda:GetAccountSettings",
		"iam:GetAccountAuthorizationDetails", "ec2:DescribeSubnets", "ec2:DescribeSecurityGroups", "kms:DescribeKey"} {
		mustGap[k] = true
	}
	for _, o := range live.Operations() {
		if skip[o.Key()] || skip[o.Action] {
			continue
		}
		t.Run(o.Key(), func(t *testing.T) {
			e := collectLive(t, &o)
			if !hasGap(e, o.Key()) {
				// APIs, load balancers, trails and detectors are
				// not in the full account; every call about
				// functions, roles, keys, layers and code signing is.
				if mustGap[o.Key()] {
					t.Errorf("%s denied but no gap recorded: the denial did not take effect", o.Key())
				}
				t.Logf("%s denied: no gap recorded (the full account never needs the call)", o.Key())
			}
			judged := judgedFunctions(e)
			for _, f := range e.Functions {
				for _, id := range fnRules {
					st, ok := judged[id][f.ID]
					switch {
					case !ok:
						t.Errorf("%s denied: %s says nothing about %s (gaps %v)", o.Action, id, f.Name, f.Gaps)
					case st == rules.Pass && baseline[id][f.ID] != rules.Pass:
						// Less was read, and the verdict improved:
						// a partial read passed as a full one.
						t.Errorf("%s denied: %s passes %s, which is %s when everything is read", o.Action, id, f.Name, baseline[id][f.ID])
					}
				}
			}
		})
	}
}

// hasGap reports whether the estate recorded a failure of call on any
// of its items.
func hasGap(e *inventory.Estate, call string) bool {
	b, err := json.Marshal(e)
	return err == nil && bytes.Contains(b, []byte(`"call":"`+call+`"`))
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
