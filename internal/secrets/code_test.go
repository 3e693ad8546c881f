package secrets

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

const awsKeyLine = `AWS_ACCESS_KEY_ID = "AKIA3QBOP56Z65H7XEZH"` + "\n"

// hostileZip builds a package with a secret in a normal file and, around
// it, an entry that escapes the package, a symbolic link, and an entry of
// 1 GiB of zeros (about 1 MiB compressed).
func hostileZip(t testing.TB) []byte {
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	add := func(name, body string) {
		f, err := w.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.Write([]byte(body)); err != nil {
			t.Fatal(err)
		}
	}
	add("../../etc/passwd", "root:x:0:0:root:/root:/bin/bash\n")
	add("handler.py", "import os\n\n"+awsKeyLine+"def handler(e, c):\n    return 1\n")
	h := &zip.FileHeader{Name: "link-to-etc", Method: zip.Store}
	h.SetMode(fs.ModeSymlink | 0o777)
	lf, err := w.CreateHeader(h)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = lf.Write([]byte("/etc/shadow"))
	bf, err := w.CreateHeader(&zip.FileHeader{Name: "data/zeros.bin", Method: zip.Deflate})
	if err != nil {
		t.Fatal(err)
	}
	chunk := make([]byte, 1<<20)
	for i := 0; i < 1024; i++ {
		if _, err := bf.Write(chunk); err != nil {
			t.Fatal(err)
		}
	}
	add("lib/util.py", "def f():\n    pass\n")
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestHostileZip checks that path traversal, a 1 GiB zip bomb and a
// symbolic link are each refused with a clear message, and that the rest
// of the package is still scanned.
func TestHostileZip(t *testing.T) {
	s, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	data := hostileZip(t)
	if len(data) > 8<<20 {
		t.Fatalf("the bomb should compress well, got %d bytes", len(data))
	}
	res := s.Zip("fn.zip", data, DefaultLimits)
	problems := strings.Join(res.Problems, "\n")
	for _, want := range []string{
		`entry "../../etc/passwd" escapes the package (path traversal): skipped`,
		`entry "link-to-etc" is a symbolic link: ignored`,
		`entry "data/zeros.bin" expands`,
	} {
		if !strings.Contains(problems, want) {
			t.Errorf("problems lack %q:\n%s", want, problems)
		}
	}
	if len(res.Hits) != 1 || res.Hits[0].File != "handler.py" || res.Hits[0].Line != 3 || !res.Hits[0].Critical {
		t.Errorf("hits %+v, want the AWS key in handler.py line 3", res.Hits)
	}
	if res.Bytes > 1<<20 {
		t.Errorf("read %d bytes out of the package: the bomb was expanded", res.Bytes)
	}
	if res.Files != 2 {
		t.Errorf("scanned %d files, want handler.py and lib/util.py", res.Files)
	}
}

// TestLyingZip checks an entry whose header understates its size: the
// read stops (archive/zip refuses data past the declared size, and the
// scan's own limit would stop it anyway) and the entry is reported.
func TestLyingZip(t *testing.T) {
	var payload bytes.Buffer
	fw, _ := flate.NewWriter(&payload, flate.BestCompression)
	_, _ = fw.Write(make([]byte, 32<<20))
	fw.Close()
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	h := &zip.FileHeader{Name: "small.txt", Method: zip.Deflate, CompressedSize64: uint64(payload.Len()), UncompressedSize64: 100}
	raw, err := w.CreateRaw(h)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = raw.Write(payload.Bytes())
	w.Close()
	s, _ := Default()
	lim := DefaultLimits
	lim.MaxRatio = 1e9 // let the lie pass the header check
	res := s.Zip("lie.zip", buf.Bytes(), lim)
	if !strings.Contains(strings.Join(res.Problems, "\n"), `entry "small.txt"`) || res.Bytes > lim.MaxFile+1 {
		t.Errorf("problems %v, bytes %d", res.Problems, res.Bytes)
	}
}

// TestDir scans a code directory without following symbolic links or
// descending into dependencies.
func TestDir(t *testing.T) {
	dir := t.TempDir()
	write := func(rel, body string) {
		p := filepath.Join(dir, rel)
		_ = os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("app.py", "x = 1\n"+awsKeyLine)
	write("node_modules/dep/index.js", awsKeyLine)
	outside := t.TempDir()
	if err := os.WriteFile(filepath.Join(outside, "secret.txt"), []byte(awsKeyLine), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(outside, "secret.txt"), filepath.Join(dir, "linked.txt")); err != nil {
		t.Fatal(err)
	}
	s, _ := Default()
	res := s.Dir(dir, DefaultLimits)
	// Column 22: where AKIA begins on the second line (it was 23, one too
	// many on every line but the first, before lambdasec matched gitleaks'
	// rules itself).
	if len(res.Hits) != 1 || res.Hits[0].File != "app.py" || res.Hits[0].Line != 2 || res.Hits[0].Column != strings.Index(awsKeyLine, "AKIA")+1 {
		t.Errorf("hits %+v, want only app.py line 2 column 22", res.Hits)
	}
	missing := s.Dir(filepath.Join(dir, "nope"), DefaultLimits)
	if len(missing.Problems) != 1 || !strings.Contains(missing.Problems[0], "no such file") {
		t.Errorf("missing dir: %v", missing.Problems)
	}
}

// BenchmarkScanCode measures code scanning throughput on one core, on
// real source code: the Go standard library's net/http package (from
// GOROOT, about 3 MB in some hundred files, so present wherever the tests
// run), scanned file by file as a package would be. It reports MB/s.
func BenchmarkScanCode(b *testing.B) {
	s, err := Default()
	if err != nil {
		b.Fatal(err)
	}
	benchScan(b, s.Text)
}

// BenchmarkMatchWhole times the matcher as gitleaks runs its rules: every
// rule whose keyword a file holds, over the whole file.
func BenchmarkMatchWhole(b *testing.B) {
	s, err := Default()
	if err != nil {
		b.Fatal(err)
	}
	benchScan(b, func(name string, data []byte) []Hit {
		s.rules.matchWhole(string(data), name)
		return nil
	})
}

// benchScan runs scan over the Go files of GOROOT/src/benchPkg, file by
// file, and reports MB/s.
func benchScan(b *testing.B, scan func(name string, data []byte) []Hit) {
	root := filepath.Join(runtime.GOROOT(), "src", benchPkg)
	type file struct {
		name string
		data []byte
	}
	var files []file
	var total int64
	_ = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".go") {
			data, _ := os.ReadFile(p)
			files = append(files, file{p, data})
			total += int64(len(data))
		}
		return nil
	})
	if total == 0 {
		b.Skip("no Go sources in GOROOT")
	}
	b.SetBytes(total)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, f := range files {
			scan(f.name, f.data)
		}
	}
}

// benchPkg is the GOROOT/src package BenchmarkScanCode scans.
var benchPkg = envOr("LAMBDASEC_BENCH_PKG", "net/http")

func envOr(k, def string) string {
	if v := os.Getenv(k); v != "" {
		return v
	}
	return def
}

// TestOverFile checks the message for a file over the per-file limit: it
// names the file, its size, the limit and how to raise it.
func TestOverFile(t *testing.T) {
	lim := DefaultLimits
	for _, tc := range []struct {
		size int64
		max  int64
		want string
	}{
		{7.5 * (1 << 20), 4 << 20, "bundle.js: 7.5 MiB, over the 4 MiB limit: not scanned; raise it with --max-code-file-size"},
		{5 << 20, 4 << 20, "bundle.js: 5 MiB, over the 4 MiB limit: not scanned; raise it with --max-code-file-size"},
		{1500, 1 << 10, "bundle.js: 1.5 KiB, over the 1 KiB limit: not scanned; raise it with --max-code-file-size"},
		{900, 100, "bundle.js: 900 bytes, over the 100 bytes limit: not scanned; raise it with --max-code-file-size"},
	} {
		lim.MaxFile = tc.max
		if got := overFile("bundle.js", tc.size, lim); got != tc.want {
			t.Errorf("overFile(%d, max %d) = %q, want %q", tc.size, tc.max, got, tc.want)
		}
	}
}

// zipOf builds a zip of the given files, in order.
func zipOf(t testing.TB, files ...[2]string) []byte {
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	for _, f := range files {
		fw, err := w.Create(f[0])
		if err != nil {
			t.Fatal(err)
		}
		if _, err := fw.Write([]byte(f[1])); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestBinaryAndNestedCode: a credential compiled into a binary and one in
// a jar inside the package are found (a partial scan is never a clean
// one); an archive that cannot be opened, and one nested too deep, are
// named as not scanned.
func TestBinaryAndNestedCode(t *testing.T) {
	s, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	// A compiled program: NUL bytes and machine code around its strings.
	bootstrap := "\x7fELF\x02\x01\x01\x00\x00\x00\x00" + strings.Repeat("\x00\x01\xff", 50) + awsKeyLine + "\x00\x00\xc3\x90"
	jar := zipOf(t, [2]string{"META-INF/MANIFEST.MF", "Manifest-Version: 1.0\n"}, [2]string{"app/Config.java", awsKeyLine})
	deep := zipOf(t, [2]string{"a.jar", string(zipOf(t, [2]string{"b.jar", string(zipOf(t, [2]string{"c.jar", string(jar)}))}))})
	pkg := zipOf(t,
		[2]string{"bootstrap", bootstrap},
		[2]string{"lib/app.jar", string(jar)},
		[2]string{"lib/deep.zip", string(deep)},
		[2]string{"data.tgz", "\x1f\x8b\x08\x00 not really"},
	)
	res := s.Zip("fn.zip", pkg, DefaultLimits)
	var files []string
	for _, h := range res.Hits {
		files = append(files, h.File)
		if h.File == "bootstrap" && (h.Line != 0 || !h.Critical) {
			t.Errorf("hit in a binary: %+v, want no line, critical", h)
		}
	}
	got := strings.Join(files, ",")
	if !strings.Contains(got, "bootstrap") || !strings.Contains(got, "lib/app.jar!/app/Config.java") {
		t.Errorf("hits in %s, want bootstrap and lib/app.jar!/app/Config.java", got)
	}
	problems := strings.Join(res.Problems, "\n")
	for _, want := range []string{
		`fn.zip: entry "data.tgz" is a compressed archive lambdasec does not open: not scanned`,
		`fn.zip!/lib/deep.zip!/a.jar: entry "b.jar" is an archive nested more than 3 deep: not opened`,
	} {
		if !strings.Contains(problems, want) {
			t.Errorf("problems lack %q:\n%s", want, problems)
		}
	}

	// The same from a code directory.
	dir := t.TempDir()
	for name, body := range map[string]string{"bootstrap": bootstrap, "lib/app.jar": string(jar), "notes.gz": "\x1f\x8b"} {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	dres := s.Dir(dir, DefaultLimits)
	files = files[:0]
	for _, h := range dres.Hits {
		files = append(files, h.File)
	}
	if got := strings.Join(files, ","); !strings.Contains(got, "bootstrap") || !strings.Contains(got, "lib/app.jar!/app/Config.java") {
		t.Errorf("directory hits in %s, want bootstrap and lib/app.jar!/app/Config.java", got)
	}
	if p := strings.Join(dres.Problems, "\n"); !strings.Contains(p, "notes.gz: a compressed archive lambdasec does not open") {
		t.Errorf("directory problems lack notes.gz:\n%s", p)
	}
}

func TestPrintableRuns(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"\x00short\x00", ""},
		{"\x00exactly8\x00\x01longer run here\xff", "exactly8\nlonger run here\n"},
		{"tail run at end", "tail run at end\n"},
	} {
		if got := string(printableRuns([]byte(tc.in), 8)); got != tc.want {
			t.Errorf("printableRuns(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
