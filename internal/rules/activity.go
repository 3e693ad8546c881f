package rules

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws/arn"

	"github.com/lambdasec/lambdasec/internal/iampolicy"
	"github.com/lambdasec/lambdasec/internal/inventory"
	"github.com/lambdasec/lambdasec/internal/trail"
)

// The activity rules (LS8xx) judge what CloudTrail recorded: the events
// of inventory.KindActivity estates that `lambdasec trail` reads. Each
// judges the events of the operations it watches, matched by operation
// whatever the version suffix Lambda logs (trail.Operation), one result
// per event (or per aggregate of Invoke data events). A call that failed
// (errorCode set) changed nothing and is judged only by LS815. Estates of
// other kinds have no events, so these rules say nothing about them.

// KindPrincipal is the kind of a result about a caller (LS815); its
// Resource is the principal's ARN.
const KindPrincipal Kind = "principal"

// cloudTrailRef is the page listing Lambda's CloudTrail events, with
// their versioned names.
const cloudTrailRef = "https://docs.aws.amazon.com/lambda/latest/dg/logging-using-cloudtrail.html"

// recordRef is the CloudTrail record contents reference.
const recordRef = "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html"

// eachEvent judges every successful event of the estate whose operation
// is one of ops, in time order.
func eachEvent(in *Input, ops []string, judge func(ev *inventory.Event, res *Result) bool) []Result {
	var out []Result
	for _, ev := range in.Estate.Events {
		if ev.ErrorCode != "" || !slices.Contains(ops, ev.Operation) {
			continue
		}
		res := eventResult(ev)
		if judge(ev, &res) {
			out = append(out, res)
		}
	}
	return out
}

// eventResult starts a result about the function an event names (or the
// event itself when it names none), at the record, with the event's who,
// when and what as evidence.
func eventResult(ev *inventory.Event) Result {
	fn := trail.FunctionARN(ev)
	res := Result{Resource: fn, Kind: KindFunction, Source: ev.At}
	if fn == "" {
		res.Resource, res.Kind = "event "+ev.ID, KindEstate
	} else {
		res.Label = fn[strings.LastIndex(fn, ":")+1:]
		res.Functions = []string{fn}
	}
	res.Evidence = eventEvidence(ev)
	return res
}

// eventEvidence says who did what, when, from where, and where the
// record is.
func eventEvidence(ev *inventory.Event) []Evidence {
	ev2 := []Evidence{{Label: "event", Value: ev.Name + " " + ev.ID + " at " + ev.Time.Format(time.RFC3339), Source: ev.At}}
	add := func(label, v string) {
		if v != "" {
			ev2 = append(ev2, Evidence{Label: label, Value: v, Source: ev.At})
		}
	}
	add("who", ev.Actor.ARN)
	add("session issuer", ev.Actor.Issuer)
	add("invoked by", ev.Actor.InvokedBy)
	add("source IP", ev.Actor.SourceIP)
	add("user agent", ev.Actor.UserAgent)
	return ev2
}

// deployer reports whether the caller of ev matches one of the
// --deployer patterns (ARN globs: "*" spans "/" in the resource part),
// matched against the session issuer (for an assumed role) and the ARN.
func (in *Input) deployer(a inventory.Actor) bool {
	for _, p := range in.Config.Deployers {
		if a.Issuer != "" && iampolicy.MatchResource(p, a.Issuer) || a.ARN != "" && iampolicy.MatchResource(p, a.ARN) {
			return true
		}
	}
	return false
}

// accountOfPrincipal returns the account a principal parameter names (a
// 12-digit ID or an IAM ARN), or "".
func accountOfPrincipal(p string) string { return iampolicy.AccountOf(p) }

func isServicePrincipal(p string) bool {
	return strings.HasSuffix(p, ".amazonaws.com") || strings.HasSuffix(p, ".amazonaws.com.cn")
}

var activityCompliance = []Compliance{{Framework: "OWASP-SLS", Control: "SAS-10"}}

var permissionPublicAdded = &Rule{
	ID: "LS801", Name: "activity-permission-public", Severity: Critical,
	Title: "CloudTrail: a permission let anyone invoke a function",
	Description: "Judges every AddPermission event (eventName AddPermission20150331v2 and any other version suffix). " +
		"FAIL when requestParameters.principal is \"*\" with no principalOrgID, sourceAccount or sourceArn to narrow it: " +
		"from then on anyone (any AWS account, or the internet through a function URL when functionUrlAuthType is NONE) could invoke the function. " +
		"PASS for a permission given to a named principal or narrowed by one of those conditions.",
	Remediation: Remediation{Text: "Find who added the statement (the event's who, source IP and user agent) and remove it unless it was intended.",
		CLI: "aws lambda remove-permission --function-name FUNCTION --statement-id STATEMENT_ID"},
	References: []string{cloudTrailRef, "https://docs.aws.amazon.com/lambda/latest/api/API_AddPermission.html"},
	Compliance: activityCompliance,
	Check: func(in *Input) []Result {
		return eachEvent(in, []string{"AddPermission"}, func(ev *inventory.Event, res *Result) bool {
			p := trail.Str(ev.Request, "principal")
			switch {
			case p != "*":
				res.pass(fmt.Sprintf("permission %q granted to %s, not to everyone", trail.Str(ev.Request, "statementId"), p))
			case trail.Str(ev.Request, "principalOrgID") != "":
				res.pass("permission for \"*\" limited to organization " + trail.Str(ev.Request, "principalOrgID"))
			case trail.Str(ev.Request, "sourceAccount") != "" || trail.Str(ev.Request, "sourceArn") != "":
				res.pass("permission for \"*\" limited by its source (sourceAccount/sourceArn)")
			case trail.Str(ev.Request, "functionUrlAuthType") == "NONE":
				res.fail(fmt.Sprintf("permission %q lets anyone on the internet call the function URL (principal \"*\", functionUrlAuthType NONE)", trail.Str(ev.Request, "statementId")))
			default:
				res.fail(fmt.Sprintf("permission %q lets anyone invoke the function (principal \"*\", no condition)", trail.Str(ev.Request, "statementId")))
			}
			return true
		})
	},
}

var permissionUnknownAccount = &Rule{
	ID: "LS802", Name: "activity-permission-foreign-account", Severity: High,
	Title: "CloudTrail: a permission let an unknown account invoke a function",
	Description: "Judges the AddPermission events whose principal is an AWS account (an account ID or an IAM ARN). " +
		"FAIL when the account is neither the function's own nor one given with --trusted-account; PASS otherwise.",
	Remediation: Remediation{Text: "Confirm the account is a partner's; remove the statement if not, or list the account with --trusted-account.",
		CLI: "aws lambda remove-permission --function-name FUNCTION --statement-id STATEMENT_ID"},
	References: []string{cloudTrailRef, "https://docs.aws.amazon.com/lambda/latest/dg/permissions-function-cross-account.html"},
	Compliance: activityCompliance,
	Check: func(in *Input) []Result {
		return eachEvent(in, []string{"AddPermission"}, func(ev *inventory.Event, res *Result) bool {
			acct := accountOfPrincipal(trail.Str(ev.Request, "principal"))
			if acct == "" {
				return false
			}
			if in.trusted(acct) {
				res.pass("permission granted to account " + acct + ", the estate's own or a trusted one")
			} else {
				res.fail("permission granted to account " + acct + ", which is neither this account nor a trusted one")
			}
			return true
		})
	},
}

var permissionServiceNoSource = &Rule{
	ID: "LS803", Name: "activity-permission-service-no-source", Severity: High,
	Title: "CloudTrail: a permission let an AWS service invoke a function with no source condition",
	Description: "Judges the AddPermission events whose principal is an AWS service (s3.amazonaws.com, sns.amazonaws.com...). " +
		"FAIL when neither sourceArn nor sourceAccount (nor principalOrgID) is given: a resource of that service in any account could invoke the function (confused deputy). " +
		"PASS when one is.",
	Remediation: Remediation{Text: "Replace the statement with one that names the source resource and account.",
		CLI: "aws lambda add-permission --function-name FUNCTION --statement-id ID --action lambda:InvokeFunction --principal s3.amazonaws.com --source-arn arn:aws:s3:::BUCKET --source-account ACCOUNT"},
	References: []string{cloudTrailRef, "https://docs.aws.amazon.com/lambda/latest/dg/permissions-function-services.html"},
	Compliance: activityCompliance,
	Check: func(in *Input) []Result {
		return eachEvent(in, []string{"AddPermission"}, func(ev *inventory.Event, res *Result) bool {
			p := trail.Str(ev.Request, "principal")
			if !isServicePrincipal(p) {
				return false
			}
			if trail.Str(ev.Request, "sourceArn") != "" || trail.Str(ev.Request, "sourceAccount") != "" || trail.Str(ev.Request, "principalOrgID") != "" {
				res.pass("permission for " + p + " names its source")
			} else {
				res.fail("permission for " + p + " names no sourceArn or sourceAccount: a resource of that service in any account can invoke the function")
			}
			return true
		})
	},
}

var urlAuthNone = &Rule{
	ID: "LS804", Name: "activity-function-url-public", Severity: Critical,
	Title: "CloudTrail: a function URL was created or changed to AuthType NONE",
	Description: "Judges CreateFunctionUrlConfig and UpdateFunctionUrlConfig events (eventName ...20211031) that set requestParameters.authType. " +
		"FAIL for NONE (the URL is public: whoever has it can call the function); PASS for AWS_IAM.",
	Remediation: Remediation{Text: "Set the URL's AuthType to AWS_IAM, or delete the URL, unless the function is meant to be public.",
		CLI: "aws lambda update-function-url-config --function-name FUNCTION --auth-type AWS_IAM"},
	References: []string{cloudTrailRef, "https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html"},
	Compliance: activityCompliance,
	Check: func(in *Input) []Result {
		return eachEvent(in, []string{"CreateFunctionUrlConfig", "UpdateFunctionUrlConfig"}, func(ev *inventory.Event, res *Result) bool {
			switch trail.Str(ev.Request, "authType") {
			case "NONE":
				res.fail(ev.Operation + " set AuthType NONE: the function URL is public")
			case "":
				return false
			default:
				res.pass(ev.Operation + " set AuthType " + trail.Str(ev.Request, "authType"))
			}
			return true
		})
	},
}

var layerShared = &Rule{
	ID: "LS805", Name: "activity-layer-shared", Severity: High, Severities: []Severity{Critical},
	Title: "CloudTrail: a layer version was shared publicly or with another account",
	Description: "Judges AddLayerVersionPermission events (eventName AddLayerVersionPermission20181031). " +
		"FAIL (critical) when principal is \"*\" with no organizationId (every AWS account can use the layer); " +
		"FAIL (high) when the principal is an account that is neither the layer's own nor trusted; PASS otherwise.",
	Remediation: Remediation{Text: "Remove the layer version's permission statement unless the sharing is intended.",
		CLI: "aws lambda remove-layer-version-permission --layer-name LAYER --version-number N --statement-id ID"},
	References: []string{cloudTrailRef, "https://docs.aws.amazon.com/lambda/latest/api/API_AddLayerVersionPermission.html"},
	Compliance: activityCompliance,
	Check: func(in *Input) []Result {
		return eachEvent(in, []string{"AddLayerVersionPermission"}, func(ev *inventory.Event, res *Result) bool {
			layer := layerARN(ev)
			res.Resource, res.Kind, res.Label, res.Functions = layer, KindLayer, trail.Str(ev.Request, "layerName"), nil
			p := trail.Str(ev.Request, "principal")
			org := trail.Str(ev.Request, "organizationId")
			switch {
			case p == "*" && org != "":
				res.pass("layer version shared with organization " + org)
			case p == "*":
				res.fail("layer version shared with every AWS account (principal \"*\")")
				res.Severity = sev(Critical)
			case in.trusted(p):
				res.pass("layer version shared with account " + p + ", the estate's own or a trusted one")
			default:
				res.fail("layer version shared with account " + p + ", which is neither this account nor a trusted one")
			}
			return true
		})
	},
}

// layerARN names the layer version an AddLayerVersionPermission event is
// about.
func layerARN(ev *inventory.Event) string {
	name := trail.Str(ev.Request, "layerName")
	v := fmt.Sprint(ev.Request["versionNumber"])
	if a, err := arn.Parse(name); err == nil {
		return strings.TrimSuffix(a.String(), ":"+v) + ":" + v
	}
	partition := "aws"
	if a, err := arn.Parse(ev.Actor.ARN); err == nil {
		partition = a.Partition
	}
	return "arn:" + partition + ":lambda:" + ev.Region + ":" + ev.Account + ":layer:" + name + ":" + v
}

// changers returns, per function, the callers that created it or
// changed its code or configuration in the window (successful events),
// with the time of their first change.
func changers(in *Input) map[string]map[string]time.Time {
	out := map[string]map[string]time.Time{}
	for _, ev := range in.Estate.Events {
		if ev.ErrorCode != "" {
			continue
		}
		switch ev.Operation {
		case "CreateFunction", "UpdateFunctionCode", "UpdateFunctionConfiguration":
		default:
			continue
		}
		fn := trail.FunctionARN(ev)
		if out[fn] == nil {
			out[fn] = map[string]time.Time{}
		}
		p := ev.Actor.Principal()
		if _, ok := out[fn][p]; !ok {
			out[fn][p] = ev.Time
		}
	}
	return out
}

var codeByStranger = &Rule{
	ID: "LS806", Name: "activity-code-update-not-deployer", Severity: High,
	Title: "CloudTrail: a function's code was updated by a principal that is not its deployer",
	Description: "Judges UpdateFunctionCode events (UpdateFunctionCode20150331v2). With --deployer ROLE_ARN_PATTERN (repeatable), " +
		"FAIL when the caller (the session issuer of an assumed role, else the caller's ARN) matches none of the patterns. " +
		"Without it, FAIL when the caller had not created or changed this function earlier in the window, PASS when it had, " +
		"and UNKNOWN for a function with no earlier change in the window (nothing to compare with).",
	Remediation: Remediation{Text: "Confirm the update with the function's owners; if it was not theirs, restore the last good version and rotate the caller's credentials. " +
		"Restrict lambda:UpdateFunctionCode to the deployment role, and consider code signing."},
	References: []string{cloudTrailRef, "https://docs.aws.amazon.com/lambda/latest/dg/configuration-codesigning.html"},
	Compliance: activityCompliance,
	Check: func(in *Input) []Result {
		seen := changers(in)
		return eachEvent(in, []string{"UpdateFunctionCode"}, func(ev *inventory.Event, res *Result) bool {
			p := ev.Actor.Principal()
			if len(in.Config.Deployers) > 0 {
				if in.deployer(ev.Actor) {
					res.pass("code updated by " + p + ", a deployer")
				} else {
					res.fail("code updated by " + p + ", which matches no --deployer pattern")
				}
				return true
			}
			earlier := false
			for who, t := range seen[trail.FunctionARN(ev)] {
				if t.Before(ev.Time) {
					earlier = true
					if who == p {
						res.pass("code updated by " + p + ", who changed this function before in the window")
						return true
					}
				}
			}
			if !earlier {
				res.unknown("first change of this function in the window: no earlier deployer to compare " + p + " with (give --deployer)")
				return true
			}
			res.fail("code updated by " + p + ", who had not changed this function before in the window")
			return true
		})
	},
}

var foreignLayerAdded = &Rule{
	ID: "LS807", Name: "activity-foreign-layer", Severity: High,
	Title: "CloudTrail: a function was given a layer from another account",
	Description: "Judges CreateFunction and UpdateFunctionConfiguration events that set requestParameters.layers. " +
		"FAIL when a layer version ARN belongs to an account that is neither the function's own nor trusted (its code runs inside the function); PASS otherwise.",
	Remediation: Remediation{Text: "Remove the layer, or copy it into your own account after review.",
		CLI: "aws lambda update-function-configuration --function-name FUNCTION --layers OWN_LAYER_ARNS"},
	References: []string{cloudTrailRef, "https://docs.aws.amazon.com/lambda/latest/dg/chapter-layers.html"},
	Compliance: activityCompliance,
	Check: func(in *Input) []Result {
		return eachEvent(in, []string{"CreateFunction", "UpdateFunctionConfiguration"}, func(ev *inventory.Event, res *Result) bool {
			list, ok := ev.Request["layers"].([]any)
			if !ok {
				return false
			}
			var foreign []string
			for _, l := range list {
				s, _ := l.(string)
				if a, err := arn.Parse(s); err == nil && !in.trusted(a.AccountID) {
					foreign = append(foreign, s)
				}
			}
			if len(foreign) > 0 {
				res.fail("layer from another account added: " + strings.Join(foreign, ", "))
			} else {
				res.pass(fmt.Sprintf("%d layers, all from this account or trusted ones", len(list)))
			}
			return true
		})
	},
}

var roleChanged = &Rule{
	ID: "LS808", Name: "activity-role-changed", Severity: High,
	Title: "CloudTrail: a function's execution role was changed",
	Description: "Judges UpdateFunctionConfiguration events that set requestParameters.role. " +
		"FAIL when the role differs from the one the function had earlier in the window (from CreateFunction or an earlier update); " +
		"PASS when it is the same; UNKNOWN when no earlier role of the function is in the window.",
	Remediation: Remediation{Text: "Confirm the new role with the function's owners; a role swap is a way to give a function (and whoever controls its code) more permissions."},
	References:  []string{cloudTrailRef, "https://docs.aws.amazon.com/lambda/latest/dg/lambda-intro-execution-role.html"},
	Compliance:  activityCompliance,
	Check: func(in *Input) []Result {
		last := map[string]string{}
		return eachEvent(in, []string{"CreateFunction", "UpdateFunctionConfiguration"}, func(ev *inventory.Event, res *Result) bool {
			role := trail.Str(ev.Request, "role")
			fn := trail.FunctionARN(ev)
			before, known := last[fn]
			if role != "" {
				last[fn] = role
			}
			if ev.Operation == "CreateFunction" || role == "" {
				return false
			}
			switch {
			case !known:
				res.unknown("role set to " + role + "; no earlier role of this function in the window to compare with")
			case before == role:
				res.pass("role unchanged: " + role)
			default:
				res.fail("execution role changed from " + before + " to " + role)
			}
			return true
		})
	},
}

var protectionRemoved = &Rule{
	ID: "LS809", Name: "activity-protection-removed", Severity: High,
	Title: "CloudTrail: code signing, VPC or KMS encryption was removed from a function",
	Description: "Judges UpdateFunctionConfiguration events and DeleteFunctionCodeSigningConfig events. " +
		"FAIL for DeleteFunctionCodeSigningConfig (unsigned code can be deployed), and for a configuration update that sets vpcConfig with no subnets " +
		"(the function leaves its VPC) or an empty kMSKeyArn (environment variables go back to the AWS managed key). PASS for other configuration updates.",
	Remediation: Remediation{Text: "Restore the setting, and find out who removed it and why.",
		CLI: "aws lambda put-function-code-signing-config --function-name FUNCTION --code-signing-config-arn ARN"},
	References: []string{cloudTrailRef, "https://docs.aws.amazon.com/lambda/latest/api/API_UpdateFunctionConfiguration.html"},
	Compliance: activityCompliance,
	Check: func(in *Input) []Result {
		return eachEvent(in, []string{"UpdateFunctionConfiguration", "DeleteFunctionCodeSigningConfig"}, func(ev *inventory.Event, res *Result) bool {
			if ev.Operation == "DeleteFunctionCodeSigningConfig" {
				res.fail("code signing configuration removed: unsigned code can now be deployed")
				return true
			}
			var removed []string
			if vpc, ok := ev.Request["vpcConfig"].(map[string]any); ok {
				if subnets, _ := vpc["subnetIds"].([]any); len(subnets) == 0 {
					removed = append(removed, "VPC (vpcConfig with no subnets)")
				}
			}
			if k, ok := ev.Request["kMSKeyArn"]; ok && k == "" {
				removed = append(removed, "customer managed KMS key (kMSKeyArn \"\")")
			}
			if len(removed) > 0 {
				res.fail("configuration update removed " + strings.Join(removed, " and "))
			} else {
				res.pass("configuration update removed no code signing, VPC or KMS setting")
			}
			return true
		})
	},
}

var concurrencyDeleted = &Rule{
	ID: "LS810", Name: "activity-concurrency-deleted", Severity: Medium,
	Title: "CloudTrail: a function's reserved concurrency was deleted",
	Description: "Judges DeleteFunctionConcurrency and PutFunctionConcurrency events. FAIL for a deletion (the function can now use the whole account's " +
		"unreserved concurrency: a flood of invocations costs more and starves other functions); PASS for a reservation set.",
	Remediation: Remediation{Text: "Set the reserved concurrency back.",
		CLI: "aws lambda put-function-concurrency --function-name FUNCTION --reserved-concurrent-executions N"},
	References: []string{cloudTrailRef, "https://docs.aws.amazon.com/lambda/latest/dg/configuration-concurrency.html"},
	Compliance: activityCompliance,
	Check: func(in *Input) []Result {
		return eachEvent(in, []string{"DeleteFunctionConcurrency", "PutFunctionConcurrency"}, func(ev *inventory.Event, res *Result) bool {
			if ev.Operation == "DeleteFunctionConcurrency" {
				res.fail("reserved concurrency deleted")
			} else {
				res.pass(fmt.Sprintf("reserved concurrency set to %v", ev.Request["reservedConcurrentExecutions"]))
			}
			return true
		})
	},
}

var foreignEventSource = &Rule{
	ID: "LS811", Name: "activity-foreign-event-source", Severity: High,
	Title: "CloudTrail: an event source mapping was created to another account's stream or queue",
	Description: "Judges CreateEventSourceMapping events. FAIL when requestParameters.eventSourceArn belongs to an account that is neither the function's own nor trusted " +
		"(someone else's data now drives the function); PASS otherwise; UNKNOWN for a source with no ARN (self-managed Kafka).",
	Remediation: Remediation{Text: "Delete the mapping unless the other account is a partner's.",
		CLI: "aws lambda delete-event-source-mapping --uuid UUID"},
	References: []string{cloudTrailRef, "https://docs.aws.amazon.com/lambda/latest/api/API_CreateEventSourceMapping.html"},
	Compliance: activityCompliance,
	Check: func(in *Input) []Result {
		return eachEvent(in, []string{"CreateEventSourceMapping"}, func(ev *inventory.Event, res *Result) bool {
			src := trail.Str(ev.Request, "eventSourceArn")
			a, err := arn.Parse(src)
			switch {
			case err != nil:
				res.unknown("the event source has no ARN (self-managed Kafka?): its account cannot be told")
			case a.AccountID == "" || in.trusted(a.AccountID):
				res.pass("event source " + src + " is in this account or a trusted one")
			default:
				res.fail("event source " + src + " is in account " + a.AccountID + ", which is neither this account nor a trusted one")
			}
			return true
		})
	},
}

var unusualGetFunction = &Rule{
	ID: "LS812", Name: "activity-get-function-unusual", Severity: Medium,
	Title: "CloudTrail: a function's code and environment were read by an unusual principal",
	Description: "Judges GetFunction events: GetFunction returns a link to the function's code and its environment variables. " +
		"PASS when the caller is an AWS service, matches --deployer, or had created or changed the function earlier in the window; " +
		"FAIL when it is none of these while the function's deployers are known (from --deployer or from earlier changes in the window); " +
		"UNKNOWN when no deployer of the function is known at the time of the read. " +
		"Repeated reads of a function by one principal are judged once, at the earliest.",
	Remediation: Remediation{Text: "Confirm the read with the function's owners; if it was not expected, rotate the secrets the environment holds and review the caller's permissions (lambda:GetFunction)."},
	References:  []string{cloudTrailRef, "https://docs.aws.amazon.com/lambda/latest/api/API_GetFunction.html"},
	Compliance:  activityCompliance,
	Check: func(in *Input) []Result {
		seen := changers(in)
		return eachEvent(in, []string{"GetFunction"}, func(ev *inventory.Event, res *Result) bool {
			p := ev.Actor.Principal()
			// The function's deployers at the time of the read: who had
			// changed it before.
			known, changed := 0, false
			for who, t := range seen[trail.FunctionARN(ev)] {
				if t.Before(ev.Time) {
					known++
					changed = changed || who == p
				}
			}
			switch {
			case ev.Actor.Type == "AWSService" || ev.Actor.InvokedBy != "":
				res.pass("read by an AWS service (" + p + ")")
			case in.deployer(ev.Actor):
				res.pass("read by " + p + ", a deployer")
			case changed:
				res.pass("read by " + p + ", who had changed this function earlier in the window")
			case len(in.Config.Deployers) == 0 && known == 0:
				res.unknown("read by " + p + "; no deployer of this function is known (give --deployer)")
			default:
				res.fail("code and environment read by " + p + ", which had not changed this function earlier in the window and is not a deployer")
			}
			return true
		})
	},
}

// Invocation spikes: an hour is a spike when it has at least spikeFactor
// times the function's median hourly count and at least spikeMin
// invocations.
const (
	spikeFactor = 10
	spikeMin    = 50
)

var invocationSpike = &Rule{
	ID: "LS813", Name: "activity-invocation-spike", Severity: Medium,
	Title: "CloudTrail: a function's invocations spiked (denial of wallet)",
	Description: fmt.Sprintf("Judges the Invoke data events of each function, counted per hour (all callers together). "+
		"FAIL when an hour has at least %d times the function's median hourly count and at least %d invocations; PASS otherwise; "+
		"UNKNOWN when only one hour has invocations (no baseline). Needs a trail that logs Lambda data events.", spikeFactor, spikeMin),
	Remediation: Remediation{Text: "Find the callers of the spike (the evidence names the first); set reserved concurrency and throttling on the entry points.",
		CLI: "aws lambda put-function-concurrency --function-name FUNCTION --reserved-concurrent-executions N"},
	References: []string{cloudTrailRef, "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-data-events-with-cloudtrail.html"},
	Compliance: []Compliance{{Framework: "OWASP-SLS", Control: "SAS-8"}},
	Check: func(in *Input) []Result {
		type hour struct {
			t     time.Time
			count int
			first *inventory.Invocations
		}
		byFn := map[string]map[int64]*hour{}
		var fns []string
		for _, inv := range in.Estate.Invocations {
			if byFn[inv.Function] == nil {
				byFn[inv.Function] = map[int64]*hour{}
				fns = append(fns, inv.Function)
			}
			h := byFn[inv.Function][inv.Hour.Unix()]
			if h == nil {
				h = &hour{t: inv.Hour, first: inv}
				byFn[inv.Function][inv.Hour.Unix()] = h
			}
			h.count += inv.Count
		}
		sort.Strings(fns)
		var out []Result
		for _, fn := range fns {
			var hours []*hour
			for _, h := range byFn[fn] {
				hours = append(hours, h)
			}
			sort.Slice(hours, func(i, j int) bool { return hours[i].t.Before(hours[j].t) })
			counts := make([]int, len(hours))
			peak := hours[0]
			for i, h := range hours {
				counts[i] = h.count
				if h.count > peak.count {
					peak = h
				}
			}
			slices.Sort(counts)
			median := counts[len(counts)/2]
			if len(counts)%2 == 0 {
				median = (counts[len(counts)/2-1] + counts[len(counts)/2]) / 2
			}
			res := Result{Resource: fn, Kind: KindFunction, Label: fn[strings.LastIndex(fn, ":")+1:], Functions: []string{fn}, Source: peak.first.First}
			res.Evidence = []Evidence{{Label: "peak hour", Value: fmt.Sprintf("%d invocations in the hour from %s", peak.count, peak.t.Format(time.RFC3339)), Source: peak.first.First},
				{Label: "first caller of the peak hour", Value: peak.first.FirstActor.Principal(), Source: peak.first.First}}
			switch {
			case len(hours) < 2:
				res.unknown(fmt.Sprintf("invocations in one hour only (%d): no baseline to compare with", peak.count))
			case peak.count >= spikeFactor*median && peak.count >= spikeMin:
				res.fail(fmt.Sprintf("%d invocations in the hour from %s, %d times the median of %d an hour", peak.count, peak.t.Format(time.RFC3339), peak.count/max(median, 1), median))
			default:
				res.pass(fmt.Sprintf("peak of %d invocations an hour against a median of %d", peak.count, median))
			}
			out = append(out, res)
		}
		return out
	},
}

var invokedFromForeignAccount = &Rule{
	ID: "LS814", Name: "activity-cross-account-invoke", Severity: High,
	Title: "CloudTrail: a function was invoked from an unknown account",
	Description: "Judges the Invoke data events of each function, per caller account (userIdentity.accountId). " +
		"FAIL when the caller's account is neither the function's own nor trusted; PASS otherwise. Needs a trail that logs Lambda data events.",
	Remediation: Remediation{Text: "Find the statement of the function's resource policy that lets that account in (lambdasec scan --aws, LS102) and remove it unless intended."},
	References:  []string{cloudTrailRef, "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-data-events-with-cloudtrail.html"},
	Compliance:  activityCompliance,
	Check: func(in *Input) []Result {
		type key struct{ fn, caller string }
		total := map[key]int{}
		first := map[key]*inventory.Invocations{}
		var keys []key
		for _, inv := range in.Estate.Invocations {
			k := key{inv.Function, inv.Caller}
			if first[k] == nil {
				first[k] = inv
				keys = append(keys, k)
			}
			total[k] += inv.Count
		}
		var out []Result
		for _, k := range keys {
			inv := first[k]
			fnAcct := ""
			if a, err := arn.Parse(k.fn); err == nil {
				fnAcct = a.AccountID
			}
			res := Result{Resource: k.fn, Kind: KindFunction, Label: k.fn[strings.LastIndex(k.fn, ":")+1:], Functions: []string{k.fn}, Source: inv.First,
				Evidence: []Evidence{{Label: "first caller", Value: inv.FirstActor.Principal(), Source: inv.First}}}
			switch {
			case !iampolicy.IsAccountID(k.caller) || k.caller == fnAcct || in.trusted(k.caller):
				res.pass(fmt.Sprintf("%d invocations by %s, this account, a trusted one or a service", total[k], k.caller))
			default:
				res.fail(fmt.Sprintf("%d invocations from account %s, which is neither the function's account nor a trusted one", total[k], k.caller))
			}
			out = append(out, res)
		}
		return out
	},
}

// Reconnaissance: a burst is burstMin access-denied calls to Lambda by
// one principal within burstWindow.
const (
	burstMin    = 5
	burstWindow = 10 * time.Minute
)

var deniedBurst = &Rule{
	ID: "LS815", Name: "activity-access-denied-burst", Severity: Medium,
	Title: "CloudTrail: a principal made a burst of access-denied Lambda calls (reconnaissance)",
	Description: fmt.Sprintf("Judges, per caller, the Lambda management events that failed with an access-denied errorCode (AccessDenied, AccessDeniedException). "+
		"FAIL when %d or more fall within %s (someone probing what stolen credentials can do); PASS for fewer. "+
		"So that memory stays bounded, `lambdasec trail` keeps only the earliest %d access-denied calls of each principal one by one "+
		"and counts the others per minute: beyond those, a burst is found from the per-minute counts (calls in %d consecutive minutes, "+
		"so a burst spread over the edges of %d minutes can be missed, never invented), and the count in the message is of every call.",
		burstMin, burstWindow, trail.DefaultDeniedListed, int(burstWindow/time.Minute), int(burstWindow/time.Minute)+1),
	Remediation: Remediation{Text: "Find out whose credentials these are; if the calls were not theirs, revoke the sessions and rotate the keys."},
	References:  []string{cloudTrailRef, recordRef},
	Compliance:  activityCompliance,
	Check: func(in *Input) []Result {
		byWho := map[string][]*inventory.Event{}
		var who []string
		for _, ev := range in.Estate.Events {
			if !trail.IsAccessDenied(ev.ErrorCode) {
				continue
			}
			p := ev.Actor.Principal()
			if byWho[p] == nil {
				who = append(who, p)
			}
			byWho[p] = append(byWho[p], ev)
		}
		summary := map[string]*inventory.DeniedCalls{}
		for _, d := range in.Estate.Denied {
			summary[d.Principal] = d
		}
		var out []Result
		for _, p := range who {
			evs := byWho[p] // in time order, as the estate's events are
			res := Result{Resource: p, Kind: KindPrincipal, Label: p, Source: evs[0].At}
			best, at := 0, 0
			for i := range evs {
				j := i
				for j < len(evs) && evs[j].Time.Sub(evs[i].Time) <= burstWindow {
					j++
				}
				if j-i > best {
					best, at = j-i, i
				}
			}
			res.Source = evs[at].At
			res.Evidence = eventEvidence(evs[at])
			total := len(evs)
			if d := summary[p]; d != nil && d.Count > len(evs) {
				// Calls beyond the listed ones: judged by the minute.
				total = d.Count
				res.Evidence = append(res.Evidence, Evidence{Label: "counted", Value: fmt.Sprintf("%d access-denied calls; the earliest %d are listed, the others counted per minute", d.Count, d.Listed), Source: evs[0].At})
				if n, start, ops := minuteBurst(d.Minutes); n > best && n >= burstMin {
					res.fail(fmt.Sprintf("%d access-denied Lambda calls within %s from %s (%s), counted by the minute", n, burstWindow, start.Format(time.RFC3339), strings.Join(ops, ", ")))
					out = append(out, res)
					continue
				}
			}
			if best >= burstMin {
				ops := map[string]bool{}
				for _, ev := range evs[at : at+best] {
					ops[ev.Operation] = true
				}
				names := make([]string, 0, len(ops))
				for o := range ops {
					names = append(names, o)
				}
				sort.Strings(names)
				res.fail(fmt.Sprintf("%d access-denied Lambda calls within %s from %s (%s)", best, burstWindow, evs[at].Time.Format(time.RFC3339), strings.Join(names, ", ")))
			} else {
				res.pass(fmt.Sprintf("%d access-denied Lambda calls, no burst", total))
			}
			out = append(out, res)
		}
		return out
	},
}

// minuteBurst returns the most access-denied calls counted in
// burstWindow/time.Minute consecutive minutes (so within burstWindow of
// each other), the start of the first of those minutes, and the
// operations denied in them, sorted.
func minuteBurst(minutes []inventory.DeniedMinute) (int, time.Time, []string) {
	best, at, end, sum := 0, 0, 0, 0
	bestEnd := 0
	for i := range minutes {
		for end < len(minutes) && minutes[end].Start.Sub(minutes[i].Start) < burstWindow {
			sum += minutes[end].Count
			end++
		}
		if sum > best {
			best, at, bestEnd = sum, i, end
		}
		sum -= minutes[i].Count
	}
	if best == 0 {
		return 0, time.Time{}, nil
	}
	var ops []string
	for _, m := range minutes[at:bestEnd] {
		for _, o := range m.Operations {
			if !slices.Contains(ops, o) {
				ops = append(ops, o)
			}
		}
	}
	sort.Strings(ops)
	return best, minutes[at].Start, ops
}
