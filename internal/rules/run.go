package rules

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/lambdasec/lambdasec/internal/inventory"
	"golang.org/x/sync/errgroup"
)

// Finding is a result of a rule on a resource of an estate, ready to
// report: the effective severity, a fingerprint that survives line moves,
// and the suppression that applies to it, if any.
type Finding struct {
	Rule *Rule
	// Estate names the estate the resource is in (template path, account).
	Estate string
	Result
	// Severity is the result's severity, or the rule's.
	Severity    Severity
	Fingerprint string
	Suppressed  *Suppression
}

// Suppression says why a finding is not counted: an inline skip in the
// template, a .lambdasec.yaml ignore, or a baseline.
type Suppression struct {
	Kind   string           `json:"kind"` // "inline", "config" or "baseline"
	Reason string           `json:"reason,omitempty"`
	Source inventory.Source `json:"source,omitzero"`
}

// Run judges each estate with each rule and returns the findings, in the
// order of SortFindings. Estates are judged cfg.Parallel at a time (see
// Config.Parallel); each estate's findings are gathered in estate order,
// so the result is the same as a serial run's. A rule that panics yields
// an UNKNOWN result for the estate naming the panic, never a crash of
// the scan.
func Run(estates []*inventory.Estate, rs []*Rule, now time.Time, cfg *Config) []Finding {
	workers := 0
	if cfg != nil {
		workers = cfg.Parallel
	}
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	per := make([][]Finding, len(estates))
	judge := func(i int) {
		// Sorted by every worker at once, rather than all findings by
		// one core at the end; kept at their length (append's spare room
		// released).
		per[i] = slices.Clip(slices.Clone(Judge(estates[i], rs, now, cfg)))
	}
	if workers == 1 || len(estates) < 2 {
		for i := range estates {
			judge(i)
		}
	} else {
		var g errgroup.Group
		g.SetLimit(workers)
		for i := range estates {
			g.Go(func() error { judge(i); return nil })
		}
		_ = g.Wait() // judge returns no error
	}
	return concatSorted(estates, per)
}

// Judge judges one estate with each rule of rs and returns its findings,
// in the order of SortFindings. A rule that panics yields an UNKNOWN
// result for the estate naming the panic. The estate's own findings are
// all Judge needs of it: the scan pipeline judges each estate as it is
// read, then lets it go.
func Judge(e *inventory.Estate, rs []*Rule, now time.Time, cfg *Config) []Finding {
	in := NewInput(e, now, cfg)
	results := make([][]Result, len(rs))
	n := 0
	for i, r := range rs {
		results[i] = safeCheck(r, in)
		n += len(results[i])
	}
	out := make([]Finding, 0, n) // findings are large: no growing copies
	for i, r := range rs {
		for _, res := range results[i] {
			out = append(out, newFinding(r, e, res))
		}
		results[i] = nil
	}
	SortFindings(out)
	return out
}

// concatSorted returns the findings of every estate, each estate's
// already in the order of SortFindings, in that order: estates by name
// (stably), and the findings of estates that share a name sorted
// together. The result is what SortFindings gives for all the findings
// in estate order, without sorting them all again.
func concatSorted(estates []*inventory.Estate, per [][]Finding) []Finding {
	order := make([]int, len(estates))
	n := 0
	for i := range order {
		order[i] = i
		n += len(per[i])
	}
	slices.SortStableFunc(order, func(a, b int) int { return strings.Compare(estates[a].Name, estates[b].Name) })
	out := make([]Finding, 0, n)
	for k := 0; k < len(order); {
		start := len(out)
		j := k
		for ; j < len(order) && estates[order[j]].Name == estates[order[k]].Name; j++ {
			out = append(out, per[order[j]]...)
			per[order[j]] = nil
		}
		if j-k > 1 {
			SortFindings(out[start:])
		}
		k = j
	}
	return out
}

func safeCheck(r *Rule, in *Input) (res []Result) {
	defer func() {
		if p := recover(); p != nil {
			res = []Result{{Status: Unknown, Resource: in.Estate.Name, Kind: KindEstate,
				Message: fmt.Sprintf("rule %s failed on this estate: %v (please report this)", r.ID, p)}}
		}
	}()
	return r.Check(in)
}

func newFinding(r *Rule, e *inventory.Estate, res Result) Finding {
	f := Finding{Rule: r, Estate: e.Name, Result: res, Severity: r.Severity}
	if res.Severity != nil {
		f.Severity = *res.Severity
	}
	f.Fingerprint = Fingerprint(r.ID, e.Name, res)
	f.Skips = citedSkips(e, res)
	return f
}

// citedSkips returns the inline skips of the result's resource and of
// every other resource it cites (its source's and its evidence's logical
// IDs, such as the AWS::Lambda::Permission a public-invoke finding
// quotes), so a skip written next to any of them applies.
func citedSkips(e *inventory.Estate, res Result) []inventory.Skip {
	if len(e.Skips) == 0 {
		return res.Skips
	}
	out := append([]inventory.Skip(nil), res.Skips...)
	seen := map[string]bool{res.Resource: len(res.Skips) > 0}
	add := func(id string) {
		if id == "" || seen[id] {
			return
		}
		seen[id] = true
		out = append(out, e.Skips[id]...)
	}
	add(res.Resource)
	add(res.Source.LogicalID)
	for _, ev := range res.Evidence {
		add(ev.Source.LogicalID)
	}
	return out
}

// Fingerprint identifies a finding across scans: the rule, the estate, the
// resource and the evidence values, but not positions, so moving lines
// does not change it. It is a hex SHA-256 prefix.
func Fingerprint(ruleID, estate string, res Result) string {
	// The bytes hashed are those of
	// fmt.Sprintf("%s\x00%s\x00%s\x00%s\x00%s", rule, estate, kind, resource, status)
	// and "\x00%s=%s" per evidence item, written without fmt.
	h := sha256.New()
	for i, s := range []string{ruleID, estate, string(res.Kind), res.Resource, string(res.Status)} {
		if i > 0 {
			h.Write([]byte{0})
		}
		io.WriteString(h, s)
	}
	for _, ev := range res.Evidence {
		h.Write([]byte{0})
		io.WriteString(h, ev.Label)
		h.Write([]byte{'='})
		io.WriteString(h, ev.Value)
	}
	var sum [sha256.Size]byte
	return hex.EncodeToString(h.Sum(sum[:0])[:16])
}

// SortFindings orders findings by estate, resource, rule ID and message,
// so every output is stable. Positions play no part: findings about one
// resource stay together wherever their evidence is.
func SortFindings(fs []Finding) {
	slices.SortStableFunc(fs, func(a, b Finding) int {
		return cmp.Or(strings.Compare(a.Estate, b.Estate), strings.Compare(a.Resource, b.Resource),
			strings.Compare(a.Rule.ID, b.Rule.ID), strings.Compare(a.Message, b.Message))
	})
}

// ByID returns the rule with the given ID (case-insensitive) or name, or
// nil.
func ByID(rs []*Rule, id string) *Rule {
	for _, r := range rs {
		if strings.EqualFold(r.ID, id) || r.Name == id {
			return r
		}
	}
	return nil
}
