package live

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lambdasec/lambdasec/internal/iampolicy"
	"github.com/lambdasec/lambdasec/internal/source/live/awstest"
)

// file answers with a recorded response from testdata.
func file(t *testing.T, path string) awstest.Response {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", path))
	if err != nil {
		t.Fatal(err)
	}
	ct := "application/json"
	if strings.HasSuffix(path, ".xml") {
		ct = "text/xml"
	}
	return awstest.Response{ContentType: ct, Body: data}
}

// TestSyncManagedPolicies reads two pages of AWS managed policies and their
// default versions, decoding IAM's URL-encoded documents, through a
// throttled endpoint.
func TestSyncManagedPolicies(t *testing.T) {
	srv := awstest.New(t)
	srv.Handle("iam", "ListPolicies", func(r *awstest.Request) awstest.Response {
		if r.Params.Get("Scope") != "AWS" {
			return awstest.Error(r, 400, "ValidationError", "want Scope=AWS")
		}
		if r.Params.Get("Marker") == "page2" {
			return file(t, "iam/ListPolicies-page2.xml")
		}
		return file(t, "iam/ListPolicies-page1.xml")
	})
	srv.Handle("iam", "GetPolicyVersion", func(r *awstest.Request) awstest.Response {
		arn := r.Params.Get("PolicyArn")
		return file(t, "iam/GetPolicyVersion-"+arn[strings.LastIndexByte(arn, '/')+1:]+".xml")
	})
	srv.SetFaults(&awstest.Faults{Throttle: 0.6, Seed: 1})
	docs, err := SyncManagedPolicies(context.Background(), srv.Config("us-east-1"), NewLimits(1000), nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) != 2 || docs[0].Name != "AWSLambdaBasicExecutionRole" || docs[1].Version != "v6" {
		t.Fatalf("docs %+v", docs)
	}
	set, err := iampolicy.ParseManagedPolicies("sync", mustJSON(t, docs))
	if err != nil {
		t.Fatal(err)
	}
	p, ok := set.ManagedPolicy("arn:aws:iam::aws:policy/TranslateReadOnly")
	if !ok || !p.Statements[0].CoversAction("translate:TranslateText") {
		t.Errorf("decoded TranslateReadOnly: %+v", p)
	}
	if docs[0].Updated != "2015-04-09T15:03:43Z" {
		t.Errorf("updated %q", docs[0].Updated)
	}
	if u := srv.Unhandled(); len(u) > 0 {
		t.Errorf("unhandled requests: %v", u)
	}
	if c := srv.Calls(); c["iam:ListPolicies"]+c["iam:GetPolicyVersion"] <= 4 {
		t.Errorf("no request was retried under 60%% throttling: %v", c)
	} else if c["iam:ListPolicies"] < 2 || c["iam:GetPolicyVersion"] < 2 {
		t.Errorf("calls %v", c)
	}
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
