package scan

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/lambdasec/lambdasec/internal/iampolicy"
	"github.com/lambdasec/lambdasec/internal/inventory"
	"github.com/lambdasec/lambdasec/internal/rules"
	"github.com/lambdasec/lambdasec/internal/source/snapshot"
)

// corpusDir finds the shared corpus of real templates beside the checkout
// (../shared/corpus), or in $LAMBDASEC_CORPUS. A fresh clone has none:
// the corpus tests then skip, unless LAMBDASEC_REQUIRE_CORPUS is set (as
// .ci/run does), when they fail.
func corpusDir(tb testing.TB) string {
	dir := os.Getenv("LAMBDASEC_CORPUS")
	if dir == "" {
		dir = filepath.Join("..", "..", "..", "shared", "corpus")
	}
	dir = filepath.Join(dir, "serverless-patterns")
	if _, err := os.Stat(dir); err != nil {
		if os.Getenv("LAMBDASEC_REQUIRE_CORPUS") != "" {
			tb.Fatalf("corpus required but not found: %v", err)
		}
		tb.Skipf("no corpus at %s", dir)
	}
	return dir
}

// TestCorpus reads every template of the corpus of real applications and
// judges it with every rule: fewer than 2% may be skipped, each with a
// reason, and no reader or rule may crash.
func TestCorpus(t *testing.T) {
	dir := corpusDir(t)
	loaded := Load([]string{dir}, Options{})
	total := loaded.Files
	if total < 400 {
		t.Fatalf("read only %d files from the corpus", total)
	}
	for _, p := range loaded.Skipped {
		t.Logf("skipped %s", p)
		if p.Reason == "" {
			t.Errorf("%s skipped without a reason", p.Path)
		}
		if strings.Contains(p.Reason, "internal error") {
			t.Errorf("reader crashed on %s", p)
		}
	}
	if share := float64(len(loaded.Skipped)) / float64(total); share >= 0.02 {
		t.Errorf("skipped %d of %d files (%.1f%%), want under 2%%", len(loaded.Skipped), total, 100*share)
	}
	cfg := &rules.Config{ManagedPolicies: iampolicy.BuiltinManagedPolicies()}
	fs := rules.Run(loaded.Estates, rules.All(), time.Date(2026, 11, 21, 0, 0, 0, 0, time.UTC), cfg)
	for _, f := range fs {
		if f.Kind == rules.KindEstate && strings.Contains(f.Message, "failed on this estate") {
			t.Errorf("%s: %s", f.Estate, f.Message)
		}
	}
	t.Logf("%d files, %d estates, %d skipped, %d results", total, len(loaded.Estates), len(loaded.Skipped), len(fs))
}

// TestLoadMixed checks the directory walk: templates are found by content,
// other files are passed over silently, dependency directories are skipped.
func TestLoadMixed(t *testing.T) {
	dir := t.TempDir()
	write := func(rel, data string) {
		p := filepath.Join(dir, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("infra/stack.template", "Resources:\n  T: {Type: AWS::SNS::Topic}\n")
	write("cdk.out/App.template.json", `{"Resources": {"Q": {"Type": "AWS::SQS::Queue"}}}`)
	write("package.json", `{"name": "app"}`)
	write("config.yaml", "key: value\n")
	write("node_modules/x/template.yaml", "Resources:\n  T: {Type: AWS::SNS::Topic}\n")
	write("broken.yml", "Resources: {AWS::x\n")
	l := Load([]string{dir}, Options{Workers: 3})
	if len(l.Estates) != 2 || l.Files != 3 || len(l.Skipped) != 1 {
		t.Fatalf("estates %d files %d skipped %v", len(l.Estates), l.Files, l.Skipped)
	}
	names := []string{l.Estates[0].Name, l.Estates[1].Name}
	if !strings.HasSuffix(names[0], "App.template.json") || !strings.HasSuffix(names[1], "stack.template") {
		t.Errorf("estates %v, want the cdk.out template and the .template file in path order", names)
	}
	if !strings.HasSuffix(l.Skipped[0].Path, "broken.yml") || l.Skipped[0].Line == 0 {
		t.Errorf("skipped %+v", l.Skipped[0])
	}
}

// BenchmarkCorpus measures the whole template pipeline — read, resolve,
// SAM transform, model, every rule — over the corpus on one core, and
// reports templates per second.
func BenchmarkCorpus(b *testing.B) {
	dir := corpusDir(b)
	type file struct {
		path string
		data []byte
	}
	var files []file
	_ = filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && candidate(d.Name()) {
			data, _ := os.ReadFile(p)
			files = append(files, file{p, data})
		}
		return nil
	})
	cfg := &rules.Config{ManagedPolicies: iampolicy.BuiltinManagedPolicies()}
	now := time.Date(2026, 11, 21, 0, 0, 0, 0, time.UTC)
	all := rules.All()
	b.ReportAllocs()
	b.ResetTimer()
	templates := 0
	for i := 0; i < b.N; i++ {
		for _, f := range files {
			es, read, _, _ := loadData(f.path, f.data, false)
			if !read {
				continue
			}
			templates++
			rules.Run(es, all, now, cfg)
		}
	}
	b.ReportMetric(float64(templates)/b.Elapsed().Seconds(), "templates/s")
}

// TestSnapshotRoundTrip writes the example application's estate as a
// snapshot, reads it back, and checks that every rule gives the same
// results on both.
func TestSnapshotRoundTrip(t *testing.T) {
	direct := Load([]string{"../../examples/orders-api"}, Options{})
	if len(direct.Estates) != 1 || len(direct.Skipped) != 0 {
		t.Fatalf("loaded %d estates, skipped %v", len(direct.Estates), direct.Skipped)
	}
	var buf bytes.Buffer
	if err := snapshot.Write(&buf, &inventory.Snapshot{Tool: "test", Estates: direct.Estates}); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "snapshot.json")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	replayed := Load([]string{path}, Options{})
	if len(replayed.Estates) != 1 || len(replayed.Skipped) != 0 {
		t.Fatalf("snapshot loaded %d estates, skipped %v", len(replayed.Estates), replayed.Skipped)
	}
	cfg := &rules.Config{ManagedPolicies: iampolicy.BuiltinManagedPolicies()}
	now := time.Date(2026, 11, 21, 0, 0, 0, 0, time.UTC)
	a, _ := json.Marshal(rules.Run(direct.Estates, rules.All(), now, cfg))
	b, _ := json.Marshal(rules.Run(replayed.Estates, rules.All(), now, cfg))
	if !bytes.Equal(a, b) {
		t.Errorf("findings differ after a snapshot round trip:\n%s\n%s", a, b)
	}
	if len(a) < 1000 {
		t.Errorf("suspiciously few findings: %s", a)
	}
}

// BenchmarkCorpusRoles measures the IAM analysis alone (LS201-LS208: full
// admin, service wildcards, escalation paths, data access, exposure,
// credentials, sharing, trust) over every execution role of the corpus,
// and reports roles per second.
func BenchmarkCorpusRoles(b *testing.B) {
	loaded := Load([]string{corpusDir(b)}, Options{})
	var iam []*rules.Rule
	for _, r := range rules.All() {
		if strings.HasPrefix(r.ID, "LS2") {
			iam = append(iam, r)
		}
	}
	roles := 0
	for _, e := range loaded.Estates {
		ix := inventory.NewIndex(e)
		for _, r := range e.Roles {
			if len(ix.FunctionsOfRole(r)) > 0 {
				roles++
			}
		}
	}
	cfg := &rules.Config{ManagedPolicies: iampolicy.BuiltinManagedPolicies()}
	now := time.Date(2026, 11, 21, 0, 0, 0, 0, time.UTC)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		rules.Run(loaded.Estates, iam, now, cfg)
	}
	b.ReportMetric(float64(roles*b.N)/b.Elapsed().Seconds(), "roles/s")
	b.ReportMetric(float64(roles), "roles")
}
