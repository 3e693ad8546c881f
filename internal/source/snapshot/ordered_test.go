package snapshot_test

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/lambdasec/lambdasec/internal/inventory"
	"github.com/lambdasec/lambdasec/internal/source/snapshot"
)

// accounts returns n account estates, each a little different and big
// enough that a wrong copy from the spill file would show.
func accounts(n int) []*inventory.Estate {
	var out []*inventory.Estate
	for i := range n {
		id := fmt.Sprintf("2000%08d", i)
		e := &inventory.Estate{Kind: inventory.KindAccount, Name: id, Account: id, Regions: []string{"eu-west-1", "us-east-1"}}
		for j := range i%4 + 1 {
			e.Functions = append(e.Functions, &inventory.Function{Resource: inventory.Resource{ID: fmt.Sprintf("fn-%d-%d", i, j)}, Runtime: "python3.12",
				Environment: []inventory.EnvVar{{Name: "PAD", Value: strings.Repeat("x", 1000*j)}}})
		}
		out = append(out, e)
	}
	return out
}

// TestOrderedSameBytesAsWrite: whatever order the estates arrive in, the
// Ordered writer writes the bytes Write writes for them in position order,
// and leaves no spill file behind.
func TestOrderedSameBytesAsWrite(t *testing.T) {
	estates := accounts(12)
	at := time.Date(2026, 12, 7, 5, 0, 0, 0, time.UTC)
	var want bytes.Buffer
	if err := snapshot.Write(&want, &inventory.Snapshot{Tool: "lambdasec test", CreatedAt: at, Estates: estates}); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name  string
		order []int
	}{
		{"in order", []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}},
		{"reversed", []int{11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0}},
		{"interleaved", []int{1, 0, 3, 5, 2, 4, 9, 8, 6, 11, 7, 10}},
		{"first last", []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 0}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			var got bytes.Buffer
			sw, err := snapshot.NewWriter(&got, "lambdasec test", at)
			if err != nil {
				t.Fatal(err)
			}
			o := snapshot.NewOrdered(sw, dir)
			for _, i := range tc.order {
				if err := o.Estate(i, estates[i]); err != nil {
					t.Fatal(err)
				}
			}
			if err := o.Close(); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got.Bytes(), want.Bytes()) {
				t.Fatalf("Ordered and Write differ:\n%.3000s\n---\n%.3000s", got.Bytes(), want.Bytes())
			}
			if left, _ := os.ReadDir(dir); len(left) != 0 {
				t.Errorf("spill files left behind: %v", left)
			}
			if err := o.Estate(12, estates[0]); err == nil {
				t.Error("an estate after Close was accepted")
			}
		})
	}
}

// TestOrderedCutShort: positions never given (a collection cut short) are
// skipped at Close, the later ones written in order; a position given
// twice is an error.
func TestOrderedCutShort(t *testing.T) {
	estates := accounts(5)
	at := time.Date(2026, 12, 7, 5, 0, 0, 0, time.UTC)
	var want bytes.Buffer
	if err := snapshot.Write(&want, &inventory.Snapshot{Tool: "t", CreatedAt: at, Estates: []*inventory.Estate{estates[0], estates[2], estates[4]}}); err != nil {
		t.Fatal(err)
	}
	var got bytes.Buffer
	sw, _ := snapshot.NewWriter(&got, "t", at)
	o := snapshot.NewOrdered(sw, t.TempDir())
	for _, i := range []int{4, 2, 0} {
		if err := o.Estate(i, estates[i]); err != nil {
			t.Fatal(err)
		}
	}
	if err := o.Close(); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got.Bytes(), want.Bytes()) {
		t.Fatalf("got\n%.2000s\nwant\n%.2000s", got.Bytes(), want.Bytes())
	}

	sw, _ = snapshot.NewWriter(&bytes.Buffer{}, "t", at)
	o = snapshot.NewOrdered(sw, t.TempDir())
	defer o.Close()
	if err := o.Estate(1, estates[1]); err != nil {
		t.Fatal(err)
	}
	if err := o.Estate(1, estates[1]); err == nil || !strings.Contains(err.Error(), "given twice") {
		t.Errorf("position 1 twice: %v", err)
	}
}

// failAfter accepts n bytes, then fails.
type failAfter struct{ n int }

var errFull = errors.New("no space left on device")

func (f *failAfter) Write(p []byte) (int, error) {
	if len(p) > f.n {
		return 0, errFull
	}
	f.n -= len(p)
	return len(p), nil
}

// TestOrderedDestinationError: a failing destination is reported by the
// call that meets it, by every later call and by Close, which still
// removes the spill file.
func TestOrderedDestinationError(t *testing.T) {
	estates := accounts(40)
	dir := t.TempDir()
	sw, err := snapshot.NewWriter(&failAfter{n: 1000}, "t", time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	o := snapshot.NewOrdered(sw, dir)
	var first error
	for i := len(estates) - 1; i >= 0 && first == nil; i-- {
		first = o.Estate(i, estates[i])
	}
	if !errors.Is(first, errFull) {
		t.Fatalf("first error %v, want the destination's", first)
	}
	if err := o.Estate(100, estates[0]); !errors.Is(err, errFull) {
		t.Errorf("a call after the error: %v", err)
	}
	if err := o.Close(); !errors.Is(err, errFull) {
		t.Errorf("Close: %v", err)
	}
	if left, _ := os.ReadDir(dir); len(left) != 0 {
		t.Errorf("spill files left behind: %v", left)
	}
}
