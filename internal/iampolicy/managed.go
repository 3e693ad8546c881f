package iampolicy

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strings"
	"sync"
)

// ManagedPolicyDoc is one AWS managed policy as AWS publishes it: its ARN,
// default version and the date of that version, and its document.
type ManagedPolicyDoc struct {
	Name     string          `json:"name"`
	ARN      string          `json:"arn"`
	Version  string          `json:"version"`
	Updated  string          `json:"updated"`
	Source   string          `json:"source,omitempty"`
	Document json.RawMessage `json:"document"`
}

// ManagedPolicySet is a set of managed policies, found by ARN or by name.
// It implements the lookup the rules use to judge roles that attach
// managed policies by ARN.
type ManagedPolicySet struct {
	// From says where the set came from (the built-in table, a cache file).
	From   string
	byARN  map[string]*ManagedPolicyDoc
	parsed sync.Map // ARN -> *Policy
}

// builtinManagedGz is managed_policies.json, gzipped (see actionsJSONgz).
//
//go:generate gzip -9nkf managed_policies.json
//go:embed managed_policies.json.gz
var builtinManagedGz []byte

var (
	builtinOnce sync.Once
	builtinSet  *ManagedPolicySet
)

// BuiltinManagedPolicies returns the built-in table of the AWS managed
// policies Lambda roles commonly attach (see managed_policies.json for
// each document's version, date and source).
func BuiltinManagedPolicies() *ManagedPolicySet {
	builtinOnce.Do(func() {
		s, err := ParseManagedPolicies("built-in table", gunzip(builtinManagedGz))
		if err != nil {
			panic(err) // embedded data, checked by the package tests
		}
		builtinSet = s
	})
	return builtinSet
}

// ParseManagedPolicies reads a JSON array of ManagedPolicyDoc (the format
// of the built-in table and of the cache `managed-policies sync` writes).
// from labels the set and errors. Entries are keyed by their aws-partition
// ARN, as lookups are (a cache synced in aws-cn is found).
func ParseManagedPolicies(from string, data []byte) (*ManagedPolicySet, error) {
	var docs []*ManagedPolicyDoc
	if err := json.Unmarshal(data, &docs); err != nil {
		return nil, fmt.Errorf("%s: %w", from, err)
	}
	s := &ManagedPolicySet{From: from, byARN: map[string]*ManagedPolicyDoc{}}
	for i, d := range docs {
		if d == nil || d.ARN == "" || len(d.Document) == 0 {
			return nil, fmt.Errorf("%s: entry %d has no arn or document", from, i+1)
		}
		s.byARN[normalizeManagedARN(d.ARN)] = d
	}
	return s, nil
}

// LoadManagedPolicies reads a managed policy cache file.
func LoadManagedPolicies(path string) (*ManagedPolicySet, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return ParseManagedPolicies(path, data)
}

// ManagedPolicy returns the parsed document of the managed policy with
// that ARN (any partition is taken as aws), and false when the set does not
// have it or its document does not parse.
func (s *ManagedPolicySet) ManagedPolicy(arn string) (*Policy, bool) {
	if s == nil {
		return nil, false
	}
	arn = normalizeManagedARN(arn)
	if p, ok := s.parsed.Load(arn); ok {
		return p.(*Policy), true
	}
	d, ok := s.byARN[arn]
	if !ok {
		return nil, false
	}
	p, err := Parse(d.Document)
	if err != nil {
		return nil, false
	}
	s.parsed.Store(arn, p)
	return p, true
}

// Doc returns the entry for an ARN, for reports that cite version and date.
func (s *ManagedPolicySet) Doc(arn string) (*ManagedPolicyDoc, bool) {
	if s == nil {
		return nil, false
	}
	d, ok := s.byARN[normalizeManagedARN(arn)]
	return d, ok
}

// Len returns the number of policies in the set.
func (s *ManagedPolicySet) Len() int { return len(s.byARN) }

// ARNs returns the set's ARNs, sorted.
func (s *ManagedPolicySet) ARNs() []string {
	out := make([]string, 0, len(s.byARN))
	for a := range s.byARN {
		out = append(out, a)
	}
	sort.Strings(out)
	return out
}

// normalizeManagedARN maps the other partitions' AWS managed policy ARNs
// (aws-cn, aws-us-gov) onto the aws partition's, whose documents are the
// same for lambdasec's purposes.
func normalizeManagedARN(arn string) string {
	for _, p := range []string{"arn:aws-cn:", "arn:aws-us-gov:", "arn:aws-iso:", "arn:aws-iso-b:"} {
		if strings.HasPrefix(arn, p) {
			return "arn:aws:" + arn[len(p):]
		}
	}
	return arn
}

// Merge returns a set with the policies of s and then of more, later sets
// winning for an ARN in several (a synced cache over the built-in table).
func Merge(sets ...*ManagedPolicySet) *ManagedPolicySet {
	out := &ManagedPolicySet{byARN: map[string]*ManagedPolicyDoc{}}
	var from []string
	for _, s := range sets {
		if s == nil {
			continue
		}
		from = append(from, s.From)
		for a, d := range s.byARN {
			out.byARN[a] = d
		}
	}
	out.From = strings.Join(from, " + ")
	return out
}
