package cloudformation

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
}

// applyGlobals merges the Globals section into every SAM resource's
// properties, as the transform does: a resource's scalar replaces the
// global one, maps merge key by key (the resource winning), lists are
// concatenated with the global items first, and an intrinsic function
// counts as a scalar. The IgnoreGlobals attribute ("*" or a list of
// property names) opts a resource out.
func (t *template) applyGlobals() {
	if t.globals == nil || t.globals.kind != kindMap {
		return
	}
	for i, section := range t.globals.keys {
		typ, ok := globalSections[section]
		g := t.globals.vals[i]
		if !ok || g.kind != kindMap {
			continue
		}
		for _, res := range t.resources {
			if res.typ == typ {
				res.prop = mergeGlobals(g, res.prop, ignored(res.raw.get("IgnoreGlobals")))
			}
		}
	}
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

func mergeGlobals(global, local *value, skip map[string]bool) *value {
	if skip["*"] {
		return local
	}
	out := local.clone()
	for i, k := range global.keys {
		if skip[k] {
			continue
		}
		out.set(k, mergeValue(global.vals[i], local.get(k)))
	}
	// Keep the resource's own order for its keys: set appends new keys.
	return out
}

func mergeValue(global, local *value) *value {
	if local == nil {
		return global.clone()
	}
	switch {
	case global.kind == kindMap && local.kind == kindMap && intrinsicName(global) == "" && intrinsicName(local) == "":
		out := local.clone()
		for i, k := range global.keys {
			out.set(k, mergeValue(global.vals[i], local.get(k)))
		}
		return out
	case global.kind == kindList && local.kind == kindList:
		items := make([]*value, 0, len(global.list)+len(local.list))
		for _, it := range global.list {
			items = append(items, it.clone())
		}
		items = append(items, local.list...)
		return listAt(items, local)
	}
	return local
}
