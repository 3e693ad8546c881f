package cloudformation

import (
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/lambdasec/lambdasec/internal/inventory"
)

// noValue is the value of Ref AWS::NoValue: the property is removed.
var noValue = &value{kind: kindNull, str: "AWS::NoValue"}

func isNoValue(v *value) bool { return v == noValue }

// param is a template parameter.
type param struct {
	name       string
	typ        string
	def        *value
	hasDefault bool
	noEcho     bool
	pos        *value
}

// resolver evaluates intrinsic functions statically. What depends on
// deployment becomes a token (see package inventory); what cannot be worked
// out becomes an unresolved token with the reason. A value that is wrong
// (a reference to nothing, an index past the end of a list) is unresolved
// too, with a warning naming file and line: one bad value never makes the
// rest of the template unread. The work is linear in the template's size:
// each resource's ARN is worked out once, and no resolved string may be
// longer than maxResolved.
type resolver struct {
	t *template
	// condState memoises conditions: 1 true, 2 false, 3 unknown, -1 being
	// evaluated (a cycle).
	condState map[string]int
	// naming guards the resolution of physical names against cycles.
	naming map[string]bool
	// arns memoises arnOf by logical ID: without it a chain of resources
	// each named after its predecessor's ARN twice takes time and memory
	// doubling at each link.
	arns map[string]string
	// warned dedupes warnings (a value may be resolved more than once).
	warned map[string]bool
	// agreed memoises, per mapping and second-level key, the value every
	// top-level entry agrees on (nil: they do not), for Fn::FindInMap
	// keyed by a deploy-time value.
	agreed map[string]*value
}

func newResolver(t *template) *resolver {
	return &resolver{t: t, condState: map[string]int{}, naming: map[string]bool{}, arns: map[string]string{}, warned: map[string]bool{}, agreed: map[string]*value{}}
}

// maxResolved is the longest string resolution may build, in bytes: a
// longer one is unresolved, with a warning. It is far above any value the
// rules read: IAM policy documents (at most 10,240 characters), a
// function's environment (4 KB together), inline code (4 KB).
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html
// https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html
const maxResolved = 256 << 10

// warn records a problem that did not stop the read, once, as a warning
// at its position: "message: consequence".
func (r *resolver) warn(err error, consequence string) {
	d := *fileError(r.t.file, err)
	d.Message += ": " + consequence
	d.Severity = inventory.SeverityWarning
	w := d.String()
	if r.warned[w] {
		return
	}
	r.warned[w] = true
	r.t.warnings = append(r.t.warnings, d)
}

// isBudget reports whether err is the file's budget running out, the one
// resolution error that stops the read of a file.
func isBudget(err error) bool {
	var be *budgetError
	return errors.As(err, &be)
}

// built returns a string fn built, as a value at the position of at,
// counting it against the file's budget; a string over maxResolved is an
// error (which resolve turns into an unresolved value).
func (r *resolver) built(s, fn string, at *value) (*value, error) {
	if len(s) > maxResolved {
		return nil, errAt(at, "%s builds a string of %d bytes, over the limit of %d", fn, len(s), maxResolved)
	}
	if err := r.t.budget.spend(1, len(s), at); err != nil {
		return nil, err
	}
	return scalarAt(s, at), nil
}

// intrinsicName returns the name of the intrinsic function v is, if v is a
// one-entry map whose key is Ref or Fn::*.
func intrinsicName(v *value) string {
	if v == nil || v.kind != kindMap || len(v.keys) != 1 {
		return ""
	}
	k := v.keys[0]
	if k == "Ref" || strings.HasPrefix(k, "Fn::") {
		return k
	}
	return ""
}

// resolve returns v with every intrinsic function evaluated.
func (r *resolver) resolve(v *value) (*value, error) {
	if v == nil {
		return nil, nil
	}
	switch v.kind {
	case kindScalar, kindNull:
		return v, nil
	case kindList:
		if err := r.t.budget.spend(1, 0, v); err != nil {
			return nil, err
		}
		out := listAt(make([]*value, 0, len(v.list)), v)
		for _, it := range v.list {
			rv, err := r.resolve(it)
			if err != nil {
				return nil, err
			}
			if isNoValue(rv) {
				continue
			}
			out.list = append(out.list, rv)
		}
		return out, nil
	}
	if fn := intrinsicName(v); fn != "" {
		res, err := r.intrinsic(fn, v.vals[0], v)
		if err != nil {
			if isBudget(err) {
				return nil, err
			}
			// One bad value: it is unresolved (rules that need it say
			// UNKNOWN), and the rest of the template is still read.
			r.warn(err, "the value is left unresolved")
			msg := err.Error()
			var pe *posError
			if errors.As(err, &pe) {
				msg = pe.msg
			}
			return unresolved(msg, v), nil
		}
		if res != nil && res != noValue && res.line == 0 {
			res.line, res.col = v.line, v.col
		}
		return res, nil
	}
	if err := r.t.budget.spend(1, 0, v); err != nil {
		return nil, err
	}
	out := mapAt(v)
	out.keys = make([]string, 0, len(v.keys))
	out.vals = make([]*value, 0, len(v.vals))
	for i, k := range v.keys {
		rv, err := r.resolve(v.vals[i])
		if err != nil {
			return nil, err
		}
		if isNoValue(rv) {
			continue
		}
		out.keys = append(out.keys, k)
		out.vals = append(out.vals, rv)
	}
	return out, nil
}

func unresolved(reason string, at *value) *value {
	return scalarAt(inventory.UnresolvedToken(reason), at)
}

func (r *resolver) intrinsic(fn string, arg, at *value) (*value, error) {
	switch fn {
	case "Ref":
		return r.ref(arg, at)
	case "Fn::GetAtt":
		return r.getAtt(arg, at)
	case "Fn::Sub":
		return r.sub(arg, at)
	case "Fn::Join":
		return r.join(arg, at)
	case "Fn::Select":
		return r.selectFn(arg, at)
	case "Fn::Split":
		return r.split(arg, at)
	case "Fn::FindInMap":
		return r.findInMap(arg, at)
	case "Fn::If":
		return r.ifFn(arg, at)
	case "Fn::ImportValue":
		name, err := r.resolve(arg)
		if err != nil {
			return nil, err
		}
		return unresolved("Fn::ImportValue "+inventory.Describe(name.text()), at), nil
	case "Fn::Base64":
		return r.resolve(arg)
	case "Fn::GetAZs":
		return unresolved("Fn::GetAZs", at), nil
	case "Fn::Cidr":
		if _, err := r.resolve(arg); err != nil {
			return nil, err
		}
		return unresolved("Fn::Cidr", at), nil
	case "Fn::Transform":
		return unresolved("Fn::Transform (a macro)", at), nil
	case "Fn::ToJsonString":
		rv, err := r.resolve(arg)
		if err != nil {
			return nil, err
		}
		b, err := json.Marshal(toJSON(rv))
		if err != nil {
			return nil, errAt(at, "Fn::ToJsonString: %v", err)
		}
		return r.built(string(b), fn, at)
	case "Fn::Length":
		rv, err := r.resolve(arg)
		if err != nil {
			return nil, err
		}
		if rv.kind != kindList {
			return unresolved("Fn::Length of a value not known", at), nil
		}
		return scalarAt(strconv.Itoa(len(rv.list)), at), nil
	case "Fn::Equals", "Fn::And", "Fn::Or", "Fn::Not":
		c, err := r.condExpr(at)
		if err != nil {
			return nil, err
		}
		switch c {
		case condTrue:
			return scalarAt("true", at), nil
		case condFalse:
			return scalarAt("false", at), nil
		}
		return unresolved(fn+" not decidable", at), nil
	}
	if strings.HasPrefix(fn, "Fn::ForEach") {
		return unresolved("Fn::ForEach loop", at), nil
	}
	return nil, errAt(at, "unknown intrinsic function %s", fn)
}

// pseudo returns the value of a pseudo parameter.
func pseudo(name string, at *value) (*value, bool) {
	switch name {
	case "AWS::AccountId":
		return scalarAt(inventory.AccountIDToken, at), true
	case "AWS::Region":
		return scalarAt(inventory.RegionToken, at), true
	case "AWS::Partition":
		return scalarAt("aws", at), true
	case "AWS::URLSuffix":
		return scalarAt("amazonaws.com", at), true
	case "AWS::StackName":
		return scalarAt(inventory.StackNameToken, at), true
	case "AWS::StackId":
		return scalarAt(inventory.StackIDToken, at), true
	case "AWS::NotificationARNs":
		return unresolved("AWS::NotificationARNs", at), true
	case "AWS::NoValue":
		return noValue, true
	}
	return nil, false
}

func (r *resolver) ref(arg, at *value) (*value, error) {
	name := arg.text()
	if arg.kind != kindScalar {
		rv, err := r.resolve(arg)
		if err != nil {
			return nil, err
		}
		if rv.kind != kindScalar {
			return nil, errAt(at, "Ref needs a name")
		}
		name = rv.str
	}
	if v, ok := pseudo(name, at); ok {
		return v, nil
	}
	if p, ok := r.t.params[name]; ok {
		return r.paramValue(p, at), nil
	}
	if res := r.t.resource(name); res != nil {
		return scalarAt(r.refValue(res), at), nil
	}
	if inventory.HasToken(name) {
		return unresolved("Ref "+inventory.Describe(name), at), nil
	}
	if r.t.sam {
		if v, ok := r.samRef(name, at); ok {
			return v, nil
		}
	}
	return nil, errAt(at, "Ref to %s, which is neither a parameter nor a resource", quote(name))
}

// samRef resolves the references the SAM transform adds: "Fn.Alias",
// "Fn.Version", "Api.Stage", "Api.Deployment" name resources it generates.
// https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-specification-generated-resources.html
func (r *resolver) samRef(name string, at *value) (*value, bool) {
	id, attr, ok := strings.Cut(name, ".")
	res := r.t.resource(id)
	if !ok || res == nil {
		return nil, false
	}
	switch {
	case attr == "Alias" && res.typ == "AWS::Serverless::Function":
		if a := res.prop.get("AutoPublishAlias"); a.isScalar() {
			return scalarAt(inventory.RefToken(aliasID(id, a.str)), at), true
		}
	case attr == "Version" && res.typ == "AWS::Serverless::Function":
		return scalarAt(inventory.RefToken(id+"Version"), at), true
	case attr == "Stage" && res.typ == "AWS::Serverless::Api":
		stage := res.prop.get("StageName")
		if stage.isScalar() {
			return scalarAt(stage.str, at), true
		}
		return unresolved("stage name of "+id, at), true
	case attr == "Stage" && res.typ == "AWS::Serverless::HttpApi":
		if stage := res.prop.get("StageName"); stage.isScalar() {
			return scalarAt(stage.str, at), true
		}
		return scalarAt("$default", at), true
	}
	return scalarAt(inventory.AttrToken(id, attr), at), true
}

// paramValue returns the value a parameter takes: its default, split for
// list types, or an unresolved token.
func (r *resolver) paramValue(p *param, at *value) *value {
	if strings.HasPrefix(p.typ, "AWS::SSM::Parameter::Value") {
		return unresolved(fmt.Sprintf("parameter %s is read from SSM parameter %s at deploy time", p.name, p.def.text()), at)
	}
	if !p.hasDefault {
		return unresolved(fmt.Sprintf("parameter %s has no default", p.name), at)
	}
	if p.typ == "CommaDelimitedList" || strings.HasPrefix(p.typ, "List<") {
		if p.def.kind == kindList {
			return p.def
		}
		var items []*value
		for _, s := range strings.Split(p.def.text(), ",") {
			items = append(items, scalarAt(strings.TrimSpace(s), at))
		}
		return listAt(items, at)
	}
	v := *p.def
	v.line, v.col = at.line, at.col
	return &v
}

// refValue is what Ref to a resource returns: its ARN for the types whose
// Ref returns one (and whose ARN lambdasec can write), otherwise a token.
func (r *resolver) refValue(res *resource) string {
	switch res.typ {
	case "AWS::SNS::Topic", "AWS::IAM::ManagedPolicy", "AWS::StepFunctions::StateMachine", "AWS::Serverless::StateMachine":
		if arn := r.arnOf(res); arn != "" {
			return arn
		}
	}
	return inventory.RefToken(res.id)
}

func (r *resolver) getAtt(arg, at *value) (*value, error) {
	var id, attr string
	switch {
	case arg.kind == kindScalar:
		var ok bool
		id, attr, ok = strings.Cut(arg.str, ".")
		if !ok {
			return nil, errAt(at, "Fn::GetAtt needs Resource.Attribute, got %s", quote(arg.str))
		}
	case arg.kind == kindList && len(arg.list) == 2:
		a0, err := r.resolve(arg.list[0])
		if err != nil {
			return nil, err
		}
		a1, err := r.resolve(arg.list[1])
		if err != nil {
			return nil, err
		}
		if !a0.isScalar() || !a1.isScalar() {
			return nil, errAt(at, "Fn::GetAtt needs [Resource, Attribute]")
		}
		id, attr = a0.str, a1.str
	default:
		return nil, errAt(at, "Fn::GetAtt needs [Resource, Attribute]")
	}
	if r.t.sam {
		if v, ok := r.samAttr(id, attr, at); ok {
			return v, nil
		}
	}
	res := r.t.resource(id)
	if res == nil {
		if inventory.HasToken(id) {
			return unresolved("Fn::GetAtt "+inventory.Describe(id), at), nil
		}
		return nil, errAt(at, "Fn::GetAtt refers to %s, which is not a resource", quote(id))
	}
	return scalarAt(r.attrValue(res, attr), at), nil
}

// samAttr resolves Fn::GetAtt to a resource the SAM transform generates,
// named through its SAM resource: [MyFunction.Alias, Name] (the list
// form, a dotted logical ID) or MyFunction.Alias.Name (the short form).
// ok is false when id.attr does not name one.
// https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-specification-generated-resources.html
func (r *resolver) samAttr(id, attr string, at *value) (*value, bool) {
	base, suffix, dotted := strings.Cut(id, ".")
	if !dotted {
		// MyFunction.Alias.Name: id MyFunction, attr Alias.Name.
		var ok bool
		base = id
		if suffix, attr, ok = strings.Cut(attr, "."); !ok {
			return nil, false
		}
	}
	res := r.t.resource(base)
	if res == nil {
		return nil, false
	}
	gen := ""
	switch {
	case suffix == "Alias" && res.typ == "AWS::Serverless::Function":
		if a := res.prop.get("AutoPublishAlias"); a.isScalar() {
			gen = aliasID(base, a.str)
		}
	case suffix == "Version" && res.typ == "AWS::Serverless::Function":
		if res.prop.get("AutoPublishAlias").isScalar() {
			gen = base + "Version"
		}
	case suffix == "Stage" && res.typ == "AWS::Serverless::Api":
		if s := res.prop.get("StageName"); s.isScalar() {
			gen = base + stageIDPart(s.str) + "Stage"
		}
	case suffix == "Stage" && res.typ == "AWS::Serverless::HttpApi":
		gen = base + "ApiGatewayDefaultStage"
	}
	if !dotted && gen == "" {
		return nil, false
	}
	if gen == "" {
		return unresolved(fmt.Sprintf("Fn::GetAtt %s.%s: SAM generates no such resource", id, attr), at), true
	}
	if g := r.t.resource(gen); g != nil {
		return scalarAt(r.attrValue(g, attr), at), true
	}
	return scalarAt(inventory.AttrToken(gen, attr), at), true
}

// attrValue is the value of GetAtt res.attr: a structured ARN where
// lambdasec knows the ARN format, otherwise a token.
func (r *resolver) attrValue(res *resource, attr string) string {
	if attr == "Arn" {
		if arn := r.arnOf(res); arn != "" {
			return arn
		}
	}
	return inventory.AttrToken(res.id, attr)
}

// arnFormats gives, per resource type, the ARN format and the property that
// holds the physical name (the name is the Ref token when that property is
// absent). %R is the region, %A the account, %N the name.
var arnFormats = map[string][2]string{
	"AWS::Lambda::Function":            {"arn:aws:lambda:%R:%A:function:%N", "FunctionName"},
	"AWS::Serverless::Function":        {"arn:aws:lambda:%R:%A:function:%N", "FunctionName"},
	"AWS::IAM::Role":                   {"arn:aws:iam::%A:role%P%N", "RoleName"},
	"AWS::IAM::ManagedPolicy":          {"arn:aws:iam::%A:policy%P%N", "ManagedPolicyName"},
	"AWS::IAM::User":                   {"arn:aws:iam::%A:user%P%N", "UserName"},
	"AWS::IAM::Group":                  {"arn:aws:iam::%A:group%P%N", "GroupName"},
	"AWS::DynamoDB::Table":             {"arn:aws:dynamodb:%R:%A:table/%N", "TableName"},
	"AWS::DynamoDB::GlobalTable":       {"arn:aws:dynamodb:%R:%A:table/%N", "TableName"},
	"AWS::Serverless::SimpleTable":     {"arn:aws:dynamodb:%R:%A:table/%N", "TableName"},
	"AWS::SQS::Queue":                  {"arn:aws:sqs:%R:%A:%N", "QueueName"},
	"AWS::SNS::Topic":                  {"arn:aws:sns:%R:%A:%N", "TopicName"},
	"AWS::S3::Bucket":                  {"arn:aws:s3:::%N", "BucketName"},
	"AWS::Kinesis::Stream":             {"arn:aws:kinesis:%R:%A:stream/%N", "Name"},
	"AWS::KMS::Key":                    {"arn:aws:kms:%R:%A:key/%N", ""},
	"AWS::SecretsManager::Secret":      {"arn:aws:secretsmanager:%R:%A:secret:%N", ""},
	"AWS::StepFunctions::StateMachine": {"arn:aws:states:%R:%A:stateMachine:%N", "StateMachineName"},
	"AWS::Serverless::StateMachine":    {"arn:aws:states:%R:%A:stateMachine:%N", "Name"},
	"AWS::Events::EventBus":            {"arn:aws:events:%R:%A:event-bus/%N", "Name"},
	"AWS::Events::Rule":                {"arn:aws:events:%R:%A:rule/%N", "Name"},
	"AWS::Logs::LogGroup":              {"arn:aws:logs:%R:%A:log-group:%N:*", "LogGroupName"},
	"AWS::SSM::Parameter":              {"arn:aws:ssm:%R:%A:parameter/%N", "Name"},
	"AWS::Cognito::UserPool":           {"arn:aws:cognito-idp:%R:%A:userpool/%N", ""},
}

// fillARN writes an arnFormats format with the name and path given.
// (A strings.Replacer built per call cost an eighth of the reader's
// allocations on a template of many functions.)
func fillARN(format, name, path string) string {
	var b strings.Builder
	b.Grow(len(format) + len(name) + len(path) + len(inventory.RegionToken) + len(inventory.AccountIDToken))
	for i := 0; i < len(format); i++ {
		if format[i] == '%' && i+1 < len(format) {
			switch format[i+1] {
			case 'R':
				b.WriteString(inventory.RegionToken)
			case 'A':
				b.WriteString(inventory.AccountIDToken)
			case 'N':
				b.WriteString(name)
			case 'P':
				b.WriteString(path)
			default:
				b.WriteString(format[i : i+2])
			}
			i++
			continue
		}
		b.WriteByte(format[i])
	}
	return b.String()
}

// arnOf writes res's ARN, or returns "" when its type's format is unknown.
func (r *resolver) arnOf(res *resource) string {
	f, ok := arnFormats[res.typ]
	if !ok {
		return ""
	}
	name := inventory.RefToken(res.id)
	path := "/"
	if r.naming[res.id] {
		// A name that depends on the resource's own ARN: keep the token.
		return fillARN(f[0], name, path)
	}
	if arn, ok := r.arns[res.id]; ok && !res.reserved {
		return arn
	}
	r.naming[res.id] = true
	defer delete(r.naming, res.id)
	if f[1] != "" {
		// The raw property, resolved here: the resource's own properties
		// may not be resolved yet when something refers to its ARN.
		if nv := res.prop.get(f[1]); nv != nil {
			if rv, err := r.resolve(nv); err == nil && rv.isScalar() && rv.str != "" && !inventory.IsUnresolved(rv.str) {
				name = rv.str
			}
		}
	}
	if pv := res.prop.get("Path"); pv != nil && strings.HasPrefix(res.typ, "AWS::IAM::") {
		if rv, err := r.resolve(pv); err == nil && rv.isScalar() && strings.HasPrefix(rv.str, "/") && strings.HasSuffix(rv.str, "/") {
			path = rv.str
		}
	}
	arn := fillARN(f[0], name, path)
	r.arns[res.id] = arn
	return arn
}

func (r *resolver) sub(arg, at *value) (*value, error) {
	var tmpl *value
	vars := map[string]*value{}
	switch {
	case arg.kind == kindScalar:
		tmpl = arg
	case arg.kind == kindList && len(arg.list) == 2 && arg.list[0].isScalar() && arg.list[1].kind == kindMap:
		tmpl = arg.list[0]
		m := arg.list[1]
		for i, k := range m.keys {
			vars[k] = m.vals[i]
		}
	case intrinsicName(arg) != "":
		// A template that is itself computed (Fn::Transform, Fn::Join):
		// resolve it; a deploy-time one leaves the whole value unknown.
		t, err := r.resolve(arg)
		if err != nil {
			return nil, err
		}
		if !t.isScalar() {
			return nil, errAt(at, "Fn::Sub needs a string template")
		}
		if inventory.IsUnresolved(t.str) {
			return t, nil
		}
		tmpl = t
	case arg.kind == kindList && len(arg.list) >= 1:
		t, err := r.resolve(arg.list[0])
		if err != nil {
			return nil, err
		}
		if !t.isScalar() {
			return nil, errAt(at, "Fn::Sub needs a string template")
		}
		if inventory.IsUnresolved(t.str) {
			return t, nil
		}
		tmpl = t
		if len(arg.list) == 2 {
			m := arg.list[1]
			if m.kind != kindMap {
				return nil, errAt(at, "Fn::Sub variables must be a map")
			}
			for i, k := range m.keys {
				vars[k] = m.vals[i]
			}
		} else if len(arg.list) != 1 {
			return nil, errAt(at, "Fn::Sub needs [template, {variables}]")
		}
	default:
		return nil, errAt(at, "Fn::Sub needs a string or [template, {variables}]")
	}
	s := tmpl.str
	var b strings.Builder
	// Each variable is resolved once, however often the template uses it:
	// nested Fn::Sub variables would otherwise double the work per level.
	seen := map[string]string{}
	for {
		i := strings.Index(s, "${")
		if i < 0 {
			b.WriteString(s)
			break
		}
		b.WriteString(s[:i])
		j := strings.IndexByte(s[i:], '}')
		if j < 0 {
			// An unterminated ${ is literal text to CloudFormation.
			b.WriteString(s[i:])
			break
		}
		name := s[i+2 : i+j]
		s = s[i+j+1:]
		if strings.HasPrefix(name, "!") {
			b.WriteString("${" + name[1:] + "}")
			continue
		}
		name = strings.TrimSpace(name)
		val, ok := seen[name]
		if !ok {
			var err error
			if val, err = r.subVar(name, vars, at); err != nil {
				if isBudget(err) {
					return nil, err
				}
				// Only this variable is unknown: the literal text around
				// it is kept (a secret written there is still seen).
				r.warn(err, "the variable is left unresolved")
				var pe *posError
				if errors.As(err, &pe) {
					val = inventory.UnresolvedToken(pe.msg)
				} else {
					val = inventory.UnresolvedToken(err.Error())
				}
			}
			seen[name] = val
		}
		if b.Len()+len(val) > maxResolved {
			return nil, errAt(at, "Fn::Sub builds a string of more than %d bytes", maxResolved)
		}
		b.WriteString(val)
	}
	return r.built(b.String(), "Fn::Sub", at)
}

func (r *resolver) subVar(name string, vars map[string]*value, at *value) (string, error) {
	if v, ok := vars[name]; ok {
		rv, err := r.resolve(v)
		if err != nil {
			return "", err
		}
		if !rv.isScalar() {
			return inventory.UnresolvedToken("Fn::Sub variable " + name + " is not a string"), nil
		}
		return rv.str, nil
	}
	if v, ok := pseudo(name, at); ok {
		if isNoValue(v) {
			return "", errAt(at, "Fn::Sub cannot use AWS::NoValue")
		}
		return v.str, nil
	}
	if p, ok := r.t.params[name]; ok {
		v := r.paramValue(p, at)
		if v.kind == kindList {
			return inventory.UnresolvedToken("Fn::Sub of list parameter " + name), nil
		}
		return v.text(), nil
	}
	if res := r.t.resource(name); res != nil {
		return r.refValue(res), nil
	}
	if id, attr, ok := strings.Cut(name, "."); ok {
		if res := r.t.resource(id); res != nil {
			if r.t.sam && (attr == "Stage" || attr == "Alias" || attr == "Version") {
				if v, ok := r.samRef(name, at); ok {
					return v.str, nil
				}
			}
			return r.attrValue(res, attr), nil
		}
	}
	return "", errAt(at, "Fn::Sub refers to ${%s}, which is not a parameter, resource or variable", name)
}

func (r *resolver) args(arg, at *value, fn string, n ...int) ([]*value, error) {
	if arg.kind != kindList {
		return nil, errAt(at, "%s needs a list of arguments", fn)
	}
	ok := false
	for _, want := range n {
		if len(arg.list) == want {
			ok = true
		}
	}
	if !ok {
		return nil, errAt(at, "%s needs %v arguments, got %d", fn, n, len(arg.list))
	}
	return arg.list, nil
}

func (r *resolver) join(arg, at *value) (*value, error) {
	a, err := r.args(arg, at, "Fn::Join", 2)
	if err != nil {
		return nil, err
	}
	delim, err := r.resolve(a[0])
	if err != nil {
		return nil, err
	}
	if !delim.isScalar() && delim.kind != kindNull {
		return nil, errAt(at, "Fn::Join delimiter must be a string")
	}
	list, err := r.resolve(a[1])
	if err != nil {
		return nil, err
	}
	if list.kind == kindScalar && inventory.IsUnresolved(list.str) {
		return list, nil
	}
	if list.kind != kindList {
		return nil, errAt(at, "Fn::Join needs a list to join")
	}
	parts := make([]string, 0, len(list.list))
	size := 0
	for _, it := range list.list {
		switch it.kind {
		case kindScalar:
			parts = append(parts, it.str)
			size += len(it.str) + len(delim.text())
		case kindNull:
			parts = append(parts, "")
		default:
			// Keep the literal parts around the unknown one.
			parts = append(parts, inventory.UnresolvedToken("Fn::Join of a value that is not a string"))
		}
	}
	if size > maxResolved {
		return nil, errAt(at, "Fn::Join builds a string of more than %d bytes", maxResolved)
	}
	return r.built(strings.Join(parts, delim.text()), "Fn::Join", at)
}

func (r *resolver) selectFn(arg, at *value) (*value, error) {
	a, err := r.args(arg, at, "Fn::Select", 2)
	if err != nil {
		return nil, err
	}
	idx, err := r.resolve(a[0])
	if err != nil {
		return nil, err
	}
	if !idx.isScalar() {
		return nil, errAt(at, "Fn::Select index must be a number")
	}
	if inventory.IsUnresolved(idx.str) {
		return unresolved("Fn::Select index", at), nil
	}
	n, err := strconv.Atoi(idx.str)
	if err != nil || n < 0 {
		return nil, errAt(at, "Fn::Select index %s is not a number", quote(idx.str))
	}
	if intrinsicName(a[1]) == "Fn::GetAZs" {
		return scalarAt(inventory.AZToken(strconv.Itoa(n)), at), nil
	}
	list, err := r.resolve(a[1])
	if err != nil {
		return nil, err
	}
	if list.kind != kindList {
		if list.kind == kindScalar && inventory.IsUnresolved(list.str) {
			return list, nil
		}
		if list.kind == kindScalar && inventory.HasToken(list.str) {
			return unresolved("Fn::Select from "+inventory.Describe(list.str), at), nil
		}
		return nil, errAt(at, "Fn::Select needs a list")
	}
	if n >= len(list.list) {
		return nil, errAt(at, "Fn::Select index %d is past the end of a list of %d", n, len(list.list))
	}
	return list.list[n], nil
}

func (r *resolver) split(arg, at *value) (*value, error) {
	a, err := r.args(arg, at, "Fn::Split", 2)
	if err != nil {
		return nil, err
	}
	delim, err := r.resolve(a[0])
	if err != nil {
		return nil, err
	}
	s, err := r.resolve(a[1])
	if err != nil {
		return nil, err
	}
	if !delim.isScalar() || !s.isScalar() {
		return nil, errAt(at, "Fn::Split needs [delimiter, string]")
	}
	if inventory.IsUnresolved(s.str) {
		return s, nil
	}
	if inventory.HasToken(s.str) {
		// A deploy-time value (a URL, an ARN) may hold the delimiter any
		// number of times: the pieces are not known.
		return unresolved("Fn::Split of "+inventory.Describe(s.str), at), nil
	}
	var items []*value
	for _, p := range strings.Split(s.str, delim.str) {
		items = append(items, scalarAt(p, at))
	}
	return listAt(items, at), nil
}

func (r *resolver) findInMap(arg, at *value) (*value, error) {
	a, err := r.args(arg, at, "Fn::FindInMap", 3, 4)
	if err != nil {
		return nil, err
	}
	keys := make([]string, 3)
	for i := 0; i < 3; i++ {
		k, err := r.resolve(a[i])
		if err != nil {
			return nil, err
		}
		if !k.isScalar() {
			return nil, errAt(at, "Fn::FindInMap keys must be strings")
		}
		keys[i] = k.str
	}
	var def *value
	if len(a) == 4 {
		def = a[3].get("DefaultValue")
	}
	m := r.t.mappings.get(keys[0])
	if m == nil {
		if inventory.HasToken(keys[0]) {
			return unresolved("Fn::FindInMap "+inventory.Describe(strings.Join(keys, "/")), at), nil
		}
		return nil, errAt(at, "Fn::FindInMap: no mapping named %s", quote(keys[0]))
	}
	top := m.get(keys[1])
	if top == nil && inventory.HasToken(keys[1]) {
		// Keyed by a deploy-time value (usually the region): if every entry
		// agrees, that is the value; otherwise it is not known. Worked out
		// once per mapping and second key: a template of many look-ups in a
		// big mapping would otherwise take time quadratic in its size.
		memo := keys[0] + "\x00" + keys[2]
		same, ok := r.agreed[memo]
		if !ok {
			for _, e := range m.vals {
				v := e.get(keys[2])
				if v == nil || (same != nil && !equalValues(same, v)) {
					same = nil
					break
				}
				same = v
			}
			r.agreed[memo] = same
		}
		if same == nil {
			return unresolved("Fn::FindInMap "+inventory.Describe(strings.Join(keys, "/")), at), nil
		}
		return r.resolve(same)
	}
	v := top.get(keys[2])
	if v == nil {
		if def != nil {
			return r.resolve(def)
		}
		if inventory.HasToken(keys[2]) || top == nil {
			return unresolved("Fn::FindInMap "+inventory.Describe(strings.Join(keys, "/")), at), nil
		}
		return nil, errAt(at, "Fn::FindInMap: mapping %s has no %s/%s", quote(keys[0]), keys[1], keys[2])
	}
	return r.resolve(v)
}

func equalValues(a, b *value) bool {
	x, _ := json.Marshal(toJSON(a))
	y, _ := json.Marshal(toJSON(b))
	return string(x) == string(y)
}

func (r *resolver) ifFn(arg, at *value) (*value, error) {
	a, err := r.args(arg, at, "Fn::If", 3)
	if err != nil {
		return nil, err
	}
	name := a[0].text()
	if name == "" {
		return nil, errAt(at, "Fn::If needs a condition name")
	}
	c, err := r.condition(name, at)
	if err != nil {
		return nil, err
	}
	switch c {
	case condTrue:
		return r.resolve(a[1])
	case condFalse:
		return r.resolve(a[2])
	}
	x, err := r.resolve(a[1])
	if err != nil {
		return nil, err
	}
	y, err := r.resolve(a[2])
	if err != nil {
		return nil, err
	}
	if !isNoValue(x) && !isNoValue(y) && equalValues(x, y) {
		return x, nil
	}
	return unresolved("Fn::If on condition "+name+", which depends on deploy-time values", at), nil
}

// Three-valued results of conditions.
const (
	condTrue    = 1
	condFalse   = 2
	condUnknown = 3
)

// condition evaluates the named condition of the Conditions section.
func (r *resolver) condition(name string, at *value) (int, error) {
	switch r.condState[name] {
	case -1:
		return 0, errAt(at, "condition %s depends on itself", name)
	case condTrue, condFalse, condUnknown:
		return r.condState[name], nil
	}
	def := r.t.conditions.get(name)
	if def == nil {
		return 0, errAt(at, "no condition named %s", quote(name))
	}
	r.condState[name] = -1
	c, err := r.condExpr(def)
	if err != nil {
		delete(r.condState, name)
		return 0, err
	}
	r.condState[name] = c
	return c, nil
}

// condExpr evaluates a condition function.
func (r *resolver) condExpr(v *value) (int, error) {
	if v.kind == kindMap && len(v.keys) == 1 && v.keys[0] == "Condition" {
		return r.condition(v.vals[0].text(), v)
	}
	fn := intrinsicName(v)
	switch fn {
	case "Fn::Equals":
		a, err := r.args(v.vals[0], v, fn, 2)
		if err != nil {
			return 0, err
		}
		x, err := r.resolve(a[0])
		if err != nil {
			return 0, err
		}
		y, err := r.resolve(a[1])
		if err != nil {
			return 0, err
		}
		if x.isScalar() && y.isScalar() && x.str == y.str {
			return condTrue, nil
		}
		xs, ys := x.text(), y.text()
		if (x.isScalar() && inventory.HasToken(xs)) || (y.isScalar() && inventory.HasToken(ys)) || !x.isScalar() || !y.isScalar() {
			if equalValues(x, y) {
				return condTrue, nil
			}
			return condUnknown, nil
		}
		return condFalse, nil
	case "Fn::Not":
		a, err := r.args(v.vals[0], v, fn, 1)
		if err != nil {
			return 0, err
		}
		c, err := r.condExpr(a[0])
		if err != nil {
			return 0, err
		}
		switch c {
		case condTrue:
			return condFalse, nil
		case condFalse:
			return condTrue, nil
		}
		return condUnknown, nil
	case "Fn::And", "Fn::Or":
		arg := v.vals[0]
		if arg.kind != kindList || len(arg.list) < 2 || len(arg.list) > 10 {
			return 0, errAt(v, "%s needs 2 to 10 conditions", fn)
		}
		result := condTrue
		if fn == "Fn::Or" {
			result = condFalse
		}
		for _, it := range arg.list {
			c, err := r.condExpr(it)
			if err != nil {
				return 0, err
			}
			switch {
			case fn == "Fn::And" && c == condFalse:
				return condFalse, nil
			case fn == "Fn::Or" && c == condTrue:
				return condTrue, nil
			case c == condUnknown:
				result = condUnknown
			}
		}
		return result, nil
	}
	if v.isScalar() {
		// A bare condition name inside Fn::And/Or/Not is how some tools
		// write {"Condition": name}.
		if r.t.conditions.get(v.str) != nil {
			return r.condition(v.str, v)
		}
		switch strings.ToLower(v.str) {
		case "true":
			return condTrue, nil
		case "false":
			return condFalse, nil
		}
	}
	return 0, errAt(v, "not a condition function")
}

// toJSON converts a value into plain Go data for encoding/json. Scalars
// stay strings except where the template wrote a JSON number or boolean
// and the value is one, so policy documents keep their shape.
func toJSON(v *value) any {
	if v == nil {
		return nil
	}
	switch v.kind {
	case kindScalar:
		return v.str
	case kindList:
		out := make([]any, len(v.list))
		for i, it := range v.list {
			out[i] = toJSON(it)
		}
		return out
	case kindMap:
		out := make(map[string]any, len(v.keys))
		for i, k := range v.keys {
			out[k] = toJSON(v.vals[i])
		}
		return out
	}
	return nil
}

// sortedKeys returns a map value's keys in order.
func sortedKeys(v *value) []string {
	keys := append([]string(nil), v.keys...)
	sort.Strings(keys)
	return keys
}
