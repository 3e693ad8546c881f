package rules

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/lambdasec/lambdasec/internal/inventory"
)

// The detection posture rules (LS603-LS613): whether what happens to the
// estate's functions is recorded (CloudTrail management and data events,
// log integrity), watched (alarms and EventBridge rules on the control
// plane events that expose a function, metric alarms on exposed
// functions), kept (log retention and encryption), and seen by the
// detection services (AWS Config, Amazon Inspector, GuardDuty).
//
// A template is rarely where an account's trail or detection services
// live: a template that defines none of what a rule needs gets UNKNOWN at
// the account level, never FAIL; one that defines it is judged on it.

// The facts the posture rules rest on.
const (
	// lambdaFunctionType is the CloudTrail data resource type and AWS
	// Config resource type of a function.
	// https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-data-events-with-cloudtrail.html
	lambdaFunctionType = "AWS::Lambda::Function"
	// lambdaLogGroupPrefix is where Lambda writes a function's logs by
	// default, creating the group with no retention and no KMS key.
	// https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs.html
	lambdaLogGroupPrefix = "/aws/lambda/"
	// lambdaMetricNamespace is the CloudWatch namespace of Lambda's metrics.
	// https://docs.aws.amazon.com/lambda/latest/dg/monitoring-metrics-types.html
	lambdaMetricNamespace = "AWS/Lambda"
)

// trailLoggingField is the Gap field the live collector records on a
// trail whose status (GetTrailStatus) could not be read.
const trailLoggingField = "logging"

// KindAccount is the kind of a result about an account as a whole (its
// trails, its detection services): a live account, or the account a
// template deploys to.
const KindAccount Kind = "account"

// watchedEvent is a Lambda control plane operation whose CloudTrail event
// should raise an alert: the name people write, and the name CloudTrail
// records, which carries the API version.
// https://docs.aws.amazon.com/lambda/latest/dg/logging-using-cloudtrail.html
type watchedEvent struct {
	Bare, Versioned string
}

// watchedEvents are the events that make a function invocable by more
// principals: a resource policy statement added, a function URL created.
var watchedEvents = []watchedEvent{
	{"AddPermission", "AddPermission20150331v2"},
	{"CreateFunctionUrlConfig", "CreateFunctionUrlConfig20211031"},
}

// accountResult starts a result about the estate's account as a whole.
// A template's result points at at, when given (the trail or recorder the
// verdict rests on), or at the file's first line.
func accountResult(in *Input, at *inventory.Source) Result {
	e := in.Estate
	// A template's account-level result with nothing to point at points
	// at the file's first line: SARIF consumers need a line.
	res := Result{Resource: "account", Kind: KindAccount, Label: "the account this template deploys to", Source: inventory.Source{File: estateFile(e), Line: 1, Column: 1}}
	if e.Kind == inventory.KindAccount {
		res.Resource, res.Label, res.Source = e.Account, "account "+e.Account, inventory.Source{}
	} else if at != nil {
		res.Source = *at
	}
	return res
}

// estateFile names the file an estate-level result of a template points
// at: the template itself, or, for a Terraform module (whose Name is its
// directory), the file of its first function, role or other resource.
func estateFile(e *inventory.Estate) string {
	if e.Kind != inventory.KindTerraform {
		return e.Name
	}
	var srcs []inventory.Source
	for _, f := range e.Functions {
		srcs = append(srcs, f.Source)
	}
	for _, r := range e.Roles {
		srcs = append(srcs, r.Source)
	}
	for _, o := range e.Others {
		srcs = append(srcs, o.Source)
	}
	for _, s := range srcs {
		if s.File != "" {
			return s.File
		}
	}
	return e.Name
}

// live reports whether the estate was read from an AWS account.
func live(in *Input) bool { return in.Estate.Kind == inventory.KindAccount }

// estateGapOf returns the reason of the estate's first gap about what
// ("trails", "alarms", ...), in any region.
func estateGapOf(in *Input, what string) (string, bool) {
	for _, g := range in.Estate.Gaps {
		if g.Field == what || strings.HasPrefix(g.Field, what+" in ") {
			return g.Reason, true
		}
	}
	return "", false
}

// notInTemplate is the UNKNOWN message of an account-level rule on a
// template that defines none of what the rule reads.
func notInTemplate(what string) string {
	return "the template defines no " + what + "; it is usually set up outside an application's template — scan the account (lambdasec scan --aws) to judge it"
}

// trailText describes a trail and its selectors for evidence.
func trailText(t *inventory.Trail) string {
	var parts []string
	if t.MultiRegion {
		parts = append(parts, "multi-region")
	} else {
		parts = append(parts, "single-region ("+orDash(t.Region)+")")
	}
	if !t.Logging {
		parts = append(parts, "not logging")
	}
	switch {
	case t.ManagementEvents:
		parts = append(parts, "management events")
	case t.ManagementPartial != "":
		parts = append(parts, "management events, partly ("+t.ManagementPartial+")")
	default:
		parts = append(parts, "no management events")
	}
	for _, d := range t.DataResources {
		var vs []string
		vs = append(vs, d.Values...)
		for _, p := range d.Prefixes {
			vs = append(vs, p+"*")
		}
		v := "all"
		if len(vs) > 0 {
			v = strings.Join(vs, ", ")
		}
		if d.Partial != "" {
			v += "; partly: " + d.Partial
		}
		parts = append(parts, "data events "+d.Type+" ("+v+")")
	}
	if g, ok := t.Gap(inventory.FieldEventSelectors); ok {
		parts = append(parts, "selectors unknown: "+g.Reason)
	}
	return strings.Join(parts, "; ")
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func trailEvidence(t *inventory.Trail) Evidence {
	return Evidence{Label: "trail " + t.Label(), Value: trailText(t), Source: t.Source}
}

var trailManagementEvents = &Rule{
	ID:       "LS603",
	Name:     "no-trail-lambda-management-events",
	Severity: High,
	Title:    "No multi-region CloudTrail trail records Lambda management events",
	Description: "Every change to a function — AddPermission, CreateFunctionUrlConfig, UpdateFunctionCode, " +
		"UpdateFunctionConfiguration — is a Lambda management event. Without a logging, multi-region trail " +
		"that records management events, those changes are kept only 90 days in the event history and " +
		"cannot feed alarms, and a region the team does not use goes unwatched. The rule passes when at " +
		"least one trail of the account (an organization trail included) is multi-region, logging, and " +
		"records management events; it lists every trail with its selectors. A selector that records only " +
		"read-only management events, or leaves lambda.amazonaws.com out, does not count; one narrowed by a " +
		"field lambdasec does not model (eventName, userIdentity.arn...) makes the answer UNKNOWN. A template " +
		"that defines no trail gets UNKNOWN: the account's trail usually lives elsewhere.",
	Remediation: Remediation{
		Text:           "Create (or extend) a multi-region trail that records read and write management events, and keep it logging.",
		CLI:            "aws cloudtrail create-trail --name management-events --s3-bucket-name BUCKET --is-multi-region-trail --enable-log-file-validation && aws cloudtrail start-logging --name management-events",
		CloudFormation: "Type: AWS::CloudTrail::Trail; Properties: {IsLogging: true, IsMultiRegionTrail: true, EnableLogFileValidation: true, S3BucketName: BUCKET}",
		Terraform:      "resource \"aws_cloudtrail\" \"main\" { name = \"management-events\"; s3_bucket_name = BUCKET; is_multi_region_trail = true; enable_log_file_validation = true }",
	},
	References: []string{
		"https://docs.aws.amazon.com/lambda/latest/dg/logging-using-cloudtrail.html",
		"https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-management-events-with-cloudtrail.html",
		"https://docs.aws.amazon.com/securityhub/latest/userguide/cloudtrail-controls.html#cloudtrail-1",
	},
	Compliance: []Compliance{{"AWS FSBP", "CloudTrail.1"}, {"CIS AWS Foundations v3.0.0", "3.1"}, {"OWASP Serverless Top 10", "SAS-10"}},
	Check:      checkTrailManagementEvents,
}

func checkTrailManagementEvents(in *Input) []Result {
	trails := in.Estate.Trails
	var at *inventory.Source
	if len(trails) > 0 {
		at = &trails[0].Source
	}
	res := accountResult(in, at)
	if len(trails) == 0 {
		if live(in) {
			if why, ok := estateGapOf(in, "trails"); ok {
				res.unknown("the trails could not be listed: " + why)
			} else {
				res.fail("no CloudTrail trail covers the account: Lambda management events are only in the 90-day event history")
			}
		} else {
			res.unknown(notInTemplate("CloudTrail trail"))
		}
		return []Result{res}
	}
	var ev []Evidence
	var good, maybe, partial []string
	for _, t := range trails {
		ev = append(ev, trailEvidence(t))
		if !t.MultiRegion || !t.Logging && !hasGap(t, trailLoggingField) {
			continue
		}
		_, selGap := t.Gap(inventory.FieldEventSelectors)
		switch {
		case !t.ManagementEvents && t.ManagementPartial != "" && !selGap:
			partial = append(partial, t.Label()+" ("+t.ManagementPartial+")")
		case hasGap(t, trailLoggingField) || selGap && !t.ManagementEvents:
			maybe = append(maybe, t.Label())
		case t.ManagementEvents && t.Logging:
			good = append(good, t.Label())
		}
	}
	res.Evidence = ev
	switch {
	case len(good) > 0:
		res.pass("multi-region trail " + strings.Join(good, ", ") + " records Lambda management events")
	case len(maybe) > 0:
		res.unknown("whether multi-region trail " + strings.Join(maybe, ", ") + " records management events could not be read")
	case len(partial) > 0:
		res.unknown("whether multi-region trail " + strings.Join(partial, ", ") + " records Lambda's management events cannot be told")
	default:
		res.fail(fmt.Sprintf("none of the %d trails is a logging, multi-region trail that records management events", len(trails)))
	}
	res.atEvidence()
	return []Result{res}
}

// exposedSet says which functions of the estate something outside it can
// invoke, as the exposure rules decide: a resource policy that lets
// anyone invoke (LS101), a function URL with no auth (LS104), an API route
// with no authorization (LS107). Functions whose exposure one of those
// rules could not tell are in unknown, with the reason.
type exposedSet struct {
	why     map[string]string
	unknown map[string]string
}

func exposedFunctions(in *Input) exposedSet {
	x := exposedSet{why: map[string]string{}, unknown: map[string]string{}}
	for _, r := range []*Rule{publicInvoke, functionURLNoAuth, routeNoAuth} {
		for _, res := range safeCheck(r, in) {
			fns := res.Functions
			if len(fns) == 0 && res.Kind == KindFunction {
				fns = []string{res.Resource}
			}
			for _, id := range fns {
				switch res.Status {
				case Fail:
					if x.why[id] == "" {
						x.why[id] = res.Message
					}
				case Unknown:
					if x.unknown[id] == "" {
						x.unknown[id] = res.Message
					}
				}
			}
		}
	}
	return x
}

// eachExposed judges every function of the estate that is exposed, and
// makes UNKNOWN those whose exposure could not be told when covered
// returns false for them. covered says whether the function has what the
// rule wants, with a message (and evidence) either way, or unknown.
func eachExposed(in *Input, covered func(f *inventory.Function, res *Result) Status, what string) []Result {
	x := exposedFunctions(in)
	return eachFunction(in, func(f *inventory.Function, res *Result) bool {
		why, exposed := x.why[f.ID]
		unknownWhy, maybe := x.unknown[f.ID]
		if !exposed && !maybe {
			return false
		}
		st := covered(f, res)
		switch {
		case st == Pass:
		case exposed:
			res.Evidence = append(res.Evidence, Evidence{Label: "exposed by", Value: why, Source: f.Source})
			if st == Fail {
				res.Status, res.Message = Fail, f.Label()+" is exposed and "+what+": "+res.Message
			}
		case st == Fail:
			res.unknown("whether " + f.Label() + " is exposed could not be told (" + unknownWhy + "), and " + what + ": " + res.Message)
		}
		return true
	})
}

// lambdaDataSelector reports whether a trail's data resource selects
// function f's Invoke events: type AWS::Lambda::Function with no values
// (every function), a value that is its ARN, a prefix of it ending in ':'
// or "arn:PARTITION:lambda", or a reference to it in a template, or an
// advanced selector's StartsWith prefix of its ARN. A selector that would
// select f but may leave some of its events out (Partial), or a prefix
// when f's ARN is not known, selects it maybe, with the reason.
// https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_DataResource.html
func lambdaDataSelector(d inventory.DataResource, f *inventory.Function) (selects, string) {
	if !slices.Contains(strings.Split(d.Type, ","), lambdaFunctionType) {
		return selectsNo, ""
	}
	got, why := selectsNo, ""
	arn := f.ARN // in a template, with tokens for what deployment decides
	if len(d.Values)+len(d.Prefixes) == 0 {
		got = selectsYes
	}
	for _, v := range d.Values {
		if id, ok := inventory.RefTarget(v); ok && id == f.ID {
			got = selectsYes
		}
		if arn != "" && (v == arn || strings.HasPrefix(arn, v) && (strings.HasSuffix(v, ":") || strings.HasSuffix(v, ":lambda"))) {
			got = selectsYes
		}
	}
	for _, p := range d.Prefixes {
		switch id, ok := inventory.RefTarget(p); {
		case ok && id == f.ID:
			got = selectsYes
		case arn != "" && strings.HasPrefix(arn, p):
			got = selectsYes
		case (arn == "" || inventory.HasToken(arn)) && got == selectsNo:
			got, why = selectsMaybe, "whether its resources.ARN prefix "+p+" takes in "+f.Label()+" is not known (its ARN is not)"
		}
	}
	return atMostPartial(d, got, why)
}

// atMostPartial caps a data resource's answer got (with why) at maybe
// when the selector may leave some events out (d.Partial, the reason).
func atMostPartial(d inventory.DataResource, got selects, why string) (selects, string) {
	if got == selectsYes && d.Partial != "" {
		return selectsMaybe, d.Partial
	}
	return got, why
}

// coversRegion reports whether trail t records events of region (any
// region for a template, whose trail deploys with the functions).
func coversRegion(t *inventory.Trail, region string) bool {
	return t.MultiRegion || region == "" || t.Region == "" || t.Region == region
}

var trailDataEvents = &Rule{
	ID:       "LS604",
	Name:     "exposed-function-invocations-not-logged",
	Severity: Medium,
	Title:    "Invocations of an exposed function are not recorded (no CloudTrail Lambda data events)",
	Description: "Management events record who changed a function, not who invoked it. For a function that " +
		"anyone can invoke — a public resource policy (LS101), a function URL with no auth (LS104), an API route " +
		"with no authorization (LS107) — only CloudTrail data events (Invoke) say which principals called it, " +
		"from where, and how often: the evidence an investigation of abuse or denial of wallet needs. The rule " +
		"passes an exposed function when a logging trail covering its region selects AWS::Lambda::Function data " +
		"events for it (a basic DataResource or an advanced selector on resources.type, every function, an " +
		"ARN prefix or its ARN). A function whose exposure could not be told is UNKNOWN unless it is covered; so is " +
		"a function only a selector that may leave some of its events out seems to cover: an advanced selector that " +
		"excludes ARNs (NotEquals, NotStartsWith, EndsWith, NotEndsWith) or narrows by another field (readOnly, " +
		"eventName...), or a basic one that records only read-only or only write events.",
	Remediation: Remediation{
		Text:           "Add an advanced event selector for Lambda data events to a trail (all functions, or the exposed ones by ARN).",
		CLI:            "aws cloudtrail put-event-selectors --trail-name TRAIL --advanced-event-selectors '[{\"Name\":\"Lambda invocations\",\"FieldSelectors\":[{\"Field\":\"eventCategory\",\"Equals\":[\"Data\"]},{\"Field\":\"resources.type\",\"Equals\":[\"AWS::Lambda::Function\"]}]}]'",
		CloudFormation: "AdvancedEventSelectors: [{Name: Lambda invocations, FieldSelectors: [{Field: eventCategory, Equals: [Data]}, {Field: resources.type, Equals: [AWS::Lambda::Function]}]}]",
		Terraform:      "advanced_event_selector { name = \"Lambda invocations\"; field_selector { field = \"eventCategory\"; equals = [\"Data\"] }; field_selector { field = \"resources.type\"; equals = [\"AWS::Lambda::Function\"] } }",
	},
	References: []string{
		"https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-data-events-with-cloudtrail.html",
		"https://docs.aws.amazon.com/lambda/latest/dg/logging-using-cloudtrail.html",
		"https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_AdvancedEventSelector.html",
	},
	Compliance: []Compliance{{"OWASP Serverless Top 10", "SAS-10"}},
	Check: func(in *Input) []Result {
		return eachExposed(in, func(f *inventory.Function, res *Result) Status {
			if !live(in) && len(in.Estate.Trails) == 0 {
				res.unknown(notInTemplate("CloudTrail trail") + " (it would say whether " + f.Label() + "'s invocations are recorded)")
				return Unknown
			}
			var gapped []string
			for _, t := range in.Estate.Trails {
				if !coversRegion(t, f.Region) {
					continue
				}
				// A selector that may leave some of f's events out (an ARN
				// exclusion, a field lambdasec does not model) makes it
				// maybe, never a PASS.
				maybe, shown := "", false
				for _, d := range t.DataResources {
					sel, why := lambdaDataSelector(d, f)
					if sel == selectsNo || !t.Logging && !hasGap(t, trailLoggingField) {
						continue
					}
					if !shown {
						res.Evidence, shown = append(res.Evidence, trailEvidence(t)), true
					}
					if sel == selectsYes && t.Logging {
						res.pass("trail " + t.Label() + " records Lambda data events (Invoke) for " + f.Label())
						return Pass
					}
					if sel == selectsMaybe && maybe == "" {
						maybe = why
					}
				}
				switch g, ok := t.Gap(inventory.FieldEventSelectors); {
				case maybe != "":
					gapped = append(gapped, t.Label()+" ("+maybe+")")
				case ok:
					gapped = append(gapped, t.Label()+" ("+g.Reason+")")
				case hasGap(t, trailLoggingField):
					gapped = append(gapped, t.Label()+" (whether it is logging is not known)")
				}
			}
			if why, ok := estateGapOf(in, "trails"); ok && live(in) {
				res.unknown("the trails could not be listed: " + why)
				return Unknown
			}
			if len(gapped) > 0 {
				res.unknown("no trail is known to record Lambda data events for " + f.Label() + ", and trail " + strings.Join(gapped, ", ") + " cannot be judged whole")
				return Unknown
			}
			res.fail("no logging trail records Lambda data events (Invoke) for it")
			return Fail
		}, "its invocations are not recorded")
	},
}

// eachTrail judges every trail of the estate; a template with none gets
// one account-level UNKNOWN.
func eachTrail(in *Input, judge func(t *inventory.Trail, res *Result)) []Result {
	if len(in.Estate.Trails) == 0 {
		res := accountResult(in, nil)
		switch why, ok := estateGapOf(in, "trails"); {
		case live(in) && ok:
			res.unknown("the trails could not be listed: " + why)
		case live(in):
			return nil // LS603 says there is no trail
		default:
			res.unknown(notInTemplate("CloudTrail trail"))
		}
		return []Result{res}
	}
	return each(in.Estate.Trails, func(t *inventory.Trail) Result { return resultFor(&t.Resource, KindTrail) },
		func(t *inventory.Trail, res *Result) bool { judge(t, res); return true })
}

// KindTrail is the kind of a result about a CloudTrail trail.
const KindTrail Kind = "trail"

var trailLogValidation = &Rule{
	ID:       "LS605",
	Name:     "trail-log-file-validation-off",
	Severity: Medium,
	Title:    "CloudTrail trail does not validate its log files",
	Description: "With log file validation, CloudTrail writes a signed digest file every hour, so a log file " +
		"changed or deleted after delivery — by someone covering the tracks of an AddPermission or an " +
		"UpdateFunctionCode — can be proven. The rule judges every trail of the account (or of the template).",
	Remediation: Remediation{
		Text:           "Turn on log file validation on the trail.",
		CLI:            "aws cloudtrail update-trail --name TRAIL --enable-log-file-validation",
		CloudFormation: "EnableLogFileValidation: true",
		Terraform:      "enable_log_file_validation = true",
	},
	References: []string{
		"https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-validation-intro.html",
		"https://docs.aws.amazon.com/securityhub/latest/userguide/cloudtrail-controls.html#cloudtrail-4",
	},
	Compliance: []Compliance{{"AWS FSBP", "CloudTrail.4"}, {"CIS AWS Foundations v3.0.0", "3.2"}},
	Check: func(in *Input) []Result {
		return eachTrail(in, func(t *inventory.Trail, res *Result) {
			switch {
			case gapUnknown(t, inventory.FieldLogFileValidation, res):
			case t.LogFileValidation:
				res.pass("log file validation is on")
			default:
				res.fail("trail " + t.Label() + " does not validate its log files (no digest files)")
			}
		})
	},
}

var trailKMS = &Rule{
	ID:       "LS606",
	Name:     "trail-not-kms-encrypted",
	Severity: Medium,
	Title:    "CloudTrail trail log files are not encrypted with a KMS key",
	Description: "By default CloudTrail log files are encrypted with S3-managed keys, so anyone who can read " +
		"the bucket reads the account's activity — function names, principals, request parameters. With a " +
		"KMS key (SSE-KMS) reading also needs kms:Decrypt, which the key policy controls and CloudTrail logs. " +
		"The rule judges every trail of the account (or of the template).",
	Remediation: Remediation{
		Text:           "Encrypt the trail's log files with a customer managed KMS key whose policy lets CloudTrail use it.",
		CLI:            "aws cloudtrail update-trail --name TRAIL --kms-key-id KEY_ARN",
		CloudFormation: "KMSKeyId: !Ref TrailKey",
		Terraform:      "kms_key_id = aws_kms_key.trail.arn",
	},
	References: []string{
		"https://docs.aws.amazon.com/awscloudtrail/latest/userguide/encrypting-cloudtrail-log-files-with-aws-kms.html",
		"https://docs.aws.amazon.com/securityhub/latest/userguide/cloudtrail-controls.html#cloudtrail-2",
	},
	Compliance: []Compliance{{"AWS FSBP", "CloudTrail.2"}, {"CIS AWS Foundations v3.0.0", "3.5"}},
	Check: func(in *Input) []Result {
		return eachTrail(in, func(t *inventory.Trail, res *Result) {
			switch {
			case gapUnknown(t, inventory.FieldKMSKey, res):
			case t.KMSKey != "":
				res.pass("log files are encrypted with KMS key " + inventory.Describe(t.KMSKey))
			default:
				res.fail("trail " + t.Label() + " log files are encrypted with S3-managed keys only (no KMS key)")
			}
		})
	},
}

// cloudTrailProbe returns the parts of the CloudTrail event of Lambda
// operation name that alert patterns test: as a log event in CloudWatch
// Logs (filter patterns) and as an EventBridge event.
// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-service-event.html
func cloudTrailProbe(name string) (logEvent map[string]string, busEvent map[string]any) {
	logEvent = map[string]string{"eventSource": "lambda.amazonaws.com", "eventName": name, "eventType": "AwsApiCall"}
	busEvent = map[string]any{
		"source":      "aws.lambda",
		"detail-type": "AWS API Call via CloudTrail",
		"detail":      map[string]any{"eventSource": "lambda.amazonaws.com", "eventName": name, "eventType": "AwsApiCall"},
	}
	return
}

// alertWatch is what the estate has that watches one event.
type alertWatch struct {
	by       []Evidence // what alerts on the versioned name
	bareOnly []Evidence // what matches only the bare name, and so never fires
	unjudged []Evidence // patterns lambdasec could not read
	silent   []Evidence // match, but alert nobody (no alarm, no target, disabled)
	why      []string   // for each of silent, why it alerts nobody
}

// watchersOf finds the EventBridge rules and alarmed metric filters of
// the estate that fire on event w.
func watchersOf(in *Input, w watchedEvent) alertWatch {
	var out alertWatch
	logV, busV := cloudTrailProbe(w.Versioned)
	logB, busB := cloudTrailProbe(w.Bare)
	for _, r := range in.Estate.EventRules {
		ev := Evidence{Label: "EventBridge rule " + r.Label(), Value: r.Pattern, Source: r.Source}
		v, err := matchEventPattern(r.Pattern, busV)
		if err != nil {
			ev.Value += " (" + err.Error() + ")"
			out.unjudged = append(out.unjudged, ev)
			continue
		}
		switch {
		case v != triNo && !r.Enabled:
			out.silent, out.why = append(out.silent, ev), append(out.why, "is disabled")
		case v != triNo && r.Targets == 0:
			out.silent, out.why = append(out.silent, ev), append(out.why, "has no target")
		case v != triNo:
			out.by = append(out.by, ev)
		default:
			if b, _ := matchEventPattern(r.Pattern, busB); b != triNo {
				out.bareOnly = append(out.bareOnly, ev)
			}
		}
	}
	for _, f := range in.Estate.MetricFilters {
		ev := Evidence{Label: "metric filter " + f.Label() + " on " + inventory.Describe(f.LogGroup), Value: f.Pattern, Source: f.Source}
		x, err := parseFilterPattern(f.Pattern)
		if err != nil {
			if strings.Contains(f.Pattern, w.Bare) {
				ev.Value += " (" + err.Error() + ")"
				out.unjudged = append(out.unjudged, ev)
			}
			continue
		}
		if !mentions(x, "eventName", "eventSource") {
			continue
		}
		switch {
		case x.eval(logV) != triNo:
			if alarms := alarmsOn(in, f); len(alarms) > 0 {
				ev.Value += "; alarm " + strings.Join(alarms, ", ")
				out.by = append(out.by, ev)
			} else {
				out.silent, out.why = append(out.silent, ev), append(out.why, "no alarm watches its metric")
			}
		case x.eval(logB) != triNo:
			out.bareOnly = append(out.bareOnly, ev)
		}
	}
	return out
}

// cloudTrailAlerting returns the position of the estate's first metric
// filter or EventBridge rule about CloudTrail API calls (a filter on
// eventName or eventSource, a rule on source, detail-type or the call's
// detail), or nil: an application's schedule or S3 rule is not the
// account's alerting.
func cloudTrailAlerting(e *inventory.Estate) *inventory.Source {
	for _, r := range e.EventRules {
		var p map[string]any
		if json.Unmarshal([]byte(r.Pattern), &p) == nil && lambdaCallPattern(p) {
			return &r.Source
		}
	}
	for _, f := range e.MetricFilters {
		if x, err := parseFilterPattern(f.Pattern); err == nil && mentions(x, "eventName", "eventSource") {
			return &f.Source
		}
	}
	return nil
}

// lambdaCallPattern reports whether an event pattern is about Lambda API
// calls recorded by CloudTrail: its source lists aws.lambda, its
// detail-type lists "AWS API Call via CloudTrail", or it tests the
// detail's eventSource or eventName (in $or branches too).
func lambdaCallPattern(p map[string]any) bool {
	if d, ok := p["detail"].(map[string]any); ok {
		if _, ok := d["eventName"]; ok {
			return true
		}
		if _, ok := d["eventSource"]; ok {
			return true
		}
	}
	for k, v := range map[string]string{"source": "aws.lambda", "detail-type": "AWS API Call via CloudTrail"} {
		if vs, ok := p[k].([]any); ok && slices.Contains(vs, any(v)) {
			return true
		}
	}
	if alts, ok := p["$or"].([]any); ok {
		for _, a := range alts {
			if m, ok := a.(map[string]any); ok && lambdaCallPattern(m) {
				return true
			}
		}
	}
	return false
}

// alarmsOn names the alarms on a metric filter's metrics.
func alarmsOn(in *Input, f *inventory.MetricFilter) []string {
	var out []string
	for _, a := range in.Estate.Alarms {
		for _, m := range f.Metrics {
			if a.Namespace == m.Namespace && a.MetricName == m.Name {
				out = append(out, a.Label())
				break
			}
		}
	}
	return out
}

var permissionChangeAlert = &Rule{
	ID:       "LS607",
	Name:     "no-alert-on-function-exposure",
	Severity: Medium,
	Title:    "No alarm or EventBridge rule fires when a function is exposed (AddPermission, CreateFunctionUrlConfig)",
	Description: "AddPermission (a resource policy statement that lets an account, a service or anyone invoke a " +
		"function) and CreateFunctionUrlConfig (a function URL, possibly with AuthType NONE) are how a function " +
		"is opened up. The rule passes when, for each, an enabled EventBridge rule with a target, or a CloudWatch " +
		"Logs metric filter whose metric has an alarm, matches the CloudTrail event. Lambda records these " +
		"events with the API version in the name — AddPermission20150331v2, CreateFunctionUrlConfig20211031 — " +
		"so a filter or rule that matches only the bare name (eventName = \"AddPermission\") never fires: " +
		"that is a FAIL saying so. lambdasec reads JSON filter patterns (=, !=, * wildcards, %regex%, && and " +
		"||) and event patterns (exact values, prefix, suffix, wildcard, anything-but, $or); a term pattern is " +
		"not judged. It does not check that the filter's log group receives the trail, nor an alarm's actions. " +
		"From a live account it reads metric filters, alarms and the rules of each region's default event bus " +
		"(where CloudTrail delivers API calls); a snapshot collected without EventBridge rules (no events:ListRules " +
		"call) gets UNKNOWN, not FAIL, when no alarmed filter fires. " +
		"A template that defines no trail, and no metric filter or EventBridge rule about Lambda's CloudTrail events, gets UNKNOWN.",
	Remediation: Remediation{
		Text: "Alert on the versioned event names with prefix matching: an EventBridge rule with a target, or a metric filter with an alarm on the trail's log group.",
		CLI: "aws events put-rule --name lambda-exposure --event-pattern '{\"source\":[\"aws.lambda\"],\"detail-type\":[\"AWS API Call via CloudTrail\"]," +
			"\"detail\":{\"eventName\":[{\"prefix\":\"AddPermission\"},{\"prefix\":\"CreateFunctionUrlConfig\"}]}}' && aws events put-targets --rule lambda-exposure --targets Id=1,Arn=TOPIC_ARN",
		CloudFormation: "Type: AWS::Events::Rule; Properties: {EventPattern: {source: [aws.lambda], detail-type: [AWS API Call via CloudTrail], detail: {eventName: [{prefix: AddPermission}, {prefix: CreateFunctionUrlConfig}]}}, Targets: [{Id: alert, Arn: !Ref AlertTopic}]}",
		Terraform: "resource \"aws_cloudwatch_log_metric_filter\" \"lambda_exposure\" { pattern = \"{ ($.eventSource = lambda.amazonaws.com) && (($.eventName = AddPermission*) || ($.eventName = CreateFunctionUrlConfig*)) }\" ... } " +
			"plus an aws_cloudwatch_metric_alarm on its metric",
	},
	References: []string{
		"https://docs.aws.amazon.com/lambda/latest/dg/logging-using-cloudtrail.html",
		"https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html",
		"https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html",
		"https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudwatch-alarms-for-cloudtrail.html",
	},
	Compliance: []Compliance{{"OWASP Serverless Top 10", "SAS-10"}},
	Check: func(in *Input) []Result {
		e := in.Estate
		at := cloudTrailAlerting(e)
		if at == nil && len(e.Trails) > 0 {
			at = &e.Trails[0].Source
		}
		res := accountResult(in, at)
		if !live(in) && at == nil {
			res.unknown(notInTemplate("trail, metric filter or EventBridge rule"))
			return []Result{res}
		}
		var watched, bare, unwatched, unjudged []string
		for _, w := range watchedEvents {
			a := watchersOf(in, w)
			res.Evidence = append(res.Evidence, a.by...)
			switch {
			case len(a.by) > 0:
				watched = append(watched, w.Bare)
			case len(a.bareOnly) > 0:
				res.Evidence = append(res.Evidence, a.bareOnly...)
				var names []string
				for _, ev := range a.bareOnly {
					names = append(names, ev.Label)
				}
				bare = append(bare, fmt.Sprintf("%s matches only the bare name %q, but CloudTrail records %s, so it never fires", strings.Join(names, ", "), w.Bare, w.Versioned))
			case len(a.unjudged) > 0:
				res.Evidence = append(res.Evidence, a.unjudged...)
				unjudged = append(unjudged, w.Bare)
			default:
				res.Evidence = append(res.Evidence, a.silent...)
				msg := "nothing alerts on " + w.Bare + " (CloudTrail event " + w.Versioned + ")"
				for i, ev := range a.silent {
					msg += "; " + ev.Label + " matches it but " + a.why[i]
				}
				unwatched = append(unwatched, msg)
			}
		}
		gaps := []string{}
		for _, what := range []string{"metric filters", "event rules", "alarms"} {
			if why, ok := estateGapOf(in, what); ok {
				gaps = append(gaps, why)
			}
		}
		switch {
		case len(watched) == len(watchedEvents):
			res.pass("alerts fire on " + strings.Join(watched, " and ") + " (matching the versioned event names)")
		case len(bare) > 0:
			res.fail(strings.Join(append(bare, unwatched...), "; "))
		case len(gaps) > 0:
			res.unknown("what alerts on " + strings.Join(unwatchedNames(watched), " and ") + " could not be read: " + strings.Join(gaps, "; "))
		case len(unjudged) > 0:
			res.unknown("lambdasec cannot read the pattern that may alert on " + strings.Join(unjudged, " and ") + " (not a JSON filter pattern or event pattern)")
		case live(in) && in.Estate.Calls["eventbridge:ListRules"] == 0:
			// A snapshot collected before lambdasec read EventBridge
			// rules: one may alert.
			res.unknown(strings.Join(unwatched, "; ") + "; EventBridge rules are not read from a live account (no events:ListRules), so whether one alerts is not known")
		default:
			res.fail(strings.Join(unwatched, "; "))
		}
		res.atEvidence()
		return []Result{res}
	},
}

// unwatchedNames lists the bare names of watchedEvents not in watched.
func unwatchedNames(watched []string) []string {
	var out []string
	for _, w := range watchedEvents {
		if !slices.Contains(watched, w.Bare) {
			out = append(out, w.Bare)
		}
	}
	return out
}

// spikeMetrics are the Lambda metrics an exposed function needs alarms on:
// a spike of invocations (abuse, denial of wallet), of throttles
// (concurrency exhausted) and of errors (probing).
// https://docs.aws.amazon.com/lambda/latest/dg/monitoring-metrics-types.html
var spikeMetrics = []string{"Invocations", "Throttles", "Errors"}

// alarmWatches reports whether alarm a watches metric of function f: the
// AWS/Lambda metric with the function's name (or a reference to it, or a
// function:alias Resource), or the account-wide metric (no dimension).
func alarmWatches(a *inventory.Alarm, f *inventory.Function, metric string) bool {
	if a.Namespace != lambdaMetricNamespace || a.MetricName != metric {
		return false
	}
	if len(a.Dimensions) == 0 {
		return true
	}
	for _, k := range []string{"FunctionName", "Resource"} {
		v, ok := a.Dimensions[k]
		if !ok {
			continue
		}
		name, _, _ := strings.Cut(v, ":")
		if v == f.ID || name == f.Name && f.Name != "" || v == inventory.RefToken(f.ID) {
			return true
		}
	}
	return false
}

var exposedNoAlarms = &Rule{
	ID:       "LS608",
	Name:     "exposed-function-no-metric-alarms",
	Severity: Medium,
	Title:    "Exposed function has no CloudWatch alarms on Invocations, Throttles and Errors",
	Description: "A function anyone can invoke (LS101, LS104, LS107) can be called in a loop: a denial of wallet, " +
		"a brute force, a probe. Alarms on its Invocations, Throttles and Errors metrics are how a spike is " +
		"noticed while it happens rather than on the bill. The rule passes an exposed function when an alarm " +
		"watches each of the three AWS/Lambda metrics for it (dimension FunctionName or Resource) or for the " +
		"whole account (no dimension), and lists what is missing. A function whose exposure could not be told " +
		"is UNKNOWN unless it has the alarms. Anomaly detection and metric math alarms count by the Lambda metric they read.",
	Remediation: Remediation{
		Text:           "Create alarms on the function's Invocations, Throttles and Errors (a static threshold or anomaly detection) with an action.",
		CLI:            "aws cloudwatch put-metric-alarm --alarm-name FN-invocations --namespace AWS/Lambda --metric-name Invocations --dimensions Name=FunctionName,Value=FN --statistic Sum --period 300 --evaluation-periods 1 --threshold 10000 --comparison-operator GreaterThanThreshold --alarm-actions TOPIC_ARN",
		CloudFormation: "Type: AWS::CloudWatch::Alarm; Properties: {Namespace: AWS/Lambda, MetricName: Invocations, Dimensions: [{Name: FunctionName, Value: !Ref Fn}], Statistic: Sum, Period: 300, EvaluationPeriods: 1, Threshold: 10000, ComparisonOperator: GreaterThanThreshold}",
		Terraform:      "resource \"aws_cloudwatch_metric_alarm\" \"invocations\" { namespace = \"AWS/Lambda\"; metric_name = \"Invocations\"; dimensions = { FunctionName = aws_lambda_function.fn.function_name } ... }",
	},
	References: []string{
		"https://docs.aws.amazon.com/lambda/latest/dg/monitoring-metrics-types.html",
		"https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html",
	},
	Compliance: []Compliance{{"OWASP Serverless Top 10", "SAS-10"}},
	Check: func(in *Input) []Result {
		return eachExposed(in, func(f *inventory.Function, res *Result) Status {
			var missing []string
			for _, m := range spikeMetrics {
				found := false
				for _, a := range in.Estate.Alarms {
					if alarmWatches(a, f, m) {
						res.Evidence = append(res.Evidence, Evidence{Label: "alarm " + a.Label(), Value: a.Namespace + " " + a.MetricName, Source: a.Source})
						found = true
						break
					}
				}
				if !found {
					missing = append(missing, m)
				}
			}
			if len(missing) == 0 {
				res.pass("alarms watch " + strings.Join(spikeMetrics, ", ") + " of " + f.Label())
				return Pass
			}
			if why, ok := estateGapOf(in, "alarms"); ok {
				res.unknown("the alarms could not be listed: " + why)
				return Unknown
			}
			res.fail("no alarm on " + strings.Join(missing, ", "))
			return Fail
		}, "no alarm would see a spike")
	},
}

// functionLogGroup finds the log group function f writes to by default
// (/aws/lambda/NAME, or, in a template, the name built from a reference to
// the function).
func functionLogGroup(in *Input, f *inventory.Function) *inventory.LogGroup {
	for _, g := range in.Estate.LogGroups {
		if live(in) && g.Region != "" && f.Region != "" && g.Region != f.Region {
			continue
		}
		name, ok := strings.CutPrefix(g.Name, lambdaLogGroupPrefix)
		if !ok {
			continue
		}
		if name == f.Name && f.Name != "" || name == inventory.RefToken(f.ID) {
			return g
		}
	}
	return nil
}

// eachFunctionLogGroup judges the log group of every function of the
// estate; judge is called with the group, or nil when there is none.
func eachFunctionLogGroup(in *Input, judge func(f *inventory.Function, g *inventory.LogGroup, res *Result)) []Result {
	return eachFunction(in, func(f *inventory.Function, res *Result) bool {
		g := functionLogGroup(in, f)
		if g == nil {
			if why, ok := estateGapOf(in, "log groups"); ok {
				res.unknown("the log groups could not be listed: " + why)
				return true
			}
		} else {
			res.Evidence = append(res.Evidence, Evidence{Label: "log group", Value: inventory.Describe(g.Label()), Source: g.Source})
		}
		judge(f, g, res)
		return true
	})
}

// noLogGroup says what Lambda does for a function with no log group.
func noLogGroup(in *Input, f *inventory.Function, what string) string {
	where := "the template defines no log group " + lambdaLogGroupPrefix + f.Label()
	if live(in) {
		where = "log group " + lambdaLogGroupPrefix + f.Label() + " does not exist yet"
	}
	return where + ": Lambda creates it on the first invocation " + what
}

var logRetention = &Rule{
	ID:       "LS609",
	Name:     "function-log-retention-unset",
	Severity: Low,
	Title:    "Function log group keeps logs forever (no retention set)",
	Description: "Lambda creates a function's log group (/aws/lambda/NAME) with no retention: logs — request " +
		"payloads, tokens a handler printed, personal data — are kept and billed forever. Setting a retention " +
		"keeps what an investigation needs and no more. The rule fails a function whose log group has no " +
		"retention, or that has no log group in the template (Lambda will create one without). A function " +
		"that logs to a custom group (LoggingConfig) is judged by its default group.",
	Remediation: Remediation{
		Text:           "Define the function's log group with a retention (and deploy it before the function logs).",
		CLI:            "aws logs put-retention-policy --log-group-name /aws/lambda/FN --retention-in-days 365",
		CloudFormation: "Type: AWS::Logs::LogGroup; Properties: {LogGroupName: !Sub /aws/lambda/${Fn}, RetentionInDays: 365}",
		Terraform:      "resource \"aws_cloudwatch_log_group\" \"fn\" { name = \"/aws/lambda/${aws_lambda_function.fn.function_name}\"; retention_in_days = 365 }",
	},
	References: []string{
		"https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs.html",
		"https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/Working-with-log-groups-and-streams.html#SettingLogRetention",
	},
	Compliance: []Compliance{{"OWASP Serverless Top 10", "SAS-10"}},
	Check: func(in *Input) []Result {
		return eachFunctionLogGroup(in, func(f *inventory.Function, g *inventory.LogGroup, res *Result) {
			switch {
			case res.Status == Unknown:
			case g == nil:
				res.fail(noLogGroup(in, f, "with logs kept forever"))
			case gapUnknown(g, inventory.FieldRetention, res):
			case g.RetentionDays > 0:
				res.pass(fmt.Sprintf("log group %s keeps logs %d days", inventory.Describe(g.Label()), g.RetentionDays))
			default:
				res.fail("log group " + inventory.Describe(g.Label()) + " keeps logs forever (no retention)")
			}
			res.atEvidence()
		})
	},
}

var logKMS = &Rule{
	ID:       "LS610",
	Name:     "function-log-group-not-kms-encrypted",
	Severity: Low,
	Title:    "Function log group is not encrypted with a KMS key",
	Description: "A function's logs often hold what its code handled. CloudWatch Logs encrypts every log group, " +
		"but only a customer managed KMS key makes reading them need kms:Decrypt under a key policy you control, " +
		"with each use logged. The rule fails a function whose log group has no KMS key, or that has no log " +
		"group in the template (Lambda creates one without).",
	Remediation: Remediation{
		Text:           "Associate a KMS key with the log group (its key policy must allow logs.REGION.amazonaws.com).",
		CLI:            "aws logs associate-kms-key --log-group-name /aws/lambda/FN --kms-key-id KEY_ARN",
		CloudFormation: "Type: AWS::Logs::LogGroup; Properties: {LogGroupName: !Sub /aws/lambda/${Fn}, KmsKeyId: !GetAtt LogKey.Arn}",
		Terraform:      "resource \"aws_cloudwatch_log_group\" \"fn\" { name = \"/aws/lambda/${aws_lambda_function.fn.function_name}\"; kms_key_id = aws_kms_key.logs.arn }",
	},
	References: []string{
		"https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html",
		"https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs.html",
	},
	Compliance: []Compliance{{"OWASP Serverless Top 10", "SAS-10"}},
	Check: func(in *Input) []Result {
		return eachFunctionLogGroup(in, func(f *inventory.Function, g *inventory.LogGroup, res *Result) {
			switch {
			case res.Status == Unknown:
			case g == nil:
				res.fail(noLogGroup(in, f, "without a KMS key"))
			case gapUnknown(g, inventory.FieldKMSKey, res):
			case g.KMSKey != "":
				res.pass("log group " + inventory.Describe(g.Label()) + " is encrypted with KMS key " + inventory.Describe(g.KMSKey))
			default:
				res.fail("log group " + inventory.Describe(g.Label()) + " has no KMS key")
			}
			res.atEvidence()
		})
	},
}

// KindRegion is the kind of a result about the account-wide settings of
// one region of a live account.
const KindRegion Kind = "region"

// eachRegion judges the settings of every region of a live account.
func eachRegion(in *Input, judge func(s *inventory.RegionSettings, res *Result)) []Result {
	return each(in.Estate.Settings, func(s *inventory.RegionSettings) Result { return resultFor(&s.Resource, KindRegion) },
		func(s *inventory.RegionSettings, res *Result) bool { judge(s, res); return true })
}

// setting judges one *bool setting of a region: UNKNOWN with the gap's
// reason when it was not read.
func setting(s *inventory.RegionSettings, field string, v *bool, res *Result, on, off string) {
	switch {
	case v == nil:
		if !gapUnknown(s, field, res) {
			res.unknown(field + " of " + s.Region + " was not read")
		}
	case *v:
		res.pass(on)
	default:
		res.fail(off)
	}
}

var configLambda = &Rule{
	ID:       "LS611",
	Name:     "config-not-recording-lambda",
	Severity: Low,
	Title:    "AWS Config does not record Lambda functions",
	Description: "AWS Config keeps the history of every function's configuration — its policy, role, URL, layers — " +
		"so that the change that exposed it can be found and dated, and Config rules can flag it. The rule " +
		"passes a region of a live account where a configuration recorder is recording and its recording group " +
		"includes AWS::Lambda::Function (all supported types, the type listed, or not excluded), and judges a " +
		"template's recorders the same way. A template without a recorder gets UNKNOWN.",
	Remediation: Remediation{
		Text:           "Record all supported resource types (or at least AWS::Lambda::Function) with a started configuration recorder.",
		CLI:            "aws configservice put-configuration-recorder --configuration-recorder name=default,roleARN=ROLE_ARN --recording-group allSupported=true && aws configservice start-configuration-recorder --configuration-recorder-name default",
		CloudFormation: "Type: AWS::Config::ConfigurationRecorder; Properties: {RoleARN: ROLE_ARN, RecordingGroup: {AllSupported: true}}",
		Terraform:      "resource \"aws_config_configuration_recorder\" \"main\" { role_arn = ROLE_ARN; recording_group { all_supported = true } } and aws_config_configuration_recorder_status { is_enabled = true }",
	},
	References: []string{
		"https://docs.aws.amazon.com/config/latest/developerguide/select-resources.html",
		"https://docs.aws.amazon.com/config/latest/APIReference/API_RecordingGroup.html",
		"https://docs.aws.amazon.com/securityhub/latest/userguide/config-controls.html#config-1",
	},
	Compliance: []Compliance{{"AWS FSBP", "Config.1"}, {"CIS AWS Foundations v3.0.0", "3.3"}},
	Check: func(in *Input) []Result {
		e := in.Estate
		if live(in) {
			return eachRegion(in, func(s *inventory.RegionSettings, res *Result) {
				if s.ConfigRecorder == nil || !*s.ConfigRecorder {
					setting(s, "configRecorder", s.ConfigRecorder, res, "", "AWS Config is not recording in "+s.Region)
					return
				}
				var mine []*inventory.ConfigRecorder
				for _, c := range e.ConfigRecorders {
					if c.Region == s.Region {
						mine = append(mine, c)
					}
				}
				if len(mine) == 0 {
					if why, ok := estateGapOf(in, "configuration recorders"); ok {
						res.unknown("AWS Config is recording in " + s.Region + ", but what it records could not be read: " + why)
					} else {
						res.unknown("AWS Config is recording in " + s.Region + ", but no recorder was listed")
					}
					return
				}
				judgeRecorders(mine, res)
			})
		}
		if len(e.ConfigRecorders) == 0 {
			res := accountResult(in, nil)
			res.unknown(notInTemplate("AWS Config configuration recorder"))
			return []Result{res}
		}
		return each(e.ConfigRecorders, func(c *inventory.ConfigRecorder) Result { return resultFor(&c.Resource, KindAccount) },
			func(c *inventory.ConfigRecorder, res *Result) bool {
				judgeRecorders([]*inventory.ConfigRecorder{c}, res)
				if res.Status == Pass && c.Recording == nil {
					res.unknown("configuration recorder " + c.Label() + " records " + lambdaFunctionType + ", but the template does not say it is started " +
						"(no AWS::Config::DeliveryChannel, no aws_config_configuration_recorder_status)")
				}
				return true
			})
	},
}

// judgeRecorders passes res when one of the recorders records functions.
func judgeRecorders(cs []*inventory.ConfigRecorder, res *Result) {
	var names []string
	for _, c := range cs {
		names = append(names, c.Label())
		if c.Recording != nil && !*c.Recording {
			continue
		}
		if c.Records(lambdaFunctionType) {
			res.pass("configuration recorder " + c.Label() + " records " + lambdaFunctionType)
			return
		}
	}
	for _, c := range cs {
		if c.Recording != nil && !*c.Recording {
			res.fail("configuration recorder " + c.Label() + " is not started")
			return
		}
	}
	res.fail("configuration recorder " + strings.Join(names, ", ") + " does not record " + lambdaFunctionType)
}

var inspectorLambda = &Rule{
	ID:       "LS612",
	Name:     "inspector-lambda-scanning-off",
	Severity: Medium,
	Title:    "Amazon Inspector does not scan Lambda functions and their code",
	Description: "Amazon Inspector's Lambda standard scanning finds known vulnerabilities in a function's " +
		"packages and layers; Lambda code scanning finds injection flaws, leaked secrets and weak cryptography " +
		"in its own code. Both re-scan when the code or a CVE changes. The rule passes a region of a live " +
		"account where both are ENABLED and names the one that is not. In Terraform, an aws_inspector2_enabler " +
		"listing LAMBDA and LAMBDA_CODE passes; CloudFormation has no resource that enables Inspector, so a " +
		"template without an enabler gets UNKNOWN.",
	Remediation: Remediation{
		Text:           "Enable Inspector Lambda standard and code scanning for the account (or the organization, from the delegated administrator).",
		CLI:            "aws inspector2 enable --resource-types LAMBDA LAMBDA_CODE",
		CloudFormation: "(no resource type: enable with the CLI, or from the delegated administrator account)",
		Terraform:      "resource \"aws_inspector2_enabler\" \"lambda\" { account_ids = [ACCOUNT_ID]; resource_types = [\"LAMBDA\", \"LAMBDA_CODE\"] }",
	},
	References: []string{
		"https://docs.aws.amazon.com/inspector/latest/user/scanning-lambda.html",
		"https://docs.aws.amazon.com/inspector/v2/APIReference/API_Enable.html",
		"https://docs.aws.amazon.com/securityhub/latest/userguide/inspector-controls.html",
	},
	Compliance: []Compliance{{"AWS FSBP", "Inspector.3"}, {"AWS FSBP", "Inspector.4"}, {"OWASP Serverless Top 10", "SAS-6"}},
	Check: func(in *Input) []Result {
		if live(in) {
			return eachRegion(in, func(s *inventory.RegionSettings, res *Result) {
				var off []string
				for _, x := range []struct {
					field, name string
					v           *bool
				}{{"inspectorLambda", "Lambda standard scanning", s.InspectorLambda}, {"inspectorLambdaCode", "Lambda code scanning", s.InspectorLambdaCode}} {
					switch {
					case x.v == nil:
						if !gapUnknown(s, x.field, res) {
							res.unknown("the Inspector status of " + s.Region + " was not read")
						}
						return
					case !*x.v:
						off = append(off, x.name)
					}
				}
				if len(off) == 0 {
					res.pass("Inspector Lambda standard and code scanning are on in " + s.Region)
				} else {
					res.fail("Inspector " + strings.Join(off, " and ") + " is off in " + s.Region)
				}
			})
		}
		if len(in.Estate.InspectorEnablers) == 0 {
			res := accountResult(in, nil)
			res.unknown(notInTemplate("Amazon Inspector enabler"))
			return []Result{res}
		}
		return each(in.Estate.InspectorEnablers, func(x *inventory.InspectorEnabler) Result { return resultFor(&x.Resource, KindAccount) },
			func(x *inventory.InspectorEnabler, res *Result) bool {
				var off []string
				for _, t := range []string{"LAMBDA", "LAMBDA_CODE"} {
					if !slices.Contains(x.ResourceTypes, t) {
						off = append(off, t)
					}
				}
				if len(off) == 0 {
					res.pass("Inspector scans LAMBDA and LAMBDA_CODE")
				} else {
					res.fail("the Inspector enabler leaves out " + strings.Join(off, " and "))
				}
				return true
			})
	},
}

var guardDutyLambda = &Rule{
	ID:       "LS613",
	Name:     "guardduty-lambda-protection-off",
	Severity: Medium,
	Title:    "GuardDuty Lambda Protection (network activity monitoring) is off",
	Description: "GuardDuty Lambda Protection watches the network activity of every function — connections to " +
		"cryptocurrency pools, command and control servers, known-bad addresses — which is how a compromised " +
		"function is caught at run time. The rule passes a region of a live account whose GuardDuty detector " +
		"is enabled with the LAMBDA_NETWORK_LOGS feature on, and judges a template's detectors " +
		"(AWS::GuardDuty::Detector Features, aws_guardduty_detector with aws_guardduty_detector_feature) the " +
		"same way. A template without a detector gets UNKNOWN.",
	Remediation: Remediation{
		Text:           "Enable GuardDuty and its Lambda Protection feature in every region (or organization-wide).",
		CLI:            "aws guardduty update-detector --detector-id ID --features Name=LAMBDA_NETWORK_LOGS,Status=ENABLED",
		CloudFormation: "Type: AWS::GuardDuty::Detector; Properties: {Enable: true, Features: [{Name: LAMBDA_NETWORK_LOGS, Status: ENABLED}]}",
		Terraform:      "resource \"aws_guardduty_detector_feature\" \"lambda\" { detector_id = aws_guardduty_detector.main.id; name = \"LAMBDA_NETWORK_LOGS\"; status = \"ENABLED\" }",
	},
	References: []string{
		"https://docs.aws.amazon.com/guardduty/latest/ug/lambda-protection.html",
		"https://docs.aws.amazon.com/securityhub/latest/userguide/guardduty-controls.html",
	},
	Compliance: []Compliance{{"AWS FSBP", "GuardDuty.6"}, {"OWASP Serverless Top 10", "SAS-10"}},
	Check: func(in *Input) []Result {
		if live(in) {
			return eachRegion(in, func(s *inventory.RegionSettings, res *Result) {
				setting(s, "guardDutyLambda", s.GuardDutyLambda, res,
					"GuardDuty Lambda Protection is on in "+s.Region, "no GuardDuty detector of "+s.Region+" is enabled with Lambda Protection (LAMBDA_NETWORK_LOGS)")
			})
		}
		if len(in.Estate.GuardDutyDetectors) == 0 {
			res := accountResult(in, nil)
			res.unknown(notInTemplate("GuardDuty detector"))
			return []Result{res}
		}
		return each(in.Estate.GuardDutyDetectors, func(d *inventory.GuardDutyDetector) Result { return resultFor(&d.Resource, KindAccount) },
			func(d *inventory.GuardDutyDetector, res *Result) bool {
				switch {
				case !d.Enabled:
					res.fail("detector " + d.Label() + " is not enabled")
				case !d.LambdaNetworkLogs:
					res.fail("detector " + d.Label() + " does not turn on LAMBDA_NETWORK_LOGS")
				default:
					res.pass("detector " + d.Label() + " has Lambda Protection on")
				}
				return true
			})
	},
}
