package aws

import "context"

// collectAPIGateway is not written yet: nothing of it is read.
func (r *region) collectAPIGateway(ctx context.Context) {}
