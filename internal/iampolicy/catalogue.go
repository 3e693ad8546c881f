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
// Its "names" part, from a later mirror (see names.source), lists every
// service prefix AWS documents, and the actions of the catalogued services
// added since the levels were taken (their levels are not known). Its
// "additions" part (see additions.source and additions.asOf, 2026-12-07)
// gives the Lambda actions added since — capacity providers, durable
// executions, MicroVMs, network connectors, resource policies and Web
// Functions (lambda:InvokeWebFunctionEndpoint) — their access levels, and
// the resource types of some (ResourceTypes); they join the services'
// actions, so lambda:* and lambda:Invoke* expand to them.
// The binary embeds it gzipped (go generate makes actions.json.gz; a test
// checks the two agree): it is the largest table lambdasec carries.
//
//go:generate gzip -9nkf actions.json
//go:embed actions.json.gz
var actionsJSONgz []byte

// Catalogue is the action catalogue: services, their actions and access
// levels.
type Catalogue struct {
	// Source and AsOf say where the data comes from and when.
	Source string
	AsOf   string
	// AdditionsSource and AdditionsAsOf say where the actions added to
	// the levelled ones (actions.json "additions") come from, and when.
	AdditionsSource string
	AdditionsAsOf   string
	// byService maps a lower-case service prefix to its actions (lower
	// case -> canonical name and level).
	byService map[string]map[string]catalogueEntry
	// NamesSource says where the service prefixes and the later action
	// names come from.
	NamesSource string
	// prefixes holds every documented service prefix, lower case; later
	// the lower-case names of catalogued services' actions that have no
	// level here, by service.
	prefixes map[string]bool
	later    map[string]map[string]bool
	// resources holds, by lower-case action, the resource types the
	// additions record (ResourceTypes).
	resources map[string][]string
	// granted memoizes GrantedActions by the statement's action
	// patterns: one expansion of each distinct statement per process.
	granted sync.Map // grantKey -> grantedActions
}

// grantedActions is a memoized GrantedActions result.
type grantedActions struct {
	actions  []string
	complete bool
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
			Names    struct {
				Source   string              `json:"source"`
				Prefixes []string            `json:"prefixes"`
				Actions  map[string][]string `json:"actions"`
			} `json:"names"`
			Additions struct {
				Source    string                         `json:"source"`
				AsOf      string                         `json:"asOf"`
				Services  map[string]map[string]string   `json:"services"`
				Resources map[string]map[string][]string `json:"resources"`
			} `json:"additions"`
		}
		if err := json.Unmarshal(gunzip(actionsJSONgz), &raw); err != nil {
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
		c.AdditionsSource, c.AdditionsAsOf = raw.Additions.Source, raw.Additions.AsOf
		for svc, acts := range raw.Additions.Services {
			m := c.byService[strings.ToLower(svc)]
			if m == nil {
				m = map[string]catalogueEntry{}
				c.byService[strings.ToLower(svc)] = m
			}
			for a, code := range acts {
				m[strings.ToLower(a)] = catalogueEntry{name: svc + ":" + a, level: raw.Levels[code]}
			}
		}
		c.resources = map[string][]string{}
		for svc, acts := range raw.Additions.Resources {
			for a, types := range acts {
				c.resources[strings.ToLower(svc+":"+a)] = types
			}
		}
		c.NamesSource = raw.Names.Source
		c.prefixes = make(map[string]bool, len(raw.Names.Prefixes))
		for _, p := range raw.Names.Prefixes {
			c.prefixes[strings.ToLower(p)] = true
		}
		c.later = map[string]map[string]bool{}
		for svc, acts := range raw.Names.Actions {
			m := make(map[string]bool, len(acts))
			for _, a := range acts {
				m[strings.ToLower(a)] = true
			}
			c.later[strings.ToLower(svc)] = m
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

// ResourceTypes returns the resource types the Service Authorization
// Reference lists for action ("lambda:InvokeWebFunctionEndpoint" ->
// webFunctionEndpoint), as the catalogue records them: only for some of
// the actions of its "additions" (see AdditionsSource). ok is false when
// none are recorded, which does not mean the action has none.
func (c *Catalogue) ResourceTypes(action string) (types []string, ok bool) {
	types, ok = c.resources[strings.ToLower(action)]
	return types, ok
}

// Known reports whether the catalogue covers a service prefix.
func (c *Catalogue) Known(service string) bool {
	_, ok := c.byService[strings.ToLower(service)]
	return ok
}

// ActionCheck is what the catalogue can say about an action pattern of a
// policy.
type ActionCheck int

// The answers of CheckAction.
const (
	// ActionKnown: the pattern names (or matches) a documented action.
	ActionKnown ActionCheck = iota
	// ActionUnchecked: the service exists but the catalogue does not hold
	// its actions, so the action part cannot be checked.
	ActionUnchecked
	// ActionUnknownService: no documented service has the prefix (or a
	// prefix the pattern matches).
	ActionUnknownService
	// ActionUnknown: the service's actions are held and none is named (or
	// matched) by the pattern — a typo, or an action that does not exist.
	ActionUnknown
	// ActionMalformed: the pattern has no "service:" prefix.
	ActionMalformed
)

// batchOperations are API operations that IAM authorises through another
// action (the SQS batch calls through their single-message action), so
// the reference lists no action of their name, yet policies — SAM's
// SQSPollerPolicy among them — name them in good faith.
// https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-api-permissions-reference.html
var batchOperations = map[string]bool{
	"sqs:sendmessagebatch":             true,
	"sqs:deletemessagebatch":           true,
	"sqs:changemessagevisibilitybatch": true,
}

// CheckAction says whether an Action or NotAction entry of a policy
// ("s3:GetObject", "s3:Get*", "*") can name a documented action. Service
// prefixes are matched case-insensitively, and wildcards match as in
// policies; a service whose actions the catalogue does not hold is
// ActionUnchecked. Actions added to AWS after the catalogue's data was
// taken are reported ActionUnknown: the data's date is in Source/AsOf and
// NamesSource.
func (c *Catalogue) CheckAction(pattern string) ActionCheck {
	if pattern == "*" || batchOperations[strings.ToLower(pattern)] {
		return ActionKnown
	}
	svcPat, actPat, ok := strings.Cut(pattern, ":")
	if !ok || svcPat == "" || actPat == "" {
		return ActionMalformed
	}
	svcs := c.matchingServices(svcPat)
	if len(svcs) == 0 {
		return ActionUnknownService
	}
	unchecked := false
	for _, svc := range svcs {
		acts, held := c.byService[svc]
		if !held {
			unchecked = true
			continue
		}
		for _, e := range acts {
			if MatchAction(pattern, e.name) {
				return ActionKnown
			}
		}
		for a := range c.later[svc] {
			if MatchAction(actPat, a) {
				return ActionKnown
			}
		}
	}
	if unchecked {
		return ActionUnchecked
	}
	return ActionUnknown
}

// matchingServices returns the lower-case documented prefixes svcPat
// (which may hold wildcards) names.
func (c *Catalogue) matchingServices(svcPat string) []string {
	p := strings.ToLower(svcPat)
	if !strings.ContainsAny(p, "*?") {
		if c.prefixes[p] || c.byService[p] != nil {
			return []string{p}
		}
		return nil
	}
	var out []string
	for svc := range c.prefixes {
		if MatchAction(p, svc) {
			out = append(out, svc)
		}
	}
	return out
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
// within the catalogue) of a statement into catalogue actions, sorted, and
// whether the list is complete. Each distinct set of action patterns is
// expanded once: the returned slice is shared, and callers must not modify
// it. Safe for concurrent use.
func (c *Catalogue) GrantedActions(st *Statement) (actions []string, complete bool) {
	key := grantKey(st)
	if g, ok := c.granted.Load(key); ok {
		return g.(grantedActions).actions, g.(grantedActions).complete
	}
	actions, complete = c.grantedActions(st)
	c.granted.Store(key, grantedActions{actions, complete})
	return actions, complete
}

// grantKey identifies what GrantedActions reads of a statement: its
// NotAction patterns, or else its Action patterns.
func grantKey(st *Statement) string {
	if st.NotAction != nil {
		return "N\x00" + strings.Join(st.NotAction, "\x00")
	}
	return "A\x00" + strings.Join(st.Action, "\x00")
}

func (c *Catalogue) grantedActions(st *Statement) (actions []string, complete bool) {
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
