package rules

import (
	"fmt"
	"sort"
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

// functionResult starts a result for function f; a function defined
// outside the estate is marked DefinedElsewhere.
func functionResult(f *inventory.Function) Result {
	return Result{Resource: f.ID, Kind: "function", Label: f.Label(), Source: f.Source, Skips: f.Skips, Functions: []string{f.ID},
		DefinedElsewhere: f.External}
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
	who := g.Principal
	if g.PrincipalType == "*" {
		who = "anyone (Principal \"*\")"
		if g.NotPrincipal {
			who = "anyone but the NotPrincipal list"
		}
	} else {
		who = g.PrincipalType + " " + inventory.Describe(g.Principal)
	}
	sid := g.Sid
	if sid == "" {
		sid = fmt.Sprintf("#%d", g.Statement+1)
	}
	s := fmt.Sprintf("%s, statement %s", who, sid)
	if len(g.Restrictions) > 0 {
		var rs []string
		for _, r := range g.Restrictions {
			rs = append(rs, describeRestriction(r))
		}
		s += "; only " + strings.Join(rs, " and ")
	}
	if len(g.Ignored) > 0 {
		var cs []string
		for _, c := range g.Ignored {
			cs = append(cs, fmt.Sprintf("%s %s %s", c.Operator, c.Key, strings.Join(describeAll(c.Values), ",")))
		}
		s += "; conditions that do not restrict the caller: " + strings.Join(cs, "; ")
	}
	return s
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

// statementSource returns where statement i of a resource policy is.
func statementSource(p *inventory.Policy, i int) inventory.Source { return p.StatementSource(i) }

// analyzed is the analysis of one resource policy of a function.
type analyzed struct {
	qualifier string
	policy    *inventory.Policy
	grants    []iampolicy.Grant
}

// analyzeFunction runs Analyze over every resource policy of f. It returns
// a reason instead when a policy cannot be read.
func analyzeFunction(in *Input, f *inventory.Function, actions []string, ctx iampolicy.Context) ([]analyzed, string) {
	if g, ok := f.Gap(inventory.FieldPermissions); ok {
		return nil, "the resource policy could not be read: " + g.Reason
	}
	var out []analyzed
	for i := range f.Permissions {
		rp := &f.Permissions[i]
		pol, err := in.Policy(&rp.Policy)
		if err != nil {
			return nil, fmt.Sprintf("the resource policy of %s does not parse: %v", qualified(f, rp.Qualifier), err)
		}
		acc := iampolicy.Analyze(pol, iampolicy.Query{Actions: actions, Context: ctx})
		out = append(out, analyzed{qualifier: rp.Qualifier, policy: &rp.Policy, grants: acc.Grants})
	}
	return out, ""
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
	var out []Result
	for _, f := range in.Estate.InvocableFunctions() {
		res := functionResult(f)
		all, why := analyzeFunction(in, f, invokeActions, directInvoke)
		if why != "" {
			res.Status, res.Message = Unknown, why
			out = append(out, res)
			continue
		}
		var public, limited, unsure []string
		for _, a := range all {
			for _, g := range a.grants {
				reach, _ := g.Reach(in.Estate.Account)
				ev := Evidence{Label: qualified(f, a.qualifier), Value: grantText(g), Source: statementSource(a.policy, g.Statement)}
				switch {
				case reach == iampolicy.ReachPublic:
					why := "with no condition that restricts the caller"
					if len(g.Ignored) > 0 {
						var cs []string
						for _, c := range g.Ignored {
							cs = append(cs, fmt.Sprintf("%s %s %s", c.Operator, c.Key, strings.Join(describeAll(c.Values), ",")))
						}
						why = "; its conditions (" + strings.Join(cs, "; ") + ") do not restrict the caller"
					}
					public = append(public, fmt.Sprintf("statement %s of %s grants lambda:InvokeFunction to Principal \"*\" %s", sidOf(g), qualified(f, a.qualifier), why))
					res.Evidence = append(res.Evidence, ev)
				case reach == iampolicy.ReachPublicLimited:
					limited = append(limited, ev.Value)
					res.Evidence = append(res.Evidence, ev)
				case reach == iampolicy.ReachUnknown && (g.PrincipalType == "*" || g.NotPrincipal):
					unsure = append(unsure, strings.Join(g.Uncertain, "; "))
					res.Evidence = append(res.Evidence, ev)
				}
			}
		}
		switch {
		case len(public) > 0:
			res.Status = Fail
			res.Message = fmt.Sprintf("anyone can invoke %s: %s", f.Label(), strings.Replace(public[0], " \"*\" ;", " \"*\";", 1))
			if len(public) > 1 {
				res.Message += fmt.Sprintf(" (and %d more public statements)", len(public)-1)
			}
			if src := res.Evidence[0].Source; src.Line > 0 {
				res.Source = src
			}
		case len(unsure) > 0:
			res.Status = Unknown
			res.Message = "a statement for Principal \"*\" has a condition lambdasec cannot judge: " + unsure[0]
		case len(limited) > 0:
			res.Status = Pass
			res.Message = "public statements are restricted: " + strings.Join(limited, "; ") + elsewhere(f)
		default:
			res.Status = Pass
			res.Message = "no statement lets anyone invoke the function" + elsewhere(f)
		}
		out = append(out, res)
	}
	return out
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
	var out []Result
	for _, f := range in.Estate.InvocableFunctions() {
		res := functionResult(f)
		all, why := analyzeFunction(in, f, invokeActions, directInvoke)
		if why != "" {
			res.Status, res.Message = Unknown, why
			out = append(out, res)
			continue
		}
		foreign := map[string]bool{}
		var unsure []string
		for _, a := range all {
			for _, g := range a.grants {
				reach, accts := g.Reach(in.Estate.Account)
				if reach == iampolicy.ReachUnknown && g.PrincipalType == "AWS" {
					unsure = append(unsure, strings.Join(g.Uncertain, "; "))
					continue
				}
				if reach != iampolicy.ReachCrossAccount && reach != iampolicy.ReachServiceSource {
					continue
				}
				var untrusted []string
				for _, acct := range accts {
					if !in.trusted(acct) {
						untrusted = append(untrusted, acct)
						foreign[acct] = true
					}
				}
				if len(untrusted) > 0 || (reach == iampolicy.ReachCrossAccount && len(accts) == 0) {
					res.Evidence = append(res.Evidence, Evidence{Label: qualified(f, a.qualifier), Value: grantText(g), Source: statementSource(a.policy, g.Statement)})
				}
			}
		}
		switch {
		case len(res.Evidence) > 0:
			res.Status = Fail
			accts := make([]string, 0, len(foreign))
			for a := range foreign {
				accts = append(accts, a)
			}
			sort.Strings(accts)
			res.Message = fmt.Sprintf("%s can be invoked from untrusted accounts %s", f.Label(), strings.Join(accts, ", "))
			if len(accts) == 0 {
				res.Message = f.Label() + " can be invoked by federated or canonical-user principals outside the account"
			}
			if src := res.Evidence[0].Source; src.Line > 0 {
				res.Source = src
			}
		case len(unsure) > 0:
			res.Status, res.Message = Unknown, "a principal's account cannot be told: "+unsure[0]
		default:
			res.Status, res.Message = Pass, "no untrusted account can invoke the function"+elsewhere(f)
		}
		out = append(out, res)
	}
	return out
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
	var out []Result
	for _, f := range in.Estate.InvocableFunctions() {
		all, why := analyzeFunction(in, f, invokeActions, directInvoke)
		res := functionResult(f)
		if why != "" {
			res.Status, res.Message = Unknown, why
			out = append(out, res)
			continue
		}
		services := 0
		var unsure []string
		for _, a := range all {
			for _, g := range a.grants {
				if g.PrincipalType != "Service" {
					continue
				}
				services++
				reach, _ := g.Reach(in.Estate.Account)
				switch reach {
				case iampolicy.ReachServiceNoSource:
					res.Evidence = append(res.Evidence, Evidence{Label: qualified(f, a.qualifier), Value: grantText(g), Source: statementSource(a.policy, g.Statement)})
				case iampolicy.ReachUnknown:
					unsure = append(unsure, strings.Join(g.Uncertain, "; "))
				}
			}
		}
		switch {
		case len(res.Evidence) > 0:
			res.Status = Fail
			res.Message = fmt.Sprintf("%s may invoke %s on behalf of any of its customers: %s has no aws:SourceArn or aws:SourceAccount that pins the source", svcList(res.Evidence), f.Label(), res.Evidence[0].Value[strings.LastIndex(res.Evidence[0].Value, "statement "):])
			if src := res.Evidence[0].Source; src.Line > 0 {
				res.Source = src
			}
		case len(unsure) > 0:
			res.Status, res.Message = Unknown, unsure[0]
		case services == 0:
			continue
		default:
			res.Status, res.Message = Pass, "every service permission names its source"+elsewhere(f)
		}
		out = append(out, res)
	}
	return out
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
	all, why := analyzeFunction(in, f, actions, ctx)
	if why != "" {
		return false, nil, why
	}
	var ev []Evidence
	public := false
	for _, a := range all {
		if a.qualifier != q {
			continue
		}
		for _, g := range a.grants {
			reach, _ := g.Reach(in.Estate.Account)
			switch reach {
			case iampolicy.ReachPublic:
				public = true
				ev = append(ev, Evidence{Label: strings.Join(actions, ","), Value: grantText(g), Source: statementSource(a.policy, g.Statement)})
			case iampolicy.ReachUnknown:
				if g.PrincipalType == "*" {
					return false, nil, strings.Join(g.Uncertain, "; ")
				}
			}
		}
	}
	return public, ev, ""
}

// urlsUnread returns an UNKNOWN result for f when its function URLs could
// not be listed (ListFunctionUrlConfigs failed or was denied): whether it
// has a URL at all is then unknown, which is not the same as having none.
func urlsUnread(f *inventory.Function) (Result, bool) {
	g, ok := f.Gap(inventory.FieldURLs)
	if !ok || len(f.URLs) > 0 {
		return Result{}, false
	}
	res := functionResult(f)
	res.Status, res.Message = Unknown, "the function URLs of "+f.Label()+" could not be listed: "+g.Reason
	return res, true
}

func checkFunctionURLNoAuth(in *Input) []Result {
	var out []Result
	for _, f := range in.Estate.InvocableFunctions() {
		if res, ok := urlsUnread(f); ok {
			out = append(out, res)
			continue
		}
		for _, u := range f.URLs {
			res := functionResult(f)
			res.Kind = "function-url"
			res.Resource = f.ID
			if u.Qualifier != "" {
				res.Resource += ":" + u.Qualifier
			}
			res.Source = u.Source
			name := qualified(f, u.Qualifier)
			if g, ok := f.Gap(inventory.FieldURLs); ok {
				res.Status, res.Message = Unknown, g.Reason
				out = append(out, res)
				continue
			}
			if u.AuthType != "NONE" {
				res.Status, res.Message = Pass, fmt.Sprintf("the URL of %s uses AuthType %s", name, u.AuthType)
				out = append(out, res)
				continue
			}
			ctx := urlInvoke("NONE")
			urlPublic, ev1, why1 := publicFor(in, f, u.Qualifier, []string{"lambda:InvokeFunctionUrl"}, ctx)
			fnPublic, ev2, why2 := publicFor(in, f, u.Qualifier, invokeActions, ctx)
			if why1 != "" || why2 != "" {
				res.Status, res.Message = Unknown, "AuthType NONE, but who the resource policy admits cannot be told: "+why1+why2
				out = append(out, res)
				continue
			}
			res.Status = Fail
			res.Evidence = append(append(res.Evidence, Evidence{Label: "AuthType", Value: "NONE", Source: u.Source}), append(ev1, ev2...)...)
			switch {
			case urlPublic && fnPublic:
				res.Severity = sev(Critical)
				res.Message = fmt.Sprintf("anyone on the internet can call the URL of %s: AuthType NONE and the resource policy grants lambda:InvokeFunctionUrl and lambda:InvokeFunction to everyone", name)
			case urlPublic:
				res.Message = fmt.Sprintf("the URL of %s has AuthType NONE and grants lambda:InvokeFunctionUrl to everyone; URLs created since October 2025 also need lambda:InvokeFunction for everyone, which is not granted, so such a URL refuses anonymous calls (older URLs may not)", name)
			case fnPublic:
				res.Severity = sev(Medium)
				res.Message = fmt.Sprintf("the URL of %s has AuthType NONE; the policy grants lambda:InvokeFunction via the URL to everyone but not lambda:InvokeFunctionUrl, so anonymous calls get 403 until that permission is added", name)
			case f.External:
				res.Message = fmt.Sprintf("the URL of %s has AuthType NONE; no statement of this estate grants public access, and the function is defined elsewhere, so whether its own policy does cannot be seen here", name)
			default:
				res.Severity = sev(Low)
				res.Message = fmt.Sprintf("the URL of %s has AuthType NONE but no statement grants the public access it needs: anonymous calls get 403 today, and one AddPermission makes it public", name)
			}
			out = append(out, res)
		}
	}
	return out
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
	var out []Result
	for _, f := range in.Estate.InvocableFunctions() {
		if res, ok := urlsUnread(f); ok {
			out = append(out, res)
			continue
		}
		for _, u := range f.URLs {
			res := functionResult(f)
			res.Kind = "function-url"
			if u.Qualifier != "" {
				res.Resource += ":" + u.Qualifier
			}
			res.Source = u.Source
			switch {
			case u.CORS == nil:
				res.Status, res.Message = Pass, "no CORS configuration: browsers only allow same-origin calls"
			case contains(u.CORS.AllowOrigins, "*"):
				res.Status = Fail
				res.Source = u.CORS.Source
				res.Evidence = []Evidence{{Label: "AllowOrigins", Value: strings.Join(u.CORS.AllowOrigins, ", "), Source: u.CORS.Source}}
				res.Message = fmt.Sprintf("the URL of %s allows requests from any origin", qualified(f, u.Qualifier))
				if u.CORS.AllowCredentials {
					res.Message += " (AllowCredentials is also set; browsers refuse that pair, but the intent is unsafe)"
				}
			default:
				res.Status, res.Message = Pass, "CORS allows only "+strings.Join(u.CORS.AllowOrigins, ", ")
			}
			out = append(out, res)
		}
	}
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
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
	var out []Result
	for _, l := range in.Estate.Layers {
		res := Result{Resource: l.ID, Kind: "layer", Label: l.Label(), Source: l.Source, Skips: l.Skips}
		if g, ok := l.Gap(inventory.FieldPermissions); ok {
			res.Status, res.Message = Unknown, g.Reason
			out = append(out, res)
			continue
		}
		if l.Policy == nil {
			res.Status, res.Message = Pass, "the layer is not shared"
			out = append(out, res)
			continue
		}
		pol, err := in.Policy(l.Policy)
		if err != nil {
			res.Status, res.Message = Unknown, "the layer policy does not parse: "+err.Error()
			out = append(out, res)
			continue
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
				for _, a := range accts {
					if !in.trusted(a) {
						bad = append(bad, "account "+a)
						res.Evidence = append(res.Evidence, ev)
					}
				}
			case iampolicy.ReachUnknown:
				unsure = append(unsure, strings.Join(g.Uncertain, "; "))
			}
		}
		switch {
		case len(bad) > 0:
			res.Status = Fail
			res.Message = fmt.Sprintf("layer %s can be used by %s", l.Label(), strings.Join(bad, ", "))
			res.Source = res.Evidence[0].Source
		case len(unsure) > 0:
			res.Status, res.Message = Unknown, "who the layer is shared with cannot be told: "+unsure[0]
		default:
			res.Status, res.Message = Pass, "the layer is shared only with trusted accounts or an organization"
		}
		out = append(out, res)
	}
	return out
}

// svcList names the services in LS103 evidence ("Service s3.amazonaws.com, statement X").
func svcList(ev []Evidence) string {
	var out []string
	for _, e := range ev {
		svc, _, _ := strings.Cut(strings.TrimPrefix(e.Value, "Service "), ",")
		if !contains(out, svc) {
			out = append(out, svc)
		}
	}
	return strings.Join(out, " and ")
}
