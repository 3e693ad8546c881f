package report

import (
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
// Display (see forDisplay).
type filtered struct {
	src     Findings
	opt     Options
	display bool
}

// Each implements Findings.
func (f filtered) Each(fn func([]rules.Finding) error) error {
	return f.src.Each(func(fs []rules.Finding) error {
		fs = VisibleTo(fs, f.opt)
		if f.display {
			for i := range fs {
				if needsDisplay(&fs[i]) {
					fs[i] = displayFinding(fs[i])
				}
			}
		}
		if len(fs) == 0 {
			return nil
		}
		return fn(fs)
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

// tallyOf reads fs once.
func tallyOf(fs Findings) (*tally, error) {
	t := &tally{counts: Counts{BySeverity: map[rules.Severity]int{}}, rules: map[string]*rules.Rule{}}
	err := fs.Each(func(es []rules.Finding) error {
		for i := range es {
			f := &es[i]
			t.counts.add(f)
			t.rules[f.Rule.ID] = f.Rule
			if f.Path != nil && f.Status != rules.Pass && f.Suppressed == nil {
				t.paths = append(t.paths, *f)
			}
		}
		t.n += len(es)
		return nil
	})
	return t, err
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
