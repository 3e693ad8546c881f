// Package snapshot reads and writes the snapshot JSON that `lambdasec
// collect` writes: one or more estates in the inventory model, with the
// schema version. A snapshot lets an assessor gather data once and judge it
// offline, and lets tests replay an estate.
package snapshot

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"

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
