// Package snapshot reads and writes the snapshot JSON that `lambdasec
// collect` writes: one or more estates in the inventory model, with the
// schema version. A snapshot lets an assessor gather data once and judge it
// offline, and lets tests replay an estate.
package snapshot

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"time"

	"github.com/lambdasec/lambdasec/internal/inventory"
)

// Looks reports whether data looks like a snapshot (a JSON object with
// schemaVersion and estates), cheaply, without parsing it.
func Looks(data []byte) bool {
	head := data
	if len(head) > 4096 {
		head = head[:4096]
	}
	t := bytes.TrimLeft(head, " \t\r\n")
	return len(t) > 0 && t[0] == '{' && bytes.Contains(head, []byte(`"schemaVersion"`)) && bytes.Contains(data, []byte(`"estates"`))
}

// Read parses a snapshot. It refuses a schema version other than
// inventory.SchemaVersion, estates without a kind or name, and unknown
// fields (a snapshot from a newer lambdasec should fail loudly, not lose
// data quietly). name labels errors.
func Read(name string, data []byte) (*inventory.Snapshot, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var s inventory.Snapshot
	if err := dec.Decode(&s); err != nil {
		return nil, fmt.Errorf("%s: %w", name, describeJSONError(data, err))
	}
	if s.SchemaVersion != inventory.SchemaVersion {
		return nil, fmt.Errorf("%s: snapshot schema version %d, this lambdasec reads version %d", name, s.SchemaVersion, inventory.SchemaVersion)
	}
	for i, e := range s.Estates {
		if e == nil || e.Kind == "" || e.Name == "" {
			return nil, fmt.Errorf("%s: estate %d has no kind or name", name, i+1)
		}
	}
	return &s, nil
}

// describeJSONError adds the line and column to a JSON syntax or type error.
func describeJSONError(data []byte, err error) error {
	var off int64 = -1
	switch e := err.(type) {
	case *json.SyntaxError:
		off = e.Offset
	case *json.UnmarshalTypeError:
		off = e.Offset
	}
	if off < 0 {
		return err
	}
	line, col := inventory.LineCol(data, off)
	return fmt.Errorf("line %d, column %d: %w", line, col, err)
}

// Write encodes s as indented JSON, with the schema version set.
func Write(w io.Writer, s *inventory.Snapshot) error {
	s.SchemaVersion = inventory.SchemaVersion
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(s)
}

// Writer writes a snapshot one estate at a time, straight to its
// destination, in the same bytes as Write: an estate can be released once
// it is written, and no copy of the whole document is held. Call Close
// after the last estate.
type Writer struct {
	w   *bufio.Writer
	n   int
	err error
}

// NewWriter writes the snapshot's header (schema version, tool, createdAt)
// to w and returns the Writer for its estates. The error is w's.
func NewWriter(w io.Writer, tool string, createdAt time.Time) (*Writer, error) {
	head, err := json.MarshalIndent(&inventory.Snapshot{SchemaVersion: inventory.SchemaVersion, Tool: tool, CreatedAt: createdAt,
		Estates: []*inventory.Estate{}}, "", "  ")
	if err != nil {
		return nil, err
	}
	// The header is the document up to the estates' opening bracket.
	head, ok := bytes.CutSuffix(head, []byte("]\n}"))
	if !ok {
		return nil, fmt.Errorf("snapshot header: unexpected encoding %q", head)
	}
	sw := &Writer{w: bufio.NewWriterSize(w, 64<<10)}
	_, sw.err = sw.w.Write(head)
	return sw, sw.err
}

// Estate writes one estate. After an error every call returns it.
func (sw *Writer) Estate(e *inventory.Estate) error {
	if sw.err != nil {
		return sw.err
	}
	b, err := encodeEstate(e)
	if err != nil {
		sw.err = err
		return sw.err
	}
	return sw.encoded(bytes.NewReader(b))
}

// encodeEstate is e as Writer writes it: indented as an element of the
// document's estates.
func encodeEstate(e *inventory.Estate) ([]byte, error) {
	b, err := json.MarshalIndent(e, "    ", "  ")
	if err != nil {
		return nil, fmt.Errorf("estate %s: %w", e.Name, err)
	}
	return b, nil
}

// encoded writes one estate already encoded by encodeEstate, read from r.
func (sw *Writer) encoded(r io.Reader) error {
	if sw.err != nil {
		return sw.err
	}
	sep := ",\n    "
	if sw.n == 0 {
		sep = "\n    "
	}
	sw.n++
	if _, sw.err = sw.w.WriteString(sep); sw.err == nil {
		_, sw.err = sw.w.ReadFrom(r)
	}
	return sw.err
}

// Close ends the document and flushes it; it does not close the
// destination.
func (sw *Writer) Close() error {
	if sw.err != nil {
		return sw.err
	}
	end := "\n  ]\n}\n"
	if sw.n == 0 {
		end = "]\n}\n"
	}
	if _, sw.err = sw.w.WriteString(end); sw.err != nil {
		return sw.err
	}
	sw.err = sw.w.Flush()
	return sw.err
}
