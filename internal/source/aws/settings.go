package aws

import "context"

// collectSettings is not written yet: nothing of it is read.
func (r *region) collectSettings(ctx context.Context) {}
