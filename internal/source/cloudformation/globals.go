package cloudformation

import "errors"

// SAM Globals: which section applies to which resource type.
// https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-specification-template-anatomy-globals.html
var globalSections = map[string]string{
	"Function":     "AWS::Serverless::Function",
	"Api":          "AWS::Serverless::Api",
	"HttpApi":      "AWS::Serverless::HttpApi",
	"WebSocketApi": "AWS::Serverless::WebSocketApi",
	"SimpleTable":  "AWS::Serverless::SimpleTable",
	"StateMachine": "AWS::Serverless::StateMachine",
	"LayerVersion": "AWS::Serverless::LayerVersion",
	// https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-resource-capacityprovider.html
	"CapacityProvider": "AWS::Serverless::CapacityProvider",
}

// applyGlobals merges the Globals section into every SAM resource's
// properties, as the transform does: a resource's scalar replaces the
// global one, maps merge key by key (the resource winning), lists are
// concatenated with the global items first, and an intrinsic function
// counts as a scalar. The IgnoreGlobals attribute ("*" or a list of
// property names) opts a resource out. Every value copied counts against
// the file's budget (Globals built of YAML aliases, copied into every
// function, would otherwise be unbounded); the error is a *budgetError.
func (t *template) applyGlobals() error {
	if t.globals == nil || t.globals.kind != kindMap {
		return nil
	}
	for i, section := range t.globals.keys {
		typ, ok := globalSections[section]
		g := t.globals.vals[i]
		if !ok || g.kind != kindMap {
			continue
		}
		for _, res := range t.resources {
			if res.typ == typ {
				p, err := mergeGlobals(g, res.prop, ignored(res.raw.get("IgnoreGlobals")), t.budget)
				if err != nil {
					// Name the resource the Globals were being copied into.
					var be *budgetError
					if errors.As(err, &be) && res.at != nil {
						be.line, be.col = res.at.kline, res.at.kcol
					}
					return err
				}
				res.prop = p
			}
		}
	}
	return nil
}

// globalsFor returns the Globals section for a resource type, for the
// implicit APIs the transform creates.
func (t *template) globalsFor(typ string) *value {
	for sec, ty := range globalSections {
		if ty == typ {
			return t.globals.get(sec)
		}
	}
	return nil
}

func ignored(v *value) map[string]bool {
	out := map[string]bool{}
	for _, s := range v.strings() {
		out[s] = true
	}
	return out
}

func mergeGlobals(global, local *value, skip map[string]bool, b *budget) (*value, error) {
	if skip["*"] {
		return local, nil
	}
	out, err := local.cloneIn(b)
	if err != nil {
		return nil, err
	}
	for i, k := range global.keys {
		if skip[k] {
			continue
		}
		m, err := mergeValue(global.vals[i], local.get(k), b)
		if err != nil {
			return nil, err
		}
		out.set(k, m)
	}
	// Keep the resource's own order for its keys: set appends new keys.
	return out, nil
}

func mergeValue(global, local *value, b *budget) (*value, error) {
	if local == nil {
		return global.cloneIn(b)
	}
	switch {
	case global.kind == kindMap && local.kind == kindMap && intrinsicName(global) == "" && intrinsicName(local) == "":
		out, err := local.cloneIn(b)
		if err != nil {
			return nil, err
		}
		for i, k := range global.keys {
			m, err := mergeValue(global.vals[i], local.get(k), b)
			if err != nil {
				return nil, err
			}
			out.set(k, m)
		}
		return out, nil
	case global.kind == kindList && local.kind == kindList:
		items := make([]*value, 0, len(global.list)+len(local.list))
		for _, it := range global.list {
			c, err := it.cloneIn(b)
			if err != nil {
				return nil, err
			}
			items = append(items, c)
		}
		items = append(items, local.list...)
		return listAt(items, local), b.spend(1, 0, local)
	}
	return local, nil
}
