package report

import (
	"bytes"
	"reflect"
	"strings"
	"testing"

	"github.com/lambdasec/lambdasec/internal/inventory"
	"github.com/lambdasec/lambdasec/internal/rules"
)

func TestDisplay(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"orders-api", "orders-api"},
		{"safe\u202egnp.exe", `safe\u202egnp.exe`},
		{"a\u2066b\u2069c\u200fd\u061ce", `a\u2066b\u2069c\u200fd\u061ce`},
		{"zero\u200bwidth\ufeff", `zero\u200bwidth\ufeff`},
		{"red\x1b[31mtext\nnext", `red\u001b[31mtext\u000anext`},
		{"bad\xffbyte", `bad\x{ff}byte`},
		{"ok \ufffd and ünïcödé, 日本, админ", "ok \ufffd and ünïcödé, 日本, админ"},
		{"", ""},
	} {
		if got := Display(tc.in); got != tc.want {
			t.Errorf("Display(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	if n := testing.AllocsPerRun(100, func() { Display("an-ordinary-function-name") }); n != 0 {
		t.Errorf("Display of a plain string allocates %v times, want 0", n)
	}
}

// TestWritersEscapeSpoofing writes a finding whose names carry a
// right-to-left override in every format: the formats people read show
// it escaped, and none shows it raw; JSON keeps the value as read.
func TestWritersEscapeSpoofing(t *testing.T) {
	const spoof = "safe\u202egnp.exe"
	r := rules.All()[0]
	fs := []rules.Finding{{
		Rule:     r,
		Estate:   "infra/" + spoof + ".yaml",
		Severity: rules.High,
		Result: rules.Result{Status: rules.Fail, Resource: spoof, Kind: "function", Label: spoof, Functions: []string{spoof},
			Message:  "anyone can invoke " + spoof,
			Source:   inventory.Source{File: "infra/" + spoof + ".yaml", Line: 3, Column: 3},
			Evidence: []rules.Evidence{{Label: "statement " + spoof, Value: "Principal: *"}}},
		Fingerprint: "0123456789abcdef",
	}}
	sum := Summary{Files: 1, Estates: 1, Warnings: Warnings{{Message: "tag " + spoof, Severity: inventory.SeverityWarning}}, Skipped: SkippedInputs{{Source: inventory.Source{File: spoof + ".yaml"}, Message: "bad " + spoof}}}
	opt := Options{Version: "test", Rules: rules.All(), ShowPass: true, ASFF: ASFFOptions{AccountID: "111122223333", Region: "eu-west-1"}}
	for _, format := range Formats {
		var buf bytes.Buffer
		if err := Write(&buf, format, fs, sum, opt); err != nil {
			t.Fatalf("%s: %v", format, err)
		}
		out := buf.String()
		switch format {
		case "json":
			// Data for programs: the value as read (JSON encodes
			// U+202E as itself; programs showing it must escape it).
			if !strings.Contains(out, spoof) {
				t.Errorf("%s: the name is not kept as read", format)
			}
		case "asff":
			// The description Security Hub shows is escaped; resource
			// identifiers stay as read.
			if !strings.Contains(out, `"Description": "anyone can invoke safe\\u202egnp.exe"`) {
				t.Errorf("asff: the description does not show the name escaped:\n%.1500s", out)
			}
		default:
			if strings.ContainsRune(out, '\u202e') {
				t.Errorf("%s: a raw U+202E reaches the report", format)
			}
			want := `safe\u202egnp.exe`
			if format == "sarif" {
				want = `safe\\u202egnp.exe` // the escape, JSON-encoded
			}
			if !strings.Contains(out, want) {
				t.Errorf("%s: the name is not shown escaped:\n%.600s", format, out)
			}
		}
	}
}

// TestNeedsDisplayMatchesDisplayFinding sets each string a finding holds
// (reached through its structs, slices and pointers, its rule left out),
// one at a time, to a bidi override: whenever displayFinding changes the
// finding, needsDisplay must say so, or the writers' view (filtered.view)
// would show the string unescaped. A finding with nothing to escape is
// left as it is.
func TestNeedsDisplayMatchesDisplayFinding(t *testing.T) {
	// fill sets every string under v to "plain" and gives every slice one
	// element and every pointer a value, calling visit with each string.
	var fill func(v reflect.Value, visit func(reflect.Value))
	fill = func(v reflect.Value, visit func(reflect.Value)) {
		switch v.Kind() {
		case reflect.String:
			v.SetString("plain")
			visit(v)
		case reflect.Struct:
			for i := range v.NumField() {
				if v.Type().Field(i).IsExported() && v.Type().Field(i).Name != "Rule" {
					fill(v.Field(i), visit)
				}
			}
		case reflect.Slice:
			v.Set(reflect.MakeSlice(v.Type(), 1, 1))
			fill(v.Index(0), visit)
		case reflect.Pointer:
			if v.Type().Elem().Kind() == reflect.Struct {
				v.Set(reflect.New(v.Type().Elem()))
				fill(v.Elem(), visit)
			}
		}
	}
	var f rules.Finding
	var strs []reflect.Value
	fill(reflect.ValueOf(&f).Elem(), func(s reflect.Value) { strs = append(strs, s) })
	if len(strs) < 20 {
		t.Fatalf("only %d strings reached", len(strs))
	}
	if needsDisplay(&f) || !reflect.DeepEqual(displayFinding(f), f) {
		t.Fatal("a finding of plain strings needs display, or is changed by it")
	}
	f.Status = rules.Fail // shown whatever the view's options
	view := filtered{display: true}.view
	if out := view([]rules.Finding{f}); len(out) != 1 || !reflect.DeepEqual(out[0], f) {
		t.Error("the view changed a finding with nothing to escape")
	}
	changed := 0
	for _, s := range strs {
		s.SetString("safe\u202egnp.exe")
		if !reflect.DeepEqual(displayFinding(f), f) {
			changed++
			if !needsDisplay(&f) {
				t.Errorf("displayFinding escapes a string (now %q) that needsDisplay does not look at", s.String())
			}
			if out := view([]rules.Finding{f}); len(out) != 1 || reflect.DeepEqual(out[0], f) {
				t.Errorf("the view left %q unescaped", s.String())
			}
		}
		s.SetString("plain")
	}
	if changed < 15 {
		t.Errorf("displayFinding escaped only %d of %d strings", changed, len(strs))
	}
}

// TestEscapeIndexIsIndexFunc: the ASCII fast path finds what
// strings.IndexFunc(s, needsEscape) finds.
func TestEscapeIndexIsIndexFunc(t *testing.T) {
	for _, s := range []string{"", "plain ASCII ~ text", "tab\there", "del\x7f", "é then \u202e", "\u200b", "ok\n", "abc\xff", "\uFFFD", "x\u2028y", "Ünïcödé only"} {
		if got, want := escapeIndex(s), strings.IndexFunc(s, needsEscape); got != want {
			t.Errorf("escapeIndex(%q) = %d, want %d", s, got, want)
		}
	}
}
