// Package spool keeps a run's findings on disk as estates are judged and
// gives them back estate by estate in report order, so that the memory a
// scan needs does not grow with the number of findings (issue 17: 16
// copies of the shared corpus make 1.6 million findings). A Spool is
// report.Findings: every report writer reads from it.
//
// The file is lambdasec's own, written and read by one process: a compact
// binary record per finding (codec.go), estates as chunks, and an index
// in memory (the estate's name, its order key, the chunk's offset and
// length: some 60 bytes an estate).
package spool

import (
	"bufio"
	"cmp"
	"errors"
	"fmt"
	"os"
	"slices"
	"sort"
	"sync"

	"github.com/lambdasec/lambdasec/internal/rules"
)

// Spool is a temporary file of findings, estate by estate. Add is safe
// for concurrent use; Each may be called once the adding is done, any
// number of times. Close removes the file.
type Spool struct {
	rules  []*rules.Rule
	ruleOf map[*rules.Rule]uint32

	mu      sync.Mutex
	file    *os.File
	name    string // the file's name while it must be removed on Close
	w       *bufio.Writer
	off     int64
	index   []chunk
	sorted  bool
	count   int
	err     error
	encoded sync.Pool
}

// chunk is one estate's findings in the file.
type chunk struct {
	estate string
	key    uint64
	off    int64
	n      int
}

// New creates a spool in dir ("" means os.TempDir) for findings of the
// rules rs (a finding of another rule is an error when added). On
// systems that allow it the file is unlinked at once, so nothing is left
// behind whatever happens to the process.
func New(dir string, rs []*rules.Rule) (*Spool, error) {
	f, err := os.CreateTemp(dir, "lambdasec-findings-*")
	if err != nil {
		return nil, fmt.Errorf("findings spool: %w", err)
	}
	s := &Spool{rules: rs, ruleOf: make(map[*rules.Rule]uint32, len(rs)), file: f, w: bufio.NewWriterSize(f, 256<<10)}
	for i, r := range rs {
		s.ruleOf[r] = uint32(i)
	}
	if os.Remove(f.Name()) != nil {
		s.name = f.Name() // Windows: an open file cannot be removed
	}
	return s, nil
}

// Add writes the findings of one estate named estate. key orders estates
// of the same name among themselves (the order they were read in): Each
// gives estates by name, then key. fs need not be sorted (Each sorts an
// estate's findings with rules.SortFindings); every finding's Rule must
// be one of the spool's rules. fs is not kept.
func (s *Spool) Add(estate string, key uint64, fs []rules.Finding) error {
	if len(fs) == 0 {
		return nil
	}
	bp, _ := s.encoded.Get().(*[]byte)
	if bp == nil {
		bp = new([]byte)
	}
	defer s.encoded.Put(bp)
	sorted := slices.IsSortedFunc(fs, compareFindings)
	if !sorted {
		fs = slices.Clone(fs)
		rules.SortFindings(fs)
	}
	b, err := s.encodeChunk((*bp)[:0], estate, fs)
	*bp = b
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.err != nil {
		return s.err
	}
	if _, err := s.w.Write(b); err != nil {
		s.err = fmt.Errorf("findings spool: %w", err)
		return s.err
	}
	s.index = append(s.index, chunk{estate: estate, key: key, off: s.off, n: len(b)})
	s.off += int64(len(b))
	s.count += len(fs)
	s.sorted = false
	return nil
}

// compareFindings is rules.SortFindings' order within one estate.
func compareFindings(a, b rules.Finding) int {
	return cmp.Or(cmp.Compare(a.Estate, b.Estate), cmp.Compare(a.Resource, b.Resource),
		cmp.Compare(a.Rule.ID, b.Rule.ID), cmp.Compare(a.Message, b.Message))
}

// Len returns the number of findings added.
func (s *Spool) Len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.count
}

// Estates returns the number of estates added.
func (s *Spool) Estates() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.index)
}

// Each calls fn with each estate's findings in report order: estates by
// name, then by the key they were added with; estates that share a name
// are given together, their findings sorted as one (rules.SortFindings).
// The slice is reused once fn returns. It returns fn's first error, or
// the error reading the file.
func (s *Spool) Each(fn func([]rules.Finding) error) error {
	index, err := s.ready()
	if err != nil {
		return err
	}
	var buf []byte
	var fs []rules.Finding
	for _, g := range groups(index) {
		if fs, buf, err = s.read(g, fs[:0], buf); err != nil {
			return err
		}
		if len(fs) > 0 {
			if err := fn(fs); err != nil {
				return err
			}
		}
	}
	return nil
}

// EachParallel is Each with the decoding of findings and work spread over
// n goroutines (n < 1 means one): work takes each estate's findings (in
// report order within the estate; the slice is work's only until it
// returns, then its goroutine reuses it, as Each does) and returns a value;
// done gets the values one at a time, in report order. At most 2n
// estates are in flight, so memory stays bounded. It returns the first
// error of work or done, or the error reading the file.
func (s *Spool) EachParallel(n int, work func([]rules.Finding) (any, error), done func(any) error) error {
	index, err := s.ready()
	if err != nil {
		return err
	}
	if n < 1 {
		n = 1
	}
	gs := groups(index)
	type job struct {
		i   int
		out chan result
	}
	jobs := make(chan job)
	pending := make(chan chan result, 2*n)
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var fs []rules.Finding
			var buf []byte
			for j := range jobs {
				var err error
				fs, buf, err = s.read(gs[j.i], fs[:0], buf)
				var v any
				if err == nil && len(fs) > 0 {
					v, err = work(fs)
				}
				j.out <- result{v: v, err: err, skip: err == nil && len(fs) == 0}
			}
		}()
	}
	go func() {
		defer close(pending)
		defer close(jobs)
		for i := range gs {
			out := make(chan result, 1)
			select {
			case pending <- out:
			case <-stop:
				return
			}
			select {
			case jobs <- job{i, out}:
			case <-stop:
				return
			}
		}
	}()
	var first error
	for out := range pending {
		if first != nil {
			continue // the estate may have no job: never wait for it
		}
		r := <-out
		switch {
		case r.err != nil:
			first = r.err
		case !r.skip:
			first = done(r.v)
		}
		if first != nil {
			close(stop)
		}
	}
	wg.Wait()
	return first
}

// result is one estate's work.
type result struct {
	v    any
	err  error
	skip bool // the estate has no findings
}

// ready flushes what was added and sorts the index into report order; it
// returns the index (not to be changed) or the spool's error.
func (s *Spool) ready() ([]chunk, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.err == nil {
		if err := s.w.Flush(); err != nil {
			s.err = fmt.Errorf("findings spool: %w", err)
		}
	}
	if s.err != nil {
		return nil, s.err
	}
	if !s.sorted {
		sort.SliceStable(s.index, func(i, j int) bool {
			a, b := &s.index[i], &s.index[j]
			return cmp.Or(cmp.Compare(a.estate, b.estate), cmp.Compare(a.key, b.key)) < 0
		})
		s.sorted = true
	}
	return s.index, nil
}

// groups splits a sorted index into the runs of chunks of one estate name.
func groups(index []chunk) [][]chunk {
	var out [][]chunk
	for i := 0; i < len(index); {
		j := i + 1
		for j < len(index) && index[j].estate == index[i].estate {
			j++
		}
		out = append(out, index[i:j])
		i = j
	}
	return out
}

// read appends the findings of the chunks of one estate name to fs, sorted
// as one when there are several, using buf (returned, perhaps grown) to
// read into.
func (s *Spool) read(g []chunk, fs []rules.Finding, buf []byte) ([]rules.Finding, []byte, error) {
	for _, c := range g {
		if cap(buf) < c.n {
			buf = make([]byte, c.n)
		}
		buf = buf[:c.n]
		if _, err := s.file.ReadAt(buf, c.off); err != nil {
			return fs, buf, fmt.Errorf("findings spool: %w", err)
		}
		var err error
		if fs, err = s.decodeChunk(buf, fs); err != nil {
			return fs, buf, fmt.Errorf("findings spool: estate %s: %w", c.estate, err)
		}
	}
	if len(g) > 1 {
		rules.SortFindings(fs)
	}
	return fs, buf, nil
}

// Close removes the file; the spool cannot be read after it.
func (s *Spool) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	err := s.file.Close()
	if s.name != "" {
		err = errors.Join(err, os.Remove(s.name))
		s.name = ""
	}
	if s.err == nil {
		s.err = errors.New("findings spool: closed")
	}
	return err
}
