package report

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"sort"
)

// fnSpillAt is how many bytes of functions' records htmlFunctions keeps in
// memory before it moves them to its temporary file: 1 MiB, some 2,300
// functions of the shared corpus (455 bytes a record there; a report of
// fewer never makes the file). Tests set it to 0 (every record on disk)
// and back.
var fnSpillAt = 1 << 20

// htmlFunctions keeps the functions of the HTML page once their estate is
// read (a function is one estate's: htmlBuilder makes its functions anew
// for each estate), so that what memory holds per function is what the
// page's order needs, some 40 bytes: the first 16 bytes of its sort key
// and where its record is. The record (its name, deployed name, place,
// counts, rules and verdicts) goes to a buffer, moved to a temporary file
// (os.TempDir) each time it reaches fnSpillAt bytes, and is read back
// when the page is written: the verdict's worst functions, then the
// functions' data in key order.
//
// Functions are numbered in the order they are put (their met number);
// sort gives each its Key, its place in the page's order: by name, then
// place (account and region, or file), then estate and ID.
type htmlFunctions struct {
	file    *os.File // nil until the first records are moved to it
	flushed int64    // bytes in file; mem holds the records after them
	mem     []byte
	refs    []fnRef // by met number
	order   []int32 // met numbers in key order (sort)
	keys    []int32 // Key by met number (sort)
	rec     []byte  // a record being made, or read from file
	key     []byte  // a key being made
}

// fnRef is where a function's record is, and the first bytes of its sort
// key (big-endian, zero-padded).
type fnRef struct {
	prefix [2]uint64
	off    int64
	n      uint32
}

// len returns the number of functions put.
func (s *htmlFunctions) len() int { return len(s.refs) }

// sortKey appends the key functions are ordered by: name, then place,
// then estate+"\x00"+ID, each with its zero bytes written 0x00 0xff and
// ended by 0x00 0x01, so that the keys compare as bytes as the three
// strings compare in turn.
func sortKey(b []byte, fn *htmlFunction) []byte {
	part := func(b []byte, s string) []byte {
		for i := 0; i < len(s); i++ {
			if s[i] == 0 {
				b = append(b, 0, 0xff)
			} else {
				b = append(b, s[i])
			}
		}
		return b
	}
	b = append(part(b, fn.Name), 0, 1)
	b = append(part(b, fn.Where), 0, 1)
	b = part(append(part(b, fn.estate), 0, 0xff), fn.id)
	return append(b, 0, 1)
}

// put records fn, the next function (its met number is len before put);
// its rules must be final (its estate read).
func (s *htmlFunctions) put(fn *htmlFunction) error {
	s.key = sortKey(s.key[:0], fn)
	var prefix [16]byte
	copy(prefix[:], s.key)
	// The key first, so that a run of equal prefixes is ordered by
	// reading the keys only.
	b := binary.AppendUvarint(s.rec[:0], uint64(len(s.key)))
	b = append(b, s.key...)
	for _, str := range [...]string{fn.Name, fn.Deployed, fn.Where} {
		b = appendRowString(b, str)
	}
	for _, n := range fn.Severities {
		b = binary.AppendUvarint(b, uint64(n))
	}
	b = binary.AppendUvarint(b, uint64(fn.Unknown))
	b = binary.AppendUvarint(b, uint64(len(fn.Rules)))
	for _, rc := range fn.Rules {
		b = appendRowString(b, rc.ID)
		b = binary.AppendUvarint(binary.AppendUvarint(b, uint64(rc.Count)), uint64(rc.Class))
	}
	for _, v := range [...]*verdictSum{&fn.exposure, &fn.power} {
		b = binary.AppendUvarint(b, uint64(v.n))
		b = binary.AppendUvarint(b, uint64(v.worst))
		b = binary.AppendUvarint(b, uint64(v.passed))
		if v.unknown {
			b = append(b, 1)
		} else {
			b = append(b, 0)
		}
		b = binary.AppendUvarint(b, uint64(len(v.items)))
		for _, it := range v.items {
			b = appendRowString(b, it.RuleID)
			b = binary.AppendUvarint(binary.AppendUvarint(b, uint64(it.class)), uint64(it.ord))
		}
	}
	if len(b) > 1<<31 {
		return fmt.Errorf("function %s: record of %d bytes", fn.Name, len(b))
	}
	s.rec = b
	s.refs = append(s.refs, fnRef{
		prefix: [2]uint64{binary.BigEndian.Uint64(prefix[:8]), binary.BigEndian.Uint64(prefix[8:])},
		off:    s.flushed + int64(len(s.mem)), n: uint32(len(b)),
	})
	s.mem = append(s.mem, b...)
	if len(s.mem) >= fnSpillAt {
		return s.spill()
	}
	return nil
}

// spill moves the records in memory to the file.
func (s *htmlFunctions) spill() error {
	if len(s.mem) == 0 {
		return nil
	}
	if s.file == nil {
		f, err := os.CreateTemp("", "lambdasec-html-functions-*")
		if err != nil {
			return err
		}
		s.file = f
	}
	if _, err := s.file.WriteAt(s.mem, s.flushed); err != nil {
		return err
	}
	s.flushed += int64(len(s.mem))
	s.mem = s.mem[:0]
	return nil
}

// record returns the record of function met; it is s's until the next
// call.
func (s *htmlFunctions) record(met int) ([]byte, error) {
	r := s.refs[met]
	if r.off >= s.flushed {
		return s.mem[r.off-s.flushed:][:r.n], nil
	}
	if cap(s.rec) < int(r.n) {
		s.rec = make([]byte, r.n)
	}
	s.rec = s.rec[:r.n]
	if _, err := s.file.ReadAt(s.rec, r.off); err != nil {
		return nil, fmt.Errorf("functions: %w", err)
	}
	return s.rec, nil
}

// keyOf returns the sort key of function met (a copy).
func (s *htmlFunctions) keyOf(met int) ([]byte, error) {
	b, err := s.record(met)
	if err != nil {
		return nil, err
	}
	n, w := binary.Uvarint(b)
	if w <= 0 || uint64(len(b)-w) < n {
		return nil, errors.New("functions: bad record")
	}
	return bytes.Clone(b[w : w+int(n)]), nil
}

// sort numbers the functions in key order: by the keys' first bytes,
// then, within a run of equal first bytes, by the whole keys read back
// (functions of equal keys in the order put).
func (s *htmlFunctions) sort() error {
	n := len(s.refs)
	s.order = make([]int32, n)
	for i := range s.order {
		s.order[i] = int32(i)
	}
	less := func(a, b fnRef) bool {
		if a.prefix[0] != b.prefix[0] {
			return a.prefix[0] < b.prefix[0]
		}
		return a.prefix[1] < b.prefix[1]
	}
	sort.SliceStable(s.order, func(i, j int) bool { return less(s.refs[s.order[i]], s.refs[s.order[j]]) })
	for i := 0; i < n; {
		j := i + 1
		for j < n && s.refs[s.order[j]].prefix == s.refs[s.order[i]].prefix {
			j++
		}
		if j-i > 1 {
			run := s.order[i:j]
			keys := make([][]byte, len(run))
			for k, met := range run {
				key, err := s.keyOf(int(met))
				if err != nil {
					return err
				}
				keys[k] = key
			}
			sort.Stable(keyedRun{run, keys})
		}
		i = j
	}
	s.keys = make([]int32, n)
	for k, met := range s.order {
		s.keys[met] = int32(k)
	}
	return nil
}

// keyedRun sorts met numbers by their keys.
type keyedRun struct {
	mets []int32
	keys [][]byte
}

func (r keyedRun) Len() int           { return len(r.mets) }
func (r keyedRun) Less(i, j int) bool { return bytes.Compare(r.keys[i], r.keys[j]) < 0 }
func (r keyedRun) Swap(i, j int) {
	r.mets[i], r.mets[j] = r.mets[j], r.mets[i]
	r.keys[i], r.keys[j] = r.keys[j], r.keys[i]
}

// function returns the function of Key key, read back from its record.
func (s *htmlFunctions) function(key int) (*htmlFunction, error) {
	met := int(s.order[key])
	b, err := s.record(met)
	if err != nil {
		return nil, err
	}
	fn, err := decodeFunction(b)
	if err != nil {
		return nil, fmt.Errorf("functions: record %d: %w", met, err)
	}
	fn.Key, fn.met = key, met
	return fn, nil
}

// counts returns the function of Key key with its counts only (its
// Severities and Unknown), and the number of its rules.
func (s *htmlFunctions) counts(key int) (fn htmlFunction, rules int, err error) {
	fn.Key = key
	b, err := s.record(int(s.order[key]))
	if err != nil {
		return fn, 0, err
	}
	d := fnDecoder{b: b}
	d.skip(d.num()) // the sort key
	for range 3 {
		d.skip(d.num()) // name, deployed name, place
	}
	for k := range fn.Severities {
		fn.Severities[k] = int32(d.num())
	}
	fn.Unknown = int32(d.num())
	rules = d.count()
	if d.err != nil {
		return fn, 0, fmt.Errorf("functions: record %d: %w", s.order[key], d.err)
	}
	return fn, rules, nil
}

// each calls fn with each function in key order.
func (s *htmlFunctions) each(fn func(*htmlFunction) error) error {
	for key := range s.order {
		f, err := s.function(key)
		if err != nil {
			return err
		}
		if err := fn(f); err != nil {
			return err
		}
	}
	return nil
}

// close removes the file.
func (s *htmlFunctions) close() {
	if s.file != nil {
		s.file.Close()
		os.Remove(s.file.Name())
		s.file = nil
	}
}

// decodeFunction reads a record made by put. The function's estate and
// ID are left out (its key holds them; the page needs only its order).
func decodeFunction(b []byte) (*htmlFunction, error) {
	d := fnDecoder{b: b}
	d.skip(d.num()) // the sort key
	fn := &htmlFunction{Name: d.str(), Deployed: d.str(), Where: d.str()}
	for k := range fn.Severities {
		fn.Severities[k] = int32(d.num())
	}
	fn.Unknown = int32(d.num())
	if n := d.count(); n > 0 {
		fn.Rules = make([]htmlRuleCount, n)
		for k := range fn.Rules {
			fn.Rules[k] = htmlRuleCount{ID: d.str(), Count: int32(d.num()), Class: int32(d.num())}
		}
	}
	for _, v := range [...]*verdictSum{&fn.exposure, &fn.power} {
		v.n, v.worst, v.passed = int32(d.num()), int32(d.num()), int32(d.num())
		v.unknown = d.num() == 1
		if n := d.count(); n > 0 {
			v.items = make([]htmlItem, n)
			for k := range v.items {
				it := htmlItem{RuleID: d.str(), class: d.num()}
				it.ord, it.Class = d.num(), className(it.class)
				v.items[k] = it
			}
		}
	}
	if d.err == nil && len(d.b) > 0 {
		d.err = errors.New("bytes after the record")
	}
	return fn, d.err
}

// fnDecoder reads a function's record; the first error sticks.
type fnDecoder struct {
	b   []byte
	err error
}

func (d *fnDecoder) num() int {
	n, w := binary.Uvarint(d.b)
	if w <= 0 || n > 1<<31 {
		if d.err == nil {
			d.err = errors.New("bad record")
		}
		d.b = nil
		return 0
	}
	d.b = d.b[w:]
	return int(n)
}

// count reads a list's length, at most the bytes left.
func (d *fnDecoder) count() int {
	n := d.num()
	if n > len(d.b) {
		d.skip(len(d.b) + 1)
		return 0
	}
	return n
}

func (d *fnDecoder) skip(n int) {
	if n > len(d.b) {
		if d.err == nil {
			d.err = errors.New("short record")
		}
		d.b = nil
		return
	}
	d.b = d.b[n:]
}

func (d *fnDecoder) str() string {
	n := d.num()
	if n > len(d.b) {
		d.skip(n)
		return ""
	}
	s := string(d.b[:n])
	d.b = d.b[n:]
	return s
}
