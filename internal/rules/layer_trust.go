package rules

// Trusts reports whether the table lists account as a publisher of AWS's
// own layers in region: the exposure graph's GraphOptions.TrustedLayers,
// so a layer LS504 passes is no supply-chain entry point either. A nil
// table is the built-in one.
func (t *LayerPublishers) Trusts(account, region string) bool {
	if t == nil {
		t = DefaultLayerPublishers()
	}
	_, ok := t.Publisher(account, region)
	return ok
}
