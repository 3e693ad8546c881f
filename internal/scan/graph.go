package scan

import (
	"context"

	"github.com/lambdasec/lambdasec/internal/exposure"
	"github.com/lambdasec/lambdasec/internal/inventory"
)

// Graphs reads what req names (Paths, or Live) as Run does, and returns
// the exposure graph of each estate, in the order read, and the inputs
// that could not be read. Only Paths, Live, Load, SkipDirs, SkipFiles,
// TrustedAccounts and ManagedPolicies matter; nothing is judged. The
// error is Live's.
func Graphs(ctx context.Context, req Request) ([]*exposure.Graph, []inventory.Diagnostic, error) {
	var estates []*inventory.Estate
	var skipped []inventory.Diagnostic
	if req.Live != nil {
		es, err := req.Live(ctx)
		if err != nil {
			return nil, nil, err
		}
		estates = es
	} else {
		if len(req.Paths) == 0 {
			req.Paths = []string{"."}
		}
		opt := req.Load
		opt.SkipDirs = append(append([]string(nil), opt.SkipDirs...), req.SkipDirs...)
		opt.SkipFiles = append(append([]string(nil), opt.SkipFiles...), req.SkipFiles...)
		l := Load(req.Paths, opt)
		estates, skipped = l.Estates, l.Skipped
	}
	gs := make([]*exposure.Graph, 0, len(estates))
	for _, e := range estates {
		a := exposure.New(e, inventory.NewIndex(e), req.ManagedPolicies)
		gs = append(gs, a.Graph(exposure.GraphOptions{Trusted: req.TrustedAccounts, TrustedLayers: req.LayerPublishers.Trusts}))
	}
	return gs, skipped, nil
}
