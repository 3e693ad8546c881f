package report

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"hash/maphash"
	"io"
	"math"
	"os"
	"slices"
)

// htmlRow is one row of the page's findings table as the first pass
// makes it, before the page knows the order of its rules and functions:
// its rule and functions are numbered in the order the pass met them.
// Strings are kept as they are written (the table of strings is made as
// the rows are written, in the page's order).
type htmlRow struct {
	rule                  int   // index in htmlBuilder.ruleList
	functions             []int // indexes in htmlBuilder.functions
	where, file, resource string
	label, kind, location string
	message               string // its one function's name written U+0001
	evidence              []htmlEvidence
	suppressed            *htmlSuppression
}

// htmlRows keeps the rows of the findings table on disk as the first
// pass makes them, one temporary file per row class, so that they can be
// written worst first (class by class, in the order read within a class)
// without holding them: memory holds a count per class.
type htmlRows struct {
	files [classPass + 1]*os.File
	bufs  [classPass + 1]*bufio.Writer
	count [classPass + 1]int
	rec   []byte
}

// add writes row r of class c; the rows of a class are read back in the
// order added.
func (h *htmlRows) add(c int, r *htmlRow) error {
	if h.files[c] == nil {
		f, err := os.CreateTemp("", "lambdasec-html-*")
		if err != nil {
			return err
		}
		h.files[c], h.bufs[c] = f, bufio.NewWriterSize(f, 32<<10)
	}
	b := binary.AppendUvarint(h.rec[:0], uint64(r.rule))
	b = binary.AppendUvarint(b, uint64(len(r.functions)))
	for _, k := range r.functions {
		b = binary.AppendUvarint(b, uint64(k))
	}
	for _, s := range [...]string{r.where, r.file, r.resource, r.label, r.kind, r.location, r.message} {
		b = appendRowString(b, s)
	}
	b = binary.AppendUvarint(b, uint64(len(r.evidence)))
	for _, e := range r.evidence {
		b = appendRowString(appendRowString(appendRowString(b, e.Label), e.Value), e.Location)
	}
	if s := r.suppressed; s != nil {
		b = appendRowString(appendRowString(appendRowString(append(b, 1), s.Kind), s.Reason), s.Location)
	} else {
		b = append(b, 0)
	}
	h.rec = b
	h.count[c]++
	_, err := h.bufs[c].Write(b)
	return err
}

func appendRowString(b []byte, s string) []byte {
	return append(binary.AppendUvarint(b, uint64(len(s))), s...)
}

// each calls fn with each row of class c in the order added. The row and
// its strings are fn's only until it returns (they are reused): fn gets
// the strings as bytes.
func (h *htmlRows) each(c int, fn func(r *htmlRawRow) error) error {
	if h.files[c] == nil {
		return nil
	}
	if err := h.bufs[c].Flush(); err != nil {
		return err
	}
	if _, err := h.files[c].Seek(0, io.SeekStart); err != nil {
		return err
	}
	rd := bufio.NewReaderSize(h.files[c], 32<<10)
	var r htmlRawRow
	for range h.count[c] {
		if err := r.read(rd); err != nil {
			return fmt.Errorf("rows of class %s: %w", className(c), err)
		}
		if err := fn(&r); err != nil {
			return err
		}
	}
	return nil
}

// close removes the files.
func (h *htmlRows) close() {
	for _, f := range h.files {
		if f != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}
}

// htmlRawRow is an htmlRow read back: its strings as bytes, in fields
// (where, file, resource, label, kind, location, message), then three per
// piece of evidence (label, value, location), then the suppression's
// three (kind, reason, location) when suppressed is set.
type htmlRawRow struct {
	rule       int
	functions  []int
	fields     [][]byte
	evidence   int
	suppressed bool
	buf        []byte
}

func (r *htmlRawRow) read(rd *bufio.Reader) error {
	num := func() (int, error) {
		n, err := binary.ReadUvarint(rd)
		if err == nil && n > 1<<31 {
			err = errors.New("bad record")
		}
		return int(n), err
	}
	var err error
	if r.rule, err = num(); err != nil {
		return err
	}
	n, err := num()
	if err != nil {
		return err
	}
	r.functions = r.functions[:0]
	for range n {
		k, err := num()
		if err != nil {
			return err
		}
		r.functions = append(r.functions, k)
	}
	// The strings are read into one buffer; fields are its slices, cut
	// once it has stopped growing.
	var ends []int
	r.buf = r.buf[:0]
	str := func() error {
		n, err := num()
		if err != nil {
			return err
		}
		r.buf = slices.Grow(r.buf, n)
		if _, err := io.ReadFull(rd, r.buf[len(r.buf):len(r.buf)+n]); err != nil {
			return err
		}
		r.buf = r.buf[:len(r.buf)+n]
		ends = append(ends, len(r.buf))
		return nil
	}
	for range 7 {
		if err := str(); err != nil {
			return err
		}
	}
	if r.evidence, err = num(); err != nil {
		return err
	}
	for range 3 * r.evidence {
		if err := str(); err != nil {
			return err
		}
	}
	sup, err := rd.ReadByte()
	if err != nil {
		return err
	}
	r.suppressed = sup == 1
	if r.suppressed {
		for range 3 {
			if err := str(); err != nil {
				return err
			}
		}
	}
	r.fields = r.fields[:0]
	start := 0
	for _, e := range ends {
		r.fields = append(r.fields, r.buf[start:e:e])
		start = e
	}
	return nil
}

// htmlStrings is the page data's table of strings ("s"): each string
// once, numbered in the order first written. The table is written to a
// temporary file as it grows (JSON strings, comma-separated) and known
// in memory by a 96-bit hash of each string (two maphash sums under
// random seeds, so an estate cannot choose strings that collide, and two
// strings of a page of ten million share one with odds of about 1 in
// 10^15), found through an open-addressing table of string numbers:
// some 21 bytes a string, whatever its length, where a Go map of 128-bit
// keys took some 47 (measured at 149,000 strings, the 16 copies of the
// shared corpus).
type htmlStrings struct {
	seeds [2]maphash.Seed
	// hash and check are the two sums of string i; slots hold i+1 at
	// the first free slot from hash&(len(slots)-1) on, 0 when free.
	hash  []uint64
	check []uint32
	slots []uint32
	file  *os.File
	buf   *bufio.Writer
}

func newHTMLStrings() (*htmlStrings, error) {
	f, err := os.CreateTemp("", "lambdasec-html-strings-*")
	if err != nil {
		return nil, err
	}
	return &htmlStrings{seeds: [2]maphash.Seed{maphash.MakeSeed(), maphash.MakeSeed()}, slots: make([]uint32, 1024),
		file: f, buf: bufio.NewWriterSize(f, 32<<10)}, nil
}

// in returns the number of s, adding it to the table when new.
func (t *htmlStrings) in(s []byte) (int, error) {
	h, c := maphash.Bytes(t.seeds[0], s), uint32(maphash.Bytes(t.seeds[1], s))
	mask := uint64(len(t.slots) - 1)
	k := h & mask
	for ; t.slots[k] != 0; k = (k + 1) & mask {
		if i := t.slots[k] - 1; t.hash[i] == h && t.check[i] == c {
			return int(i), nil
		}
	}
	i := len(t.hash)
	if i == math.MaxUint32-1 {
		return 0, errors.New("more than 4 billion strings")
	}
	js, err := json.Marshal(string(s))
	if err != nil {
		return 0, err
	}
	if i > 0 {
		t.buf.WriteByte(',')
	}
	if _, err := t.buf.Write(js); err != nil {
		return 0, err
	}
	t.hash, t.check = append(t.hash, h), append(t.check, c)
	t.slots[k] = uint32(i + 1)
	if 4*len(t.hash) > 3*len(t.slots) {
		t.grow()
	}
	return i, nil
}

// grow doubles the slots, keeping them at most three-quarters full.
func (t *htmlStrings) grow() {
	t.slots = make([]uint32, 2*len(t.slots))
	mask := uint64(len(t.slots) - 1)
	for i, h := range t.hash {
		k := h & mask
		for t.slots[k] != 0 {
			k = (k + 1) & mask
		}
		t.slots[k] = uint32(i + 1)
	}
}

// inString is in for a string.
func (t *htmlStrings) inString(s string) (int, error) {
	return t.in([]byte(s))
}

// writeTo writes the table as a JSON array.
func (t *htmlStrings) writeTo(out func([]byte) error) error {
	if err := t.buf.Flush(); err != nil {
		return err
	}
	if _, err := t.file.Seek(0, io.SeekStart); err != nil {
		return err
	}
	if err := out([]byte("[")); err != nil {
		return err
	}
	rd := bufio.NewReaderSize(t.file, 32<<10)
	buf := make([]byte, 32<<10)
	for {
		n, err := rd.Read(buf)
		if n > 0 {
			if err := out(buf[:n]); err != nil {
				return err
			}
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
	}
	return out([]byte("]"))
}

func (t *htmlStrings) close() {
	t.file.Close()
	os.Remove(t.file.Name())
}

// writeData writes the JSON the page's script renders the tables from,
// to out as it is made: the functions, then the rows worst first (each
// class's rows from its file), the rules and the table of strings the
// rows refer to. It is byte for byte json.Marshal of the map pageData
// describes; out is given no byte of markup ('<', '>', '&' are escaped
// by encoding/json: checked, not assumed).
//
//	rules: [id, name, title, severity]
//	fns:   [name, deployed, where, exposure, power, [critical..info counts], unknown, [[rule, count, class]...]]
//	       a verdict is [class, label, known, [[ruleIDs, class, row]...], passed]; the row's message is the item's
//	rows:  [class, rule, [fn...], where, file, resource, label, kind, location, message, [[label, value, location]...], suppression]
//	       the message with its one function's name written U+0001
//	       a suppression is [kind, reason, location] or 0
//
// Arrays rather than objects keep it compact at thousands of functions;
// strings that repeat (resources, kinds, locations, evidence labels) are
// written once in s and referred to by index.
func (p *htmlPage) writeData(w func([]byte) error) error {
	out := func(b []byte) error {
		if bytes.ContainsAny(b, "<>&") {
			return errors.New("page data holds markup characters")
		}
		return w(b)
	}
	value := func(prefix string, v any) error {
		b, err := json.Marshal(v)
		if err != nil {
			return err
		}
		if err := out([]byte(prefix)); err != nil {
			return err
		}
		return out(b)
	}
	strs, err := newHTMLStrings()
	if err != nil {
		return err
	}
	defer strs.close()
	if _, err := strs.inString(""); err != nil {
		return err
	}
	if err := value(`{"files":`, p.Templates); err != nil {
		return err
	}
	verdictRow := func(v htmlVerdict) []any {
		items := make([][]any, len(v.Items))
		for i, it := range v.Items {
			items[i] = []any{it.RuleID, it.Class, p.row(it)}
		}
		return []any{v.Class, v.Label, v.Known, items, v.Passed}
	}
	sep := func(i int) string {
		if i > 0 {
			return ","
		}
		return ""
	}
	if err := out([]byte(`,"fns":[`)); err != nil {
		return err
	}
	i := 0
	err = p.functions.each(func(fn *htmlFunction) error {
		rc := make([][]int, len(fn.Rules))
		for j, r := range fn.Rules {
			rc[j] = []int{p.ruleIndex[r.ID], int(r.Count), int(r.Class)}
		}
		where, err := strs.inString(fn.Where)
		if err != nil {
			return err
		}
		err = value(sep(i), []any{fn.Name, fn.Deployed, where, verdictRow(fn.Exposure()), verdictRow(fn.Power()), fn.Severities, fn.Unknown, rc})
		i++
		return err
	})
	if err != nil {
		return err
	}
	if err := value(`],"live":`, p.Live); err != nil {
		return err
	}
	if err := out([]byte(`,"rows":[`)); err != nil {
		return err
	}
	written := 0
	for c := range p.rows.files {
		err := p.rows.each(c, func(r *htmlRawRow) error {
			fnKeys := make([]int, len(r.functions))
			for j, k := range r.functions {
				fnKeys[j] = int(p.functions.keys[k])
			}
			slices.Sort(fnKeys)
			// The evidence's strings are numbered before the row's own,
			// as the page has always numbered them.
			ev := make([][]any, r.evidence)
			for j := range ev {
				e := r.fields[7+3*j:]
				label, err := strs.in(e[0])
				if err != nil {
					return err
				}
				loc, err := strs.in(e[2])
				if err != nil {
					return err
				}
				ev[j] = []any{label, string(e[1]), loc}
			}
			row := make([]any, 0, 12)
			row = append(row, c, p.ruleMet[r.rule], fnKeys)
			for _, s := range r.fields[:7] {
				i, err := strs.in(s)
				if err != nil {
					return err
				}
				row = append(row, i)
			}
			var sup any = 0
			if r.suppressed {
				s := r.fields[7+3*r.evidence:]
				sup = []any{string(s[0]), string(s[1]), string(s[2])}
			}
			row = append(row, ev, sup)
			err := value(sep(written), row)
			written++
			return err
		})
		if err != nil {
			return err
		}
	}
	ruleRows := make([][]any, len(p.RuleList))
	for i, r := range p.RuleList {
		ruleRows[i] = []any{r.ID, r.Name, r.Title, r.Severity.String()}
	}
	if err := value(`],"rules":`, ruleRows); err != nil {
		return err
	}
	if err := out([]byte(`,"s":`)); err != nil {
		return err
	}
	if err := strs.writeTo(out); err != nil {
		return err
	}
	if err := value(`,"sev":`, []string{"critical", "high", "medium", "low", "info", "unknown", "pass"}); err != nil {
		return err
	}
	return out([]byte("}"))
}
