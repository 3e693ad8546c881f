package needs

import "github.com/lambdasec/lambdasec/internal/inventory"

// Resolver ties the values a function's code and configuration use — an
// environment variable's value, a name written in code — to the
// resources of its estate, as Of does for environment variables. The
// analysis of handler code (internal/needs/code) resolves the tables,
// buckets and queues its SDK calls name through it.
type Resolver struct{ in estate }

// NewResolver returns a Resolver over estate e; idx is e's index
// (inventory.NewIndex(e) when nil).
func NewResolver(e *inventory.Estate, idx *inventory.Index) *Resolver {
	if idx == nil {
		idx = inventory.NewIndex(e)
	}
	return &Resolver{estate{e, idx}}
}

// Resource returns the ARN of the one data resource of the estate (a
// table, bucket, queue, topic, stream, secret, KMS key...) that value
// names — through a Ref or GetAtt token, its ARN, or its physical name
// — with the resource's label ("OrdersTable"), and true; or false when
// value names none, or more than one.
func (r *Resolver) Resource(value string) (arn, label string, ok bool) {
	if r == nil || r.in.Estate == nil || value == "" {
		return "", "", false
	}
	if os := r.in.namedBy(value); len(os) == 1 && os[0].ARN != "" {
		return os[0].ARN, os[0].Label(), true
	}
	if k := r.in.Index.KMSKey(value); k != nil && k.ARN != "" {
		return k.ARN, k.Label(), true
	}
	return "", "", false
}
