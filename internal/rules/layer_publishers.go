package rules

import (
	_ "embed"
	"fmt"
	"regexp"
	"sync"

	"go.yaml.in/yaml/v3"
)

//go:embed layer_publishers.yaml
var builtinLayerPublishers []byte

// LayerPublisher is one publisher of Lambda layers AWS runs (Powertools,
// Lambda Insights, the AppConfig and Parameters and Secrets extensions,
// ADOT): the accounts it publishes from, by region ("*" for every
// region), the page that lists them and the day they were read.
type LayerPublisher struct {
	Name     string            `yaml:"name"`
	Source   string            `yaml:"source"`
	Seen     string            `yaml:"seen,omitempty"`
	Checked  string            `yaml:"checked"`
	Accounts map[string]string `yaml:"accounts"`
}

// LayerPublishers is the table of layer publishers LS504 trusts.
type LayerPublishers struct {
	Publishers []LayerPublisher `yaml:"publishers"`
}

var (
	accountIDRE = regexp.MustCompile(`^\d{12}$`)
	regionRE    = regexp.MustCompile(`^(\*|[a-z]{2}(-[a-z]+)+-\d+)$`)
)

// ParseLayerPublishers reads a layer publisher table in the format of the
// built-in layer_publishers.yaml: publishers, each with a name, a source
// URL, the date it was checked (YYYY-MM-DD) and accounts by region (a
// region name or "*"; 12-digit account IDs). name labels errors.
func ParseLayerPublishers(name string, data []byte) (*LayerPublishers, error) {
	var t LayerPublishers
	if err := yaml.Unmarshal(data, &t); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	for i, p := range t.Publishers {
		switch {
		case p.Name == "" || !oneLine(p.Name):
			return nil, fmt.Errorf("%s: publisher %d: name must be one line of text", name, i+1)
		case !oneLine(p.Source) || p.Source == "":
			return nil, fmt.Errorf("%s: publisher %s: source must be one line of text (the URL that lists its layers)", name, p.Name)
		case len(p.Accounts) == 0:
			return nil, fmt.Errorf("%s: publisher %s: no accounts", name, p.Name)
		}
		if d, err := parseDate(p.Checked); err != nil || d.IsZero() {
			return nil, fmt.Errorf("%s: publisher %s: checked must be a date (YYYY-MM-DD), got %q", name, p.Name, p.Checked)
		}
		for region, acct := range p.Accounts {
			if !regionRE.MatchString(region) {
				return nil, fmt.Errorf("%s: publisher %s: %q is not a region name or *", name, p.Name, region)
			}
			if !accountIDRE.MatchString(acct) {
				return nil, fmt.Errorf("%s: publisher %s: region %s: %q is not a 12-digit account ID", name, p.Name, region, acct)
			}
		}
	}
	return &t, nil
}

// DefaultLayerPublishers returns the built-in table.
var DefaultLayerPublishers = sync.OnceValue(func() *LayerPublishers {
	t, err := ParseLayerPublishers("layer_publishers.yaml", builtinLayerPublishers)
	if err != nil {
		panic(err) // embedded data, checked by the package tests
	}
	return t
})

// Merge returns a table with the publishers of t and then those of more.
func (t *LayerPublishers) Merge(more *LayerPublishers) *LayerPublishers {
	if more == nil {
		return t
	}
	return &LayerPublishers{Publishers: append(append([]LayerPublisher(nil), t.Publishers...), more.Publishers...)}
}

// Publisher returns the publisher that owns account: the one listing it
// for region (or for every region) first, then one listing it for any
// other region — an account AWS publishes from is AWS's wherever the
// layer lives. ok is false when no publisher lists the account.
func (t *LayerPublishers) Publisher(account, region string) (p *LayerPublisher, ok bool) {
	var elsewhere *LayerPublisher
	for i := range t.Publishers {
		pub := &t.Publishers[i]
		for r, a := range pub.Accounts {
			if a != account {
				continue
			}
			if r == region || r == "*" {
				return pub, true
			}
			if elsewhere == nil {
				elsewhere = pub
			}
		}
	}
	return elsewhere, elsewhere != nil
}
