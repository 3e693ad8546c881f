package secrets

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// Limits bound a code scan, so that a hostile package cannot exhaust
// memory or time. Lambda accepts packages of 50 MB zipped and 250 MB
// unzipped (https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html);
// the defaults leave room for layers and generous margins around that.
type Limits struct {
	// MaxPackage is the largest package (zip file) read, in bytes.
	MaxPackage int64
	// MaxEntries is the most entries a zip may have.
	MaxEntries int
	// MaxTotal is the most bytes read out of a package altogether.
	MaxTotal int64
	// MaxRatio is the largest expansion of one entry (uncompressed /
	// compressed) before it is taken for a zip bomb.
	MaxRatio float64
	// MaxFile is the largest file scanned, in bytes; larger ones are
	// skipped, and named as not scanned.
	MaxFile int64
	// RaiseFile tells the user how to raise MaxFile ("raise it with
	// --max-code-file-size"); it ends the message of a file over it.
	RaiseFile string
}

// DefaultLimits are the limits lambdasec scans code with.
var DefaultLimits = Limits{
	MaxPackage: 256 << 20,
	MaxEntries: 20000,
	MaxTotal:   512 << 20,
	MaxRatio:   200,
	MaxFile:    4 << 20,
	RaiseFile:  "raise it with --max-code-file-size",
}

// overFile says that a file of size bytes was not scanned because it is
// over lim.MaxFile: "bundle.js: 7.5 MiB, over the 4 MiB limit; raise it
// with --max-code-file-size".
func overFile(what string, size int64, lim Limits) string {
	msg := fmt.Sprintf("%s: %s, over the %s limit: not scanned", what, sizeText(size), sizeText(lim.MaxFile))
	if lim.RaiseFile != "" {
		msg += "; " + lim.RaiseFile
	}
	return msg
}

// sizeText writes a size in bytes for people: "7.5 MiB", "4 MiB", "900 KiB".
func sizeText(n int64) string {
	unit, div := "bytes", int64(1)
	switch {
	case n >= 1<<20:
		unit, div = "MiB", 1<<20
	case n >= 1<<10:
		unit, div = "KiB", 1<<10
	}
	if n%div == 0 || div == 1 {
		return fmt.Sprintf("%d %s", n/div, unit)
	}
	return strings.TrimSuffix(fmt.Sprintf("%.1f", float64(n)/float64(div)), ".0") + " " + unit
}

// FileHit is a secret found in one file of a package.
type FileHit struct {
	File string // slash-separated path inside the package or directory
	Hit
}

// CodeResult is what a code scan found.
type CodeResult struct {
	Files    int
	Bytes    int64
	Hits     []FileHit
	Problems []string
}

// skipDirs are directories of a code tree not scanned: version control,
// caches, and installed dependencies (secrets in them are not the
// function author's; scanning them would dominate the time).
var skipDirs = map[string]bool{".git": true, "node_modules": true, "__pycache__": true, ".venv": true, ".aws-sam": true}

// binary reports whether content looks binary (a NUL byte in its first
// 8000 bytes, as git decides).
func binary(content []byte) bool {
	n := len(content)
	if n > 8000 {
		n = 8000
	}
	return bytes.IndexByte(content[:n], 0) >= 0
}

// safeEntry returns the cleaned path of a zip entry, and false when the
// name would escape the package (an absolute path, a ".." element, a
// Windows drive) — the "zip slip".
func safeEntry(name string) (string, bool) {
	n := strings.ReplaceAll(name, `\`, "/")
	if strings.HasPrefix(n, "/") || driveLetter(n) {
		return n, false
	}
	for _, part := range strings.Split(n, "/") {
		if part == ".." {
			return n, false
		}
	}
	return path.Clean(n), true
}

// driveLetter reports whether a path starts with a Windows drive ("C:"),
// which makes a zip entry absolute on Windows.
func driveLetter(n string) bool {
	return len(n) > 1 && n[1] == ':' && ('a' <= n[0]|0x20 && n[0]|0x20 <= 'z')
}

// Zip scans a zip package held in memory. Entries that escape the
// package, symbolic links and directories are not read; archives inside
// it in zip format (.jar, .zip, .war, .whl, .egg) are opened and scanned
// in turn, at most maxNesting deep (a Java function's lib/*.jar holds its
// code); other archives (.gz, .tgz) are not opened and are named. An entry
// that expands more than MaxRatio, a package with more than MaxEntries
// entries or expanding past MaxTotal stops (that entry, or the rest of
// the scan) with a problem saying so. The rest is scanned. Every part not
// scanned is a problem: a partial scan is never a clean one.
func (s *Scanner) Zip(name string, data []byte, lim Limits) CodeResult {
	return zipRead(name, data, lim, s.scanFile)
}

// zipRead reads a zip package as Zip describes, handing each file read to
// visit.
func zipRead(name string, data []byte, lim Limits, visit visitFunc) CodeResult {
	var res CodeResult
	if int64(len(data)) > lim.MaxPackage {
		res.Problems = append(res.Problems, fmt.Sprintf("%s: package of %d bytes is over the %d MiB limit: not scanned", name, len(data), lim.MaxPackage>>20))
		return res
	}
	zipInto(&res, name, "", data, lim, 1, visit)
	return res
}

// maxNesting is how many archives deep a scan goes: a package, the jars
// in it, and the jars in those (a Spring Boot jar's BOOT-INF/lib).
const maxNesting = 3

// zipArchive reports whether an archive's name says it is in zip format.
func zipArchive(p string) bool {
	switch strings.ToLower(path.Ext(p)) {
	case ".zip", ".jar", ".war", ".whl", ".egg":
		return true
	}
	return false
}

// zipInto scans the zip data into res: name labels problems ("fn.zip",
// "fn.zip!/lib/a.jar"), prefix is put before the names of the files
// found ("lib/a.jar!/"), and depth is how many archives deep data is.
func zipInto(res *CodeResult, name, prefix string, data []byte, lim Limits, depth int, visit visitFunc) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		res.Problems = append(res.Problems, fmt.Sprintf("%s: not a readable zip: %v", name, err))
		return
	}
	if len(zr.File) > lim.MaxEntries {
		res.Problems = append(res.Problems, fmt.Sprintf("%s: %d entries, over the limit of %d: not scanned", name, len(zr.File), lim.MaxEntries))
		return
	}
	for _, f := range zr.File {
		inner, ok := safeEntry(f.Name)
		nested := false
		switch {
		case !ok:
			res.Problems = append(res.Problems, fmt.Sprintf("%s: entry %q escapes the package (path traversal): skipped", name, f.Name))
			continue
		case f.Mode()&fs.ModeSymlink != 0:
			res.Problems = append(res.Problems, fmt.Sprintf("%s: entry %q is a symbolic link: ignored", name, f.Name))
			continue
		case f.FileInfo().IsDir():
			continue
		case isArchive(inner) && !zipArchive(inner):
			res.Problems = append(res.Problems, fmt.Sprintf("%s: entry %q is a compressed archive lambdasec does not open: not scanned", name, f.Name))
			continue
		case isArchive(inner) && depth >= maxNesting:
			res.Problems = append(res.Problems, fmt.Sprintf("%s: entry %q is an archive nested more than %d deep: not opened", name, f.Name, maxNesting))
			continue
		case isArchive(inner):
			nested = true
		}
		if f.CompressedSize64 > 0 && float64(f.UncompressedSize64)/float64(f.CompressedSize64) > lim.MaxRatio {
			res.Problems = append(res.Problems, fmt.Sprintf("%s: entry %q expands %d:1 (a zip bomb?): skipped", name, f.Name, f.UncompressedSize64/f.CompressedSize64))
			continue
		}
		// A file is scanned up to MaxFile; an archive in the package is
		// read up to MaxPackage, its entries then counting again.
		max := lim.MaxFile
		if nested {
			max = lim.MaxPackage
		}
		if f.UncompressedSize64 > uint64(max) {
			if nested {
				res.Problems = append(res.Problems, fmt.Sprintf("%s: entry %q is an archive over the %d MiB package limit: not opened", name, f.Name, lim.MaxPackage>>20))
			} else {
				res.Problems = append(res.Problems, overFile(fmt.Sprintf("%s: entry %q", name, f.Name), int64(min(f.UncompressedSize64, 1<<62)), lim))
			}
			continue
		}
		if res.Bytes >= lim.MaxTotal {
			res.Problems = append(res.Problems, fmt.Sprintf("%s: package expands past %d MiB: scan stopped", name, lim.MaxTotal>>20))
			break
		}
		rc, err := f.Open()
		if err != nil {
			res.Problems = append(res.Problems, fmt.Sprintf("%s: entry %q: %v", name, f.Name, err))
			continue
		}
		// Read no more than the limit (or the rest of the total budget)
		// whatever the header claims: headers can lie.
		budget := max
		if rest := lim.MaxTotal - res.Bytes; rest < budget {
			budget = rest
		}
		content, err := io.ReadAll(io.LimitReader(rc, budget+1))
		rc.Close()
		res.Bytes += int64(len(content))
		switch {
		case errors.Is(err, zip.ErrFormat) || errors.Is(err, zip.ErrChecksum):
			// archive/zip stops an entry that runs past its declared size.
			res.Problems = append(res.Problems, fmt.Sprintf("%s: entry %q holds more data than its header declares, or is corrupt (%v): skipped", name, f.Name, err))
			continue
		case err != nil:
			res.Problems = append(res.Problems, fmt.Sprintf("%s: entry %q: %v", name, f.Name, err))
			continue
		case int64(len(content)) > budget:
			res.Problems = append(res.Problems, fmt.Sprintf("%s: entry %q expands past its declared size or the limit (a zip bomb?): skipped", name, f.Name))
			continue
		}
		if nested {
			zipInto(res, name+"!/"+inner, prefix+inner+"!/", content, lim, depth+1, visit)
			continue
		}
		visit(res, prefix+inner, content)
	}
}

func isArchive(p string) bool {
	switch strings.ToLower(path.Ext(p)) {
	case ".zip", ".jar", ".war", ".gz", ".tgz", ".whl", ".egg":
		return true
	}
	return false
}

// scanFile scans one file. A binary file (a compiled bootstrap, a .class,
// a shared library) is scanned through its runs of printable characters,
// as `strings` prints them: a credential compiled into a program is there
// in clear. Its hits carry no line: positions in the runs mean nothing.
func (s *Scanner) scanFile(res *CodeResult, inner string, content []byte) {
	bin := binary(content)
	if bin {
		content = printableRuns(content, minRun)
	}
	res.Files++
	for _, h := range s.Text(inner, content) {
		if bin {
			h.Line, h.Column = 0, 0
		}
		res.Hits = append(res.Hits, FileHit{File: inner, Hit: h})
	}
}

// minRun is the shortest run of printable characters kept from a binary
// file; the shortest credentials the rules know are longer.
const minRun = 8

// printableRuns returns the runs of at least min printable ASCII bytes
// (and tabs) in content, one per line.
func printableRuns(content []byte, min int) []byte {
	var out []byte
	start := -1
	flush := func(end int) {
		if start >= 0 && end-start >= min {
			out = append(out, content[start:end]...)
			out = append(out, '\n')
		}
		start = -1
	}
	for i, c := range content {
		if c == '\t' || (c >= 0x20 && c < 0x7f) {
			if start < 0 {
				start = i
			}
			continue
		}
		flush(i)
	}
	flush(len(content))
	return out
}

// Dir scans a code directory (a SAM CodeUri): every regular text file
// below root, without following symbolic links, skipping dependency and
// cache directories. A zip file named instead of a directory is read
// with Zip.
func (s *Scanner) Dir(root string, lim Limits) CodeResult {
	return walkDir(root, lim, s.scanFile)
}

// walkDir reads the code below root as Dir describes, handing each file
// read to visit.
func walkDir(root string, lim Limits, visit visitFunc) CodeResult {
	var res CodeResult
	info, err := os.Lstat(root)
	if err != nil {
		res.Problems = append(res.Problems, fmt.Sprintf("%s: %v", root, unwrapPath(err)))
		return res
	}
	if !info.IsDir() {
		if info.Mode()&fs.ModeSymlink != 0 {
			res.Problems = append(res.Problems, root+": a symbolic link: ignored")
			return res
		}
		if info.Size() > lim.MaxPackage {
			res.Problems = append(res.Problems, fmt.Sprintf("%s: larger than %d MiB: not scanned", root, lim.MaxPackage>>20))
			return res
		}
		data, err := os.ReadFile(root)
		if err != nil {
			res.Problems = append(res.Problems, fmt.Sprintf("%s: %v", root, unwrapPath(err)))
			return res
		}
		if isArchive(root) || bytes.HasPrefix(data, []byte("PK\x03\x04")) {
			return zipRead(filepath.Base(root), data, lim, visit)
		}
		visit(&res, filepath.Base(root), data)
		return res
	}
	err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			res.Problems = append(res.Problems, fmt.Sprintf("%s: %v", p, unwrapPath(err)))
			return nil
		}
		if d.IsDir() {
			if p != root && skipDirs[d.Name()] {
				return filepath.SkipDir
			}
			return nil
		}
		if !d.Type().IsRegular() {
			return nil // symbolic links and devices are not followed
		}
		if res.Bytes >= lim.MaxTotal {
			res.Problems = append(res.Problems, fmt.Sprintf("%s: more than %d MiB of code: scan stopped", root, lim.MaxTotal>>20))
			return filepath.SkipAll
		}
		rel, _ := filepath.Rel(root, p)
		rel = filepath.ToSlash(rel)
		info, err := d.Info()
		if err != nil {
			res.Problems = append(res.Problems, fmt.Sprintf("%s: %v", rel, unwrapPath(err)))
			return nil
		}
		if isArchive(p) {
			switch {
			case !zipArchive(p):
				res.Problems = append(res.Problems, rel+": a compressed archive lambdasec does not open: not scanned")
			case info.Size() > lim.MaxPackage:
				res.Problems = append(res.Problems, fmt.Sprintf("%s: an archive over the %d MiB package limit: not opened", rel, lim.MaxPackage>>20))
			default:
				data, err := os.ReadFile(p)
				if err != nil {
					res.Problems = append(res.Problems, fmt.Sprintf("%s: %v", rel, unwrapPath(err)))
					return nil
				}
				res.Bytes += int64(len(data))
				zipInto(&res, rel, rel+"!/", data, lim, 1, visit)
			}
			return nil
		}
		if info.Size() > lim.MaxFile {
			res.Problems = append(res.Problems, overFile(rel, info.Size(), lim))
			return nil
		}
		content, err := os.ReadFile(p)
		if err != nil {
			res.Problems = append(res.Problems, fmt.Sprintf("%s: %v", rel, unwrapPath(err)))
			return nil
		}
		res.Bytes += int64(len(content))
		visit(&res, rel, content)
		return nil
	})
	if err != nil {
		res.Problems = append(res.Problems, err.Error())
	}
	return res
}

// unwrapPath drops the path from an fs error: the caller names it.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
