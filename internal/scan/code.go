package scan

import (
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/lambdasec/lambdasec/internal/inventory"
	"github.com/lambdasec/lambdasec/internal/secrets"
	"golang.org/x/sync/errgroup"
)

// ScanCode looks for secrets in the code the estates carry with them: the
// local CodeUri/Code directories and zip files of functions, the content
// directories of layers, and inline code written in a template. Each
// distinct path is scanned once (codeScanner: while among the last 512
// met). Code elsewhere (S3, images) is left
// alone: its functions get no CodeScan, and the rules say nothing of it.
func ScanCode(estates []*inventory.Estate, lim secrets.Limits) error {
	return ScanCodeParallel(estates, lim, 0)
}

// ScanCodeParallel is ScanCode reading up to workers code directories and
// zip files at once (0 means runtime.GOMAXPROCS(0)), so memory stays
// within workers times lim's per-package bound. The results are the same
// as a serial scan's.
func ScanCodeParallel(estates []*inventory.Estate, lim secrets.Limits, workers int) error {
	c, err := newCodeScanner(lim)
	if err != nil {
		return err
	}
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	var g errgroup.Group
	g.SetLimit(workers)
	for _, e := range estates {
		g.Go(func() error { c.scan(e); return nil })
	}
	return g.Wait() // scan reports problems in the results, not as errors
}

// toCodeScan turns a scan result into the model's form, placing each hit:
// in a file of a local directory, or at its line in the template for
// inline code.
func toCodeScan(res secrets.CodeResult, code *inventory.Code, inline bool) *inventory.CodeScan {
	cs := &inventory.CodeScan{Files: res.Files, Bytes: res.Bytes, Problems: res.Problems}
	for _, h := range res.Hits {
		hit := inventory.SecretHit{Detector: h.Detector, Description: h.Description, Critical: h.Critical, Fingerprint: h.Fingerprint, Where: h.File}
		switch {
		case inline:
			hit.Source = code.Source
			hit.Source.Line += h.Line
			hit.Source.Column = 0
			hit.Where = fmt.Sprintf("inline code line %d", h.Line)
		case strings.HasSuffix(strings.ToLower(code.LocalPath), ".zip"):
			hit.Source = inventory.Source{File: code.LocalPath + "!/" + h.File, Line: h.Line, Column: h.Column}
		default:
			hit.Source = inventory.Source{File: strings.TrimSuffix(code.LocalPath, "/") + "/" + h.File, Line: h.Line, Column: h.Column}
		}
		cs.Hits = append(cs.Hits, hit)
	}
	return cs
}

// codeScanner is ScanCode estate by estate, for a run that judges each
// estate as it is read: a code path is scanned by the first estate's
// goroutine to need it (others needing it meanwhile wait for that scan),
// and its result kept for the estates after (a result is the hits and a
// few counts, not the code). Estates that share code are read near each
// other (files of one directory), so only the last codeCacheSize paths'
// results are kept: memory does not grow with the number of estates, and
// a path needed again after that is scanned again, to the same result.
type codeScanner struct {
	s   *secrets.Scanner
	lim secrets.Limits

	mu    sync.Mutex
	done  map[string]*codeResult
	order []string // the paths of done, oldest first
}

// codeCacheSize is how many code paths' results a codeScanner keeps.
const codeCacheSize = 512

// codeResult is one path's scan, ready once ready is closed.
type codeResult struct {
	ready chan struct{}
	res   secrets.CodeResult
}

// newCodeScanner returns a scanner with gitleaks' rules (secrets.Default)
// bound by lim; the error is the rules'.
func newCodeScanner(lim secrets.Limits) (*codeScanner, error) {
	s, err := secrets.Default()
	if err != nil {
		return nil, err
	}
	return &codeScanner{s: s, lim: lim, done: map[string]*codeResult{}}, nil
}

// scan sets the CodeScan of e's functions and layers that have none.
func (c *codeScanner) scan(e *inventory.Estate) {
	if c == nil {
		return
	}
	for _, f := range e.Functions {
		if f.CodeScan == nil {
			f.CodeScan = c.code(f.Code)
		}
	}
	for _, l := range e.Layers {
		if l.CodeScan == nil {
			l.CodeScan = c.code(l.Code)
		}
	}
}

func (c *codeScanner) code(code *inventory.Code) *inventory.CodeScan {
	switch {
	case code == nil:
		return nil
	case code.Inline != "":
		res := secrets.CodeResult{Files: 1, Bytes: int64(len(code.Inline))}
		for _, h := range c.s.Text("inline.code", []byte(code.Inline)) {
			res.Hits = append(res.Hits, secrets.FileHit{File: "inline code", Hit: h})
		}
		return toCodeScan(res, code, true)
	case code.LocalPath != "":
		c.mu.Lock()
		r, ok := c.done[code.LocalPath]
		if !ok {
			r = &codeResult{ready: make(chan struct{})}
			c.done[code.LocalPath] = r
			c.order = append(c.order, code.LocalPath)
			if len(c.order) > codeCacheSize {
				delete(c.done, c.order[0])
				c.order = slices.Delete(c.order, 0, 1)
			}
		}
		c.mu.Unlock()
		if !ok {
			r.res = c.s.Dir(code.LocalPath, c.lim)
			close(r.ready)
		}
		<-r.ready
		return toCodeScan(r.res, code, false)
	}
	return nil
}
