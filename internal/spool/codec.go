package spool

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/lambdasec/lambdasec/internal/exposure"
	"github.com/lambdasec/lambdasec/internal/inventory"
	"github.com/lambdasec/lambdasec/internal/rules"
)

// A chunk is the estate's name, the number of findings, then one record
// per finding: its rule (an index into the spool's rules), then the
// fields of rules.Finding in their order, strings and lists as a uvarint
// length and their bytes, integers as varints. An exposure path (LS110's
// findings only) is kept as its JSON: what the reports show of it (the
// graph nodes it points to are not kept). Result.Skips are not kept:
// they are spent by the suppression that runs before a finding is added.

// errShort is a record that ends early: a spool that was not written by
// this package (or a bug), never a user's input.
var errShort = errors.New("record ends early")

func (s *Spool) encodeChunk(b []byte, estate string, fs []rules.Finding) ([]byte, error) {
	b = appendString(b, estate)
	b = binary.AppendUvarint(b, uint64(len(fs)))
	for i := range fs {
		f := &fs[i]
		ri, ok := s.ruleOf[f.Rule]
		if !ok {
			return b, fmt.Errorf("findings spool: a finding of rule %s, not one of the run's", f.Rule.ID)
		}
		if f.Estate != estate {
			return b, fmt.Errorf("findings spool: a finding of estate %s added with estate %s", f.Estate, estate)
		}
		b = binary.AppendUvarint(b, uint64(ri))
		b = appendString(b, string(f.Status))
		b = appendString(b, f.Resource)
		b = appendString(b, string(f.Kind))
		b = appendString(b, f.Label)
		b = appendSource(b, f.Source)
		b = appendString(b, f.Message)
		b = binary.AppendUvarint(b, uint64(len(f.Evidence)))
		for _, e := range f.Evidence {
			b = appendString(b, e.Label)
			b = appendString(b, e.Value)
			b = appendSource(b, e.Source)
		}
		if f.Result.Severity == nil {
			b = append(b, 0)
		} else {
			b = append(b, 1)
			b = binary.AppendVarint(b, int64(*f.Result.Severity))
		}
		b = binary.AppendUvarint(b, uint64(len(f.Functions)))
		for _, fn := range f.Functions {
			b = appendString(b, fn)
		}
		b = appendBool(b, f.DefinedElsewhere)
		if f.Path == nil {
			b = append(b, 0)
		} else {
			js, err := json.Marshal(f.Path)
			if err != nil {
				return b, fmt.Errorf("findings spool: path of %s %s: %w", f.Rule.ID, f.Resource, err)
			}
			b = append(b, 1)
			b = appendString(b, string(js))
		}
		b = binary.AppendVarint(b, int64(f.Severity))
		b = appendString(b, f.Fingerprint)
		if f.Suppressed == nil {
			b = append(b, 0)
		} else {
			b = append(b, 1)
			b = appendString(b, f.Suppressed.Kind)
			b = appendString(b, f.Suppressed.Reason)
			b = appendSource(b, f.Suppressed.Source)
		}
	}
	return b, nil
}

func appendString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

func appendBool(b []byte, v bool) []byte {
	if v {
		return append(b, 1)
	}
	return append(b, 0)
}

func appendSource(b []byte, src inventory.Source) []byte {
	b = appendString(b, src.File)
	b = binary.AppendVarint(b, int64(src.Line))
	b = binary.AppendVarint(b, int64(src.Column))
	b = appendString(b, src.LogicalID)
	return appendString(b, src.ARN)
}

// reader decodes a chunk; the first error sticks.
type reader struct {
	b   []byte
	err error
	// last is the last string read, returned again (not copied) when the
	// next is the same bytes: a finding's file repeats in its evidence.
	last string
}

func (r *reader) uvarint() uint64 {
	if r.err != nil {
		return 0
	}
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.err = errShort
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *reader) varint() int64 {
	if r.err != nil {
		return 0
	}
	v, n := binary.Varint(r.b)
	if n <= 0 {
		r.err = errShort
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *reader) byte() byte {
	if r.err != nil || len(r.b) == 0 {
		r.err = errShort
		return 0
	}
	c := r.b[0]
	r.b = r.b[1:]
	return c
}

func (r *reader) string() string {
	n := r.uvarint()
	if r.err != nil {
		return ""
	}
	if n > uint64(len(r.b)) {
		r.err = errShort
		return ""
	}
	raw := r.b[:n]
	r.b = r.b[n:]
	if string(raw) == r.last {
		return r.last
	}
	r.last = string(raw)
	return r.last
}

func (r *reader) source() inventory.Source {
	return inventory.Source{File: r.string(), Line: int(r.varint()), Column: int(r.varint()), LogicalID: r.string(), ARN: r.string()}
}

// count reads a list's length, at most the bytes left (each element takes
// one at least), so a bad length cannot ask for a huge allocation.
func (r *reader) count() int {
	n := r.uvarint()
	if n > uint64(len(r.b)) {
		r.err = errShort
		return 0
	}
	return int(n)
}

// decodeChunk appends the findings of a chunk to fs.
func (s *Spool) decodeChunk(b []byte, fs []rules.Finding) ([]rules.Finding, error) {
	r := &reader{b: b}
	estate := r.string()
	n := r.count()
	for range n {
		var f rules.Finding
		ri := r.uvarint()
		if r.err == nil && ri >= uint64(len(s.rules)) {
			return fs, fmt.Errorf("rule %d of %d", ri, len(s.rules))
		}
		if r.err != nil {
			return fs, r.err
		}
		f.Rule = s.rules[ri]
		f.Estate = estate
		f.Status = rules.Status(r.string())
		f.Resource = r.string()
		f.Kind = rules.Kind(r.string())
		f.Label = r.string()
		f.Source = r.source()
		f.Message = r.string()
		if k := r.count(); k > 0 {
			f.Evidence = make([]rules.Evidence, k)
			for i := range f.Evidence {
				f.Evidence[i] = rules.Evidence{Label: r.string(), Value: r.string(), Source: r.source()}
			}
		}
		if r.byte() == 1 {
			sev := rules.Severity(r.varint())
			f.Result.Severity = &sev
		}
		if k := r.count(); k > 0 {
			f.Functions = make([]string, k)
			for i := range f.Functions {
				f.Functions[i] = r.string()
			}
		}
		f.DefinedElsewhere = r.byte() == 1
		if r.byte() == 1 {
			js := r.string()
			if r.err == nil {
				f.Path = new(exposure.Path)
				if err := json.Unmarshal([]byte(js), f.Path); err != nil {
					return fs, fmt.Errorf("path of %s %s: %w", f.Rule.ID, f.Resource, err)
				}
			}
		}
		f.Severity = rules.Severity(r.varint())
		f.Fingerprint = r.string()
		if r.byte() == 1 {
			f.Suppressed = &rules.Suppression{Kind: r.string(), Reason: r.string(), Source: r.source()}
		}
		if r.err != nil {
			return fs, r.err
		}
		fs = append(fs, f)
	}
	if r.err == nil && len(r.b) > 0 {
		r.err = fmt.Errorf("%d bytes after the last record", len(r.b))
	}
	return fs, r.err
}
