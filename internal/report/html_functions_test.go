package report

import (
	"bytes"
	"cmp"
	"fmt"
	"os"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/lambdasec/lambdasec/internal/rules"
)

// withSpillAt runs fn with fnSpillAt set to n, and sets it back.
func withSpillAt(n int, fn func()) {
	old := fnSpillAt
	fnSpillAt = n
	defer func() { fnSpillAt = old }()
	fn()
}

// manyEstates returns findings of several estates in report order: the
// golden estate twice (twoEstates), the vulnerable shop (exposure paths,
// verdict items), and generated estates of ten functions each.
func manyEstates(t *testing.T) ([]rules.Finding, Summary) {
	t.Helper()
	fs, sum := twoEstates(t)
	fs = append(fs, shopFindings(t, shopTemplate)...)
	err := generated{estates: 30, perEstate: 60, functions: 10}.Each(func(es []rules.Finding) error {
		fs = append(fs, es...)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	rules.SortFindings(fs)
	sum.Estates = 33
	return fs, sum
}

// TestHTMLFunctionsSpilled: the page of many estates is the same whether
// the functions' records stay in memory, all go to the temporary file as
// each estate ends, or some are in each; with PASS listed or not.
func TestHTMLFunctionsSpilled(t *testing.T) {
	fs, sum := manyEstates(t)
	for _, opt := range []Options{{BaseDir: "."}, {BaseDir: ".", ShowPass: true}} {
		var pages [3][]byte
		for i, at := range []int{1 << 30, 0, 2000} {
			withSpillAt(at, func() {
				page, err := buildHTMLPage(Slice(fs), sum, opt, ".")
				if page != nil {
					defer page.close()
				}
				if err != nil {
					t.Fatal(err)
				}
				fns := &page.functions
				switch {
				case at == 1<<30 && fns.file != nil:
					t.Fatalf("spill at %d: records on disk", at)
				case at == 0 && (fns.file == nil || len(fns.mem) > 0):
					t.Fatalf("spill at %d: records in memory (%d bytes) or no file", at, len(fns.mem))
				case at == 2000 && (fns.file == nil || fns.flushed == 0 || len(fns.mem) == 0):
					t.Fatalf("spill at %d: %d bytes on disk, %d in memory, want both", at, fns.flushed, len(fns.mem))
				}
				var buf bytes.Buffer
				if err := writePage(&buf, page); err != nil {
					t.Fatal(err)
				}
				pages[i] = buf.Bytes()
			})
		}
		if !strings.Contains(string(pages[0]), "<h3>Worst functions</h3>") || !strings.Contains(string(pages[0]), `<section id="exposure">`) {
			t.Fatal("no worst functions or no exposure view")
		}
		for i, what := range []string{"", "all on disk", "some on disk"} {
			if i > 0 && !bytes.Equal(pages[0], pages[i]) {
				t.Errorf("show pass %v: the page with the functions %s differs from the page with them in memory", opt.ShowPass, what)
			}
		}
	}
}

// TestHTMLFunctionOrder: functions are ordered by name, then place, then
// estate and ID, also when names share more than the 16 bytes memory
// keeps, one name is the start of another, names hold zero bytes, and
// live functions of the same name and account are in several estates.
// The order is checked against a plain sort of the three strings.
func TestHTMLFunctionOrder(t *testing.T) {
	r := rules.ByID(rules.All(), "LS101")
	long := "AVeryLongFunctionNamePrefix" // longer than 16 bytes
	ids := []string{long + "B", long, long + "A", long + "\x00", long + "\x00\x01", long + "\x01", "Fn", "F", "Fn\x00x",
		"arn:aws:lambda:eu-west-1:111122223333:function:" + long,
		"arn:aws:lambda:eu-west-1:111122223333:function:" + long + "A",
		"arn:aws:lambda:us-east-1:111122223333:function:" + long}
	estates := []string{"b.yaml", "a.yaml", "a.yaml2", "a", "snap-2.json", "snap-1.json"}
	type want struct{ name, where, estate, id, deployed string }
	var fs []rules.Finding
	var wants []want
	for ei, estate := range estates {
		for k := range ids {
			id := ids[(k*7+ei)%len(ids)] // each estate in its own order
			deployed := fmt.Sprintf("deployed %d %d", ei, k)
			fs = append(fs, rules.Finding{Rule: r, Estate: estate, Severity: r.Severity, Result: rules.Result{Status: rules.Fail,
				Resource: id, Kind: rules.KindFunction, Label: deployed, Functions: []string{id}, Message: "m"}})
			name, where := id, estate
			if n := liveFunctionName(id); n != "" {
				name, where = n, liveWhere(id)
			}
			wants = append(wants, want{name, where, estate, id, deployed})
		}
	}
	sort.SliceStable(wants, func(i, j int) bool {
		a, b := wants[i], wants[j]
		return cmp.Or(strings.Compare(a.name, b.name), strings.Compare(a.where, b.where),
			strings.Compare(a.estate+"\x00"+a.id, b.estate+"\x00"+b.id)) < 0
	})
	for _, at := range []int{1 << 30, 0} {
		withSpillAt(at, func() {
			page := pageOf(t, fs, Summary{}, Options{})
			got := functionsOf(t, page)
			if len(got) != len(wants) {
				t.Fatalf("%d functions, want %d", len(got), len(wants))
			}
			for i, fn := range got {
				w := wants[i]
				if fn.Key != i || fn.Name != w.name || fn.Where != w.where || fn.Deployed != w.deployed {
					t.Fatalf("spill at %d: function %d is %q in %q (%s), want %q in %q (%s, %s %q)", at, i,
						fn.Name, fn.Where, fn.Deployed, w.name, w.where, w.deployed, w.estate, w.id)
				}
			}
		})
	}
}

// TestHTMLWorstFunctions: the verdict's worst functions are the ten with
// the most failures from critical down, then unknowns, those as bad in
// the page's order of functions, and none that did not fail.
func TestHTMLWorstFunctions(t *testing.T) {
	fs, sum := manyEstates(t)
	page := pageOf(t, fs, sum, Options{BaseDir: "."})
	all := functionsOf(t, page)
	want := slices.Clone(all)
	sort.SliceStable(want, func(i, j int) bool { return worseFunction(want[i], want[j]) })
	want = slices.DeleteFunc(want, func(fn *htmlFunction) bool { return len(fn.Rules) == 0 })[:worstFunctions]
	if len(page.Worst) != worstFunctions {
		t.Fatalf("%d worst functions, want %d", len(page.Worst), worstFunctions)
	}
	for i, fn := range page.Worst {
		if fn.Key != want[i].Key {
			t.Errorf("worst %d: function %d %s, want %d %s", i, fn.Key, fn.Name, want[i].Key, want[i].Name)
		}
	}
	// The input must make ties matter: functions as bad as the tenth
	// beyond it, which only the key keeps out.
	sorted := slices.DeleteFunc(slices.Clone(all), func(fn *htmlFunction) bool { return len(fn.Rules) == 0 })
	sort.SliceStable(sorted, func(i, j int) bool { return worseFunction(sorted[i], sorted[j]) })
	tenth, next := sorted[worstFunctions-1], sorted[worstFunctions]
	if worseFunction(tenth, next) {
		t.Fatal("no function as bad as the tenth after it: the test does not check ties")
	}
}

// TestHTMLFunctionsFileRemoved: the functions' temporary file is removed
// once the page is written.
func TestHTMLFunctionsFileRemoved(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("TMPDIR", dir)
	fs, sum := manyEstates(t)
	withSpillAt(0, func() {
		var buf bytes.Buffer
		if err := HTML(&buf, fs, sum, Options{}); err != nil {
			t.Fatal(err)
		}
	})
	left, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(left) > 0 {
		t.Errorf("%d temporary files left, first %s", len(left), left[0].Name())
	}
}

// FuzzFunctionRecord: a function's record reads back as the function
// written, and a damaged record is an error, never a panic.
func FuzzFunctionRecord(f *testing.F) {
	f.Add("Fn", "deployed", "a.yaml", "a.yaml", "Fn", "LS101", uint8(3), []byte{1})
	f.Fuzz(func(t *testing.T, name, deployed, where, estate, id, rule string, class uint8, junk []byte) {
		fn := &htmlFunction{Name: name, Deployed: deployed, Where: where, estate: estate, id: id,
			Severities: [5]int32{1, 2, 3, 4, 5}, Unknown: 6,
			Rules: []htmlRuleCount{{ID: rule, Count: 2, Class: int32(class % (classPass + 1))}}}
		fn.exposure = verdictSum{n: 3, worst: int32(class % (classPass + 1)), passed: 1, unknown: true,
			items: []htmlItem{{RuleID: rule, class: int(class % (classPass + 1)), ord: 7}}}
		var s htmlFunctions
		defer s.close()
		if err := s.put(fn); err != nil {
			t.Fatal(err)
		}
		if err := s.sort(); err != nil {
			t.Fatal(err)
		}
		got, err := s.function(0)
		if err != nil {
			t.Fatal(err)
		}
		if got.Name != name || got.Deployed != deployed || got.Where != where || got.Severities != fn.Severities ||
			got.Unknown != 6 || !slices.Equal(got.Rules, fn.Rules) || got.exposure.n != 3 || !got.exposure.unknown ||
			len(got.exposure.items) != 1 || got.exposure.items[0].RuleID != rule || got.exposure.items[0].ord != 7 {
			t.Fatalf("read back %+v, want %+v", got, fn)
		}
		rec, err := s.record(0)
		if err != nil {
			t.Fatal(err)
		}
		for cut := range len(rec) {
			if _, err := decodeFunction(rec[:cut]); err == nil {
				t.Fatalf("record cut at %d of %d bytes read without error", cut, len(rec))
			}
		}
		decodeFunction(append(slices.Clone(rec[:len(rec)/2]), junk...)) // no panic
	})
}
