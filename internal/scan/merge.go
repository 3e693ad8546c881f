package scan

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"sort"
	"strconv"
	"time"

	"github.com/lambdasec/lambdasec/internal/inventory"
	"github.com/lambdasec/lambdasec/internal/shard"
	"github.com/lambdasec/lambdasec/internal/source/snapshot"
)

// Merge kinds: what MergeInputs combined.
const (
	MergeSnapshots = "snapshots" // lambdasec collect output
	MergeReports   = "reports"   // lambdasec scan --format json output
)

// MergeInput is one file to merge: its name (for errors and for the
// per-shard summaries) and its content.
type MergeInput struct {
	Name string
	Data []byte
}

// Merged is what MergeInputs made.
type Merged struct {
	// Kind is MergeSnapshots or MergeReports.
	Kind string
	// Duplicates counts the estates (snapshots) found in more than one
	// input, or the reports of a shard another report already was, kept
	// once.
	Duplicates int
	// Missing are the shards ("2/4") of the run none of the reports is:
	// the merged report covers only part of the inputs.
	Missing []string
	// Warnings say what could not be combined cleanly: two inputs with
	// different contents for one estate (the first input's is kept).
	Warnings []string
	snap     *inventory.Snapshot
	report   map[string]json.RawMessage
}

// Write writes the merged snapshot or report as indented JSON, in the
// form of its inputs.
func (m *Merged) Write(w io.Writer) error {
	if m.snap != nil {
		return snapshot.Write(w, m.snap)
	}
	// The report's own order: the header first (lambdasec recognises
	// its reports by the tool field near the top), findings last.
	keys := []string{"schemaVersion", "tool", "version", "summary"}
	var rest []string
	for k := range m.report {
		if !slices.Contains(keys, k) && k != "findings" {
			rest = append(rest, k)
		}
	}
	slices.Sort(rest)
	keys = append(append(keys, rest...), "findings")
	var b bytes.Buffer
	b.WriteString("{")
	first := true
	for _, k := range keys {
		raw, ok := m.report[k]
		if !ok {
			continue
		}
		if !first {
			b.WriteString(",")
		}
		first = false
		name, _ := json.Marshal(k)
		b.Write(name)
		b.WriteString(":")
		b.Write(raw)
	}
	b.WriteString("}")
	var out bytes.Buffer
	if err := json.Indent(&out, b.Bytes(), "", "  "); err != nil {
		return err
	}
	out.WriteString("\n")
	_, err := w.Write(out.Bytes())
	return err
}

// MergeInputs combines the outputs of shards (see Options.Shard): all
// snapshots, or all JSON reports — not a mix. Snapshots: the estates of
// every input, each estate (kind, name, account) once, ordered by name
// and account as one collection orders them. Reports: see mergeReports.
// The error names the input that is neither, or not of the first one's
// kind or version.
func MergeInputs(in []MergeInput) (*Merged, error) {
	if len(in) == 0 {
		return nil, errors.New("nothing to merge: name the snapshots or JSON reports of the shards")
	}
	kinds := make([]string, len(in))
	for i, f := range in {
		var top map[string]json.RawMessage
		if err := json.Unmarshal(f.Data, &top); err != nil {
			return nil, fmt.Errorf("%s: not a lambdasec snapshot or JSON report: %w", f.Name, err)
		}
		switch {
		case top["estates"] != nil:
			kinds[i] = MergeSnapshots
		case top["findings"] != nil && bytes.Equal(top["tool"], []byte(`"lambdasec"`)):
			kinds[i] = MergeReports
		default:
			return nil, fmt.Errorf("%s: not a lambdasec snapshot or JSON report (lambdasec scan --format json)", f.Name)
		}
		if kinds[i] != kinds[0] {
			return nil, fmt.Errorf("%s: %s cannot be merged with %s (%s)", f.Name, kinds[i], in[0].Name, kinds[0])
		}
	}
	if kinds[0] == MergeSnapshots {
		return mergeSnapshots(in)
	}
	return mergeReports(in)
}

func mergeSnapshots(in []MergeInput) (*Merged, error) {
	m := &Merged{Kind: MergeSnapshots}
	type kept struct {
		estate *inventory.Estate
		json   []byte
		from   string
	}
	byKey := map[string]*kept{}
	var order []*kept
	for _, f := range in {
		s, err := snapshot.Read(f.Name, f.Data)
		if err != nil {
			return nil, err
		}
		if m.snap == nil {
			m.snap = &inventory.Snapshot{Tool: s.Tool}
		}
		if s.CreatedAt.After(m.snap.CreatedAt) {
			m.snap.CreatedAt = s.CreatedAt
		}
		for _, e := range s.Estates {
			data, err := json.Marshal(e)
			if err != nil {
				return nil, fmt.Errorf("%s: estate %s: %w", f.Name, e.Name, err)
			}
			k := e.Kind + "\x00" + e.Name + "\x00" + e.Account
			if prev := byKey[k]; prev != nil {
				m.Duplicates++
				if !bytes.Equal(prev.json, data) {
					m.Warnings = append(m.Warnings, fmt.Sprintf("%s %s is in %s and %s with different contents: kept %s's",
						e.Kind, e.Name, prev.from, f.Name, prev.from))
				}
				continue
			}
			kp := &kept{estate: e, json: data, from: f.Name}
			byKey[k] = kp
			order = append(order, kp)
		}
	}
	slices.SortStableFunc(order, func(a, b *kept) int {
		return cmp.Or(cmp.Compare(a.estate.Name, b.estate.Name), cmp.Compare(a.estate.Account, b.estate.Account))
	})
	for _, k := range order {
		m.snap.Estates = append(m.snap.Estates, k.estate)
	}
	return m, nil
}

// mergeReports combines JSON reports. It reads them as generic JSON, so
// that it keeps every field a report has. Reports of schemaVersion 1 and 2
// may be mixed: the merged report has the highest version of its inputs,
// and when that is 2 the findings of version 1 reports are written as
// version 2 writes them (their rules' metadata moved to "rules", once per
// rule):
//
//   - an input whose summary names a shard ("1/4") another input already
//     named (a retried job) is kept once: the first; shards of different
//     n are an error, and the shards none of the inputs names are listed
//     (Merged.Missing, summary.missingShards). Findings are not
//     deduplicated one by one: two snapshots of one account scanned by
//     two shards rightly give identical findings twice, as one scan does;
//   - findings: every input's, grouped by estate (estates in name order,
//     each estate's findings in its report's order);
//   - any other list at the top: the union; "rules" (version 2) once per
//     rule ID, sorted by ID;
//   - summary: the counts (pass, fail, unknown, suppressed,
//     failBySeverity) counted again over the merged findings; files,
//     estates and the other numbers summed, but excluded (each shard walks
//     the same tree) the largest; gaps joined; the other lists (skipped,
//     warnings) joined, a line that more than one shard has as often as
//     the one that has it most (each shard walks the same tree, and says
//     the same about it); shard and otherShards dropped; and the inputs'
//     summaries kept whole under "shards", with their file names.
func mergeReports(in []MergeInput) (*Merged, error) {
	m := &Merged{Kind: MergeReports, report: map[string]json.RawMessage{}}
	version := 0 // the highest of the inputs': the merged report's
	type finding struct {
		raw    json.RawMessage
		estate string
		seq    int
		v1     bool // of a schemaVersion 1 report
	}
	var findings []finding
	shardOf := map[string]string{} // shard label -> the input that had it
	count := 0                     // n of the shards
	lists := map[string][]json.RawMessage{}
	seenInList := map[string]bool{}
	var summaries []map[string]json.RawMessage
	var shards []json.RawMessage
	for _, f := range in {
		var top map[string]json.RawMessage
		if err := json.Unmarshal(f.Data, &top); err != nil {
			return nil, fmt.Errorf("%s: %w", f.Name, err)
		}
		v, err := reportVersion(f.Name, top["schemaVersion"])
		if err != nil {
			return nil, err
		}
		version = max(version, v)
		var head struct {
			Summary struct {
				Shard string `json:"shard"`
			} `json:"summary"`
		}
		_ = json.Unmarshal(f.Data, &head)
		if label := head.Summary.Shard; label != "" {
			sh, err := shard.Parse(label, func(string) string { return "" })
			if err != nil {
				return nil, fmt.Errorf("%s: summary: %w", f.Name, err)
			}
			if count == 0 {
				count = sh.Count
			} else if sh.Count != count {
				return nil, fmt.Errorf("%s: shard %s, but the others are parts of %d: merge the shards of one run", f.Name, label, count)
			}
			if prev, ok := shardOf[label]; ok {
				m.Duplicates++
				m.Warnings = append(m.Warnings, fmt.Sprintf("%s is shard %s again (as %s): kept %s", f.Name, label, prev, prev))
				continue
			}
			shardOf[label] = f.Name
		}
		for key, raw := range top {
			switch key {
			case "findings":
				var fs []json.RawMessage
				if err := json.Unmarshal(raw, &fs); err != nil {
					return nil, fmt.Errorf("%s: findings: %w", f.Name, err)
				}
				for _, fr := range fs {
					c, err := compact(fr)
					if err != nil {
						return nil, fmt.Errorf("%s: finding: %w", f.Name, err)
					}
					var head struct {
						Estate string `json:"estate"`
					}
					_ = json.Unmarshal(c, &head)
					findings = append(findings, finding{raw: c, estate: head.Estate, seq: len(findings), v1: v == 1})
				}
			case "summary":
				var sum map[string]json.RawMessage
				if err := json.Unmarshal(raw, &sum); err != nil {
					return nil, fmt.Errorf("%s: summary: %w", f.Name, err)
				}
				summaries = append(summaries, sum)
				one, err := json.Marshal(struct {
					File    string          `json:"file"`
					Summary json.RawMessage `json:"summary"`
				}{f.Name, raw})
				if err != nil {
					return nil, err
				}
				shards = append(shards, one)
			default:
				var list []json.RawMessage
				if raw[0] != '[' || json.Unmarshal(raw, &list) != nil {
					if _, ok := m.report[key]; !ok {
						m.report[key] = raw
					}
					continue
				}
				if _, ok := lists[key]; !ok {
					lists[key] = []json.RawMessage{}
				}
				for _, item := range list {
					c, err := compact(item)
					if err != nil {
						return nil, fmt.Errorf("%s: %s: %w", f.Name, key, err)
					}
					if k := key + "\x00" + string(c); !seenInList[k] {
						seenInList[k] = true
						lists[key] = append(lists[key], c)
					}
				}
			}
		}
	}
	// sort.SliceStable rather than slices.SortStableFunc here and in the
	// other cold sorts of large structs: each generic instantiation costs
	// kilobytes of binary (docs/binsize.md).
	sort.SliceStable(findings, func(i, j int) bool {
		a, b := &findings[i], &findings[j]
		return a.estate < b.estate || a.estate == b.estate && a.seq < b.seq
	})
	all := make([]json.RawMessage, len(findings))
	for i, f := range findings {
		all[i] = f.raw
		if f.v1 && version == 2 {
			up, rule, err := upgradeV1Finding(f.raw)
			if err != nil {
				return nil, fmt.Errorf("finding of estate %s: %w", f.estate, err)
			}
			all[i] = up
			lists["rules"] = append(lists["rules"], rule)
		}
	}
	if version == 2 {
		lists["rules"] = mergeRuleList(lists["rules"])
	}
	if ps, ok := lists["paths"]; ok {
		ranked, warning, err := rankMergedPaths(ps)
		if err != nil {
			return nil, err
		}
		lists["paths"] = ranked
		if warning != "" {
			m.Warnings = append(m.Warnings, warning)
		}
	}
	var err error
	if m.report["schemaVersion"], err = json.Marshal(version); err != nil {
		return nil, err
	}
	if m.report["findings"], err = json.Marshal(all); err != nil {
		return nil, err
	}
	for key, list := range lists {
		if m.report[key], err = json.Marshal(list); err != nil {
			return nil, err
		}
	}
	sum, err := mergeSummaries(summaries, all)
	if err != nil {
		return nil, err
	}
	if sum["shards"], err = json.Marshal(shards); err != nil {
		return nil, err
	}
	for i := 0; i < count; i++ {
		if label := (shard.Shard{Index: i, Count: count}).String(); shardOf[label] == "" {
			m.Missing = append(m.Missing, label)
		}
	}
	if len(m.Missing) > 0 {
		if sum["missingShards"], err = json.Marshal(m.Missing); err != nil {
			return nil, err
		}
	}
	if m.report["summary"], err = json.Marshal(sum); err != nil {
		return nil, err
	}
	return m, nil
}

// rankMergedPaths ranks the attack paths of several reports as one report
// ranks its own (report.rankedPaths): by score, higher first, then by
// estate, then by resource, each shard's order kept among equals; rank
// is rewritten from 1. Paths of a report written before paths carried a
// score cannot be ranked so: then the order of the inputs is kept, the
// ranks are renumbered, and the warning says so.
func rankMergedPaths(ps []json.RawMessage) ([]json.RawMessage, string, error) {
	type path struct {
		raw json.RawMessage
		key struct {
			Score    *int   `json:"score"`
			Estate   string `json:"estate"`
			Resource string `json:"resource"`
		}
	}
	all := make([]path, len(ps))
	scored := true
	for i, raw := range ps {
		all[i].raw = raw
		if err := json.Unmarshal(raw, &all[i].key); err != nil {
			return nil, "", fmt.Errorf("paths: %w", err)
		}
		scored = scored && all[i].key.Score != nil
	}
	warning := ""
	if scored {
		sort.SliceStable(all, func(i, j int) bool {
			a, b := &all[i].key, &all[j].key
			if *a.Score != *b.Score {
				return *a.Score > *b.Score
			}
			if a.Estate != b.Estate {
				return a.Estate < b.Estate
			}
			return a.Resource < b.Resource
		})
	} else if len(all) > 0 {
		warning = "paths: a report's paths carry no score (written by an older lambdasec): they keep the inputs' order, renumbered"
	}
	out := make([]json.RawMessage, len(all))
	for i, p := range all {
		var err error
		if out[i], err = withRank(p.raw, i+1); err != nil {
			return nil, "", fmt.Errorf("paths: %w", err)
		}
	}
	return out, warning, nil
}

// withRank returns the compact path raw with its rank set to rank. A
// path lambdasec wrote starts with its rank ({"rank":N,...}), which is
// replaced in place, keeping the members' order; any other gets its
// members sorted, as encoding/json writes a map.
func withRank(raw json.RawMessage, rank int) (json.RawMessage, error) {
	const head = `{"rank":`
	if bytes.HasPrefix(raw, []byte(head)) {
		rest := raw[len(head):]
		if end := bytes.IndexAny(rest, ",}"); end > 0 {
			out := append([]byte(head), strconv.Itoa(rank)...)
			return append(out, rest[end:]...), nil
		}
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(raw, &fields); err != nil {
		return nil, err
	}
	fields["rank"] = json.RawMessage(strconv.Itoa(rank))
	return json.Marshal(fields)
}

// mergeSummaries combines the summaries of reports (see mergeReports).
func mergeSummaries(sums []map[string]json.RawMessage, findings []json.RawMessage) (map[string]json.RawMessage, error) {
	out := map[string]json.RawMessage{}
	numbers := map[string]int64{}
	var lists = map[string][]json.RawMessage{}
	seen := map[string]int{} // list lines kept, by list and compact JSON
	for _, s := range sums {
		for key, raw := range s {
			switch key {
			case "shard", "otherShards", "pass", "fail", "unknown", "suppressed", "failBySeverity":
				continue
			}
			var n int64
			if json.Unmarshal(raw, &n) == nil {
				if key == "excluded" {
					numbers[key] = max(numbers[key], n)
				} else {
					numbers[key] += n
				}
				continue
			}
			var list []json.RawMessage
			if len(raw) > 0 && raw[0] == '[' && json.Unmarshal(raw, &list) == nil {
				if _, ok := lists[key]; !ok {
					lists[key] = []json.RawMessage{}
				}
				// Each shard walks the whole tree: what it says about the
				// walk (an unused skip pattern, a directory it could not
				// read) every shard says. A line is kept as many times as
				// the input that has it most often has it — but gaps are
				// per account, and each account is one shard's.
				here := map[string]int{}
				for _, item := range list {
					c, err := compact(item)
					if err != nil {
						return nil, err
					}
					k := key + "\x00" + string(c)
					here[k]++
					if key == "gaps" || here[k] > seen[k] {
						seen[k]++
						lists[key] = append(lists[key], c)
					}
				}
				continue
			}
			if key == "now" {
				// The shards of one run started at about the same time:
				// the merged run judged as of the earliest.
				var a, b time.Time
				if prev, ok := out[key]; !ok || json.Unmarshal(prev, &a) != nil || json.Unmarshal(raw, &b) == nil && b.Before(a) {
					out[key] = raw
				}
				continue
			}
			if _, ok := out[key]; !ok {
				out[key] = raw
			}
		}
	}
	for key, n := range numbers {
		out[key], _ = json.Marshal(n)
	}
	for key, list := range lists {
		var err error
		if out[key], err = json.Marshal(list); err != nil {
			return nil, err
		}
	}
	// Counted as report.Count counts: a suppressed finding only as
	// suppressed; failures also by severity.
	var c struct{ pass, fail, unknown, suppressed int }
	bySeverity := map[string]int{}
	for _, raw := range findings {
		var f struct {
			Status     string          `json:"status"`
			Severity   string          `json:"severity"`
			Suppressed json.RawMessage `json:"suppressed"`
		}
		if err := json.Unmarshal(raw, &f); err != nil {
			return nil, err
		}
		switch {
		case len(f.Suppressed) > 0 && string(f.Suppressed) != "null":
			c.suppressed++
		case f.Status == "PASS":
			c.pass++
		case f.Status == "UNKNOWN":
			c.unknown++
		case f.Status == "FAIL":
			c.fail++
			bySeverity[f.Severity]++
		}
	}
	for key, n := range map[string]int{"pass": c.pass, "fail": c.fail, "unknown": c.unknown, "suppressed": c.suppressed} {
		out[key], _ = json.Marshal(n)
	}
	out["failBySeverity"], _ = json.Marshal(bySeverity)
	return out, nil
}

// compact returns raw without insignificant white space, so that equal
// values compare equal as bytes.
func compact(raw json.RawMessage) (json.RawMessage, error) {
	var b bytes.Buffer
	if err := json.Compact(&b, raw); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
