package report

import (
	"fmt"
	"strings"
	"unicode"

	"github.com/lambdasec/lambdasec/internal/inventory"
	"github.com/lambdasec/lambdasec/internal/rules"
)

// Display returns s with every character that could make it show as
// something else written as an escape: bidirectional controls (U+202E,
// RIGHT-TO-LEFT OVERRIDE, makes "safe\u202egnp.exe" display as
// "safeexe.png"), other invisible format characters (zero-width spaces
// and joiners, U+FEFF), control characters (an ESC starts a terminal
// sequence; a newline breaks a table row) and invalid UTF-8. Each is
// written \uXXXX (\x{XX} for a byte that is not UTF-8), so that what a
// reader sees is what the estate holds. Other strings are returned as
// they are, without allocating.
//
// Bidirectional controls: https://www.unicode.org/reports/tr9/#Directional_Formatting_Characters
// and CVE-2021-42574 ("Trojan Source").
func Display(s string) string {
	i := escapeIndex(s)
	if i < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	b.WriteString(s[:i])
	for j, r := range s[i:] {
		switch {
		case r == unicode.ReplacementChar && strings.HasPrefix(s[i+j:], "\uFFFD"):
			b.WriteRune(r) // a real U+FFFD, not a bad byte
		case r == unicode.ReplacementChar:
			fmt.Fprintf(&b, `\x{%02x}`, s[i+j])
		case needsEscape(r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// escapeIndex returns the index of the first rune of s Display escapes,
// or -1. Printable ASCII (nearly every string of an estate) is passed
// over a byte at a time, without decoding runes or looking up Unicode
// tables: it has nothing to escape.
func escapeIndex(s string) int {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c > 0x7e {
			if j := strings.IndexFunc(s[i:], needsEscape); j >= 0 {
				return i + j
			}
			return -1
		}
	}
	return -1
}

// needsEscape reports whether r is shown escaped by Display: a control
// character (category Cc), a format character (Cf: bidi controls,
// zero-width characters, the BOM), a line or paragraph separator, or
// U+FFFD (standing for invalid UTF-8 in a range loop).
func needsEscape(r rune) bool {
	return unicode.IsControl(r) || unicode.In(r, unicode.Cf, unicode.Zl, unicode.Zp) || r == unicode.ReplacementChar
}

// The formats people read (table, HTML, CSV, JUnit, SARIF — shown by
// code scanning UIs) get every string that comes from the estate passed
// through Display: filtered.view replaces each finding needsDisplay
// picks with displayFinding's copy, and the writers' summary is
// displaySummary's. JSON keeps the values as read: it is data for
// programs (and the input of --baseline); ASFF escapes its text fields
// itself and keeps resource identifiers as read. A finding with nothing
// to escape (nearly all) is left as it is.

// needsDisplay reports whether a string of f that displayFinding passes
// through Display has a character Display escapes.
func needsDisplay(f *rules.Finding) bool {
	esc := func(ss ...string) bool {
		for _, s := range ss {
			if escapeIndex(s) >= 0 {
				return true
			}
		}
		return false
	}
	if esc(f.Estate, f.Resource, f.Label, f.Message, f.Source.File, f.Source.ARN) || esc(f.Functions...) {
		return true
	}
	for _, e := range f.Evidence {
		if esc(e.Label, e.Value, e.Source.File, e.Source.ARN) {
			return true
		}
	}
	if p := f.Path; p != nil {
		if esc(p.Cut, p.Unknown) {
			return true
		}
		for _, h := range p.Hops {
			if esc(h.Label, h.Detail, h.Unknown, h.Resource, h.Source.File, h.Source.ARN) {
				return true
			}
		}
	}
	return f.Suppressed != nil && esc(f.Suppressed.Reason, f.Suppressed.Source.File, f.Suppressed.Source.ARN)
}

// displayFinding returns a copy of f with every string from the estate
// passed through Display.
func displayFinding(f rules.Finding) rules.Finding {
	file := func(src inventory.Source) inventory.Source {
		src.File = Display(src.File)
		src.ARN = Display(src.ARN)
		return src
	}
	f.Estate = Display(f.Estate)
	f.Resource = Display(f.Resource)
	f.Label = Display(f.Label)
	f.Message = Display(f.Message)
	f.Source = file(f.Source)
	if f.Functions != nil {
		fns := make([]string, len(f.Functions))
		for j, n := range f.Functions {
			fns[j] = Display(n)
		}
		f.Functions = fns
	}
	if f.Evidence != nil {
		ev := make([]rules.Evidence, len(f.Evidence))
		for j, e := range f.Evidence {
			ev[j] = rules.Evidence{Label: Display(e.Label), Value: Display(e.Value), Source: file(e.Source)}
		}
		f.Evidence = ev
	}
	f.Path = displayPath(f.Path)
	if f.Suppressed != nil {
		s := *f.Suppressed
		s.Reason = Display(s.Reason)
		s.Source = file(s.Source)
		f.Suppressed = &s
	}
	return f
}

// displaySummary returns a copy of sum with every string from the estate
// passed through Display.
func displaySummary(sum Summary) Summary {
	strs := func(in []string) []string {
		if in == nil {
			return nil
		}
		o := make([]string, len(in))
		for i, s := range in {
			o[i] = Display(s)
		}
		return o
	}
	sum.Skipped = displayDiagnostics(sum.Skipped)
	sum.Warnings, sum.Expired = displayDiagnostics(sum.Warnings), displayDiagnostics(sum.Expired)
	sum.Gaps = strs(sum.Gaps)
	sum.Assessment = displayAssessment(sum.Assessment)
	return sum
}

// displayDiagnostics returns a copy of ds with every string shown as
// Display shows it (nil for nil).
func displayDiagnostics[L ~[]inventory.Diagnostic](ds L) L {
	if ds == nil {
		return nil
	}
	out := make(L, len(ds))
	for i, d := range ds {
		d.File, d.LogicalID, d.ARN, d.Message = Display(d.File), Display(d.LogicalID), Display(d.ARN), Display(d.Message)
		out[i] = d
	}
	return out
}
