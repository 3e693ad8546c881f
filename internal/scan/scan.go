// Package scan is the pipeline every command shares: Run takes a Request
// (paths or a live reader, configuration, judging options) and goes
// through named stages — config, load, code, judge, suppress, baseline —
// to a Result (findings, the rules that ran, the summary, what could not
// be read) that the CLI writes as reports and maps to an exit code.
//
// Load finds the inputs under the paths (templates by content, not by
// name), reads each with the right source reader, in parallel, and records
// what it could not read — one bad file never stops the others.
//
// It sits at rank 6, above the readers, rules, suppress and report, and
// below cmd (internal/layers_test.go).
package scan

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/lambdasec/lambdasec/internal/inventory"
	"github.com/lambdasec/lambdasec/internal/shard"
	"github.com/lambdasec/lambdasec/internal/source/cloudformation"
	"github.com/lambdasec/lambdasec/internal/source/snapshot"
	"github.com/lambdasec/lambdasec/internal/source/terraform"
	"github.com/lambdasec/lambdasec/internal/suppress"
)

// DefaultMaxFileSize is the largest input file read, in bytes. CloudFormation
// accepts templates of at most 1 MB (from S3); 10 MiB leaves room for
// snapshots and generated templates while refusing runaway files.
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html
const DefaultMaxFileSize = 10 << 20

// Options tune Load.
type Options struct {
	// MaxFileSize is the largest file read, in bytes; 0 means
	// DefaultMaxFileSize.
	MaxFileSize int64
	// Workers is how many files are read at once; 0 means GOMAXPROCS.
	Workers int
	// SkipDirs and SkipFiles exclude what is not ours while walking
	// directories: path globs (suppress.MatchPath: "**" for any depth, a
	// pattern without "/" matches a name at any depth) matched against
	// the path relative to the directory walked and against the path as
	// named. A file named on the command line is always read.
	SkipDirs, SkipFiles []string
	// Shard, when not the whole, reads only the inputs it owns (see
	// shard.Shard.Owns): files found by walking a directory by their path
	// relative to it, files named directly by their path as named.
	Shard shard.Shard
}

// skipped returns the diagnostic for an input that could not be read: an
// error at path, with no position, saying why.
func skipped(path, reason string) *inventory.Diagnostic {
	d := inventory.At(path, 0, 0, inventory.SeverityError, reason)
	return &d
}

// Loaded is what Load read.
type Loaded struct {
	// OtherShards counts the inputs found that other shards own (see
	// Options.Shard): not read here. A shard that owns none of the inputs
	// found reads nothing and that is not a problem.
	OtherShards int
	Estates     []*inventory.Estate
	// Files counts the files read as inputs (templates, snapshots);
	// Inputs names them, in the order of the walk.
	Files   int
	Inputs  []string
	Skipped []inventory.Diagnostic
	// Warnings are problems that did not stop the read of an input.
	Warnings []inventory.Diagnostic
	// OwnReports are the reports lambdasec wrote found while walking
	// directories (a JSON report looks like a snapshot); they are not
	// inputs and are passed over.
	OwnReports []string
	// Read counts the inputs read, by kind (the Kind* constants).
	Read map[string]int
	// ModulesNotFollowed counts the Terraform module calls whose source is
	// not local (see terraform.DirInfo.NotFollowed).
	ModulesNotFollowed int
	// NotInfrastructure are the YAML/JSON files found by walking
	// directories that are not infrastructure (a Kubernetes manifest, a
	// docker-compose file, an OpenAPI document): not errors, but counted
	// in the summary and listed with --verbose.
	NotInfrastructure []string
	// Excluded are the directories and files Options.SkipDirs and
	// SkipFiles left out.
	Excluded []string
	// UnusedSkips are the SkipDirs and SkipFiles patterns that excluded
	// nothing (a typo, or a path that moved).
	UnusedSkips []string
}

// Kinds of input, as counted in Loaded.Read.
const (
	KindTemplate     = "template"      // a CloudFormation/SAM template (Serverless Framework output included)
	KindTerraformDir = "terraform-dir" // a Terraform root module read from HCL
	KindPlan         = "plan"          // a Terraform plan or state JSON
	KindSnapshot     = "snapshot"      // a lambdasec snapshot
)

// LookedFor says which inputs Load recognises, for "no infrastructure
// found" messages.
const LookedFor = "CloudFormation/SAM templates (.yaml, .yml, .json, .template, .cfn, Serverless Framework's .serverless/), " +
	"Terraform directories (.tf), Terraform plan or state JSON (terraform show -json), lambdasec snapshots"

// Describe says per kind what was read, for the summary: "31
// CloudFormation/SAM templates, 12 Terraform directories (3 modules not
// followed), 1 plan; 412 YAML/JSON files were not infrastructure".
func (l *Loaded) Describe() string {
	var parts []string
	add := func(n int, one, many string) {
		switch {
		case n == 1:
			parts = append(parts, "1 "+one)
		case n > 1:
			parts = append(parts, fmt.Sprintf("%d %s", n, many))
		}
	}
	add(l.Read[KindTemplate], "CloudFormation/SAM template", "CloudFormation/SAM templates")
	add(l.Read[KindTerraformDir], "Terraform directory", "Terraform directories")
	if l.ModulesNotFollowed > 0 && len(parts) > 0 {
		w := "modules"
		if l.ModulesNotFollowed == 1 {
			w = "module"
		}
		parts[len(parts)-1] += fmt.Sprintf(" (%d %s not followed)", l.ModulesNotFollowed, w)
	}
	add(l.Read[KindPlan], "Terraform plan/state", "Terraform plans/states")
	add(l.Read[KindSnapshot], "snapshot", "snapshots")
	out := "read " + strings.Join(parts, ", ")
	if len(parts) == 0 {
		out = "read no infrastructure"
	}
	switch n := len(l.NotInfrastructure); {
	case n == 1:
		out += "; 1 YAML/JSON file was not infrastructure"
	case n > 1:
		out += fmt.Sprintf("; %d YAML/JSON files were not infrastructure", n)
	}
	if l.OtherShards > 0 {
		out += fmt.Sprintf("; %d inputs left to other shards", l.OtherShards)
	}
	return out
}

// skipDirs are directories that hold no inputs of the user's own: version
// control, dependencies, build copies of templates.
// Serverless Framework's .serverless/ is walked: the template `serverless
// package` writes there is the project's CloudFormation.
var skipDirs = map[string]bool{".git": true, "node_modules": true, ".aws-sam": true, "vendor": true, ".terraform": true, "__pycache__": true, ".venv": true}

// candidate reports whether a file name may hold an input worth opening.
func candidate(name string) bool {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".yaml", ".yml", ".json", ".template", ".cfn":
		return true
	}
	return false
}

type job struct {
	path     string
	explicit bool // named on the command line: not being an input is a problem
	tfDir    bool // a directory of .tf files
	// others is true when another shard owns the input: a Terraform
	// directory is still read (to know which directories its calls make
	// modules) but its estates are left to the owner; a file is not read.
	others bool
}

// Load reads every input under paths: files named directly, and the
// candidate files found by walking directories. Results are in path order.
// It holds every estate read; a scan uses LoadEach, which does not.
func Load(paths []string, opt Options) *Loaded {
	type read struct {
		seq uint64
		e   *inventory.Estate
	}
	var mu sync.Mutex
	var got []read
	l := LoadEach(paths, opt, func(seq uint64, e *inventory.Estate) {
		mu.Lock()
		got = append(got, read{seq, e})
		mu.Unlock()
	})
	sort.Slice(got, func(i, j int) bool { return got[i].seq < got[j].seq })
	for _, r := range got {
		l.Estates = append(l.Estates, r.e)
	}
	return l
}

// EstateFunc takes an estate LoadEach read. seq is the estate's place in
// the order a serial read gives (files in walk order, then the estates of
// a file in its order): estates come in any order, seq restores it.
type EstateFunc func(seq uint64, e *inventory.Estate)

// seqOf is the seq of the k-th estate of the i-th input.
func seqOf(i, k int) uint64 { return uint64(i)<<20 | uint64(k) }

// LoadEach is Load giving each estate to each as soon as its file is read,
// from up to opt.Workers goroutines at once, and keeping none: the
// returned Loaded has no Estates. A file's estates are given by the
// goroutine that read it, so each may judge them there and let them go;
// the memory a load needs is opt.Workers files' worth, whatever the
// number of files.
//
// A Terraform directory another one calls as a local module is read as
// part of its caller, not as a root module of its own; which directories
// are called is known only once the callers are read, so the directories
// that a quick look at their callers' text finds called ("source =
// "./...") are read last, and given only if no caller followed them.
func LoadEach(paths []string, opt Options, each EstateFunc) *Loaded {
	if opt.MaxFileSize <= 0 {
		opt.MaxFileSize = DefaultMaxFileSize
	}
	if opt.Workers <= 0 {
		opt.Workers = runtime.GOMAXPROCS(0)
	}
	out := &Loaded{}
	used := map[string]bool{}
	skip := func(patterns []string, rel, named string) bool {
		for _, pat := range patterns {
			if suppress.MatchPath(pat, rel) || suppress.MatchPath(pat, filepath.ToSlash(named)) {
				used[pat] = true
				out.Excluded = append(out.Excluded, named)
				return true
			}
		}
		return false
	}
	var jobs []job
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil {
			out.Skipped = append(out.Skipped, *skipped(p, errReason(err)))
			continue
		}
		if !info.IsDir() {
			if strings.HasSuffix(p, ".tf") {
				// A .tf file stands for its module: read the directory.
				jobs = append(jobs, job{path: filepath.Dir(p), explicit: true, tfDir: true,
					others: !opt.Shard.Owns(filepath.ToSlash(filepath.Dir(p)))})
				continue
			}
			if !opt.Shard.Owns(filepath.ToSlash(p)) {
				out.OtherShards++
				continue
			}
			jobs = append(jobs, job{path: p, explicit: true})
			continue
		}
		// A directory named through a symbolic link is walked at its
		// target (WalkDir does not follow a link, even at its root), and
		// what is found is named under the link, as the user wrote it.
		// Links met while walking stay unfollowed.
		root := p
		if li, err := os.Lstat(p); err == nil && li.Mode()&fs.ModeSymlink != 0 {
			if root, err = filepath.EvalSymlinks(p); err != nil {
				out.Skipped = append(out.Skipped, *skipped(p, errReason(err)))
				continue
			}
		}
		err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			isRoot := path == root
			rel, _ := filepath.Rel(root, path)
			rel = filepath.ToSlash(rel)
			if root != p {
				if rel, rerr := filepath.Rel(root, path); rerr == nil {
					path = filepath.Join(p, rel)
				}
			}
			if err != nil {
				out.Skipped = append(out.Skipped, *skipped(path, errReason(err)))
				return nil
			}
			if d.IsDir() {
				if !isRoot && (skipDirs[d.Name()] || skip(opt.SkipDirs, rel, path)) {
					return filepath.SkipDir
				}
				if terraform.IsTerraformDir(path) {
					jobs = append(jobs, job{path: path, explicit: isRoot, tfDir: true, others: !opt.Shard.Owns(rel)})
				}
				return nil
			}
			if skip(opt.SkipFiles, rel, path) {
				return nil
			}
			if d.Type().IsRegular() && candidate(d.Name()) {
				if !opt.Shard.Owns(rel) {
					out.OtherShards++
					return nil
				}
				jobs = append(jobs, job{path: path})
			}
			return nil
		})
		if err != nil {
			out.Skipped = append(out.Skipped, *skipped(p, errReason(err)))
		}
	}
	for _, pat := range append(append([]string(nil), opt.SkipDirs...), opt.SkipFiles...) {
		if !used[pat] {
			out.UnusedSkips = append(out.UnusedSkips, pat)
		}
	}
	// What is kept of each input once its estates are given: 16 bytes for
	// a plain file, the whole result only when it has more to say.
	records := make([]fileRecord, len(jobs))
	deferred := calledDirs(jobs)
	// give hands the estates of input i to each, unless another shard
	// owns it; they are not kept.
	give := func(i int, r fileResult) {
		if !jobs[i].others {
			for k, e := range r.estates {
				each(seqOf(i, k), e)
			}
		}
	}
	held := map[int]fileResult{}
	var heldMu sync.Mutex
	readAll := func(idx []int, hold bool) {
		var wg sync.WaitGroup
		next := make(chan int)
		for w := 0; w < opt.Workers; w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range next {
					var r fileResult
					if jobs[i].tfDir {
						r = loadTerraformDir(jobs[i])
					} else {
						r = loadFile(jobs[i], opt)
					}
					if hold {
						heldMu.Lock()
						held[i] = r
						heldMu.Unlock()
					} else {
						give(i, r)
					}
					records[i] = recordOf(r)
				}
			}()
		}
		for _, i := range idx {
			next <- i
		}
		close(next)
		wg.Wait()
	}
	var first, last []int
	for i, j := range jobs {
		if j.tfDir && !j.explicit && deferred[filepath.Clean(j.path)] {
			last = append(last, i)
		} else {
			first = append(first, i)
		}
	}
	readAll(first, false)
	// A directory another one calls as a local module is read as part of
	// its caller, not as a root module of its own.
	modules := map[string]bool{}
	addModules := func(idx []int) {
		for _, i := range idx {
			for _, m := range records[i].result().modules {
				modules[filepath.Clean(m)] = true
			}
		}
	}
	addModules(first)
	var rest []int
	for _, i := range last {
		if !modules[filepath.Clean(jobs[i].path)] {
			rest = append(rest, i)
		}
	}
	// The directories no caller read so far followed: read (and held:
	// they are few), then given unless one of them calls another.
	readAll(rest, true)
	addModules(rest)
	for _, i := range rest {
		if !modules[filepath.Clean(jobs[i].path)] {
			give(i, held[i])
		}
		delete(held, i)
	}
	skippedModule := make([]bool, len(jobs))
	for _, i := range last {
		skippedModule[i] = modules[filepath.Clean(jobs[i].path)]
	}
	out.Read = map[string]int{}
	serverless := map[string]bool{} // directories with a template serverless package wrote
	for i, rec := range records {
		if rec.kind() == KindTemplate && filepath.Base(filepath.Dir(jobs[i].path)) == ".serverless" {
			serverless[filepath.Dir(filepath.Dir(jobs[i].path))] = true
		}
	}
	for i, rec := range records {
		r := rec.result()
		r.path, r.read, r.kind = jobs[i].path, rec.read, rec.kind()
		if skippedModule[i] {
			continue
		}
		if jobs[i].others {
			out.OtherShards++
			continue
		}
		if r.serverless && !serverless[filepath.Dir(r.path)] {
			out.Warnings = append(out.Warnings, inventory.Diagnostic{Source: inventory.Source{File: r.path},
				Message: "serverless.yml is a Serverless Framework project: run `serverless package` and scan .serverless/", Severity: inventory.SeverityWarning})
		}
		if r.read {
			out.Files++
			out.Inputs = append(out.Inputs, r.path)
			out.Read[r.kind]++
			out.ModulesNotFollowed += r.notFollowed
		} else if r.problem == nil && r.ownReport == "" && !jobs[i].tfDir && !r.serverless {
			out.NotInfrastructure = append(out.NotInfrastructure, r.path)
		}
		if r.problem != nil {
			out.Skipped = append(out.Skipped, *r.problem)
		}
		out.Warnings = append(out.Warnings, r.warnings...)
		if r.ownReport != "" {
			out.OwnReports = append(out.OwnReports, r.path)
		}
	}
	if out.Files == 0 && len(out.Skipped) == 0 && out.OtherShards == 0 {
		// Silence is not an answer: a run that found nothing to read
		// says so, and is reported as input that could not be judged.
		out.Skipped = append(out.Skipped, inventory.Diagnostic{Source: inventory.Source{File: strings.Join(paths, ", ")},
			Message: "no infrastructure found under " + strings.Join(paths, ", ") + " (looked for: " + LookedFor + "; recognised by content, not by name; symbolic links inside directories are not followed)"})
	}
	sort.SliceStable(out.Skipped, func(i, j int) bool { return out.Skipped[i].File < out.Skipped[j].File })
	return out
}

func errReason(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// fileResult is what reading one file gave.
type fileResult struct {
	path     string
	estates  []*inventory.Estate
	read     bool // the file was an input (see loadData)
	problem  *inventory.Diagnostic
	warnings []inventory.Diagnostic
	// ownReport is the format of a report lambdasec wrote, found in a
	// walked directory and passed over ("" for anything else).
	ownReport string
	kind      string   // what was read: one of the Kind* constants
	modules   []string // local module directories a Terraform directory called
	// notFollowed counts the module calls of a Terraform directory that
	// were not followed.
	notFollowed int
	// serverless is set for a serverless.yml, which is not read.
	serverless bool
}

// fileRecord is what LoadEach keeps of a fileResult once its estates are
// given: for most inputs (a template read without a problem or warning)
// its kind and that it was read; the result itself only when it has more.
type fileRecord struct {
	more      *fileResult // nil when there is nothing but kind and read
	kindIndex uint8       // 1 + index in kinds; 0 for none
	read      bool
}

// kinds are the Kind* constants, for fileRecord.
var kinds = []string{KindTemplate, KindTerraformDir, KindPlan, KindSnapshot}

// recordOf returns what is kept of r (without its estates).
func recordOf(r fileResult) fileRecord {
	rec := fileRecord{read: r.read}
	if k := slices.Index(kinds, r.kind); k >= 0 {
		rec.kindIndex = uint8(k + 1)
	}
	if r.problem != nil || len(r.warnings) > 0 || r.ownReport != "" || len(r.modules) > 0 || r.notFollowed > 0 || r.serverless || (r.kind != "" && rec.kindIndex == 0) {
		r.estates = nil
		rec.more = &r
	}
	return rec
}

// kind returns the record's kind.
func (r fileRecord) kind() string {
	if r.more != nil {
		return r.more.kind
	}
	if r.kindIndex == 0 {
		return ""
	}
	return kinds[r.kindIndex-1]
}

// result returns the record as a fileResult (without path, estates): the
// kept one, or an empty one.
func (r fileRecord) result() fileResult {
	if r.more != nil {
		return *r.more
	}
	return fileResult{}
}

// loadTerraformDir reads one directory of .tf files.
func loadTerraformDir(j job) (r fileResult) {
	r.path, r.kind = j.path, KindTerraformDir
	defer func() {
		if p := recover(); p != nil {
			r = fileResult{path: j.path, read: true, kind: KindTerraformDir, problem: skipped(j.path, fmt.Sprintf("internal error reading the directory: %v (please report this)", p))}
		}
	}()
	est, info, warns, err := terraform.ReadDir(j.path)
	if info != nil {
		r.modules, r.notFollowed = info.Modules, len(info.NotFollowed)
	}
	r.read, r.warnings = true, warns
	if err != nil {
		var d *inventory.Diagnostic
		if errors.As(err, &d) {
			r.problem = d
		} else {
			r.problem = skipped(j.path, err.Error())
		}
		return r
	}
	r.estates = []*inventory.Estate{est}
	return r
}

// loadFile reads one file. read says whether it was an input at all (a
// file in a directory that turns out not to be a template is passed over
// silently; one named on the command line is a problem). A report
// lambdasec wrote is never read as an input: found while walking it is
// counted, named on the command line it is a problem.
func loadFile(j job, opt Options) (r fileResult) {
	r.path = j.path
	defer func() {
		// A reader must never panic; if one does, the file is reported and
		// the scan goes on.
		if p := recover(); p != nil {
			r = fileResult{path: j.path, read: true, problem: skipped(j.path, fmt.Sprintf("internal error reading the file: %v (please report this)", p))}
		}
	}()
	f, err := os.Open(j.path)
	if err != nil {
		r.read, r.problem = j.explicit, skipped(j.path, errReason(err))
		return r
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, opt.MaxFileSize+1))
	if err != nil {
		r.read, r.problem = true, skipped(j.path, errReason(err))
		return r
	}
	if int64(len(data)) > opt.MaxFileSize {
		r.read, r.problem = true, skipped(j.path, fmt.Sprintf("larger than %d MiB (CloudFormation accepts templates of at most 1 MB); not read", opt.MaxFileSize>>20))
		return r
	}
	if format := ownReport(data); format != "" {
		if j.explicit {
			r.problem = skipped(j.path, fmt.Sprintf("a lambdasec %s report, not a template or snapshot (to compare with an earlier JSON report, use --baseline)", format))
			return r
		}
		r.ownReport = format
		return r
	}
	r.estates, r.read, r.warnings, r.problem = loadData(j.path, data, j.explicit)
	switch {
	case !r.read:
		base := strings.ToLower(filepath.Base(j.path))
		r.serverless = base == "serverless.yml" || base == "serverless.yaml"
	case snapshot.Looks(data):
		r.kind = KindSnapshot
	case terraform.LooksLikePlan(data):
		r.kind = KindPlan
	default:
		r.kind = KindTemplate
	}
	return r
}

// loadData reads one input's bytes: a snapshot, or a template.
func loadData(path string, data []byte, explicit bool) (es []*inventory.Estate, read bool, warnings []inventory.Diagnostic, prob *inventory.Diagnostic) {
	j := job{path: path, explicit: explicit}
	if snapshot.Looks(data) {
		snap, err := snapshot.Read(j.path, data)
		if err != nil {
			return nil, true, nil, skipped(j.path, strings.TrimPrefix(err.Error(), j.path+": "))
		}
		for _, e := range snap.Estates {
			if e.Kind == inventory.KindAccount && e.CollectedAt.IsZero() {
				e.CollectedAt = snap.CreatedAt // when the collection finished
			}
		}
		return snap.Estates, true, nil, nil
	}
	if terraform.LooksLikePlan(data) {
		est, warns, err := terraform.ReadPlan(j.path, data)
		if err != nil {
			return nil, true, nil, skipped(j.path, strings.TrimPrefix(err.Error(), j.path+": "))
		}
		return []*inventory.Estate{est}, true, warns, nil
	}
	if !j.explicit && !cloudformation.LooksLikeTemplate(data) {
		return nil, false, nil, nil
	}
	if i := bytes.IndexByte(data, 0); i >= 0 {
		return nil, true, nil, skipped(j.path, "binary file, not a template")
	}
	est, warns, err := cloudformation.Read(j.path, data)
	if err != nil {
		var d *inventory.Diagnostic
		if errors.As(err, &d) {
			at := *d
			at.File = j.path
			return nil, true, nil, &at
		}
		return nil, true, nil, skipped(j.path, err.Error())
	}
	return []*inventory.Estate{est}, true, warns, nil
}

// localSource matches a module call's local source in Terraform text
// (`source = "./modules/x"`, `"../shared"`): what terraform.ReadDir
// follows as a local module. Matched anywhere, not only in module
// blocks: calledDirs may find more directories than are called, never
// fewer.
var localSource = regexp.MustCompile(`\bsource\s*=\s*"(\.\.?/[^"]*)"`)

// calledDirs returns the directories (cleaned) that the .tf files of the
// Terraform directories among jobs name as local module sources, and the
// ones those name in turn: every directory a caller may read as a module,
// and perhaps a few more. It reads the files as text, without parsing.
func calledDirs(jobs []job) map[string]bool {
	called := map[string]bool{}
	var todo []string
	for _, j := range jobs {
		if j.tfDir {
			todo = append(todo, j.path)
		}
	}
	seen := map[string]bool{}
	for len(todo) > 0 {
		dir := filepath.Clean(todo[len(todo)-1])
		todo = todo[:len(todo)-1]
		if seen[dir] {
			continue
		}
		seen[dir] = true
		files, _ := filepath.Glob(filepath.Join(dir, "*.tf"))
		for _, f := range files {
			data, err := os.ReadFile(f)
			if err != nil || !bytes.Contains(data, []byte("source")) {
				continue
			}
			for _, m := range localSource.FindAllSubmatch(data, -1) {
				d := filepath.Clean(filepath.Join(dir, string(m[1])))
				called[d] = true
				todo = append(todo, d)
			}
		}
	}
	return called
}
