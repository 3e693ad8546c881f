package report

import (
	"bytes"
	"encoding/json"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/lambdasec/lambdasec/internal/rules"
)

// twoEstates returns the golden findings twice, in estates a/app.yaml
// and b/app.yaml, in report order; in the second, failures of medium and
// low severity fail one step worse, so the classes of the two estates
// interleave in the worst-first order.
func twoEstates(t *testing.T) ([]rules.Finding, Summary) {
	t.Helper()
	fs, sum := goldenFindings(t)
	var out []rules.Finding
	for _, estate := range []string{"a/app.yaml", "b/app.yaml"} {
		for _, f := range fs {
			f.Estate = estate
			f.Source.File = estate
			if estate == "b/app.yaml" && f.Status == rules.Fail && f.Severity <= rules.Medium {
				f.Severity++
			}
			out = append(out, f)
		}
	}
	sum.Estates = 2
	return out, sum
}

// TestHTMLRowsWorstFirst checks the streamed rows of the page data of two
// estates against the order the page has always used, made here by a
// plain stable sort: worst class first, report order within a class;
// and that every item of a function's verdict refers to a row of its own
// class, rule and function.
func TestHTMLRowsWorstFirst(t *testing.T) {
	fs, sum := twoEstates(t)
	data := pageDataOf(t, htmlOf(t, fs, sum, Options{BaseDir: "."}))
	var (
		rows  [][]json.RawMessage
		strs  []string
		rl    [][]string
		fns   [][]json.RawMessage
		class int
		ruleN int
		where int
	)
	for k, v := range map[string]any{"rows": &rows, "s": &strs, "rules": &rl, "fns": &fns} {
		if err := json.Unmarshal(data[k], v); err != nil {
			t.Fatalf("%s: %v", k, err)
		}
	}
	var want []rules.Finding
	for _, f := range fs {
		if f.Status != rules.Pass {
			want = append(want, f)
		}
	}
	slices.SortStableFunc(want, func(a, b rules.Finding) int { return classOf(a) - classOf(b) })
	if len(rows) != len(want) {
		t.Fatalf("%d rows, want %d", len(rows), len(want))
	}
	for i, r := range rows {
		for k, v := range map[int]*int{0: &class, 1: &ruleN, 3: &where} {
			if err := json.Unmarshal(r[k], v); err != nil {
				t.Fatal(err)
			}
		}
		f := want[i]
		if class != classOf(f) || rl[ruleN][0] != f.Rule.ID || strs[where] != f.Estate {
			t.Fatalf("row %d: %s %s in %s, want %s %s in %s", i, className(class), rl[ruleN][0], strs[where],
				className(classOf(f)), f.Rule.ID, f.Estate)
		}
	}
	items := 0
	for key, fn := range fns {
		for _, v := range fn[3:5] {
			var verdict []json.RawMessage
			var its [][]any
			if err := json.Unmarshal(v, &verdict); err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(verdict[3], &its); err != nil {
				t.Fatal(err)
			}
			for _, it := range its {
				items++
				ids, cls, row := it[0].(string), it[1].(string), int(it[2].(float64))
				var fnKeys []int
				json.Unmarshal(rows[row][0], &class)
				json.Unmarshal(rows[row][1], &ruleN)
				json.Unmarshal(rows[row][2], &fnKeys)
				if className(class) != cls || strings.Fields(ids)[0] != rl[ruleN][0] || !slices.Contains(fnKeys, key) {
					t.Errorf("function %d: item %s %s refers to row %d (%s %s, functions %v)", key, ids, cls, row, className(class), rl[ruleN][0], fnKeys)
				}
			}
		}
	}
	if items == 0 {
		t.Error("no verdict items")
	}
}

// pieces gives each estate of a Slice in several calls of Each, one
// finding at a time: Each promises estates in report order, not one call
// an estate.
type pieces []rules.Finding

func (p pieces) Each(fn func([]rules.Finding) error) error {
	for i := range p {
		if err := fn([]rules.Finding{p[i]}); err != nil {
			return err
		}
	}
	return nil
}

// TestHTMLEstateInPieces: an estate given in several calls makes the same
// page as given in one (functions, exposure anchors and rows are kept
// per estate until it ends), with PASS listed or not.
func TestHTMLEstateInPieces(t *testing.T) {
	fs, sum := twoEstates(t)
	shop := shopFindings(t, shopTemplate) // exposure paths, whose hops link to other findings
	fs = append(fs, shop...)
	rules.SortFindings(fs)
	for _, opt := range []Options{{BaseDir: "."}, {BaseDir: ".", ShowPass: true}} {
		var whole, inPieces bytes.Buffer
		if err := writeHTML(&whole, Slice(fs), sum, opt); err != nil {
			t.Fatal(err)
		}
		if err := writeHTML(&inPieces, pieces(fs), sum, opt); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(whole.String(), `<section id="exposure">`) {
			t.Fatal("no exposure view")
		}
		if !bytes.Equal(whole.Bytes(), inPieces.Bytes()) {
			t.Errorf("show pass %v: the page of estates given in pieces differs from the page of whole estates", opt.ShowPass)
		}
	}
}

// TestHTMLRemovesTempFiles: the rows and strings the writer keeps on disk
// are removed once the page is written.
func TestHTMLRemovesTempFiles(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("TMPDIR", dir)
	fs, sum := twoEstates(t)
	var buf bytes.Buffer
	if err := HTML(&buf, fs, sum, Options{ShowPass: true}); err != nil {
		t.Fatal(err)
	}
	left, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(left) > 0 {
		t.Errorf("%d temporary files left, first %s", len(left), left[0].Name())
	}
	if buf.Len() == 0 {
		t.Error("no page")
	}
}

// TestHTMLControlFailingWorstFirst: a control's failing resources are
// listed by their worst failure, whatever the order they were read in.
func TestHTMLControlFailingWorstFirst(t *testing.T) {
	r := rules.ByID(rules.All(), "LS101")
	fail := func(estate, name string, sev rules.Severity) rules.Finding {
		return rules.Finding{Rule: r, Estate: estate, Severity: sev, Result: rules.Result{Status: rules.Fail,
			Resource: name, Kind: rules.KindFunction, Functions: []string{name}, Message: "m"}}
	}
	fs := []rules.Finding{fail("a.yaml", "Low", rules.Low), fail("a.yaml", "Medium", rules.Medium),
		fail("b.yaml", "Critical", rules.Critical), fail("b.yaml", "Low", rules.Critical)}
	page := pageOf(t, fs, Summary{}, Options{})
	for _, fw := range page.Compliance {
		for _, ctl := range fw.Controls {
			if got := strings.Join(ctl.Failing, ","); got != "Critical,Low,Medium" {
				t.Errorf("%s %s: failing %s, want Critical,Low,Medium (Low fails critical in b.yaml)", fw.Name, ctl.Control, got)
			}
		}
	}
	if len(page.Compliance) == 0 {
		t.Fatal("no control")
	}
}
