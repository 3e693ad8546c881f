package live

import (
	"archive/zip"
	"bytes"
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/lambdasec/lambdasec/internal/inventory"
	"github.com/lambdasec/lambdasec/internal/source/live/awstest"
)

func zipOf(t *testing.T, files map[string]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, body := range files {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(body)); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestScanCodeLive: with ScanCode, each function's package is downloaded
// from GetFunction's presigned location and scanned; a secret is reported
// at its file and line, by fingerprint only; a traversal entry is refused
// and the rest still scanned; a missing package is a gap on the code.
func TestScanCodeLive(t *testing.T) {
	const key = "AKIAZ4QWERTYUIOPASDF"
	acct := generatedAccount(3, "us-east-1")
	acct.Packages = map[string][]byte{
		"fn-0000": zipOf(t, map[string]string{"app.py": "import boto3\n\nAWS_ACCESS_KEY_ID = \"" + key + "\"\n", "../../etc/passwd": "root:x:0:0"}),
		"fn-0001": zipOf(t, map[string]string{"app.py": "def handler(event, context):\n    return 1\n"}),
	}
	s := awstest.New(t)
	s.ServeAccount(acct)
	opts := fastOptions("us-east-1")
	opts.ScanCode = true
	e := collectWith(t, s, opts)
	byName := map[string]*inventory.Function{}
	for _, f := range e.Functions {
		byName[f.Name] = f
	}
	cs := byName["fn-0000"].CodeScan
	if cs == nil || len(cs.Hits) != 1 {
		t.Fatalf("fn-0000 code scan %+v", cs)
	}
	h := cs.Hits[0]
	if h.Where != "app.py" || h.Source.Line != 3 || !strings.HasSuffix(h.Source.File, "!/app.py") || strings.Contains(h.Fingerprint, key) {
		t.Errorf("hit %+v", h)
	}
	if len(cs.Problems) == 0 || !strings.Contains(strings.Join(cs.Problems, " "), "etc/passwd") {
		t.Errorf("traversal entry not reported: %v", cs.Problems)
	}
	if cs := byName["fn-0001"].CodeScan; cs == nil || len(cs.Hits) != 0 || cs.Files != 1 {
		t.Errorf("fn-0001 code scan %+v", cs)
	}
	if g, ok := byName["fn-0002"].Gap(inventory.FieldCode); !ok || !strings.Contains(g.Reason, "HTTP 404") {
		t.Errorf("fn-0002 (no package) gap %+v", byName["fn-0002"].Gaps)
	}
}

// TestRegionNotEnabled: a region that does not know the credentials (an
// opt-in region not enabled) is skipped and said so, not an error.
func TestRegionNotEnabled(t *testing.T) {
	s := awstest.New(t)
	s.ServeAccount(generatedAccount(2, "us-east-1", "ap-east-1"))
	s.HandleRegion("lambda", "ap-east-1", "ListFunctions", func(r *awstest.Request) awstest.Response {
		return awstest.Error(r, 403, "UnrecognizedClientException", "The security token included in the request is invalid.")
	})
	e := collectWith(t, s, fastOptions("us-east-1", "ap-east-1"))
	if !slices.Equal(e.Regions, []string{"us-east-1"}) || len(e.Functions) != 2 {
		t.Fatalf("regions %v, %d functions", e.Regions, len(e.Functions))
	}
	if calls := s.Calls(); calls["lambda:GetFunction"] != 2 {
		t.Errorf("GetFunction calls %d: the skipped region was read", calls["lambda:GetFunction"])
	}
	found := false
	for _, l := range e.Unread() {
		found = found || strings.Contains(l, "region ap-east-1 skipped: Lambda is not enabled")
	}
	if !found {
		t.Errorf("summary %q does not say the region was skipped", e.Unread())
	}
}

// TestCollectOrganization: every active account of the organization is
// read, the caller's own with its own credentials and the others through
// the assumed role; an account whose role cannot be assumed is an estate
// with a gap, and the others are still read.
func TestCollectOrganization(t *testing.T) {
	s := awstest.New(t)
	s.ServeAccount(generatedAccount(2, "us-east-1"))
	// The caller is the management account 111111111111; AssumeRole gives
	// credentials whose access key names the member account, and
	// GetCallerIdentity answers by the access key of the request.
	s.Handle("organizations", "ListAccounts", func(r *awstest.Request) awstest.Response {
		return awstest.JSON(r, map[string]any{"Accounts": []map[string]any{
			{"Id": "111111111111", "Name": "management", "Status": "ACTIVE", "Arn": "arn:aws:organizations::111111111111:account/o-x/111111111111"},
			{"Id": "222222222222", "Name": "prod", "Status": "ACTIVE", "Arn": "arn:aws:organizations::111111111111:account/o-x/222222222222"},
			{"Id": "333333333333", "Name": "locked", "Status": "ACTIVE", "Arn": "arn:aws:organizations::111111111111:account/o-x/333333333333"},
			{"Id": "444444444444", "Name": "gone", "Status": "SUSPENDED", "Arn": "arn:aws:organizations::111111111111:account/o-x/444444444444"},
		}})
	})
	s.Handle("sts", "AssumeRole", func(r *awstest.Request) awstest.Response {
		arn := r.Params.Get("RoleArn")
		if !strings.HasSuffix(arn, ":role/Audit") || strings.Contains(arn, "333333333333") {
			return awstest.AccessDenied(r)
		}
		acct := strings.Split(arn, ":")[4]
		return awstest.XML(r, awstest.X("Credentials", awstest.Raw(awstest.X("AccessKeyId", "ASIA"+acct)), awstest.Raw(awstest.X("SecretAccessKey", "s")),
			awstest.Raw(awstest.X("SessionToken", "t")), awstest.Raw(awstest.X("Expiration", "2099-01-01T00:00:00Z")))+
			awstest.X("AssumedRoleUser", awstest.Raw(awstest.X("Arn", "arn:aws:sts::"+acct+":assumed-role/Audit/lambdasec")), awstest.Raw(awstest.X("AssumedRoleId", "AROA:lambdasec"))))
	})
	s.Handle("sts", "GetCallerIdentity", func(r *awstest.Request) awstest.Response {
		acct := "111111111111"
		if i := strings.Index(r.HTTP.Header.Get("Authorization"), "Credential=ASIA"); i >= 0 {
			acct = r.HTTP.Header.Get("Authorization")[i+len("Credential=ASIA"):][:12]
		}
		return awstest.XML(r, awstest.X("Account", acct)+awstest.X("Arn", "arn:aws:sts::"+acct+":assumed-role/Audit/lambdasec")+awstest.X("UserId", "AROA:lambdasec"))
	})
	estates, err := CollectOrganization(context.Background(), s.Config("us-east-1"), "Audit", 2, fastOptions("us-east-1"))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range estates {
		state := "read"
		for _, g := range e.Gaps {
			// Every region read has the skipped public-access gap (LS123).
			if !strings.HasPrefix(g.Field, inventory.FieldFunctionPublicAccessBlock+" in ") {
				state = g.Kind
				break
			}
		}
		got = append(got, e.Account+" "+state)
		if state == "read" && len(e.Functions) != 2 {
			t.Errorf("%s: %d functions", e.Account, len(e.Functions))
		}
	}
	want := []string{"111111111111 read", "222222222222 read", "333333333333 denied"}
	if !slices.Equal(got, want) {
		t.Errorf("accounts %v, want %v (the suspended account skipped)", got, want)
	}
	if estates[2].Gaps[0].Call != "sts:AssumeRole" || !strings.Contains(estates[2].Gaps[0].Reason, "locked") {
		t.Errorf("locked account gap %+v", estates[2].Gaps[0])
	}
	if n := s.Calls()["sts:AssumeRole"]; n < 2 {
		t.Errorf("AssumeRole called %d times", n)
	}
}
