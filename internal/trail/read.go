package trail

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/klauspost/compress/gzip"
	"hash/maphash"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/lambdasec/lambdasec/internal/inventory"
)

// Options tune a Reader. The zero value reads everything with every core.
type Options struct {
	// Since and Until keep only the records whose eventTime is in
	// [Since, Until); a zero value leaves that end open.
	Since, Until time.Time
	// Workers is how many files are read at once; 0 means
	// runtime.GOMAXPROCS(0).
	Workers int
	// DedupWindow is how many eventIDs of counted records (Invoke data
	// events, access-denied calls) are remembered to drop their
	// duplicates; 0 means DefaultDedupWindow. See Stats.Forgotten.
	DedupWindow int
	// DeniedListed is how many access-denied calls of each principal
	// are kept one by one (the earliest); the others are counted. 0
	// means DefaultDeniedListed.
	DeniedListed int
	// Record, when set, is called with every record of a JSON input or
	// of AddRecord, of every service, before the Lambda filter and the
	// time window (data is only valid during the call; at is where the
	// record was read). Records of CloudTrail Lake results are not passed.
	// It is called from several goroutines at once.
	Record func(data []byte, at inventory.Source)
}

// Reader gathers the Lambda activity of CloudTrail records from many
// inputs. Its methods are safe for concurrent use; Estates gives the
// result.
type Reader struct {
	opts Options
	seed maphash.Seed

	mu       sync.Mutex
	kept     map[uint64]*inventory.Event // hashes of the eventIDs of the events kept one by one
	window   dedupWindow                 // hashes of the eventIDs of the records counted
	denied   map[string]*deniedState     // account and principal -> its access-denied calls
	events   map[string][]*inventory.Event
	invokes  map[invokeKey]*inventory.Invocations
	reads    map[string]*inventory.Event // function and principal -> the first GetFunction
	problems []inventory.Diagnostic
	stats    Stats
}

// Stats counts what a Reader read.
type Stats struct {
	Files      int // inputs read (files, LookupEvents pages)
	Records    int // records seen, of every service
	Lambda     int // Lambda records in the window (reads nothing judges are counted and dropped, duplicates included)
	Duplicates int // Lambda records dropped because their eventID was seen before
	Repeats    int // GetFunction reads of a function by a principal that had read it: only the earliest is kept
	Skipped    int // files left out when walking (digests, Insights, other files)
	// Forgotten counts the eventIDs of counted records (Invoke data
	// events, access-denied calls) the deduplication window dropped when
	// it was full (Options.DedupWindow): a later copy of one of those
	// records was counted again, so the counts are upper bounds. 0 means
	// every duplicate was dropped.
	Forgotten int
	// DeniedUnlisted counts the access-denied calls counted but not kept
	// one by one (beyond Options.DeniedListed for their principal).
	DeniedUnlisted int
}

type invokeKey struct {
	function, caller string
	hour             int64
}

// NewReader returns a Reader with options opts.
func NewReader(opts Options) *Reader {
	if opts.DedupWindow <= 0 {
		opts.DedupWindow = DefaultDedupWindow
	}
	return &Reader{opts: opts, seed: maphash.MakeSeed(), kept: map[uint64]*inventory.Event{},
		window: dedupWindow{limit: opts.DedupWindow}, denied: map[string]*deniedState{},
		events: map[string][]*inventory.Event{}, invokes: map[invokeKey]*inventory.Invocations{}, reads: map[string]*inventory.Event{}}
}

// Stats returns what the reader has read so far.
func (r *Reader) Stats() Stats {
	r.mu.Lock()
	defer r.mu.Unlock()
	st := r.stats
	st.Forgotten = r.window.forgotten
	for _, d := range r.denied {
		st.DeniedUnlisted += d.count - len(d.listed)
	}
	return st
}

// Problems returns the inputs (or records) that could not be read, each
// with its file and what was wrong, in the order of their files.
func (r *Reader) Problems() []inventory.Diagnostic {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := append([]inventory.Diagnostic(nil), r.problems...)
	sort.SliceStable(out, func(i, j int) bool { return out[i].File < out[j].File })
	return out
}

// Estates returns one estate of kind inventory.KindActivity per account
// the records were for, by account ID, with its events in time order
// (then by eventID) and its invocation counts by function, caller and
// hour.
func (r *Reader) Estates() []*inventory.Estate {
	r.mu.Lock()
	defer r.mu.Unlock()
	accounts := map[string]*inventory.Estate{}
	get := func(acct string) *inventory.Estate {
		if acct == "" {
			acct = "unknown-account"
		}
		e := accounts[acct]
		if e == nil {
			e = &inventory.Estate{Kind: inventory.KindActivity, Name: acct, Account: acct}
			accounts[acct] = e
		}
		return e
	}
	for acct, evs := range r.events {
		e := get(acct)
		e.Events = append(e.Events, evs...)
	}
	for _, d := range r.denied {
		e := get(d.account)
		e.Events = append(e.Events, d.listed...)
		e.Denied = append(e.Denied, d.deniedCalls())
	}
	for _, inv := range r.invokes {
		acct := ""
		if parts := strings.Split(inv.Function, ":"); len(parts) > 4 {
			acct = parts[4]
		}
		e := get(acct)
		e.Invocations = append(e.Invocations, inv)
	}
	out := make([]*inventory.Estate, 0, len(accounts))
	for _, e := range accounts {
		sort.Slice(e.Events, func(i, j int) bool {
			a, b := e.Events[i], e.Events[j]
			if !a.Time.Equal(b.Time) {
				return a.Time.Before(b.Time)
			}
			return a.ID < b.ID
		})
		sort.Slice(e.Invocations, func(i, j int) bool {
			a, b := e.Invocations[i], e.Invocations[j]
			if a.Function != b.Function {
				return a.Function < b.Function
			}
			if a.Caller != b.Caller {
				return a.Caller < b.Caller
			}
			return a.Hour.Before(b.Hour)
		})
		regions := map[string]bool{}
		for _, ev := range e.Events {
			if ev.Region != "" && !regions[ev.Region] {
				regions[ev.Region] = true
				e.Regions = append(e.Regions, ev.Region)
			}
		}
		sort.Strings(e.Regions)
		sort.Slice(e.Denied, func(i, j int) bool { return e.Denied[i].Principal < e.Denied[j].Principal })
		out = append(out, e)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// batch is what one input yields, merged into the Reader at its end so
// that workers do not contend per record.
type batch struct {
	records int
	events  []*inventory.Event
}

// add merges a batch: the time window, then deduplication on eventID.
// The events kept one by one (changes) are deduplicated exactly, the
// copy kept being the one of the lowest file name, whatever order the
// workers finish in; the records counted (Invoke data events,
// access-denied calls) in a bounded window (dedupWindow); of a listed
// access-denied call, the copy of the lowest file name is listed.
func (r *Reader) add(b *batch) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.stats.Records += b.records
	for _, ev := range b.events {
		if !r.opts.Since.IsZero() && ev.Time.Before(r.opts.Since) || !r.opts.Until.IsZero() && !ev.Time.Before(r.opts.Until) {
			continue
		}
		keep := !ev.Data && (judged[ev.Operation] || IsAccessDenied(ev.ErrorCode))
		if !ev.Data && !keep {
			r.stats.Lambda++
			continue // a read nothing judges (ListFunctions, GetPolicy...): not even remembered
		}
		if !ev.Data && ev.Operation == "GetFunction" && ev.ErrorCode == "" {
			// Reads repeat: LS812 needs the first read of a function by
			// each principal, so memory grows with the pairs, not the reads.
			r.stats.Lambda++
			k := FunctionARN(ev) + "\x00" + ev.Actor.Principal()
			if prev := r.reads[k]; prev != nil {
				r.stats.Repeats++
				if ev.Time.Before(prev.Time) || ev.Time.Equal(prev.Time) && ev.ID < prev.ID {
					*prev = *ev
				}
				continue
			}
			r.reads[k] = ev
			r.events[ev.Account] = append(r.events[ev.Account], ev)
			continue
		}
		var h uint64
		if ev.ID != "" {
			h = maphash.String(r.seed, ev.ID)
		}
		if ev.Data || IsAccessDenied(ev.ErrorCode) {
			// Counted, not kept one by one (past the first access-denied
			// calls of a principal): deduplicated in a bounded window.
			if ev.ID != "" && r.window.seen(ev, h) {
				r.stats.Duplicates++
				if !ev.Data {
					r.relist(ev)
				}
				continue
			}
			r.stats.Lambda++
			switch {
			case ev.Data && ev.Operation == "Invoke":
				r.countInvoke(ev)
			case !ev.Data:
				r.deny(ev)
			}
			continue
		}
		if ev.ID != "" {
			if kept, dup := r.kept[h]; dup {
				r.stats.Duplicates++
				if ev.At.File < kept.At.File {
					*kept = *ev // the copy of the first file, whatever order workers finish in
				}
				continue
			}
			r.kept[h] = ev
		}
		r.stats.Lambda++
		r.events[ev.Account] = append(r.events[ev.Account], ev)
	}
}

func (r *Reader) countInvoke(ev *inventory.Event) {
	fn := FunctionARN(ev)
	caller := ev.Actor.AccountID
	if caller == "" {
		caller = ev.Actor.InvokedBy
	}
	hour := ev.Time.Truncate(time.Hour)
	k := invokeKey{fn, caller, hour.Unix()}
	inv := r.invokes[k]
	if inv == nil {
		inv = &inventory.Invocations{Function: fn, Caller: caller, Hour: hour, First: ev.At, FirstActor: ev.Actor}
		r.invokes[k] = inv
	}
	inv.Count++
	if IsAccessDenied(ev.ErrorCode) {
		inv.Denied++
	}
}

// judged are the operations whose events the activity rules read: the
// others are counted and dropped (access-denied ones are kept for LS815).
var judged = map[string]bool{}

func init() {
	for _, op := range Watched {
		judged[op] = true
	}
	for _, op := range []string{"RemovePermission", "DeleteFunctionUrlConfig"} {
		judged[op] = true
	}
}

// IsAccessDenied reports whether a record's errorCode is an access-denied
// error ("AccessDenied", "AccessDeniedException", "Client.UnauthorizedOperation").
func IsAccessDenied(code string) bool {
	return strings.HasPrefix(code, "AccessDenied") || strings.HasSuffix(code, "UnauthorizedOperation")
}

// Unread records that source could not be read (a region whose event
// history was refused): it is listed with Problems, as a file that
// cannot be read is, and does not stop the other sources.
func (r *Reader) Unread(source string, err error) { r.problem(source, err) }

func (r *Reader) problem(file string, err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	var d *inventory.Diagnostic
	if !errors.As(err, &d) {
		d = &inventory.Diagnostic{Source: inventory.Source{File: file}, Message: err.Error()}
	}
	r.problems = append(r.problems, *d)
}

// AddRecord reads one record (a JSON object, as LookupEvents returns in
// CloudTrailEvent) read from at. A record of another service is counted
// and dropped; a bad one is returned as an error.
func (r *Reader) AddRecord(data []byte, at inventory.Source) error {
	if r.opts.Record != nil {
		r.opts.Record(data, at)
	}
	ev, err := ParseRecord(data, at)
	if err != nil {
		return err
	}
	b := &batch{records: 1}
	if ev != nil {
		b.events = append(b.events, ev)
	}
	r.add(b)
	return nil
}

// ReadPaths reads every input under paths: files directly, directories
// walked (see Walk). A file that cannot be read is a problem (Problems)
// and does not stop the others; the error is for a path that does not
// exist or a cancelled ctx.
func (r *Reader) ReadPaths(ctx context.Context, paths []string) error {
	var files []string
	for _, p := range paths {
		fs, skipped, err := Walk(p)
		if err != nil {
			return err
		}
		files = append(files, fs...)
		r.mu.Lock()
		r.stats.Skipped += skipped
		r.mu.Unlock()
	}
	workers := r.opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	var g errgroup.Group
	g.SetLimit(workers)
	for _, f := range files {
		if ctx.Err() != nil {
			break
		}
		g.Go(func() error {
			if err := r.ReadFile(f); err != nil {
				r.problem(f, err)
			}
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return err
	}
	return ctx.Err()
}

// Walk lists the CloudTrail inputs under path: path itself when it is a
// file; under a directory, the files ending .json, .json.gz, .jsonl,
// .jsonl.gz, .csv and .csv.gz, in lexical order, leaving out the digest
// and Insights deliveries (CloudTrail-Digest and CloudTrail-Insight
// directories, as in AWSLogs/<account>/CloudTrail-Digest/...). It
// returns how many other files it left out.
// https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-find-log-files.html
func Walk(path string) (files []string, skipped int, err error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, 0, err
	}
	if !st.IsDir() {
		return []string{path}, 0, nil
	}
	err = filepath.WalkDir(path, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() {
			if name == "CloudTrail-Digest" || name == "CloudTrail-Insight" || p != path && strings.HasPrefix(name, ".") {
				return filepath.SkipDir
			}
			return nil
		}
		if isInput(name) && !strings.Contains(name, "_CloudTrail-Digest_") && !strings.Contains(name, "_CloudTrail-Insight_") {
			files = append(files, p)
		} else {
			skipped++
		}
		return nil
	})
	return files, skipped, err
}

func isInput(name string) bool {
	name = strings.TrimSuffix(strings.ToLower(name), ".gz")
	return strings.HasSuffix(name, ".json") || strings.HasSuffix(name, ".jsonl") || strings.HasSuffix(name, ".csv")
}

// ReadFile reads one input file: gzip-compressed when its name ends .gz
// (or its content starts with the gzip magic); a CloudTrail Lake result
// when its name ends .csv or .csv.gz; else JSON (Read).
func (r *Reader) ReadFile(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	br := bufio.NewReaderSize(f, 64<<10)
	var in io.Reader = br
	if magic, _ := br.Peek(2); len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		defer zr.Close()
		in = zr
	}
	if strings.HasSuffix(strings.TrimSuffix(strings.ToLower(path), ".gz"), ".csv") {
		return r.ReadLake(path, in)
	}
	return r.Read(path, in)
}

var recordsFile = regexp.MustCompile(`^\s*\{\s*"Records"\s*:`)

// Read reads CloudTrail records in JSON from in, named name in
// positions: a log file as S3 delivers it ({"Records": [...]}), a JSON
// array of records, or records one after another (JSON lines, or one
// record). Records are decoded one at a time. A record that is not valid
// stops the file (the JSON stream cannot be resynchronised); the records
// before it are kept, and the error says which record.
func (r *Reader) Read(name string, in io.Reader) error {
	br := bufio.NewReaderSize(in, 64<<10)
	head, _ := br.Peek(512)
	dec := json.NewDecoder(br)
	b := &batch{}
	defer func() {
		r.add(b)
		r.mu.Lock()
		r.stats.Files++
		r.mu.Unlock()
	}()
	trimmed := bytes.TrimLeft(head, " \t\r\n\ufeff")
	switch {
	case len(trimmed) == 0:
		return diag(name, 0, "empty: want CloudTrail records ({\"Records\": [...]}, a JSON array, or JSON lines)")
	case recordsFile.Match(head):
		// A log file as S3 delivers it: split its records without
		// decoding them, decode only Lambda's.
		sp := &splitter{r: br, buf: make([]byte, 0, 256<<10)}
		if err := sp.open(); err != nil {
			return diag(name, 0, err.Error())
		}
		for i := 0; ; i++ {
			rec, err := sp.record()
			if err != nil {
				return diag(name, 0, fmt.Sprintf("Records[%d]: %v", i, err))
			}
			if rec == nil {
				return nil
			}
			if err := r.one(name, "Records", i, rec, b); err != nil {
				return err
			}
		}
	case trimmed[0] == '[':
		return r.array(name, "", dec, b)
	case trimmed[0] == '{':
		for i := 0; ; i++ {
			var raw json.RawMessage
			err := dec.Decode(&raw)
			if err == io.EOF {
				return nil
			}
			if err != nil {
				return r.syntax(name, dec, err, i)
			}
			if err := r.one(name, "", i, raw, b); err != nil {
				return err
			}
		}
	}
	return diag(name, 1, "not CloudTrail records: want {\"Records\": [...]}, a JSON array of records, or JSON lines")
}

// array reads the records of a JSON array, the decoder before its '['.
func (r *Reader) array(name, field string, dec *json.Decoder, b *batch) error {
	tok, err := dec.Token()
	if err != nil {
		return r.syntax(name, dec, err, -1)
	}
	if d, ok := tok.(json.Delim); !ok || d != '[' {
		return diag(name, 0, fmt.Sprintf("%s is not an array of records", orTop(field)))
	}
	for i := 0; dec.More(); i++ {
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return r.syntax(name, dec, err, i)
		}
		if err := r.one(name, field, i, raw, b); err != nil {
			return err
		}
	}
	if _, err := dec.Token(); err != nil { // ]
		return r.syntax(name, dec, err, -1)
	}
	return nil
}

func orTop(field string) string {
	if field == "" {
		return "the document"
	}
	return field
}

// one decodes record i of name (field is "Records" for a log file).
func (r *Reader) one(name, field string, i int, raw json.RawMessage, b *batch) error {
	b.records++
	at := inventory.Source{File: name, LogicalID: recordRef(field, i)}
	if r.opts.Record != nil {
		r.opts.Record(raw, at)
	}
	ev, err := ParseRecord(raw, at)
	if err != nil {
		return &inventory.Diagnostic{Source: at, Message: err.Error()}
	}
	if ev != nil {
		b.events = append(b.events, ev)
	}
	return nil
}

func recordRef(field string, i int) string {
	if field == "" {
		return "record " + strconv.Itoa(i)
	}
	return field + "[" + strconv.Itoa(i) + "]"
}

// syntax wraps a JSON error of name with the byte offset the decoder had
// reached and the record it was in (i < 0: outside any record).
func (r *Reader) syntax(name string, dec *json.Decoder, err error, i int) error {
	if errors.Is(err, io.ErrUnexpectedEOF) || err == io.EOF {
		err = errors.New("unexpected end of input (a truncated file?)")
	}
	msg := fmt.Sprintf("invalid JSON near byte %d: %v", dec.InputOffset(), err)
	if i >= 0 {
		msg = fmt.Sprintf("record %d: %s", i, msg)
	}
	return diag(name, 0, msg)
}

// diag is an error of file name at line (0: no line).
func diag(name string, line int, msg string) error {
	d := inventory.At(name, line, 0, inventory.SeverityError, msg)
	return &d
}

// Looks reports whether data starts like a CloudTrail log file
// ({"Records": [...]}), so a reader of JSON files can tell it from a
// template or a snapshot.
func Looks(data []byte) bool {
	if len(data) > 512 {
		data = data[:512]
	}
	return recordsFile.Match(data)
}
