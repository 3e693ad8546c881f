package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"testing"
)

// TestHTMLStrings: the table numbers strings in the order first given,
// gives a string its number again however often it comes (across many
// growths of its slots), tells apart strings that differ in one byte or
// in length, and writes them as a JSON array in that order.
func TestHTMLStrings(t *testing.T) {
	tab, err := newHTMLStrings()
	if err != nil {
		t.Fatal(err)
	}
	defer tab.close()
	var want []string
	str := func(i int) string { return fmt.Sprintf("c%d/template.yaml:%d:5", i%7, i) }
	for round := range 3 {
		for i := range 20000 {
			s := str(i)
			if i%3 == 0 {
				s = s[:len(s)-1] // a prefix of another
			}
			got, err := tab.inString(s)
			if err != nil {
				t.Fatal(err)
			}
			if round == 0 {
				want = append(want, s)
			}
			if got != i {
				t.Fatalf("round %d: %q is string %d, want %d", round, s, got, i)
			}
		}
	}
	if n, _ := tab.inString(""); n != len(want) {
		t.Errorf("the empty string is %d, want %d (new)", n, len(want))
	}
	want = append(want, "")
	var buf bytes.Buffer
	if err := tab.writeTo(func(b []byte) error { buf.Write(b); return nil }); err != nil {
		t.Fatal(err)
	}
	var got []string
	if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) {
		t.Fatalf("%d strings written, want %d", len(got), len(want))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("string %d written %q, want %q", i, got[i], want[i])
		}
	}
}
