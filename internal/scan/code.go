package scan

import (
	"fmt"
	"strings"

	"github.com/lambdasec/lambdasec/internal/inventory"
	"github.com/lambdasec/lambdasec/internal/secrets"
)

// ScanCode looks for secrets in the code the estates carry with them: the
// local CodeUri/Code directories and zip files of functions, the content
// directories of layers, and inline code written in a template. Each
// distinct path is scanned once. Code elsewhere (S3, images) is left
// alone: its functions get no CodeScan, and the rules say nothing of it.
func ScanCode(estates []*inventory.Estate, lim secrets.Limits) error {
	s, err := secrets.Default()
	if err != nil {
		return err
	}
	done := map[string]*secrets.CodeResult{}
	scan := func(code *inventory.Code) *inventory.CodeScan {
		switch {
		case code == nil:
			return nil
		case code.Inline != "":
			res := secrets.CodeResult{Files: 1, Bytes: int64(len(code.Inline))}
			for _, h := range s.Text("inline.code", []byte(code.Inline)) {
				res.Hits = append(res.Hits, secrets.FileHit{File: "inline code", Hit: h})
			}
			return toCodeScan(res, code, true)
		case code.LocalPath != "":
			res, ok := done[code.LocalPath]
			if !ok {
				r := s.Dir(code.LocalPath, lim)
				res = &r
				done[code.LocalPath] = res
			}
			return toCodeScan(*res, code, false)
		}
		return nil
	}
	for _, e := range estates {
		for _, f := range e.Functions {
			if f.CodeScan == nil {
				f.CodeScan = scan(f.Code)
			}
		}
		for _, l := range e.Layers {
			if l.CodeScan == nil {
				l.CodeScan = scan(l.Code)
			}
		}
	}
	return nil
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
