package code

import (
	"sync"

	"github.com/lambdasec/lambdasec/internal/inventory"
	"github.com/lambdasec/lambdasec/internal/needs"
)

// Estates is a needs.CodeSource over the estates of one run: each
// function's code is read by an Analyzer bound to the estate the function
// belongs to, so the resources its environment names resolve to that
// estate's ARNs (TABLE: !Ref Orders -> the table's ARN) and its account
// fills the ARNs the code names. Bind must be called with the estates
// before Code; a function of no bound estate is read without an estate
// (account left as the template token). Safe for concurrent use.
type Estates struct {
	opts Options

	mu     sync.Mutex
	byFunc map[*inventory.Function]*Analyzer
	none   *Analyzer
}

// NewEstates returns an Estates whose analyzers use opts (its Estate and
// Index are set per estate by Bind).
func NewEstates(opts Options) *Estates {
	opts.Estate, opts.Index = nil, nil
	return &Estates{opts: opts, byFunc: map[*inventory.Function]*Analyzer{}, none: New(opts)}
}

// Bind makes one Analyzer per estate of estates and remembers the estate
// of each of its functions; estates bound before stay bound.
func (s *Estates) Bind(estates []*inventory.Estate) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, e := range estates {
		o := s.opts
		o.Estate = e
		a := New(o)
		for _, f := range e.Functions {
			s.byFunc[f] = a
		}
	}
}

// Release forgets the estates' functions (Code then reads them with no
// estate to resolve names in).
func (s *Estates) Release(estates []*inventory.Estate) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, e := range estates {
		for _, f := range e.Functions {
			delete(s.byFunc, f)
		}
	}
}

// Code returns the needs function f's code shows and whether any of its
// code could be read (needs.CodeSource), read by the analyzer of f's estate.
func (s *Estates) Code(f *inventory.Function) ([]needs.Need, bool) {
	s.mu.Lock()
	a := s.byFunc[f]
	s.mu.Unlock()
	if a == nil {
		a = s.none
	}
	return a.Code(f)
}

var _ needs.CodeSource = (*Estates)(nil)
