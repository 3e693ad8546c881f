package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/lambdasec/lambdasec/internal/source/live/awstest"
)

// orgAccount is member account id's estate in the fake organization:
// perRegion functions in each region, some exposed, some not, the count
// and settings varying with the account so that accounts differ.
func orgAccount(id string, perRegion int, regions ...string) *awstest.Account {
	n, _ := strconv.Atoi(id[len(id)-4:])
	a := &awstest.Account{ManagedPolicies: map[string]string{}}
	trust := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}`
	a.Roles = []awstest.Role{
		{Name: "app", Trust: trust, Inline: map[string]string{"data": `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"dynamodb:GetItem","Resource":"*"}]}`}},
		{Name: "admin", Trust: trust, Inline: map[string]string{"all": `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`}},
	}
	for _, region := range regions {
		for i := 0; i < perRegion; i++ {
			f := awstest.Function{Name: fmt.Sprintf("fn-%03d", i), Region: region, Runtime: "python3.12", Handler: "app.handler",
				Role: "app", Timeout: 30, Env: map[string]string{"TABLE": "t"}}
			if (n+i)%3 == 0 {
				f.Role = "admin"
				f.Runtime = "python3.8"
			}
			if (n+i)%4 == 0 {
				f.Policies = map[string]string{"": `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"lambda:InvokeFunction","Resource":"*"}]}`}
				f.URLs = []awstest.URL{{AuthType: "NONE"}}
			}
			a.Functions = append(a.Functions, f)
		}
	}
	return a
}

// fakeOrganization serves an organization of accounts member accounts
// (and the management account 100000000000, the caller) with perRegion
// functions in each of regions.
func fakeOrganization(t *testing.T, accounts, perRegion int, regions ...string) *awstest.Server {
	t.Helper()
	s := fakeAWS(t)
	ids := []string{"100000000000"}
	for i := 1; i <= accounts; i++ {
		ids = append(ids, fmt.Sprintf("2000%08d", i*7919%100000000))
	}
	s.ServeOrganization("100000000000", ids, func(id string) *awstest.Account { return orgAccount(id, perRegion, regions...) })
	return s
}

// comparableSnapshot returns the snapshot in file as JSON without what
// differs between one collection and shards by design: the time it was
// written, and the count of sts:AssumeRole calls in the management
// account's estate (made there for the member accounts of its own shard).
func comparableSnapshot(t *testing.T, file string) string {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var snap map[string]any
	if err := json.Unmarshal(data, &snap); err != nil {
		t.Fatal(err)
	}
	delete(snap, "createdAt")
	for _, e := range snap["estates"].([]any) {
		if calls, ok := e.(map[string]any)["calls"].(map[string]any); ok {
			delete(calls, "sts:AssumeRole")
		}
	}
	out, _ := json.MarshalIndent(snap, "", " ")
	return string(out)
}

// TestShardCollectOrgMerge: 'collect --aws --org --shard i/4' by four
// copies, merged, is the snapshot one 'collect --aws --org' writes (but
// for its time); 'scan --aws --org --shard i/4', merged, has the findings
// of one 'scan --aws --org'; each shard reads part of the accounts.
func TestShardCollectOrgMerge(t *testing.T) {
	s := fakeOrganization(t, 15, 3, "us-east-1", "eu-west-1")
	dir := t.TempDir()
	live := []string{"--aws", "--org", "--role-name", "Audit", "--endpoint-url", s.URL, "--regions", "us-east-1,eu-west-1", "--org-parallel", "16"}

	whole := filepath.Join(dir, "whole.json")
	if code, _, stderr := runCmd(t, append(append([]string{"collect"}, live...), "-o", whole)...); code != 0 {
		t.Fatalf("collect: exit %d: %s", code, stderr)
	}
	const n = 4
	var shards []string
	accounts := 0
	for i := 0; i < n; i++ {
		out := filepath.Join(dir, fmt.Sprintf("shard-%d.json", i))
		code, _, stderr := runCmd(t, append(append([]string{"collect"}, live...), "--shard", fmt.Sprintf("%d/%d", i, n), "-o", out)...)
		if code != 0 {
			t.Fatalf("collect --shard %d/%d: exit %d: %s", i, n, code, stderr)
		}
		var snap struct {
			Estates []struct {
				Account   string            `json:"account"`
				Functions []json.RawMessage `json:"functions"`
			} `json:"estates"`
		}
		data, _ := os.ReadFile(out)
		if err := json.Unmarshal(data, &snap); err != nil {
			t.Fatal(err)
		}
		if len(snap.Estates) == 0 || len(snap.Estates) > 10 {
			t.Errorf("shard %d/%d read %d of 16 accounts: not a part", i, n, len(snap.Estates))
		}
		for _, e := range snap.Estates {
			if len(e.Functions) != 6 {
				t.Errorf("shard %d/%d: account %s has %d functions, want 6", i, n, e.Account, len(e.Functions))
			}
		}
		accounts += len(snap.Estates)
		shards = append(shards, out)
	}
	if accounts != 16 {
		t.Errorf("the shards read %d accounts together, want 16", accounts)
	}
	merged := filepath.Join(dir, "merged.json")
	if code, _, stderr := runCmd(t, append([]string{"merge", "-o", merged}, shards...)...); code != 0 {
		t.Fatalf("merge: exit %d: %s", code, stderr)
	}
	want, got := comparableSnapshot(t, whole), comparableSnapshot(t, merged)
	if got != want {
		t.Errorf("the merged snapshot differs from one collection's:\n%.2000s\n%.2000s", got, want)
	}

	// The same through scan: one report per shard, merged.
	scanArgs := append(append([]string{"scan"}, live...), "--format", "json", "--now", "2026-11-21")
	oneReport := filepath.Join(dir, "one.json")
	if code, _, stderr := runCmd(t, append(append([]string(nil), scanArgs...), "-o", oneReport)...); code != 0 {
		t.Fatalf("scan --aws --org: exit %d: %s", code, stderr)
	}
	one, _ := os.ReadFile(oneReport)
	mergedReport, _ := shardAndMerge(t, n, scanArgs...)
	wantParts, gotParts := partsOf(t, "one scan", one), partsOf(t, "merged", mergedReport)
	if len(wantParts.findings) < 16*6 {
		t.Fatalf("one scan has %d findings: the comparison would prove little", len(wantParts.findings))
	}
	if fmt.Sprint(gotParts) != fmt.Sprint(wantParts) {
		t.Errorf("merged report: %d findings, summary %v; one scan: %d findings, summary %v",
			len(gotParts.findings), gotParts.summary, len(wantParts.findings), wantParts.summary)
	}
}
