package trail

import (
	"bytes"
	"errors"
	"fmt"
	"io"
)

// maxRecord bounds the size of one record, so a file that never closes
// its record cannot take all memory. CloudTrail records are at most a
// few hundred KiB (requestParameters over 100 KB are omitted).
const maxRecord = 64 << 20

// splitter hands out the records of a log file's Records array one at a
// time, as byte slices, without decoding them: it follows only strings
// (with their escapes) and the nesting of braces and brackets. A record
// is valid JSON only if encoding/json says so when it is decoded
// (ParseRecord); the splitter skips the others' bytes at memory speed.
// Its memory is one buffer the size of the largest record (and at least
// 256 KiB).
type splitter struct {
	r   io.Reader
	buf []byte
	pos int // next unread byte in buf
	off int // input offset of buf[0]
	eof bool
}

// errTruncated is the end of input inside a record or before the
// array's end.
var errTruncated = errors.New("unexpected end of input (a truncated file?)")

// fill reads more input, keeping buf[keep:] and moving it to the front.
// It reports whether any byte was added.
func (s *splitter) fill(keep int) (bool, error) {
	if s.eof {
		return false, nil
	}
	if keep > 0 {
		n := copy(s.buf, s.buf[keep:])
		s.buf = s.buf[:n]
		s.off += keep
		s.pos -= keep
	}
	if len(s.buf) == cap(s.buf) {
		if cap(s.buf) >= maxRecord {
			return false, fmt.Errorf("a record over %d MiB", maxRecord>>20)
		}
		nb := make([]byte, len(s.buf), 2*cap(s.buf))
		copy(nb, s.buf)
		s.buf = nb
	}
	n, err := s.r.Read(s.buf[len(s.buf):cap(s.buf)])
	s.buf = s.buf[:len(s.buf)+n]
	if err == io.EOF {
		s.eof = true
		err = nil
	}
	return n > 0 || !s.eof, err
}

// skipSpace moves pos past white space and the separator sep (0 for
// none), reading more input as needed. It returns the next byte, or 0
// at the end of input.
func (s *splitter) next(sep byte) (byte, error) {
	for {
		for s.pos < len(s.buf) {
			c := s.buf[s.pos]
			if c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == sep && sep != 0 {
				s.pos++
				continue
			}
			return c, nil
		}
		more, err := s.fill(s.pos)
		if err != nil {
			return 0, err
		}
		if !more {
			return 0, nil
		}
	}
}

// open moves past `{"Records": [` (white space allowed between), the
// form recordsFile matched.
func (s *splitter) open() error {
	for _, want := range []byte{'{', '"'} {
		c, err := s.next(0)
		if err != nil {
			return err
		}
		if c != want {
			return fmt.Errorf("want %q at byte %d", want, s.off+s.pos)
		}
		s.pos++
	}
	for _, want := range []byte(`Records"`) {
		if s.pos >= len(s.buf) {
			if more, err := s.fill(s.pos); err != nil || !more {
				return errTruncated
			}
		}
		if s.buf[s.pos] != want {
			return fmt.Errorf("want \"Records\" at byte %d", s.off+s.pos)
		}
		s.pos++
	}
	for _, want := range []byte{':', '['} {
		c, err := s.next(0)
		if err != nil {
			return err
		}
		if c != want {
			return fmt.Errorf("want %q at byte %d", want, s.off+s.pos)
		}
		s.pos++
	}
	return nil
}

// record returns the next record of the array (valid until the next
// call), or nil at the array's end. The error says what is wrong and at
// which byte of the input.
func (s *splitter) record() ([]byte, error) {
	c, err := s.next(',')
	if err != nil {
		return nil, err
	}
	switch c {
	case 0:
		return nil, errTruncated
	case ']':
		s.pos++
		return nil, nil
	case '{':
	default:
		return nil, fmt.Errorf("want a record (an object) at byte %d, found %q", s.off+s.pos, c)
	}
	start := s.pos
	depth := 0
	i := s.pos
	for {
		if i >= len(s.buf) {
			rel := i - start
			more, err := s.fill(start)
			if err != nil {
				return nil, err
			}
			if !more {
				return nil, errTruncated
			}
			start = s.pos
			i = start + rel
			continue
		}
		switch s.buf[i] {
		case '"':
			// Find the closing quote: one not preceded by an odd run of
			// backslashes.
			j := i + 1
			for {
				k := bytes.IndexByte(s.buf[j:], '"')
				if k < 0 {
					rel, relJ := i-start, j-start
					more, err := s.fill(start)
					if err != nil {
						return nil, err
					}
					if !more {
						return nil, errTruncated
					}
					start = s.pos
					i, j = start+rel, start+relJ
					continue
				}
				q := j + k
				b := q - 1
				for b > i && s.buf[b] == '\\' {
					b--
				}
				if (q-1-b)%2 == 0 {
					i = q
					break
				}
				j = q + 1
			}
		case '{', '[':
			depth++
		case '}', ']':
			depth--
			if depth == 0 {
				s.pos = i + 1
				return s.buf[start : i+1], nil
			}
		}
		i++
	}
}
