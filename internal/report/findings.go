package report

import (
	"cmp"
	"maps"
	"runtime"
	"slices"
	"sort"
	"sync"

	"github.com/lambdasec/lambdasec/internal/rules"
)

// Findings are the findings a report covers, estate by estate. A run of
// lambdasec keeps them on disk (scan's spool) and reads them back once
// per writer pass, so a report of any size is written in bounded memory;
// tests and small callers hold them in a Slice.
type Findings interface {
	// Each calls fn with the findings of each estate in report order
	// (estates by name, each estate's findings in rules.SortFindings
	// order). The slice is fn's only until fn returns (it may be reused);
	// fn may change its elements. Each stops at fn's first error and
	// returns it, or returns the error reading the findings back. It may
	// be called any number of times, each giving the same findings.
	Each(fn func(estate []rules.Finding) error) error
}

// ParallelFindings is Findings that can be read by several goroutines at
// once (the scan's spool): EachParallel calls work with each estate's
// findings on up to n goroutines and done with work's values in report
// order (see spool.Spool.EachParallel). As with Each, the slice work gets
// is its only until it returns: a value work returns must not refer to
// it.
type ParallelFindings interface {
	Findings
	EachParallel(n int, work func([]rules.Finding) (any, error), done func(any) error) error
}

// eachEstate calls work with each estate's findings of fs and done with
// its values in report order: on opt.Parallel goroutines (0: every core)
// when fs is ParallelFindings, else one after the other. Writers make an
// estate's bytes in work and write them in done, so the output is the
// same whatever the number of goroutines.
func eachEstate(fs Findings, opt Options, work func([]rules.Finding) (any, error), done func(any) error) error {
	n := opt.Parallel
	if n <= 0 {
		n = runtime.GOMAXPROCS(0)
	}
	if pf, ok := fs.(ParallelFindings); ok && n > 1 {
		return pf.EachParallel(n, work, done)
	}
	return fs.Each(func(es []rules.Finding) error {
		v, err := work(es)
		if err != nil {
			return err
		}
		return done(v)
	})
}

// Slice is Findings held in memory, in their order: Each calls fn with
// each run of consecutive findings of one estate, on a copy (fn may
// change it).
type Slice []rules.Finding

// Each implements Findings.
func (s Slice) Each(fn func([]rules.Finding) error) error {
	var buf []rules.Finding
	for i := 0; i < len(s); {
		j := i + 1
		for j < len(s) && s[j].Estate == s[i].Estate {
			j++
		}
		buf = append(buf[:0], s[i:j]...)
		if err := fn(buf); err != nil {
			return err
		}
		i = j
	}
	return nil
}

// filtered is Findings as opt shows them: VisibleTo's findings only and,
// when display is set, every string from the estate passed through
// Display (see needsDisplay).
type filtered struct {
	src     Findings
	opt     Options
	display bool
}

// Each implements Findings.
func (f filtered) Each(fn func([]rules.Finding) error) error {
	return f.src.Each(func(fs []rules.Finding) error {
		if fs = f.view(fs); len(fs) == 0 {
			return nil
		}
		return fn(fs)
	})
}

// view is fs as f shows it.
func (f filtered) view(fs []rules.Finding) []rules.Finding {
	fs = VisibleTo(fs, f.opt)
	if f.display {
		for i := range fs {
			if needsDisplay(&fs[i]) {
				fs[i] = displayFinding(fs[i])
			}
		}
	}
	return fs
}

// skipEstate is the value of an estate filtered does not show: done is
// not called for it.
type skipEstate struct{}

// EachParallel implements ParallelFindings when f's source does (else it
// reads one estate at a time).
func (f filtered) EachParallel(n int, work func([]rules.Finding) (any, error), done func(any) error) error {
	w := func(fs []rules.Finding) (any, error) {
		if fs = f.view(fs); len(fs) == 0 {
			return skipEstate{}, nil
		}
		return work(fs)
	}
	d := func(v any) error {
		if _, ok := v.(skipEstate); ok {
			return nil
		}
		return done(v)
	}
	if pf, ok := f.src.(ParallelFindings); ok {
		return pf.EachParallel(n, w, d)
	}
	return f.src.Each(func(fs []rules.Finding) error {
		v, err := w(fs)
		if err != nil {
			return err
		}
		return d(v)
	})
}

// tally is what writers need before their first finding: the counts, the
// findings that carry an exposure path (few: LS110's) and the rules
// findings refer to. It takes one pass over the findings.
type tally struct {
	counts Counts
	paths  []rules.Finding
	rules  map[string]*rules.Rule
	n      int
}

// tallyOf reads fs once (estates tallied in parallel, see eachEstate).
func tallyOf(fs Findings, opt Options) (*tally, error) {
	if t := tallied(fs); t != nil {
		return t, nil
	}
	t := newTally()
	err := eachEstate(fs, opt, func(es []rules.Finding) (any, error) {
		part := newTally()
		for i := range es {
			f := &es[i]
			part.counts.add(f)
			part.rules[f.Rule.ID] = f.Rule
			if f.Path != nil && f.Status != rules.Pass && f.Suppressed == nil {
				part.paths = append(part.paths, *f)
			}
		}
		part.n = len(es)
		return part, nil
	}, func(v any) error {
		part := v.(*tally)
		t.counts.Pass += part.counts.Pass
		t.counts.Fail += part.counts.Fail
		t.counts.Unknown += part.counts.Unknown
		t.counts.Suppressed += part.counts.Suppressed
		for s, n := range part.counts.BySeverity {
			t.counts.BySeverity[s] += n
		}
		for id, r := range part.rules {
			t.rules[id] = r
		}
		t.paths = append(t.paths, part.paths...)
		t.n += part.n
		return nil
	})
	return t, err
}

func newTally() *tally {
	return &tally{counts: Counts{BySeverity: map[rules.Severity]int{}}, rules: map[string]*rules.Rule{}}
}

// ruleIndex returns the rules for formats that list rule metadata, sorted
// by ID: opt.Rules when set, else the rules the findings refer to.
func (t *tally) ruleIndex(opt Options) []*rules.Rule {
	fs := make([]rules.Finding, 0, len(t.rules))
	for _, r := range t.rules {
		fs = append(fs, rules.Finding{Rule: r})
	}
	return ruleIndex(fs, opt)
}

// Tally is what the writers must know before their first finding (the
// counts, the findings that carry an exposure path, the rules referred
// to), gathered by whoever makes the findings, estate by estate, so that
// the writers need not read every finding once more before writing: a
// scan adds each estate's findings as it judges them. Its methods are
// safe for concurrent use.
type Tally struct {
	// MinSeverity and Severities are the filter the added findings went
	// through (VisibleTo); a writer uses the Tally only when its options
	// filter alike.
	MinSeverity rules.Severity
	Severities  []rules.Severity

	mu     sync.Mutex
	counts Counts
	paths  []tallyPath
	rules  map[string]*rules.Rule
	n      int
}

// tallyPath is a finding with a path, with its place in report order.
type tallyPath struct {
	key, index uint64
	f          rules.Finding
}

// NewTally returns an empty Tally of findings filtered as opt filters
// them (MinSeverity, Severities).
func NewTally(opt Options) *Tally {
	return &Tally{MinSeverity: opt.MinSeverity, Severities: opt.Severities,
		counts: Counts{BySeverity: map[rules.Severity]int{}}, rules: map[string]*rules.Rule{}}
}

// Add tallies the findings of one estate, sorted (rules.SortFindings) and
// filtered as the Tally says; key orders estates of the same name as the
// Findings give them (spool keys).
func (t *Tally) Add(fs []rules.Finding, key uint64) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for i := range fs {
		f := &fs[i]
		t.counts.add(f)
		t.rules[f.Rule.ID] = f.Rule
		if f.Path != nil && f.Status != rules.Pass && f.Suppressed == nil {
			t.paths = append(t.paths, tallyPath{key: key, index: uint64(i), f: *f})
		}
	}
	t.n += len(fs)
}

// Tallied is Findings that come with their Tally.
type Tallied interface {
	Findings
	Tally() *Tally
}

// tallied returns the tally fs carries, as f's options see it, or nil
// when it has none or filters otherwise.
func tallied(fs Findings) *tally {
	f, ok := fs.(filtered)
	if !ok {
		return nil
	}
	src, ok := f.src.(Tallied)
	if !ok || src.Tally() == nil {
		return nil
	}
	t := src.Tally()
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.MinSeverity != f.opt.MinSeverity || !slices.Equal(t.Severities, f.opt.Severities) {
		return nil
	}
	out := newTally()
	out.counts.Pass, out.counts.Fail, out.counts.Unknown, out.counts.Suppressed = t.counts.Pass, t.counts.Fail, t.counts.Unknown, t.counts.Suppressed
	maps.Copy(out.counts.BySeverity, t.counts.BySeverity)
	maps.Copy(out.rules, t.rules)
	out.n = t.n
	// Report order: estates by name then key, each estate's findings in
	// their order; estates sharing a name sorted as one (stably), as the
	// spool gives them.
	ps := slices.Clone(t.paths)
	sort.Slice(ps, func(i, j int) bool { // few: not worth a generic instantiation
		a, b := &ps[i], &ps[j]
		return cmp.Or(cmp.Compare(a.f.Estate, b.f.Estate), cmp.Compare(a.key, b.key), cmp.Compare(a.index, b.index)) < 0
	})
	for _, p := range ps {
		out.paths = append(out.paths, p.f)
	}
	rules.SortFindings(out.paths)
	if f.display {
		for i := range out.paths {
			if needsDisplay(&out.paths[i]) {
				out.paths[i] = displayFinding(out.paths[i])
			}
		}
	}
	return out
}
