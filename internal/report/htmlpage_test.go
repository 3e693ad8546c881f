package report

import (
	"bytes"
	"go/parser"
	"go/token"
	htmltemplate "html/template"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestReportImportsNoTemplate keeps html/template and text/template out of
// the report writers: executing a template calls reflect.Value.MethodByName,
// which makes the linker keep every exported method of every reachable
// type — the whole AWS SDK — and the binary grew from 34 to 105 MB
// (.ci/binsize.sh checks the binary itself). Tests may use them.
func TestReportImportsNoTemplate(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(token.NewFileSet(), name, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		checked++
		for _, imp := range f.Imports {
			if path, _ := strconv.Unquote(imp.Path.Value); path == "html/template" || path == "text/template" {
				t.Errorf("%s imports %s", name, path)
			}
		}
	}
	if checked == 0 {
		t.Fatal("no Go file checked")
	}
}

// TestHTMLWriterEscapesAsHTMLTemplate checks htmlWriter's escaping
// against html/template's, the standard it replaced, for a text node, a
// quoted attribute and an href: quotes, '&', '+', angle brackets, NUL,
// invalid UTF-8, scripts and other schemes, characters outside RFC 3986,
// escapes kept and escapes that are not escapes.
func TestHTMLWriterEscapesAsHTMLTemplate(t *testing.T) {
	tmpl := htmltemplate.Must(htmltemplate.New("x").Parse(`<p title="{{.}}">{{.}}</p><a href="{{.}}">x</a>`))
	for _, s := range []string{
		"", "plain", "a+b<c>&'\"\x00", "\xff\xfe bad", "héllo ✓", "</script><script>alert(1)</script>",
		"javascript:alert(1)", "JavaScript:x", " javascript:x", "data:text/html,x", "ftp://x", "/rel:x",
		"https://x.example/a b?c=d&e=f+g#h%20", "mailto:a@b", "HTTPS://X", "http://ä.example/ü?q=\"'<>`{}|\\^ ",
		"%zz\t\n", "a%20", "a%20b", "%2", "%g0x", "%41%4a%4G",
	} {
		var want bytes.Buffer
		if err := tmpl.Execute(&want, s); err != nil {
			t.Fatal(err)
		}
		w := &htmlWriter{}
		w.raw(`<p title="`)
		w.text(s)
		w.raw(`">`)
		w.text(s)
		w.raw(`</p><a href="`)
		w.url(s)
		w.raw(`">x</a>`)
		if got := w.b.String(); got != want.String() {
			t.Errorf("%q:\n got %s\nwant %s", s, got, want.String())
		}
	}
}
