package trail

import (
	"fmt"
	"strings"
	"testing"
)

// denied is an access-denied ListFunctions record of user who at minute
// m (and second s) of 2026-12-05T10:00Z, with eventID id.
func denied(id, who string, m, s int) string {
	return fmt.Sprintf(`{"eventSource":"lambda.amazonaws.com","eventName":"ListFunctions20150331","eventTime":"2026-12-05T%02d:%02d:%02dZ","eventID":"%s",`+
		`"awsRegion":"eu-west-1","recipientAccountId":"111122223333","errorCode":"AccessDenied","userIdentity":{"type":"IAMUser",`+
		`"arn":"arn:aws:iam::111122223333:user/%s","accountId":"111122223333"},"requestParameters":null,"eventCategory":"Management"}`,
		10+m/60, m%60, s, id, who)
}

func invoke(id string, day int) string {
	return fmt.Sprintf(`{"eventSource":"lambda.amazonaws.com","eventName":"Invoke","eventTime":"2026-12-%02dT10:00:00Z","eventID":"%s",`+
		`"awsRegion":"eu-west-1","recipientAccountId":"111122223333","userIdentity":{"type":"AWSService","invokedBy":"s3.amazonaws.com"},`+
		`"requestParameters":{"functionName":"arn:aws:lambda:eu-west-1:111122223333:function:orders"},"managementEvent":false,"eventCategory":"Data"}`, day, id)
}

func records(recs ...string) *strings.Reader {
	return strings.NewReader(`{"Records":[` + strings.Join(recs, ",") + `]}`)
}

// TestDeniedCap: past DeniedListed access-denied calls of a principal,
// the earliest are listed and every one is counted, per minute too;
// duplicates are not counted.
func TestDeniedCap(t *testing.T) {
	r := NewReader(Options{DeniedListed: 3})
	var late, early []string
	for i := 0; i < 5; i++ {
		late = append(late, denied(fmt.Sprintf("late-%d", i), "eve", 30+i, 0))
		early = append(early, denied(fmt.Sprintf("early-%d", i), "eve", i, 0))
	}
	late = append(late, denied("late-0", "eve", 30, 0)) // a duplicate
	r.Read("b.json", records(late...))
	r.Read("a.json", records(append(early, denied("bob-0", "bob", 0, 0))...))
	es := r.Estates()
	if len(es) != 1 {
		t.Fatalf("%d estates", len(es))
	}
	e := es[0]
	var ids []string
	for _, ev := range e.Events {
		if ev.Actor.Principal() == "arn:aws:iam::111122223333:user/eve" {
			ids = append(ids, ev.ID)
		}
	}
	if strings.Join(ids, " ") != "early-0 early-1 early-2" {
		t.Errorf("listed %v, want the earliest three", ids)
	}
	if len(e.Denied) != 2 {
		t.Fatalf("denied %+v", e.Denied)
	}
	eve := e.Denied[1]
	if eve.Principal != "arn:aws:iam::111122223333:user/eve" || eve.Count != 10 || eve.Listed != 3 || len(eve.Minutes) != 10 {
		t.Errorf("eve: %+v, want 10 calls over 10 minutes, 3 listed", eve)
	}
	if m := eve.Minutes[0]; m.Count != 1 || len(m.Operations) != 1 || m.Operations[0] != "ListFunctions" || m.Start.Format("15:04") != "10:00" {
		t.Errorf("first minute %+v", m)
	}
	if st := r.Stats(); st.DeniedUnlisted != 7 || st.Duplicates != 1 {
		t.Errorf("stats %+v, want 7 unlisted, 1 duplicate", st)
	}
}

// TestDeniedDuplicateFile: of two copies of a listed access-denied call,
// the one of the lower file name is listed, whichever is read first.
func TestDeniedDuplicateFile(t *testing.T) {
	r := NewReader(Options{})
	r.Read("b.json", records(denied("x", "eve", 0, 0)))
	r.Read("a.json", records(denied("x", "eve", 0, 0)))
	evs := r.Estates()[0].Events
	if len(evs) != 1 || evs[0].At.File != "a.json" {
		t.Errorf("listed %+v, want the copy of a.json", evs)
	}
}

// TestDedupWindow: duplicates are dropped within the window; when it is
// full the least recently used day is forgotten and counted in
// Stats.Forgotten, so a later copy of one of its records is counted
// again.
func TestDedupWindow(t *testing.T) {
	r := NewReader(Options{DedupWindow: 3})
	r.Read("1.json", records(invoke("a", 1), invoke("b", 1)))
	r.Read("2.json", records(invoke("a", 1), invoke("c", 2))) // a: a duplicate
	if st := r.Stats(); st.Duplicates != 1 || st.Forgotten != 0 {
		t.Fatalf("stats %+v, want 1 duplicate, nothing forgotten", st)
	}
	r.Read("3.json", records(invoke("d", 2)))                 // the window is full: day 1 is forgotten
	r.Read("4.json", records(invoke("b", 1), invoke("d", 2))) // b counted again; d still a duplicate
	st := r.Stats()
	if st.Forgotten != 2 || st.Duplicates != 2 {
		t.Errorf("stats %+v, want 2 forgotten, 2 duplicates", st)
	}
	n := 0
	for _, inv := range r.Estates()[0].Invocations {
		n += inv.Count
	}
	if n != 5 {
		t.Errorf("%d invocations counted, want 5 (a b c d, and b again)", n)
	}
}
