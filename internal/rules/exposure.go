package rules

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/lambdasec/lambdasec/internal/iampolicy"
	"github.com/lambdasec/lambdasec/internal/inventory"
)

// Request contexts of the ways a function is invoked: directly (the
// Invoke API, an AWS service) and through its function URL. Keys mapped to
// nil are absent from the request.
// https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html
var (
	directInvoke = iampolicy.Context{
		"lambda:FunctionUrlAuthType":   nil,
		"lambda:InvokedViaFunctionUrl": nil,
	}
	invokeActions = []string{"lambda:InvokeFunction"}
)

func urlInvoke(authType string) iampolicy.Context {
	return iampolicy.Context{
		"lambda:FunctionUrlAuthType":   {authType},
		"lambda:InvokedViaFunctionUrl": {"true"},
	}
}

// elsewhere is added to a PASS about a function defined outside the estate:
// the estate's statements are judged, the function's others are not seen.
func elsewhere(f *inventory.Function) string {
	if !f.External {
		return ""
	}
	return " (among the statements this estate adds; " + f.Label() + " is defined elsewhere and its other statements are not seen here)"
}

// qualified names a function's qualifier for messages.
func qualified(f *inventory.Function, q string) string {
	if q == "" {
		return f.Label()
	}
	return f.Label() + ":" + inventory.Describe(q)
}

// sidOf names a grant's statement: its Sid, or its position.
func sidOf(g iampolicy.Grant) string {
	if g.Sid != "" {
		return g.Sid
	}
	return fmt.Sprintf("#%d", g.Statement+1)
}

// grantText describes a grant for evidence: who, and the statement.
func grantText(g iampolicy.Grant) string {
	return grantee(g) + ", " + statementText(g)
}

// grantee names who a grant is for.
func grantee(g iampolicy.Grant) string {
	switch {
	case g.PrincipalType == "*" && g.NotPrincipal:
		return "anyone but the NotPrincipal list"
	case g.PrincipalType == "*":
		return "anyone (Principal \"*\")"
	}
	return g.PrincipalType + " " + inventory.Describe(g.Principal)
}

// statementText names a grant's statement and what limits it: "statement
// S3Invoke; only for aws:SourceAccount 111122223333".
func statementText(g iampolicy.Grant) string {
	s := "statement " + sidOf(g)
	if len(g.Restrictions) > 0 {
		var rs []string
		for _, r := range g.Restrictions {
			rs = append(rs, describeRestriction(r))
		}
		s += "; only " + strings.Join(rs, " and ")
	}
	if len(g.Ignored) > 0 {
		s += "; conditions that do not restrict the caller: " + conditionsText(g.Ignored, "; ")
	}
	return s
}

// conditionsText writes conditions as "Operator Key value,value", joined
// by sep.
func conditionsText(cs []iampolicy.Condition, sep string) string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = fmt.Sprintf("%s %s %s", c.Operator, c.Key, strings.Join(describeAll(c.Values), ","))
	}
	return strings.Join(out, sep)
}

func describeAll(vs []string) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = inventory.Describe(v)
	}
	return out
}

func describeRestriction(r iampolicy.Restriction) string {
	vals := strings.Join(describeAll(r.Values), ", ")
	var s string
	switch r.Kind {
	case iampolicy.RestrictNetwork:
		s = fmt.Sprintf("from %s %s", r.Key, vals)
	case iampolicy.RestrictAccount:
		s = fmt.Sprintf("for %s %s", r.Key, vals)
	case iampolicy.RestrictOrganization:
		s = fmt.Sprintf("within organization %s", vals)
	default:
		s = fmt.Sprintf("with %s %s", r.Key, vals)
	}
	if r.FromDeny {
		s += fmt.Sprintf(" (enforced by Deny statement #%d)", r.Statement+1)
	}
	return s
}

// policyGrant is a grant of one resource policy of a function: the
// qualifier the policy is for, the policy, and the grant.
type policyGrant struct {
	qualifier string
	policy    *inventory.Policy
	iampolicy.Grant
}

// evidence describes the grant as evidence under label, at its statement.
func (g policyGrant) evidence(label string) Evidence {
	return Evidence{Label: label, Value: grantText(g.Grant), Source: g.policy.StatementSource(g.Statement)}
}

// analyzeFunction runs Analyze over every resource policy of f and returns
// the grants of all of them. It returns a reason instead when a policy
// cannot be read.
func analyzeFunction(in *Input, f *inventory.Function, actions []string, ctx iampolicy.Context) ([]policyGrant, string) {
	if g, ok := f.Gap(inventory.FieldPermissions); ok {
		return nil, "the resource policy could not be read: " + g.Reason
	}
	var out []policyGrant
	for i := range f.Permissions {
		rp := &f.Permissions[i]
		pol, err := in.Policy(&rp.Policy)
		if err != nil {
			return nil, fmt.Sprintf("the resource policy of %s does not parse: %v", qualified(f, rp.Qualifier), err)
		}
		acc := iampolicy.Analyze(pol, iampolicy.Query{Actions: actions, Context: ctx})
		for _, g := range acc.Grants {
			out = append(out, policyGrant{qualifier: rp.Qualifier, policy: &rp.Policy, Grant: g})
		}
	}
	return out, ""
}

// eachInvokeGrants judges every function something can invoke by the
// grants of lambda:InvokeFunction (invoked directly) in its resource
// policies; a function whose policies cannot be read is UNKNOWN.
func eachInvokeGrants(in *Input, judge func(f *inventory.Function, grants []policyGrant, res *Result) bool) []Result {
	return eachInvocable(in, func(f *inventory.Function, res *Result) bool {
		grants, why := analyzeFunction(in, f, invokeActions, directInvoke)
		if why != "" {
			res.unknown(why)
			return true
		}
		return judge(f, grants, res)
	})
}

var publicInvoke = &Rule{
	ID:       "LS101",
	Name:     "public-invoke",
	Severity: Critical,
	Title:    "Function resource policy lets anyone invoke it",
	Description: "A statement of the function's resource-based policy (or of one of its aliases or versions) " +
		"allows lambda:InvokeFunction to Principal \"*\" with no condition that restricts the caller to " +
		"known accounts, an organization or networks. Anyone with AWS credentials can then call the " +
		"function directly. lambdasec reads all statements together, as AWS does: a Deny that refuses " +
		"calls from outside an IP range or VPC endpoint, or a condition on aws:SourceAccount, " +
		"aws:SourceArn or aws:PrincipalOrgID, makes the grant restricted, not public; a StringLike \"*\", " +
		"an ...IfExists operator or a negated operator in an Allow does not.",
	Remediation: Remediation{
		Text: "Remove the public statement, or restrict it to the principals that need it (a specific account " +
			"or service principal with aws:SourceArn/aws:SourceAccount, or aws:PrincipalOrgID).",
		CLI:            "aws lambda remove-permission --function-name NAME --statement-id SID",
		CloudFormation: "AWS::Lambda::Permission: set Principal to an account or service and add SourceArn/SourceAccount or PrincipalOrgID; never Principal: '*' without them.",
		Terraform:      "aws_lambda_permission: set principal to an account or service and add source_arn/source_account or principal_org_id.",
	},
	References: []string{
		"https://docs.aws.amazon.com/lambda/latest/dg/access-control-resource-based.html",
		"https://docs.aws.amazon.com/securityhub/latest/userguide/lambda-controls.html#lambda-1",
	},
	Compliance: []Compliance{{"AWS FSBP", "Lambda.1"}, {"OWASP Serverless Top 10", "SAS-3"}},
	Check:      checkPublicInvoke,
}

func checkPublicInvoke(in *Input) []Result {
	return eachInvokeGrants(in, func(f *inventory.Function, grants []policyGrant, res *Result) bool {
		var public, limited, unsure []string
		for _, g := range grants {
			reach, _ := g.Reach(in.Estate.Account)
			ev := g.evidence(qualified(f, g.qualifier))
			switch {
			case reach == iampolicy.ReachPublic:
				public = append(public, publicStatement(f, g))
			case reach == iampolicy.ReachPublicLimited:
				limited = append(limited, ev.Value)
			case reach == iampolicy.ReachUnknown && (g.PrincipalType == "*" || g.NotPrincipal):
				unsure = append(unsure, strings.Join(g.Uncertain, "; "))
			default:
				continue
			}
			res.Evidence = append(res.Evidence, ev)
		}
		switch {
		case len(public) > 0:
			msg := fmt.Sprintf("anyone can invoke %s: %s", f.Label(), public[0])
			if len(public) > 1 {
				msg += fmt.Sprintf(" (and %d more public statements)", len(public)-1)
			}
			res.fail(msg)
			res.atEvidence()
		case len(unsure) > 0:
			res.unknown("a statement for Principal \"*\" has a condition lambdasec cannot judge: " + unsure[0])
		case len(limited) > 0:
			res.pass("public statements are restricted: " + strings.Join(limited, "; ") + elsewhere(f))
		default:
			res.pass("no statement lets anyone invoke the function" + elsewhere(f))
		}
		return true
	})
}

// publicStatement says how a public grant of f lets anyone invoke it.
func publicStatement(f *inventory.Function, g policyGrant) string {
	why := " with no condition that restricts the caller"
	if len(g.Ignored) > 0 {
		why = "; its conditions (" + conditionsText(g.Ignored, "; ") + ") do not restrict the caller"
	}
	return fmt.Sprintf("statement %s of %s grants lambda:InvokeFunction to Principal \"*\"%s", sidOf(g.Grant), qualified(f, g.qualifier), why)
}

var crossAccountInvoke = &Rule{
	ID:       "LS102",
	Name:     "cross-account-invoke",
	Severity: High,
	Title:    "Function can be invoked from accounts that are not trusted",
	Description: "The function's resource-based policy lets principals of other AWS accounts invoke it " +
		"(named in Principal, or admitted through aws:SourceAccount/aws:PrincipalAccount conditions), and " +
		"those accounts are not listed as trusted with --trusted-account or in .lambdasec.yaml.",
	Remediation: Remediation{
		Text:           "Remove the statements for accounts that should not call the function, or record the accounts you trust with --trusted-account.",
		CLI:            "aws lambda remove-permission --function-name NAME --statement-id SID",
		CloudFormation: "Remove the AWS::Lambda::Permission whose Principal is the foreign account.",
		Terraform:      "Remove the aws_lambda_permission whose principal is the foreign account.",
	},
	References: []string{"https://docs.aws.amazon.com/lambda/latest/dg/permissions-function-cross-account.html"},
	Compliance: []Compliance{{"OWASP Serverless Top 10", "SAS-3"}},
	Check:      checkCrossAccountInvoke,
}

func checkCrossAccountInvoke(in *Input) []Result {
	return eachInvokeGrants(in, func(f *inventory.Function, grants []policyGrant, res *Result) bool {
		foreign := map[string]bool{}
		var unsure []string
		for _, g := range grants {
			reach, accts := g.Reach(in.Estate.Account)
			if reach == iampolicy.ReachUnknown && g.PrincipalType == "AWS" {
				unsure = append(unsure, strings.Join(g.Uncertain, "; "))
				continue
			}
			if reach != iampolicy.ReachCrossAccount && reach != iampolicy.ReachServiceSource {
				continue
			}
			untrusted := in.untrusted(accts)
			for _, a := range untrusted {
				foreign[a] = true
			}
			if len(untrusted) > 0 || (reach == iampolicy.ReachCrossAccount && len(accts) == 0) {
				res.Evidence = append(res.Evidence, g.evidence(qualified(f, g.qualifier)))
			}
		}
		switch {
		case len(res.Evidence) > 0:
			msg := f.Label() + " can be invoked by federated or canonical-user principals outside the account"
			if len(foreign) > 0 {
				msg = fmt.Sprintf("%s can be invoked from untrusted accounts %s", f.Label(), strings.Join(slices.Sorted(maps.Keys(foreign)), ", "))
			}
			res.fail(msg)
			res.atEvidence()
		case len(unsure) > 0:
			res.unknown("a principal's account cannot be told: " + unsure[0])
		default:
			res.pass("no untrusted account can invoke the function" + elsewhere(f))
		}
		return true
	})
}

var serviceWithoutSource = &Rule{
	ID:       "LS103",
	Name:     "service-invoke-without-source",
	Severity: Medium,
	Title:    "Service principal may invoke the function on behalf of any account (confused deputy)",
	Description: "A statement lets an AWS service principal (s3.amazonaws.com, sns.amazonaws.com, " +
		"apigateway.amazonaws.com...) invoke the function without an aws:SourceArn or aws:SourceAccount " +
		"condition that pins the source to resources of a known account. Any customer of that service " +
		"can then point their own bucket, topic or API at the function. A SourceArn of " +
		"arn:aws:s3:::* or a StringLike \"*\" restricts nothing.",
	Remediation: Remediation{
		Text:           "Add SourceArn (the exact bucket, topic, rule or API) and, for S3, SourceAccount to the permission.",
		CLI:            "aws lambda add-permission --function-name NAME --statement-id SID --action lambda:InvokeFunction --principal s3.amazonaws.com --source-arn arn:aws:s3:::BUCKET --source-account ACCOUNT",
		CloudFormation: "AWS::Lambda::Permission: add SourceArn: !GetAtt Bucket.Arn and SourceAccount: !Ref AWS::AccountId.",
		Terraform:      "aws_lambda_permission: add source_arn and source_account.",
	},
	References: []string{
		"https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html",
		"https://docs.aws.amazon.com/lambda/latest/dg/access-control-resource-based.html",
	},
	Compliance: []Compliance{{"OWASP Serverless Top 10", "SAS-3"}},
	Check:      checkServiceWithoutSource,
}

func checkServiceWithoutSource(in *Input) []Result {
	return eachInvokeGrants(in, func(f *inventory.Function, grants []policyGrant, res *Result) bool {
		var services, unpinned []string // service principals: all, and those with no source
		var first policyGrant
		var unsure []string
		for _, g := range grants {
			if g.PrincipalType != "Service" {
				continue
			}
			services = append(services, g.Principal)
			reach, _ := g.Reach(in.Estate.Account)
			switch reach {
			case iampolicy.ReachServiceNoSource:
				if len(res.Evidence) == 0 {
					first = g
				}
				if svc := inventory.Describe(g.Principal); !slices.Contains(unpinned, svc) {
					unpinned = append(unpinned, svc)
				}
				res.Evidence = append(res.Evidence, g.evidence(qualified(f, g.qualifier)))
			case iampolicy.ReachUnknown:
				unsure = append(unsure, strings.Join(g.Uncertain, "; "))
			}
		}
		switch {
		case len(unpinned) > 0:
			res.fail(fmt.Sprintf("%s may invoke %s on behalf of any of its customers: %s has no aws:SourceArn or aws:SourceAccount that pins the source",
				strings.Join(unpinned, " and "), f.Label(), statementText(first.Grant)))
			res.atEvidence()
		case len(unsure) > 0:
			res.unknown(unsure[0])
		case len(services) == 0:
			return false
		default:
			res.pass("every service permission names its source" + elsewhere(f))
		}
		return true
	})
}

var functionURLNoAuth = &Rule{
	ID:         "LS104",
	Name:       "function-url-no-auth",
	Severity:   High,
	Severities: []Severity{Low, Medium, Critical},
	Title:      "Function URL has no authentication (AuthType NONE)",
	Description: "A function URL with AuthType NONE skips IAM authentication: whether the internet can call " +
		"it then depends only on the resource-based policy. Since October 2025 a new public URL needs " +
		"both lambda:InvokeFunctionUrl and lambda:InvokeFunction granted to everyone; the finding says " +
		"which of the two the policy grants, so a URL that anyone can call today is told apart from one " +
		"that is one AddPermission away from it.",
	Remediation: Remediation{
		Text:           "Use AuthType AWS_IAM and sign requests (or put CloudFront with origin access control in front), or authenticate inside the function if the endpoint must be public.",
		CLI:            "aws lambda update-function-url-config --function-name NAME --auth-type AWS_IAM",
		CloudFormation: "AWS::Lambda::Url / SAM FunctionUrlConfig: AuthType: AWS_IAM",
		Terraform:      "aws_lambda_function_url: authorization_type = \"AWS_IAM\"",
	},
	References: []string{
		"https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html",
		"https://docs.aws.amazon.com/securityhub/latest/userguide/lambda-controls.html#lambda-1",
	},
	Compliance: []Compliance{{"AWS FSBP", "Lambda.1"}, {"OWASP Serverless Top 10", "SAS-2"}},
	Check:      checkFunctionURLNoAuth,
}

// publicFor reports whether a function's policy for qualifier q has a
// public grant for the actions in the context, and the evidence.
func publicFor(in *Input, f *inventory.Function, q string, actions []string, ctx iampolicy.Context) (bool, []Evidence, string) {
	grants, why := analyzeFunction(in, f, actions, ctx)
	if why != "" {
		return false, nil, why
	}
	var ev []Evidence
	for _, g := range grants {
		if g.qualifier != q {
			continue
		}
		reach, _ := g.Reach(in.Estate.Account)
		switch {
		case reach == iampolicy.ReachPublic:
			ev = append(ev, g.evidence(strings.Join(actions, ",")))
		case reach == iampolicy.ReachUnknown && g.PrincipalType == "*":
			return false, nil, strings.Join(g.Uncertain, "; ")
		}
	}
	return len(ev) > 0, ev, ""
}

// eachURL judges every function URL of the functions something can
// invoke. A function whose URLs could not be listed (ListFunctionUrlConfigs
// failed or was denied) gets one UNKNOWN result instead: whether it has a
// URL at all is then unknown, which is not the same as having none.
func eachURL(in *Input, judge func(f *inventory.Function, u *inventory.FunctionURL, res *Result)) []Result {
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
			res := functionResult(f)
			res.Kind, res.Source = KindFunctionURL, u.Source
			if u.Qualifier != "" {
				res.Resource += ":" + u.Qualifier
			}
			judge(f, u, &res)
			out = append(out, res)
		}
	}
	return out
}

func checkFunctionURLNoAuth(in *Input) []Result {
	return eachURL(in, func(f *inventory.Function, u *inventory.FunctionURL, res *Result) {
		switch {
		case gapUnknown(f, inventory.FieldURLs, res):
		case u.AuthType != "NONE":
			res.pass(fmt.Sprintf("the URL of %s uses AuthType %s", qualified(f, u.Qualifier), u.AuthType))
		default:
			judgeAuthNone(in, f, u, res)
		}
	})
}

// judgeAuthNone judges a URL with AuthType NONE by what the resource
// policy grants everyone through the URL.
func judgeAuthNone(in *Input, f *inventory.Function, u *inventory.FunctionURL, res *Result) {
	name := qualified(f, u.Qualifier)
	ctx := urlInvoke("NONE")
	urlPublic, ev1, why1 := publicFor(in, f, u.Qualifier, []string{"lambda:InvokeFunctionUrl"}, ctx)
	fnPublic, ev2, why2 := publicFor(in, f, u.Qualifier, invokeActions, ctx)
	if why1 != "" || why2 != "" {
		res.unknown("AuthType NONE, but who the resource policy admits cannot be told: " + why1 + why2)
		return
	}
	var msg string
	switch {
	case urlPublic && fnPublic:
		res.Severity = sev(Critical)
		msg = fmt.Sprintf("anyone on the internet can call the URL of %s: AuthType NONE and the resource policy grants lambda:InvokeFunctionUrl and lambda:InvokeFunction to everyone", name)
	case urlPublic:
		msg = fmt.Sprintf("the URL of %s has AuthType NONE and grants lambda:InvokeFunctionUrl to everyone; URLs created since October 2025 also need lambda:InvokeFunction for everyone, which is not granted, so such a URL refuses anonymous calls (older URLs may not)", name)
	case fnPublic:
		res.Severity = sev(Medium)
		msg = fmt.Sprintf("the URL of %s has AuthType NONE; the policy grants lambda:InvokeFunction via the URL to everyone but not lambda:InvokeFunctionUrl, so anonymous calls get 403 until that permission is added", name)
	case f.External:
		msg = fmt.Sprintf("the URL of %s has AuthType NONE; no statement of this estate grants public access, and the function is defined elsewhere, so whether its own policy does cannot be seen here", name)
	default:
		res.Severity = sev(Low)
		msg = fmt.Sprintf("the URL of %s has AuthType NONE but no statement grants the public access it needs: anonymous calls get 403 today, and one AddPermission makes it public", name)
	}
	res.fail(msg, append([]Evidence{{Label: "AuthType", Value: "NONE", Source: u.Source}}, append(ev1, ev2...)...)...)
}

var functionURLCORS = &Rule{
	ID:       "LS105",
	Name:     "function-url-cors-any-origin",
	Severity: Medium,
	Title:    "Function URL CORS allows any origin",
	Description: "The function URL's CORS configuration allows every origin (\"*\"), so any web page a user " +
		"visits can call the function from their browser and read the response.",
	Remediation: Remediation{
		Text:           "List the exact origins that need the URL in AllowOrigins.",
		CLI:            "aws lambda update-function-url-config --function-name NAME --cors AllowOrigins=https://app.example.com",
		CloudFormation: "AWS::Lambda::Url Cors.AllowOrigins: [https://app.example.com]",
		Terraform:      "aws_lambda_function_url cors { allow_origins = [\"https://app.example.com\"] }",
	},
	References: []string{"https://docs.aws.amazon.com/lambda/latest/dg/urls-configuration.html#urls-cors"},
	Compliance: []Compliance{{"OWASP Serverless Top 10", "SAS-3"}},
	Check:      checkFunctionURLCORS,
}

func checkFunctionURLCORS(in *Input) []Result {
	return eachURL(in, func(f *inventory.Function, u *inventory.FunctionURL, res *Result) {
		switch {
		case u.CORS == nil:
			res.pass("no CORS configuration: browsers only allow same-origin calls")
		case slices.Contains(u.CORS.AllowOrigins, "*"):
			msg := fmt.Sprintf("the URL of %s allows requests from any origin", qualified(f, u.Qualifier))
			if u.CORS.AllowCredentials {
				msg += " (AllowCredentials is also set; browsers refuse that pair, but the intent is unsafe)"
			}
			res.fail(msg, Evidence{Label: "AllowOrigins", Value: strings.Join(u.CORS.AllowOrigins, ", "), Source: u.CORS.Source})
			res.Source = u.CORS.Source
		default:
			res.pass("CORS allows only " + strings.Join(u.CORS.AllowOrigins, ", "))
		}
	})
}

var layerExposure = &Rule{
	ID:       "LS106",
	Name:     "layer-public-or-untrusted",
	Severity: High,
	Title:    "Layer version can be used by anyone or by untrusted accounts",
	Description: "The layer version's permissions let every AWS account, or accounts not listed as trusted, " +
		"use (lambda:GetLayerVersion) the layer. Anyone who can read the layer can read any code, " +
		"configuration or credentials packaged in it.",
	Remediation: Remediation{
		Text:           "Remove the public or foreign grant, or share with an organization (OrganizationId) instead of everyone.",
		CLI:            "aws lambda remove-layer-version-permission --layer-name NAME --version-number N --statement-id SID",
		CloudFormation: "AWS::Lambda::LayerVersionPermission: Principal: an account ID, or Principal: '*' with OrganizationId.",
		Terraform:      "aws_lambda_layer_version_permission: principal = account ID, or organization_id with principal = \"*\".",
	},
	References: []string{"https://docs.aws.amazon.com/lambda/latest/dg/permissions-layer-cross-account.html"},
	Compliance: []Compliance{{"OWASP Serverless Top 10", "SAS-6"}},
	Check:      checkLayerExposure,
}

func checkLayerExposure(in *Input) []Result {
	return eachLayer(in, func(l *inventory.Layer, res *Result) bool {
		switch {
		case gapUnknown(l, inventory.FieldPermissions, res):
		case l.Policy == nil:
			res.pass("the layer is not shared")
		default:
			judgeLayerPolicy(in, l, res)
		}
		return true
	})
}

// judgeLayerPolicy judges who a layer's permissions let use it.
func judgeLayerPolicy(in *Input, l *inventory.Layer, res *Result) {
	pol, err := in.Policy(l.Policy)
	if err != nil {
		res.unknown("the layer policy does not parse: " + err.Error())
		return
	}
	acc := iampolicy.Analyze(pol, iampolicy.Query{Actions: []string{"lambda:GetLayerVersion"}})
	var bad, unsure []string
	for _, g := range acc.Grants {
		reach, accts := g.Reach(in.Estate.Account)
		ev := Evidence{Label: "lambda:GetLayerVersion", Value: grantText(g), Source: l.Policy.StatementSource(g.Statement)}
		switch reach {
		case iampolicy.ReachPublic, iampolicy.ReachPublicLimited:
			bad = append(bad, "every AWS account")
			res.Evidence = append(res.Evidence, ev)
		case iampolicy.ReachCrossAccount:
			for _, a := range in.untrusted(accts) {
				bad = append(bad, "account "+a)
				res.Evidence = append(res.Evidence, ev)
			}
		case iampolicy.ReachUnknown:
			unsure = append(unsure, strings.Join(g.Uncertain, "; "))
		}
	}
	switch {
	case len(bad) > 0:
		res.fail(fmt.Sprintf("layer %s can be used by %s", l.Label(), strings.Join(bad, ", ")))
		res.Source = res.Evidence[0].Source
	case len(unsure) > 0:
		res.unknown("who the layer is shared with cannot be told: " + unsure[0])
	default:
		res.pass("the layer is shared only with trusted accounts or an organization")
	}
}
