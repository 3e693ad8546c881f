package live

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/lambdasec/lambdasec/internal/iampolicy"
	"github.com/lambdasec/lambdasec/internal/inventory"
	"github.com/lambdasec/lambdasec/internal/rules"
	"github.com/lambdasec/lambdasec/internal/source/live/awstest"
)

const uploadsBucket = "arn:aws:s3:::uploads-111122223333"

// judge runs every rule over e and returns the results of rule id by
// resource.
func judge(t *testing.T, e *inventory.Estate, id string) map[string]rules.Finding {
	t.Helper()
	out := map[string]rules.Finding{}
	for _, f := range rules.Run([]*inventory.Estate{e}, rules.All(), time.Date(2026, 11, 21, 0, 0, 0, 0, time.UTC), &rules.Config{ManagedPolicies: iampolicy.BuiltinManagedPolicies()}) {
		if f.Rule.ID == id {
			out[f.Resource] = f
		}
	}
	return out
}

func otherByID(e *inventory.Estate, id string) *inventory.Other {
	for _, o := range e.Others {
		if o.ID == id {
			return o
		}
	}
	return nil
}

// TestCollectBuckets: the bucket a function's policy names as the
// aws:SourceArn of S3's invoke grant is read with four path-style S3
// calls into an Other with its policy, Block Public Access and ACL, and
// its notification becomes an S3 trigger of the function; the rules then
// judge it as they judge a template's bucket.
func TestCollectBuckets(t *testing.T) {
	s := fixtureServer(t)
	e := collectFixture(t, s)
	o := otherByID(e, uploadsBucket)
	if o == nil {
		t.Fatalf("no bucket %s among others %v", uploadsBucket, e.Others)
	}
	if o.Type != inventory.TypeBucket || o.Name != "uploads-111122223333" || o.Region != "us-east-1" || len(o.Gaps) != 0 {
		t.Errorf("bucket header %+v", o.Resource)
	}
	if o.Policy == nil || !strings.Contains(string(o.Policy.Document), `"Sid":"PartnerUploads"`) {
		t.Errorf("bucket policy %v", o.Policy)
	}
	if b := o.PublicAccessBlock; b == nil || !b.BlockPublicAcls || !b.IgnorePublicAcls || b.BlockPublicPolicy || b.RestrictPublicBuckets || b.Default {
		t.Errorf("Block Public Access %+v", b)
	}
	if o.ACL == nil || !o.ACL.PublicWrite {
		t.Errorf("ACL %+v: the AllUsers WRITE grant is lost", o.ACL)
	}
	var trig *inventory.Trigger
	for _, tr := range e.Triggers {
		if tr.Type == inventory.TriggerS3 {
			trig = tr
		}
	}
	if trig == nil || trig.Function != "arn:aws:lambda:us-east-1:111122223333:function:thumbnail" || trig.SourceARN != uploadsBucket || !trig.Async || trig.Name != "thumbnails" {
		t.Errorf("S3 trigger %+v", trig)
	}
	for _, op := range []string{"GetBucketPolicy", "GetPublicAccessBlock", "GetBucketAcl", "GetBucketNotificationConfiguration"} {
		if got := s.Paths("s3:" + op); !slices.Equal(got, []string{"/uploads-111122223333"}) {
			t.Errorf("s3:%s asked for %v, want one path-style request for the bucket", op, got)
		}
	}

	// LS112: the policy's public s3:PutObject is not stopped (only the
	// ACL settings of Block Public Access are on).
	f, ok := judge(t, e, "LS112")[uploadsBucket]
	if !ok || f.Status != rules.Fail || !strings.Contains(f.Message, "PartnerUploads") {
		t.Errorf("LS112 on the bucket: %+v", f)
	}
	// LS213: the policy grants shared-role (thumbnail and worker) with
	// no lambda:SourceFunctionArn condition.
	if f, ok := judge(t, e, "LS213")[uploadsBucket]; !ok || f.Status != rules.Fail || !strings.Contains(f.Message, "shared by several functions") {
		t.Errorf("LS213 on the bucket: %+v", f)
	}
}

// TestBucketDenied: a denied bucket read is a gap of kind denied on the
// field it fills, and LS112 says UNKNOWN for the bucket instead of
// judging it from what was read.
func TestBucketDenied(t *testing.T) {
	s := fixtureServer(t)
	s.Handle("s3", "GetBucketPolicy", awstest.AccessDenied)
	e := collectFixture(t, s)
	o := otherByID(e, uploadsBucket)
	if o == nil {
		t.Fatal("the bucket is missing")
	}
	g, ok := o.Gap(inventory.FieldPermissions)
	if !ok || g.Kind != inventory.GapDenied || g.Call != "s3:GetBucketPolicy" || o.Policy != nil {
		t.Fatalf("policy gap %+v (policy %v)", g, o.Policy)
	}
	if f := judge(t, e, "LS112")[uploadsBucket]; f.Status != rules.Unknown || !strings.Contains(f.Message, "could not be read") {
		t.Errorf("LS112 with the policy denied: %s %q, want UNKNOWN", f.Status, f.Message)
	}
	if !slices.ContainsFunc(e.Unread(), func(l string) bool { return strings.Contains(l, "s3:GetBucketPolicy") }) {
		t.Errorf("the run summary does not list the denied call: %v", e.Unread())
	}
}

// TestBucketWithoutConfiguration: S3's not-found answers for a policy and
// a Block Public Access configuration mean none is set (no gap), and a
// bucket S3 says does not exist is left out.
func TestBucketWithoutConfiguration(t *testing.T) {
	s := fixtureServer(t)
	s.Handle("s3", "GetBucketPolicy", awstest.NotFound)
	s.Handle("s3", "GetPublicAccessBlock", awstest.NotFound)
	e := collectFixture(t, s)
	o := otherByID(e, uploadsBucket)
	if o == nil || len(o.Gaps) != 0 || o.Policy != nil || o.PublicAccessBlock == nil || o.PublicAccessBlock.BlockPublicAcls {
		t.Fatalf("bucket without policy or Block Public Access: %+v", o)
	}
	// Its ACL still grants AllUsers WRITE, and nothing blocks it now.
	if f := judge(t, e, "LS112")[uploadsBucket]; f.Status != rules.Fail || !strings.Contains(f.Message, "ACL") {
		t.Errorf("LS112: %s %q", f.Status, f.Message)
	}

	s = fixtureServer(t)
	s.Handle("s3", "GetBucketPolicy", func(r *awstest.Request) awstest.Response {
		return awstest.Error(r, 404, "NoSuchBucket", "The specified bucket does not exist")
	})
	e = collectFixture(t, s)
	if o := otherByID(e, uploadsBucket); o != nil {
		t.Errorf("a bucket that does not exist was kept: %+v", o)
	}
}
