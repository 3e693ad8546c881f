package cloudformation

import (
	"bytes"
	"compress/gzip"
	_ "embed"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/lambdasec/lambdasec/internal/inventory"
)

// The SAM transform (AWS::Serverless-2016-10-31), emulated as far as the
// rules need it: each AWS::Serverless::* resource becomes the plain
// CloudFormation resources the transform generates (function, execution
// role, permissions, event source mappings, rules, subscriptions, URL,
// alias, APIs with their OpenAPI bodies and stages), with the logical IDs
// the transform gives them. The facts come from the transform's source and
// documentation; see samdata/README.md.
// https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-resource-function.html

// The tables are embedded gzipped (go generate; 55 KB of JSON is 9 KB
// in the binary, and compress/gzip is linked anyway); TestEmbeddedSAMData
// fails when a .gz is not its JSON.
//
//go:generate gzip -9nkf samdata/policy_templates.json samdata/managed_policy_paths.json
//go:embed samdata/policy_templates.json.gz
var policyTemplatesJSON []byte

//go:embed samdata/managed_policy_paths.json.gz
var managedPolicyPathsJSON []byte

type policyTemplate struct {
	Parameters []string         `json:"Parameters"`
	Statement  []map[string]any `json:"Statement"`
}

// The embedded data is ours: a failure to decode it is a build defect,
// caught by every test of the package.
var (
	policyTemplates    = mustDecode[map[string]policyTemplate]("samdata/policy_templates.json", policyTemplatesJSON)
	managedPolicyPaths = mustDecode[map[string]string]("samdata/managed_policy_paths.json", managedPolicyPathsJSON)
)

func mustDecode[T any](name string, gz []byte) T {
	var v T
	data, err := gunzip(gz)
	if err == nil {
		err = json.Unmarshal(data, &v)
	}
	if err != nil {
		panic(name + ": " + err.Error())
	}
	return v
}

// gunzip returns the data gz holds.
func gunzip(gz []byte) ([]byte, error) {
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		return nil, err
	}
	return io.ReadAll(zr)
}

// managedPolicyARN returns the ARN of the AWS managed policy name, as the
// SAM transform resolves a Policies entry that is a plain name.
func managedPolicyARN(name string) string {
	return "arn:aws:iam::aws:policy/" + managedPolicyPaths[name] + name
}

// Managed policies the transform attaches to the roles it generates.
var (
	arnBasicExecution = managedPolicyARN("AWSLambdaBasicExecutionRole")
	arnXRay           = managedPolicyARN("AWSXrayWriteOnlyAccess")
	arnVPCAccess      = managedPolicyARN("AWSLambdaVPCAccessExecutionRole")
	arnSQSExecution   = managedPolicyARN("AWSLambdaSQSQueueExecutionRole")
	arnKinesisExec    = managedPolicyARN("AWSLambdaKinesisExecutionRole")
	arnDynamoDBExec   = managedPolicyARN("AWSLambdaDynamoDBExecutionRole")
	arnMSKExecution   = managedPolicyARN("AWSLambdaMSKExecutionRole")
)

// Properties of AWS::Serverless::Function that the transform consumes
// rather than passing to AWS::Lambda::Function.
var samOnlyFunctionProps = map[string]bool{
	"Events": true, "Policies": true, "AutoPublishAlias": true, "AutoPublishAliasAllProperties": true,
	"AutoPublishCodeSha256": true, "DeploymentPreference": true, "FunctionUrlConfig": true,
	"EventInvokeConfig": true, "DeadLetterQueue": true, "ProvisionedConcurrencyConfig": true,
	"AssumeRolePolicyDocument": true, "RolePath": true, "PermissionsBoundary": true, "Tracing": true,
	"InlineCode": true, "ImageUri": true, "VersionDescription": true, "VersionDeletionPolicy": true,
	"Connectors": true,
}

// reserveSAM pre-registers the resources the transform will generate, so
// that the template's own references to them (a WAF association naming
// ServerlessRestApi, a policy naming MyFunctionRole) resolve.
func (t *template) reserveSAM() {
	implicitREST, implicitHTTP := false, false
	for _, res := range append([]*resource(nil), t.resources...) {
		switch res.typ {
		case "AWS::Serverless::Function":
			if res.prop.get("Role") == nil {
				t.reserve(res.id+"Role", "AWS::IAM::Role", res.id, res.at)
			}
			if res.prop.get("FunctionUrlConfig") != nil {
				t.reserve(res.id+"Url", "AWS::Lambda::Url", res.id, res.at)
			}
			if a := res.prop.get("AutoPublishAlias"); a.isScalar() {
				t.reserve(aliasID(res.id, a.str), "AWS::Lambda::Alias", res.id, res.at)
				t.reserve(res.id+"Version", "AWS::Lambda::Version", res.id, res.at)
			}
			ev := res.prop.get("Events")
			for i, name := range ev.keysOrNil() {
				e := ev.vals[i]
				switch e.get("Type").text() {
				case "Api":
					if e.get("Properties").get("RestApiId") == nil {
						implicitREST = true
					}
				case "HttpApi":
					if e.get("Properties").get("ApiId") == nil {
						implicitHTTP = true
					}
				case "Schedule", "EventBridgeRule", "CloudWatchEvent":
					t.reserve(res.id+name, "AWS::Events::Rule", res.id, e)
				case "ScheduleV2":
					t.reserve(res.id+name, "AWS::Scheduler::Schedule", res.id, e)
				case "SNS":
					t.reserve(res.id+name, "AWS::SNS::Subscription", res.id, e)
				case "IoTRule":
					t.reserve(res.id+name, "AWS::IoT::TopicRule", res.id, e)
				case "SQS", "Kinesis", "DynamoDB", "MSK", "MQ", "SelfManagedKafka", "DocumentDB":
					t.reserve(res.id+name, "AWS::Lambda::EventSourceMapping", res.id, e)
				}
			}
		case "AWS::Serverless::Api":
			stage := res.prop.get("StageName").text()
			t.reserve(res.id+stageIDPart(stage)+"Stage", "AWS::ApiGateway::Stage", res.id, res.at)
		case "AWS::Serverless::HttpApi":
			t.reserve(res.id+"ApiGatewayDefaultStage", "AWS::ApiGatewayV2::Stage", res.id, res.at)
		}
	}
	if implicitREST {
		t.reserve("ServerlessRestApi", "AWS::ApiGateway::RestApi", "", nil)
		t.reserve("ServerlessRestApiProdStage", "AWS::ApiGateway::Stage", "ServerlessRestApi", nil)
	}
	if implicitHTTP {
		t.reserve("ServerlessHttpApi", "AWS::ApiGatewayV2::Api", "", nil)
		t.reserve("ServerlessHttpApiApiGatewayDefaultStage", "AWS::ApiGatewayV2::Stage", "ServerlessHttpApi", nil)
	}
}

func (v *value) keysOrNil() []string {
	if v == nil || v.kind != kindMap {
		return nil
	}
	return v.keys
}

// aliasID is the logical ID the transform gives the alias of
// AutoPublishAlias: "-" becomes "D" and "_" becomes "U".
func aliasID(fn, name string) string {
	return fn + "Alias" + strings.NewReplacer("-", "D", "_", "U").Replace(name)
}

func stageIDPart(stage string) string {
	for _, c := range stage {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			return ""
		}
	}
	return stage
}

// samExpansion carries what the function expansion collects for the API
// expansion that follows it.
type samExpansion struct {
	rest map[string][]apiEvent // API logical ID -> routes from Api events
	http map[string][]apiEvent // API logical ID -> routes from HttpApi events
}

// apiEvent is one Api or HttpApi event of a function.
type apiEvent struct {
	fn, fnARN   string
	event       string
	path        string // "" for an HttpApi $default route
	method      string
	auth        *value
	routeConfig *value
	// requestModel is a REST Api event's RequestModel (its validator).
	requestModel *value
	timeout      *value // the event's TimeoutInMillis
	at           *value
}

// expandSAM turns every AWS::Serverless::* resource into the resources the
// transform would generate.
func (t *template) expandSAM(r *resolver) {
	x := &samExpansion{rest: map[string][]apiEvent{}, http: map[string][]apiEvent{}}
	for _, res := range append([]*resource(nil), t.resources...) {
		switch res.typ {
		case "AWS::Serverless::Function":
			t.expandFunction(res, r, x)
		case "AWS::Serverless::LayerVersion":
			t.expandLayer(res)
		case "AWS::Serverless::CapacityProvider":
			t.expandCapacityProvider(res, r)
		case "AWS::Serverless::SimpleTable":
			res.typ = "AWS::DynamoDB::Table"
		case "AWS::Serverless::Application":
			res.typ = "AWS::CloudFormation::Stack"
		}
	}
	for _, res := range append([]*resource(nil), t.resources...) {
		switch res.typ {
		case "AWS::Serverless::Api":
			t.expandRESTAPI(res, res.props, x.rest[res.id], r)
			delete(x.rest, res.id)
		case "AWS::Serverless::HttpApi":
			t.expandHTTPAPI(res, res.props, x.http[res.id], r)
			delete(x.http, res.id)
		case "AWS::Serverless::WebSocketApi":
			t.expandWebSocketAPI(res, res.props)
		case "AWS::Serverless::GraphQLApi":
			t.expandGraphQLAPI(res, res.props)
		}
	}
	if evs := x.rest["ServerlessRestApi"]; len(evs) > 0 {
		t.expandImplicitAPI("ServerlessRestApi", "AWS::Serverless::Api", evs, r)
		delete(x.rest, "ServerlessRestApi")
	}
	if evs := x.http["ServerlessHttpApi"]; len(evs) > 0 {
		t.expandImplicitAPI("ServerlessHttpApi", "AWS::Serverless::HttpApi", evs, r)
		delete(x.http, "ServerlessHttpApi")
	}
	t.expandConnectors(r)
	for id, evs := range x.rest {
		t.warnAt(evs[0].at.line, evs[0].at.col, "Api event refers to RestApiId %s, which is not an AWS::Serverless::Api of this template", id)
	}
	for id, evs := range x.http {
		t.warnAt(evs[0].at.line, evs[0].at.col, "HttpApi event refers to ApiId %s, which is not an AWS::Serverless::HttpApi of this template", id)
	}
	t.dropReserved()
}

// expandImplicitAPI builds the API the transform creates for events that
// name no API, with the Globals for its type.
func (t *template) expandImplicitAPI(id, typ string, evs []apiEvent, r *resolver) {
	at := evs[0].at
	props := mapAt(at)
	if g := t.globalsFor(typ); g != nil {
		if rg, err := r.resolve(g); err == nil && rg.kind == kindMap {
			props = rg.clone()
		}
	}
	res := &resource{id: id, typ: typ, raw: mapAt(at), prop: props, props: props, at: at}
	if typ == "AWS::Serverless::Api" {
		props.set("StageName", scalarAt("Prod", at))
		t.expandRESTAPI(res, props, evs, r)
		return
	}
	t.expandHTTPAPI(res, props, evs, r)
}

// functionTarget is how generated resources name a function: the function
// itself or, with AutoPublishAlias, its alias.
type functionTarget struct {
	ref string // for FunctionName properties: Ref token of function or alias
	arn string // the function ARN, with ":alias" when there is one
	at  *value
}

func (t *template) expandFunction(fn *resource, r *resolver, x *samExpansion) {
	p := fn.props
	at := fn.at
	id := fn.id
	out := mapAt(p)
	for i, k := range p.keys {
		if !samOnlyFunctionProps[k] {
			out.set(k, p.vals[i])
		}
	}
	if v := p.get("InlineCode"); v != nil {
		out.set("Code", obj(v, "ZipFile", v))
	}
	if v := p.get("ImageUri"); v != nil {
		out.set("Code", obj(v, "ImageUri", v))
	}
	if v := p.get("Tracing"); v != nil {
		out.set("TracingConfig", obj(v, "Mode", v))
	}
	if dlq := p.get("DeadLetterQueue"); dlq != nil && dlq.kind == kindMap {
		out.set("DeadLetterConfig", obj(dlq, "TargetArn", dlq.get("TargetArn")))
	}
	fnARN := r.arnOf(fn)
	target := functionTarget{ref: inventory.RefToken(id), arn: fnARN, at: at}
	fn.typ = "AWS::Lambda::Function"
	fn.props = out

	if a := p.get("AutoPublishAlias"); a != nil && a.isScalar() && a.str != "" {
		ver := t.add(id+"Version", "AWS::Lambda::Version", id, a, obj(a, "FunctionName", inventory.RefToken(id)))
		al := t.add(aliasID(id, a.str), "AWS::Lambda::Alias", id, a, obj(a,
			"FunctionName", inventory.RefToken(id),
			"Name", a.str,
			"FunctionVersion", inventory.AttrToken(ver.id, "Version"),
			"ProvisionedConcurrencyConfig", p.get("ProvisionedConcurrencyConfig")))
		target = functionTarget{ref: inventory.RefToken(al.id), arn: fnARN + ":" + a.str, at: at}
	}

	role := t.roleBuilder(fn, p)
	if role != nil {
		out.set("Role", scalarAt(r.arnOf(role.res), at))
	}

	if u := p.get("FunctionUrlConfig"); u != nil && u.kind == kindMap {
		t.add(id+"Url", "AWS::Lambda::Url", id, u, obj(u,
			"TargetFunctionArn", target.ref,
			"AuthType", u.get("AuthType"),
			"Cors", u.get("Cors"),
			"InvokeMode", u.get("InvokeMode")))
		if u.get("AuthType").text() == "NONE" {
			t.add(id+"UrlPublicPermissions", "AWS::Lambda::Permission", id, u, obj(u,
				"Action", "lambda:InvokeFunctionUrl",
				"FunctionName", target.ref,
				"Principal", "*",
				"FunctionUrlAuthType", "NONE"))
			t.add(id+"URLInvokeAllowPublicAccess", "AWS::Lambda::Permission", id, u, obj(u,
				"Action", "lambda:InvokeFunction",
				"FunctionName", target.ref,
				"Principal", "*",
				"InvokedViaFunctionUrl", "true"))
		}
	}

	if eic := p.get("EventInvokeConfig"); eic != nil && eic.kind == kindMap {
		qual := "$LATEST"
		if a := p.get("AutoPublishAlias"); a.isScalar() {
			qual = a.str
		}
		dc := mapAt(eic)
		for _, kind := range []string{"OnSuccess", "OnFailure"} {
			d := eic.get("DestinationConfig").get(kind)
			if d == nil || d.kind != kindMap {
				continue
			}
			dest := d.get("Destination")
			typ := d.get("Type").text()
			if dest == nil && (typ == "SQS" || typ == "SNS") {
				gid := id + "EventInvokeConfig" + kind + map[string]string{"SQS": "Queue", "SNS": "Topic"}[typ]
				gtyp := map[string]string{"SQS": "AWS::SQS::Queue", "SNS": "AWS::SNS::Topic"}[typ]
				g := t.add(gid, gtyp, id, d, mapAt(d))
				dest = scalarAt(r.arnOf(g), d)
			}
			if dest == nil {
				continue
			}
			dc.set(kind, obj(d, "Destination", dest))
			if role != nil {
				role.destinationPolicy(id+"EventInvokeConfig"+kind+typ+"Policy", typ, dest)
			}
		}
		t.add(id+"EventInvokeConfig", "AWS::Lambda::EventInvokeConfig", id, eic, obj(eic,
			"FunctionName", inventory.RefToken(id),
			"Qualifier", qual,
			"DestinationConfig", dc,
			"MaximumRetryAttempts", eic.get("MaximumRetryAttempts"),
			"MaximumEventAgeInSeconds", eic.get("MaximumEventAgeInSeconds")))
	}

	ev := p.get("Events")
	for i, name := range ev.keysOrNil() {
		t.expandEvent(fn, name, ev.vals[i], target, role, r, x)
	}
	if role != nil {
		role.finish()
	}
}

// permission adds an AWS::Lambda::Permission for a push event source.
func (t *template) permission(id, from string, at *value, target functionTarget, principal string, kv ...any) {
	args := append([]any{"Action", "lambda:InvokeFunction", "FunctionName", target.ref, "Principal", principal}, kv...)
	t.add(id, "AWS::Lambda::Permission", from, at, obj(at, args...))
}

func (t *template) expandEvent(fn *resource, name string, ev *value, target functionTarget, role *roleBuilder, r *resolver, x *samExpansion) {
	typ := ev.get("Type").text()
	p := ev.get("Properties")
	if p == nil {
		p = mapAt(ev)
	}
	id := fn.id + name
	esm := func(sourceKey string, policy string) {
		src := p.get(sourceKey)
		props := obj(ev,
			"FunctionName", target.ref,
			"EventSourceArn", src,
			"Enabled", p.get("Enabled"),
			"BatchSize", p.get("BatchSize"),
			"StartingPosition", p.get("StartingPosition"),
			"SelfManagedEventSource", p.get("KafkaBootstrapServers"),
			"Topics", p.get("Topics"),
			"Queues", p.get("Queues"),
			"SourceAccessConfigurations", p.get("SourceAccessConfigurations"),
			"MaximumRetryAttempts", p.get("MaximumRetryAttempts"),
			"BisectBatchOnFunctionError", p.get("BisectBatchOnFunctionError"),
			"FunctionResponseTypes", p.get("FunctionResponseTypes"),
			"FilterCriteria", p.get("FilterCriteria"))
		if d := p.get("DestinationConfig").get("OnFailure"); d != nil {
			props.set("DestinationConfig", obj(d, "OnFailure", obj(d, "Destination", d.get("Destination"))))
		}
		t.add(id, "AWS::Lambda::EventSourceMapping", fn.id, ev, props)
		if role != nil && policy != "" {
			role.managed(policy)
		}
	}
	switch typ {
	case "Api":
		api := p.get("RestApiId").text()
		if tid, ok := inventory.RefTarget(api); ok {
			api = tid
		}
		if api == "" {
			api = "ServerlessRestApi"
		}
		path, method := p.get("Path").text(), strings.ToLower(p.get("Method").text())
		x.rest[api] = append(x.rest[api], apiEvent{fn: fn.id, fnARN: target.arn, event: name, path: path, method: method, auth: p.get("Auth"), requestModel: p.get("RequestModel"), timeout: p.get("TimeoutInMillis"), at: ev})
		stage := "Prod"
		if a := t.byID[api]; a != nil && a.typ == "AWS::Serverless::Api" {
			stage = stageIDPart(a.props.get("StageName").text())
			if stage == "" {
				stage = "Stage"
			}
		}
		t.permission(id+"Permission"+stage, fn.id, ev, target, "apigateway.amazonaws.com",
			"SourceArn", executeAPIArn(api, "*", method, path))
	case "HttpApi":
		api := p.get("ApiId").text()
		if tid, ok := inventory.RefTarget(api); ok {
			api = tid
		}
		if api == "" {
			api = "ServerlessHttpApi"
		}
		path, method := p.get("Path").text(), strings.ToLower(p.get("Method").text())
		x.http[api] = append(x.http[api], apiEvent{fn: fn.id, fnARN: target.arn, event: name, path: path, method: method, auth: p.get("Auth"), routeConfig: p.get("RouteSettings"), timeout: p.get("TimeoutInMillis"), at: ev})
		t.permission(id+"Permission", fn.id, ev, target, "apigateway.amazonaws.com",
			"SourceArn", executeAPIArn(api, "*", method, path))
	case "S3":
		t.permission(id+"Permission", fn.id, ev, target, "s3.amazonaws.com", "SourceAccount", inventory.AccountIDToken)
		bucket := p.get("Bucket").text()
		if bid, ok := inventory.RefTarget(bucket); ok {
			bucket = bid
		}
		if b := t.byID[bucket]; b != nil && b.props != nil {
			nc := b.props.get("NotificationConfiguration")
			if nc == nil || nc.kind != kindMap {
				nc = mapAt(ev)
				b.props.set("NotificationConfiguration", nc)
			}
			lc := nc.get("LambdaConfigurations")
			if lc == nil || lc.kind != kindList {
				lc = listAt(nil, ev)
				nc.set("LambdaConfigurations", lc)
			}
			for _, e := range p.get("Events").items() {
				lc.list = append(lc.list, obj(ev, "Event", e, "Function", target.arn))
			}
		}
	case "SNS":
		if sq := p.get("SqsSubscription"); sq != nil && !(sq.isScalar() && !sq.isTrue()) {
			// SNS -> SQS -> Lambda: no permission on the function. A
			// QueueArn names an existing queue; otherwise SAM makes one.
			// https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-property-function-sqssubscriptionobject.html
			var src any
			if qa := sq.get("QueueArn"); qa != nil && !sq.isScalar() {
				src = qa
			} else {
				src = r.arnOf(t.add(id+"Queue", "AWS::SQS::Queue", fn.id, ev, mapAt(ev)))
			}
			t.add(id+"EventSourceMapping", "AWS::Lambda::EventSourceMapping", fn.id, ev, obj(ev,
				"FunctionName", target.ref, "EventSourceArn", src, "Enabled", "true"))
			if role != nil {
				role.managed(arnSQSExecution)
			}
			return
		}
		t.permission(id+"Permission", fn.id, ev, target, "sns.amazonaws.com", "SourceArn", p.get("Topic"))
		t.add(id, "AWS::SNS::Subscription", fn.id, ev, obj(ev,
			"Protocol", "lambda", "Endpoint", target.arn, "TopicArn", p.get("Topic")))
	case "SQS":
		esm("Queue", arnSQSExecution)
	case "Kinesis":
		esm("Stream", arnKinesisExec)
	case "DynamoDB":
		esm("Stream", arnDynamoDBExec)
	case "MSK":
		esm("Stream", arnMSKExecution)
	case "MQ":
		esm("Broker", "")
	case "DocumentDB":
		esm("Cluster", "")
	case "SelfManagedKafka":
		esm("KafkaBootstrapServers", "")
	case "EventBridgeRule", "CloudWatchEvent", "Schedule":
		rule := t.add(id, "AWS::Events::Rule", fn.id, ev, obj(ev,
			"EventPattern", p.get("Pattern"),
			"ScheduleExpression", p.get("Schedule"),
			"EventBusName", p.get("EventBusName"),
			"State", ruleState(p),
			"Targets", arr(ev, obj(ev, "Arn", target.arn, "Id", id+"LambdaTarget"))))
		t.permission(id+"Permission", fn.id, ev, target, "events.amazonaws.com", "SourceArn", r.arnOf(rule))
	case "ScheduleV2":
		t.add(id, "AWS::Scheduler::Schedule", fn.id, ev, obj(ev,
			"ScheduleExpression", p.get("ScheduleExpression"),
			"State", p.get("State"),
			"Target", obj(ev, "Arn", target.arn, "RoleArn", p.get("RoleArn"))))
	case "CloudWatchLogs":
		lg := p.get("LogGroupName").text()
		t.permission(id+"Permission", fn.id, ev, target, "logs.amazonaws.com",
			"SourceArn", "arn:aws:logs:"+inventory.RegionToken+":"+inventory.AccountIDToken+":log-group:"+lg+":*")
		t.add(id, "AWS::Logs::SubscriptionFilter", fn.id, ev, obj(ev,
			"DestinationArn", target.arn, "LogGroupName", lg, "FilterPattern", p.get("FilterPattern")))
	case "IoTRule":
		t.permission(id+"Permission", fn.id, ev, target, "iot.amazonaws.com",
			"SourceArn", "arn:aws:iot:"+inventory.RegionToken+":"+inventory.AccountIDToken+":rule/"+inventory.RefToken(id),
			"SourceAccount", inventory.AccountIDToken)
		t.add(id, "AWS::IoT::TopicRule", fn.id, ev, obj(ev, "TopicRulePayload", obj(ev,
			"Sql", p.get("Sql"),
			"Actions", arr(ev, obj(ev, "Lambda", obj(ev, "FunctionArn", target.arn))))))
	case "AlexaSkill":
		kv := []any{}
		if s := p.get("SkillId"); s != nil {
			kv = append(kv, "EventSourceToken", s)
		}
		t.permission(id+"Permission", fn.id, ev, target, "alexa-appkit.amazon.com", kv...)
	case "Cognito":
		pool := p.get("UserPool").text()
		poolID := pool
		if pid, ok := inventory.RefTarget(pool); ok {
			poolID = pid
		}
		src := pool
		if up := t.byID[poolID]; up != nil {
			src = r.arnOf(up)
		}
		t.permission(fn.id+"CognitoPermission", fn.id, ev, target, "cognito-idp.amazonaws.com", "SourceArn", src)
	default:
		t.warnAt(ev.line, ev.col, "SAM event type %q of %s is not modelled", typ, fn.id)
	}
}

func ruleState(p *value) *value {
	if s := p.get("State"); s != nil {
		return s
	}
	if e := p.get("Enabled"); e != nil {
		if e.isTrue() {
			return scalarAt("ENABLED", e)
		}
		return scalarAt("DISABLED", e)
	}
	return nil
}

// executeAPIArn writes the SourceArn the transform gives an API event's
// permission: stage "*", the method upper-cased ("*" for any), path
// parameters replaced by "*".
func executeAPIArn(api, stage, method, path string) string {
	m := strings.ToUpper(method)
	if m == "" || m == "ANY" || m == "X-AMAZON-APIGATEWAY-ANY-METHOD" {
		m = "*"
	}
	var segs []string
	for _, s := range strings.Split(strings.TrimSuffix(path, "/"), "/") {
		if strings.HasPrefix(s, "{") && strings.HasSuffix(s, "}") {
			s = "*"
		}
		segs = append(segs, s)
	}
	p := strings.Join(segs, "/")
	if path == "" {
		m, p = "*", ""
	}
	return "arn:aws:execute-api:" + inventory.RegionToken + ":" + inventory.AccountIDToken + ":" + inventory.RefToken(api) + "/" + stage + "/" + m + p
}

// roleBuilder assembles the execution role the transform generates for a
// function that names none.
type roleBuilder struct {
	t        *template
	res      *resource
	fn       string
	at       *value
	managedA []string
	inline   []*value
	src      *value // the function's resolved SAM properties
}

func (t *template) roleBuilder(fn *resource, p *value) *roleBuilder {
	if p.get("Role") != nil {
		return nil
	}
	at := fn.at
	rb := &roleBuilder{t: t, fn: fn.id, at: at, src: p}
	rb.res = t.add(fn.id+"Role", "AWS::IAM::Role", fn.id, at, mapAt(at))
	rb.managed(arnBasicExecution)
	if tr := p.get("Tracing"); tr != nil && tr.text() != "Disabled" {
		rb.managed(arnXRay)
	}
	if p.get("VpcConfig") != nil {
		rb.managed(arnVPCAccess)
	}
	if dlq := p.get("DeadLetterQueue"); dlq != nil && dlq.kind == kindMap {
		action := "sqs:SendMessage"
		if dlq.get("Type").text() == "SNS" {
			action = "sns:Publish"
		}
		rb.inline = append(rb.inline, obj(dlq, "PolicyName", "DeadLetterQueuePolicy", "PolicyDocument", obj(dlq,
			"Version", "2012-10-17",
			"Statement", arr(dlq, obj(dlq, "Action", action, "Resource", dlq.get("TargetArn"), "Effect", "Allow")))))
	}
	for i, it := range p.get("Policies").items() {
		rb.policyEntry(i, it)
	}
	rb.durableRole(p)
	return rb
}

func (rb *roleBuilder) managed(arn string) {
	for _, a := range rb.managedA {
		if a == arn {
			return
		}
	}
	rb.managedA = append(rb.managedA, arn)
}

// destinationPolicy adds the statement the transform writes for an event
// invoke destination.
func (rb *roleBuilder) destinationPolicy(name, typ string, dest *value) {
	var stmts []*value
	switch typ {
	case "SQS":
		stmts = append(stmts, obj(dest, "Effect", "Allow", "Action", "sqs:SendMessage", "Resource", dest))
	case "SNS":
		stmts = append(stmts, obj(dest, "Effect", "Allow", "Action", "sns:publish", "Resource", dest))
	case "EventBridge":
		stmts = append(stmts, obj(dest, "Effect", "Allow", "Action", "events:PutEvents", "Resource", dest))
	case "Lambda":
		stmts = append(stmts, obj(dest, "Effect", "Allow", "Action", "lambda:InvokeFunction", "Resource", dest))
	case "S3Bucket":
		stmts = append(stmts,
			obj(dest, "Effect", "Allow", "Action", "s3:PutObject", "Resource", dest.text()+"/*"),
			obj(dest, "Effect", "Allow", "Action", "s3:ListBucket", "Resource", dest))
	default:
		return
	}
	rb.inline = append(rb.inline, obj(dest, "PolicyName", name, "PolicyDocument", obj(dest,
		"Version", "2012-10-17", "Statement", arr(dest, stmts...))))
}

// policyEntry reads one entry of a function's Policies: a managed policy
// (name or ARN), a policy document, or a SAM policy template.
func (rb *roleBuilder) policyEntry(i int, it *value) {
	name := fmt.Sprintf("%sRolePolicy%d", rb.fn, i)
	switch it.kind {
	case kindScalar:
		s := it.str
		if strings.HasPrefix(s, "arn:") || inventory.HasToken(s) {
			rb.managed(s)
		} else {
			rb.managed(managedPolicyARN(s))
		}
	case kindMap:
		if it.get("Statement") != nil {
			rb.inline = append(rb.inline, obj(it, "PolicyName", name, "PolicyDocument", it))
			return
		}
		if len(it.keys) == 1 {
			if tmpl, ok := policyTemplates[it.keys[0]]; ok {
				doc := expandPolicyTemplate(it.keys[0], tmpl, it.vals[0])
				rb.inline = append(rb.inline, obj(it, "PolicyName", name, "PolicyDocument", doc, samTemplateKey, it.keys[0]))
				return
			}
		}
		rb.t.warnAt(it.line, it.col, "Policies entry %d of %s is neither a managed policy, a policy document nor a known SAM policy template", i, rb.fn)
	}
}

// samTemplateKey marks, in the role the transform writes, a Policies
// entry expanded from a SAM policy template, with the template's name
// (inventory.Policy.SAMTemplate); CloudFormation never sees it.
const samTemplateKey = "LambdasecSAMPolicyTemplate"

// expandPolicyTemplate fills a SAM policy template's statements with the
// parameter values given in the template (already resolved).
func expandPolicyTemplate(name string, tmpl policyTemplate, args *value) *value {
	vars := map[string]string{
		"AWS::Partition": "aws",
		"AWS::Region":    inventory.RegionToken,
		"AWS::AccountId": inventory.AccountIDToken,
	}
	for _, p := range tmpl.Parameters {
		v := args.get(p)
		switch {
		case v == nil:
			vars[p] = inventory.UnresolvedToken(fmt.Sprintf("SAM policy template %s has no %s", name, p))
		case v.kind == kindScalar:
			vars[p] = v.str
		default:
			vars[p] = inventory.UnresolvedToken(fmt.Sprintf("SAM policy template %s parameter %s is not a string", name, p))
		}
	}
	var sub func(x any) *value
	sub = func(x any) *value {
		switch x := x.(type) {
		case string:
			return scalarAt(substituteVars(x, vars), args)
		case []any:
			items := make([]*value, 0, len(x))
			for _, it := range x {
				items = append(items, sub(it))
			}
			return listAt(items, args)
		case map[string]any:
			m := mapAt(args)
			keys := make([]string, 0, len(x))
			for k := range x {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				m.set(k, sub(x[k]))
			}
			return m
		}
		return scalarAt(fmt.Sprint(x), args)
	}
	stmts := make([]*value, 0, len(tmpl.Statement))
	for _, st := range tmpl.Statement {
		stmts = append(stmts, sub(map[string]any(st)))
	}
	return obj(args, "Version", "2012-10-17", "Statement", listAt(stmts, args))
}

func substituteVars(s string, vars map[string]string) string {
	var b strings.Builder
	for {
		i := strings.Index(s, "${")
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		j := strings.IndexByte(s[i:], '}')
		if j < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i])
		name := s[i+2 : i+j]
		if v, ok := vars[name]; ok {
			b.WriteString(v)
		} else {
			b.WriteString(s[i : i+j+1])
		}
		s = s[i+j+1:]
	}
}

// finish writes the role's properties.
func (rb *roleBuilder) finish() {
	src := rb.src
	trust := obj(rb.at, "Version", "2012-10-17", "Statement", arr(rb.at, obj(rb.at,
		"Effect", "Allow", "Action", []string{"sts:AssumeRole"},
		"Principal", obj(rb.at, "Service", []string{"lambda.amazonaws.com"}))))
	if src != nil {
		if a := src.get("AssumeRolePolicyDocument"); a != nil {
			trust = a
		}
	}
	props := obj(rb.at,
		"AssumeRolePolicyDocument", trust,
		"ManagedPolicyArns", rb.managedA,
		"Policies", listAt(rb.inline, rb.at))
	if src != nil {
		if v := src.get("PermissionsBoundary"); v != nil {
			props.set("PermissionsBoundary", v)
		}
		if v := src.get("RolePath"); v != nil {
			props.set("Path", v)
		}
	}
	rb.res.prop, rb.res.props = props, props
}

func (t *template) expandLayer(res *resource) {
	p := res.props
	out := mapAt(p)
	for i, k := range p.keys {
		switch k {
		case "ContentUri":
			out.set("Content", p.vals[i])
		case "RetentionPolicy":
		default:
			out.set(k, p.vals[i])
		}
	}
	if out.get("LayerName") == nil {
		out.set("LayerName", scalarAt(res.id, res.at))
	}
	res.typ = "AWS::Lambda::LayerVersion"
	res.props = out
}
