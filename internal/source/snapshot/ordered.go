package snapshot

import (
	"errors"
	"fmt"
	"io"
	"os"
	"slices"

	"github.com/lambdasec/lambdasec/internal/inventory"
)

// Ordered writes estates to a Writer in the order of their positions,
// whatever order they arrive in, holding none of them in memory: an estate
// that arrives at its turn is written at once; one that arrives early is
// encoded to a temporary spill file and copied from there when its turn
// comes. The document is byte for byte what Writer (and Write) write for
// the estates in position order, and each estate can be released as soon
// as Estate returns. It is what lets a live collection write each account
// as soon as it is read, while the snapshot keeps the order of accounts one
// collection writes (by account ID) whichever account finishes first.
//
// Ordered is not safe for concurrent use; call Close when done, or Discard
// to abandon the document, to remove the spill file.
type Ordered struct {
	sw  *Writer
	dir string
	// next is the position written next.
	next int
	// spill holds the early estates' encodings, at held[position].
	spill *os.File
	size  int64
	held  map[int]span
	err   error
}

// span is where one encoded estate sits in the spill file.
type span struct{ off, n int64 }

// NewOrdered returns an Ordered writing to sw, positions from 0. dir is
// where the spill file is made, on first need ("" for os.TempDir); at
// worst it holds every estate but the first, so give a directory with room
// for the snapshot (the destination's own, for instance).
func NewOrdered(sw *Writer, dir string) *Ordered {
	return &Ordered{sw: sw, dir: dir, held: map[int]span{}}
}

// Estate writes e, at position i (0-based; each position given once): at
// once when every position before i is written, then the held estates
// that follow it; otherwise to the spill file until then. An error (of
// encoding, of the spill file or of the destination) is returned by every
// later call.
func (o *Ordered) Estate(i int, e *inventory.Estate) error {
	if o.err != nil {
		return o.err
	}
	if _, dup := o.held[i]; dup || i < o.next || i < 0 {
		o.err = fmt.Errorf("snapshot: estate position %d given twice (or negative)", i)
		return o.err
	}
	if i == o.next {
		if o.err = o.sw.Estate(e); o.err != nil {
			return o.err
		}
		o.next++
		return o.flushHeld()
	}
	b, err := encodeEstate(e)
	if err != nil {
		o.err = err
		return o.err
	}
	if o.spill == nil {
		if o.spill, err = os.CreateTemp(o.dir, ".lambdasec-snapshot-*.tmp"); err != nil {
			o.err = fmt.Errorf("snapshot spill file: %w", err)
			return o.err
		}
	}
	if _, err := o.spill.WriteAt(b, o.size); err != nil {
		o.err = fmt.Errorf("snapshot spill file: %w", err)
		return o.err
	}
	o.held[i] = span{o.size, int64(len(b))}
	o.size += int64(len(b))
	return nil
}

// flushHeld writes the held estates whose turn has come.
func (o *Ordered) flushHeld() error {
	for {
		s, ok := o.held[o.next]
		if !ok {
			return nil
		}
		if o.err = o.sw.encoded(io.NewSectionReader(o.spill, s.off, s.n)); o.err != nil {
			return o.err
		}
		delete(o.held, o.next)
		o.next++
	}
}

// Close writes the estates still held, in position order past any
// position never given (a collection cut short), ends the document with
// the Writer's Close, and removes the spill file. It returns the first
// error of any call.
func (o *Ordered) Close() error {
	defer o.removeSpill()
	if o.err != nil {
		return o.err
	}
	rest := make([]int, 0, len(o.held))
	for i := range o.held {
		rest = append(rest, i)
	}
	slices.Sort(rest)
	for _, i := range rest {
		o.next = i
		if err := o.flushHeld(); err != nil {
			return err
		}
	}
	err := o.sw.Close()
	o.err = err
	if err == nil {
		o.err = errors.New("snapshot: estate after Close")
	}
	return err
}

// Discard removes the spill file and writes nothing more: for a document
// abandoned after an error. Every later call returns an error.
func (o *Ordered) Discard() {
	o.removeSpill()
	if o.err == nil {
		o.err = errors.New("snapshot: estate after Discard")
	}
}

func (o *Ordered) removeSpill() {
	if o.spill != nil {
		o.spill.Close()
		os.Remove(o.spill.Name())
		o.spill = nil
	}
}
