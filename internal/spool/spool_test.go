package spool

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/lambdasec/lambdasec/internal/rules"
)

// fill sets every field reachable from v to a value that is not its zero
// value, each string a different one, so that a field the codec forgets
// fails the round trip. Fields json:"-" and Result.Skips are left out:
// the spool does not keep them (see codec.go).
func fill(t *testing.T, v reflect.Value, n *int) {
	t.Helper()
	*n++
	switch v.Kind() {
	case reflect.String:
		v.SetString(fmt.Sprintf("s%d", *n))
	case reflect.Int, reflect.Int64, reflect.Int32:
		v.SetInt(int64(*n))
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Pointer:
		v.Set(reflect.New(v.Type().Elem()))
		fill(t, v.Elem(), n)
	case reflect.Slice:
		v.Set(reflect.MakeSlice(v.Type(), 2, 2))
		for i := range 2 {
			fill(t, v.Index(i), n)
		}
	case reflect.Struct:
		for i := range v.NumField() {
			sf := v.Type().Field(i)
			if sf.Tag.Get("json") == "-" || !sf.IsExported() {
				continue
			}
			fill(t, v.Field(i), n)
		}
	default:
		t.Fatalf("fill: field of kind %s: teach fill (and the codec) about it", v.Kind())
	}
}

func testRules() []*rules.Rule {
	return []*rules.Rule{{ID: "LS101", Name: "a"}, {ID: "LS102", Name: "b"}}
}

// full returns a finding with every kept field set.
func full(t *testing.T, rs []*rules.Rule, estate string, seed int) rules.Finding {
	var f rules.Finding
	n := seed * 1000
	fill(t, reflect.ValueOf(&f.Result).Elem(), &n)
	f.Severity = rules.Severity(seed % 5)
	f.Fingerprint = fmt.Sprintf("fp%d", seed)
	f.Suppressed = &rules.Suppression{Kind: "config", Reason: "r", Source: f.Source}
	f.Rule, f.Estate = rs[seed%len(rs)], estate
	f.Status = rules.Fail
	return f
}

func all(t *testing.T, s *Spool) [][]rules.Finding {
	t.Helper()
	var out [][]rules.Finding
	if err := s.Each(func(fs []rules.Finding) error {
		out = append(out, slices.Clone(fs))
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestRoundTripKeepsEveryField(t *testing.T) {
	rs := testRules()
	s, err := New(t.TempDir(), rs)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	want := []rules.Finding{full(t, rs, "e.yaml", 1), full(t, rs, "e.yaml", 2)}
	want[1].Suppressed, want[1].Result.Severity, want[1].Path = nil, nil, nil // absent ones too
	rules.SortFindings(want)
	if err := s.Add("e.yaml", 0, want); err != nil {
		t.Fatal(err)
	}
	got := all(t, s)
	if len(got) != 1 || !reflect.DeepEqual(got[0], want) {
		t.Fatalf("round trip:\n got %+v\nwant %+v", got, want)
	}
	if want[0].Path == nil || len(want[0].Path.Hops) != 2 || want[0].Path.Hops[1].Source.ARN == "" {
		t.Fatal("fill left the path empty: the test would not see a path the codec drops")
	}
}

func TestEachOrdersEstatesByNameThenKey(t *testing.T) {
	rs := testRules()
	s, err := New("", rs)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	f := func(estate, resource, msg string) rules.Finding {
		return rules.Finding{Rule: rs[0], Estate: estate, Result: rules.Result{Status: rules.Pass, Resource: resource, Message: msg}}
	}
	// Added out of order, from two goroutines' worth of estates; "b" twice
	// (two files that read as one estate name), one estate with nothing.
	adds := []struct {
		estate string
		key    uint64
		fs     []rules.Finding
	}{
		{"c", 3, []rules.Finding{f("c", "Z", "1"), f("c", "A", "2")}},
		{"b", 2, []rules.Finding{f("b", "Y", "late")}},
		{"a", 1, nil},
		{"b", 1, []rules.Finding{f("b", "Y", "early"), f("b", "X", "x")}},
	}
	for _, a := range adds {
		if err := s.Add(a.estate, a.key, a.fs); err != nil {
			t.Fatal(err)
		}
	}
	var got []string
	for range 2 { // read twice: the same both times
		for _, es := range all(t, s) {
			var line []string
			for _, f := range es {
				line = append(line, f.Estate+"/"+f.Resource+"/"+f.Message)
			}
			got = append(got, strings.Join(line, " "))
		}
	}
	want := []string{"b/X/x b/Y/early b/Y/late", "c/A/2 c/Z/1"}
	want = append(want, want...)
	if !slices.Equal(got, want) {
		t.Errorf("Each gave\n%q\nwant\n%q", got, want)
	}
	if s.Len() != 5 || s.Estates() != 3 {
		t.Errorf("Len %d, Estates %d; want 5, 3", s.Len(), s.Estates())
	}
}

func TestAddRefusesForeignRuleAndEstate(t *testing.T) {
	rs := testRules()
	s, err := New("", rs)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	other := &rules.Rule{ID: "LS999"}
	if err := s.Add("e", 0, []rules.Finding{{Rule: other, Estate: "e"}}); err == nil || !strings.Contains(err.Error(), "LS999") {
		t.Errorf("a finding of a rule not given to New: err %v", err)
	}
	if err := s.Add("e", 0, []rules.Finding{{Rule: rs[0], Estate: "f"}}); err == nil {
		t.Error("a finding of another estate was accepted")
	}
}

func TestClosedSpoolSaysSo(t *testing.T) {
	s, err := New("", testRules())
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	if err := s.Each(func([]rules.Finding) error { return nil }); err == nil {
		t.Error("Each after Close: no error")
	}
}

// FuzzDecode: a chunk of any bytes decodes or fails, never panics, and a
// chunk that decodes encodes back to the same bytes.
func FuzzDecode(f *testing.F) {
	rs := testRules()
	s := &Spool{rules: rs, ruleOf: map[*rules.Rule]uint32{rs[0]: 0, rs[1]: 1}}
	var seed []rules.Finding
	n := 0
	var fr rules.Finding
	fill(&testing.T{}, reflect.ValueOf(&fr.Result).Elem(), &n)
	fr.Rule, fr.Estate = rs[1], "e"
	seed = append(seed, fr, rules.Finding{Rule: rs[0], Estate: "e"})
	b, err := s.encodeChunk(nil, "e", seed)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(b)
	f.Add([]byte{})
	f.Add([]byte{1, 'e', 0xff, 0xff, 0xff, 0xff, 0x0f})
	f.Fuzz(func(t *testing.T, data []byte) {
		fs, err := s.decodeChunk(data, nil)
		if err != nil || len(fs) == 0 {
			return
		}
		for i := range fs {
			fs[i].Skips = nil
		}
		again, err := s.encodeChunk(nil, fs[0].Estate, fs)
		if err != nil {
			t.Fatalf("re-encoding a decoded chunk: %v", err)
		}
		back, err := s.decodeChunk(again, nil)
		if err != nil || !reflect.DeepEqual(back, fs) {
			t.Fatalf("decode(encode(decode(b))) differs: %v", err)
		}
	})
}

// TestEachParallelKeepsReportOrder: whatever the number of goroutines,
// done sees the estates in Each's order; an error of done stops the read
// and is returned.
func TestEachParallelKeepsReportOrder(t *testing.T) {
	rs := testRules()
	s, err := New("", rs)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for i := range 300 {
		name := fmt.Sprintf("e%03d", (i*7919)%300) // added out of order
		if err := s.Add(name, uint64(i), []rules.Finding{{Rule: rs[i%2], Estate: name, Result: rules.Result{Resource: "R", Message: name}}}); err != nil {
			t.Fatal(err)
		}
	}
	var want []string
	for _, es := range all(t, s) {
		want = append(want, es[0].Estate)
	}
	for _, n := range []int{1, 2, 8} {
		var got []string
		err := s.EachParallel(n, func(fs []rules.Finding) (any, error) { return fs[0].Message, nil }, func(v any) error {
			got = append(got, v.(string))
			return nil
		})
		if err != nil || !slices.Equal(got, want) {
			t.Errorf("%d goroutines: err %v, %d estates, first %q; want %d in Each's order", n, err, len(got), got[:min(3, len(got))], len(want))
		}
		stop := fmt.Errorf("stop")
		seen := 0
		err = s.EachParallel(n, func(fs []rules.Finding) (any, error) { return nil, nil }, func(any) error {
			seen++
			if seen == 10 {
				return stop
			}
			return nil
		})
		if err != stop || seen != 10 {
			t.Errorf("%d goroutines: done's error: got %v after %d estates, want it after 10", n, err, seen)
		}
	}
}
