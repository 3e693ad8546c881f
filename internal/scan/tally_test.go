package scan

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/lambdasec/lambdasec/internal/report"
	"github.com/lambdasec/lambdasec/internal/rules"
)

// untallied hides a run's tally: a writer then reads the findings once
// more to count them.
type untallied struct{ report.Findings }

// TestTallySameAsReadingTwice: the tally a run takes as it judges gives
// every format the bytes a writer's own first pass gives, exposure paths
// (ranked across estates) and --severity included.
func TestTallySameAsReadingTwice(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, sev := range [][]rules.Severity{nil, {rules.Critical, rules.High}} {
		res, err := Run(context.Background(), Request{Paths: []string{"../../examples"}, Now: now, Severities: sev})
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := res.Findings.(report.Tallied); !ok {
			t.Fatal("a run's findings carry no tally")
		}
		for _, f := range report.Formats {
			opt := res.ReportOptions(report.Options{Version: "test", ASFF: report.ASFFOptions{AccountID: "111122223333", Region: "eu-west-1"}})
			var a, b bytes.Buffer
			if err := report.WriteFrom(&a, f, res.Findings, res.Summary, opt); err != nil {
				t.Fatal(err)
			}
			if err := report.WriteFrom(&b, f, untallied{res.Findings}, res.Summary, opt); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(a.Bytes(), b.Bytes()) {
				t.Errorf("severities %v, %s: the tallied report (%d bytes) differs from the twice-read one (%d bytes)", sev, f, a.Len(), b.Len())
			}
			if f == "json" && sev == nil && !strings.Contains(a.String(), `"paths": [`) {
				t.Error("the examples' JSON report has no exposure paths: the test would not see the tally's paths")
			}
		}
		res.Close()
	}
}
