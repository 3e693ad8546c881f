package scan

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
	"testing"
)

// TestMergeRanksPaths checks that merging reports ranks their attack
// paths as one report would (score, higher first, then estate, then
// resource; ranks from 1), and that paths written without a score keep
// the inputs' order, renumbered, with a warning.
func TestMergeRanksPaths(t *testing.T) {
	report := func(paths string) []byte {
		return []byte(`{"schemaVersion":2,"tool":"lambdasec","summary":{"pass":0,"fail":0,"unknown":0},"paths":[` + paths + `],"rules":[],"findings":[]}`)
	}
	for _, tc := range []struct {
		name    string
		a, b    string
		want    string // estate:rank of each path, in order
		warning bool
	}{
		{"by score", `{"rank":1,"score":2100,"estate":"a.yaml","resource":"F"},{"rank":2,"score":1000,"estate":"a.yaml","resource":"G"}`,
			`{"rank":1,"score":3200,"estate":"b.yaml","resource":"H"},{"rank":2,"score":1000,"estate":"b.yaml","resource":"A"}`,
			"b.yaml:H:1 a.yaml:F:2 a.yaml:G:3 b.yaml:A:4", false},
		{"ties by estate then resource", `{"rank":1,"score":10,"estate":"z.yaml","resource":"A"}`,
			`{"rank":1,"score":10,"estate":"m.yaml","resource":"B"},{"rank":2,"score":10,"estate":"m.yaml","resource":"A"}`,
			"m.yaml:A:1 m.yaml:B:2 z.yaml:A:3", false},
		{"no score", `{"rank":1,"estate":"a.yaml","resource":"F"}`, `{"rank":1,"estate":"b.yaml","resource":"H"}`,
			"a.yaml:F:1 b.yaml:H:2", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m, err := MergeInputs([]MergeInput{{"a.json", report(tc.a)}, {"b.json", report(tc.b)}})
			if err != nil {
				t.Fatal(err)
			}
			var buf bytes.Buffer
			if err := m.Write(&buf); err != nil {
				t.Fatal(err)
			}
			var rep struct {
				Paths []struct {
					Rank     int    `json:"rank"`
					Estate   string `json:"estate"`
					Resource string `json:"resource"`
				} `json:"paths"`
			}
			if err := json.Unmarshal(buf.Bytes(), &rep); err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, p := range rep.Paths {
				got = append(got, p.Estate+":"+p.Resource+":"+strconv.Itoa(p.Rank))
			}
			if strings.Join(got, " ") != tc.want {
				t.Errorf("paths %s, want %s", strings.Join(got, " "), tc.want)
			}
			warned := strings.Contains(strings.Join(m.Warnings, "\n"), "no score")
			if warned != tc.warning {
				t.Errorf("warnings %q: want a no-score warning %v", m.Warnings, tc.warning)
			}
			if !bytes.Contains(buf.Bytes(), []byte(`"rank": 1,`)) {
				t.Errorf("rank is not the first member of a path:\n%s", buf.Bytes())
			}
		})
	}
}
