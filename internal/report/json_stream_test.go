package report

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"slices"
	"strings"
	"testing"

	"github.com/lambdasec/lambdasec/internal/rules"
)

// TestJSONStreamSameAsEncoder checks that the streamed JSON writer writes
// exactly what encoding/json's indenting Encoder writes for ToJSON's value,
// with findings and without.
func TestJSONStreamSameAsEncoder(t *testing.T) {
	fs, sum := goldenFindings(t)
	opt := Options{Version: "v0.0.0-test"}
	for _, tc := range []struct {
		name string
		n    int
	}{{"none", 0}, {"one", 1}, {"all", len(fs)}} {
		t.Run(tc.name, func(t *testing.T) {
			var want, got bytes.Buffer
			enc := json.NewEncoder(&want)
			enc.SetIndent("", "  ")
			if err := enc.Encode(ToJSON(fs[:tc.n], sum, opt)); err != nil {
				t.Fatal(err)
			}
			if err := JSON(&got, fs[:tc.n], sum, opt); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(want.Bytes(), got.Bytes()) {
				t.Errorf("streamed JSON differs from the Encoder's:\nwant %.300s\ngot  %.300s", want.String(), got.String())
			}
		})
	}
}

// TestSARIFStreamNoResults checks the streamed SARIF log with no results
// (none at all, or only PASS findings, which SARIF leaves out) is the
// indenting Encoder's empty list, and valid JSON.
func TestSARIFStreamNoResults(t *testing.T) {
	fs, sum := goldenFindings(t)
	var pass []rules.Finding
	for _, f := range fs {
		if f.Status == rules.Pass {
			pass = append(pass, f)
		}
	}
	if len(pass) == 0 {
		t.Fatal("the golden findings have no PASS")
	}
	for name, in := range map[string][]rules.Finding{"none": nil, "pass only": pass} {
		var buf bytes.Buffer
		if err := SARIF(&buf, in, sum, Options{Version: "test", BaseDir: "."}); err != nil {
			t.Fatal(err)
		}
		if !json.Valid(buf.Bytes()) || !bytes.HasSuffix(buf.Bytes(), []byte("\"results\": []\n    }\n  ]\n}\n")) {
			t.Errorf("%s: got\n%s", name, buf.String())
		}
	}
}

// TestASFFStreamSameAsEncoder checks that the streamed ASFF writer writes
// what json.Encoder with SetIndent("", "  ") writes for the whole array:
// with no findings (PASS only), one, and all.
func TestASFFStreamSameAsEncoder(t *testing.T) {
	fs, sum := goldenFindings(t)
	ao := ASFFOptions{AccountID: "111122223333", Region: "eu-west-1"}
	opt := Options{Version: "test", BaseDir: "."}
	var pass, notPass []rules.Finding
	for _, f := range fs {
		if f.Status == rules.Pass {
			pass = append(pass, f)
		} else {
			notPass = append(notPass, f)
		}
	}
	for name, in := range map[string][]rules.Finding{"pass only": pass, "one": notPass[:1], "all": fs} {
		want := []asffFinding{}
		for _, f := range in {
			if f.Status != rules.Pass {
				want = append(want, asffOf(f, ao.AccountID, ao.Region, sum.Now.UTC().Format("2006-01-02T15:04:05Z07:00"), opt))
			}
		}
		var wb, got bytes.Buffer
		enc := json.NewEncoder(&wb)
		enc.SetIndent("", "  ")
		if err := enc.Encode(want); err != nil {
			t.Fatal(err)
		}
		if err := ASFF(&got, in, sum, opt, ao); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(wb.Bytes(), got.Bytes()) {
			t.Errorf("%s: streamed ASFF differs from the Encoder's:\nwant %.300s\ngot  %.300s", name, wb.String(), got.String())
		}
	}
}

// TestJUnitStreamSameAsEncoder checks that the streamed JUnit writer
// writes what xml.Encoder with Indent("", "  ") writes for the whole
// document, as JUnit wrote it before: with no findings, one, and all.
func TestJUnitStreamSameAsEncoder(t *testing.T) {
	fs, sum := goldenFindings(t)
	opt := Options{Version: "test", BaseDir: "."}
	for name, in := range map[string][]rules.Finding{"none": nil, "one": fs[:1], "all": fs} {
		all := junitSuites{Name: "lambdasec"}
		index := map[string]int{}
		for _, f := range in {
			n := f.Rule.ID + " " + f.Rule.Name
			i, ok := index[n]
			if !ok {
				i = len(all.Suites)
				index[n] = i
				all.Suites = append(all.Suites, junitSuite{Name: n})
			}
			s := &all.Suites[i]
			c := junitCaseOf(f, opt)
			if c.Failure != nil {
				s.Failures++
			} else if c.Skipped != nil {
				s.Skipped++
			}
			s.Tests++
			s.Cases = append(s.Cases, c)
		}
		slices.SortFunc(all.Suites, func(a, b junitSuite) int { return strings.Compare(a.Name, b.Name) })
		for _, s := range all.Suites {
			all.Tests, all.Failures, all.Skipped = all.Tests+s.Tests, all.Failures+s.Failures, all.Skipped+s.Skipped
		}
		var want, got bytes.Buffer
		want.WriteString(xml.Header)
		enc := xml.NewEncoder(&want)
		enc.Indent("", "  ")
		if err := enc.Encode(all); err != nil {
			t.Fatal(err)
		}
		want.WriteString("\n")
		if err := JUnit(&got, in, sum, opt); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(want.Bytes(), got.Bytes()) {
			t.Errorf("%s: streamed JUnit differs from the Encoder's:\nwant %.400s\ngot  %.400s", name, want.String(), got.String())
		}
	}
}
