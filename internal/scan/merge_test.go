package scan

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

func shardReport(shard string, version int, findings ...string) MergeInput {
	return MergeInput{Name: "r-" + strings.ReplaceAll(shard, "/", "-") + ".json", Data: fmt.Appendf(nil,
		`{"schemaVersion":%d,"tool":"lambdasec","summary":{"files":1,"estates":1,"excluded":2,"pass":9,"shard":%q,"warnings":[{"message":"skip pattern \"x\" excluded nothing"}]},"findings":[%s]}`,
		version, shard, strings.Join(findings, ","))}
}

func finding(estate, status, severity string) string {
	return fmt.Sprintf(`{"ruleId":"LS101","estate":%q,"status":%q,"severity":%q}`, estate, status, severity)
}

// TestMergeReports checks the merge of shard reports: findings by
// estate, counts recounted, numbers summed (excluded: the largest), walk
// warnings once, a repeated shard kept once, missing shards listed, and
// the errors.
func TestMergeReports(t *testing.T) {
	m, err := MergeInputs([]MergeInput{
		shardReport("1/3", 1, finding("b.yaml", "FAIL", "high"), finding("b.yaml", "FAIL", "high")),
		shardReport("0/3", 1, finding("a.yaml", "PASS", "low"), finding("c.yaml", "UNKNOWN", "low")),
		shardReport("1/3", 1, finding("b.yaml", "FAIL", "high")),
	})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := m.Write(&buf); err != nil {
		t.Fatal(err)
	}
	var got struct {
		Tool     string `json:"tool"`
		Summary  map[string]json.RawMessage
		Findings []struct{ Estate, Status string }
	}
	if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatalf("merged report is not JSON: %v\n%s", err, buf.Bytes())
	}
	var estates []string
	for _, f := range got.Findings {
		estates = append(estates, f.Estate+" "+f.Status)
	}
	if want := "[a.yaml PASS b.yaml FAIL b.yaml FAIL c.yaml UNKNOWN]"; fmt.Sprint(estates) != want {
		t.Errorf("findings %v, want %s (identical findings of one report both kept; the repeated shard once)", estates, want)
	}
	for key, want := range map[string]string{
		"pass": "1", "fail": "2", "unknown": "1", "suppressed": "0", "failBySeverity": `{"high":2}`,
		"files": "2", "estates": "2", "excluded": "2", "missingShards": `["2/3"]`,
		"warnings": `[{"message":"skip pattern \"x\" excluded nothing"}]`,
	} {
		var c bytes.Buffer
		_ = json.Compact(&c, got.Summary[key])
		if c.String() != want {
			t.Errorf("summary %s = %s, want %s", key, c.String(), want)
		}
	}
	if _, ok := got.Summary["shard"]; ok {
		t.Error("the merged summary keeps a shard")
	}
	var shards []struct{ File string }
	_ = json.Unmarshal(got.Summary["shards"], &shards)
	if len(shards) != 2 || got.Tool != "lambdasec" {
		t.Errorf("shards %v, tool %q: want the two distinct shards' summaries, tool lambdasec", shards, got.Tool)
	}
	if m.Duplicates != 1 || fmt.Sprint(m.Missing) != "[2/3]" || len(m.Warnings) != 1 {
		t.Errorf("duplicates %d, missing %v, warnings %v", m.Duplicates, m.Missing, m.Warnings)
	}

	for _, tt := range []struct {
		name    string
		in      []MergeInput
		wantErr string
	}{
		{"nothing", nil, "nothing to merge"},
		{"not JSON", []MergeInput{{Name: "x.json", Data: []byte("oops")}}, "x.json: not a lambdasec snapshot or JSON report"},
		{"SARIF", []MergeInput{{Name: "x.sarif", Data: []byte(`{"runs":[]}`)}}, "x.sarif: not a lambdasec snapshot or JSON report"},
		{"versions", []MergeInput{shardReport("0/2", 1), shardReport("1/2", 3)}, "r-1-2.json: schemaVersion 3: merge reads JSON reports of schemaVersion 1 and 2"},
		{"n", []MergeInput{shardReport("0/2", 1), shardReport("1/3", 1)}, "shard 1/3, but the others are parts of 2"},
		{"kinds", []MergeInput{shardReport("0/2", 1), {Name: "s.json", Data: []byte(`{"schemaVersion":1,"estates":[]}`)}}, "s.json: snapshots cannot be merged with r-0-2.json (reports)"},
	} {
		if _, err := MergeInputs(tt.in); err == nil || !strings.Contains(err.Error(), tt.wantErr) {
			t.Errorf("%s: error %v, want %q", tt.name, err, tt.wantErr)
		}
	}
}
