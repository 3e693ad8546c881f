package secrets

import (
	"archive/zip"
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// TestFiles checks that Files hands over the files of a directory and of a
// zip package with Dir's and Zip's defences: dependency directories and
// entries escaping the package are not read, and they are named.
func TestFiles(t *testing.T) {
	dir := t.TempDir()
	for name, content := range map[string]string{
		"app.py":                "import boto3\n",
		"lib/util.py":           "x = 1\n",
		"node_modules/x/a.js":   "dependency\n",
		"__pycache__/a.cpython": "cache\n",
	} {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var got []string
	res := Files(dir, DefaultLimits, func(name string, content []byte) { got = append(got, name+"="+string(content)) })
	slices.Sort(got)
	if want := []string{"app.py=import boto3\n", "lib/util.py=x = 1\n"}; !slices.Equal(got, want) || res.Files != 2 || len(res.Problems) != 0 {
		t.Errorf("directory: files %q (count %d, problems %q), want %q", got, res.Files, res.Problems, want)
	}

	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, name := range []string{"handler.js", "../escape.js"} {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte("code of " + name))
	}
	zw.Close()
	pkg := filepath.Join(dir, "fn.zip")
	if err := os.WriteFile(pkg, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	got = nil
	res = Files(pkg, DefaultLimits, func(name string, content []byte) { got = append(got, name+"="+string(content)) })
	if want := []string{"handler.js=code of handler.js"}; !slices.Equal(got, want) || res.Files != 1 || len(res.Problems) != 1 {
		t.Errorf("zip: files %q (count %d, problems %q), want %q and one problem", got, res.Files, res.Problems, want)
	}
}
