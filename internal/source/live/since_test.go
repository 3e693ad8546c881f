package live

import (
	"encoding/json"
	"maps"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/lambdasec/lambdasec/internal/inventory"
	"github.com/lambdasec/lambdasec/internal/source/live/awstest"
)

// served collects acct from a fresh fake server, with opts, and returns
// the estate and the server (for its call counts).
func served(t *testing.T, acct *awstest.Account, opts Options) (*inventory.Estate, *awstest.Server) {
	t.Helper()
	s := awstest.New(t)
	s.ServeAccount(acct)
	return collectWith(t, s, opts), s
}

// reloaded returns e as a snapshot file gives it back: a copy sharing
// nothing with e.
func reloaded(t *testing.T, e *inventory.Estate) *inventory.Estate {
	t.Helper()
	b, err := json.Marshal(e)
	if err != nil {
		t.Fatal(err)
	}
	var out inventory.Estate
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	return &out
}

// functionPaths returns the distinct function names in the REST paths s
// received for op ("/2015-03-31/functions/NAME/..."), sorted.
func functionPaths(s *awstest.Server, op string) []string {
	var names []string
	for _, p := range s.Paths(op) {
		rest, ok := strings.CutPrefix(p, "/2015-03-31/functions/")
		if !ok {
			rest, _ = strings.CutPrefix(p, "/2021-10-31/functions/")
		}
		name, _, _ := strings.Cut(rest, "/")
		names = append(names, name)
	}
	slices.Sort(names)
	return slices.Compact(names)
}

// TestCollectSinceRereadsOnlyChanged is issue 17's incremental rescan:
// with 5 of 1,000 functions changed since the earlier snapshot, the
// rescan calls GetFunction and GetPolicy (and the other per-function
// calls) only for those 5, lists as a full collection does, and gives
// the same estate as a full collection.
func TestCollectSinceRereadsOnlyChanged(t *testing.T) {
	acct := generatedAccount(1000, "us-east-1")
	prev, _ := served(t, acct, fastOptions("us-east-1"))

	changed := []int{3, 250, 500, 777, 999}
	public := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"lambda:InvokeFunction","Resource":"*"}]}`
	for k, i := range changed {
		f := &acct.Functions[i]
		f.Revision, f.LastModified = "2", "2026-02-01T00:00:00.000+0000"
		switch k {
		case 0:
			f.Policies = map[string]string{"": public}
		case 1:
			f.Tags = map[string]string{"team": "new"}
		case 2:
			f.Env = map[string]string{"TABLE": "other"}
		case 3:
			n := 3
			f.Reserved = &n
		case 4:
			f.URLs = []awstest.URL{{AuthType: "NONE"}}
		}
	}
	var wantNames []string
	wantPolicies := 0
	for _, i := range changed {
		f := acct.Functions[i]
		wantNames = append(wantNames, f.Name)
		wantPolicies += 1 + len(f.Aliases) + len(f.Versions)
	}

	opts := fastOptions("us-east-1")
	opts.Since = reloaded(t, prev)
	var reuse Reuse
	opts.Reused = func(r Reuse) { reuse = r }
	got, s := served(t, acct, opts)
	fresh, sFresh := served(t, acct, fastOptions("us-east-1"))

	for _, op := range []string{"lambda:GetFunction", "lambda:GetPolicy", "lambda:ListAliases", "lambda:ListFunctionUrlConfigs"} {
		if names := functionPaths(s, op); !slices.Equal(names, wantNames) {
			t.Errorf("%s asked about %d functions %v, want only the changed %v", op, len(names), names[:min(len(names), 10)], wantNames)
		}
	}
	calls, freshCalls := s.Calls(), sFresh.Calls()
	if calls["lambda:GetFunction"] != len(changed) || calls["lambda:GetPolicy"] != wantPolicies {
		t.Errorf("GetFunction %d, GetPolicy %d calls; want %d and %d", calls["lambda:GetFunction"], calls["lambda:GetPolicy"], len(changed), wantPolicies)
	}
	for _, op := range []string{"lambda:ListFunctions", "lambda:ListEventSourceMappings", "iam:GetAccountAuthorizationDetails"} {
		if calls[op] != freshCalls[op] || calls[op] == 0 {
			t.Errorf("%s: %d calls, a full collection makes %d", op, calls[op], freshCalls[op])
		}
	}
	if a, b := estateJSON(got), estateJSON(fresh); a != b {
		t.Errorf("the incremental estate differs from a full collection:\n%s", firstDiff(a, b))
	}
	saved := map[string]int{}
	for k, v := range freshCalls {
		if d := v - calls[k]; d != 0 {
			saved[k] = d
		}
	}
	if reuse.Reused != 995 || reuse.Read != 5 || !maps.Equal(reuse.Saved, saved) {
		t.Errorf("reuse %d, read %d, saved %v; want 995, 5 and the calls a full collection made beyond the rescan: %v", reuse.Reused, reuse.Read, reuse.Saved, saved)
	}
	t.Logf("rescan of 1,000 functions with 5 changed: %d calls; full collection: %d; saved %v", total(calls), total(freshCalls), reuse.Saved)
}

// TestCollectSinceDeletedNewAndGaps: a function deleted since the earlier
// snapshot is gone, a new one is read whole, and one with a gap in the
// earlier snapshot is read again (the gap is not carried over).
func TestCollectSinceDeletedNewAndGaps(t *testing.T) {
	acct := generatedAccount(20, "us-east-1")
	prev, _ := served(t, acct, fastOptions("us-east-1"))
	prev = reloaded(t, prev)
	for _, f := range prev.Functions {
		if f.Name == "fn-0005" {
			f.Permissions = nil
			f.AddGap(inventory.FieldPermissions, "AccessDenied", "lambda:GetPolicy")
		}
	}
	acct.Functions = slices.Delete(acct.Functions, 3, 4) // fn-0003
	nf := acct.Functions[0]
	nf.Name = "fn-new"
	acct.Functions = append(acct.Functions, nf)

	opts := fastOptions("us-east-1")
	opts.Since = prev
	got, s := served(t, acct, opts)
	fresh, _ := served(t, acct, fastOptions("us-east-1"))
	if names, want := functionPaths(s, "lambda:GetPolicy"), []string{"fn-0005", "fn-new"}; !slices.Equal(names, want) {
		t.Errorf("GetPolicy asked about %v, want %v", names, want)
	}
	for _, f := range got.Functions {
		if f.Name == "fn-0003" {
			t.Errorf("deleted function fn-0003 still in the estate")
		}
		if len(f.Gaps) > 0 {
			t.Errorf("%s: gaps %v", f.Name, f.Gaps)
		}
	}
	if a, b := estateJSON(got), estateJSON(fresh); a != b {
		t.Errorf("the incremental estate differs from a full collection:\n%s", firstDiff(a, b))
	}
}

// TestCollectSinceRefused: an earlier snapshot of another account or
// another region set, or not of a live account, is refused.
func TestCollectSinceRefused(t *testing.T) {
	acct := generatedAccount(2, "us-east-1")
	prev, _ := served(t, acct, fastOptions("us-east-1"))
	for _, tc := range []struct {
		name    string
		change  func(e *inventory.Estate)
		regions []string
		want    string
	}{
		{"other account", func(e *inventory.Estate) { e.Account, e.Name = "999999999999", "999999999999" }, nil, "of account 999999999999, these credentials read account 444455556666"},
		{"fewer regions", nil, []string{"us-east-1", "eu-west-1"}, "covers regions us-east-1, this collection asks for eu-west-1,us-east-1"},
		{"other region", func(e *inventory.Estate) { e.Regions = []string{"eu-west-1"} }, nil, "covers regions eu-west-1, this collection asks for us-east-1"},
		{"template", func(e *inventory.Estate) { e.Kind, e.Account = inventory.KindTemplate, "" }, nil, "not a live collection of an account"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			old := reloaded(t, prev)
			if tc.change != nil {
				tc.change(old)
			}
			s := awstest.New(t)
			s.ServeAccount(acct)
			opts := fastOptions("us-east-1")
			if tc.regions != nil {
				opts.Regions = tc.regions
			}
			opts.Since = old
			_, err := Collect(awstest.Background(), s.Config("us-east-1"), opts)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want one saying %q", err, tc.want)
			}
		})
	}
}

func total(calls map[string]int) int {
	n := 0
	for _, v := range calls {
		n += v
	}
	return n
}

// TestCollectOrganizationSince: with SinceAccounts, each account of the
// organization reuses its own earlier estate, and an account the earlier
// collection did not have is read whole.
func TestCollectOrganizationSince(t *testing.T) {
	s := awstest.New(t)
	s.ServeAccount(generatedAccount(3, "us-east-1"))
	// Two accounts: the caller's own and one reached through the role,
	// whose credentials name it in the access key (as in
	// TestCollectOrganization).
	s.Handle("organizations", "ListAccounts", func(r *awstest.Request) awstest.Response {
		return awstest.JSON(r, map[string]any{"Accounts": []map[string]any{
			{"Id": "111111111111", "Name": "management", "Status": "ACTIVE", "Arn": "arn:aws:organizations::111111111111:account/o-x/111111111111"},
			{"Id": "222222222222", "Name": "prod", "Status": "ACTIVE", "Arn": "arn:aws:organizations::111111111111:account/o-x/222222222222"},
		}})
	})
	s.Handle("sts", "AssumeRole", func(r *awstest.Request) awstest.Response {
		acct := strings.Split(r.Params.Get("RoleArn"), ":")[4]
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
	first, err := CollectOrganization(awstest.Background(), s.Config("us-east-1"), "Audit", 2, fastOptions("us-east-1"))
	if err != nil {
		t.Fatal(err)
	}
	before := s.Calls()["lambda:GetFunction"]
	opts := fastOptions("us-east-1")
	// The earlier collection had only the management account.
	opts.SinceAccounts = map[string]*inventory.Estate{"111111111111": reloaded(t, first[0])}
	var mu sync.Mutex
	reused := map[string]int{}
	opts.Reused = func(r Reuse) { mu.Lock(); reused[r.Account] = r.Reused; mu.Unlock() }
	second, err := CollectOrganization(awstest.Background(), s.Config("us-east-1"), "Audit", 2, opts)
	if err != nil {
		t.Fatal(err)
	}
	if n := s.Calls()["lambda:GetFunction"] - before; n != 3 {
		t.Errorf("GetFunction called %d times, want 3 (the new account's functions only)", n)
	}
	if !maps.Equal(reused, map[string]int{"111111111111": 3}) {
		t.Errorf("reused %v, want the management account's 3 functions", reused)
	}
	for i := range first {
		if a, b := estateJSON(first[i]), estateJSON(second[i]); a != b {
			t.Errorf("account %s: the incremental estate differs:\n%s", first[i].Account, firstDiff(a, b))
		}
	}
}
