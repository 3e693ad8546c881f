package rules

import (
	"slices"
	"time"

	"github.com/lambdasec/lambdasec/internal/exposure"
	"github.com/lambdasec/lambdasec/internal/iampolicy"
	"github.com/lambdasec/lambdasec/internal/inventory"
	"github.com/lambdasec/lambdasec/internal/needs"
)

// Config is what a user tells the rules about their estate.
type Config struct {
	// TrustedAccounts are account IDs allowed to invoke functions and use
	// layers without a finding (--trusted-account).
	TrustedAccounts []string
	// Runtimes is the runtime support table; nil means the built-in one.
	Runtimes *RuntimeTable
	// LayerPublishers are the accounts AWS publishes layers from; nil
	// means the built-in table (DefaultLayerPublishers).
	LayerPublishers *LayerPublishers
	// ManagedPolicies looks up the documents of managed policies a role
	// attaches by ARN when the estate does not hold them; nil means none
	// are known beyond the estate.
	ManagedPolicies exposure.ManagedPolicySource
	// SoonDays is how many days before a runtime's deprecation the runtime
	// rule starts to fail; 0 means 180.
	SoonDays int
	// Activity, when set, tells what functions were seen doing (from
	// CloudTrail), so a shared role's excess per function rests on use,
	// not only on configuration.
	Activity needs.ActivitySource
	// MultiTenant are path.Match patterns of the names, IDs or ARNs of the
	// functions that serve several tenants (.lambdasec.yaml multi-tenant),
	// which LS414 judges beside those tagged lambdasec:multi-tenant=true.
	MultiTenant []string
	// Code, when set, tells what functions' code calls (the AWS SDK calls
	// static analysis finds), so the needs a role is held against include
	// the code's (LS214, LS204). Like Activity, it must be safe for
	// concurrent use when Parallel is above 1.
	Code needs.CodeSource
	// Deployers are the ARN patterns of the principals that deploy
	// functions (--deployer; "*" spans "/" in the resource part), matched
	// against the session issuer of an assumed role and the caller's
	// ARN. The activity rules LS806 and LS812 use them; empty means a
	// function's deployers are the principals seen changing it.
	Deployers []string
	// Parallel is how many estates Run judges at once; 0 means
	// runtime.GOMAXPROCS(0), 1 judges them one after another. The output
	// is the same either way. With more than one, ManagedPolicies and
	// Activity must be safe for concurrent use.
	Parallel int
}

// Input is what a check reads: one estate, an index over it, the time the
// scan judges against, the user's configuration, and the analysis of the
// estate's roles the IAM rules share.
type Input struct {
	Estate *inventory.Estate
	Index  *inventory.Index
	// Now is the scan's clock (--now); runtime deadlines compare with it.
	Now    time.Time
	Config *Config
	// Analysis holds the estate's execution roles with their effective
	// policies, each policy parsed once per scan.
	Analysis *exposure.Analysis

	// graph caches Graph.
	graph *exposure.Graph
}

// Graph returns the estate's exposure graph with the configured trusted
// accounts and layer publishers, built on the first call and shared by
// every rule after it (rules read it and never change it).
func (in *Input) Graph() *exposure.Graph {
	if in.graph == nil {
		in.graph = in.Analysis.Graph(exposure.GraphOptions{Trusted: in.Config.TrustedAccounts, TrustedLayers: in.Config.LayerPublishers.Trusts})
	}
	return in.graph
}

// NewInput prepares the input for judging e.
func NewInput(e *inventory.Estate, now time.Time, cfg *Config) *Input {
	if cfg == nil {
		cfg = &Config{}
	}
	idx := inventory.NewIndex(e)
	return &Input{Estate: e, Index: idx, Now: now, Config: cfg, Analysis: exposure.New(e, idx, cfg.ManagedPolicies)}
}

// Policy parses a policy document of the estate, once per scan.
func (in *Input) Policy(p *inventory.Policy) (*iampolicy.Policy, error) { return in.Analysis.Policy(p) }

// trusted reports whether account is the estate's own or one the user
// trusts.
func (in *Input) trusted(account string) bool {
	return account == in.Estate.Account || slices.Contains(in.Config.TrustedAccounts, account)
}

// untrusted returns the accounts of accts that are not trusted, in order.
func (in *Input) untrusted(accts []string) []string {
	var out []string
	for _, a := range accts {
		if !in.trusted(a) {
			out = append(out, a)
		}
	}
	return out
}
