package trail

import (
	"sort"
	"time"

	"github.com/lambdasec/lambdasec/internal/inventory"
)

// Memory bounds of a Reader: what it remembers grows with what the rules
// need, and where that could grow with the records read it is capped.

// DefaultDedupWindow is how many eventIDs of counted records (Invoke
// data events, access-denied calls) a Reader remembers to drop their
// duplicates: 2,097,152 64-bit hashes, about 40 MiB.
const DefaultDedupWindow = 1 << 21

// DefaultDeniedListed is how many access-denied calls of one principal a
// Reader keeps one by one (the earliest); the others are counted.
const DefaultDeniedListed = 100

// dedupWindow remembers the 64-bit hashes of the eventIDs of counted
// records, in buckets by account, region and UTC day of eventTime: the
// copies of a record S3 delivers twice carry the same eventID and the
// same eventTime, so they fall in the same bucket, whatever files they
// are in. When more than limit hashes are remembered, the bucket used
// least recently is forgotten (files are read in lexical order, which in
// the S3 layout is account, region, then day: the buckets being read are
// the recent ones); a duplicate of a forgotten record is then counted
// again, and forgotten says how many hashes were dropped. Two eventIDs
// with the same 64-bit hash (about one chance in 10^7 among two million)
// would make the second look like a duplicate.
type dedupWindow struct {
	limit     int
	size      int
	tick      uint64
	buckets   map[bucketKey]*dedupBucket
	forgotten int
}

type bucketKey struct {
	account, region string
	day             int64
}

type dedupBucket struct {
	ids  map[uint64]struct{}
	used uint64
}

// seen reports whether the hash h of an eventID of ev was remembered,
// and remembers it.
func (w *dedupWindow) seen(ev *inventory.Event, h uint64) bool {
	if w.buckets == nil {
		w.buckets = map[bucketKey]*dedupBucket{}
	}
	k := bucketKey{ev.Account, ev.Region, ev.Time.Unix() / 86400}
	w.tick++
	b := w.buckets[k]
	if b == nil {
		b = &dedupBucket{ids: map[uint64]struct{}{}}
		w.buckets[k] = b
	}
	b.used = w.tick
	if _, dup := b.ids[h]; dup {
		return true
	}
	b.ids[h] = struct{}{}
	w.size++
	for w.size > w.limit {
		var oldest bucketKey
		var ob *dedupBucket
		for k2, b2 := range w.buckets {
			if b2 != b && (ob == nil || b2.used < ob.used) {
				oldest, ob = k2, b2
			}
		}
		if ob == nil { // one bucket holds more than limit: start it afresh
			w.forgotten += len(b.ids) - 1
			w.size = 1
			b.ids = map[uint64]struct{}{h: {}}
			break
		}
		w.forgotten += len(ob.ids)
		w.size -= len(ob.ids)
		delete(w.buckets, oldest)
	}
	return false
}

// deniedState is what a Reader keeps of one principal's access-denied
// calls: the earliest listed ones, the count, and the count per minute.
type deniedState struct {
	account, principal string
	listed             []*inventory.Event // in time order, at most the Reader's cap
	count              int
	minutes            map[int64]*inventory.DeniedMinute
}

// deny counts an access-denied call and lists it if it is among the
// earliest cap calls of its principal.
func (r *Reader) deny(ev *inventory.Event) {
	p := ev.Actor.Principal()
	k := ev.Account + "\x00" + p
	d := r.denied[k]
	if d == nil {
		d = &deniedState{account: ev.Account, principal: p, minutes: map[int64]*inventory.DeniedMinute{}}
		r.denied[k] = d
	}
	d.count++
	m := ev.Time.Unix() / 60
	dm := d.minutes[m]
	if dm == nil {
		dm = &inventory.DeniedMinute{Start: time.Unix(m*60, 0).UTC()}
		d.minutes[m] = dm
	}
	dm.Count++
	if i := sort.SearchStrings(dm.Operations, ev.Operation); i == len(dm.Operations) || dm.Operations[i] != ev.Operation {
		dm.Operations = append(dm.Operations, "")
		copy(dm.Operations[i+1:], dm.Operations[i:])
		dm.Operations[i] = ev.Operation
	}
	limit := r.opts.DeniedListed
	if limit <= 0 {
		limit = DefaultDeniedListed
	}
	before := func(a, b *inventory.Event) bool {
		if !a.Time.Equal(b.Time) {
			return a.Time.Before(b.Time)
		}
		return a.ID < b.ID
	}
	if len(d.listed) == limit {
		if !before(ev, d.listed[limit-1]) {
			return
		}
		d.listed = d.listed[:limit-1]
	}
	i := sort.Search(len(d.listed), func(i int) bool { return before(ev, d.listed[i]) })
	d.listed = append(d.listed, nil)
	copy(d.listed[i+1:], d.listed[i:])
	d.listed[i] = ev
}

// relist swaps a listed access-denied call for its duplicate ev when ev
// was read from a lower file name, so the copy listed (the evidence's
// location) does not depend on the order the workers finish in.
func (r *Reader) relist(ev *inventory.Event) {
	d := r.denied[ev.Account+"\x00"+ev.Actor.Principal()]
	if d == nil {
		return
	}
	for _, l := range d.listed {
		if l.ID == ev.ID && ev.At.File < l.At.File {
			*l = *ev
		}
	}
}

// deniedCalls returns the summary of d for an estate.
func (d *deniedState) deniedCalls() *inventory.DeniedCalls {
	out := &inventory.DeniedCalls{Account: d.account, Principal: d.principal, Count: d.count, Listed: len(d.listed)}
	keys := make([]int64, 0, len(d.minutes))
	for k := range d.minutes {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i] < keys[j] })
	for _, k := range keys {
		out.Minutes = append(out.Minutes, *d.minutes[k])
	}
	return out
}
