package code

import (
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws/arn"

	"github.com/lambdasec/lambdasec/internal/inventory"
	"github.com/lambdasec/lambdasec/internal/needs"
	"github.com/lambdasec/lambdasec/internal/secrets"
)

// Options configure an Analyzer.
type Options struct {
	// MaxFileBytes is the largest source file analysed, in bytes; a
	// larger one is skipped and named in Result.Problems. Zero means
	// secrets.DefaultLimits.MaxFile (4 MiB), the code scan's limit.
	MaxFileBytes int64
	// Limits bound the reading of a package (its size, entries,
	// expansion); zero means secrets.DefaultLimits. MaxFileBytes, when
	// set, overrides Limits.MaxFile.
	Limits secrets.Limits
	// Estate is the estate the functions belong to: its account fills
	// the ARNs of resources the code names, and its resources resolve
	// the environment variables that name them (TABLE: !Ref Orders ->
	// the table's ARN). Nil leaves the account as the template token.
	Estate *inventory.Estate
	// Index is Estate's index; nil builds one.
	Index *inventory.Index
}

// Analyzer finds the AWS SDK calls of functions' handler code and turns
// them into needs. It reads each code directory or package once, however
// many functions share it, and is safe for concurrent use.
type Analyzer struct {
	opts      Options
	resolver  *needs.Resolver
	partition string
	account   string

	mu    sync.Mutex
	cache map[string]*pkgResult
}

// pkgResult is what reading one code directory or package gave.
type pkgResult struct {
	once   sync.Once
	result Result
}

// Result is what the analysis of one function's code found.
type Result struct {
	// Calls are the SDK calls, in file order then line order.
	Calls []Call
	// Files is how many files of the languages analysed were read
	// (Python, JavaScript/TypeScript, Go); Read is how many files the
	// package held altogether.
	Files, Read int
	// Problems name what could not be read (a file over the size
	// limit, an entry escaping the package, a zip bomb): the calls may
	// be incomplete when there are any.
	Problems []string
}

// New returns an Analyzer with opts.
func New(opts Options) *Analyzer {
	if opts.Limits == (secrets.Limits{}) {
		opts.Limits = secrets.DefaultLimits
	}
	if opts.MaxFileBytes > 0 {
		opts.Limits.MaxFile = opts.MaxFileBytes
	}
	a := &Analyzer{opts: opts, partition: "aws", account: inventory.AccountIDToken, cache: map[string]*pkgResult{}}
	if e := opts.Estate; e != nil {
		a.resolver = needs.NewResolver(e, opts.Index)
		if e.Account != "" {
			a.account = e.Account
		}
		if c, err := arn.Parse(e.Caller); err == nil && c.Partition != "" {
			a.partition = c.Partition
		}
	}
	return a
}

// Calls returns the AWS SDK calls in one file of code; name's extension
// says its language (.py; .js, .mjs, .cjs, .jsx, .ts, .mts, .cts, .tsx;
// .go). A file in another language, or one that does not parse, yields
// what could be read of it — never an error. A method of a client that is
// no operation of its service in the action catalogue (a name reused for
// something else) is not a call.
func (a *Analyzer) Calls(name string, src []byte) []Call {
	switch language(name) {
	case "python":
		return analyseScript(name, src, langPython)
	case "javascript":
		return analyseScript(name, src, langJS)
	case "go":
		return analyseGo(name, src)
	}
	return nil
}

// language returns the language a file's name says, or "".
func language(name string) string {
	n := strings.ToLower(name)
	if strings.HasSuffix(n, ".d.ts") || strings.HasSuffix(n, ".min.js") {
		return ""
	}
	switch path.Ext(n) {
	case ".py":
		return "python"
	case ".js", ".mjs", ".cjs", ".jsx", ".ts", ".mts", ".cts", ".tsx":
		return "javascript"
	case ".go":
		if strings.HasSuffix(n, "_test.go") {
			return ""
		}
		return "go"
	}
	return ""
}

// sdkDirs are directories of a package that hold the SDKs themselves and
// other installed dependencies: their code calls AWS on behalf of
// whatever uses it, not of its own accord. secrets.Files already skips
// node_modules, .venv and caches.
var sdkDirs = map[string]bool{"boto3": true, "botocore": true, "s3transfer": true, "aioboto3": true, "aiobotocore": true,
	"site-packages": true, "dist-packages": true, "vendor": true, "@aws-sdk": true, "aws-sdk": true, "@smithy": true}

// dependency reports whether a file of a package belongs to an installed
// dependency: it lies below a directory of sdkDirs, or inside a Python
// distribution's *.dist-info or *.egg-info metadata.
func dependency(rel string) bool {
	parts := strings.Split(rel, "/")
	for _, p := range parts[:len(parts)-1] {
		if sdkDirs[p] || strings.HasSuffix(p, ".dist-info") || strings.HasSuffix(p, ".egg-info") {
			return true
		}
	}
	return false
}

// Read analyses function f's code: its local code directory or package
// (f.Code.LocalPath) or its inline code (f.Code.Inline, read in the
// language of f.Runtime). ok is false when no code in a language the
// analysis reads could be read.
func (a *Analyzer) Read(f *inventory.Function) (res Result, ok bool) {
	if f == nil || f.Code == nil {
		return Result{}, false
	}
	if f.Code.Inline != "" {
		name := "inline"
		switch {
		case strings.HasPrefix(f.Runtime, "python"):
			name += ".py"
		case strings.HasPrefix(f.Runtime, "nodejs"):
			name += ".js"
		default:
			return Result{Read: 1, Problems: []string{"inline code for runtime " + f.Runtime + " is not analysed"}}, false
		}
		res = Result{Files: 1, Read: 1, Calls: a.Calls(name, []byte(f.Code.Inline))}
		for i := range res.Calls {
			res.Calls[i].File = f.Code.Source.File
			if f.Code.Source.Line > 0 {
				// The block of inline code starts on the line after
				// its key (ZipFile: |, InlineCode: |).
				res.Calls[i].Line += f.Code.Source.Line
			}
		}
		return res, true
	}
	if f.Code.LocalPath == "" {
		return Result{}, false
	}
	res = a.readPath(f.Code.LocalPath)
	return res, res.Files > 0
}

// readPath reads a code directory or package once.
func (a *Analyzer) readPath(p string) Result {
	a.mu.Lock()
	r, ok := a.cache[p]
	if !ok {
		r = &pkgResult{}
		a.cache[p] = r
	}
	a.mu.Unlock()
	r.once.Do(func() {
		prefix := p
		if info, err := os.Stat(p); err == nil && !info.IsDir() {
			prefix = p + "!"
		}
		var res Result
		read := secrets.Files(p, a.opts.Limits, func(rel string, content []byte) {
			if language(rel) == "" || dependency(rel) {
				return
			}
			res.Files++
			res.Calls = append(res.Calls, a.Calls(filepath.ToSlash(filepath.Join(prefix, rel)), content)...)
		})
		res.Read, res.Problems = read.Files, read.Problems
		r.result = res
	})
	return r.result
}

// Code returns the needs of function f's code: one per IAM action of
// each SDK call found (merged per action and resource, Count saying how
// many call sites), carrying the call's file and line; and whether any of
// f's code could be read. It implements needs.CodeSource.
func (a *Analyzer) Code(f *inventory.Function) ([]needs.Need, bool) {
	res, ok := a.Read(f)
	if !ok {
		return nil, false
	}
	return a.Needs(f, res.Calls), true
}

// Needs turns the calls of function f's code into needs: each call's
// actions on the resources it names, resolved through f's environment
// and the estate.
func (a *Analyzer) Needs(f *inventory.Function, calls []Call) []needs.Need {
	fc := a.function(f)
	var out []needs.Need
	index := map[[2]string]int{}
	for _, c := range calls {
		for _, n := range fc.needsOf(c) {
			key := [2]string{n.Action, n.Resource}
			if i, ok := index[key]; ok {
				out[i].Count++
				continue
			}
			n.Count = 1
			index[key] = len(out)
			out = append(out, n)
		}
	}
	return out
}
