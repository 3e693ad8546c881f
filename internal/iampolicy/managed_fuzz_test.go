package iampolicy

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

// FuzzManagedPolicies feeds arbitrary bytes to the managed-policy cache
// reader (the file `managed-policies sync` writes, and the built-in
// table). Its contract: an error names the file; every ARN the set lists
// is found by Doc and, in another partition's spelling, by the same doc
// (ManagedPolicy's "any partition is taken as aws"); ManagedPolicy finds
// it exactly when its document parses; a cache written back from the set
// reads as the same set; and merged over the built-in table, the cache's
// entries win.
func FuzzManagedPolicies(f *testing.F) {
	f.Add(gunzip(builtinManagedGz))
	f.Add([]byte(`[]`))
	f.Add([]byte(`null`))
	f.Add([]byte(`[{"name":"X","arn":"arn:aws:iam::aws:policy/X","version":"v1","updated":"2024-01-01T00:00:00Z","document":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}}]`))
	f.Add([]byte(`[{"arn":"arn:aws:iam::aws:policy/A","document":"not a policy"},{"arn":"arn:aws:iam::aws:policy/A","document":{}}]`))
	f.Add([]byte(`[{"arn":"","document":{}}]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := ParseManagedPolicies("cache.json", data)
		if err != nil {
			if s != nil {
				t.Fatalf("a set and an error: %v", err)
			}
			if !strings.HasPrefix(err.Error(), "cache.json: ") {
				t.Fatalf("error does not name the file: %v", err)
			}
			return
		}
		arns := s.ARNs()
		if len(arns) != s.Len() {
			t.Fatalf("Len %d, %d ARNs", s.Len(), len(arns))
		}
		var docs []*ManagedPolicyDoc
		for _, a := range arns {
			d, ok := s.Doc(a)
			if !ok {
				t.Fatalf("ARNs lists %q but Doc does not find it", a)
			}
			docs = append(docs, d)
			if rest, ok := strings.CutPrefix(a, "arn:aws:"); ok {
				if d2, ok := s.Doc("arn:aws-us-gov:" + rest); !ok || d2 != d {
					t.Fatalf("%q is not found in the aws-us-gov partition", a)
				}
			}
			_, perr := Parse(d.Document)
			if p, ok := s.ManagedPolicy(a); ok != (perr == nil) || ok != (p != nil) {
				t.Fatalf("ManagedPolicy(%q) = %v, %v; Parse error %v", a, p != nil, ok, perr)
			}
		}

		// The cache written back reads as the same set.
		out, err := json.Marshal(docs)
		if err != nil {
			t.Fatalf("marshal: %v", err)
		}
		s2, err := ParseManagedPolicies("again.json", out)
		if err != nil {
			t.Fatalf("the cache written back does not read: %v\n%s", err, out)
		}
		if !reflect.DeepEqual(arns, s2.ARNs()) {
			t.Fatalf("round trip changed the ARNs: %q -> %q", arns, s2.ARNs())
		}
		for _, a := range arns {
			d1, _ := s.Doc(a)
			d2, _ := s2.Doc(a)
			// Compare documents as JSON values: Marshal escapes <, > and &
			// in a RawMessage, which changes bytes but not the value.
			var v1, v2 any
			if json.Unmarshal(d1.Document, &v1) != nil || json.Unmarshal(d2.Document, &v2) != nil || !reflect.DeepEqual(v1, v2) ||
				d1.Name != d2.Name || d1.Version != d2.Version || d1.Updated != d2.Updated || d1.Source != d2.Source {
				t.Fatalf("round trip changed %q:\n%+v\n%+v", a, d1, d2)
			}
		}

		// Over the built-in table, the cache wins.
		m := Merge(BuiltinManagedPolicies(), s)
		for _, a := range arns {
			d, _ := s.Doc(a)
			if got, ok := m.Doc(a); !ok || got != d {
				t.Fatalf("merged set: %q is not the cache's", a)
			}
		}
	})
}
