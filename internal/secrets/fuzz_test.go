package secrets

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/lambdasec/lambdasec/internal/secrets/internal/tomljson"
)

// fingerprintForm is what Fingerprint returns: at most four bytes of the
// secret, then a hash.
var fingerprintForm = regexp.MustCompile(`^(?s:(.{4})…)?sha256:[0-9a-f]{12}$`)

// checkHit checks one hit on text against the scanner's contract: the
// line is in the text, the fingerprint is redacted (four bytes at most),
// and the four bytes it shows occur in the text from the reported line
// on (the secret is in the input, where the hit says).
func checkHit(t *testing.T, text string, h Hit) {
	t.Helper()
	if msg := hitProblem(text, h); msg != "" {
		t.Fatal(msg)
	}
}

// hitProblem returns what is wrong with h as a hit on text, or "".
func hitProblem(text string, h Hit) string {
	if h.Detector == "" {
		return fmt.Sprintf("hit without a detector: %+v", h)
	}
	if h.Line == 0 && binary([]byte(text)) {
		// A binary file in a package is scanned through its printable
		// runs, and its hits carry no line or column: the prefix must
		// still be in the file.
		if h.Column != 0 {
			return fmt.Sprintf("hit %s in a binary file at column %d, want no position", h.Detector, h.Column)
		}
		if m := fingerprintForm.FindStringSubmatch(h.Fingerprint); m == nil {
			return fmt.Sprintf("fingerprint %q is not redacted to four bytes and a hash", h.Fingerprint)
		} else if !strings.Contains(text, m[1]) {
			return fmt.Sprintf("hit %s in a binary file: its prefix %q is not in the file", h.Detector, m[1])
		}
		return ""
	}
	lines := splitLines(text)
	if h.Line < 1 || h.Line > max(len(lines), 1) {
		return fmt.Sprintf("hit %s on line %d of %d", h.Detector, h.Line, len(lines))
	}
	m := fingerprintForm.FindStringSubmatch(h.Fingerprint)
	if m == nil {
		return fmt.Sprintf("fingerprint %q is not redacted to four bytes and a hash", h.Fingerprint)
	}
	if m[1] == "" {
		return ""
	}
	from := 0
	for _, l := range lines[:h.Line-1] {
		from += len(l)
	}
	if !strings.Contains(text[from:], m[1]) {
		return fmt.Sprintf("hit %s on line %d: its prefix %q is not in the text from that line on", h.Detector, h.Line, m[1])
	}
	return ""
}

// textSeeds are code with secrets of the main kinds, and near misses.
var textSeeds = []string{
	"import os\n\n" + awsKeyLine + "def handler(e, c):\n    return 1\n",
	awsKeyLine,
	"const token = \"ghp_abcdefghijklmnopqrstuvwxyz0123456789\";\n",
	"-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA0Z3VS5JJcds3xfn/ygWyF8PbnGy0AHB7MhgwMbRvI0MBZhpF\n-----END RSA PRIVATE KEY-----\n",
	"db = \"postgres://admin:Sup3rS3cretPa55@db.example.com/app\"\nstripe = 'sk_live_51H8abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJ'\n",
	"slack_webhook = \"https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX\"\n",
	"password = os.environ['PASSWORD']\napi_key = '{{resolve:secretsmanager:k}}'\n",
	"key =\n\n\n\n\n  'AKIA3QBOP56Z65H7XEZH'\r\n",
	"",
	"\n",
	"AKIA",
}

// FuzzText feeds arbitrary text to the secret scanner. Its contract: each
// hit is on a line of the text, its fingerprint is redacted, and the bytes
// it shows are in the text from that line on; the scan is deterministic;
// and the scanner's keyword shortcut (rules run on the lines around their
// keywords only) never reports a secret that gitleaks, running every rule
// over the whole text, does not find — it cannot stitch a secret together
// from lines that are apart. EnvVar on the same text as a value has the
// same redaction contract.
func FuzzText(f *testing.F) {
	for _, s := range textSeeds {
		f.Add([]byte(s))
	}
	s, err := Default()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, content []byte) {
		text := string(content)
		hits := s.Text("src/app.py", content)
		for _, h := range hits {
			checkHit(t, text, h)
		}
		if again := s.Text("src/app.py", content); fmt.Sprint(again) != fmt.Sprint(hits) {
			t.Fatalf("two scans differ:\n%v\n%v", hits, again)
		}
		found := map[string]bool{}
		for _, w := range s.rules.matchWhole(text, "src/app.py") {
			found[w.rule.id+" "+Fingerprint(w.secret)] = true
		}
		for _, h := range hits {
			// url-credentials is lambdasec's own detector, not gitleaks'.
			if h.Detector != "url-credentials" && !found[h.Detector+" "+h.Fingerprint] {
				t.Fatalf("hit %s %s on line %d is not found by the rules run over the whole text", h.Detector, h.Fingerprint, h.Line)
			}
		}

		name, value, _ := strings.Cut(text, "=")
		for _, h := range s.EnvVar(name, value, "") {
			line := fmt.Sprintf("%s=%q\n", name, value)
			if h.Line != 0 {
				t.Fatalf("variable hit with line %d", h.Line)
			}
			m := fingerprintForm.FindStringSubmatch(h.Fingerprint)
			if m == nil {
				t.Fatalf("fingerprint %q is not redacted to four bytes and a hash", h.Fingerprint)
			}
			if m[1] != "" && !strings.Contains(value, m[1]) && !strings.Contains(line, m[1]) {
				t.Fatalf("variable hit %s shows %q, which is not in %q", h.Detector, m[1], line)
			}
		}
	})
}

// fuzzLimits are small, so that the fuzzer reaches them.
var fuzzLimits = Limits{MaxPackage: 1 << 20, MaxEntries: 64, MaxTotal: 64 << 10, MaxRatio: 200, MaxFile: 16 << 10}

// storedZip returns a zip of the files (name -> content), stored without
// compression, in the order of names.
func storedZip(t testing.TB, names []string, files map[string][]byte) []byte {
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	for _, n := range names {
		fw, err := w.CreateHeader(&zip.FileHeader{Name: n, Method: zip.Store})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := fw.Write(files[n]); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// smallHostileZip is hostileZip within fuzzLimits: an entry that escapes
// the package, a symbolic link, a secret, and 1 MiB of zeros deflated to
// about 1 KiB (a zip bomb to the ratio check).
func smallHostileZip(t testing.TB) []byte {
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	add := func(h *zip.FileHeader, body []byte) {
		fw, err := w.CreateHeader(h)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := fw.Write(body); err != nil {
			t.Fatal(err)
		}
	}
	add(&zip.FileHeader{Name: "../../etc/passwd", Method: zip.Deflate}, []byte("root:x:0:0:root:/root:/bin/bash\n"))
	add(&zip.FileHeader{Name: "handler.py", Method: zip.Deflate}, []byte("import os\n\n"+awsKeyLine))
	link := &zip.FileHeader{Name: "link-to-etc", Method: zip.Store}
	link.SetMode(fs.ModeSymlink | 0o777)
	add(link, []byte("/etc/shadow"))
	add(&zip.FileHeader{Name: "data/zeros.txt", Method: zip.Deflate}, make([]byte, 1<<20))
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// FuzzZip feeds arbitrary bytes to the zip code scanner, with small
// limits. Its contract: every problem names the package; no more is read
// than the limits allow; a hit is in an entry that does not escape the
// package (no absolute path, no ".."), under its cleaned name, and holds
// for that entry's content as a Text hit does; an unreadable zip yields a
// problem and no hit.
func FuzzZip(f *testing.F) {
	f.Add(smallHostileZip(f))
	f.Add(storedZip(f, []string{"handler.py", "lib/../../x.py", "/abs.py", `..\win.py`, "node_modules/k.js", "a.zip"}, map[string][]byte{
		"handler.py": []byte(awsKeyLine), "lib/../../x.py": []byte(awsKeyLine), "/abs.py": []byte(awsKeyLine),
		`..\win.py`: []byte(awsKeyLine), "node_modules/k.js": []byte(awsKeyLine), "a.zip": []byte(awsKeyLine),
	}))
	f.Add(storedZip(f, []string{"big.txt", "bin.dat"}, map[string][]byte{"big.txt": bytes.Repeat([]byte(awsKeyLine), 500), "bin.dat": append([]byte{0}, awsKeyLine...)}))
	f.Add([]byte("PK\x03\x04"))
	f.Add([]byte{})
	s, err := Default()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		res := s.Zip("pkg.zip", data, fuzzLimits)
		for _, p := range res.Problems {
			// An archive inside the package is named pkg.zip!/inner.
			if !strings.HasPrefix(p, "pkg.zip: ") && !strings.HasPrefix(p, "pkg.zip!/") {
				t.Fatalf("problem does not name the package: %s", p)
			}
		}
		if res.Bytes > fuzzLimits.MaxTotal+1 {
			t.Fatalf("read %d bytes, over the limit of %d", res.Bytes, fuzzLimits.MaxTotal)
		}
		zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			if res.Files != 0 || len(res.Hits) != 0 || len(res.Problems) == 0 {
				t.Fatalf("unreadable zip (%v): %d files, %d hits, problems %q", err, res.Files, len(res.Hits), res.Problems)
			}
			return
		}
		if res.Files > len(zr.File) {
			t.Fatalf("%d files scanned of %d entries", res.Files, len(zr.File))
		}
		for _, h := range res.Hits {
			if h.File == ".." || strings.HasPrefix(h.File, "/") || strings.HasPrefix(h.File, "../") || path.Clean(h.File) != h.File {
				t.Fatalf("hit in %q, outside the package or not clean", h.File)
			}
			var why []string
			for _, e := range zr.File {
				if path.Clean(strings.ReplaceAll(e.Name, `\`, "/")) != h.File {
					continue
				}
				rc, err := e.Open()
				if err != nil {
					continue
				}
				var body bytes.Buffer
				_, _ = body.ReadFrom(io.LimitReader(rc, fuzzLimits.MaxFile+1))
				rc.Close()
				msg := hitProblem(body.String(), h.Hit)
				if msg == "" {
					why = nil
					break
				}
				why = append(why, msg)
			}
			if why != nil || h.File == "" {
				t.Fatalf("hit %+v matches no entry: %q", h, why)
			}
		}
	})
}

// FuzzDir writes two files (or a file and a symbolic link, when the second
// name starts with "@") into a directory and scans it with Dir, and the
// same files as a zip with Zip. Its contract: the two scans find the same
// secrets, in the same files, at the same lines (Dir skipping dependency
// directories such as node_modules, which Zip reads); Dir never follows a
// link (the link points to a file holding a secret, outside the tree);
// every hit holds for its file as a Text hit does.
func FuzzDir(f *testing.F) {
	f.Add("handler.py", []byte(awsKeyLine), "lib/util.py", []byte("def f():\n    pass\n"))
	f.Add("src/a.js", []byte("const k = 'sk_live_51H8abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJ'\n"), "node_modules/x/i.js", []byte(awsKeyLine))
	f.Add("app.py", []byte("x = 1\n"), "@leak.py", []byte(nil))
	f.Add("big.txt", bytes.Repeat([]byte(awsKeyLine), 500), "bin.dat", append([]byte{0}, awsKeyLine...))
	f.Add("a.zip", []byte(awsKeyLine), ".git/config", []byte(awsKeyLine))
	s, err := Default()
	if err != nil {
		f.Fatal(err)
	}
	outside := filepath.Join(f.TempDir(), "secret.py")
	if err := os.WriteFile(outside, []byte(awsKeyLine), 0o600); err != nil {
		f.Fatal(err)
	}
	validName := func(n string) bool {
		// A name starting with a drive ("c:x") is a file on Unix but an
		// absolute path in a zip, which Zip skips with a problem.
		if !fs.ValidPath(n) || n == "." || len(n) > 200 || strings.ContainsAny(n, "\\\x00") || driveLetter(n) {
			return false
		}
		for _, part := range strings.Split(n, "/") {
			if len(part) > 100 {
				return false
			}
		}
		return true
	}
	f.Fuzz(func(t *testing.T, name1 string, body1 []byte, name2 string, body2 []byte) {
		link := strings.HasPrefix(name2, "@")
		name2 = strings.TrimPrefix(name2, "@")
		if !validName(name1) || !validName(name2) || name1 == name2 ||
			strings.HasPrefix(name1, name2+"/") || strings.HasPrefix(name2, name1+"/") {
			return
		}
		root := t.TempDir()
		write := func(n string, body []byte) bool {
			p := filepath.Join(root, filepath.FromSlash(n))
			return os.MkdirAll(filepath.Dir(p), 0o700) == nil && os.WriteFile(p, body, 0o600) == nil
		}
		if !write(name1, body1) {
			return
		}
		files := map[string][]byte{name1: body1}
		names := []string{name1}
		if link {
			p := filepath.Join(root, filepath.FromSlash(name2))
			if os.MkdirAll(filepath.Dir(p), 0o700) != nil || os.Symlink(outside, p) != nil {
				return
			}
		} else {
			if !write(name2, body2) {
				return
			}
			files[name2] = body2
			names = append(names, name2)
		}

		dir := s.Dir(root, fuzzLimits)
		z := s.Zip("pkg.zip", storedZip(t, names, files), fuzzLimits)
		skipped := func(n string) bool {
			parts := strings.Split(n, "/")
			for _, p := range parts[:len(parts)-1] {
				if skipDirs[p] {
					return true
				}
			}
			return false
		}
		var want []FileHit
		for _, h := range z.Hits {
			if !skipped(h.File) {
				want = append(want, h)
			}
		}
		for _, h := range dir.Hits {
			body, ok := files[h.File]
			if !ok {
				t.Fatalf("Dir found %s in %q, which is not a file written (a link followed?)", h.Detector, h.File)
			}
			checkHit(t, string(body), h.Hit)
		}
		key := func(hs []FileHit) string {
			var b strings.Builder
			for _, h := range hs {
				fmt.Fprintf(&b, "%s|%s|%d|%s\n", h.File, h.Detector, h.Line, h.Fingerprint)
			}
			return b.String()
		}
		sortHits := func(hs []FileHit) {
			sort.SliceStable(hs, func(i, j int) bool { return hs[i].File < hs[j].File })
		}
		sortHits(want)
		got := append([]FileHit(nil), dir.Hits...)
		sortHits(got)
		if key(got) != key(want) {
			t.Fatalf("Dir and Zip disagree on the same files %q:\nDir:\n%s\nZip:\n%s", names, key(got), key(want))
		}
	})
}

// matchProblem returns what is wrong with finding f of rule set rs on
// text at path, or "": its position is where its match is, the secret
// lies within the match, the match is one of the rule's, and nothing the
// rule set says skips it (entropy, the allow signature, an allowlist).
func matchProblem(rs *ruleSet, li *lineIndex, path string, f finding) string {
	r := f.rule
	if r.re == nil {
		if f.line != 0 || !r.path.MatchString(path) {
			return fmt.Sprintf("path rule %s at line %d on %q", r.id, f.line, path)
		}
		return ""
	}
	if f.line < 1 || f.line > li.lines() || f.column < 1 {
		return fmt.Sprintf("%s at %d:%d, outside the text's %d lines", r.id, f.line, f.column, li.lines())
	}
	at := li.starts[f.line-1] + f.column - 1
	if !strings.HasPrefix(li.text[at:], f.match) {
		return fmt.Sprintf("%s at %d:%d: the text there is not its match %q", r.id, f.line, f.column, f.match)
	}
	if !strings.Contains(f.match, f.secret) || f.secret == "" {
		return fmt.Sprintf("%s: secret %q is not within the match %q", r.id, f.secret, f.match)
	}
	if !r.re.MatchString(f.match) {
		return fmt.Sprintf("%s: the rule does not match its own match %q", r.id, f.match)
	}
	if r.entropy != 0 && shannonEntropy(f.secret) <= r.entropy {
		return fmt.Sprintf("%s: secret %q has entropy %.2f, at most the rule's %.2f", r.id, f.secret, shannonEntropy(f.secret), r.entropy)
	}
	line := li.lineAround(at, at+len(f.match))
	if strings.Contains(line, allowSignature) {
		return fmt.Sprintf("%s on a line with %s", r.id, allowSignature)
	}
	if allowedBy(rs.global, &f, line, path) || allowedBy(r.allowlists, &f, line, path) {
		return fmt.Sprintf("%s: an allowlist allows %q", r.id, f.secret)
	}
	return ""
}

// FuzzMatch feeds arbitrary text and paths to the matcher with gitleaks'
// default rules. Its contract: every finding is where the text holds its
// match, its secret lies within that match, and no entropy threshold,
// allow signature or allowlist skips it; the run over the lines around
// keywords finds nothing that the run over the whole text does not; and
// both are deterministic.
func FuzzMatch(f *testing.F) {
	for _, s := range textSeeds {
		f.Add(s, "src/app.py")
	}
	for _, c := range findCases {
		f.Add(c.code, c.path)
	}
	for _, c := range skipCases {
		f.Add(c.code, c.path)
	}
	f.Add("-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n-----END OPENSSH PRIVATE KEY-----\n", "id_ed25519")
	f.Add("x", "keys/client.p12")
	s, err := Default()
	if err != nil {
		f.Fatal(err)
	}
	rs := s.rules
	f.Fuzz(func(t *testing.T, text, path string) {
		li := newLineIndex(text)
		whole := rs.matchWhole(text, path)
		near := rs.matchNear(li, path)
		inWhole := map[string]bool{}
		for _, w := range whole {
			if msg := matchProblem(rs, li, path, w); msg != "" {
				t.Fatal("whole text: " + msg)
			}
			inWhole[fmt.Sprintf("%s %d:%d %q", w.rule.id, w.line, w.column, w.secret)] = true
		}
		for _, n := range near {
			if msg := matchProblem(rs, li, path, n); msg != "" {
				t.Fatal("near keywords: " + msg)
			}
			// A generic finding the whole-text run drops for a specific
			// one may remain near keywords; Text drops it as well.
			if k := fmt.Sprintf("%s %d:%d %q", n.rule.id, n.line, n.column, n.secret); !inWhole[k] && !generic(n.rule.id) {
				t.Fatalf("near keywords: %s, which the whole text run does not find", k)
			}
		}
		if again := rs.matchWhole(text, path); fmt.Sprint(again) != fmt.Sprint(whole) {
			t.Fatal("two runs over the whole text differ")
		}
		if again := rs.matchNear(li, path); fmt.Sprint(again) != fmt.Sprint(near) {
			t.Fatal("two runs near keywords differ")
		}
	})
}

// jsonErrorAt is how an error of loadRules("fuzz.json", ...) begins when
// the JSON does not decode.
var jsonErrorAt = regexp.MustCompile(`^fuzz\.json:\d+:\d+: `)

// FuzzLoadRules feeds arbitrary JSON to the rule set loader (the binary
// reads gitleaks.json; tomljson's FuzzConvert fuzzes the TOML side). Its
// contract: a rule set or an error naming the file, with a line and column
// when the JSON does not decode; never a panic; a rule set loaded runs over
// a text without a panic.
func FuzzLoadRules(f *testing.F) {
	// The head of gitleaks' own file: its global allowlist and first rules
	// (all of it makes each run too slow to explore).
	src, err := os.ReadFile("gitleaks.toml")
	if err != nil {
		f.Fatal(err)
	}
	head := string(src)
	for i, n := 0, 0; i < len(head); i++ {
		if strings.HasPrefix(head[i:], "\n[[rules]]") {
			if n++; n == 6 {
				head = head[:i+1]
				break
			}
		}
	}
	for _, doc := range []string{
		head,
		"[[rules]]\nid = \"x\"\nregex = '''tok_([a-z]+)'''\nkeywords = [\"tok_\"]\n[[rules.allowlists]]\ncondition = \"AND\"\npaths = ['''a''']\nstopwords = [\"b\"]\n",
		"[[allowlists]]\ntargetRules = [\"x\"]\nregexes = ['''b''']\n[[rules]]\nid = \"x\"\npath = '''\\.pem$'''\n",
		"[extend]\nuseDefault = true\n",
	} {
		js, err := tomljson.Convert("seed.toml", []byte(doc))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(js))
	}
	f.Fuzz(func(t *testing.T, doc string) {
		rs, err := loadRules("fuzz.json", []byte(doc))
		if err != nil {
			if !strings.HasPrefix(err.Error(), "fuzz.json") {
				t.Fatalf("error does not name the file: %v", err)
			}
			if !json.Valid([]byte(doc)) && !jsonErrorAt.MatchString(err.Error()) {
				t.Fatalf("invalid JSON, but the error gives no line and column: %v", err)
			}
			return
		}
		rs.matchWhole("x tok_abc = \"ghp_PqFe8WctSIOdSmdNHnccmyZonkP5GYIRkt5s\"\n", "a/b.pem")
	})
}
