package iampolicy

import (
	_ "embed"
	"encoding/json"
	"sort"
	"strings"
	"sync"
)

// Access levels of IAM actions, as the AWS Service Authorization Reference
// classifies them.
// https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_understand-policy-summary-access-level-summaries.html
const (
	LevelList        = "List"
	LevelRead        = "Read"
	LevelWrite       = "Write"
	LevelPermissions = "Permissions management"
	LevelTagging     = "Tagging"
)

// actions.json holds, for the services Lambda roles use, every action and
// its access level, from the AWS Service Authorization Reference as
// mirrored in tobilg/aws-iam-data (see the file's "source" and "asOf").
//
//go:embed actions.json
var actionsJSON []byte

// Catalogue is the action catalogue: services, their actions and access
// levels.
type Catalogue struct {
	// Source and AsOf say where the data comes from and when.
	Source string
	AsOf   string
	// byService maps a lower-case service prefix to its actions (lower
	// case -> canonical name and level).
	byService map[string]map[string]catalogueEntry
}

type catalogueEntry struct {
	name, level string
}

var (
	catalogueOnce sync.Once
	catalogue     *Catalogue
)

// Actions returns the built-in action catalogue, read once.
func Actions() *Catalogue {
	catalogueOnce.Do(func() {
		var raw struct {
			Source   string                       `json:"source"`
			AsOf     string                       `json:"asOf"`
			Levels   map[string]string            `json:"levels"`
			Services map[string]map[string]string `json:"services"`
		}
		if err := json.Unmarshal(actionsJSON, &raw); err != nil {
			panic("actions.json: " + err.Error()) // embedded data, checked by tests
		}
		c := &Catalogue{Source: raw.Source, AsOf: raw.AsOf, byService: map[string]map[string]catalogueEntry{}}
		for svc, acts := range raw.Services {
			m := make(map[string]catalogueEntry, len(acts))
			for a, code := range acts {
				m[strings.ToLower(a)] = catalogueEntry{name: svc + ":" + a, level: raw.Levels[code]}
			}
			c.byService[strings.ToLower(svc)] = m
		}
		catalogue = c
	})
	return catalogue
}

// Level returns the access level of action ("s3:GetObject" -> "Read"), and
// false for an action the catalogue does not know.
func (c *Catalogue) Level(action string) (string, bool) {
	svc, act, ok := strings.Cut(action, ":")
	if !ok {
		return "", false
	}
	e, ok := c.byService[strings.ToLower(svc)][strings.ToLower(act)]
	return e.level, ok
}

// Known reports whether the catalogue covers a service prefix.
func (c *Catalogue) Known(service string) bool {
	_, ok := c.byService[strings.ToLower(service)]
	return ok
}

// Expand returns the catalogue's actions an action pattern covers ("s3:Put*"
// -> s3:PutObject, s3:PutBucketPolicy, ...), sorted, and whether every
// service the pattern may name is in the catalogue ("*" and "*:Get*" reach
// services the catalogue does not hold, so the list is then partial).
func (c *Catalogue) Expand(pattern string) (actions []string, complete bool) {
	svcPat, _, ok := strings.Cut(pattern, ":")
	if !ok && pattern != "*" {
		return nil, false
	}
	complete = !strings.ContainsAny(svcPat, "*?") && c.Known(svcPat)
	for svc, acts := range c.byService {
		if pattern != "*" && !MatchAction(svcPat, svc) {
			continue
		}
		for _, e := range acts {
			if MatchAction(pattern, e.name) {
				actions = append(actions, e.name)
			}
		}
	}
	sort.Strings(actions)
	return actions, complete
}

// Statement-level helpers.

// GrantedActions expands the Action (or, for NotAction, the complement
// within the catalogue) of a statement into catalogue actions.
func (c *Catalogue) GrantedActions(st *Statement) (actions []string, complete bool) {
	complete = true
	if st.NotAction != nil {
		for _, acts := range c.byService {
			for _, e := range acts {
				if st.CoversAction(e.name) {
					actions = append(actions, e.name)
				}
			}
		}
		sort.Strings(actions)
		return actions, false // the complement also reaches services the catalogue lacks
	}
	seen := map[string]bool{}
	for _, p := range st.Action {
		acts, ok := c.Expand(p)
		if !ok {
			complete = false
		}
		for _, a := range acts {
			if !seen[a] {
				seen[a] = true
				actions = append(actions, a)
			}
		}
	}
	sort.Strings(actions)
	return actions, complete
}
