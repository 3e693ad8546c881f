package scan

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/lambdasec/lambdasec/internal/inventory"
	"github.com/lambdasec/lambdasec/internal/source/live"
	"github.com/lambdasec/lambdasec/internal/source/live/awstest"
	"github.com/lambdasec/lambdasec/internal/source/snapshot"
)

// TestWriteBrowserSnapshots writes the live snapshots the HTML report's
// browser test (.ci/browser/run.sh) renders, collected through the real
// SDK from the fake account of awstest:
//
//   - fake-account.json: the account of TestTemplateAndLiveAgree, with
//     lambda:GetPolicy denied for one function (its exposure is UNKNOWN);
//   - scale-account.json: LAMBDASEC_BROWSER_FUNCTIONS functions (default 5,000)
//     across two regions, for the report's open time and file size.
//
// It runs only when LAMBDASEC_BROWSER_DIR names the directory to write to:
//
//	LAMBDASEC_BROWSER_DIR=/tmp/b go test ./internal/scan -run TestWriteBrowserSnapshots
func TestWriteBrowserSnapshots(t *testing.T) {
	dir := os.Getenv("LAMBDASEC_BROWSER_DIR")
	if dir == "" {
		t.Skip("LAMBDASEC_BROWSER_DIR not set (.ci/browser/run.sh sets it)")
	}
	n := 5000
	if v, err := strconv.Atoi(os.Getenv("LAMBDASEC_BROWSER_FUNCTIONS")); err == nil && v > 0 {
		n = v
	}
	created := time.Date(2026, 11, 20, 9, 30, 0, 0, time.UTC)

	fake := description.account()
	writeBrowserSnapshot(t, filepath.Join(dir, "fake-account.json"), fake, []string{"us-east-1"}, created, "uploader")
	if len(fake.Functions) < 5 {
		t.Fatalf("fake account has %d functions", len(fake.Functions))
	}

	regions := []string{"eu-west-1", "us-east-1"}
	big := scaleAccount(n, regions)
	e := writeBrowserSnapshot(t, filepath.Join(dir, "scale-account.json"), big, regions, created, "fn-00013")
	if len(e.Functions) != n {
		t.Fatalf("collected %d functions, want %d", len(e.Functions), n)
	}
}

// writeBrowserSnapshot collects a in regions, with lambda:GetPolicy denied
// for the functions named denied, and writes the snapshot to path.
func writeBrowserSnapshot(t *testing.T, path string, a *awstest.Account, regions []string, created time.Time, denied ...string) *inventory.Estate {
	t.Helper()
	s := awstest.New(t)
	s.ServeAccount(a)
	// AccessDenied on GetPolicy for the denied functions; the others as
	// ServeAccount answers them.
	policies := map[string]map[string]string{}
	for _, f := range a.Functions {
		policies[f.Region+"/"+f.Name] = f.Policies
	}
	s.Handle("lambda", "GetPolicy", func(r *awstest.Request) awstest.Response {
		name := r.PathParams["FunctionName"]
		if i := strings.LastIndexByte(name, ':'); strings.HasPrefix(name, "arn:") && i > 0 {
			name = name[i+1:]
		}
		for _, d := range denied {
			if name == d {
				return awstest.AccessDenied(r)
			}
		}
		doc, ok := policies[r.Region+"/"+name][r.Params.Get("Qualifier")]
		if !ok || doc == "" {
			return awstest.NotFound(r)
		}
		return awstest.JSON(r, map[string]any{"Policy": doc, "RevisionId": "1"})
	})
	e, err := live.Collect(context.Background(), s.Config(regions[0]),
		live.Options{Regions: regions, Limits: live.NewLimits(10000), Concurrency: 32, MaxBackoff: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := snapshot.Write(f, &inventory.Snapshot{Tool: "lambdasec browser-test", CreatedAt: created, Estates: []*inventory.Estate{e}}); err != nil {
		t.Fatal(err)
	}
	return e
}

// scaleAccount is an account of n functions spread over regions, with the
// mix an assessor meets: most private and tidy, some public, some with
// deprecated runtimes, secrets in variables, admin roles, function URLs
// without auth.
func scaleAccount(n int, regions []string) *awstest.Account {
	const id = "444455556666"
	a := &awstest.Account{ID: id, ManagedPolicies: map[string]string{}}
	for i := 0; i < 40; i++ {
		role := awstest.Role{Name: fmt.Sprintf("service-%02d-role", i), Trust: lambdaTrust,
			Inline:  map[string]string{"data": fmt.Sprintf(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["dynamodb:GetItem","dynamodb:PutItem"],"Resource":"arn:aws:dynamodb:*:%s:table/t%d"}]}`, id, i)},
			Managed: []string{"arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"}}
		switch i % 10 {
		case 3:
			role.Managed = append(role.Managed, "arn:aws:iam::aws:policy/AdministratorAccess")
		case 7:
			role.Inline["deploy"] = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["iam:PassRole","lambda:CreateFunction"],"Resource":"*"}]}`
		}
		a.Roles = append(a.Roles, role)
	}
	runtimes := []string{"python3.12", "nodejs20.x", "python3.13", "nodejs16.x", "java21", "python3.8"}
	for i := 0; i < n; i++ {
		region := regions[i%len(regions)]
		name := fmt.Sprintf("fn-%05d", i)
		f := awstest.Function{Name: name, Region: region, Runtime: runtimes[i%len(runtimes)], Handler: "app.handler",
			Role: fmt.Sprintf("service-%02d-role", i%40), Timeout: 30, MemorySize: 256,
			Env: map[string]string{"TABLE": fmt.Sprintf("t%d", i%40)},
			Policies: map[string]string{"": fmt.Sprintf(`{"Version":"2012-10-17","Statement":[{"Sid":"apigw","Effect":"Allow","Principal":{"Service":"apigateway.amazonaws.com"},"Action":"lambda:InvokeFunction","Resource":"arn:aws:lambda:%s:%s:function:%s","Condition":{"ArnLike":{"AWS:SourceArn":"arn:aws:execute-api:%s:%s:api%d/*"}}}]}`,
				region, id, name, region, id, i)}}
		if i%4 == 0 {
			f.Tracing = "Active"
		}
		if i%9 == 0 {
			r := 10
			f.Reserved = &r
		}
		if i%25 == 0 {
			f.Policies[""] = fmt.Sprintf(`{"Version":"2012-10-17","Statement":[{"Sid":"public","Effect":"Allow","Principal":"*","Action":"lambda:InvokeFunction","Resource":"arn:aws:lambda:%s:%s:function:%s"}]}`, region, id, name)
		}
		if i%50 == 0 {
			f.URLs = []awstest.URL{{AuthType: "NONE", AllowOrigins: []string{"*"}}}
		}
		if i%33 == 0 {
			f.Env["API_TOKEN"] = fmt.Sprintf("ghp_%036d", i)
		}
		if i%20 == 0 {
			f.OnFailure = "arn:aws:sqs:" + region + ":" + id + ":dlq"
		}
		a.Functions = append(a.Functions, f)
	}
	return a
}
