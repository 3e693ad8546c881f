package rules

import "github.com/lambdasec/lambdasec/internal/inventory"

// Kind says what sort of resource a Result is about. Reports switch on it
// (ASFF resource types, the HTML page's function names), so rules and
// reports use these constants, never the strings.
type Kind string

// The kinds of resource rules judge.
const (
	KindFunction     Kind = "function"
	KindFunctionURL  Kind = "function-url" // a function's URL; Resource is the function ID and its qualifier
	KindRole         Kind = "role"
	KindLayer        Kind = "layer"
	KindSecret       Kind = "secret"
	KindParameter    Kind = "parameter" // a template parameter
	KindAPI          Kind = "api"       // a whole API (its CORS settings, its resource policy)
	KindAPIRoute     Kind = "api-route"
	KindAPIStage     Kind = "api-stage"
	KindLoadBalancer Kind = "load-balancer"
	// KindEstate is the kind of the result Run gives when a rule fails on
	// a whole estate (a panic).
	KindEstate Kind = "estate"
)

// resultFor starts a result about item r, of kind k, with no verdict yet.
func resultFor(r *inventory.Resource, k Kind) Result {
	return Result{Resource: r.ID, Kind: k, Label: r.Label(), Source: r.Source, Skips: r.Skips}
}

// pass gives res the verdict PASS, saying why in msg.
func (res *Result) pass(msg string) { res.Status, res.Message = Pass, msg }

// unknown gives res the verdict UNKNOWN, saying what could not be seen.
func (res *Result) unknown(why string) { res.Status, res.Message = Unknown, why }

// fail gives res the verdict FAIL with message msg, adding the evidence.
func (res *Result) fail(msg string, ev ...Evidence) {
	res.Status, res.Message = Fail, msg
	res.Evidence = append(res.Evidence, ev...)
}

// atEvidence points res at its first evidence when that has a line, so a
// finding lands on the statement or setting at fault rather than on the
// resource's first line.
func (res *Result) atEvidence() {
	if len(res.Evidence) > 0 && res.Evidence[0].Source.Line > 0 {
		res.Source = res.Evidence[0].Source
	}
}

// gapped is an item of the estate that records what could not be read of
// it (every inventory item embeds inventory.Resource).
type gapped interface {
	Gap(field string) (inventory.Gap, bool)
}

// gapUnknown makes res UNKNOWN, with the gap's reason, when r has a gap
// for field, and reports whether it did.
func gapUnknown(r gapped, field string, res *Result) bool {
	if g, ok := r.Gap(field); ok {
		res.unknown(g.Reason)
		return true
	}
	return false
}

// each starts a result for every item with start and lets judge give it a
// verdict; judge returns false to leave the item out (the check does not
// apply to it). Results come in the order of items.
func each[T any](items []T, start func(T) Result, judge func(T, *Result) bool) []Result {
	var out []Result
	for _, it := range items {
		res := start(it)
		if judge(it, &res) {
			out = append(out, res)
		}
	}
	return out
}

// eachFunction judges every function of the estate.
func eachFunction(in *Input, judge func(f *inventory.Function, res *Result) bool) []Result {
	return each(in.Estate.Functions, functionResult, judge)
}

// eachInvocable judges every function of the estate something can invoke
// (inventory.Estate.InvocableFunctions).
func eachInvocable(in *Input, judge func(f *inventory.Function, res *Result) bool) []Result {
	return each(in.Estate.InvocableFunctions(), functionResult, judge)
}

// eachRole judges every execution role (Input.executionRoles).
func eachRole(in *Input, judge func(v *roleView, res *Result) bool) []Result {
	return each(in.executionRoles(), roleResult, judge)
}

// eachLayer judges every layer of the estate.
func eachLayer(in *Input, judge func(l *inventory.Layer, res *Result) bool) []Result {
	return each(in.Estate.Layers, func(l *inventory.Layer) Result { return resultFor(&l.Resource, KindLayer) }, judge)
}

// functionResult starts a result for function f; a function defined
// outside the estate is marked DefinedElsewhere.
func functionResult(f *inventory.Function) Result {
	res := resultFor(&f.Resource, KindFunction)
	res.Functions, res.DefinedElsewhere = []string{f.ID}, f.External
	return res
}
