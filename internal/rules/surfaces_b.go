package rules

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws/arn"

	"github.com/lambdasec/lambdasec/internal/exposure"
	"github.com/lambdasec/lambdasec/internal/iampolicy"
	"github.com/lambdasec/lambdasec/internal/inventory"
)

// The rules of Lambda's 2024–2026 settings (inventory/surfaces_b.go):
// function URL permission hygiene after the October 2025 change, block
// public access for function policies, runtime management, customer-managed
// runtimes, the logging configuration and recursive loop detection.

// urlPermissionChange is when Lambda began to require lambda:InvokeFunction
// beside lambda:InvokeFunctionUrl for new function URLs ("Starting in
// October 2025"; AWS gives the month, not the day, so the first is used).
// https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html
var urlPermissionChange = time.Date(2025, time.October, 1, 0, 0, 0, 0, time.UTC)

// urlGrants returns the grants of f's resource policies that let anyone
// invoke f through a function URL with AuthType NONE but not directly,
// keyed by qualifier: lambda:InvokeFunction limited to
// lambda:InvokedViaFunctionUrl, and lambda:InvokeFunctionUrl. why is set
// when the policies cannot be judged.
func urlGrants(in *Input, f *inventory.Function) (byQualifier map[string][]Evidence, why string) {
	type stmt struct {
		p *inventory.Policy
		i int
	}
	direct, why := analyzeFunction(in, f, invokeActions, directInvoke)
	if why != "" {
		return nil, why
	}
	publicDirect := map[stmt]bool{}
	for _, g := range direct {
		if reach, _ := g.Reach(in.Estate.Account); reach == iampolicy.ReachPublic {
			publicDirect[stmt{g.policy, g.Statement}] = true
		}
	}
	byQualifier = map[string][]Evidence{}
	for _, action := range []string{"lambda:InvokeFunction", "lambda:InvokeFunctionUrl"} {
		grants, why := analyzeFunction(in, f, []string{action}, urlInvoke("NONE"))
		if why != "" {
			return nil, why
		}
		for _, g := range grants {
			reach, _ := g.Reach(in.Estate.Account)
			switch {
			case reach == iampolicy.ReachUnknown && g.PrincipalType == "*":
				return nil, strings.Join(g.Uncertain, "; ")
			case reach != iampolicy.ReachPublic, publicDirect[stmt{g.policy, g.Statement}]:
				continue
			}
			byQualifier[g.qualifier] = append(byQualifier[g.qualifier], g.evidence(action))
		}
	}
	return byQualifier, ""
}

var danglingURLGrant = &Rule{
	ID:       "LS121",
	Name:     "function-url-grant-without-url",
	Severity: Medium,
	Title:    "Resource policy grants everyone invocation through a function URL the function does not have",
	Description: "Since October 2025 a function URL with AuthType NONE needs two public statements: " +
		"lambda:InvokeFunctionUrl and lambda:InvokeFunction with the condition lambda:InvokedViaFunctionUrl = true. " +
		"Deleting the URL does not delete them (the console, CloudFormation and Terraform leave the permissions of a " +
		"URL removed by hand behind), so the policy keeps a public door waiting for a URL: whoever may call " +
		"lambda:CreateFunctionUrlConfig on the function makes it public on the internet with no AddPermission and no " +
		"policy change to review. The rule fails a function (per qualifier) whose resource policy grants everyone " +
		"invocation through a URL — and nothing else public — while no URL exists for that qualifier. A function " +
		"whose URLs could not be listed, or that is defined outside the estate, is UNKNOWN.",
	Remediation: Remediation{
		Text:           "Remove the public URL statements of a function that has no URL (or re-create the URL on purpose).",
		CLI:            "aws lambda get-policy --function-name NAME  # find the Sid, then: aws lambda remove-permission --function-name NAME --statement-id SID",
		CloudFormation: "Delete the AWS::Lambda::Permission resources (FunctionUrlAuthType NONE / InvokedViaFunctionUrl: true) together with the AWS::Lambda::Url.",
		Terraform:      "Delete the aws_lambda_permission blocks (function_url_auth_type = \"NONE\" / invoked_via_function_url = true) together with the aws_lambda_function_url.",
	},
	References: []string{
		"https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html",
		"https://docs.aws.amazon.com/lambda/latest/api/API_AddPermission.html",
	},
	Compliance: []Compliance{{"OWASP Serverless Top 10", "SAS-2"}},
	Check: func(in *Input) []Result {
		return eachInvocable(in, func(f *inventory.Function, res *Result) bool {
			grants, why := urlGrants(in, f)
			if why != "" {
				res.unknown(why)
				return true
			}
			qs := make([]string, 0, len(grants))
			for q := range grants {
				qs = append(qs, q)
			}
			slices.Sort(qs)
			var dangling []string
			var ev []Evidence
			for _, q := range qs {
				if slices.ContainsFunc(f.URLs, func(u inventory.FunctionURL) bool { return u.Qualifier == q }) {
					continue
				}
				dangling = append(dangling, qualified(f, q))
				ev = append(ev, grants[q]...)
			}
			g, urlGap := f.Gap(inventory.FieldURLs)
			switch {
			case len(dangling) == 0 && len(grants) == 0:
				res.pass("no statement grants everyone invocation through a function URL" + elsewhere(f))
			case len(dangling) == 0:
				res.pass("every public URL statement belongs to a URL that exists")
			case urlGap:
				res.unknown("the policy grants everyone invocation through a URL of " + strings.Join(dangling, ", ") + ", but whether the URL exists is not known: " + g.Reason)
			case f.External:
				res.unknown("this estate grants everyone invocation through a URL of " + strings.Join(dangling, ", ") + ", which is defined elsewhere; whether it has a URL is not seen here")
			default:
				res.fail(fmt.Sprintf("the resource policy grants everyone invocation through a function URL of %s, which has none: creating a URL (lambda:CreateFunctionUrlConfig) makes it public at once, with no policy change", strings.Join(dangling, ", ")), ev...)
				res.atEvidence()
			}
			return true
		})
	},
}

var urlBeforeChange = &Rule{
	ID:       "LS122",
	Name:     "function-url-relies-on-pre-2025-permission",
	Severity: Medium,
	Title:    "Public function URL created before October 2025 still relies on lambda:InvokeFunctionUrl alone",
	Description: "Starting in October 2025, new function URLs require both lambda:InvokeFunctionUrl and lambda:InvokeFunction " +
		"(with lambda:InvokedViaFunctionUrl). Existing URLs were given a temporary exception, and AWS asked their owners " +
		"(in AWS Health notices) to add the second permission by 1 November 2026. A URL with AuthType NONE whose policy " +
		"grants everyone lambda:InvokeFunctionUrl but not lambda:InvokeFunction is public only because of that exception. " +
		"What breaks: when the exception ends, or when the URL is deleted and re-created, anonymous calls get 403. What " +
		"stays public: the lambda:InvokeFunctionUrl statement stays in the policy, so adding a public lambda:InvokeFunction " +
		"later (a one-line AddPermission) reopens the URL; and until then the URL is as public as it ever was. The rule " +
		"judges each URL with AuthType NONE by its creation time (CreationTime, read from a live account): FAIL when " +
		"created before October 2025 and relying on the single permission. A template or Terraform module does not " +
		"say when a URL was created, so such a URL there is UNKNOWN.",
	Remediation: Remediation{
		Text:           "Decide whether the URL should be public. If yes, add the lambda:InvokeFunction statement with lambda:InvokedViaFunctionUrl; if no, remove the public lambda:InvokeFunctionUrl statement (and prefer AuthType AWS_IAM).",
		CLI:            "aws lambda add-permission --function-name NAME --statement-id url-invoke --action lambda:InvokeFunction --principal '*' --invoked-via-function-url",
		CloudFormation: "Type: AWS::Lambda::Permission; Properties: {Action: lambda:InvokeFunction, FunctionName: !Ref Fn, Principal: '*', InvokedViaFunctionUrl: true}",
		Terraform:      "resource \"aws_lambda_permission\" \"url_invoke\" { action = \"lambda:InvokeFunction\"; function_name = aws_lambda_function.fn.function_name; principal = \"*\"; invoked_via_function_url = true }",
	},
	References: []string{
		"https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html",
		"https://docs.aws.amazon.com/lambda/latest/api/API_FunctionUrlConfig.html",
	},
	Compliance: []Compliance{{"OWASP Serverless Top 10", "SAS-2"}},
	Check: func(in *Input) []Result {
		var out []Result
		for _, f := range in.Estate.InvocableFunctions() {
			if g, ok := f.Gap(inventory.FieldURLs); ok && len(f.URLs) == 0 {
				res := functionResult(f)
				res.unknown("the function URLs of " + f.Label() + " could not be listed: " + g.Reason)
				out = append(out, res)
				continue
			}
			for i := range f.URLs {
				u := &f.URLs[i]
				if u.AuthType != "NONE" {
					continue
				}
				res := functionResult(f)
				res.Kind, res.Source = KindFunctionURL, u.Source
				if u.Qualifier != "" {
					res.Resource += ":" + u.Qualifier
				}
				judgeURLBeforeChange(in, f, u, &res)
				out = append(out, res)
			}
		}
		return out
	},
}

// urlTimeLayout is how Lambda writes a URL's CreationTime
// ("2024-05-01T12:00:00.000+0000").
const urlTimeLayout = "2006-01-02T15:04:05.000-0700"

func judgeURLBeforeChange(in *Input, f *inventory.Function, u *inventory.FunctionURL, res *Result) {
	name := qualified(f, u.Qualifier)
	ctx := urlInvoke("NONE")
	urlPublic, ev1, why1 := publicFor(in, f, u.Qualifier, []string{"lambda:InvokeFunctionUrl"}, ctx)
	fnPublic, _, why2 := publicFor(in, f, u.Qualifier, invokeActions, ctx)
	switch {
	case why1 != "" || why2 != "":
		res.unknown("who the resource policy admits cannot be told: " + why1 + why2)
		return
	case !urlPublic:
		res.pass("the URL of " + name + " has no public lambda:InvokeFunctionUrl statement, so nothing relies on the exception for URLs older than October 2025")
		return
	case fnPublic:
		res.pass("the URL of " + name + " grants everyone both lambda:InvokeFunctionUrl and lambda:InvokeFunction: it does not depend on the exception for URLs older than October 2025")
		return
	case u.CreationTime == "":
		res.unknown("the URL of " + name + " grants everyone lambda:InvokeFunctionUrl but not lambda:InvokeFunction; when it was created is not in the source: a URL created before October 2025 is public only under AWS's temporary exception, one created since refuses anonymous calls (LS104)")
		return
	}
	created, err := time.Parse(urlTimeLayout, u.CreationTime)
	if err != nil {
		res.unknown(fmt.Sprintf("the URL's CreationTime %q is not a time Lambda writes", u.CreationTime))
		return
	}
	ev := append([]Evidence{{Label: "CreationTime", Value: u.CreationTime, Source: u.Source}}, ev1...)
	if !created.Before(urlPermissionChange) {
		res.pass(fmt.Sprintf("the URL of %s was created on %s, after the October 2025 change: it never had the exception (without lambda:InvokeFunction for everyone it refuses anonymous calls, see LS104)", name, day(created)))
		return
	}
	res.fail(fmt.Sprintf("the URL of %s was created on %s, before the October 2025 change, and its policy grants everyone lambda:InvokeFunctionUrl but not lambda:InvokeFunction: "+
		"it is public only under AWS's temporary exception for existing URLs. When the exception ends (AWS asked owners to update by 1 November 2026) or the URL is re-created, "+
		"anonymous calls get 403; the public lambda:InvokeFunctionUrl statement stays, one AddPermission away from public again", name, day(created)), ev...)
}

var functionPolicyBlockPublic = &Rule{
	ID:       "LS123",
	Name:     "function-public-access-not-blocked",
	Severity: Medium,
	Title:    "Function does not block public access (block public access for function policies is off)",
	Description: "Lambda's public-access settings, set per function, make it refuse resource-based policies that " +
		"grant public access (BlockPublicPolicy: AddPermission fails with PublicPolicyException) and block public " +
		"access through a public policy already there (RestrictPublicResource), so no one — a hurried deploy, a " +
		"console click, an attacker with lambda:AddPermission — can make the function public. The rule reads " +
		"each function's settings from a live account: FAIL when either is off, PASS when both are on. Where " +
		"they could not be read — the Lambda module lambdasec is built with has no GetPublicAccessBlockConfig " +
		"operation, or the call was denied — the result is UNKNOWN with that reason, never a FAIL. No " +
		"CloudFormation or Terraform property holds the settings, so the rule says nothing about templates.",
	Remediation: Remediation{
		Text:           "Turn both settings on for every function that must not be public (after moving any public entry behind API Gateway or CloudFront).",
		CLI:            "aws lambda put-public-access-block-config --resource-arn FUNCTION_ARN --public-access-block-config BlockPublicPolicy=true,RestrictPublicResource=true",
		CloudFormation: "Not expressible in a template: set it per function after deployment (or deny lambda:AddPermission with Principal \"*\" in an SCP).",
		Terraform:      "Not expressible in the AWS provider: set it per function outside Terraform.",
	},
	References: []string{
		"https://docs.aws.amazon.com/botocore/latest/reference/services/lambda/client/exceptions/PublicPolicyException.html",
		"https://boto3.amazonaws.com/v1/documentation/api/1.35.24/reference/services/lambda/client/put_public_access_block_config.html",
		"https://docs.aws.amazon.com/lambda/latest/dg/access-control-resource-based.html",
	},
	Compliance: []Compliance{{"AWS FSBP", "Lambda.1"}, {"OWASP Serverless Top 10", "SAS-2"}},
	Check: func(in *Input) []Result {
		return eachFunction(in, func(f *inventory.Function, res *Result) bool {
			b := f.PublicAccessBlock
			if !live(in) && b == nil {
				return false // no template property holds the settings
			}
			var off []string
			if b != nil && !b.BlockPublicPolicy {
				off = append(off, "BlockPublicPolicy")
			}
			if b != nil && !b.RestrictPublicResource {
				off = append(off, "RestrictPublicResource")
			}
			switch {
			case b == nil && gapUnknown(f, inventory.FieldFunctionPublicAccessBlock, res):
			case b == nil:
				if why, ok := estateGapOf(in, inventory.FieldFunctionPublicAccessBlock); ok {
					res.unknown(why)
				} else {
					res.unknown("the public-access settings of " + f.Label() + " were not read")
				}
			case len(off) > 0:
				res.fail(f.Label() + " does not block public access: " + strings.Join(off, " and ") + " off, so a public resource policy can be added or takes effect")
			default:
				res.pass("Lambda refuses public policies for " + f.Label() + " and blocks public access through any already there")
			}
			return true
		})
	},
}

var runtimePinned = &Rule{
	ID:         "LS506",
	Name:       "runtime-version-pinned",
	Severity:   Low,
	Severities: []Severity{Medium},
	Title:      "Function pins its runtime version (runtime update mode Manual)",
	Description: "With UpdateRuntimeOn Manual a function stays on the runtime version it names: Lambda applies no " +
		"security patch to it until someone changes the pin. AWS offers Manual only as a temporary rollback and " +
		"warns that a function left on an old version may stop working (a certificate expiry). The rule fails a " +
		"function in Manual mode: low in a template (the pin is a risk to patching), medium in a live account when " +
		"functions of the same runtime, region and architecture on Auto already run a different, newer runtime " +
		"version. FunctionUpdate and Auto pass.",
	Remediation: Remediation{
		Text:           "Return the function to Auto once the incompatibility that made you pin it is fixed; deny lambda:PutRuntimeManagementConfig with an SCP where patch freshness is required.",
		CLI:            "aws lambda put-runtime-management-config --function-name NAME --update-runtime-on Auto",
		CloudFormation: "RuntimeManagementConfig: {UpdateRuntimeOn: Auto}",
		Terraform:      "resource \"aws_lambda_runtime_management_config\" \"fn\" { function_name = aws_lambda_function.fn.function_name; update_runtime_on = \"Auto\" }",
	},
	References: []string{
		"https://docs.aws.amazon.com/lambda/latest/dg/runtimes-update.html",
		"https://docs.aws.amazon.com/lambda/latest/dg/runtime-management-rollback.html",
		"https://docs.aws.amazon.com/lambda/latest/dg/runtime-management-hc-applications.html",
	},
	Compliance: []Compliance{{"OWASP Serverless Top 10", "SAS-6"}},
	Check: func(in *Input) []Result {
		return eachFunction(in, func(f *inventory.Function, res *Result) bool {
			rm := f.RuntimeManagement
			if f.PackageType == "Image" || f.Runtime == "" && rm == nil {
				return false // an image brings its own runtime
			}
			switch {
			case gapUnknown(f, inventory.FieldRuntimeManagement, res):
			case rm == nil || rm.UpdateRuntimeOn == "" || rm.UpdateRuntimeOn == inventory.UpdateRuntimeAuto:
				res.pass("Lambda applies runtime updates automatically (Auto)")
			case rm.UpdateRuntimeOn == inventory.UpdateRuntimeFunctionUpdate:
				res.pass("runtime updates come with each deployment (FunctionUpdate); a function not deployed for long keeps an old runtime version")
			case rm.UpdateRuntimeOn == inventory.UpdateRuntimeManual:
				judgePinned(in, f, rm, res)
			default:
				res.unknown(fmt.Sprintf("UpdateRuntimeOn %q is not a runtime update mode Lambda documents", rm.UpdateRuntimeOn))
			}
			return true
		})
	},
}

func judgePinned(in *Input, f *inventory.Function, rm *inventory.RuntimeManagement, res *Result) {
	pin := cmpOr(rm.PinnedVersionARN, rm.InUseVersionARN)
	ev := Evidence{Label: "UpdateRuntimeOn", Value: "Manual", Source: rm.Source}
	if pin != "" {
		ev.Value += ", RuntimeVersionArn " + inventory.Describe(pin)
	}
	var newer []string
	for _, o := range in.Estate.Functions {
		orm := o.RuntimeManagement
		if o == f || orm == nil || orm.InUseVersionARN == "" || o.Runtime != f.Runtime || o.Region != f.Region || arch(o) != arch(f) {
			continue
		}
		if (orm.UpdateRuntimeOn == "" || orm.UpdateRuntimeOn == inventory.UpdateRuntimeAuto) && orm.InUseVersionARN != pin && !slices.Contains(newer, orm.InUseVersionARN) {
			newer = append(newer, orm.InUseVersionARN)
		}
	}
	if live(in) && pin != "" && len(newer) > 0 {
		res.Severity = sev(Medium)
		res.fail(fmt.Sprintf("%s is pinned to runtime version %s while functions on %s that Lambda updates automatically already run %s: the pinned version misses their patches",
			f.Label(), inventory.Describe(pin), f.Runtime, strings.Join(newer, ", ")), ev)
		res.atEvidence()
		return
	}
	res.fail(fmt.Sprintf("%s pins its runtime version (UpdateRuntimeOn Manual): Lambda applies no runtime security patch to it until the pin is changed", f.Label()), ev)
	res.atEvidence()
}

// arch is a function's architecture (x86_64 when not set).
func arch(f *inventory.Function) string {
	if len(f.Architectures) > 0 {
		return f.Architectures[0]
	}
	return "x86_64"
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

var runtimeForeign = &Rule{
	ID:       "LS507",
	Name:     "runtime-from-untrusted-account",
	Severity: High,
	Title:    "Function runs on a runtime published by an account that is neither yours nor trusted",
	Description: "A customer-managed runtime (RuntimeConfig) is code its publisher controls: AWS warns that a runtime " +
		"publisher can push any code into the execution environments of the functions that use it, and that code " +
		"runs with the permissions of their execution roles; publishing a new version to the alias reaches every " +
		"function at its next cold start, with no deployment on your side. The same holds for an OS-only runtime " +
		"(provided.*) whose bootstrap comes from a layer. The rule fails a function whose customer-managed runtime " +
		"is owned by an account that is not the estate's and not trusted (--trusted-account), and a provided.* " +
		"function with a layer from such an account that is not an AWS layer publisher. A runtime ARN that cannot be " +
		"resolved is UNKNOWN. To govern runtimes across an organization, AWS documents SCPs that block untrusted " +
		"runtimes.",
	Remediation: Remediation{
		Text:           "Use runtimes your organization publishes (build your own customer-managed runtime from the publisher's images), or trust the publisher explicitly with --trusted-account; block untrusted runtimes with the SCP AWS documents.",
		CLI:            "aws lambda update-function-configuration --function-name NAME --runtime python3.13  # or a runtime ARN of your own account",
		CloudFormation: "RuntimeConfig: {RuntimeArn: !GetAtt OwnRuntime.Arn, RuntimeAlias: prod} (an AWS::Lambda::Runtime of your own)",
		Terraform:      "runtime = \"python3.13\" (a Lambda-managed runtime), or layers of your own account for a provided.* runtime",
	},
	References: []string{
		"https://docs.aws.amazon.com/lambda/latest/dg/cmr-using.html",
		"https://docs.aws.amazon.com/lambda/latest/dg/cmr-permissions.html",
		"https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-lambda-function-runtimeconfig.html",
	},
	Compliance: []Compliance{{"OWASP Serverless Top 10", "SAS-6"}},
	Check: func(in *Input) []Result {
		pubs := in.Config.LayerPublishers
		if pubs == nil {
			pubs = DefaultLayerPublishers()
		}
		return eachFunction(in, func(f *inventory.Function, res *Result) bool {
			switch {
			case f.CustomRuntime != nil:
				judgeCustomRuntime(in, f, res)
			case f.PackageType == "Image":
				return false // the image brings its own runtime
			case strings.HasPrefix(f.Runtime, "provided"):
				judgeProvided(in, f, pubs, res)
			case gapUnknown(f, inventory.FieldCustomRuntime, res):
			case f.Runtime == "custom":
				res.unknown("the function uses a customer-managed runtime (Runtime custom), but which one is not known")
			case gapUnknown(f, inventory.FieldRuntime, res):
			case f.Runtime == "":
				res.unknown("no runtime is set")
			default:
				res.pass("runs on the Lambda-managed runtime " + f.Runtime)
			}
			return true
		})
	},
}

func judgeCustomRuntime(in *Input, f *inventory.Function, res *Result) {
	rc := f.CustomRuntime
	if gapUnknown(f, inventory.FieldCustomRuntime, res) {
		return
	}
	ev := Evidence{Label: "RuntimeArn", Value: inventory.Describe(rc.RuntimeARN), Source: rc.Source}
	for _, rt := range in.Estate.Runtimes {
		if rt.ID == rc.RuntimeARN || rt.ARN == rc.RuntimeARN {
			res.pass("runtime " + rt.Label() + " is published by this estate")
			return
		}
	}
	a, err := arn.Parse(rc.RuntimeARN)
	switch {
	case err != nil && inventory.HasToken(rc.RuntimeARN):
		res.unknown("the runtime " + inventory.Describe(rc.RuntimeARN) + " cannot be resolved, so its publisher is not known")
	case err != nil:
		res.unknown(fmt.Sprintf("runtime %q is not a runtime ARN", rc.RuntimeARN))
	case in.trusted(a.AccountID):
		res.pass("the runtime is published by account " + inventory.Describe(a.AccountID) + ", the estate's own or a trusted one")
	case inventory.HasToken(a.AccountID):
		res.unknown("the account that publishes runtime " + inventory.Describe(rc.RuntimeARN) + " cannot be resolved")
	default:
		res.fail(fmt.Sprintf("%s runs on runtime %s, published by account %s, which is neither the estate's nor trusted: that account can push any code into the function, which runs with the function's execution role",
			f.Label(), inventory.Describe(rc.RuntimeARN), a.AccountID), ev)
		res.atEvidence()
	}
}

func judgeProvided(in *Input, f *inventory.Function, pubs *LayerPublishers, res *Result) {
	if gapUnknown(f, inventory.FieldLayers, res) {
		return
	}
	var foreign []Evidence
	for _, ref := range f.Layers {
		if in.Index.Layer(ref) != nil {
			continue
		}
		a, err := arn.Parse(ref)
		if err != nil || inventory.HasToken(a.AccountID) || in.trusted(a.AccountID) {
			continue // LS504 says what it cannot resolve
		}
		if _, ok := pubs.Publisher(a.AccountID, a.Region); ok {
			continue
		}
		foreign = append(foreign, Evidence{Label: "layer", Value: inventory.Describe(ref) + " (account " + a.AccountID + ")", Source: f.Source})
	}
	if len(foreign) == 0 {
		res.pass(f.Runtime + " runs the function's own bootstrap or one from layers of the estate, trusted accounts or AWS")
		return
	}
	res.fail(fmt.Sprintf("%s runs on the OS-only runtime %s with %d layer(s) from an account that is neither the estate's nor trusted: the runtime's bootstrap, and so every invocation, may come from that account", f.Label(), f.Runtime, len(foreign)), foreign...)
}

// logLevels that put request data in logs.
var verboseLevels = []string{"TRACE", "DEBUG"}

var debugLogsPublic = &Rule{
	ID:       "LS614",
	Name:     "debug-logs-on-internet-function",
	Severity: Medium,
	Title:    "Function reachable from the internet logs at DEBUG or TRACE",
	Description: "At application log level DEBUG or TRACE, runtimes and libraries write request payloads, headers and " +
		"tokens to CloudWatch Logs; on a function the internet can call that is attacker-chosen data — personal data, " +
		"session tokens, forged log lines — kept with the log group's retention and readable by everyone with " +
		"logs:GetLogEvents. The rule fails a function whose LoggingConfig sets ApplicationLogLevel TRACE or DEBUG " +
		"and that an entry point anyone can use reaches in the exposure graph (a route without authorization, a " +
		"public URL, a public grant, a public bucket, topic or queue). A verbose function nothing public reaches " +
		"passes, saying so.",
	Remediation: Remediation{
		Text:           "Set the application log level to INFO or higher in production (with JSON log format), and turn DEBUG on only while investigating.",
		CLI:            "aws lambda update-function-configuration --function-name NAME --logging-config LogFormat=JSON,ApplicationLogLevel=INFO",
		CloudFormation: "LoggingConfig: {LogFormat: JSON, ApplicationLogLevel: INFO}",
		Terraform:      "logging_config { log_format = \"JSON\"; application_log_level = \"INFO\" }",
	},
	References: []string{
		"https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs-advanced.html",
		"https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-lambda-function-loggingconfig.html",
	},
	Compliance: []Compliance{{"OWASP Serverless Top 10", "SAS-10"}},
	Check: func(in *Input) []Result {
		var reach map[string]*exposure.Node
		return eachFunction(in, func(f *inventory.Function, res *Result) bool {
			lc := f.Logging
			switch {
			case gapUnknown(f, inventory.FieldLogging, res):
				return true
			case lc == nil || !slices.Contains(verboseLevels, strings.ToUpper(lc.ApplicationLogLevel)):
				res.pass("the application log level is not TRACE or DEBUG")
				return true
			}
			if reach == nil {
				reach = publicEntries(in)
			}
			ev := Evidence{Label: "ApplicationLogLevel", Value: lc.ApplicationLogLevel, Source: lc.Source}
			if e := reach[f.ID]; e != nil {
				res.fail(fmt.Sprintf("%s logs at %s and anyone on the internet reaches it through %s: request data lands in its logs", f.Label(), lc.ApplicationLogLevel, e.Label),
					ev, Evidence{Label: "entry point", Value: e.Label, Source: e.Source})
				res.atEvidence()
				return true
			}
			res.pass(fmt.Sprintf("%s logs at %s, but no entry point anyone can use reaches it", f.Label(), lc.ApplicationLogLevel))
			return true
		})
	},
}

// publicEntries maps the ID of every function an entry point anyone on
// the internet can use leads to (in the exposure graph) to that entry.
func publicEntries(in *Input) map[string]*exposure.Node {
	g := in.Graph()
	out := map[string]*exposure.Node{}
	for _, n := range g.Nodes {
		if n.Kind != exposure.NodeEntry || n.Access != exposure.AccessPublic {
			continue
		}
		for _, id := range g.Out(n.ID) {
			if fn := g.Node(id); fn != nil && fn.Kind == exposure.NodeFunction && out[fn.Resource] == nil {
				out[fn.Resource] = n
			}
		}
	}
	return out
}

// customLogGroup returns the log group f writes to when it is not the
// default /aws/lambda/NAME, or "".
func customLogGroup(f *inventory.Function) string {
	if f.Logging == nil || f.Logging.LogGroup == "" || f.Name != "" && f.Logging.LogGroup == lambdaLogGroupPrefix+f.Name {
		return ""
	}
	return f.Logging.LogGroup
}

// findLogGroup returns the log group of the estate named (or identified)
// lg in f's region, or nil.
func findLogGroup(in *Input, f *inventory.Function, lg string) *inventory.LogGroup {
	for _, c := range in.Estate.LogGroups {
		if (c.Name == lg || c.ID == lg) && (!live(in) || c.Region == "" || c.Region == f.Region) {
			return c
		}
	}
	return nil
}

// logGroupName names log group lg for messages: its name when the estate
// defines it, else lg as written.
func logGroupName(in *Input, f *inventory.Function, lg string) string {
	if g := findLogGroup(in, f, lg); g != nil {
		return inventory.Describe(g.Label())
	}
	return inventory.Describe(lg)
}

// applicationTags are the tags that name the application (or stack) a
// function belongs to, most telling first.
var applicationTags = []string{"aws:cloudformation:stack-name", "application", "Application", "app", "App"}

// applicationOf names the application function f belongs to: its
// application tag, else, in a template or Terraform module, the file (one
// stack). ok is false for a live function with no such tag.
func applicationOf(in *Input, f *inventory.Function) (string, bool) {
	for _, k := range applicationTags {
		if v := f.Tags[k]; v != "" {
			return v, true
		}
	}
	if !live(in) {
		return in.Estate.Name, true
	}
	return "", false
}

var logGroupShared = &Rule{
	ID:       "LS615",
	Name:     "log-group-shared-across-applications",
	Severity: Medium,
	Title:    "Custom log group is shared by functions of different applications",
	Description: "LoggingConfig.LogGroup lets functions write to a log group of your choosing. When functions of " +
		"different applications share one, everyone who may read it reads every application's logs (payloads, " +
		"tokens, errors), its retention and KMS key are no longer any one team's to choose, and a subscription or " +
		"metric filter set for one application sees the others'. The rule judges each function with a custom log " +
		"group: FAIL when a function of another application (by the aws:cloudformation:stack-name or application " +
		"tag; in a template, the template itself is one application unless tags say otherwise) writes to the same " +
		"group; UNKNOWN in a live account when the functions carry no tag that names their application.",
	Remediation: Remediation{
		Text:           "Give each application its own log group (one per function or per stack) and grant readers per group.",
		CLI:            "aws lambda update-function-configuration --function-name NAME --logging-config LogFormat=JSON,LogGroup=/app/NAME",
		CloudFormation: "LoggingConfig: {LogGroup: !Ref AppLogGroup} with an AWS::Logs::LogGroup of the stack",
		Terraform:      "logging_config { log_format = \"JSON\"; log_group = aws_cloudwatch_log_group.app.name } with a group per application",
	},
	References: []string{
		"https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs-loggroups.html",
		"https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-lambda-function-loggingconfig.html",
	},
	Compliance: []Compliance{{"OWASP Serverless Top 10", "SAS-10"}},
	Check: func(in *Input) []Result {
		byGroup := map[string][]*inventory.Function{}
		for _, f := range in.Estate.Functions {
			if g := customLogGroup(f); g != "" {
				byGroup[f.Region+"\x00"+g] = append(byGroup[f.Region+"\x00"+g], f)
			}
		}
		return eachFunction(in, func(f *inventory.Function, res *Result) bool {
			if gapUnknown(f, inventory.FieldLogging, res) {
				return true
			}
			lg := customLogGroup(f)
			if lg == "" {
				return false // the default group is the function's own
			}
			app, known := applicationOf(in, f)
			var others, unknown []string
			var ev []Evidence
			for _, o := range byGroup[f.Region+"\x00"+lg] {
				if o == f {
					continue
				}
				oapp, ok := applicationOf(in, o)
				switch {
				case !ok || !known:
					unknown = append(unknown, o.Label())
				case oapp != app:
					others = append(others, o.Label()+" ("+oapp+")")
					ev = append(ev, Evidence{Label: "also writes to " + logGroupName(in, f, lg), Value: o.Label() + " of " + oapp, Source: o.Logging.Source})
				}
			}
			switch {
			case len(others) > 0:
				res.fail(fmt.Sprintf("log group %s of %s (%s) is shared with functions of other applications: %s", logGroupName(in, f, lg), f.Label(), app, strings.Join(others, ", ")),
					append([]Evidence{{Label: "LogGroup", Value: logGroupName(in, f, lg), Source: f.Logging.Source}}, ev...)...)
				res.atEvidence()
			case len(unknown) > 0:
				res.unknown("log group " + logGroupName(in, f, lg) + " is shared with " + strings.Join(unknown, ", ") + ", and no tag (" + strings.Join(applicationTags[:2], ", ") + ") says which application each belongs to")
			default:
				res.pass("log group " + logGroupName(in, f, lg) + " is written only by functions of the same application")
			}
			return true
		})
	},
}

var customLogGroupPosture = &Rule{
	ID:       "LS616",
	Name:     "custom-log-group-retention-or-kms",
	Severity: Low,
	Title:    "Custom log group of a function keeps logs forever or has no KMS key",
	Description: "LS609 and LS610 judge a function's default log group; a function with LoggingConfig.LogGroup writes " +
		"elsewhere, and that group needs the same care: a retention (Lambda creates a missing group with none, and " +
		"logs are kept and billed forever) and a customer managed KMS key (reading the logs then needs kms:Decrypt " +
		"under a key policy you control). The rule judges the custom group of each function: FAIL when it has no " +
		"retention or no KMS key, or is not defined (Lambda creates it bare); UNKNOWN when the group is defined " +
		"elsewhere or the log groups could not be listed.",
	Remediation: Remediation{
		Text:           "Define the custom log group with a retention and a KMS key before the function logs to it.",
		CLI:            "aws logs put-retention-policy --log-group-name GROUP --retention-in-days 365 && aws logs associate-kms-key --log-group-name GROUP --kms-key-id KEY_ARN",
		CloudFormation: "Type: AWS::Logs::LogGroup; Properties: {LogGroupName: /app/orders, RetentionInDays: 365, KmsKeyId: !GetAtt LogKey.Arn}",
		Terraform:      "resource \"aws_cloudwatch_log_group\" \"app\" { name = \"/app/orders\"; retention_in_days = 365; kms_key_id = aws_kms_key.logs.arn }",
	},
	References: []string{
		"https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs-loggroups.html",
		"https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/Working-with-log-groups-and-streams.html#SettingLogRetention",
		"https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html",
	},
	Compliance: []Compliance{{"OWASP Serverless Top 10", "SAS-10"}},
	Check: func(in *Input) []Result {
		return eachFunction(in, func(f *inventory.Function, res *Result) bool {
			if gapUnknown(f, inventory.FieldLogging, res) {
				return true
			}
			lg := customLogGroup(f)
			if lg == "" {
				return false // LS609 and LS610 judge the default group
			}
			g := findLogGroup(in, f, lg)
			name := logGroupName(in, f, lg)
			if g == nil {
				switch why, gapped := estateGapOf(in, "log groups"); {
				case gapped:
					res.unknown("the log groups could not be listed: " + why)
				case inventory.HasToken(lg):
					res.unknown("log group " + name + " is defined elsewhere: its retention and KMS key are not seen here")
				case live(in):
					res.fail("log group " + name + " does not exist yet: Lambda creates it on the first invocation with no retention and no KMS key")
				default:
					res.fail("the template does not define log group " + name + ": unless it exists already, Lambda creates it on the first invocation with no retention and no KMS key")
				}
				return true
			}
			res.Evidence = append(res.Evidence, Evidence{Label: "log group", Value: inventory.Describe(g.Label()), Source: g.Source})
			if gapUnknown(g, inventory.FieldRetention, res) || gapUnknown(g, inventory.FieldKMSKey, res) {
				return true
			}
			var missing []string
			if g.RetentionDays == 0 {
				missing = append(missing, "keeps logs forever (no retention)")
			}
			if g.KMSKey == "" {
				missing = append(missing, "has no KMS key")
			}
			if len(missing) > 0 {
				res.fail("custom log group " + name + " of " + f.Label() + " " + strings.Join(missing, " and "))
			} else {
				res.pass(fmt.Sprintf("custom log group %s keeps logs %d days and is encrypted with KMS key %s", name, g.RetentionDays, inventory.Describe(g.KMSKey)))
			}
			res.atEvidence()
			return true
		})
	},
}

var recursiveLoopAllowed = &Rule{
	ID:       "LS708",
	Name:     "recursive-loop-detection-off",
	Severity: Medium,
	Title:    "Function turns off Lambda's recursive loop detection (RecursiveLoop Allow)",
	Description: "Lambda detects a function caught in a loop through SQS, SNS, S3 or itself and, by default " +
		"(Terminate), stops invoking it after about 16 round trips and notifies you. RecursiveLoop Allow turns that " +
		"breaker off: a bug, or an attacker who can drop one crafted event into the loop, keeps the function " +
		"invoking itself at full concurrency and you pay for every invocation and message — a denial of wallet. " +
		"AWS recommends Allow only where a function writes back to the resource that invokes it by design, with " +
		"guard rails of your own. The rule fails a function whose recursion setting is Allow.",
	Remediation: Remediation{
		Text:           "Set RecursiveLoop to Terminate; where the loop is intended, keep Allow only with your own guard (a hop counter in the message, reserved concurrency, a billing alarm).",
		CLI:            "aws lambda put-function-recursion-config --function-name NAME --recursive-loop Terminate",
		CloudFormation: "RecursiveLoop: Terminate",
		Terraform:      "resource \"aws_lambda_function_recursion_config\" \"fn\" { function_name = aws_lambda_function.fn.function_name; recursive_loop = \"Terminate\" }",
	},
	References: []string{
		"https://docs.aws.amazon.com/lambda/latest/dg/invocation-recursion.html",
		"https://docs.aws.amazon.com/lambda/latest/api/API_PutFunctionRecursionConfig.html",
	},
	Compliance: []Compliance{{"OWASP Serverless Top 10", "SAS-7"}},
	Check: func(in *Input) []Result {
		return eachFunction(in, func(f *inventory.Function, res *Result) bool {
			rc := f.RecursiveLoop
			switch {
			case gapUnknown(f, inventory.FieldRecursiveLoop, res):
			case rc != nil && strings.EqualFold(rc.Loop, inventory.RecursiveLoopAllow):
				res.fail(f.Label()+" lets recursive loops run (RecursiveLoop Allow): Lambda will not stop it when it keeps invoking itself", Evidence{Label: "RecursiveLoop", Value: rc.Loop, Source: rc.Source})
				res.atEvidence()
			default:
				res.pass("Lambda stops the function when it detects a recursive loop (Terminate)")
			}
			return true
		})
	},
}
