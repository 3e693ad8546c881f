package rules

import (
	"slices"
	"time"

	"github.com/lambdasec/lambdasec/internal/iampolicy"
	"github.com/lambdasec/lambdasec/internal/inventory"
)

// Config is what a user tells the rules about their estate.
type Config struct {
	// TrustedAccounts are account IDs allowed to invoke functions and use
	// layers without a finding (--trusted-account).
	TrustedAccounts []string
	// Runtimes is the runtime support table; nil means the built-in one.
	Runtimes *RuntimeTable
	// ManagedPolicies looks up the documents of managed policies a role
	// attaches by ARN when the estate does not hold them; nil means none
	// are known beyond the estate.
	ManagedPolicies ManagedPolicySource
	// SoonDays is how many days before a runtime's deprecation the runtime
	// rule starts to fail; 0 means 180.
	SoonDays int
	// Activity, when set, tells what functions were seen doing (from
	// CloudTrail), so a shared role's excess per function rests on use,
	// not only on configuration.
	Activity ActivitySource
}

// ManagedPolicySource finds a managed policy's document by ARN.
type ManagedPolicySource interface {
	// ManagedPolicy returns the policy with that ARN, and false when the
	// source does not know it.
	ManagedPolicy(arn string) (*iampolicy.Policy, bool)
}

// Input is what a check reads: one estate, an index over it, the time the
// scan judges against, and the user's configuration.
type Input struct {
	Estate *inventory.Estate
	Index  *inventory.Index
	// Now is the scan's clock (--now); runtime deadlines compare with it.
	Now    time.Time
	Config *Config

	parsed   map[*inventory.Policy]parsedPolicy
	riskSets map[*inventory.Role]map[string]bool
}

type parsedPolicy struct {
	p   *iampolicy.Policy
	err error
}

// NewInput prepares the input for judging e.
func NewInput(e *inventory.Estate, now time.Time, cfg *Config) *Input {
	if cfg == nil {
		cfg = &Config{}
	}
	return &Input{Estate: e, Index: inventory.NewIndex(e), Now: now, Config: cfg, parsed: map[*inventory.Policy]parsedPolicy{}}
}

// Policy parses a policy document of the estate, once per scan.
func (in *Input) Policy(p *inventory.Policy) (*iampolicy.Policy, error) {
	if pp, ok := in.parsed[p]; ok {
		return pp.p, pp.err
	}
	pol, err := iampolicy.Parse(p.Document)
	in.parsed[p] = parsedPolicy{pol, err}
	return pol, err
}

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
