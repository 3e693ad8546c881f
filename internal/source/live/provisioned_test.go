package live

import (
	"slices"
	"strings"
	"testing"

	"github.com/lambdasec/lambdasec/internal/inventory"
	"github.com/lambdasec/lambdasec/internal/source/live/awstest"
)

// functionsByName indexes e's functions by name.
func functionsByName(e *inventory.Estate) map[string]*inventory.Function {
	out := map[string]*inventory.Function{}
	for _, f := range e.Functions {
		out[f.Name] = f
	}
	return out
}

// TestCollectProvisionedConcurrency: the fake account's orders function is
// in tenant isolation mode; its provisioned concurrency configurations (the
// alias live, and version 1 on the second page) are listed, and the other
// functions, not tenant-isolated, are not asked about.
func TestCollectProvisionedConcurrency(t *testing.T) {
	s := fixtureServer(t)
	e := collectFixture(t, s)
	fns := functionsByName(e)
	o := fns["orders"]
	if o.TenantIsolation != "PER_TENANT" {
		t.Fatalf("orders tenant isolation %q, want PER_TENANT from ListFunctions", o.TenantIsolation)
	}
	if !o.ProvisionedConcurrencyListed || !slices.Equal(o.ProvisionedConcurrency, []string{"1", "live"}) {
		t.Errorf("orders provisioned concurrency %v listed=%v, want [1 live] from both pages", o.ProvisionedConcurrency, o.ProvisionedConcurrencyListed)
	}
	if !o.ProvisionedConcurrencyKnown(e.Kind) {
		t.Errorf("orders' listed provisioned concurrency is not known")
	}
	for _, name := range []string{"thumbnail", "worker"} {
		f := fns[name]
		if f.ProvisionedConcurrencyListed || len(f.ProvisionedConcurrency) > 0 || f.ProvisionedConcurrencyKnown(e.Kind) {
			t.Errorf("%s is not tenant-isolated but its provisioned concurrency was read: %+v", name, f.FunctionSurfaces)
		}
		if _, ok := f.Gap(inventory.FieldProvisionedConcurrency); ok {
			t.Errorf("%s: a gap for a call never needed: %+v", name, f.Gaps)
		}
	}
	if n := e.Calls["lambda:ListProvisionedConcurrencyConfigs"]; n != 2 {
		t.Errorf("ListProvisionedConcurrencyConfigs calls %d, want 2 (two pages for orders, none for the others)", n)
	}
	if got := functionPathsOf(s, "lambda:ListProvisionedConcurrencyConfigs"); !slices.Equal(got, []string{"orders"}) {
		t.Errorf("provisioned concurrency asked for %v, want [orders]", got)
	}
	// Paced in Lambda's shared control-plane quota (15 per second).
	if b := BucketOf("Lambda", "ListProvisionedConcurrencyConfigs"); b != BucketLambdaControl {
		t.Errorf("ListProvisionedConcurrencyConfigs is paced in %s, want %s", b.Name, BucketLambdaControl.Name)
	}
}

// functionPathsOf returns the function names in the REST paths of op
// ("/2019-09-30/functions/NAME/..."), sorted and distinct.
func functionPathsOf(s *awstest.Server, op string) []string {
	var names []string
	for _, p := range s.Paths(op) {
		if rest, ok := strings.CutPrefix(p, "/2019-09-30/functions/"); ok {
			name, _, _ := strings.Cut(rest, "/")
			names = append(names, name)
		}
	}
	slices.Sort(names)
	return slices.Compact(names)
}

// TestCollectProvisionedConcurrencyDenied: a denied listing is a gap of
// the function (named in the run summary), never an empty list.
func TestCollectProvisionedConcurrencyDenied(t *testing.T) {
	s := fixtureServer(t)
	s.Handle("lambda", "ListProvisionedConcurrencyConfigs", awstest.AccessDenied)
	e := collectFixture(t, s)
	o := functionsByName(e)["orders"]
	g, ok := o.Gap(inventory.FieldProvisionedConcurrency)
	if !ok || g.Kind != inventory.GapDenied || g.Call != "lambda:ListProvisionedConcurrencyConfigs" {
		t.Errorf("denial not recorded as a gap: %+v", o.Gaps)
	}
	if o.ProvisionedConcurrencyListed || o.ProvisionedConcurrencyKnown(e.Kind) {
		t.Errorf("a denied listing counts as read: %+v", o.FunctionSurfaces)
	}
	if !slices.Contains(e.Unread(), "lambda:ListProvisionedConcurrencyConfigs denied for 1 function in us-east-1") {
		t.Errorf("run summary %q lacks the denial", e.Unread())
	}
}

// TestSinceProvisionedConcurrency: an incremental collection takes the
// provisioned concurrency of an unchanged tenant-isolated function from
// the earlier snapshot, and lists it again when that snapshot did not
// (a snapshot written before lambdasec read it).
func TestSinceProvisionedConcurrency(t *testing.T) {
	prev := reloaded(t, collectFixture(t, fixtureServer(t)))
	run := func(prev *inventory.Estate) (*inventory.Estate, *awstest.Server, Reuse) {
		s := fixtureServer(t)
		var got Reuse
		opts := fastOptions("us-east-1")
		opts.Since = prev
		opts.Reused = func(r Reuse) { got = r }
		return collectWith(t, s, opts), s, got
	}
	e, s, reuse := run(prev)
	o := functionsByName(e)["orders"]
	if !o.ProvisionedConcurrencyListed || !slices.Equal(o.ProvisionedConcurrency, []string{"1", "live"}) {
		t.Errorf("reused orders provisioned concurrency %v listed=%v", o.ProvisionedConcurrency, o.ProvisionedConcurrencyListed)
	}
	if n := len(s.Paths("lambda:ListProvisionedConcurrencyConfigs")); n != 0 || reuse.Saved["lambda:ListProvisionedConcurrencyConfigs"] != 1 {
		t.Errorf("orders unchanged: %d ListProvisionedConcurrencyConfigs calls, %d saved; want 0 and 1", n, reuse.Saved["lambda:ListProvisionedConcurrencyConfigs"])
	}

	// The same snapshot as an older lambdasec wrote it: nothing listed.
	for _, f := range prev.Functions {
		f.ProvisionedConcurrency, f.ProvisionedConcurrencyListed = nil, false
	}
	e, s, _ = run(prev)
	o = functionsByName(e)["orders"]
	if !o.ProvisionedConcurrencyListed || !slices.Equal(o.ProvisionedConcurrency, []string{"1", "live"}) {
		t.Errorf("orders from an older snapshot: provisioned concurrency %v listed=%v, want it listed again", o.ProvisionedConcurrency, o.ProvisionedConcurrencyListed)
	}
	if got := functionPathsOf(s, "lambda:ListProvisionedConcurrencyConfigs"); !slices.Equal(got, []string{"orders"}) {
		t.Errorf("after an older snapshot, provisioned concurrency asked for %v, want [orders]", got)
	}
}
