package scan

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/lambdasec/lambdasec/internal/report"
)

// TestParallelSameAsSerial scans the same inputs serially and with
// several estates judged at once, and checks every report format is
// byte-identical: the rule fixtures always, the corpus when present.
func TestParallelSameAsSerial(t *testing.T) {
	inputs := map[string]string{"fixtures": filepath.Join("..", "rules", "testdata")}
	if dir := os.Getenv("LAMBDASEC_CORPUS"); dir != "" || !testing.Short() {
		if dir == "" {
			dir = filepath.Join("..", "..", "..", "shared", "corpus")
		}
		if _, err := os.Stat(filepath.Join(dir, "serverless-patterns")); err == nil {
			inputs["corpus"] = filepath.Join(dir, "serverless-patterns")
		}
	}
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for name, path := range inputs {
		t.Run(name, func(t *testing.T) {
			out := map[int]map[string][]byte{}
			for _, par := range []int{1, 4} {
				res, err := Run(context.Background(), Request{Paths: []string{path}, Now: now, CodeScan: true, Parallel: par})
				if err != nil {
					t.Fatal(err)
				}
				if len(allFindings(t, res)) == 0 {
					t.Fatalf("parallel %d: no findings in %s", par, path)
				}
				out[par] = map[string][]byte{}
				for _, f := range report.Formats {
					var buf bytes.Buffer
					if err := res.Write(&buf, f, report.Options{Version: "test", ASFF: report.ASFFOptions{AccountID: "111122223333", Region: "eu-west-1"}}); err != nil {
						t.Fatalf("%s: %v", f, err)
					}
					out[par][f] = buf.Bytes()
				}
			}
			for _, f := range report.Formats {
				if !bytes.Equal(out[1][f], out[4][f]) {
					t.Errorf("%s: the parallel report (%d bytes) differs from the serial one (%d bytes)", f, len(out[4][f]), len(out[1][f]))
				}
			}
		})
	}
}
